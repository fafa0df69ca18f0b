#pragma once

#include "protocol/errorcode.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::client {

// The client engine's bookkeeping of what it has asked of the relay: the streams to subscribe to
// on every (re)connection, the messages the relay has not acknowledged yet, and the requests
// waiting for a reply. No I/O: the engine turns its answers into frames and signals. The
// persistent outbox and the per-stream sync positions of later issues belong here.
class SessionLedger
{
public:
    enum class RequestKind { Subscribe, Send };

    struct PendingRequest {
        RequestKind kind = RequestKind::Subscribe;
        QString stream;
        QString clientMsgId; // for Send
    };

    struct OutgoingMessage {
        QString stream;
        QString clientMsgId;
        QString text;
    };

    struct Subscription {
        QString stream;
        QString requestId;
    };

    // Remembers a stream for every future session.
    void addStream(const QString &stream);
    // The id subscribe() promised for a stream asked for while offline: used when the session starts.
    void promiseSubscribe(const QString &stream, const QString &requestId);
    // Every stream to subscribe to in a new session, in the order asked, each with its request id
    // (a promised one, or one from `newId`).
    template <typename NewId>
    QList<Subscription> subscriptionsForNewSession(NewId newId)
    {
        QList<Subscription> subscriptions;
        for (const QString &stream : std::as_const(m_streams))
            subscriptions.append({stream, m_promisedSubscribes.value(stream, newId())});
        m_promisedSubscribes.clear();
        return subscriptions;
    }

    void addOutgoing(const OutgoingMessage &message) { m_outbox.append(message); }
    const QList<OutgoingMessage> &outbox() const { return m_outbox; }

    void track(const QString &requestId, const PendingRequest &request) { m_pending.insert(requestId, request); }
    // The request a reply answers, forgotten from now on; nullopt for an unknown id.
    std::optional<PendingRequest> settle(const QString &requestId);
    // The relay accepted the request.
    void acknowledged(const PendingRequest &request);
    // The relay refused it: drop what asking again cannot fix; keep what a busy relay refused.
    void refused(const PendingRequest &request, protocol::ErrorCode code);

    // The connection is gone: no reply will come to what was in flight.
    void clearPending() { m_pending.clear(); }
    // Another account: nothing of this one carries over.
    void clear();

private:
    QStringList m_streams;                       // in the order they were asked for
    QHash<QString, QString> m_promisedSubscribes; // stream -> request id
    QList<OutgoingMessage> m_outbox;             // sent or not, never acknowledged
    QHash<QString, PendingRequest> m_pending;    // request id -> request
};

} // namespace confab::client
