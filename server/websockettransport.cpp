#include "websockettransport.h"

#include "metrics/relaymetrics.h"
#include "parallelsends.h"

#include <QCoreApplication>
#include <QScopeGuard>
#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>

#include <QtEndian>

#include <algorithm>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <sys/uio.h>
#else
// Only Linux writes to descriptors directly; elsewhere the type just has to exist.
struct iovec
{
    void *iov_base;
    size_t iov_len;
};
#endif

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

// The transports holding frames for the end of this turn of the event loop (see sendFrame). A
// transport that goes away clears its own entry.
struct PendingWrites
{
    std::vector<WebSocketTransport *> transports;
    bool flushScheduled = false;
};

thread_local PendingWrites t_pendingWrites;

// At most this many frames go to the kernel in one sendmsg(); the rest queue in Qt behind them.
constexpr qsizetype kMaxFramesPerSend = 64;
// From this many clients written in one turn, the relay's send threads help.
constexpr size_t kParallelFrom = 256;

// The bytes the kernel took (0 when none: its buffer is full, or the connection failed; either
// way Qt's own write of the rest waits for room or meets the same error and reports it).
qint64 sendDirectly(int descriptor, iovec *parts, qsizetype count)
{
#ifdef Q_OS_LINUX
    msghdr message {};
    message.msg_iov = parts;
    message.msg_iovlen = size_t(count);
    const ssize_t written = ::sendmsg(descriptor, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
    return written > 0 ? qint64(written) : 0;
#else
    Q_UNUSED(descriptor);
    Q_UNUSED(parts);
    Q_UNUSED(count);
    return 0;
#endif
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
#ifdef Q_OS_LINUX
    m_writesDirectly = m_tcp && !qobject_cast<QSslSocket *>(m_tcp.data());
#endif
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
    if (m_pendingIndex >= 0)
        t_pendingWrites.transports[size_t(m_pendingIndex)] = nullptr;
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
    // An answer made right away waits for the end of the turn with the rest; but a close frame
    // right behind this one in the same read is answered by QWebSocket itself, which closes the
    // socket at once. The client gets the answer to its last request first.
    if (!m_pending.isEmpty())
        reportWrittenDirectly(writePending());
}

void WebSocketTransport::reportWrittenDirectly(qint64 written)
{
    // Qt reports only what went through its own queue; a replay waiting for the client to drain
    // must hear of these bytes too (it may queue more). Not once closing: nothing may be queued
    // after the close frame.
    if (written > 0 && !m_closing)
        Q_EMIT bytesWritten(written);
}

void WebSocketTransport::sendFrame(const QByteArray &frame)
{
    if (RelayMetrics *counter = metrics())
        counter->framesOut(1, frame.size());
    // Binary frames over 512 KiB would be fragmented by QWebSocket: those (never a relay event,
    // whose limit is far lower) take its path, behind the frames already waiting.
    // Nothing after a close frame: the relay's own (m_closing), or the peer's, after which
    // QWebSocket closes the TCP socket (and may delete it: hence the guarded pointer).
    QTcpSocket *tcp = m_tcp.data();
    if (!tcp || m_closing || frame.size() >= 512 * 1024 || !tcp->isOpen()) {
        writePending();
        m_socket->sendBinaryMessage(frame);
        return;
    }
    const QByteArray &framed = binaryFrameFor(frame);
    // Qt would arm a write notification for the socket, wake up for it on the next turn and
    // disarm it again: most of a delivery's cost when one message goes to thousands of sockets.
    // Instead the frame waits for the end of this turn, with every other frame this turn makes
    // for the same client, and they go to the kernel in one sendmsg(). A client that has not
    // taken everything yet (Qt still holds bytes for it) gets its frames queued behind those.
    if (m_writesDirectly && (!m_pending.isEmpty() || tcp->bytesToWrite() == 0)) {
        if (m_pending.isEmpty())
            waitForEndOfTurn();
        m_pending.append(framed);
        m_pendingBytes += framed.size();
        return;
    }
    tcp->write(framed);
}

void WebSocketTransport::waitForEndOfTurn()
{
    PendingWrites &pending = t_pendingWrites;
    m_pendingIndex = int(pending.transports.size());
    pending.transports.push_back(this);
    if (std::exchange(pending.flushScheduled, true))
        return;
    // A posted call runs when the loop comes round again, after every event of this turn.
    QMetaObject::invokeMethod(QCoreApplication::instance(), &WebSocketTransport::writeAllPending,
        Qt::QueuedConnection);
}

void WebSocketTransport::writeAllPending()
{
    PendingWrites &pending = t_pendingWrites;
    // A large fan-out goes to the kernel from several threads at once. The relay's helpers are
    // found through a transport still alive (a posted call may outlive the relay).
    size_t next = 0;
    const auto first = std::find_if(pending.transports.cbegin(), pending.transports.cend(),
        [](const WebSocketTransport *transport) { return transport != nullptr; });
    if (first != pending.transports.cend() && (*first)->m_parallelSends
        && (*first)->m_parallelSends->helperCount() > 0 && pending.transports.size() >= kParallelFrom) {
        next = pending.transports.size();
        writeBatch(*(*first)->m_parallelSends, next);
    }
    // The rest one by one, by index: a write may add transports (they are written in this same
    // pass) or remove one.
    for (size_t i = next; i < pending.transports.size(); ++i) {
        // What a replay queues on hearing of the bytes is written in this same pass.
        if (WebSocketTransport *transport = std::exchange(pending.transports[i], nullptr))
            transport->reportWrittenDirectly(transport->writePending());
    }
    pending.transports.clear();
    pending.flushScheduled = false;
}

void WebSocketTransport::writeBatch(ParallelSends &sends, size_t count)
{
    PendingWrites &pending = t_pendingWrites;
    std::vector<DirectWrite> writes;
    writes.reserve(count);
    std::vector<iovec> parts;
    parts.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        WebSocketTransport *transport = std::exchange(pending.transports[i], nullptr);
        if (!transport)
            continue;
        transport->m_pendingIndex = -1;
        DirectWrite &write = writes.emplace_back();
        write.transport = transport;
        transport->prepareDirectWrite(write, parts);
    }
    // Only descriptors and bytes cross to the helpers; the event loop's thread waits for them,
    // so no socket is closed or written by Qt meanwhile.
    sends.run(qsizetype(writes.size()), [&writes, &parts](qsizetype index) {
        DirectWrite &write = writes[size_t(index)];
        if (write.descriptor >= 0)
            write.written = sendDirectly(write.descriptor, parts.data() + write.firstPart, write.partCount);
    });
    // Every transport is done with its frames before any is told: a replay that resumes on the
    // news, or a session that closes, must not find frames the kernel already has still waiting.
    for (DirectWrite &write : writes)
        write.written = write.transport->finishPending(write.written);
    for (const DirectWrite &write : writes)
        write.transport->reportWrittenDirectly(write.written);
}

