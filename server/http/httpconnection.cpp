#include "httpconnection.h"

#include "httpexchange.h"
#include "httpheadparser.h"
#include "httpapi/httpapi.h"
#include "relaylog.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTcpSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Enough for a fair share of a body per read without letting one connection buffer much more
// than its parser will take anyway.
constexpr qint64 kReadBufferSize = 64 * 1024;

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
        .toLatin1();
}

bool isOurs(const QByteArray &name)
{
    // Framing headers are the connection's: an endpoint's own would contradict them.
    return name.compare("content-length", Qt::CaseInsensitive) == 0
        || name.compare("connection", Qt::CaseInsensitive) == 0
        || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0
        || name.compare("date", Qt::CaseInsensitive) == 0;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpApi &api, Limits limits, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_api(api)
    , m_limits(limits)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferSize);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::onDeadline);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readMore);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &HttpConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        if (m_state == State::Streaming && m_exchange)
            Q_EMIT m_exchange->bytesWritten(bytes);
    });
    // The front door routed on a complete head, so the first request has begun.
    m_requestStarted = true;
    m_deadline.start(m_limits.requestTimeout);
    // Not from inside the front door's readyRead handler.
    QMetaObject::invokeMethod(this, &HttpConnection::readMore, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_exchange && !m_exchange->isClosed())
        m_exchange->markClosed();
}

void HttpConnection::abort()
{
    m_socket->abort();
    onDisconnected();
}

void HttpConnection::readMore()
{
    if (m_state == State::Closing) {
        // Read and drop what a refused client still sends: closing with unread bytes would reset
        // the connection and could destroy the answer before the client reads it.
        m_socket->readAll();
        return;
    }
    if (m_state != State::Reading)
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        // Gone before it could be answered (e.g. while the front door handed it over).
        onDisconnected();
        return;
    }
    m_buffer += m_socket->readAll();
    if (m_buffer.isEmpty())
        return;
    if (!m_requestStarted) {
        // The keep-alive idle time is over; the request gets its full time from its first byte.
        m_requestStarted = true;
        m_deadline.start(m_limits.requestTimeout);
    }
    for (;;) {
        if (!m_parser) {
            m_parser = std::make_unique<HttpHeadParser>(m_limits.maxHeadSize);
            m_headTaken = false;
        }
        const qsizetype used = m_parser->feed(m_buffer);
        m_buffer.remove(0, used);
        if (m_parser->failed()) {
            fail(m_parser->errorStatus(), m_parser->errorMessage());
            return;
        }
        if (m_parser->isHeadComplete() && !m_headTaken) {
            if (!takeHead())
                return;
            continue;
        }
        if (m_parser->isComplete()) {
            dispatch();
            return;
        }
        if (used == 0 || m_buffer.isEmpty())
            return;
    }
}

