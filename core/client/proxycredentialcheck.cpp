#include "proxycredentialcheck.h"

#include <QUrl>

namespace confab::client {

namespace {
// A proxy's refusal is a short header block; anything longer without its end is not an HTTP
// proxy talking.
constexpr qsizetype kMaxHeaderBytes = 16 * 1024;

bool isRefusal(const QByteArray &status)
{
    // 407 is the standard answer; tinyproxy answers a wrong password with 401 to a CONNECT.
    return status == "407" || status == "401";
}

// Whether a challenge header value ("Basic realm=..., Digest ...") offers Basic. Schemes are
// tokens at the start of the value or after a comma; a parameter value never starts a challenge
// without "=", so a token followed by "=" is a parameter, not a scheme.
bool offersBasic(const QByteArray &value)
{
    for (const QByteArray &part : value.split(',')) {
        const QByteArray trimmed = part.trimmed();
        const qsizetype space = trimmed.indexOf(' ');
        const QByteArray token = space < 0 ? trimmed : trimmed.left(space);
        if (!token.contains('=') && token.compare("basic", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}
} // namespace

ProxyCredentialCheck::ProxyCredentialCheck(
    const QNetworkProxy &proxy, const QString &targetHost, quint16 targetPort, QObject *parent)
    : QObject(parent), m_proxy(proxy), m_targetHost(targetHost), m_targetPort(targetPort)
{
    m_socket.setProxy(QNetworkProxy::NoProxy); // talk to the proxy itself
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { finish(Verdict::Unknown); });
    connect(&m_socket, &QTcpSocket::connected, this, &ProxyCredentialCheck::onConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &ProxyCredentialCheck::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &ProxyCredentialCheck::onClosed);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &ProxyCredentialCheck::onClosed);
}

void ProxyCredentialCheck::start(std::chrono::milliseconds timeout)
{
    m_timeout.start(timeout);
    m_socket.connectToHost(m_proxy.hostName(), m_proxy.port());
}

void ProxyCredentialCheck::onConnected()
{
    const QByteArray target = QUrl::toAce(m_targetHost) + ':' + QByteArray::number(m_targetPort);
    QByteArray request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
    if (m_withCredentials) {
        const QByteArray credentials = (m_proxy.user() + u':' + m_proxy.password()).toUtf8().toBase64();
        request += "Proxy-Authorization: Basic " + credentials + "\r\n";
    }
    m_socket.write(request + "\r\n");
}

void ProxyCredentialCheck::onClosed()
{
    if (m_done)
        return;
    onReadyRead();
    // onReadyRead() may have started the second request on a new connection.
    if (!m_done && m_socket.state() == QAbstractSocket::UnconnectedState)
        finish(Verdict::Unknown);
}

void ProxyCredentialCheck::onReadyRead()
{
    if (m_done)
        return;
    m_response += m_socket.readAll();
    const qsizetype statusEnd = m_response.indexOf("\r\n");
    if (statusEnd < 0) {
        if (m_response.size() > kMaxHeaderBytes)
            finish(Verdict::Unknown);
        return;
    }
    // "HTTP/1.1 407 Proxy Authentication Required"
    const QList<QByteArray> parts = m_response.left(statusEnd).split(' ');
    if (parts.size() < 2 || !parts.at(0).startsWith("HTTP/")) {
        finish(Verdict::Unknown);
        return;
    }
    const QByteArray status = parts.at(1);
    if (m_withCredentials) {
        finish(isRefusal(status) ? Verdict::Refused : Verdict::Accepted);
        return;
    }
    if (!isRefusal(status)) {
        finish(Verdict::Accepted); // it does not even want credentials
        return;
    }
    // The challenge headers decide whether credentials may be sent at all: wait for all of them
    // (or for the proxy to close after sending what it had).
    qsizetype headerEnd = m_response.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_response.size() > kMaxHeaderBytes) {
            finish(Verdict::Unknown);
            return;
        }
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            return;
        headerEnd = m_response.size();
    }
    onChallenge(m_response.mid(statusEnd + 2, headerEnd - statusEnd - 2).split('\n'));
}

void ProxyCredentialCheck::onChallenge(const QList<QByteArray> &headerLines)
{
    bool basic = false;
    for (const QByteArray &line : headerLines) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        // Some proxies (tinyproxy, with its 401) name the challenge WWW-Authenticate.
        const bool challenge = name.compare("proxy-authenticate", Qt::CaseInsensitive) == 0
            || name.compare("www-authenticate", Qt::CaseInsensitive) == 0;
        if (challenge && offersBasic(line.mid(colon + 1)))
            basic = true;
    }
    if (!basic) {
        finish(Verdict::UnsupportedScheme);
        return;
    }
    // Ask again with the credentials, on a fresh connection: the proxy may close this one.
    m_withCredentials = true;
    m_response.clear();
    QObject::disconnect(&m_socket, nullptr, this, nullptr);
    m_socket.abort();
    connect(&m_socket, &QTcpSocket::connected, this, &ProxyCredentialCheck::onConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &ProxyCredentialCheck::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &ProxyCredentialCheck::onClosed);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &ProxyCredentialCheck::onClosed);
    m_socket.connectToHost(m_proxy.hostName(), m_proxy.port());
}

void ProxyCredentialCheck::finish(Verdict verdict)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_socket.abort();
    Q_EMIT finished(verdict);
}

} // namespace confab::client
