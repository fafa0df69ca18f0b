#include "eventstreamtransport.h"

#include "http/httpexchange.h"
#include "metrics/relaymetrics.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

QByteArray namedEvent(QByteArrayView name, const QJsonObject &data)
{
    return "event: "_ba + name.toByteArray() + "\ndata: "_ba + QJsonDocument(data).toJson(QJsonDocument::Compact)
        + "\n\n"_ba;
}

} // namespace

EventStreamTransport::EventStreamTransport(HttpExchange *exchange, const QByteArray &secret,
    qint64 heartbeatMs, qint64 maxMessageSize, QObject *parent)
    : SessionTransport(parent)
    , m_exchange(exchange)
    , m_peerAddress(exchange->request().peerAddress.toString())
    , m_peerPort(exchange->request().peerPort)
    , m_maxMessageSize(maxMessageSize)
{
    connect(exchange, &HttpExchange::bytesWritten, this, &SessionTransport::bytesWritten);
    connect(exchange, &HttpExchange::closed, this, &EventStreamTransport::onGone);
    // The connection deletes the exchange after closed(); if it ever goes first, the session
    // still ends.
    connect(exchange, &QObject::destroyed, this, &EventStreamTransport::onGone);
    exchange->beginStream(200, { { "Content-Type"_ba, "text/event-stream; charset=utf-8"_ba } });
    write(namedEvent("session", { { "session"_L1, QString::fromLatin1(secret) }, { "heartbeat_ms"_L1, heartbeatMs } }));
}

EventStreamTransport::~EventStreamTransport()
{
    // The session is gone: end the stream rather than leave the client waiting on it.
    if (m_exchange) {
        m_exchange->disconnect(this);
        m_exchange->finish();
    }
}

EventStreamTransport::Received EventStreamTransport::receive(const QByteArray &body)
{
    const QList<QByteArray> lines = body.split('\n');
    for (const QByteArray &line : lines) {
        if (line.size() > m_maxMessageSize) {
            close(QWebSocketProtocol::CloseCodeTooMuchData, u"message too big"_s);
            return Received::TooLarge;
        }
    }
    // Even an empty body is heard: it is how the client answers a ping.
    Q_EMIT activity();
    // The session may close or abort itself while it handles a frame; what follows is not read.
    const QPointer<EventStreamTransport> self(this);
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        if (!self || isEnded())
            break;
        if (RelayMetrics *counter = metrics())
            counter->frameIn(line.size());
        Q_EMIT frameReceived(line);
    }
    return Received::Taken;
}

void EventStreamTransport::sendFrame(const QByteArray &frame)
{
    if (RelayMetrics *counter = metrics())
        counter->framesOut(1, frame.size());
    // Encoded frames are compact JSON on one line; a line break (never produced by the codec)
    // would still arrive intact, as SSE joins continued data lines with one.
    QByteArray data = frame;
    if (data.contains('\n'))
        data.replace("\n", "\ndata: ");
    write("data: "_ba + data + "\n\n"_ba);
}

qint64 EventStreamTransport::bytesToWrite() const
{
    return m_exchange ? m_exchange->bytesToWrite() : 0;
}

void EventStreamTransport::ping()
{
    write("event: ping\ndata: {}\n\n"_ba);
}

void EventStreamTransport::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing || m_disconnected)
        return;
    m_closing = true;
    write(namedEvent("close", { { "code"_L1, int(code) }, { "reason"_L1, reason } }));
    if (m_exchange)
        m_exchange->finish();
}

void EventStreamTransport::abort()
{
    m_closing = true;
    if (m_exchange)
        m_exchange->abort();
    onGone();
}

QString EventStreamTransport::peerAddress() const
{
    return m_peerAddress;
}

quint16 EventStreamTransport::peerPort() const
{
    return m_peerPort;
}

QString EventStreamTransport::kind() const
{
    return u"event-stream"_s;
}

void EventStreamTransport::write(const QByteArray &event)
{
    if (m_exchange && !m_disconnected)
        m_exchange->write(event);
}

void EventStreamTransport::onGone()
{
    if (std::exchange(m_disconnected, true))
        return;
    if (m_exchange)
        m_exchange->disconnect(this);
    Q_EMIT disconnected();
}

} // namespace confab::relay
