#include "connectionerrors.h"

#include <QRegularExpression>

namespace confab::client {

using namespace Qt::StringLiterals;
using Failure = ClientEngine::Failure;

namespace {

// Text from the other side of the network is shown, so it is cut to a sentence's length.
constexpr qsizetype kMaxReasonLength = 200;

QString bounded(const QString &text)
{
    QString simplified = text.simplified();
    if (simplified.size() > kMaxReasonLength)
        simplified = simplified.left(kMaxReasonLength) + u'…';
    return simplified;
}

// QWebSocket reports a refused upgrade (wrong path, not a WebSocket server) as
// ConnectionRefusedError with the HTTP status in its error string; find it to tell the cases apart.
QString httpStatusIn(const QString &qtErrorString)
{
    static const QRegularExpression status(u"status code:?\\s*(\\d{3})(\\s*\\(([^)]*)\\))?"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = status.match(qtErrorString);
    if (!match.hasMatch())
        return {};
    return match.captured(3).isEmpty() ? u"HTTP %1"_s.arg(match.captured(1))
                                       : u"HTTP %1 %2"_s.arg(match.captured(1), bounded(match.captured(3)));
}

} // namespace

QString relayAddress(const QUrl &url)
{
    const QString host = url.host().contains(u':') ? u'[' + url.host() + u']' : url.host();
    const int port = url.port(url.scheme() == "wss"_L1 ? 443 : 80);
    return host + u':' + QString::number(port);
}

ConnectionProblem describeSocketError(const QUrl &url, QAbstractSocket::SocketError error,
                                      const QString &qtErrorString, bool wasOpen)
{
    const QString where = relayAddress(url);
    const QString cannotReach = u"Cannot reach the relay at %1: %2."_s;
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        if (const QString status = httpStatusIn(qtErrorString); !status.isEmpty()) {
            return {Failure::NotARelay,
                    u"The server at %1 is not a Confab relay, or the address has the wrong path (%2)."_s.arg(
                        where, status)};
        }
        if (qtErrorString.contains("handshake"_L1, Qt::CaseInsensitive)) {
            return {Failure::NotARelay,
                    u"The server at %1 did not accept a Confab connection."_s.arg(where)};
        }
        return {Failure::Unreachable, cannotReach.arg(where, u"connection refused"_s)};
    case QAbstractSocket::HostNotFoundError:
        return {Failure::Unreachable, cannotReach.arg(where, u"the host name was not found"_s)};
    case QAbstractSocket::SocketTimeoutError:
        return {Failure::Unreachable, cannotReach.arg(where, u"the connection timed out"_s)};
    case QAbstractSocket::NetworkError:
        if (wasOpen)
            return {Failure::ConnectionLost, u"The connection to the relay at %1 was lost."_s.arg(where)};
        return {Failure::Unreachable, cannotReach.arg(where, u"the network is unreachable"_s)};
    case QAbstractSocket::RemoteHostClosedError:
        if (wasOpen)
            return {Failure::ConnectionLost, u"The connection to the relay at %1 was lost."_s.arg(where)};
        return {Failure::NotARelay,
                u"The server at %1 closed the connection before it was set up."_s.arg(where)};
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        return {Failure::Unreachable, u"Cannot set up a secure connection to the relay at %1: %2."_s.arg(
                                          where, bounded(qtErrorString))};
    case QAbstractSocket::ProxyAuthenticationRequiredError:
    case QAbstractSocket::ProxyConnectionRefusedError:
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyConnectionTimeoutError:
    case QAbstractSocket::ProxyNotFoundError:
    case QAbstractSocket::ProxyProtocolError:
        return {Failure::Unreachable,
                u"Cannot reach the relay at %1 through the proxy: %2."_s.arg(where, bounded(qtErrorString))};
    default:
        if (wasOpen) {
            return {Failure::ConnectionLost,
                    u"The connection to the relay at %1 failed: %2."_s.arg(where, bounded(qtErrorString))};
        }
        return {Failure::Unreachable, cannotReach.arg(where, bounded(qtErrorString))};
    }
}

ConnectionProblem describeClose(const QUrl &url, QWebSocketProtocol::CloseCode code, const QString &reason,
                                bool wasOpen)
{
    const QString where = relayAddress(url);
    if (!wasOpen)
        return {Failure::Unreachable, u"Cannot reach the relay at %1: the connection closed."_s.arg(where)};
    // The relay's words for an ended session (docs/relay.md): retrying with the same token cannot help.
    const QString why = reason.trimmed().toLower();
    if (code == QWebSocketProtocol::CloseCodeNormal && why == "logged out"_L1)
        return {Failure::LoggedOut, u"You were signed out of the relay at %1 (from another device)."_s.arg(where)};
    if (code == QWebSocketProtocol::CloseCodePolicyViolated && (why == "token revoked"_L1 || why == "token expired"_L1))
        return {Failure::TokenRejected, u"Your saved sign-in has expired or was revoked; please sign in again."_s};
    switch (code) {
    case QWebSocketProtocol::CloseCodeGoingAway:
        return {Failure::ConnectionLost, u"The relay at %1 is shutting down or restarting."_s.arg(where)};
    case QWebSocketProtocol::CloseCodeNormal:
        if (reason.trimmed().isEmpty())
            return {Failure::ConnectionLost, u"The relay at %1 closed the connection."_s.arg(where)};
        return {Failure::ConnectionLost,
                u"The relay at %1 closed the connection: %2."_s.arg(where, bounded(reason))};
    case QWebSocketProtocol::CloseCodeAbnormalDisconnection:
        return {Failure::ConnectionLost, u"The connection to the relay at %1 was lost."_s.arg(where)};
    default:
        if (reason.trimmed().isEmpty()) {
            return {Failure::ConnectionLost,
                    u"The relay at %1 closed the connection (code %2)."_s.arg(where).arg(int(code))};
        }
        return {Failure::ConnectionLost,
                u"The relay at %1 closed the connection: %2 (code %3)."_s.arg(where, bounded(reason))
                    .arg(int(code))};
    }
}

QString plainReason(const QString &message, protocol::ErrorCode code)
{
    const QString text = bounded(message);
    if (!text.isEmpty())
        return text;
    return protocol::errorCodeName(code).replace(u'_', u' ');
}

} // namespace confab::client
