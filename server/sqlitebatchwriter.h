#pragma once

#include "requestkeyfilter.h"
#include "storedevent.h"
#include "storeresult.h"
#include "streaminfo.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

class SqliteStatements;

// The write side of the SQLite store: a batch of events (with their side effects) in one
// transaction, stream creation, and the idempotency lookup both share. A stream's epoch and last
// sequence number are read from the streams table the first time a batch appends to it and then
// remembered (only this connection appends events); each batch writes back the ones it moved
// before its commit. A batch that fails forgets them all, so a rolled-back number is read again.
// The statements run for every event use SQLite's API directly (SqliteStatements::direct()).
class SqliteBatchWriter
{
public:
    explicit SqliteBatchWriter(SqliteStatements &sql);

    StoreResult<QList<AppendOutcome>> write(const QList<NewEvent> &batch);

    // Outside a batch, in its own transaction.
    StoreResult<bool> createStream(const NewStream &stream);

    // The earlier request of `sender` with this client_msg_id: the stored event, else the pending
    // scheduled notification (unless it is `delivering`, which an event is about to deliver).
    StoreResult<std::optional<AppendOutcome>> findRequest(const QString &sender, const QString &clientMsgId,
                                                          std::optional<qint64> delivering = std::nullopt);

    static QString newEpoch();

    // After a change to the streams table made outside write() (a stream reset).
    void forgetCursors();

    // Idempotency keys the filter holds (0 until the first lookup loads them).
    qsizetype knownKeys() const { return m_knownKeys.size(); }

private:
    struct Cursor {
        QString epoch;
        qint64 lastSeq = 0;
        bool dirty = false;
    };

    // One entry inside the open transaction.
    StoreResult<AppendOutcome> writeOne(const NewEvent &entry, qint64 now);
    StoreResult<bool> insertStream(const NewStream &stream, qint64 now);
    StoreResult<Cursor *> cursor(const QString &stream);
    std::optional<StoreError> applyEffects(const NewEvent &entry, qint64 now);
    std::optional<StoreError> storeCursors();
    // Fills the filter with every key in the store (the relay's connection is the only one that
    // adds events or scheduled notifications; admin commands that publish go through the relay).
    void loadKnownKeys();

    // Past this many remembered streams the next batch starts over.
    static constexpr qsizetype kMaxCursors = 100'000;

    SqliteStatements &m_sql;
    QHash<QString, Cursor> m_cursors; // streams appended to, as of the last commit
    QStringList m_dirty;              // the ones the batch being written moved
    RequestKeyFilter m_knownKeys;

};

} // namespace confab::relay
