#pragma once

#include "protocol/frames.h"
#include "storedevent.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace confab::relay {

// Turns a `publish` request into what the store keeps: the `notification` event appended now, or a
// scheduled notification whose payload (the publish frame itself) becomes that event when due.
// Shared by the session (publish) and the scheduler (delivery), so both build the same event.
class NotificationEvents
{
public:
    static protocol::Notification notificationFrom(const protocol::Publish &publish, const QString &sender);

    // Appends the notification now; `deliversScheduled` when it is a due scheduled one.
    static NewEvent append(const protocol::Publish &publish, const QString &sender,
        std::optional<qint64> deliversScheduled = std::nullopt);
    // Keeps the notification until publish.deliverAt.
    static NewEvent schedule(const protocol::Publish &publish, const QString &sender);

    // The publish frame back from a scheduled notification's payload; nothing if it is unreadable.
    static std::optional<protocol::Publish> publishFromPayload(const QByteArray &payload);
};

} // namespace confab::relay
