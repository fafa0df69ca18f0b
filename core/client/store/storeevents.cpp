// LocalStore: applying stored events from the relay, and what each one derives.
#include "localstore_p.h"
#include "protocol/messagetype.h"
#include "storedjson.h"

#include <algorithm>

namespace confab::client {

using namespace Qt::StringLiterals;
using protocol::MessageType;

namespace {

// The columns every stored event shares.
template<typename Event> EventRow eventRow(const Event &event, MessageType type)
{
    EventRow row;
    row.stream = event.stream;
    row.seq = event.seq;
    row.epoch = event.epoch;
    row.type = int(type);
    row.ts = event.ts;
    row.sender = event.sender;
    row.clientMsgId = event.clientMsgId;
    return row;
}

QVariant optionalValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace

bool LocalStore::Private::applyEdit(const QString &stream, qint64 target, qint64 seq, const QString &text)
{
    QSqlQuery &current
        = statement(u"SELECT id, edit_seq, deleted, text FROM messages WHERE stream = ? AND seq = ?"_s);
    if (!run(current, { stream, target }) || !current.next()) {
        current.finish();
        return false;
    }
    const qint64 id = current.value(0).toLongLong();
    const qint64 editSeq = current.value(1).toLongLong();
    const bool deleted = current.value(2).toBool();
    const QString oldText = current.value(3).toString();
    current.finish();
    // Pages arrive backwards: an older edit after a newer one must not win.
    if (deleted || editSeq > seq)
        return true;
    run(u"UPDATE messages SET text = ?, edited = 1, edit_seq = ? WHERE id = ?"_s,
        { textValue(text), seq, id });
    if (isIndexed(id)) { // else it is indexed later with the text it has then
        unindexMessage(id, oldText);
        indexMessage(id, text);
    }
    return true;
}

bool LocalStore::Private::applyDelete(const QString &stream, qint64 target)
{
    QSqlQuery &current = statement(u"SELECT id, deleted, text FROM messages WHERE stream = ? AND seq = ?"_s);
    if (!run(current, { stream, target }) || !current.next()) {
        current.finish();
        return false;
    }
    const qint64 id = current.value(0).toLongLong();
    const bool deleted = current.value(1).toBool();
    const QString oldText = current.value(2).toString();
    current.finish();
    if (!deleted) { // the text goes, and the search index forgets it
        run(u"UPDATE messages SET text = '', deleted = 1 WHERE id = ?"_s, { id });
        if (isIndexed(id))
            unindexMessage(id, oldText);
    }
    return true;
}

void LocalStore::Private::applyPendingTo(const QString &stream, qint64 seq)
{
    // Without INDEXED BY the planner walks the whole stream by primary key to avoid the sort:
    // quadratic over a catch-up. Few events ever target one message, so sorting them is free.
    QSqlQuery &pending = statement(u"SELECT type, seq, text FROM events INDEXED BY events_target"
                                   " WHERE stream = ? AND target = ? AND type IN (12, 14) ORDER BY seq"_s);
    struct Pending {
        int type;
        qint64 seq;
        QString text;
    };
    QList<Pending> found;
    if (run(pending, { stream, seq })) {
        while (pending.next())
            found.append(
                { pending.value(0).toInt(), pending.value(1).toLongLong(), pending.value(2).toString() });
    }
    pending.finish();
    for (const Pending &event : found) {
        if (event.type == int(MessageType::Deleted))
            applyDelete(stream, seq);
        else
            applyEdit(stream, seq, event.seq, event.text);
    }
}

bool LocalStore::apply(const protocol::Message &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    // Every event held is at or below the cursor, and an edit, deletion or reaction has a higher
    // seq than its target: nothing can be waiting for a message above the cursor (a live one).
    const auto row = d->streams.constFind(event.stream);
    const bool aboveCursor = row == d->streams.cend() || event.seq > row->cursor;
    if (d->record(eventRow(event, MessageType::Message)) != Private::Recorded::New)
        return false;
    QSqlQuery &insert
        = d->statement(u"INSERT OR IGNORE INTO messages (stream, seq, ts, sender, client_msg_id,"
                       " text, reply_to, attachment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    const bool inserted
        = d->run(insert,
              { event.stream, event.seq, event.ts, textValue(event.sender), textValue(event.clientMsgId),
                  textValue(event.text), optionalValue(event.replyTo),
                  StoredJson::fromAttachment(event.attachment) })
        && insert.numRowsAffected() == 1;
    const qint64 id = insert.lastInsertId().toLongLong();
    insert.finish();
    if (inserted) // indexed for search later (indexMessages())
        d->newestMessageId = std::max(d->newestMessageId, id);
    if (!aboveCursor)
        d->applyPendingTo(event.stream, event.seq);
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

bool LocalStore::apply(const protocol::Edited &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Edited);
    row.target = event.target;
    row.text = textValue(event.text);
    if (d->record(row) != Private::Recorded::New)
        return false;
    const bool applied = d->applyEdit(event.stream, event.target, event.seq, event.text);
    d->advance(event.stream, event.seq);
    return scope.finish(applied);
}

bool LocalStore::apply(const protocol::Deleted &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Deleted);
    row.target = event.target;
    if (d->record(row) != Private::Recorded::New)
        return false;
    const bool applied = d->applyDelete(event.stream, event.target);
    d->advance(event.stream, event.seq);
    return scope.finish(applied);
}

bool LocalStore::apply(const protocol::Reaction &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Reaction);
    row.target = event.target;
    row.text = textValue(event.emoji);
    row.flag = event.remove ? 1 : 0;
    if (d->record(row) != Private::Recorded::New)
        return false;
    // Kept per (message, emoji, user) whether or not the message is cached yet; the newest event
    // wins, so an add and its removal give the same result in either order.
    d->run(u"INSERT INTO reactions (stream, target, emoji, user, seq, present) VALUES (?, ?, ?, ?, ?, ?)"
           " ON CONFLICT (stream, target, emoji, user) DO UPDATE SET seq = excluded.seq,"
           " present = excluded.present WHERE excluded.seq > reactions.seq"_s,
        { event.stream, event.target, textValue(event.emoji), textValue(event.sender), event.seq,
            event.remove ? 0 : 1 });
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

bool LocalStore::apply(const protocol::Read &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Read);
    row.target = event.target;
    row.targetStream = textValue(event.targetStream);
    if (d->record(row) != Private::Recorded::New)
        return false;
    d->run(u"INSERT INTO read_markers (stream, target) VALUES (?, ?)"
           " ON CONFLICT (stream) DO UPDATE SET target = max(target, excluded.target)"_s,
        { textValue(event.targetStream), event.target });
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

bool LocalStore::apply(const protocol::Notification &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    if (d->record(eventRow(event, MessageType::Notification)) != Private::Recorded::New)
        return false;
    // A dismissal may have arrived first (user:<me> and the topic replay independently).
    QSqlQuery &insert = d->statement(
        u"INSERT OR IGNORE INTO notifications (stream, seq, ts, sender, client_msg_id, title, body,"
        " priority, tags, click, icon, actions, expires_at, attachment, dismissed) VALUES (?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, EXISTS (SELECT 1 FROM dismissals WHERE topic = ?"
        " AND ((all_below = 1 AND target >= ?) OR (all_below = 0 AND target = ?))))"_s);
    const bool inserted = d->run(insert,
                              { event.stream, event.seq, event.ts, textValue(event.sender),
                                  textValue(event.clientMsgId), textValue(event.title), textValue(event.body),
                                  event.priority, StoredJson::fromTags(event.tags), textValue(event.click),
                                  textValue(event.icon), StoredJson::fromActions(event.actions),
                                  optionalValue(event.expiresAt), StoredJson::fromAttachment(event.attachment),
                                  event.stream, event.seq, event.seq })
        && insert.numRowsAffected() == 1;
    const qint64 id = insert.lastInsertId().toLongLong();
    insert.finish();
    if (inserted)
        d->indexNotification(id, event.title, event.body);
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

bool LocalStore::apply(const protocol::Dismissed &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Dismissed);
    row.target = event.target;
    row.targetStream = textValue(event.targetStream);
    row.flag = event.all ? 1 : 0;
    if (d->record(row) != Private::Recorded::New)
        return false;
    const QString topic = textValue(event.targetStream);
    d->run(u"INSERT OR IGNORE INTO dismissals (topic, target, all_below) VALUES (?, ?, ?)"_s,
        { topic, event.target, event.all ? 1 : 0 });
    if (event.all) {
        d->run(u"UPDATE notifications SET dismissed = 1 WHERE stream = ? AND seq <= ? AND dismissed = 0"_s,
            { topic, event.target });
    } else {
        d->run(u"UPDATE notifications SET dismissed = 1 WHERE stream = ? AND seq = ?"_s,
            { topic, event.target });
    }
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

bool LocalStore::apply(const protocol::Member &event)
{
    if (!d->isOpen())
        return false;
    Private::Scope scope(*d);
    if (d->admit(event.stream, event.epoch) == Private::EpochVerdict::Ignore)
        return false;
    EventRow row = eventRow(event, MessageType::Member);
    row.targetStream = textValue(event.targetStream);
    row.text = textValue(event.user);
    row.flag = int(event.action);
    if (d->record(row) != Private::Recorded::New)
        return false;
    // The same change is stored in the room and in user:<user>; their seqs differ, so the relay's
    // commit time orders them.
    d->run(u"INSERT INTO members (stream, user, action, ts, seq) VALUES (?, ?, ?, ?, ?)"
           " ON CONFLICT (stream, user) DO UPDATE SET action = excluded.action, ts = excluded.ts,"
           " seq = excluded.seq WHERE excluded.ts > members.ts"
           " OR (excluded.ts = members.ts AND excluded.seq > members.seq)"_s,
        { textValue(event.targetStream), textValue(event.user), int(event.action), event.ts, event.seq });
    d->advance(event.stream, event.seq);
    return scope.finish(true);
}

} // namespace confab::client
