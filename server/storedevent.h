#pragma once

#include "streaminfo.h"

#include "protocol/codec.h"
#include "protocol/messagetype.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace confab::relay {

// One event as stored: the columns the relay filters on, and the encoded wire frame that replay
// and history send as they are, without decoding or re-encoding.
struct StoredEvent {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0; // commit time, ms since the Unix epoch
    protocol::MessageType type = protocol::MessageType::Message;
    QString sender = {};
    QString clientMsgId = {}; // empty for relay-made events
    std::optional<qint64> target = {};    // the seq acted on (edited, deleted, reaction, read, dismissed)
    std::optional<qint64> expiresAt = {}; // notifications: not replayed after this time
    QByteArray frame = {};
    friend bool operator==(const StoredEvent &, const StoredEvent &) = default;
};

// What the store decides at commit time and the frame must carry.
struct EventStamp {
    QString stream = {};
    QString epoch = {};
    qint64 seq = 0;
    qint64 ts = 0;
};

// Builds the wire frame of an event once its stamp is known. Called inside the commit, once.
using EventEncoder = std::function<QByteArray(const EventStamp &)>;

// An encoder for any stored-event frame struct (protocol::Message, Edited, Notification, Member...):
// fills in stream, epoch, seq and ts, and encodes.
template <typename StoredFrame>
EventEncoder encoderFor(StoredFrame frame)
{
    return [frame = std::move(frame)](const EventStamp &stamp) {
        StoredFrame stamped = frame;
        stamped.stream = stamp.stream;
        stamped.epoch = stamp.epoch;
        stamped.seq = stamp.seq;
        stamped.ts = stamp.ts;
        return protocol::encode(protocol::Frame(std::move(stamped)));
    };
}

// A membership change applied in the same transaction as the event recording it.
struct MemberChange {
    QString stream = {};
    QString user = {};
    std::optional<MemberState> state = {}; // nullopt: the user leaves (the membership is removed)
};

// A read marker moved in the same transaction as its `read` event. Markers only move forward: a
// lower seq than the stored one leaves the marker as it is.
struct ReadMarkerChange {
    QString user = {};
    QString stream = {};
    qint64 seq = 0;
};

// Keep the event for later instead of appending it now (a scheduled notification).
struct Schedule {
    qint64 deliverAt = 0;
    QByteArray payload = {}; // opaque to the store: whatever the relay needs to build the event when due
};

// One write of a batch (EventStore::appendBatch).
struct NewEvent {
    QString stream = {};
    protocol::MessageType type = protocol::MessageType::Message;
    QString sender = {};
    QString clientMsgId = {}; // empty: relay-made, no idempotency
    std::optional<qint64> target = {};
    std::optional<qint64> expiresAt = {};
    EventEncoder encode = {}; // required unless `schedule` is set

    // Optional effects committed atomically with the event:
    std::optional<NewStream> ensureStream = {};   // create the stream first if it does not exist
    std::optional<MemberChange> member = {};
    std::optional<ReadMarkerChange> readMarker = {};
    std::optional<qint64> deliversScheduled = {}; // the scheduled notification this event delivers: removed
    std::optional<Schedule> schedule = {};        // store as a scheduled notification instead of appending
};

// A notification kept until its delivery time.
struct ScheduledNotification {
    qint64 id = 0;
    QString stream = {};
    QString sender = {};
    QString clientMsgId = {};
    qint64 deliverAt = 0;
    std::optional<qint64> expiresAt = {};
    QByteArray payload = {};
    qint64 created = 0;
    friend bool operator==(const ScheduledNotification &, const ScheduledNotification &) = default;
};

enum class AppendStatus {
    Appended,           // `event` is the new event
    Duplicate,          // (sender, client_msg_id) was stored before: `event` is the original; nothing new
    Scheduled,          // `scheduled` is the new scheduled notification
    DuplicateScheduled, // (sender, client_msg_id) is a pending scheduled notification: `scheduled` is it
    NoSuchStream,       // the stream does not exist and no ensureStream was given; nothing stored
};

// The outcome of one NewEvent of a batch, at the same index.
struct AppendOutcome {
    AppendStatus status = AppendStatus::Appended;
    StoredEvent event = {};
    std::optional<ScheduledNotification> scheduled = {};
    bool createdStream = false; // ensureStream created the stream in this batch

    bool duplicate() const
    {
        return status == AppendStatus::Duplicate || status == AppendStatus::DuplicateScheduled;
    }
};

// A page of a stream's events, ascending by seq. hasMore: further unexpired events exist beyond
// the page in the direction read (newer for eventsAfter, older for eventsBefore).
struct EventPage {
    QList<StoredEvent> events = {};
    bool hasMore = false;
};

} // namespace confab::relay
