#pragma once

#include "sessiontransport.h"

#include <QList>
#include <QPointer>
#include <QTcpSocket>

class QWebSocket;

namespace confab::relay {

// The session transport over an upgraded WebSocket: frames go out as binary messages (gathered
// per client over a turn of the event loop and written together, never flushed one by one), frames come in as binary or text messages, a pong proves the client
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
    // Frames wait for the end of the event loop's turn (sendFrame says why).
    void waitForEndOfTurn();
    // Writes this transport's waiting frames; returns the bytes the kernel took directly.
    qint64 writePending();
    static void writeAllPending();

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_tcp;
    QList<QByteArray> m_pending; // whole frames, shared with every other subscriber's
    qint64 m_pendingBytes = 0;
    int m_pendingIndex = -1; // in the list of transports to write at the end of this turn
    bool m_writesDirectly = false; // plain TCP on Linux: frames go to the kernel with sendmsg()
    bool m_disconnected = false;
    bool m_closing = false;
};

} // namespace confab::relay
