#include "notificationevents.h"

#include "protocol/codec.h"

namespace confab::relay {

protocol::Notification NotificationEvents::notificationFrom(
    const protocol::Publish &publish, const QString &sender)
{
    protocol::Notification notification;
    notification.stream = publish.stream;
    notification.sender = sender;
    notification.clientMsgId = publish.clientMsgId;
    notification.body = publish.body;
    notification.title = publish.title;
    notification.priority = publish.priority.value_or(protocol::kDefaultPriority);
    notification.tags = publish.tags;
    notification.click = publish.click;
    notification.icon = publish.icon;
    notification.actions = publish.actions;
    notification.expiresAt = publish.expiresAt;
    notification.attachment = publish.attachment;
    return notification;
}

NewEvent NotificationEvents::append(
    const protocol::Publish &publish, const QString &sender, std::optional<qint64> deliversScheduled)
{
    NewEvent event;
    event.stream = publish.stream;
    event.type = protocol::MessageType::Notification;
    event.sender = sender;
    event.clientMsgId = publish.clientMsgId;
    event.expiresAt = publish.expiresAt;
    event.encode = encoderFor(notificationFrom(publish, sender));
    event.deliversScheduled = deliversScheduled;
    return event;
}

NewEvent NotificationEvents::schedule(const protocol::Publish &publish, const QString &sender)
{
    NewEvent event;
    event.stream = publish.stream;
    event.type = protocol::MessageType::Notification;
    event.sender = sender;
    event.clientMsgId = publish.clientMsgId;
    event.expiresAt = publish.expiresAt;
    event.schedule = Schedule { publish.deliverAt.value_or(0), protocol::encode(publish) };
    return event;
}

std::optional<protocol::Publish> NotificationEvents::publishFromPayload(const QByteArray &payload)
{
    const protocol::DecodeResult decoded = protocol::decode(payload);
    if (!decoded.ok() || !std::holds_alternative<protocol::Publish>(decoded.frame()))
        return std::nullopt;
    return std::get<protocol::Publish>(decoded.frame());
}

} // namespace confab::relay
