#include "messagetype.h"

#include <array>

namespace confab::protocol {
namespace {

constexpr std::array kMessageTypes{
    MessageTypeInfo{MessageType::Hello, "hello", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Welcome, "welcome", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Subscribe, "subscribe", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Send, "send", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Ack, "ack", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Message, "message", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Error, "error", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Unsubscribe, "unsubscribe", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Synced, "synced", Direction::RelayToClient},
    MessageTypeInfo{MessageType::History, "history", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Edit, "edit", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Edited, "edited", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Delete, "delete", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Deleted, "deleted", Direction::RelayToClient},
    MessageTypeInfo{MessageType::React, "react", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Reaction, "reaction", Direction::RelayToClient},
    MessageTypeInfo{MessageType::MarkRead, "mark_read", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Read, "read", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Publish, "publish", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Notification, "notification", Direction::RelayToClient},
    MessageTypeInfo{MessageType::Dismiss, "dismiss", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Dismissed, "dismissed", Direction::RelayToClient},
    MessageTypeInfo{MessageType::SetTyping, "set_typing", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Typing, "typing", Direction::RelayToClient},
    MessageTypeInfo{MessageType::SetPresence, "set_presence", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Presence, "presence", Direction::RelayToClient},
    MessageTypeInfo{MessageType::CreateRoom, "create_room", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Invite, "invite", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Join, "join", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Leave, "leave", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Member, "member", Direction::RelayToClient},
    MessageTypeInfo{MessageType::ListMembers, "list_members", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Members, "members", Direction::RelayToClient},
    MessageTypeInfo{MessageType::ListStreams, "list_streams", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Streams, "streams", Direction::RelayToClient},
    MessageTypeInfo{MessageType::OpenDm, "open_dm", Direction::ClientToRelay},
    MessageTypeInfo{MessageType::Logout, "logout", Direction::ClientToRelay},
};

const MessageTypeInfo &infoFor(MessageType type)
{
    for (const auto &info : kMessageTypes) {
        if (info.type == type)
            return info;
    }
    Q_UNREACHABLE();
    return kMessageTypes.back();
}

} // namespace

std::span<const MessageTypeInfo> messageTypes()
{
    return kMessageTypes;
}

QString messageTypeName(MessageType type)
{
    return QString::fromLatin1(infoFor(type).name);
}

std::optional<MessageType> messageTypeFromName(QStringView name)
{
    for (const auto &info : kMessageTypes) {
        if (name == QLatin1StringView(info.name))
            return info.type;
    }
    return std::nullopt;
}

Direction messageDirection(MessageType type)
{
    return infoFor(type).direction;
}

bool isStoredEvent(MessageType type)
{
    switch (type) {
    case MessageType::Message:
    case MessageType::Edited:
    case MessageType::Deleted:
    case MessageType::Reaction:
    case MessageType::Read:
    case MessageType::Notification:
    case MessageType::Dismissed:
    case MessageType::Member:
        return true;
    default:
        return false;
    }
}

bool isEphemeral(MessageType type)
{
    switch (type) {
    case MessageType::SetTyping:
    case MessageType::Typing:
    case MessageType::SetPresence:
    case MessageType::Presence:
        return true;
    default:
        return false;
    }
}

} // namespace confab::protocol
