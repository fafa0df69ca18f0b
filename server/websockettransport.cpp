#include "websockettransport.h"

#include "metrics/relaymetrics.h"

#include <QTcpSocket>
#include <QWebSocket>

#include <QtEndian>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// One fan-out hands the same QByteArray (shared, not copied) to every subscriber's transport.
// A relay's frames are never masked, so the whole WebSocket frame is the same for every
// subscriber too: it is built once and reused while the same payload keeps coming. The cache
// holds a reference to the payload, so its address cannot be reused by another one meanwhile.
struct FramedPayload
{
    QByteArray payload;
    QByteArray framed;
};

const QByteArray &binaryFrameFor(const QByteArray &payload)
{
    static FramedPayload cache;
    if (cache.payload.constData() == payload.constData() && cache.payload.size() == payload.size()
        && !payload.isNull())
        return cache.framed;
    QByteArray framed;
    framed.reserve(payload.size() + 10);
    framed.append(char(0x82)); // FIN + binary opcode
    const auto size = quint64(payload.size());
    if (size < 126) {
        framed.append(char(size));
    } else if (size <= 0xFFFF) {
        framed.append(char(126));
        const quint16 length = qToBigEndian(quint16(size));
        framed.append(reinterpret_cast<const char *>(&length), sizeof length);
    } else {
        framed.append(char(127));
        const quint64 length = qToBigEndian(size);
        framed.append(reinterpret_cast<const char *>(&length), sizeof length);
    }
    framed.append(payload);
    cache = { payload, std::move(framed) };
    return cache.framed;
}

} // namespace

WebSocketTransport::WebSocketTransport(QWebSocket *socket, QObject *parent)
    : SessionTransport(parent), m_socket(socket)
{
    m_socket->setParent(this);
    // The TCP socket under the WebSocket (QWebSocketServer makes it the WebSocket's child): fan-out
    // frames are written to it whole, the same bytes for every subscriber. Without it (another
    // Qt's internals), every frame goes through QWebSocket.
    m_tcp = m_socket->findChild<QTcpSocket *>(QString(), Qt::FindDirectChildrenOnly);
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
    // Qt's socket queues the bytes and writes them when the loop comes back to it, so frames to
    // a busy client are coalesced into one write. Binary frames over 512 KiB would be fragmented
    // by QWebSocket: those (never a relay event, whose limit is far lower) take its path.
    // Nothing after a close frame: the relay's own (m_closing), or the peer's, after which
    // QWebSocket closes the TCP socket (and may delete it: hence the guarded pointer).
    QTcpSocket *tcp = m_tcp.data();
    if (tcp && !m_closing && frame.size() < 512 * 1024 && tcp->isOpen())
        tcp->write(binaryFrameFor(frame));
    else
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
    // Nothing may follow the close frame; QWebSocket itself refuses to send after it.
    m_closing = true;
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
