#include "localstore_p.h"

#include <QLoggingCategory>
#include <QSqlError>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcLocalStore, "confab.client.store")
} // namespace

QSqlQuery &LocalStore::Private::statement(const QString &sql)
{
    auto it = statements.find(sql);
    if (it != statements.end())
        return *it;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        fail(u"preparing a statement"_s, query.lastError().text());
    return *statements.insert(sql, query);
}

bool LocalStore::Private::run(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    if (batchDepth > 0 && transactionFailed)
        return false; // rolled back at the end anyway; the first error is the one to report
    int index = 0;
    for (const QVariant &value : values)
        query.bindValue(index++, value);
    if (query.exec())
        return true;
    fail(query.lastQuery().left(60), query.lastError().text());
    return false;
}

bool LocalStore::Private::run(const QString &sql, std::initializer_list<QVariant> values)
{
    QSqlQuery &query = statement(sql);
    const bool ok = run(query, values);
    query.finish();
    return ok;
}

void LocalStore::Private::fail(const QString &what, const QString &reason)
{
    lastError = u"The local database %1 failed (%2): %3"_s.arg(path, what, reason);
    qCWarning(lcLocalStore).noquote() << lastError;
    if (batchDepth > 0)
        transactionFailed = true;
}

void LocalStore::Private::begin()
{
    if (batchDepth++ > 0)
        return;
    // lastError() speaks of the latest write: after apply() returned false, an empty one means
    // "a duplicate", a non-empty one "not saved".
    lastError.clear();
    transactionFailed = false;
    if (!db.transaction())
        fail(u"starting a transaction"_s, db.lastError().text());
}

bool LocalStore::Private::end()
{
    if (batchDepth <= 0) {
        batchDepth = 0;
        return true;
    }
    if (batchDepth > 1) {
        --batchDepth;
        return !transactionFailed;
    }
    flushStreams(); // still inside the transaction: a failure here dooms it too
    batchDepth = 0;
    if (!transactionFailed) {
        if (db.commit())
            return true;
        fail(u"committing"_s, db.lastError().text());
    }
    transactionFailed = false;
    const QString reason = lastError;
    db.rollback();
    dirtyStreams.clear();
    if (const std::optional<QString> error = loadState())
        fail(u"reading the cursors again after a failed write"_s, *error);
    else
        lastError = reason; // the failure that undid the write
    return false;
}

std::optional<QString> LocalStore::Private::loadStreams()
{
    streams.clear();
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    if (!rows.exec(u"SELECT id, stream, epoch, cursor, oldest_cached, older_on_relay FROM streams"_s))
        return rows.lastError().text();
    while (rows.next()) {
        StreamRow row;
        row.id = rows.value(0).toLongLong();
        row.epoch = rows.value(2).toString();
        row.cursor = rows.value(3).toLongLong();
        row.oldestCached = rows.value(4).toLongLong();
        row.olderOnRelay = rows.value(5).toBool();
        streams.insert(rows.value(1).toString(), row);
    }
    return std::nullopt;
}

StreamRow &LocalStore::Private::ensureStream(const QString &stream, const QString &epoch)
{
    auto it = streams.find(stream);
    if (it != streams.end())
        return *it;
    StreamRow row;
    row.epoch = epoch;
    QSqlQuery &insert = statement(u"INSERT INTO streams (stream, epoch) VALUES (?, ?)"_s);
    if (run(insert, { stream, textValue(epoch) }))
        row.id = insert.lastInsertId().toLongLong();
    insert.finish();
    if (!epoch.isEmpty())
        rememberEpoch(stream, epoch);
    return *streams.insert(stream, row);
}

void LocalStore::Private::rememberEpoch(const QString &stream, const QString &epoch)
{
    run(u"INSERT OR IGNORE INTO stream_epochs (stream, epoch) VALUES (?, ?)"_s, { stream, epoch });
}

void LocalStore::Private::saveStream(const QString &stream)
{
    // Written once per transaction, not once per event of a catch-up.
    dirtyStreams.insert(stream);
}

void LocalStore::Private::flushStreams()
{
    for (const QString &stream : std::as_const(dirtyStreams)) {
        const auto it = streams.constFind(stream);
        if (it == streams.cend())
            continue; // forgotten meanwhile
        run(u"UPDATE streams SET epoch = ?, cursor = ?, oldest_cached = ?, older_on_relay = ? WHERE stream = ?"_s,
            { textValue(it->epoch), it->cursor, it->oldestCached, it->olderOnRelay ? 1 : 0, stream });
    }
    dirtyStreams.clear();
    if (searchStateDirty) {
        run(u"UPDATE search_state SET indexed_up_to = ? WHERE name = 'messages'"_s, { indexedUpTo });
        searchStateDirty = false;
    }
}

std::optional<QString> LocalStore::Private::loadSearchState()
{
    searchStateDirty = false;
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT (SELECT indexed_up_to FROM search_state WHERE name = 'messages'),"
                    " (SELECT coalesce(max(id), 0) FROM messages)"_s)
        || !query.next())
        return query.lastError().text();
    indexedUpTo = query.value(0).toLongLong();
    newestMessageId = query.value(1).toLongLong();
    return std::nullopt;
}

void LocalStore::Private::indexWaiting(int limit)
{
    if (!hasWaiting())
        return;
    qint64 upTo = newestMessageId;
    if (limit > 0) {
        QSqlQuery &last
            = statement(u"SELECT max(id) FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?)"_s);
        if (run(last, { indexedUpTo, limit }) && last.next() && !last.value(0).isNull())
            upTo = last.value(0).toLongLong();
        last.finish();
    }
    // The text as it is now (edited meanwhile or not); deleted messages stay out, as always.
    if (run(u"INSERT INTO message_fts (rowid, text) SELECT id, text FROM messages"
            " WHERE id > ? AND id <= ? AND deleted = 0"_s,
            { indexedUpTo, upTo })) {
        indexedUpTo = upTo;
        searchStateDirty = true;
    }
}

