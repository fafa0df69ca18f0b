#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QWebSocketProtocol>

namespace confab::relay {

class RelayMetrics;

// What a ClientSession talks through: an upgraded WebSocket (WebSocketTransport) or the fallback
// transport (EventStreamTransport: frames to the client as Server-Sent Events on GET /v1/events,
// frames from it in POST /v1/frames). Both carry the same confab.v1 frames with the same
// guarantees; the session, its heartbeat guard and its replay pump never know which one it is.
class SessionTransport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~SessionTransport() override = default;

    // One encoded frame to the client; queued, never flushed per frame.
    virtual void sendFrame(const QByteArray &frame) = 0;
    // Bytes queued for the client that it has not taken yet (the unsent cap, replay pacing).
    virtual qint64 bytesToWrite() const = 0;
    // A liveness probe: a WebSocket ping; the event stream sends a comment the client must
    // answer within the heartbeat timeout.
    virtual void ping() = 0;
    // Ends the session politely: a close frame, or an SSE `close` event, with code and reason.
    virtual void close(QWebSocketProtocol::CloseCode code, const QString &reason) = 0;
    // Drops the connection at once.
    virtual void abort() = 0;
    virtual QString peerAddress() const = 0; // without port
    virtual quint16 peerPort() const = 0;
    // "websocket" or "event-stream", for logs and status.
    virtual QString kind() const = 0;

    // Where the transport counts the frames and bytes it carries; nullptr: nowhere.
    void setMetrics(RelayMetrics *metrics) { m_metrics = metrics; }
    RelayMetrics *metrics() const { return m_metrics; }

Q_SIGNALS:
    void frameReceived(const QByteArray &frame);
    // Anything heard from the client that proves it alive (a frame, a pong).
    void activity();
    void bytesWritten(qint64 bytes);
    // The connection is over; emitted once.
    void disconnected();

private:
    RelayMetrics *m_metrics = nullptr;
};

} // namespace confab::relay
