#pragma once

#include "protocol/fieldvalues.h"
#include "protocol/streamid.h"

#include <QString>

#include <optional>

namespace confab::relay {

// A stream as the store knows it. Sequence numbers start at 1; an empty stream has lastSeq 0.
// firstSeq is the oldest seq retention still keeps (lastSeq + 1 once everything was pruned), so a
// client whose cursor is below firstSeq - 1 has missed events that are gone.
struct StreamInfo {
    QString id = {}; // e.g. room:general
    protocol::StreamKind kind = protocol::StreamKind::Room;
    protocol::RoomVisibility visibility = protocol::RoomVisibility::Public; // meaningful for rooms
    QString title = {};     // empty = none
    QString epoch = {};     // random, fixed at creation; changes only when the history is reset
    qint64 firstSeq = 1;
    qint64 lastSeq = 0;
    QString createdBy = {}; // empty when made by the admin CLI or lazily by the relay
    qint64 created = 0; // ms since the Unix epoch
    friend bool operator==(const StreamInfo &, const StreamInfo &) = default;
};

// What creating a stream needs; the kind follows from the id's prefix.
struct NewStream {
    QString id = {};
    protocol::RoomVisibility visibility = protocol::RoomVisibility::Public;
    QString title = {};
    QString createdBy = {};
};

// Membership of a room or dm. Leaving removes the membership altogether.
enum class MemberState { Invited, Joined };

struct Member {
    QString user = {};
    MemberState state = MemberState::Joined;
    qint64 since = 0; // when the state was last set, ms since the Unix epoch
    std::optional<qint64> lastSeen = {}; // the user's, from the users table
    friend bool operator==(const Member &, const Member &) = default;
};

// A stream a user can see (EventStore::listStreams) and the user's membership of it, if any.
struct StreamListing {
    StreamInfo info = {};
    std::optional<MemberState> membership = {};
};

} // namespace confab::relay
