#pragma once

#include "storereadcache.h"
#include "eventstore.h"

#include <QString>

#include <memory>

namespace confab::relay {

class SqliteBatchWriter;
class SqliteDatabase;
class SqliteStatements;
class WalCheckpointer;

// The default store: one SQLite file, relay.db, in the data folder. WAL with synchronous=NORMAL
// keeps every commit across a crash of the process at a fraction of the cost of a full sync.
// Each instance owns a uniquely named QtSql connection, so several relays (and tests) can share
// one process. The schema is versioned (SqliteMigrations); a database written by a newer relay
// is refused rather than misread.
class SqliteEventStore final : public EventStore
{
public:
    static constexpr int kSchemaVersion = 4;

    // Opens (creating if needed) relay.db in `dataDir` and migrates it to kSchemaVersion.
    static StoreResult<std::unique_ptr<SqliteEventStore>> open(const QString &dataDir);

    ~SqliteEventStore() override;
    SqliteEventStore(const SqliteEventStore &) = delete;
    SqliteEventStore &operator=(const SqliteEventStore &) = delete;

    void close() override;

    // PRAGMA integrity_check: "ok", or SQLite's list of problems.
    StoreResult<QString> integrityCheck();

    // The WAL checkpoints run on a thread of their own (WalCheckpointer) once the WAL holds this
    // many pages (default 1,000, as SQLite's own). For tests.
    void setCheckpointPages(int pages);
    // Checkpoints run on that thread so far (nothing when SQLite's API is not usable here).
    qint64 checkpointsOnThread() const;
    qint64 checkpointsOnWriter() const; // the fallback, when the thread fell far behind

    StoreResult<bool> addUser(const QString &name, const QByteArray &passwordHash) override;
    StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) override;
    StoreResult<bool> userExists(const QString &name) override;
    StoreResult<bool> setLastSeen(const QString &name, qint64 time) override;
    StoreResult<std::optional<qint64>> lastSeen(const QString &name) override;

    using EventStore::createStream;
    StoreResult<bool> createStream(const NewStream &stream) override;
    StoreResult<std::optional<StreamInfo>> stream(const QString &id) override;
    StoreResult<QList<StreamListing>> listStreams(const QString &user) override;
    StoreResult<std::optional<StreamInfo>> resetStream(const QString &id) override;

    StoreResult<bool> setMember(const QString &stream, const QString &user, MemberState state) override;
    StoreResult<bool> removeMember(const QString &stream, const QString &user) override;
    StoreResult<std::optional<MemberState>> memberState(const QString &stream, const QString &user) override;
    StoreResult<QList<Member>> members(const QString &stream) override;
    StoreResult<QStringList> joinedStreams(const QString &user) override;
    StoreResult<qint64> readMarker(const QString &user, const QString &stream) override;

    StoreResult<QList<AppendOutcome>> appendBatch(const QList<NewEvent> &batch) override;
    StoreResult<std::optional<AppendOutcome>> findRequest(const QString &sender, const QString &clientMsgId) override;
    StoreResult<std::optional<StoredEvent>> event(const QString &stream, qint64 seq) override;
    StoreResult<EventPage> eventsAfter(const QString &stream, qint64 afterSeq, int limit) override;
    StoreResult<EventPage> eventsBefore(const QString &stream, std::optional<qint64> beforeSeq, int limit) override;

    StoreResult<PruneReport> prune(const RetentionPolicy &policy, qint64 now) override;
    StoreResult<QList<ScheduledNotification>> dueScheduled(qint64 now, int limit) override;
    StoreResult<std::optional<qint64>> nextScheduledTime() override;

private:
    explicit SqliteEventStore(std::unique_ptr<SqliteDatabase> database);

    StoreResult<EventPage> page(const QString &sql, std::initializer_list<QVariant> values, int limit,
                                const QString &stream);

    std::unique_ptr<SqliteDatabase> m_database;
    std::unique_ptr<SqliteStatements> m_sql;
    std::unique_ptr<SqliteBatchWriter> m_writer;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // before the statements and the connection go
    StoreReadCache m_cache;
};

} // namespace confab::relay
