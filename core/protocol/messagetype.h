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
    Unsubscribe = 8,   // client -> relay: stop receiving a stream
    Synced = 9,        // relay -> client: a subscription's replay is over; live from here
    History = 10,      // client -> relay: older events of a stream, a page at a time
    Edit = 11,         // client -> relay: replace the text of one's own message
    Edited = 12,       // relay -> client (stored): a message's text was replaced
    Delete = 13,       // client -> relay: delete one's own message
    Deleted = 14,      // relay -> client (stored): a message was deleted
    React = 15,        // client -> relay: add or remove an emoji reaction
    Reaction = 16,     // relay -> client (stored): a reaction was added or removed
    MarkRead = 17,     // client -> relay: move one's read marker of a stream forward
    Read = 18,         // relay -> client (stored in user:<me>): a read marker moved
    Publish = 19,      // client -> relay: post (or schedule) a notification to a topic
    Notification = 20, // relay -> client (stored): a notification in a topic
    Dismiss = 21,      // client -> relay: dismiss one notification, or all up to one
    Dismissed = 22,    // relay -> client (stored in user:<me>): notifications were dismissed
    SetTyping = 23,    // client -> relay (ephemeral): the user started or stopped typing
    Typing = 24,       // relay -> client (ephemeral): someone started or stopped typing
    SetPresence = 25,  // client -> relay (ephemeral): online or away
    Presence = 26,     // relay -> client (ephemeral): someone's presence changed
    CreateRoom = 27,   // client -> relay: create a public or private room
    Invite = 28,       // client -> relay: invite a user into a room
    Join = 29,         // client -> relay: join a public room, or one invited to
    Leave = 30,        // client -> relay: leave a room
    Member = 31,       // relay -> client (stored): someone was invited, joined or left
    ListMembers = 32,  // client -> relay: who is in a stream
    Members = 33,      // relay -> client (reply): the members with their presence
    ListStreams = 34,  // client -> relay: which streams the user can see
    Streams = 35,      // relay -> client (reply): the stream list
    OpenDm = 36,       // client -> relay: open (create) a direct conversation
    Logout = 37,       // client -> relay: revoke this session's token and close its connections
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

// A stored event: committed to a stream with epoch and seq, replayed on subscribe and history.
bool isStoredEvent(MessageType type);

// Fire-and-forget frames that are never acknowledged, stored or replayed (typing, presence).
bool isEphemeral(MessageType type);

} // namespace confab::protocol
