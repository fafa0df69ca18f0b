#pragma once

#include "accesspolicy.h"
#include "authenticator.h"
#include "identity.h"
#include "requestorder.h"
#include "commitqueue.h"
#include "connectionguard.h"
#include "protocol/frames.h"
#include "protocol/messagetype.h"
#include "streamsubscriber.h"

#include <QByteArrayList>
#include <QObject>
#include <QBasicTimer>
#include <QWebSocketProtocol>

namespace confab::relay {

class AccountStore;
class Authenticator;
class SessionRegistry;
class SessionTransport;
class EventStore;
class PresenceTracker;
class RelayMetrics;
class StreamHub;
struct RelayConfig;

// One connected client, from its transport's opening (an upgraded WebSocket or the fallback
// event stream: the session never knows which) to its close. It waits for hello,
// authenticates (frames pipelined behind hello wait for the verdict), then routes every frame
// through a table with one handler per client-to-relay message type. It answers every frame it
// cannot use with a typed error echoing the request id, so no input ends the relay.
// The handlers live in one file per family: subscriptionhandlers.cpp (subscribe, unsubscribe,
// history), chathandlers.cpp (send, edit, delete, react, mark_read, typing),
// notificationhandlers.cpp (publish, dismiss) and roomhandlers.cpp (rooms, dms, members,
// stream list, presence). Requests that store events go through the commit queue and are
// answered once committed.
class ClientSession : public QObject, public StreamSubscriber
{
    Q_OBJECT

public:
    struct Services {
        EventStore &store;
        StreamHub &hub;
        Authenticator &authenticator;
        CommitQueue &commits;
        AccessPolicy &access;
        PresenceTracker &presence;
        const RelayConfig &config;
        AccountStore &accounts;
        SessionRegistry &sessions;
        RelayMetrics *metrics = nullptr; // sessions by transport, frames, rate limiting
    };

    // Takes ownership of the transport.
    ClientSession(SessionTransport *transport, Services services, QObject *parent = nullptr);
    ~ClientSession() override;

    void deliver(const QByteArray &frame) override;
    QString subscriberUser() const override { return m_user; }

    // Closes with 1001 (going away), for a relay that shuts down.
    void closeGoingAway();
    // Drops the connection without a close handshake.
    void abort();

    QString userName() const { return m_user; }
    const Identity &identity() const { return m_identity; }
    // Closes the connection with this code and reason (logout, revocation, expiry).
    void closeSession(QWebSocketProtocol::CloseCode closeCode, const QString &reason);
    // For `confab-relay status`: the remote address (without port), and the bytes queued for
    // sending that the client has not taken yet.
    QString peerAddress() const { return m_peer.left(m_peer.lastIndexOf(u':')); }
    qint64 bytesUnsent() const;
    // "websocket" or "event-stream".
    QString transportKind() const;

Q_SIGNALS:
    // The connection is closed; the owner may delete the session.
    void finished();

protected:
    // The authentication deadline and the token's expiry.
    void timerEvent(QTimerEvent *event) override;

private:
    enum class State { AwaitingHello, Authenticating, Authenticated, Closing };
    using Handler = void (ClientSession::*)(const protocol::Frame &);
    struct Route {
        protocol::MessageType type;
        Handler handler;
    };
    static Handler handlerFor(protocol::MessageType type);
    template<typename FrameType, void (ClientSession::*Method)(const FrameType &)>
    void unpack(const protocol::Frame &frame);

    void onFrame(const QByteArray &data);
    void dispatch(const protocol::Frame &frame);
    // Runs the held requests that may run now that earlier writes are committed.
    void runHeld();
    void onHello(const protocol::Hello &hello);
    void onAuthenticated(const protocol::Hello &hello, const Authenticator::Result &result);
    void onLogout(const protocol::Logout &logout);
    // API-token sessions may only use topics: the requests they may send.
    static bool allowedForApiToken(protocol::MessageType type);
    void checkTokenExpiry();

