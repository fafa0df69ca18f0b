#pragma once

#include "attachment.h"
#include "fieldvalues.h"
#include "protocolversion.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::protocol {

// Frames of notification topics: publishing (possibly scheduled), the stored notification, and
// dismissals (stored in user:<me> so every desktop of the user clears the same ones).

// A button on a notification: open `url` (view) or make an HTTP request to it (http).
// method, headers and body belong to http actions only and are not sent for view actions.
struct NotificationAction {
    NotificationActionKind action = NotificationActionKind::View;
    QString label = {}; // 1..kMaxActionLabelLength characters
    QString url = {};   // absolute http(s), <= kMaxUrlLength
    HttpMethod method = HttpMethod::Post;
    QMap<QString, QString> headers = {}; // <= kMaxActionHeaders
    QString body = {};                   // <= kMaxActionBodyLength
    bool clear = false;             // dismiss the notification once the action ran
    friend bool operator==(const NotificationAction &, const NotificationAction &) = default;
};

struct Publish {
    QString id = {};
    QString stream = {}; // topic:<name>
    QString clientMsgId = {};
    QString body = {};  // markdown; may be empty when title is set
    QString title = {}; // <= kMaxNotificationTitleLength
    std::optional<int> priority = {}; // 1..5; absent = kDefaultPriority
    QStringList tags = {};
    QString click = {}; // URL opened when the notification is clicked
    QString icon = {};  // URL
    QList<NotificationAction> actions = {};
    std::optional<qint64> deliverAt = {}; // in the future = scheduled
    std::optional<qint64> expiresAt = {};
    std::optional<Attachment> attachment = {}; // a file uploaded to the relay beforehand
    friend bool operator==(const Publish &, const Publish &) = default;
};

struct Notification {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {};
    QString body = {};
    QString title = {};
    int priority = kDefaultPriority;
    QStringList tags = {};
    QString click = {};
    QString icon = {};
    QList<NotificationAction> actions = {};
    std::optional<qint64> expiresAt = {};
    std::optional<Attachment> attachment = {}; // a file uploaded to the relay beforehand
    friend bool operator==(const Notification &, const Notification &) = default;
};

struct Dismiss {
    QString id = {};
    QString stream = {}; // topic:<name>
    qint64 target = 0;
    bool all = false; // every notification with seq <= target
    friend bool operator==(const Dismiss &, const Dismiss &) = default;
};

// Stored in user:<me>; `stream` is user:<me>, targetStream the topic.
struct Dismissed {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {}; // usually empty: dismiss has none
    QString targetStream = {};
    qint64 target = 0;
    bool all = false;
    friend bool operator==(const Dismissed &, const Dismissed &) = default;
};

} // namespace confab::protocol
