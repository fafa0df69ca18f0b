#pragma once

#include "sessiontransport.h"

#include <QPointer>
#include <QTcpSocket>

class QWebSocket;

namespace confab::relay {

// The session transport over an upgraded WebSocket: frames go out as binary messages (queued,
// never flushed one by one), frames come in as binary or text messages, a pong proves the client
// alive, and close() is the WebSocket close handshake with its code and reason.
class WebSocketTransport : public SessionTransport
{
    Q_OBJECT

public:
    // Takes ownership of the socket.
    explicit WebSocketTransport(QWebSocket *socket, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    void sendFrame(const QByteArray &frame) override;
    qint64 bytesToWrite() const override;
    void ping() override;
    void close(QWebSocketProtocol::CloseCode code, const QString &reason) override;
    void abort() override;
    QString peerAddress() const override;
    quint16 peerPort() const override;
    QString kind() const override;

private:
    void onMessage(const QByteArray &frame);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_tcp;
    bool m_disconnected = false;
    bool m_closing = false;
};

} // namespace confab::relay
