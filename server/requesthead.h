#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace confab::relay {

// The request line and headers of an HTTP/1.1 request, enough for the front door to route a
// connection before anything else reads from it. Strict: anything unusual is refused.
class RequestHead
{
public:
    // Parses a head including its terminating empty line (CRLF CRLF). Nothing when the head is
    // not a well-formed HTTP/1.x request.
    static std::optional<RequestHead> parse(QByteArrayView head);

    QByteArray method() const { return m_method; }
    QByteArray target() const { return m_target; }
    QByteArray path() const; // the target without its query
    // The values of every header with this (case-insensitive) name, joined with ", ".
    QByteArray header(QByteArrayView name) const;
    // Whether a header with this (case-insensitive) name is present, even with an empty value.
    bool hasHeader(QByteArrayView name) const;
    // Whether a comma-separated header holds this token (case-insensitive), as Upgrade or
    // Sec-WebSocket-Protocol do.
    bool headerHasToken(QByteArrayView name, QByteArrayView token) const;

private:
    QByteArray m_method;
    QByteArray m_target;
    QList<std::pair<QByteArray, QByteArray>> m_headers; // names lower-cased
};

} // namespace confab::relay