LocalStore::Private::EpochVerdict LocalStore::Private::admit(const QString &stream, const QString &epoch)
{
    auto it = streams.find(stream);
    if (it == streams.end()) {
        ensureStream(stream, epoch);
        return EpochVerdict::Apply;
    }
    if (epoch.isEmpty() || epoch == it->epoch)
        return EpochVerdict::Apply;
    if (it->epoch.isEmpty()) {
        it->epoch = epoch;
        rememberEpoch(stream, epoch);
        saveStream(stream);
        return EpochVerdict::Apply;
    }
    // Epochs are opaque strings: an epoch seen before is an older one (a late duplicate from
    // before the reset); one never seen is the relay's new history, which replaces ours.
    QSqlQuery &seen = statement(u"SELECT 1 FROM stream_epochs WHERE stream = ? AND epoch = ?"_s);
    const bool known = run(seen, { stream, epoch }) && seen.next();
    seen.finish();
    if (known)
        return EpochVerdict::Ignore;
    dropCachedEvents(stream);
    StreamRow &row = *it;
    row.epoch = epoch;
    row.cursor = 0;
    row.oldestCached = 0;
    row.olderOnRelay = true;
    rememberEpoch(stream, epoch);
    saveStream(stream);
    return EpochVerdict::Apply;
}

void LocalStore::Private::dropCachedEvents(const QString &stream)
{
    // Only what the index holds: a deleted message left it already (applyDelete), and telling
    // FTS5 to forget a document it does not have corrupts its counts. Notifications are never
    // removed from the index before this.
    run(u"INSERT INTO message_fts (message_fts, rowid, text)"
        " SELECT 'delete', id, text FROM messages WHERE stream = ? AND deleted = 0 AND id <= ?"_s,
        { stream, indexedUpTo });
    run(u"INSERT INTO notification_fts (notification_fts, rowid, title, body)"
        " SELECT 'delete', id, title, body FROM notifications WHERE stream = ?"_s,
        { stream });
    for (const QString &table :
        { u"events"_s, u"messages"_s, u"reactions"_s, u"notifications"_s, u"members"_s })
        run(u"DELETE FROM %1 WHERE stream = ?"_s.arg(table), { stream });
    // New messages get ids above the highest left; those must count as not yet indexed.
    QSqlQuery &newest = statement(u"SELECT coalesce(max(id), 0) FROM messages"_s);
    if (run(newest) && newest.next())
        newestMessageId = newest.value(0).toLongLong();
    newest.finish();
    if (indexedUpTo > newestMessageId) {
        indexedUpTo = newestMessageId;
        searchStateDirty = true;
    }
}

void LocalStore::Private::indexMessage(qint64 id, const QString &text)
{
    run(u"INSERT INTO message_fts (rowid, text) VALUES (?, ?)"_s, { id, textValue(text) });
}

void LocalStore::Private::unindexMessage(qint64 id, const QString &text)
{
    run(u"INSERT INTO message_fts (message_fts, rowid, text) VALUES ('delete', ?, ?)"_s,
        { id, textValue(text) });
}

void LocalStore::Private::indexNotification(qint64 id, const QString &title, const QString &body)
{
    run(u"INSERT INTO notification_fts (rowid, title, body) VALUES (?, ?, ?)"_s,
        { id, textValue(title), textValue(body) });
}

LocalStore::Private::Recorded LocalStore::Private::record(const EventRow &event)
{
    QSqlQuery &insert = statement(
        u"INSERT OR IGNORE INTO events (stream, seq, epoch, type, ts, sender, client_msg_id, target,"
        " target_stream, text, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    const bool ok = run(insert,
        { event.stream, event.seq, textValue(event.epoch), event.type, event.ts, textValue(event.sender),
            textValue(event.clientMsgId), event.target, event.targetStream, event.text, event.flag });
    const bool inserted = ok && insert.numRowsAffected() == 1;
    insert.finish();
    if (!ok)
        return Recorded::Failed;
    return inserted ? Recorded::New : Recorded::Duplicate;
}

bool LocalStore::Private::eventExists(const QString &stream, qint64 seq)
{
    QSqlQuery &query = statement(u"SELECT 1 FROM events WHERE stream = ? AND seq = ?"_s);
    const bool found = run(query, { stream, seq }) && query.next();
    query.finish();
    return found;
}

void LocalStore::Private::extendDown(const QString &stream, StreamRow &row)
{
    while (row.oldestCached > 1 && eventExists(stream, row.oldestCached - 1))
        --row.oldestCached;
    if (row.oldestCached == 1)
        row.olderOnRelay = false; // sequence numbers start at 1
}

void LocalStore::Private::advance(const QString &stream, qint64 seq)
{
    StreamRow &row = streams[stream];
    if (seq > row.cursor) {
        // Contiguous only when it follows the cursor of a cached range; a gap starts a new range.
        if (!(seq == row.cursor + 1 && row.oldestCached > 0))
            row.oldestCached = seq;
        row.cursor = seq;
        extendDown(stream, row);
    } else if (row.oldestCached == 0 ? seq == row.cursor : seq == row.oldestCached - 1) {
        row.oldestCached = seq; // a history page reaching further back
        extendDown(stream, row);
    } else {
        return;
    }
    saveStream(stream);
}

} // namespace confab::client
