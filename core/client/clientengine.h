#pragma once

#include "protocol/frames.h"

#include <QObject>
#include <QString>
#include <QUrl>

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

    explicit ClientEngine(QObject *parent = nullptr);
    ~ClientEngine() override;

    // Connects to a relay URL such as ws://127.0.0.1:8080/v1/ws and authenticates.
    void connectToRelay(const QUrl &relayUrl, const QString &username, const QString &password);
    void disconnectFromRelay();

    // Asks for a stream's events; returns the request id. Streams subscribed while not yet
    // connected are subscribed as soon as the session is authenticated.
    QString subscribe(const QString &stream);

    // Sends a chat message; returns its client_msg_id (a new random UUID).
    QString sendMessage(const QString &stream, const QString &text);

    State state() const;
    QString userName() const;
    QUrl relayUrl() const;
    QString lastError() const; // plain words, empty when nothing failed

Q_SIGNALS:
    void stateChanged(confab::client::ClientEngine::State state);
    void authenticated(const QString &userName);
    void subscribed(const QString &stream, qint64 headSeq);
    void messageReceived(const confab::protocol::Message &message);
    void messageAcknowledged(const QString &stream, const QString &clientMsgId, qint64 seq);
    // The relay refused a request (the error carries the request's id and a typed code).
    void requestFailed(const confab::protocol::Error &error);
    // The connection failed or was closed by the relay; `description` is in plain words.
    void connectionError(const QString &description);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace confab::client
