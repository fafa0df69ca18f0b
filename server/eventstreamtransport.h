#pragma once

#include "sessiontransport.h"

#include <QPointer>

namespace confab::relay {

class HttpExchange;

// The session transport of the fallback for clients whose WebSocket upgrade fails (a proxy that
// strips Upgrade): frames to the client go out as Server-Sent Events on the open answer of
// GET /v1/events, frames from the client arrive in POST /v1/frames bodies (one per line), which
// the event-stream endpoint hands over with receive(). The session ends when the GET's
// connection closes. Wire format: docs/protocol.md, "Fallback transport".
class EventStreamTransport : public SessionTransport
{
    Q_OBJECT

public:
    enum class Received { Taken, TooLarge };

    // Starts the event stream on the exchange (status, headers, the `session` event with the
    // secret the client names in its POSTs and the heartbeat interval).
    EventStreamTransport(HttpExchange *exchange, const QByteArray &secret, qint64 heartbeatMs,
        qint64 maxMessageSize, QObject *parent = nullptr);
    ~EventStreamTransport() override;

    // A POST /v1/frames body: every non-empty line is one frame, handed to the session in order.
    // An empty body proves the client alive (its answer to a ping). TooLarge: a line is longer
    // than the largest message; nothing was handed over and the session is closed with 1009, as
    // over WebSocket.
    Received receive(const QByteArray &body);
    // The GET's connection is gone or the session was closed: POSTs naming it get 404.
    bool isEnded() const { return m_disconnected || m_closing; }

    void sendFrame(const QByteArray &frame) override;
    qint64 bytesToWrite() const override;
    void ping() override;
    void close(QWebSocketProtocol::CloseCode code, const QString &reason) override;
    void abort() override;
    QString peerAddress() const override;
    quint16 peerPort() const override;
    QString kind() const override;

private:
    void write(const QByteArray &event);
    void onGone();

    QPointer<HttpExchange> m_exchange;
    QString m_peerAddress;
    quint16 m_peerPort = 0;
    qint64 m_maxMessageSize;
    bool m_closing = false;
    bool m_disconnected = false;
};

} // namespace confab::relay
