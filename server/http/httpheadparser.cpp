#include "httpheadparser.h"

#include <QUrl>

#include <boost/beast/http.hpp>

#include <limits>

namespace confab::relay {

using namespace Qt::StringLiterals;
namespace http = boost::beast::http;

struct HttpHeadParser::Beast {
    http::request_parser<http::string_body> parser;
};

namespace {

QByteArray bytes(boost::beast::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace

HttpHeadParser::HttpHeadParser(qsizetype headLimit) : m_beast(std::make_unique<Beast>())
{
    auto &parser = m_beast->parser;
    parser.header_limit(std::uint32_t(std::clamp<qsizetype>(headLimit, 64, std::numeric_limits<std::uint32_t>::max())));
    // No limit until the head says which one applies (setBodyLimit): Beast would otherwise refuse
    // a Content-Length above its 1 MB default while parsing the head, before the caller can
    // choose. (An empty optional would not do: Beast 1.74 compares a length against it.)
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.eager(false);
}

HttpHeadParser::~HttpHeadParser() = default;

bool HttpHeadParser::isHeadComplete() const
{
    return !failed() && m_beast->parser.is_header_done();
}

bool HttpHeadParser::isComplete() const
{
    return !failed() && m_beast->parser.is_done();
}

std::optional<qint64> HttpHeadParser::contentLength() const
{
    if (!isHeadComplete())
        return std::nullopt;
    const auto length = m_beast->parser.content_length();
    if (!length)
        return std::nullopt;
    return qint64(std::min<std::uint64_t>(*length, std::uint64_t(std::numeric_limits<qint64>::max())));
}

bool HttpHeadParser::isChunked() const
{
    return isHeadComplete() && m_beast->parser.chunked();
}

void HttpHeadParser::setBodyLimit(qint64 bytes)
{
    // Only before the body: Beast counts a chunked body down from this value.
    m_beast->parser.body_limit(std::uint64_t(std::max<qint64>(bytes, 0)));
    m_beast->parser.eager(true);
}

QByteArray HttpHeadParser::takeBody()
{
    std::string &body = m_beast->parser.get().body();
    QByteArray result(body.data(), qsizetype(body.size()));
    body.clear();
    body.shrink_to_fit();
    return result;
}

qsizetype HttpHeadParser::feed(QByteArrayView data)
{
    if (failed() || isComplete())
        return 0;
    auto &parser = m_beast->parser;
    qsizetype used = 0;
    while (used < data.size() && !parser.is_done()) {
        const bool hadHead = parser.is_header_done();
        boost::beast::error_code error;
        const std::size_t n = parser.put(boost::asio::buffer(data.data() + used, std::size_t(data.size() - used)), error);
        used += qsizetype(n);
        if (error == http::error::need_more)
            break;
        if (error == http::error::header_limit) {
            fail(431, u"The request head is too large."_s);
            return used;
        }
        if (error == http::error::body_limit) {
            fail(413, u"The request body is too large."_s);
            return used;
        }
        if (error) {
            fail(400, u"The request is not valid HTTP/1.1 (%1)."_s.arg(QString::fromStdString(error.message())));
            return used;
        }
        if (!hadHead && parser.is_header_done()) {
            readHead();
            // The caller chooses the body limit before any body byte is parsed.
            break;
        }
        if (n == 0)
            break;
    }
    return used;
}

void HttpHeadParser::readHead()
{
    const auto &message = m_beast->parser.get();
    m_head = HttpRequest();
    m_head.method = bytes(message.method_string());
    m_head.target = bytes(message.target());
    const unsigned version = message.version();
    if (version != 10 && version != 11) {
        fail(400, u"Only HTTP/1.0 and HTTP/1.1 are spoken here."_s);
        return;
    }
    m_head.versionMinor = int(version % 10);
    // Origin form only: the relay is no proxy, and an absolute or authority form here would
    // make the path ambiguous.
    if (!m_head.target.startsWith('/')) {
        fail(400, u"The request target must be a path starting with /."_s);
        return;
    }
    for (const auto &field : message)
        m_head.headers.append({ bytes(field.name_string()).toLower(), bytes(field.value()) });

    const qsizetype question = m_head.target.indexOf('?');
    const QByteArray path = question < 0 ? m_head.target : m_head.target.first(question);
    m_head.path = QUrl::fromPercentEncoding(path);
    if (question >= 0) {
        // Form encoding, as ntfy (Go's url.Query) reads it: '+' is a space, a literal plus is %2B.
        QByteArray query = m_head.target.mid(question + 1);
        query.replace('+', "%20");
        m_head.query = QUrlQuery(QString::fromUtf8(query));
    }
}

void HttpHeadParser::fail(int status, const QString &message)
{
    if (m_errorStatus != 0)
        return;
    m_errorStatus = status;
    m_errorMessage = message;
}

} // namespace confab::relay
