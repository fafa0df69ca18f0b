#include "parallelsends.h"

#include <algorithm>
#include <system_error>

namespace confab::relay {

namespace {

// Calls are taken in shares of this many: few enough atomic operations, fine enough to balance.
constexpr qsizetype kShare = 32;

} // namespace

ParallelSends::ParallelSends(int helperThreads)
{
    for (int i = 0; i < helperThreads; ++i) {
        try {
            m_threads.emplace_back([this] { helperLoop(); });
        } catch (const std::system_error &) {
            break; // a process or thread limit: the helpers started so far do the work
        }
    }
}

ParallelSends::~ParallelSends()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

void ParallelSends::run(qsizetype count, const std::function<void(qsizetype)> &work)
{
    if (m_threads.empty() || count <= kShare) {
        for (qsizetype i = 0; i < count; ++i)
            work(i);
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_work = &work;
        m_count = count;
        m_next.store(0, std::memory_order_relaxed);
        m_active = 0;
        m_open = true;
        ++m_batch;
    }
    // No more helpers than there are shares beyond the caller's first.
    const qsizetype wanted = std::min<qsizetype>(qsizetype(m_threads.size()), (count + kShare - 1) / kShare - 1);
    for (qsizetype i = 0; i < wanted; ++i)
        m_wake.notify_one();
    takeShares(work, count);
    std::unique_lock lock(m_mutex);
    // Every share is taken: a helper that wakes from now on stays out of this batch, and the
    // caller waits only for those still finishing theirs (not for every helper to be scheduled).
    m_open = false;
    m_done.wait(lock, [this] { return m_active == 0; });
    m_work = nullptr;
}

void ParallelSends::helperLoop()
{
    quint64 seen = 0;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stopping || m_batch != seen; });
        if (m_stopping)
            return;
        seen = m_batch;
        if (!m_open)
            continue;
        ++m_active;
        const std::function<void(qsizetype)> *work = m_work;
        const qsizetype count = m_count;
        lock.unlock();
        takeShares(*work, count);
        lock.lock();
        if (--m_active == 0)
            m_done.notify_one();
    }
}

void ParallelSends::takeShares(const std::function<void(qsizetype)> &work, qsizetype count)
{
    for (;;) {
        const qsizetype start = m_next.fetch_add(kShare, std::memory_order_relaxed);
        if (start >= count)
            return;
        const qsizetype end = std::min(start + kShare, count);
        for (qsizetype i = start; i < end; ++i)
            work(i);
    }
}

} // namespace confab::relay
