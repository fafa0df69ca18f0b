#pragma once

#include "protocol/notificationframes.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::client {

// What the local store hands out: rows shaped for the UI, not wire frames. Times are ms since
// the Unix epoch (relay clock).

struct StoredMessage {
    QString stream;
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender;
    QString clientMsgId;
    QString text;                  // the latest text (after edits); empty when deleted
    std::optional<qint64> replyTo;
    bool edited = false;
    bool deleted = false;
    QHash<QString, QStringList> reactions; // emoji -> users, in the order they reacted
    std::optional<protocol::Attachment> attachment; // a file on the relay (download it with its url)
    friend bool operator==(const StoredMessage &, const StoredMessage &) = default;
};

struct StoredNotification {
    QString stream; // topic:<name>
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender;
    QString clientMsgId;
    QString title;
    QString body;
    int priority = protocol::kDefaultPriority;
    QStringList tags;
    QString click;
    QString icon;
    QList<protocol::NotificationAction> actions;
    std::optional<qint64> expiresAt;
    bool dismissed = false;
    std::optional<protocol::Attachment> attachment; // a file on the relay (download it with its url)
    friend bool operator==(const StoredNotification &, const StoredNotification &) = default;
};

// One row of the persistent outbox: a request that creates a stored event, kept from before it
// is first sent until the relay acknowledges it (then removed) or the user discards it.
struct OutboxEntry {
    enum class State {
        Sending, // waiting to be sent or for its ack (also: across restarts)
        Failed,  // the relay refused it for good; `error` says why; retry() or discard()
    };
    qint64 id = 0;            // the store's own, increasing: the send order
    QString key;              // client_msg_id, or a local id for mark_read / dismiss
    QString stream;
    QByteArray frame;         // the request as encoded by protocol::encode() (empty request id)
    State state = State::Sending;
    QString error;            // plain words, with Failed
    QString errorCode;        // protocol error code name, with Failed (e.g. "forbidden")
    qint64 createdAt = 0;     // local clock, ms since the Unix epoch
    QString text;             // send/edit: the text, so the UI can show a pending message
    friend bool operator==(const OutboxEntry &, const OutboxEntry &) = default;
};

// One full-text search hit, across messages and notifications.
struct SearchHit {
    enum class Kind { Message, Notification };
    Kind kind = Kind::Message;
    QString stream;
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender;
    QString snippet;          // a short excerpt with the matches between \x02 and \x03 markers
    double rank = 0;          // lower is better (FTS5 bm25)
    friend bool operator==(const SearchHit &, const SearchHit &) = default;
};

// Per stream: where the cache stands.
struct StreamCacheState {
    QString epoch;
    qint64 cursor = 0;              // highest seq applied (subscribe resumes after it)
    qint64 oldestCached = 0;        // lowest seq cached contiguously up to cursor (0 = none)
    bool olderOnRelay = true;       // history before oldestCached may exist on the relay
    qint64 readMarker = 0;          // my read marker in this stream (from user:<me>)
    int unread = 0;                 // messages from others above readMarker
    friend bool operator==(const StreamCacheState &, const StreamCacheState &) = default;
};

} // namespace confab::client
