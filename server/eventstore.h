#pragma once

#include "retentionpolicy.h"
#include "storedevent.h"
#include "storeresult.h"
#include "streaminfo.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

// Durable storage of users, streams, memberships and their events. Routing and sessions only see
// this interface, so a PostgreSQL store can join SQLite without touching them. Every method that
// returns successfully has committed its writes: a caller may acknowledge right after. Times are
// ms since the Unix epoch. Implementations are used from one thread (the relay's event loop).
class EventStore
{
public:
    virtual ~EventStore() = default;

    virtual void close() = 0;

    // ---- users
    // false: the user already exists (nothing changed).
    virtual StoreResult<bool> addUser(const QString &name, const QByteArray &passwordHash) = 0;
    // The user's encoded password hash, or nothing for an unknown user.
    virtual StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) = 0;
    virtual StoreResult<bool> userExists(const QString &name) = 0;
    // false: no such user.
    virtual StoreResult<bool> setLastSeen(const QString &name, qint64 time) = 0;
    // Nothing for an unknown user or one never seen.
    virtual StoreResult<std::optional<qint64>> lastSeen(const QString &name) = 0;

    // ---- streams
    // false: the stream already exists (nothing changed). The kind follows from the id's prefix.
    virtual StoreResult<bool> createStream(const NewStream &stream) = 0;
    StoreResult<bool> createStream(const QString &id) { return createStream(NewStream{id, {}, {}, {}}); }
    virtual StoreResult<std::optional<StreamInfo>> stream(const QString &id) = 0;
    // What `user` may see: rooms the user is a member of (or invited to), public rooms, the user's
    // dms, all topics, and user:<user> (if it exists yet). Ordered by id.
    virtual StoreResult<QList<StreamListing>> listStreams(const QString &user) = 0;
    // Starts a new epoch: every event and scheduled notification of the stream goes, seq restarts
    // at 1. Returns the new state, or nothing for an unknown stream.
    virtual StoreResult<std::optional<StreamInfo>> resetStream(const QString &id) = 0;

    // ---- members (rooms and dms)
    // Sets (inserts or replaces) a membership.
    virtual StoreResult<bool> setMember(const QString &stream, const QString &user, MemberState state) = 0;
    // false: the user was not a member.
    virtual StoreResult<bool> removeMember(const QString &stream, const QString &user) = 0;
    virtual StoreResult<std::optional<MemberState>> memberState(const QString &stream, const QString &user) = 0;
    // Ordered by user name.
    virtual StoreResult<QList<Member>> members(const QString &stream) = 0;
    // The rooms and dms `user` has joined (invitations excluded), ordered by id.
    virtual StoreResult<QStringList> joinedStreams(const QString &user) = 0;

    // ---- read markers
    // The seq `user` has read up to in `stream`; 0 when none.
    virtual StoreResult<qint64> readMarker(const QString &user, const QString &stream) = 0;

    // ---- events
    // Commits every entry in ONE transaction and returns one outcome per entry, in order. Each
    // appended event gets its stream's next seq (consecutive within the batch) and the batch's
    // commit time as ts. An entry whose (sender, client_msg_id) is already stored, as an event or
    // as a pending scheduled notification, or earlier in the same batch, stores nothing and returns
    // the original. On an error nothing of the batch is stored.
    virtual StoreResult<QList<AppendOutcome>> appendBatch(const QList<NewEvent> &batch) = 0;
    // A batch of one.
    StoreResult<AppendOutcome> append(const NewEvent &event);
    // The earlier request of `sender` with this client_msg_id: status Duplicate with the stored
    // event, DuplicateScheduled with the pending scheduled notification, or nothing.
    virtual StoreResult<std::optional<AppendOutcome>> findRequest(const QString &sender,
                                                                 const QString &clientMsgId) = 0;
    // One event (for checking the target of edit, delete, react...): nothing when unknown or pruned.
    virtual StoreResult<std::optional<StoredEvent>> event(const QString &stream, qint64 seq) = 0;
    // Up to `limit` retained, unexpired events with seq > afterSeq, oldest first.
    virtual StoreResult<EventPage> eventsAfter(const QString &stream, qint64 afterSeq, int limit) = 0;
    // Up to `limit` retained, unexpired events with seq < beforeSeq (from the head when nothing),
    // the newest such ones, returned oldest first.
    virtual StoreResult<EventPage> eventsBefore(const QString &stream, std::optional<qint64> beforeSeq,
                                                int limit) = 0;

    // ---- retention
    // Removes events beyond the policy in every stream (raising first_seq) and notifications
    // expired at `now` (not raising it).
    virtual StoreResult<PruneReport> prune(const RetentionPolicy &policy, qint64 now) = 0;

    // ---- scheduled notifications (stored with appendBatch and NewEvent::schedule; delivered by
    // appending the notification with NewEvent::deliversScheduled, which removes it atomically)
    // Pending ones with deliverAt <= now, earliest first, at most `limit`.
    virtual StoreResult<QList<ScheduledNotification>> dueScheduled(qint64 now, int limit) = 0;
    // The earliest pending delivery time, or nothing when none is pending.
    virtual StoreResult<std::optional<qint64>> nextScheduledTime() = 0;
};

} // namespace confab::relay
