#include "walcheckpointer.h"

#include "relaylog.h"

#include <sqlite3.h>

namespace confab::relay {

WalCheckpointer::WalCheckpointer(sqlite3 *writer, int thresholdPages)
    : m_writer(writer), m_threshold(qMax(1, thresholdPages))
{
    const char *file = sqlite3_db_filename(writer, "main");
    m_thread = std::thread([this, path = QByteArray(file ? file : "")] { run(path); });
    sqlite3_wal_hook(m_writer, &WalCheckpointer::afterCommit, this);
}

WalCheckpointer::~WalCheckpointer()
{
    sqlite3_wal_autocheckpoint(m_writer, kDefaultPages); // replaces the hook
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

int WalCheckpointer::afterCommit(void *self, sqlite3 *db, const char *schema, int pages)
{
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    if (pages >= checkpointer->m_threshold * kFallbackFactor) {
        // Far behind: the writer catches up itself, as SQLite would have, long ago.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        ++checkpointer->m_onWriter;
        return SQLITE_OK;
    }
    if (pages >= checkpointer->m_threshold) {
        {
            std::lock_guard lock(checkpointer->m_mutex);
            checkpointer->m_wanted = true;
        }
        checkpointer->m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::run(const QByteArray &path)
{
    sqlite3 *own = nullptr;
    if (path.isEmpty() || sqlite3_open_v2(path.constData(), &own, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        qCWarning(lcRelayStore).noquote() << "the checkpoint thread cannot open" << QString::fromUtf8(path) << ":"
                                          << (own ? QString::fromUtf8(sqlite3_errmsg(own)) : QString())
                                          << "- the relay checkpoints on its event loop";
        sqlite3_close(own);
        own = nullptr;
    }
    if (own)
        sqlite3_busy_timeout(own, 1000);
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_wanted || m_stopping; });
        if (m_stopping)
            break;
        m_wanted = false;
        if (!own)
            continue; // the fallback in afterCommit() does it
        lock.unlock();
        const int result = sqlite3_wal_checkpoint_v2(own, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        if (result == SQLITE_OK)
            ++m_onThread;
        else if (result != SQLITE_BUSY)
            qCWarning(lcRelayStore).noquote() << "checkpoint failed:" << QString::fromUtf8(sqlite3_errmsg(own));
        lock.lock();
    }
    lock.unlock();
    sqlite3_close(own);
}

} // namespace confab::relay
