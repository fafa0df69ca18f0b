#include "websockettransport.h"

#include "metrics/relaymetrics.h"

#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

WebSocketTransport::WebSocketTransport(QWebSocket *socket, QObject *parent)
    : SessionTransport(parent), m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WebSocketTransport::onMessage);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &text) { onMessage(text.toUtf8()); });
    connect(m_socket, &QWebSocket::pong, this, &SessionTransport::activity);
    connect(m_socket, &QWebSocket::bytesWritten, this, &SessionTransport::bytesWritten);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (std::exchange(m_disconnected, true))
            return;
        Q_EMIT disconnected();
    });
}

WebSocketTransport::~WebSocketTransport()
{
    // The session is gone; the socket must not report to it while it is torn down.
    m_socket->disconnect(this);
}

void WebSocketTransport::onMessage(const QByteArray &frame)
{
    // Activity first: the heartbeat counts a frame as heard before the session handles it
    // (handling may take the session's limits into account).
    Q_EMIT activity();
    if (RelayMetrics *counter = metrics())
        counter->frameIn(frame.size());
    Q_EMIT frameReceived(frame);
}

void WebSocketTransport::sendFrame(const QByteArray &frame)
{
    if (RelayMetrics *counter = metrics())
        counter->framesOut(1, frame.size());
    m_socket->sendBinaryMessage(frame);
}

qint64 WebSocketTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void WebSocketTransport::ping()
{
    m_socket->ping();
}

void WebSocketTransport::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_socket->close(code, reason);
}

void WebSocketTransport::abort()
{
    m_socket->abort();
}

QString WebSocketTransport::peerAddress() const
{
    return m_socket->peerAddress().toString();
}

quint16 WebSocketTransport::peerPort() const
{
    return m_socket->peerPort();
}

QString WebSocketTransport::kind() const
{
    return u"websocket"_s;
}

} // namespace confab::relay
