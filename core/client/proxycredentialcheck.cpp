#include "proxycredentialcheck.h"

#include <QUrl>

namespace confab::client {

namespace {
// A status line is short; anything longer without a line end is not an HTTP proxy talking.
constexpr qsizetype kMaxStatusLine = 1024;
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
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        finish(Verdict::Unknown);
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        onReadyRead();
        finish(Verdict::Unknown);
    });
}

void ProxyCredentialCheck::start(std::chrono::milliseconds timeout)
{
    m_timeout.start(timeout);
    m_socket.connectToHost(m_proxy.hostName(), m_proxy.port());
}

void ProxyCredentialCheck::onConnected()
{
    const QByteArray target = QUrl::toAce(m_targetHost) + ':' + QByteArray::number(m_targetPort);
    const QByteArray credentials = (m_proxy.user() + u':' + m_proxy.password()).toUtf8().toBase64();
    m_socket.write("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nProxy-Authorization: Basic "
        + credentials + "\r\n\r\n");
}

void ProxyCredentialCheck::onReadyRead()
{
    if (m_done)
        return;
    m_response += m_socket.readAll();
    const qsizetype end = m_response.indexOf("\r\n");
    if (end < 0) {
        if (m_response.size() > kMaxStatusLine)
            finish(Verdict::Unknown);
        return;
    }
    // "HTTP/1.1 407 Proxy Authentication Required"
    const QList<QByteArray> parts = m_response.left(end).split(' ');
    if (parts.size() < 2 || !parts.at(0).startsWith("HTTP/")) {
        finish(Verdict::Unknown);
        return;
    }
    // 407 is the standard answer; tinyproxy answers a wrong password with 401 to a CONNECT.
    const bool refused = parts.at(1) == "407" || parts.at(1) == "401";
    finish(refused ? Verdict::Refused : Verdict::Accepted);
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
