#pragma once

#include "streamsubscriber.h"

#include "protocol/frames.h"
#include "protocol/messagetype.h"

#include <QByteArrayList>
#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>

class QWebSocket;

namespace confab::relay {

class Authenticator;
class EventStore;
class StreamHub;
struct RelayConfig;

// One connected client, from the upgraded WebSocket to its close. It waits for hello,
// authenticates (frames pipelined behind hello wait for the verdict), then routes every frame
// through a table with one handler per client-to-relay message type. It answers every frame it
// cannot use with a typed error echoing the request id, so no input ends the relay.
class ClientSession : public QObject, public StreamSubscriber
{
    Q_OBJECT

public:
    struct Services {
        EventStore &store;
        StreamHub &hub;
        Authenticator &authenticator;
        const RelayConfig &config;
    };

    // Takes ownership of the socket.
    ClientSession(QWebSocket *socket, Services services, QObject *parent = nullptr);
    ~ClientSession() override;

    void deliver(const QByteArray &frame) override;

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
    template <typename FrameType, void (ClientSession::*Method)(const FrameType &)>
    void unpack(const protocol::Frame &frame);

    void onFrame(const QByteArray &data);
    void onHello(const protocol::Hello &hello);
    void onAuthenticated(const protocol::Hello &hello, bool accepted);
    void onSubscribe(const protocol::Subscribe &subscribe);
    void onSend(const protocol::Send &send);

    bool replay(const QString &stream, qint64 afterSeq, qint64 headSeq);
    void sendFrame(const protocol::Frame &frame);
    void sendError(const QString &id, protocol::ErrorCode code, const QString &message);
    void closeWith(QWebSocketProtocol::CloseCode closeCode, const QString &reason);
    void onDisconnected();

    QWebSocket *m_socket;
    Services m_services;
    State m_state = State::AwaitingHello;
    QString m_user;
    QString m_peer;
    QByteArrayList m_queuedWhileAuthenticating;
    QTimer m_authDeadline;
};

} // namespace confab::relay
