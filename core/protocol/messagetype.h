#pragma once

#include <QString>

#include <optional>
#include <span>

namespace confab::protocol {

// Every message type of the protocol. The table is append-only: a type keeps its name and
// number forever, new types go at the end, so old clients and relays keep understanding each other.
enum class MessageType {
    Hello = 1,     // client -> relay: protocol version and credentials; the first frame
    Welcome = 2,   // relay -> client: the session is authenticated
    Subscribe = 3, // client -> relay: receive a stream's events
    Send = 4,      // client -> relay: post a chat message to a stream
    Ack = 5,       // relay -> client: a request succeeded (for send: the message is committed)
    Message = 6,   // relay -> client: a chat message stored in a stream
    Error = 7,     // relay -> client: a request or frame failed, with a typed code
};

enum class Direction { ClientToRelay, RelayToClient };

struct MessageTypeInfo {
    MessageType type;
    const char *name;
    Direction direction;
};

// The whole table, in the order of the enum.
std::span<const MessageTypeInfo> messageTypes();

QString messageTypeName(MessageType type);
std::optional<MessageType> messageTypeFromName(QStringView name);
Direction messageDirection(MessageType type);

} // namespace confab::protocol
