// LocalStore: reading cached messages and notifications.
#include "localstore_p.h"
#include "storedjson.h"

#include <algorithm>
#include <limits>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

const QString kMessageColumns
    = u"stream, seq, ts, sender, client_msg_id, text, reply_to, edited, deleted, attachment FROM messages"_s;

StoredMessage messageFrom(const QSqlQuery &query)
{
    StoredMessage message;
    message.stream = query.value(0).toString();
    message.seq = query.value(1).toLongLong();
    message.ts = query.value(2).toLongLong();
    message.sender = query.value(3).toString();
    message.clientMsgId = query.value(4).toString();
    message.text = query.value(5).toString();
    if (!query.value(6).isNull())
        message.replyTo = query.value(6).toLongLong();
    message.edited = query.value(7).toBool();
    message.deleted = query.value(8).toBool();
    if (!message.deleted)
        message.attachment = StoredJson::toAttachment(query.value(9));
    return message;
}

} // namespace

void LocalStore::Private::attachReactions(QList<StoredMessage> &messages)
{
    if (messages.isEmpty())
        return;
    QHash<qint64, qsizetype> bySeq;
    for (qsizetype i = 0; i < messages.size(); ++i)
        bySeq.insert(messages.at(i).seq, i);
    QSqlQuery &query = statement(u"SELECT target, emoji, user FROM reactions WHERE stream = ?"
                                 " AND target BETWEEN ? AND ? AND present = 1 ORDER BY seq"_s);
    if (run(query, { messages.first().stream, messages.first().seq, messages.last().seq })) {
        while (query.next()) {
            const auto it = bySeq.constFind(query.value(0).toLongLong());
            if (it == bySeq.cend() || messages.at(*it).deleted)
                continue;
            messages[*it].reactions[query.value(1).toString()].append(query.value(2).toString());
        }
    }
    query.finish();
}

QList<StoredMessage> LocalStore::messages(
    const QString &stream, std::optional<qint64> before, int limit) const
{
    QList<StoredMessage> result;
    if (!d->isOpen() || limit <= 0)
        return result;
    QSqlQuery &query = d->statement(
        u"SELECT "_s + kMessageColumns + u" WHERE stream = ? AND seq < ? ORDER BY seq DESC LIMIT ?"_s);
    if (d->run(query, { stream, before.value_or(std::numeric_limits<qint64>::max()), limit })) {
        while (query.next())
            result.append(messageFrom(query));
    }
    query.finish();
    std::reverse(result.begin(), result.end());
    d->attachReactions(result);
    return result;
}

std::optional<StoredMessage> LocalStore::message(const QString &stream, qint64 seq) const
{
    if (!d->isOpen())
        return std::nullopt;
    QSqlQuery &query = d->statement(u"SELECT "_s + kMessageColumns + u" WHERE stream = ? AND seq = ?"_s);
    QList<StoredMessage> found;
    if (d->run(query, { stream, seq }) && query.next())
        found.append(messageFrom(query));
    query.finish();
    if (found.isEmpty())
        return std::nullopt;
    d->attachReactions(found);
    return found.first();
}

QList<StoredNotification> LocalStore::notifications(
    const QString &topic, bool includeDismissed, int limit) const
{
    QList<StoredNotification> result;
    if (!d->isOpen() || limit <= 0)
        return result;
    // The newest `limit`, handed out oldest first.
    QSqlQuery &query = d->statement(
        u"SELECT stream, seq, ts, sender, client_msg_id, title, body, priority, tags, click, icon, actions,"
        " expires_at, dismissed, attachment FROM notifications WHERE (? = '' OR stream = ?) AND (? = 1 OR dismissed = 0)"
        " ORDER BY ts DESC, seq DESC LIMIT ?"_s);
    if (d->run(query, { textValue(topic), textValue(topic), includeDismissed ? 1 : 0, limit })) {
        while (query.next()) {
            StoredNotification notification;
            notification.stream = query.value(0).toString();
            notification.seq = query.value(1).toLongLong();
            notification.ts = query.value(2).toLongLong();
            notification.sender = query.value(3).toString();
            notification.clientMsgId = query.value(4).toString();
            notification.title = query.value(5).toString();
            notification.body = query.value(6).toString();
            notification.priority = query.value(7).toInt();
            notification.tags = StoredJson::toTags(query.value(8).toString());
            notification.click = query.value(9).toString();
            notification.icon = query.value(10).toString();
            notification.actions = StoredJson::toActions(query.value(11).toString());
            if (!query.value(12).isNull())
                notification.expiresAt = query.value(12).toLongLong();
            notification.dismissed = query.value(13).toBool();
            notification.attachment = StoredJson::toAttachment(query.value(14));
            result.append(notification);
        }
    }
    query.finish();
    std::reverse(result.begin(), result.end());
    return result;
}

int LocalStore::messageCount(const QString &stream) const
{
    if (!d->isOpen())
        return 0;
    QSqlQuery &query = stream.isEmpty() ? d->statement(u"SELECT count(*) FROM messages"_s)
                                        : d->statement(u"SELECT count(*) FROM messages WHERE stream = ?"_s);
    int count = 0;
    if ((stream.isEmpty() ? d->run(query) : d->run(query, { stream })) && query.next())
        count = query.value(0).toInt();
    query.finish();
    return count;
}

} // namespace confab::client
