#pragma once

#include "eventstore.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class QSqlQuery;

namespace confab::relay {

// The default store: one SQLite file, relay.db, in the data folder. WAL with synchronous=NORMAL
// keeps every commit across a crash of the process at a fraction of the cost of a full sync.
// Each instance owns a uniquely named QtSql connection, so several relays (and tests) can share
// one process. The schema is versioned; a database written by a newer relay is refused rather
// than misread.
class SqliteEventStore final : public EventStore
{
public:
    static constexpr int kSchemaVersion = 1;

    // Opens (creating if needed) relay.db in `dataDir` and migrates it to kSchemaVersion.
    static StoreResult<std::unique_ptr<SqliteEventStore>> open(const QString &dataDir);

    ~SqliteEventStore() override;
    SqliteEventStore(const SqliteEventStore &) = delete;
    SqliteEventStore &operator=(const SqliteEventStore &) = delete;

    void close() override;

    StoreResult<bool> addUser(const QString &name, const QByteArray &passwordHash) override;
    StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) override;
    StoreResult<bool> createStream(const QString &id) override;
    StoreResult<std::optional<StreamInfo>> stream(const QString &id) override;
    StoreResult<AppendResult> append(const QString &stream, const QString &sender, const QString &clientMsgId,
                                     const QString &text) override;
    StoreResult<QList<protocol::Message>> events(const QString &stream, qint64 afterSeq, int limit) override;

private:
    explicit SqliteEventStore(const QString &connectionName);

    std::optional<StoreError> configure(const QString &path);
    std::optional<StoreError> migrate();
    StoreResult<std::optional<AppendResult>> findBySender(const QString &sender, const QString &clientMsgId);
    StoreError failure(const QString &what, const QSqlQuery &query) const;
    void rollback();

    QString m_connectionName;
    QSqlDatabase m_db;
};

} // namespace confab::relay
