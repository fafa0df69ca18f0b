#pragma once

#include "accesspolicy.h"
#include "requestorder.h"
#include "commitqueue.h"
#include "protocol/frames.h"
#include "protocol/messagetype.h"
#include "streamsubscriber.h"

#include <QByteArrayList>
#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>

class QWebSocket;

namespace confab::relay {

class Authenticator;
class EventStore;
class PresenceTracker;
class StreamHub;
struct RelayConfig;

// One connected client, from the upgraded WebSocket to its close. It waits for hello,
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
    };

    // Takes ownership of the socket.
    ClientSession(QWebSocket *socket, Services services, QObject *parent = nullptr);
    ~ClientSession() override;

    void deliver(const QByteArray &frame) override;
    QString subscriberUser() const override { return m_user; }

    // Closes with 1001 (going away), for a relay that shuts down.
    void closeGoingAway();
    // Drops the connection without a close handshake.
    void abort();

    QString userName() const { return m_user; }

Q_SIGNALS:
    // The socket is closed; the owner may delete the session.
    void finished();

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
    void onAuthenticated(const protocol::Hello &hello, bool accepted);

    // subscriptionhandlers.cpp
    void onSubscribe(const protocol::Subscribe &subscribe);
    void onUnsubscribe(const protocol::Unsubscribe &unsubscribe);
    void onHistory(const protocol::History &history);
    bool replay(const StreamInfo &stream, qint64 afterSeq);

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
    void sendError(const QString &id, protocol::ErrorCode code, const QString &message);
    void closeWith(QWebSocketProtocol::CloseCode closeCode, const QString &reason);
    void leaveEverything();
    void onDisconnected();

    QWebSocket *m_socket;
    Services m_services;
    State m_state = State::AwaitingHello;
    QString m_user;
    QString m_peer;
    QByteArrayList m_queuedWhileAuthenticating;
    RequestOrder m_order;
    protocol::MessageType m_currentType = protocol::MessageType::Hello; // the request being handled
    QTimer m_authDeadline;
};

} // namespace confab::relay
