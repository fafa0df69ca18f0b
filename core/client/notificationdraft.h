#pragma once

#include "protocol/notificationframes.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::client {

// What a caller fills in to publish a notification to a topic: the notification's own fields,
// without the request bookkeeping (request id, client_msg_id) that ClientEngine::publish() adds.
// The relay validates it; see docs/protocol.md for the limits.
struct NotificationDraft {
    QString body;                                  // markdown; may be empty when title is set
    QString title = {};
    std::optional<int> priority = {};              // 1..5; absent = the relay's default (3)
    QStringList tags = {};
    QString click = {};                            // absolute http(s) URL
    QString icon = {};                             // absolute http(s) URL
    QList<protocol::NotificationAction> actions = {}; // at most 3
    std::optional<qint64> deliverAt = {};          // ms since the Unix epoch; in the future = scheduled
    std::optional<qint64> expiresAt = {};          // ms since the Unix epoch
    friend bool operator==(const NotificationDraft &, const NotificationDraft &) = default;
};

// The publish request for a draft: the one place that maps its fields onto the wire frame (the
// request id stays empty; every attempt gets its own).
inline protocol::Publish toPublish(const NotificationDraft &draft, const QString &topic, const QString &clientMsgId)
{
    protocol::Publish publish;
    publish.stream = topic;
    publish.clientMsgId = clientMsgId;
    publish.body = draft.body;
    publish.title = draft.title;
    publish.priority = draft.priority;
    publish.tags = draft.tags;
    publish.click = draft.click;
    publish.icon = draft.icon;
    publish.actions = draft.actions;
    publish.deliverAt = draft.deliverAt;
    publish.expiresAt = draft.expiresAt;
    return publish;
}

} // namespace confab::client
