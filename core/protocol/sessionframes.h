#pragma once

#include "errorcode.h"
#include "protocolversion.h"

#include <QString>

#include <optional>

namespace confab::protocol {

// Frames of the session itself: authentication, subscriptions, history paging, and the generic
// replies (ack, error). Field names follow the wire names (snake_case on the wire, camelCase
// here); docs/protocol.md is the reference. `id` is the request id a client chooses and the relay
// echoes in its reply; an empty string means "absent" for every optional string field.

struct Hello {
    QString id = {};
    int protocol = kProtocolVersion;
    QString client = {};   // free text, e.g. "confab/0.1.0", for the relay's logs
    QString username = {}; // auth.username
    QString password = {}; // auth.password (never logged)
    // auth.token: a session or API token instead of username and password (never logged).
    QString token = {};
    // auth.new_token: with a password, ask for a session token in the welcome.
    bool newToken = false;
    friend bool operator==(const Hello &, const Hello &) = default;
};

// What the relay enforces on each connection (docs/protocol.md 3.1), so a client can stay below
// it instead of learning it from refusals. Zero means "not advertised".
struct RelayLimits {
    qint64 maxMessageBytes = 0; // a larger frame closes the connection (1009)
    int rateBurst = 0;          // frames the connection's token bucket holds
    double ratePerSecond = 0;   // frames refilled per second
    friend bool operator==(const RelayLimits &, const RelayLimits &) = default;
};

struct Welcome {
    QString id = {};
    int protocol = kProtocolVersion;
    QString user = {};   // the authenticated user name
    QString server = {}; // e.g. "confab-relay/0.1.0"
    qint64 time = 0; // relay clock, ms since the Unix epoch
    // A new session token, when the hello asked for one (new_token); shown only this once.
    QString token = {};
    std::optional<qint64> tokenExpires = {}; // ms since the Unix epoch, with token
    std::optional<RelayLimits> limits = {};  // absent from relays older than issue 5
    friend bool operator==(const Welcome &, const Welcome &) = default;
};

// End the session: the relay revokes the session token this connection logged in with, acks,
// and closes every connection that uses that token (1000). Without a token, only this one.
struct Logout {
    QString id = {};
    friend bool operator==(const Logout &, const Logout &) = default;
};

// Start receiving a stream. With `since`, the relay first replays the retained events after it
// (when `epoch` still matches), then says `synced`.
struct Subscribe {
    QString id = {};
    QString stream = {};
    std::optional<qint64> since = {}; // the newest seq the client already has
    QString epoch = {};               // the epoch `since` belongs to; empty = not given
    friend bool operator==(const Subscribe &, const Subscribe &) = default;
};

struct Unsubscribe {
    QString id = {};
    QString stream = {};
    friend bool operator==(const Unsubscribe &, const Unsubscribe &) = default;
};

// Ends a subscription's replay: events after this come live. `recovered` is false when the replay
// could not be exact (epoch changed, events pruned, since ahead of the head); the client then
// resyncs from history.
struct Synced {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0; // the stream's head when the replay ended
    bool recovered = false;
    friend bool operator==(const Synced &, const Synced &) = default;
};

// Page backwards through a stream: events with seq < before (or from the head), oldest first.
struct History {
    QString id = {};
    QString stream = {};
    std::optional<qint64> before = {};    // exclusive; absent = from the head
    int limit = kDefaultHistoryLimit; // 1..kMaxHistoryLimit
    friend bool operator==(const History &, const History &) = default;
};

// The positive reply to a request; which fields are set depends on the request (docs/protocol.md):
// send/edit/delete/react/publish: stream, client_msg_id, seq, ts (or scheduled + deliver_at);
// subscribe: stream, epoch, seq (head), first_seq; history: stream, epoch, seq (lowest sent),
// first_seq, has_more; mark_read/dismiss: stream (user:<me>), seq, ts; others: stream.
// Zero seq/ts and empty strings are omitted on the wire.
struct Ack {
    QString id = {};
    QString stream = {};
    QString clientMsgId = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    std::optional<qint64> firstSeq = {}; // the oldest retained seq
    std::optional<bool> hasMore = {};    // history: older events remain
    bool scheduled = false;         // publish: stored, delivered at deliverAt
    std::optional<qint64> deliverAt = {};
    friend bool operator==(const Ack &, const Ack &) = default;
};

struct Error {
    QString id = {}; // the failed request's id, when it could be read
    ErrorCode code = ErrorCode::Internal;
    QString message = {};               // plain words for people and logs
    std::optional<qint64> retryAfterMs = {}; // with rate_limited
    friend bool operator==(const Error &, const Error &) = default;
};

} // namespace confab::protocol
