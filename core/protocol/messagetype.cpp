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

} // namespace confab::protocol