bool HttpConnection::takeHead()
{
    m_headTaken = true;
    const HttpRequest &head = m_parser->head();
    const qint64 limit = m_api.maxBodySize(head);
    const std::optional<qint64> length = m_parser->contentLength();
    if (length && *length > limit) {
        // Refused before a byte of it is read.
        fail(413, u"The request body is too large (at most %1 bytes here)."_s.arg(limit));
        return false;
    }
    m_parser->setBodyLimit(limit);
    if (head.versionMinor == 1 && !m_parser->isComplete() && m_buffer.isEmpty()
        && head.headerHasToken("expect", "100-continue")) {
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return true;
}

void HttpConnection::dispatch()
{
    m_deadline.stop();
    HttpRequest request = m_parser->head();
    request.body = m_parser->takeBody();
    m_requestBodyBytes = request.body.size();
    m_parser.reset();
    request.peerAddress = m_socket->peerAddress();
    request.peerPort = m_socket->peerPort();
    request.tls = qobject_cast<QSslSocket *>(m_socket) != nullptr;
    m_keepAlive = request.versionMinor == 1 && !request.headerHasToken("connection", "close");
    m_headRequest = request.method == "HEAD";
    m_state = State::Handling;
    auto *exchange = new HttpExchange(std::move(request), this);
    m_exchange = exchange;
    m_api.handle(exchange);
}

void HttpConnection::respond(HttpExchange *exchange, const HttpResponse &response)
{
    if (m_state != State::Handling || exchange != m_exchange)
        return;
    const bool noBody = response.status < 200 || response.status == 204 || response.status == 304;
    writeHead(response.status, response.headers, noBody ? std::nullopt : std::optional<qint64>(response.body.size()),
              m_keepAlive);
    const bool withBody = !m_headRequest && !noBody;
    if (withBody)
        m_socket->write(response.body);
    Q_EMIT answered(response.status, m_requestBodyBytes, withBody ? response.body.size() : 0);
    m_exchange = nullptr;
    exchange->deleteLater();
    if (m_keepAlive)
        nextRequest();
    else
        closeAfterWriting();
}

void HttpConnection::beginStream(HttpExchange *exchange, int status,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    if (m_state != State::Handling || exchange != m_exchange)
        return;
    m_state = State::Streaming;
    QList<std::pair<QByteArray, QByteArray>> all = headers;
    all.emplaceBack("Cache-Control", "no-store");
    all.emplaceBack("X-Accel-Buffering", "no");
    writeHead(status, all, std::nullopt, false);
    Q_EMIT answered(status, m_requestBodyBytes, 0);
}

void HttpConnection::write(HttpExchange *exchange, const QByteArray &data)
{
    if (m_state != State::Streaming || exchange != m_exchange || m_headRequest)
        return;
    m_socket->write(data);
}

void HttpConnection::finish(HttpExchange *exchange)
{
    if (m_state != State::Streaming || exchange != m_exchange)
        return;
    closeAfterWriting();
}

qint64 HttpConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::fail(int status, const QString &message)
{
    qCInfo(lcRelay).nospace().noquote() << "HTTP " << status << " for " << m_socket->peerAddress().toString()
                                        << ": " << message;
    m_parser.reset();
    m_buffer.clear();
    const HttpResponse response = HttpResponse::error(status, message);
    writeHead(response.status, response.headers, response.body.size(), false);
    m_socket->write(response.body);
    Q_EMIT answered(status, 0, response.body.size());
    closeAfterWriting();
}

void HttpConnection::writeHead(int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                               std::optional<qint64> contentLength, bool keepAlive)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers) {
        // A line break in a value would start a header the endpoint never meant to send.
        if (isOurs(name) || name.contains('\n') || name.contains('\r') || value.contains('\n') || value.contains('\r'))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "Date: " + httpDate() + "\r\n";
    if (contentLength)
        head += "Content-Length: " + QByteArray::number(*contentLength) + "\r\n";
    head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    m_socket->write(head);
}

void HttpConnection::nextRequest()
{
    m_state = State::Reading;
    m_requestStarted = false;
    // Idle keep-alive time; the next request's first byte starts its own deadline.
    m_deadline.start(m_limits.requestTimeout);
    // A pipelined request may already be buffered: no readyRead will announce it.
    QMetaObject::invokeMethod(this, &HttpConnection::readMore, Qt::QueuedConnection);
}

void HttpConnection::closeAfterWriting()
{
    m_state = State::Closing;
    // A client that never reads its answer does not keep the socket.
    m_deadline.start(m_limits.requestTimeout);
    m_socket->readAll();
    m_socket->disconnectFromHost();
}

void HttpConnection::onDeadline()
{
    switch (m_state) {
    case State::Reading:
        if (m_requestStarted && (m_parser || !m_buffer.isEmpty())) {
            fail(408, u"The request took too long to arrive."_s);
            return;
        }
        // Idle between requests (or nothing ever came): close quietly.
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        m_deadline.start(m_limits.requestTimeout);
        return;
    case State::Closing:
        abort();
        return;
    case State::Handling:
    case State::Streaming:
    case State::Closed:
        return;
    }
}

void HttpConnection::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_deadline.stop();
    m_socket->disconnect(this);
    if (m_exchange && !m_exchange->isClosed())
        m_exchange->markClosed();
    Q_EMIT finished();
    deleteLater();
}

} // namespace confab::relay
