#include "ntfymessage.h"

#include "storedevent.h"

#include "protocol/codec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

qint64 unixSeconds(qint64 ms)
{
    return ms / 1000;
}

QJsonArray actionsJson(const QList<protocol::NotificationAction> &actions)
{
    // ntfy's JSON action objects: http actions carry method, headers and body; every action says
    // whether it clears the notification.
    QJsonArray array;
    for (const protocol::NotificationAction &action : actions) {
        QJsonObject object{{"action"_L1, protocol::notificationActionKindName(action.action)},
                           {"label"_L1, action.label},
                           {"url"_L1, action.url},
                           {"clear"_L1, action.clear}};
        if (action.action == protocol::NotificationActionKind::Http) {
            object.insert("method"_L1, protocol::httpMethodName(action.method));
            if (!action.headers.isEmpty()) {
                QJsonObject headers;
                for (auto it = action.headers.cbegin(); it != action.headers.cend(); ++it)
                    headers.insert(it.key(), it.value());
                object.insert("headers"_L1, headers);
            }
            if (!action.body.isEmpty())
                object.insert("body"_L1, action.body);
        }
        array.append(object);
    }
    return array;
}

QJsonObject subscriptionEvent(const QString &event, const QStringList &topicNames, qint64 now)
{
    // ntfy gives these events a fresh random id; ours only needs to be distinct from message ids
    // (never parsed back), so the time in ms does.
    return QJsonObject{{"id"_L1, u"%1-%2"_s.arg(event).arg(now)},
                       {"time"_L1, unixSeconds(now)},
                       {"event"_L1, event},
                       {"topic"_L1, topicNames.join(u',')}};
}

} // namespace

QString NtfyMessage::messageId(const QString &epoch, qint64 seq)
{
    return epoch.left(kEpochPrefixLength) + u'-' + QString::number(seq);
}

std::optional<NtfyMessage::MessageId> NtfyMessage::parseMessageId(QStringView text)
{
    const qsizetype dash = text.indexOf(u'-');
    if (dash <= 0 || dash > kEpochPrefixLength || dash + 1 >= text.size())
        return std::nullopt;
    const QStringView prefix = text.left(dash);
    for (QChar c : prefix) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return std::nullopt;
    }
    const QStringView digits = text.mid(dash + 1);
    for (QChar c : digits) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 seq = digits.toLongLong(&ok);
    if (!ok || seq < 0)
        return std::nullopt;
    return MessageId{prefix.toString().toLower(), seq};
}

bool NtfyMessage::epochMatches(const MessageId &id, const QString &epoch)
{
    return !id.epochPrefix.isEmpty() && epoch.left(kEpochPrefixLength).compare(id.epochPrefix, Qt::CaseInsensitive) == 0;
}

QString NtfyMessage::topicName(const QString &streamId)
{
    return streamId.startsWith("topic:"_L1) ? streamId.mid(6) : streamId;
}

QJsonObject NtfyMessage::fromNotification(const protocol::Notification &notification)
{
    QJsonObject object{{"id"_L1, messageId(notification.epoch, notification.seq)},
                       {"time"_L1, unixSeconds(notification.ts)},
                       {"event"_L1, u"message"_s},
                       {"topic"_L1, topicName(notification.stream)},
                       {"message"_L1, notification.body}};
    if (notification.expiresAt)
        object.insert("expires"_L1, unixSeconds(*notification.expiresAt));
    if (!notification.title.isEmpty())
        object.insert("title"_L1, notification.title);
    // ntfy leaves the default priority out; scripts reading it treat a missing one as 3.
    if (notification.priority != protocol::kDefaultPriority)
        object.insert("priority"_L1, notification.priority);
    if (!notification.tags.isEmpty())
        object.insert("tags"_L1, QJsonArray::fromStringList(notification.tags));
    if (!notification.click.isEmpty())
        object.insert("click"_L1, notification.click);
    if (!notification.icon.isEmpty())
        object.insert("icon"_L1, notification.icon);
    if (!notification.actions.isEmpty())
        object.insert("actions"_L1, actionsJson(notification.actions));
    if (notification.attachment) {
        // ntfy's shape (expires in unix seconds); the url is the relay's path, fetched with the same
        // credentials as the subscription.
        const protocol::Attachment &attachment = *notification.attachment;
        object.insert("attachment"_L1,
                      QJsonObject{{"id"_L1, attachment.id},
                                  {"name"_L1, attachment.name},
                                  {"type"_L1, attachment.type},
                                  {"size"_L1, attachment.size},
                                  {"expires"_L1, unixSeconds(attachment.expires)},
                                  {"url"_L1, attachment.url}});
    }
    return object;
}

std::optional<protocol::Notification> NtfyMessage::notificationOf(const QByteArray &frame)
{
    const protocol::DecodeResult decoded = protocol::decode(frame);
    if (!decoded.ok())
        return std::nullopt;
    if (const auto *notification = std::get_if<protocol::Notification>(&decoded.frame()))
        return *notification;
    return std::nullopt;
}

std::optional<QJsonObject> NtfyMessage::fromStoredEvent(const StoredEvent &event)
{
    if (event.type != protocol::MessageType::Notification)
        return std::nullopt;
    const std::optional<protocol::Notification> notification = notificationOf(event.frame);
    if (!notification)
        return std::nullopt;
    return fromNotification(*notification);
}

QJsonObject NtfyMessage::openEvent(const QStringList &topicNames, qint64 now)
{
    return subscriptionEvent(u"open"_s, topicNames, now);
}

QJsonObject NtfyMessage::keepaliveEvent(const QStringList &topicNames, qint64 now)
{
    return subscriptionEvent(u"keepalive"_s, topicNames, now);
}

QByteArray NtfyMessage::jsonLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray NtfyMessage::sseEvent(const QJsonObject &object)
{
    const QString event = object.value("event"_L1).toString();
    QByteArray out;
    if (event == "message"_L1)
        out += "id: " + object.value("id"_L1).toString().toUtf8() + '\n';
    out += "event: " + event.toUtf8() + '\n';
    // Compact JSON never holds a raw line break (they are escaped in strings), so one data line.
    out += "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
    return out;
}

QByteArray NtfyMessage::rawLine(const QJsonObject &object)
{
    if (object.value("event"_L1).toString() != "message"_L1)
        return "\n";
    QString body = object.value("message"_L1).toString();
    body.replace(u"\r\n"_s, u" "_s);
    body.replace(u'\n', u' ');
    body.replace(u'\r', u' ');
    return body.toUtf8() + '\n';
}

} // namespace confab::relay
