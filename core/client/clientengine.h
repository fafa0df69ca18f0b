#pragma once

#include "protocol/frames.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

namespace confab::client {

// The client engine's connection to one relay for one account: opens the WebSocket
// (`confab.v1` at /v1/ws), authenticates with hello, subscribes to streams, sends chat messages
// and reports everything that happens as typed Qt signals. It knows nothing about any UI.
class ClientEngine : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected,   // not connected; lastError() says why, if it failed
        Connecting,     // opening the socket (TCP, TLS, WebSocket upgrade)
        Authenticating, // socket open, hello sent, waiting for welcome
        Connected,      // welcome received: requests may be sent
    };
    Q_ENUM(State)

    // Why the last connection ended, so callers (and a later reconnect policy) can tell a
    // retryable network problem from one that retrying cannot fix.
    enum class Failure {
        None,           // nothing failed, or disconnectFromRelay() was called
        Unreachable,    // no connection: refused, unknown host, timeout, TLS or proxy failure
        NotARelay,      // the server answered but refused the confab.v1 WebSocket upgrade
        AuthFailed,     // wrong user name or password: retrying will not help
        Refused,        // the relay refused the hello for another reason (e.g. protocol version)
        ConnectionLost, // the connection was up, then the relay closed it or the network dropped
    };
    Q_ENUM(Failure)

    explicit ClientEngine(QObject *parent = nullptr);
    ~ClientEngine() override;

    // Connects to a relay URL such as ws://127.0.0.1:8080/v1/ws and authenticates.
    void connectToRelay(const QUrl &relayUrl, const QString &username, const QString &password);
    void disconnectFromRelay();

    // Asks for a stream's events; returns the request id. Streams subscribed while not yet
    // connected are subscribed as soon as the session is authenticated.
    QString subscribe(const QString &stream);

    // Sends a chat message; returns its client_msg_id (a new random UUID). Until the relay
    // acknowledges it the message is kept in memory and sent again (same client_msg_id, which the
    // relay deduplicates) after the next authentication; a persistent outbox comes later.
    QString sendMessage(const QString &stream, const QString &text);

    // How long opening the socket plus authenticating may take before the attempt counts as
    // failed (default 15 s). Tests shorten it.
    void setConnectTimeout(std::chrono::milliseconds timeout);

    State state() const;
    QString userName() const;
    QUrl relayUrl() const;
    QString lastError() const; // plain words, empty when nothing failed
    Failure lastFailure() const;

Q_SIGNALS:
    void stateChanged(confab::client::ClientEngine::State state);
    void authenticated(const QString &userName);
    void subscribed(const QString &stream, qint64 headSeq);
    void messageReceived(const confab::protocol::Message &message);
    void messageAcknowledged(const QString &stream, const QString &clientMsgId, qint64 seq);
    // The relay refused a request (the error carries the request's id and a typed code).
    void requestFailed(const confab::protocol::Error &error);
    // A message sent with sendMessage() was refused by the relay; emitted just before
    // requestFailed() for the same error.
    void messageFailed(const QString &stream, const QString &clientMsgId,
                       const confab::protocol::Error &error);
    // The connection failed or was closed by the relay; `description` is in plain words.
    void connectionError(const QString &description);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace confab::client
