#include "httpexchange.h"

#include "httpconnection.h"

namespace confab::relay {

HttpExchange::HttpExchange(HttpRequest request, HttpConnection *connection)
    : QObject(connection)
    , m_request(std::move(request))
    , m_connection(connection)
{
}

HttpExchange::~HttpExchange() = default;

void HttpExchange::respond(const HttpResponse &response)
{
    if (m_answered || m_closed)
        return;
    m_answered = true;
    m_connection->respond(this, response);
}

void HttpExchange::beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    if (m_answered || m_closed)
        return;
    m_answered = true;
    m_streaming = true;
    m_connection->beginStream(this, status, headers);
}

void HttpExchange::write(const QByteArray &data)
{
    if (!m_streaming || m_closed)
        return;
    m_connection->write(this, data);
}

void HttpExchange::finish()
{
    if (!m_streaming || m_closed)
        return;
    m_connection->finish(this);
}

void HttpExchange::abort()
{
    if (m_closed)
        return;
    m_connection->abort();
}

qint64 HttpExchange::bytesToWrite() const
{
    return m_closed ? 0 : m_connection->bytesToWrite();
}

void HttpExchange::markClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
}

} // namespace confab::relay
