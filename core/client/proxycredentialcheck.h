#pragma once

#include <QNetworkProxy>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

namespace confab::client {

// Asks an HTTP proxy directly whether it accepts our user name and password. Qt reports a proxy
// that refuses credentials and then closes the connection (tinyproxy does) as a generic "error
// communicating with the proxy" (tinyproxy even answers 401, which Qt does not expect). This check
// first sends a CONNECT without credentials; only when the proxy's refusal offers Basic does it
// send a second CONNECT with Basic credentials (never the password in clear to a proxy that asked
// for another scheme). That tells a refused password (407) apart from a proxy that is really
// broken, so the user gets the right sentence. One-shot: answers finished() exactly once, then
// may be deleted.
class ProxyCredentialCheck : public QObject
{
    Q_OBJECT

public:
    enum class Verdict {
        Refused, // the proxy answered 407 (or 401) to our credentials
        Accepted, // it answered something else: the credentials are not the problem
        Unknown, // no answer (closed, timed out, not HTTP)
        UnsupportedScheme, // it wants credentials, but not by Basic: they were not sent
    };
    Q_ENUM(Verdict)

    ProxyCredentialCheck(
        const QNetworkProxy &proxy, const QString &targetHost, quint16 targetPort, QObject *parent = nullptr);

    void start(std::chrono::milliseconds timeout);

Q_SIGNALS:
    void finished(confab::client::ProxyCredentialCheck::Verdict verdict);

private:
    void onConnected();
    void onReadyRead();
    void onClosed();
    // The first answer (no credentials sent) is complete in m_response.
    void onChallenge(const QList<QByteArray> &headerLines);
    void finish(Verdict verdict);

    QNetworkProxy m_proxy;
    QString m_targetHost;
    quint16 m_targetPort;
    QTcpSocket m_socket;
    QTimer m_timeout;
    QByteArray m_response;
    bool m_withCredentials = false; // the second request, after a Basic challenge
    bool m_done = false;
};

} // namespace confab::client
