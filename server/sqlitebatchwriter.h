#pragma once

#include "requestkeyfilter.h"
#include "storedevent.h"
#include "storeresult.h"
#include "streaminfo.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace confab::relay {

class SqliteStatements;

// The write side of the SQLite store: a batch of events (with their side effects) in one
// transaction, stream creation, and the idempotency lookup both share. Sequence numbers are read
// from the streams table inside the transaction, once per stream and batch, and written back
// before the commit, so a rolled-back batch leaves no counter behind to reload.
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

    SqliteStatements &m_sql;
    QHash<QString, Cursor> m_cursors; // the streams touched by the batch being written
    RequestKeyFilter m_knownKeys;
};

} // namespace confab::relay
