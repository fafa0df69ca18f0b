// ClientEngine: what keeps a session safe, apart from the rest of the connection: the proxy (and
// its credentials), the TLS trust decision (system CAs, or one pinned certificate), and logout.
#include "clientengine_p.h"
#include "connectionerrors.h"
#include "proxycredentialcheck.h"
#include "tlstrust.h"

#include <QAuthenticator>
#include <QSslSocket>
#include <QWebSocket>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
// How long logout() waits for the relay's ack (or its close) before ending locally anyway.
constexpr auto kLogoutBound = std::chrono::seconds(3);
// How long the proxy may take to say whether it refuses our credentials.
constexpr auto kProxyCheckTimeout = std::chrono::seconds(5);
} // namespace

void ClientEngine::setProxy(const QNetworkProxy &proxy)
{
    d->proxy = proxy;
}

QNetworkProxy ClientEngine::proxy() const
{
    return d->proxy;
}

void ClientEngine::setPinnedCertificate(const QByteArray &sha256)
{
    d->pinnedCertificate = sha256;
}

QByteArray ClientEngine::pinnedCertificate() const
{
    return d->pinnedCertificate;
}

ClientEngine::CertificateInfo ClientEngine::untrustedCertificate() const
{
    return d->untrusted;
}

void ClientEngine::logout()
{
    if (d->state == State::Connected && (d->socket || d->eventStream)) {
        qCInfo(lcClient).noquote() << "logging out of" << relayAddress(d->url);
        d->logoutRequestId = Private::newId();
        d->sendFrame(proto::Logout { d->logoutRequestId });
        d->logoutTimer.start(kLogoutBound);
        return;
    }
    d->finishLogout();
}

void ClientEngine::Private::prepareSecurity(QWebSocket *webSocket)
{
    if (proxyCheck)
        proxyCheck->deleteLater(); // of an earlier attempt: its answer no longer matters
    untrusted = {};
    tlsProblem.clear();
    proxyCredentialsOffered = false;
    logoutRequestId.clear();
    logoutTimer.stop();
    webSocket->setProxy(proxy);
    QObject::connect(webSocket, &QWebSocket::sslErrors, q,
        [this, webSocket](const QList<QSslError> &errors) { onSslErrors(webSocket, errors); });
    QObject::connect(webSocket, &QWebSocket::proxyAuthenticationRequired, q,
        [this](const QNetworkProxy &asking, QAuthenticator *authenticator) {
            onProxyAuthenticationRequired(asking, authenticator);
        });
    if (!logoutTimerReady) {
        logoutTimerReady = true;
        logoutTimer.setSingleShot(true);
        QObject::connect(&logoutTimer, &QTimer::timeout, q, [this] {
            qCInfo(lcClient) << "the relay did not confirm the logout in time; ending the session locally";
            finishLogout();
        });
    }
}

void ClientEngine::Private::onSslErrors(QWebSocket *webSocket, const QList<QSslError> &errors)
{
    if (webSocket != socket)
        return;
    // The relay's own chain, from the TLS socket the WebSocket runs on; the errors alone do not
    // always say which certificate is the leaf.
    QList<QSslCertificate> chain;
    if (const auto *tls = webSocket->findChild<QSslSocket *>())
        chain = tls->peerCertificateChain();
    const QSslCertificate leaf = TlsTrust::leafCertificate(errors, chain);
    const QByteArray presented = TlsTrust::sha256(leaf);
    if (!pinnedCertificate.isEmpty() && presented == pinnedCertificate) {
        qCInfo(lcClient).noquote() << "accepting the pinned certificate of" << relayAddress(url);
        webSocket->ignoreSslErrors(errors); // exactly these errors, for exactly this certificate
        return;
    }
    // Not ignoring them makes the handshake fail; onSocketError() then reports this instead.
    untrusted = TlsTrust::describe(leaf, errors);
    tlsProblem = TlsTrust::refusal(relayAddress(url), untrusted, !pinnedCertificate.isEmpty());
}

void ClientEngine::Private::onProxyAuthenticationRequired(
    const QNetworkProxy &asking, QAuthenticator *authenticator)
{
    // Offer the configured credentials once per attempt; asked again means they were refused,
    // and leaving the authenticator untouched makes the attempt fail (see proxyFailure()).
    if (proxyCredentialsOffered || proxy.user().isEmpty())
        return;
    qCDebug(lcClient).noquote() << "the proxy" << asking.hostName() << "asks for credentials";
    proxyCredentialsOffered = true;
    authenticator->setUser(proxy.user());
    authenticator->setPassword(proxy.password());
}