qint64 WebSocketTransport::writePending()
{
    if (m_pendingIndex >= 0) {
        t_pendingWrites.transports[size_t(m_pendingIndex)] = nullptr;
        m_pendingIndex = -1;
    }
    if (m_pending.isEmpty())
        return 0;
    thread_local std::vector<iovec> parts;
    parts.clear();
    DirectWrite write;
    prepareDirectWrite(write, parts);
    if (write.descriptor >= 0)
        write.written = sendDirectly(write.descriptor, parts.data() + write.firstPart, write.partCount);
    return finishPending(write.written);
}

void WebSocketTransport::prepareDirectWrite(DirectWrite &write, std::vector<iovec> &parts)
{
    write.descriptor = -1;
#ifdef Q_OS_LINUX
    QTcpSocket *tcp = m_tcp.data();
    if (m_pending.isEmpty() || !tcp || !tcp->isOpen())
        return;
    const qintptr descriptor = tcp->socketDescriptor();
    if (descriptor < 0 || tcp->bytesToWrite() != 0 || tcp->state() != QAbstractSocket::ConnectedState)
        return;
    write.descriptor = int(descriptor);
    write.firstPart = qsizetype(parts.size());
    write.partCount = std::min<qsizetype>(m_pending.size(), kMaxFramesPerSend);
    for (qsizetype i = 0; i < write.partCount; ++i)
        parts.push_back({ const_cast<char *>(m_pending[i].constData()), size_t(m_pending[i].size()) });
#else
    Q_UNUSED(parts);
#endif
}

qint64 WebSocketTransport::finishPending(qint64 writtenDirectly)
{
    const auto release = qScopeGuard([this] {
        m_pending.clear();
        m_pending.squeeze(); // back to the one inline frame a quiet client needs
        m_pendingBytes = 0;
    });
    QTcpSocket *tcp = m_tcp.data();
    // Gone or closed meanwhile: Qt's own queue would have dropped these bytes just the same.
    if (!tcp || !tcp->isOpen())
        return 0;
    // What the kernel did not take goes through Qt, in order, behind what it did.
    qint64 sent = writtenDirectly;
    for (const QByteArray &frame : m_pending) {
        if (sent >= frame.size()) {
            sent -= frame.size();
            continue;
        }
        if (sent == 0)
            tcp->write(frame);
        else
            tcp->write(frame.constData() + sent, frame.size() - sent);
        sent = 0;
    }
    return writtenDirectly;
}

qint64 WebSocketTransport::bytesToWrite() const
{
    // The same figure QWebSocket gives, from the socket the fan-out has just written to (its
    // memory is at hand; the WebSocket's is not, 10,000 sockets later).
    if (const QTcpSocket *tcp = m_tcp.data())
        return m_pendingBytes + tcp->bytesToWrite();
    return m_pendingBytes + m_socket->bytesToWrite();
}

void WebSocketTransport::ping()
{
    m_socket->ping();
}

void WebSocketTransport::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    // The frames of this turn go before the close frame; nothing may follow it (QWebSocket itself
    // refuses to send after it).
    m_closing = true;
    writePending();
    m_socket->close(code, reason);
}

void WebSocketTransport::abort()
{
    m_pending.clear();
    m_pendingBytes = 0;
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
