#pragma once

#include "attachment.h"

#include <QString>

#include <optional>

namespace confab::protocol {

// Frames of conversations: posting, editing, deleting, reacting, read markers and typing.
// Stored events (relay -> client) carry the common fields stream, epoch, seq, ts, sender and
// client_msg_id as direct members, in that order, followed by their own fields. `target` is the
// seq of the event acted on.

struct Send {
    QString id = {};
    QString stream = {};
    QString clientMsgId = {}; // idempotency key, unique per user
    QString text = {};        // markdown
    std::optional<qint64> replyTo = {}; // seq of the message answered
    std::optional<Attachment> attachment = {}; // a file uploaded to the relay beforehand
    friend bool operator==(const Send &, const Send &) = default;
};

// A chat message as stored in a stream.
struct Message {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0; // commit time at the relay, ms since the Unix epoch
    QString sender = {};
    QString clientMsgId = {};
    QString text = {};
    std::optional<qint64> replyTo = {};
    std::optional<Attachment> attachment = {}; // a file uploaded to the relay beforehand
    friend bool operator==(const Message &, const Message &) = default;
};

struct Edit {
    QString id = {};
    QString stream = {};
    QString clientMsgId = {};
    qint64 target = 0; // seq of one of the sender's own messages
    QString text = {};
    friend bool operator==(const Edit &, const Edit &) = default;
};

struct Edited {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {};
    qint64 target = 0;
    QString text = {};
    friend bool operator==(const Edited &, const Edited &) = default;
};

struct Delete {
    QString id = {};
    QString stream = {};
    QString clientMsgId = {};
    qint64 target = 0;
    friend bool operator==(const Delete &, const Delete &) = default;
};

struct Deleted {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {};
    qint64 target = 0;
    friend bool operator==(const Deleted &, const Deleted &) = default;
};

struct React {
    QString id = {};
    QString stream = {};
    QString clientMsgId = {};
    qint64 target = 0;
    QString emoji = {};       // 1..kMaxEmojiLength characters
    bool remove = false; // take the sender's reaction back
    friend bool operator==(const React &, const React &) = default;
};

struct Reaction {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {};
    qint64 target = 0;
    QString emoji = {};
    bool remove = false;
    friend bool operator==(const Reaction &, const Reaction &) = default;
};

// Move the user's read marker of `stream` forward to `seq`.
struct MarkRead {
    QString id = {};
    QString stream = {};
    qint64 seq = 0;
    friend bool operator==(const MarkRead &, const MarkRead &) = default;
};

// A read marker, stored in user:<me> so that every desktop of the user agrees.
// `stream` is user:<me>; the marker is for targetStream, up to target.
struct Read {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {};
    QString clientMsgId = {}; // usually empty: mark_read has none
    QString targetStream = {};
    qint64 target = 0;
    friend bool operator==(const Read &, const Read &) = default;
};

// Ephemeral: never acknowledged, stored or replayed.
struct SetTyping {
    QString id = {}; // optional
    QString stream = {};
    bool active = false;
    friend bool operator==(const SetTyping &, const SetTyping &) = default;
};

struct Typing {
    QString stream = {};
    QString user = {};
    bool active = false;
    friend bool operator==(const Typing &, const Typing &) = default;
};

} // namespace confab::protocol