std::optional<ConnectionProblem> ClientEngine::Private::securityProblem(
    QAbstractSocket::SocketError error) const
{
    if (!tlsProblem.isEmpty())
        return ConnectionProblem { Failure::UntrustedCertificate, tlsProblem };
    const bool explicitProxy
        = proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::Socks5Proxy;
    // The system's proxy is not known here by name; Qt's own words about it stay in the log.
    const QString theProxy = explicitProxy ? u"the proxy at %1:%2"_s.arg(proxy.hostName()).arg(proxy.port())
                                           : u"the system's proxy"_s;
    const QString capitalised = theProxy.at(0).toUpper() + theProxy.mid(1);
    const QString cannotReach = u"Cannot reach the relay at %1 through %2: %3."_s;
    switch (error) {
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        if (proxy.user().isEmpty())
            return ConnectionProblem { Failure::ProxyRefused,
                capitalised + u" asks for a user name and password."_s };
        return ConnectionProblem { Failure::ProxyRefused,
            capitalised + u" refused the user name or password."_s };
    case QAbstractSocket::ProxyConnectionRefusedError:
        return ConnectionProblem { Failure::Unreachable,
            cannotReach.arg(relayAddress(url), theProxy, u"the proxy refused the connection"_s) };
    case QAbstractSocket::ProxyConnectionClosedError:
        return ConnectionProblem { Failure::Unreachable,
            cannotReach.arg(relayAddress(url), theProxy, u"the proxy closed the connection"_s) };
    case QAbstractSocket::ProxyConnectionTimeoutError:
        return ConnectionProblem { Failure::Unreachable,
            cannotReach.arg(relayAddress(url), theProxy, u"the proxy did not answer in time"_s) };
    case QAbstractSocket::ProxyNotFoundError:
        return ConnectionProblem { Failure::Unreachable,
            cannotReach.arg(relayAddress(url), theProxy, u"its host name was not found"_s) };
    case QAbstractSocket::ProxyProtocolError:
        return ConnectionProblem { Failure::Unreachable,
            cannotReach.arg(
                relayAddress(url), theProxy, u"the proxy answered in a way Confab does not understand"_s) };
    default:
        return std::nullopt;
    }
}

bool ClientEngine::Private::checkProxyCredentials(
    QAbstractSocket::SocketError error, const ConnectionProblem &otherwise)
{
    const bool ambiguous = error == QAbstractSocket::ProxyProtocolError
        || error == QAbstractSocket::ProxyConnectionClosedError;
    if (!ambiguous || state != State::Connecting || proxy.type() != QNetworkProxy::HttpProxy
        || proxy.user().isEmpty() || proxyCheck)
        return false;
    releaseSocket(false); // Qt's attempt is over; the state stays Connecting until the verdict
    auto *check = new ProxyCredentialCheck(
        proxy, url.host(), quint16(url.port(url.scheme() == "wss"_L1 ? 443 : 80)), q);
    proxyCheck = check;
    QObject::connect(check, &ProxyCredentialCheck::finished, q,
        [this, check, otherwise](ProxyCredentialCheck::Verdict verdict) {
            check->deleteLater();
            if (proxyCheck != check || state != State::Connecting || socket)
                return; // a newer attempt, or the user gave up meanwhile
            if (verdict == ProxyCredentialCheck::Verdict::Refused) {
                fail(Failure::ProxyRefused,
                    u"The proxy at %1:%2 refused the user name or password."_s.arg(proxy.hostName())
                        .arg(proxy.port()));
            } else if (verdict == ProxyCredentialCheck::Verdict::UnsupportedScheme) {
                fail(Failure::ProxyRefused,
                    u"The proxy at %1:%2 asks for a sign-in method Confab cannot use with a user name "
                     "and password; ask its administrator for Basic sign-in."_s.arg(proxy.hostName())
                        .arg(proxy.port()));
            } else {
                fail(otherwise.failure, otherwise.description);
            }
        });
    check->start(kProxyCheckTimeout);
    return true;
}

void ClientEngine::Private::finishLogout()
{
    logoutTimer.stop();
    logoutRequestId.clear();
    connectTimer.stop();
    releaseSocket(true);
    endSession();
    // Nothing of the signed-out session carries over to whoever signs in next.
    ledger.clear();
    cursors.clear();
    password.clear();
    token.clear();
    lastError = u"You signed out of the relay at %1."_s.arg(relayAddress(url));
    failure = Failure::LoggedOut;
    setState(State::Disconnected);
    Q_EMIT q->loggedOut();
}

} // namespace confab::client
