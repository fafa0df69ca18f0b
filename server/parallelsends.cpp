#include "parallelsends.h"

#include <algorithm>

namespace confab::relay {

namespace {

// Calls are taken in shares of this many: few enough atomic operations, fine enough to balance.
constexpr qsizetype kShare = 32;

} // namespace

ParallelSends::ParallelSends(int helperThreads)
{
    for (int i = 0; i < helperThreads; ++i)
        m_threads.emplace_back([this] { helperLoop(); });
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
        m_busy = int(m_threads.size());
        ++m_batch;
    }
    m_wake.notify_all();
    takeShares(work, count);
    std::unique_lock lock(m_mutex);
    // A helper that woke after the shares were gone still reports in before work goes away.
    m_done.wait(lock, [this] { return m_busy == 0; });
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
        const std::function<void(qsizetype)> *work = m_work;
        const qsizetype count = m_count;
        lock.unlock();
        takeShares(*work, count);
        lock.lock();
        if (--m_busy == 0)
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
