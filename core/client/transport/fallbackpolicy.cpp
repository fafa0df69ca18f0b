#include "fallbackpolicy.h"

#include <QRegularExpression>

namespace confab::client {

using namespace Qt::StringLiterals;

bool shouldFallBack(QAbstractSocket::SocketError error, const QString &qtErrorString)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError: {
        // QWebSocket reports an HTTP answer other than 101 this way, with the status in its words.
        static const QRegularExpression status(u"status code:?\\s*\\d{3}"_s,
                                               QRegularExpression::CaseInsensitiveOption);
        return status.match(qtErrorString).hasMatch()
            || qtErrorString.contains("handshake"_L1, Qt::CaseInsensitive);
    }
    case QAbstractSocket::RemoteHostClosedError:
        return true;
    default:
        return false;
    }
}

} // namespace confab::client
