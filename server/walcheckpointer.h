#pragma once

#include <QByteArray>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace confab::relay {

// Runs the WAL checkpoints of one SQLite connection on a thread of its own, with a connection of
// its own to the same file. SQLite runs a checkpoint inside the commit that takes the WAL past
// 1,000 pages, on the writer's thread: for the relay's event store that is the event loop, and
// under load the checkpoint (reading the WAL back, writing the database file) was 7 % of the
// relay's time. Here a commit only looks at the WAL's size (sqlite3_wal_hook) and wakes the
// thread, which runs a passive checkpoint: it copies what no reader still needs and never waits
// for the writer. SQLite starts the WAL from its beginning again only when a write transaction
// begins after a checkpoint copied all of it, which a writer that never pauses rarely lets the
// thread do: once the WAL passes `kFallbackFactor` times the threshold, the writer runs the
// checkpoint itself (little is left to copy by then), and the WAL restarts. That also covers a
// thread that cannot keep up or cannot open the file.
class WalCheckpointer
{
public:
    static constexpr int kDefaultPages = 1000; // SQLite's own wal_autocheckpoint
    static constexpr int kFallbackFactor = 8;

    // Takes over the checkpoints of `writer` (its main database file).
    explicit WalCheckpointer(sqlite3 *writer, int thresholdPages = kDefaultPages);
    // Stops the thread and gives the checkpoints back to the writer.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Checkpoints the thread has run, and those the writer ran itself (the fallback).
    qint64 checkpointsOnThread() const { return m_onThread.load(); }
    qint64 checkpointsOnWriter() const { return m_onWriter.load(); }

private:
    static int afterCommit(void *self, sqlite3 *db, const char *schema, int pages);
    void run(const QByteArray &path);

    sqlite3 *m_writer;
    const int m_threshold;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_wanted = false;
    bool m_stopping = false;
    std::atomic<qint64> m_onThread { 0 };
    std::atomic<qint64> m_onWriter { 0 };
    std::thread m_thread;
};

} // namespace confab::relay
