#include "requesthead.h"

namespace confab::relay {

namespace {

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == ':' || c == '(' || c == ')' || c == ',' || c == '"' || c == '/'
            || c == ';' || c == '=' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\\' || c == '@'
            || c == '<' || c == '>' || c == '?')
            return false;
    }
    return true;
}

} // namespace

std::optional<RequestHead> RequestHead::parse(QByteArrayView head)
{
    if (!head.endsWith("\r\n\r\n"))
        return std::nullopt;
    head.chop(2);
    QList<QByteArray> lines = head.toByteArray().split('\n');
    lines.removeLast(); // empty: the text ended with a line break
    // Every line must end in CRLF: bare LF line endings are a request-smuggling vector.
    for (QByteArray &line : lines) {
        if (!line.endsWith('\r'))
            return std::nullopt;
        line.chop(1);
    }
    if (lines.isEmpty())
        return std::nullopt;

    RequestHead result;
    const QList<QByteArray> requestLine = lines.first().split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine.at(0)) || requestLine.at(1).isEmpty()
        || !requestLine.at(1).startsWith('/') || !requestLine.at(2).startsWith("HTTP/1."))
        return std::nullopt;
    result.m_method = requestLine.at(0);
    result.m_target = requestLine.at(1);

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return std::nullopt;
        result.m_headers.append({line.first(colon).toLower(), line.mid(colon + 1).trimmed()});
    }
    return result;
}

QByteArray RequestHead::path() const
{
    const qsizetype query = m_target.indexOf('?');
    return query < 0 ? m_target : m_target.first(query);
}

QByteArray RequestHead::header(QByteArrayView name) const
{
    const QByteArray lower = name.toByteArray().toLower();
    QByteArray joined;
    for (const auto &[key, value] : m_headers) {
        if (key != lower)
            continue;
        if (!joined.isEmpty())
            joined += ", ";
        joined += value;
    }
    return joined;
}

bool RequestHead::hasHeader(QByteArrayView name) const
{
    const QByteArray lower = name.toByteArray().toLower();
    for (const auto &[key, value] : m_headers) {
        if (key == lower)
            return true;
    }
    return false;
}

bool RequestHead::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    const QList<QByteArray> items = header(name).split(',');
    for (const QByteArray &item : items) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace confab::relay
