#pragma once

#include "protocol/notificationframes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace confab::relay {

struct StoredEvent;

// How the relay's HTTP API shows notifications the way ntfy does, so that ntfy's scripts and
// clients read them unchanged: a message object {"id","time","expires","event":"message","topic",
// "message","title","priority","tags","click","icon","actions","attachment"} (unix seconds, the topic without
// its "topic:" prefix, fields left out when unset as ntfy does), the open and keepalive events of
// a subscription, and the message id, which must be unique across topics and history resets and
// must lead back to a position for ?since=<id>: "<first 8 hex digits of the epoch>-<seq>".
class NtfyMessage
{
public:
    struct MessageId {
        QString epochPrefix; // the first kEpochPrefixLength characters of the stream's epoch
        qint64 seq = 0;
    };
    static constexpr qsizetype kEpochPrefixLength = 8;

    static QString messageId(const QString &epoch, qint64 seq);
    // Nothing when `text` is not an id of that form.
    static std::optional<MessageId> parseMessageId(QStringView text);
    // Whether an id's prefix names this epoch.
    static bool epochMatches(const MessageId &id, const QString &epoch);

    // "topic:alerts" -> "alerts" (anything else is returned as it is).
    static QString topicName(const QString &streamId);

    static QJsonObject fromNotification(const protocol::Notification &notification);
    // Decodes the stored frame; nothing when it is not a notification (or does not decode).
    static std::optional<QJsonObject> fromStoredEvent(const StoredEvent &event);
    static std::optional<protocol::Notification> notificationOf(const QByteArray &frame);

    // {"id","time","event":"open"|"keepalive","topic":"a,b"}; `now` in ms since the Unix epoch.
    static QJsonObject openEvent(const QStringList &topicNames, qint64 now);
    static QJsonObject keepaliveEvent(const QStringList &topicNames, qint64 now);

    // The object as one line of newline-delimited JSON (compact, ending in \n).
    static QByteArray jsonLine(const QJsonObject &object);
    // The object as one Server-Sent Event: "id: <id>\n" (messages only), "event: <event>\n",
    // "data: <compact json>\n\n", as ntfy serves it.
    static QByteArray sseEvent(const QJsonObject &object);
    // The message body as one line for /raw (line breaks become spaces); an empty line for
    // open/keepalive events, as ntfy sends.
    static QByteArray rawLine(const QJsonObject &object);
};

} // namespace confab::relay
