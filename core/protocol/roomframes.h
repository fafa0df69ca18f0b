#pragma once

#include "fieldvalues.h"
#include "streamid.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::protocol {

// Frames about who is where: rooms and their members, direct conversations, the stream list,
// and presence.

struct CreateRoom {
    QString id = {};
    QString name = {}; // without the `room:` prefix
    RoomVisibility visibility = RoomVisibility::Public;
    QString title = {}; // <= kMaxRoomTitleLength; empty = none
    friend bool operator==(const CreateRoom &, const CreateRoom &) = default;
};

struct Invite {
    QString id = {};
    QString stream = {}; // room:<name>
    QString user = {};
    friend bool operator==(const Invite &, const Invite &) = default;
};

struct Join {
    QString id = {};
    QString stream = {};
    friend bool operator==(const Join &, const Join &) = default;
};

struct Leave {
    QString id = {};
    QString stream = {};
    friend bool operator==(const Leave &, const Leave &) = default;
};

// A membership change, stored in the room or dm itself and in user:<user> of the user concerned.
// `targetStream` is the room or dm the change is about (equal to `stream` in the room's copy).
struct Member {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
    QString sender = {}; // the acting user (the inviter, the joiner...)
    QString clientMsgId = {}; // empty: made by the relay
    QString targetStream = {};
    QString user = {};
    MemberAction action = MemberAction::Joined;
    friend bool operator==(const Member &, const Member &) = default;
};

struct ListMembers {
    QString id = {};
    QString stream = {};
    friend bool operator==(const ListMembers &, const ListMembers &) = default;
};

struct MemberInfo {
    QString user = {};
    PresenceStatus status = PresenceStatus::Offline;
    std::optional<qint64> lastSeen = {};
    friend bool operator==(const MemberInfo &, const MemberInfo &) = default;
};

struct Members {
    QString id = {};
    QString stream = {};
    QList<MemberInfo> members = {};
    friend bool operator==(const Members &, const Members &) = default;
};

struct ListStreams {
    QString id = {};
    friend bool operator==(const ListStreams &, const ListStreams &) = default;
};

struct StreamSummary {
    QString stream = {};
    StreamKind kind = StreamKind::Room;
    QString title = {}; // empty = none
    std::optional<RoomVisibility> visibility = {}; // rooms only
    bool member = false;
    QString epoch = {};
    qint64 seq = 0; // the head
    friend bool operator==(const StreamSummary &, const StreamSummary &) = default;
};

struct Streams {
    QString id = {};
    QList<StreamSummary> streams = {};
    friend bool operator==(const Streams &, const Streams &) = default;
};

// Open (creating on first use) the dm of the sender and `members`.
struct OpenDm {
    QString id = {};
    QStringList members = {}; // 1..kMaxDmMembers-1 user names; the sender may be among them
    friend bool operator==(const OpenDm &, const OpenDm &) = default;
};

// Ephemeral: never acknowledged, stored or replayed. Only online and away may be set.
struct SetPresence {
    QString id = {}; // optional
    PresenceStatus status = PresenceStatus::Online;
    friend bool operator==(const SetPresence &, const SetPresence &) = default;
};

struct Presence {
    QString user = {};
    PresenceStatus status = PresenceStatus::Online;
    std::optional<qint64> lastSeen = {}; // with offline
    friend bool operator==(const Presence &, const Presence &) = default;
};

} // namespace confab::protocol
