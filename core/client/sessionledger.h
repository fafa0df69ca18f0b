#pragma once

#include "protocol/errorcode.h"
#include "protocol/fieldvalues.h"
#include "protocol/frames.h"
#include "streamposition.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace confab::client {

// The client engine's bookkeeping of what it has asked of the relay: the streams to subscribe to
// on every (re)connection, the requests that create stored events and are not acknowledged yet
// (the outbox: sent again, with the same client_msg_id, in every new session until the relay
// answers), and the requests waiting for a reply. No I/O: the engine turns its answers into frames
// and signals. The persistent outbox of a later issue replaces the in-memory list here.
class SessionLedger
{
public:
    enum class RequestKind {
        Subscribe,
        Send,
        Edit,
        Delete,
        React,
        MarkRead,
        Publish,
        Dismiss,
        Unsubscribe,
        History,
        CreateRoom,
        Invite,
        Join,
        Leave,
        ListMembers,
        ListStreams,
        OpenDm,
    };

    // Whether requests of this kind create a stored event and so live in the outbox. They are
    // safe to send again: client_msg_id makes the relay deduplicate the chat and notification
    // events, and read markers and dismissals only ever move forward.
    static bool isStoredKind(RequestKind kind);

    struct PendingRequest {
        RequestKind kind = RequestKind::Subscribe;
        QString stream;
        QString key = {};                     // the outbox key (client_msg_id, or a local id)
        std::optional<qint64> before = {};         // history: the page's upper bound
        std::optional<StreamPosition> since = {};  // subscribe: the position it resumes from
        bool explicitSince = false;                // subscribe: the caller chose that position
    };

    // A request that creates a stored event. `key` identifies it to the caller for its whole life:
    // the client_msg_id where the frame has one, else an id of the engine's own (mark_read and
    // dismiss carry none on the wire). `frame` has an empty request id; every attempt gets a new one.
    struct OutgoingRequest {
        RequestKind kind = RequestKind::Send;
        QString stream;
        QString key;
        protocol::Frame frame;
    };

    struct Subscription {
        QString stream;
        QString requestId;
        std::optional<StreamPosition> explicitSince; // asked for by the caller, not yet acknowledged
    };

    // Remembers a stream for every future session / forgets it.
    void addStream(const QString &stream);
    void removeStream(const QString &stream);
    bool hasStream(const QString &stream) const { return m_streams.contains(stream); }
    // A position the caller asked to resume from; kept until a subscribe with it is acknowledged.
    void requestSince(const QString &stream, const StreamPosition &position);
    std::optional<StreamPosition> requestedSince(const QString &stream) const;
    // The id subscribe() promised for a stream asked for while offline: used when the session starts.
    void promiseSubscribe(const QString &stream, const QString &requestId);
    // Every stream to subscribe to in a new session, in the order asked, each with its request id
    // (a promised one, or one from `newId`).
    template <typename NewId>
    QList<Subscription> subscriptionsForNewSession(NewId newId)
    {
        QList<Subscription> subscriptions;
        for (const QString &stream : std::as_const(m_streams))
            subscriptions.append(
                {stream, m_promisedSubscribes.value(stream, newId()), requestedSince(stream)});
        m_promisedSubscribes.clear();
        return subscriptions;
    }

    void addOutgoing(const OutgoingRequest &request) { m_outbox.append(request); }
    const QList<OutgoingRequest> &outbox() const { return m_outbox; }

    // The presence to restore in every new session (the relay starts each one as online).
    void setPresence(protocol::PresenceStatus status) { m_presence = status; }
    protocol::PresenceStatus presence() const { return m_presence; }

    void track(const QString &requestId, const PendingRequest &request)
    {
        m_pending.insert(requestId, request);
    }
    // The request a reply answers, forgotten from now on; nullopt for an unknown id.
    std::optional<PendingRequest> settle(const QString &requestId);
    // A pending history request for `stream` whose page may hold `seq`.
    bool awaitsHistory(const QString &stream, qint64 seq) const;
    // The relay accepted the request.
    void acknowledged(const PendingRequest &request);
    // The relay refused it: drop what asking again cannot fix; keep what a busy relay refused.
    void refused(const PendingRequest &request, protocol::ErrorCode code);

    // The connection is gone: no reply will come to what was in flight. Returns what was pending
    // (request id -> request), so the engine can tell which requests will not be sent again.
    QHash<QString, PendingRequest> takePending() { return std::exchange(m_pending, {}); }
    // Another account: nothing of this one carries over.
    void clear();

private:
    void removeOutgoing(const QString &key);

    QStringList m_streams;                            // in the order they were asked for
    QHash<QString, QString> m_promisedSubscribes;     // stream -> request id
    QHash<QString, StreamPosition> m_requestedSince;  // stream -> position asked for
    QList<OutgoingRequest> m_outbox;                  // sent or not, never acknowledged
    QHash<QString, PendingRequest> m_pending;         // request id -> request
    protocol::PresenceStatus m_presence = protocol::PresenceStatus::Online;
};

} // namespace confab::client
