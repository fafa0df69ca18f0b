#include "httprequest.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

QByteArray HttpRequest::header(QByteArrayView name) const
{
    QByteArray joined;
    bool found = false;
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            joined += ", ";
        joined += value;
        found = true;
    }
    return joined;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool HttpRequest::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    const QList<QByteArray> items = header(name).split(',');
    for (const QByteArray &item : items) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

QStringList HttpRequest::pathSegments() const
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

QString HttpRequest::peer() const
{
    const QString address = peerAddress.toString();
    return address.contains(u':') ? u"[%1]:%2"_s.arg(address).arg(peerPort) : u"%1:%2"_s.arg(address).arg(peerPort);
}

} // namespace confab::relay
