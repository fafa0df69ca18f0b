#pragma once

#include "errorcode.h"
#include "protocolversion.h"

#include <QString>

#include <optional>
#include <variant>

namespace confab::protocol {

// The typed content of every frame, one struct per message type. Field names follow the wire
// names (snake_case on the wire, camelCase here); docs/protocol.md is the reference.
// `id` is the request id a client chooses and the relay echoes in its reply; empty means none.

struct Hello {
    QString id;
    int protocol = kProtocolVersion;
    QString client;   // free text, e.g. "confab/0.1.0", for the relay's logs
    QString username; // auth.username
    QString password; // auth.password (never logged)
    friend bool operator==(const Hello &, const Hello &) = default;
};

struct Welcome {
    QString id;
    int protocol = kProtocolVersion;
    QString user;   // the authenticated user name
    QString server; // e.g. "confab-relay/0.1.0"
    qint64 time = 0; // relay clock, ms since the Unix epoch
    friend bool operator==(const Welcome &, const Welcome &) = default;
};

struct Subscribe {
    QString id;
    QString stream;
    std::optional<qint64> since; // deliver events after this sequence number first
    friend bool operator==(const Subscribe &, const Subscribe &) = default;
};

struct Send {
    QString id;
    QString stream;
    QString clientMsgId; // idempotency key, unique per user
    QString text;        // markdown
    friend bool operator==(const Send &, const Send &) = default;
};

// The positive reply to a request. For `send`: stream, client_msg_id, seq and ts of the committed
// message. For `subscribe`: stream, epoch and seq (the stream's newest sequence number).
struct Ack {
    QString id;
    QString stream;
    QString clientMsgId;
    QString epoch;
    qint64 seq = 0;
    qint64 ts = 0;
    friend bool operator==(const Ack &, const Ack &) = default;
};

// A chat message as stored in a stream.
struct Message {
    QString stream;
    QString epoch;
    qint64 seq = 0;
    qint64 ts = 0; // commit time at the relay, ms since the Unix epoch
    QString sender;
    QString clientMsgId;
    QString text;
    friend bool operator==(const Message &, const Message &) = default;
};

struct Error {
    QString id; // the failed request's id, when it could be read
    ErrorCode code = ErrorCode::Internal;
    QString message;               // plain words for people and logs
    std::optional<qint64> retryAfterMs; // with rate_limited
    friend bool operator==(const Error &, const Error &) = default;
};

using Frame = std::variant<Hello, Welcome, Subscribe, Send, Ack, Message, Error>;

} // namespace confab::protocol
