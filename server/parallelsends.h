#pragma once

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace confab::relay {

// Helper threads for a batch of independent calls that spend their time in the kernel: the
// sendmsg() of every client in one fan-out. Sending to a socket on loopback also runs the
// receiving side's TCP path and wakes its reader, about 10 us a socket; a message to 10,000
// clients is 0.1 s of one core. The relay's Qt objects all stay on the event loop's thread: the
// calls given here touch only descriptors and bytes. The calling thread takes a share too, and
// run() returns when every call has returned.
class ParallelSends
{
public:
    // helperThreads 0: run() calls everything on the calling thread. Fewer are started when the
    // system refuses more threads.
    explicit ParallelSends(int helperThreads);
    ~ParallelSends();
    ParallelSends(const ParallelSends &) = delete;
    ParallelSends &operator=(const ParallelSends &) = delete;

    int helperCount() const { return int(m_threads.size()); }
    // Calls work(i) once for every i in [0, count), on this thread and the helpers.
    void run(qsizetype count, const std::function<void(qsizetype)> &work);

private:
    void helperLoop();
    void takeShares(const std::function<void(qsizetype)> &work, qsizetype count);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    const std::function<void(qsizetype)> *m_work = nullptr;
    qsizetype m_count = 0;
    std::atomic<qsizetype> m_next { 0 };
    int m_active = 0; // helpers that joined this batch and are still in it
    bool m_open = false; // helpers may still join; closed once the caller has run out of shares
    quint64 m_batch = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace confab::relay
