// ProxyCredentialCheck against a fake HTTP proxy in the test: the password goes out (Basic) only
// to a proxy whose refusal offers Basic; a proxy asking for another scheme never sees it.
#include "client/proxycredentialcheck.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ProxyCredentialCheck;

namespace {

constexpr int kWaitMs = 5000;

// Answers each CONNECT it gets with the next scripted answer, then closes the connection (like
// tinyproxy after a refusal); remembers every request it got.
class FakeProxy : public QObject
{
public:
    explicit FakeProxy(QList<QByteArray> answers) : m_answers(std::move(answers))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_partial[socket] += socket->readAll();
                    if (!m_partial[socket].contains("\r\n\r\n"))
                        return;
                    requests.append(m_partial.take(socket));
                    socket->write(m_answers.isEmpty() ? QByteArray("HTTP/1.1 500 No\r\n\r\n")
                                                      : m_answers.takeFirst());
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QNetworkProxy proxy() const
    {
        return QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, m_server.serverPort(), u"proxyuser"_s,
                             u"Secret-Pa55"_s);
    }

    QList<QByteArray> requests;

private:
    QTcpServer m_server;
    QList<QByteArray> m_answers;
    QHash<QTcpSocket *, QByteArray> m_partial;
};

ProxyCredentialCheck::Verdict check(FakeProxy &fake)
{
    ProxyCredentialCheck checker(fake.proxy(), u"relay.example"_s, 443);
    QSignalSpy finished(&checker, &ProxyCredentialCheck::finished);
    checker.start(std::chrono::milliseconds(kWaitMs));
    if (!finished.wait(kWaitMs))
        return ProxyCredentialCheck::Verdict::Unknown;
    return finished.first().first().value<ProxyCredentialCheck::Verdict>();
}

bool sentPassword(const FakeProxy &fake)
{
    const QByteArray basic = "Basic " + QByteArray("proxyuser:Secret-Pa55").toBase64();
    for (const QByteArray &request : fake.requests) {
        if (request.contains("Proxy-Authorization") || request.contains(basic))
            return true;
    }
    return false;
}

} // namespace

class TestProxyCredentialCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void basicChallengeThenRefused();
    void basicChallengeThenAccepted();
    void otherSchemeNeverGetsThePassword();
    void noChallengeNeedsNoPassword();
};

void TestProxyCredentialCheck::basicChallengeThenRefused()
{
    const QByteArray refusal = "HTTP/1.1 407 Proxy Authentication Required\r\n"
                               "Proxy-Authenticate: Digest realm=\"x\", nonce=\"1\"\r\n"
                               "Proxy-Authenticate: Basic realm=\"proxy\"\r\n\r\n";
    FakeProxy fake({refusal, refusal});
    QVERIFY(fake.listen());
    QCOMPARE(check(fake), ProxyCredentialCheck::Verdict::Refused);
    QCOMPARE(fake.requests.size(), 2);
    QVERIFY(!fake.requests.at(0).contains("Proxy-Authorization"));
    const QByteArray expected = "Proxy-Authorization: Basic " + QByteArray("proxyuser:Secret-Pa55").toBase64();
    QVERIFY(fake.requests.at(1).contains(expected));
}

void TestProxyCredentialCheck::basicChallengeThenAccepted()
{
    // tinyproxy's way: 401 with a WWW-Authenticate challenge.
    FakeProxy fake({"HTTP/1.0 401 Unauthorized\r\nWWW-Authenticate: basic realm=\"tinyproxy\"\r\n\r\n",
                    "HTTP/1.0 200 Connection established\r\n\r\n"});
    QVERIFY(fake.listen());
    QCOMPARE(check(fake), ProxyCredentialCheck::Verdict::Accepted);
    QCOMPARE(fake.requests.size(), 2);
}

void TestProxyCredentialCheck::otherSchemeNeverGetsThePassword()
{
    FakeProxy fake({"HTTP/1.1 407 Proxy Authentication Required\r\n"
                    "Proxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\n"
                    "Proxy-Authenticate: Digest realm=\"basic\", qop=\"auth\"\r\n\r\n"});
    QVERIFY(fake.listen());
    QCOMPARE(check(fake), ProxyCredentialCheck::Verdict::UnsupportedScheme);
    QCOMPARE(fake.requests.size(), 1);
    QVERIFY(!sentPassword(fake));
}

void TestProxyCredentialCheck::noChallengeNeedsNoPassword()
{
    FakeProxy fake({"HTTP/1.1 502 Bad Gateway\r\n\r\n"});
    QVERIFY(fake.listen());
    QCOMPARE(check(fake), ProxyCredentialCheck::Verdict::Accepted);
    QVERIFY(!sentPassword(fake));
}

QTEST_GUILESS_MAIN(TestProxyCredentialCheck)
#include "tst_proxycredentialcheck.moc"