    // subscriptionhandlers.cpp
    void onSubscribe(const protocol::Subscribe &subscribe);
    void onUnsubscribe(const protocol::Unsubscribe &unsubscribe);
    void onHistory(const protocol::History &history);
    // Sends what the client missed after `afterSeq` (paced by a ReplayPump), then goes live.
    // Later requests of this connection wait until it is over.
    void replay(const QString &requestId, const StreamInfo &stream, qint64 afterSeq);
    // Subscribes live and sends synced; `seq` is the last event the client now has.
    void goLive(const StreamInfo &stream, qint64 seq, bool recovered);

    // chathandlers.cpp
    void onSend(const protocol::Send &send);
    void onEdit(const protocol::Edit &edit);
    void onDelete(const protocol::Delete &del);
    void onReact(const protocol::React &react);
    void onMarkRead(const protocol::MarkRead &markRead);
    void onSetTyping(const protocol::SetTyping &setTyping);
    std::optional<StoredEvent> checkedTarget(
        const QString &requestId, const StreamInfo &stream, qint64 target, bool mustBeOwn);

    // notificationhandlers.cpp
    void onPublish(const protocol::Publish &publish);
    void onDismiss(const protocol::Dismiss &dismiss);

    // roomhandlers.cpp
    void onCreateRoom(const protocol::CreateRoom &createRoom);
    void onInvite(const protocol::Invite &invite);
    void onJoin(const protocol::Join &join);
    void onLeave(const protocol::Leave &leave);
    void onListMembers(const protocol::ListMembers &listMembers);
    void onListStreams(const protocol::ListStreams &listStreams);
    void onOpenDm(const protocol::OpenDm &openDm);
    void onSetPresence(const protocol::SetPresence &setPresence);

    // Shared by the handlers (clientsession.cpp).
    // The stream if this user may use it that way; otherwise answers the request with the error.
    std::optional<StreamInfo> allowed(const QString &requestId, const QString &stream, AccessPolicy::Use use);
    // Answers a refused request with the verdict's error and writes the audit line (authhandlers.cpp).
    void refuseAccess(const QString &requestId, const QString &stream, AccessPolicy::Use use,
        const AccessPolicy::Verdict &verdict);
    // A repeat of a stored-event request: answers with the original ack, in line behind the
    // requests before it. false when the client_msg_id is new (or the lookup failed: appendBatch
    // catches the repeat then).
    bool answeredAsRepeat(const QString &requestId, const QString &clientMsgId);
    // Queues events for the group commit. `done` runs once they are committed, unless this
    // session is gone by then; a store failure is answered with `internal` instead.
    void commit(const QString &requestId, QList<NewEvent> events,
        std::function<void(const QList<AppendOutcome> &)> done, CommitQueue::Delivered delivered = {});
    // The ack of a send/edit/delete/react/publish: the committed (or original) event, or the
    // scheduled notification.
    void acknowledgeStored(const QString &requestId, const AppendOutcome &outcome);
    void acknowledge(const QString &requestId, const QString &stream);

    void sendFrame(const protocol::Frame &frame);
    // Also charges the connection's error budget, and closes it (1008) once that is spent.
    void sendError(const QString &id, protocol::ErrorCode code, const QString &message,
        std::optional<qint64> retryAfterMs = std::nullopt);
    void closeWith(QWebSocketProtocol::CloseCode closeCode, const QString &reason);
    void leaveEverything();
    void onDisconnected();

    SessionTransport *m_transport;
    Services m_services;
    State m_state = State::AwaitingHello;
    QString m_user;
    Identity m_identity;
    // QBasicTimers, not QTimers: a QTimer is an object with a connection, and there is one session
    // per connected desktop (timerEvent() dispatches them).
    QBasicTimer m_tokenExpiry;
    QString m_peer;
    QByteArrayList m_queuedWhileAuthenticating;
    RequestOrder m_order;
    protocol::MessageType m_currentType = protocol::MessageType::Hello; // the request being handled
    QBasicTimer m_authDeadline;
    ConnectionGuard m_guard;
};

} // namespace confab::relay
