#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

namespace confab::client {

// What the engine's session runs on besides its own WebSocket: something that opens a connection
// to the relay, carries confab.v1 frames both ways in order and says when it ends. The WebSocket
// stays in the engine itself (its TLS, proxy and handshake handling is the engine's oldest code);
// EventStreamTransport, the HTTP fallback, implements this so the engine treats both the same:
// every frame goes out through one sendFrame() and comes in through one receiveFrame().
class Transport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Transport() override = default;

    // Starts connecting to the relay whose WebSocket address is `relayUrl` (ws:// or wss://).
    virtual void open(const QUrl &relayUrl) = 0;
    // One encoded frame to the relay; frames arrive in the order they were given.
    virtual void sendFrame(const QByteArray &frame) = 0;
    // Asks the relay for a sign of life; it counts as activity() when it comes.
    virtual void ping() = 0;
    // Ends the connection at once; no signal follows.
    virtual void abort() = 0;
    // "websocket" or "event-stream", for the connection status.
    virtual QString kind() const = 0;

Q_SIGNALS:
    void connected();
    void frameReceived(const QByteArray &frame);
    // Anything heard from the relay (a frame, a ping, an answer): the connection is alive.
    void activity();
    // The relay ended the connection: its close code and reason, or 1006 and an empty reason when
    // the connection just ended. Emitted once; never after failed().
    void disconnected(int closeCode, const QString &reason);
    // The connection could not be set up, or broke: `detail` is for the log, not for people.
    void failed(const QString &detail);
};

} // namespace confab::client
