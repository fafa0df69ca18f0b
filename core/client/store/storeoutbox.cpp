// LocalStore: the persistent outbox.
#include "localstore_p.h"

#include <QDateTime>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

const QString kOutboxColumns
    = u"id, key, stream, frame, state, error, error_code, created_at, text FROM outbox"_s;

OutboxEntry entryFrom(const QSqlQuery &query)
{
    OutboxEntry entry;
    entry.id = query.value(0).toLongLong();
    entry.key = query.value(1).toString();
    entry.stream = query.value(2).toString();
    entry.frame = query.value(3).toByteArray();
    entry.state = query.value(4).toInt() == 1 ? OutboxEntry::State::Failed : OutboxEntry::State::Sending;
    entry.error = query.value(5).toString();
    entry.errorCode = query.value(6).toString();
    entry.createdAt = query.value(7).toLongLong();
    entry.text = query.value(8).toString();
    return entry;
}

} // namespace

std::optional<OutboxEntry> LocalStore::enqueue(
    const QString &key, const QString &stream, const QByteArray &frame, const QString &text)
{
    if (!d->isOpen() || key.isEmpty())
        return std::nullopt;
    Private::Scope scope(*d);
    // The key is the idempotency key: enqueueing it again keeps the first entry and its place.
    if (auto existing = outboxEntry(key))
        return existing;
    QSqlQuery &insert
        = d->statement(u"INSERT INTO outbox (key, stream, frame, created_at, text) VALUES (?, ?, ?, ?, ?)"_s);
    const bool ok = d->run(insert,
        { key, textValue(stream), frame.isNull() ? QByteArray("") : frame,
            QDateTime::currentMSecsSinceEpoch(), textValue(text) });
    insert.finish();
    if (!ok)
        return std::nullopt;
    const std::optional<OutboxEntry> entry = outboxEntry(key);
    if (!scope.finish(true))
        return std::nullopt; // not on disk: the caller must not send it as if it were stored
    return entry;
}

QList<OutboxEntry> LocalStore::outbox() const
{
    QList<OutboxEntry> entries;
    if (!d->isOpen())
        return entries;
    QSqlQuery &query = d->statement(u"SELECT "_s + kOutboxColumns + u" ORDER BY id"_s);
    if (d->run(query)) {
        while (query.next())
            entries.append(entryFrom(query));
    }
    query.finish();
    return entries;
}

QList<OutboxEntry> LocalStore::pendingOutbox() const
{
    QList<OutboxEntry> entries;
    if (!d->isOpen())
        return entries;
    QSqlQuery &query = d->statement(u"SELECT "_s + kOutboxColumns + u" WHERE state = 0 ORDER BY id"_s);
    if (d->run(query)) {
        while (query.next())
            entries.append(entryFrom(query));
    }
    query.finish();
    return entries;
}

std::optional<OutboxEntry> LocalStore::outboxEntry(const QString &key) const
{
    if (!d->isOpen())
        return std::nullopt;
    QSqlQuery &query = d->statement(u"SELECT "_s + kOutboxColumns + u" WHERE key = ?"_s);
    std::optional<OutboxEntry> entry;
    if (d->run(query, { textValue(key) }) && query.next())
        entry = entryFrom(query);
    query.finish();
    return entry;
}

void LocalStore::acknowledge(const QString &key)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    d->run(u"DELETE FROM outbox WHERE key = ?"_s, { textValue(key) });
}

void LocalStore::markFailed(const QString &key, const QString &errorCode, const QString &error)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    d->run(u"UPDATE outbox SET state = 1, error = ?, error_code = ? WHERE key = ?"_s,
        { textValue(error), textValue(errorCode), textValue(key) });
}

bool LocalStore::retry(const QString &key)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    const std::optional<OutboxEntry> entry = outboxEntry(key);
    if (!entry || entry->state != OutboxEntry::State::Failed)
        return false;
    // A new row gets the next id (AUTOINCREMENT never reuses one): the retried request goes last.
    d->run(u"DELETE FROM outbox WHERE key = ?"_s, { key });
    const bool ok = d->run(u"INSERT INTO outbox (key, stream, frame, created_at, text) VALUES (?, ?, ?, ?, ?)"_s,
        { key, textValue(entry->stream), entry->frame.isNull() ? QByteArray("") : entry->frame,
            entry->createdAt, textValue(entry->text) });
    return scope.finish(ok);
}

bool LocalStore::discard(const QString &key)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    QSqlQuery &remove = d->statement(u"DELETE FROM outbox WHERE key = ?"_s);
    const bool removed = d->run(remove, { textValue(key) }) && remove.numRowsAffected() > 0;
    remove.finish();
    return scope.finish(removed);
}

} // namespace confab::client
