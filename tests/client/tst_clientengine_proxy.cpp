// The engine through a real HTTP proxy (tinyproxy with Basic authentication), set explicitly: Qt
// bypasses a system proxy for loopback hosts, so a test of the system proxy would prove nothing.
// With the right credentials it connects and the proxy's log shows the CONNECT; with wrong or no
// credentials the user is told so, naming the proxy.
#include "client/clientengine.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "tinyproxyprocess.h"

#include <QNetworkProxy>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

namespace {
constexpr int kWaitMs = 15000;
const QString kUser = u"erin"_s;
const QString kRoom = u"room:proxied"_s;
const QString kProxyUser = u"proxyuser"_s;
const QString kProxyPassword = u"Pr0xy-pass"_s;
} // namespace

class TestClientEngineProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaultIsTheApplicationProxy();
    void connectsThroughTheProxyWithCredentials();
    void wrongProxyPasswordIsRefusedClearly();
    void missingProxyCredentialsAreRefusedClearly();
    void proxyThatIsNotThereNamesTheProxy();

private:
    QNetworkProxy proxy(const QString &user, const QString &password) const;
    void expectFailure(ClientEngine &engine, ClientEngine::Failure failure);

    RelayProcess m_relay;
    TinyProxyProcess m_proxy;
};

void TestClientEngineProxy::initTestCase()
{
    if (TinyProxyProcess::binaryPath().isEmpty())
        QSKIP("tinyproxy is not installed (Debian package: tinyproxy)");
    QVERIFY(relayadmin::addUsers(m_relay, { kUser }));
    QVERIFY(relayadmin::addRoom(m_relay, u"proxied"_s, { kUser }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    m_proxy.setBasicAuth(kProxyUser, kProxyPassword);
    QVERIFY2(m_proxy.start(), qPrintable(m_proxy.errorString()));
}

QNetworkProxy TestClientEngineProxy::proxy(const QString &user, const QString &password) const
{
    return QNetworkProxy(QNetworkProxy::HttpProxy, m_proxy.host(), m_proxy.port(), user, password);
}

void TestClientEngineProxy::expectFailure(ClientEngine &engine, ClientEngine::Failure failure)
{
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    engine.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, relayadmin::passwordOf(kUser) });
    QVERIFY(errors.wait(kWaitMs));
    qInfo().noquote() << "refused with:" << engine.lastError();
    QCOMPARE(engine.lastFailure(), failure);
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
}

void TestClientEngineProxy::defaultIsTheApplicationProxy()
{
    ClientEngine engine;
    QCOMPARE(engine.proxy().type(), QNetworkProxy::DefaultProxy);
}

void TestClientEngineProxy::connectsThroughTheProxyWithCredentials()
{
    ClientEngine engine;
    engine.setProxy(proxy(kProxyUser, kProxyPassword));
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    engine.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, relayadmin::passwordOf(kUser) });
    QVERIFY2(authenticated.wait(kWaitMs), qPrintable(engine.lastError()));

    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    engine.subscribe(kRoom);
    QVERIFY(subscribed.wait(kWaitMs));
    engine.sendMessage(kRoom, u"through the proxy"_s);
    QVERIFY(received.wait(kWaitMs));
    QCOMPARE(received.constFirst().at(0).value<confab::protocol::Message>().text, u"through the proxy"_s);

    QTRY_VERIFY2_WITH_TIMEOUT(m_proxy.sawConnectTo(m_relay.port()), qPrintable(m_proxy.log()), kWaitMs);
}

void TestClientEngineProxy::wrongProxyPasswordIsRefusedClearly()
{
    ClientEngine engine;
    engine.setProxy(proxy(kProxyUser, u"wrong"_s));
    expectFailure(engine, ClientEngine::Failure::ProxyRefused);
    QCOMPARE(engine.lastError(),
        u"The proxy at 127.0.0.1:%1 refused the user name or password."_s.arg(m_proxy.port()));
}

void TestClientEngineProxy::missingProxyCredentialsAreRefusedClearly()
{
    ClientEngine engine;
    engine.setProxy(proxy({}, {}));
    expectFailure(engine, ClientEngine::Failure::ProxyRefused);
    QCOMPARE(engine.lastError(),
        u"The proxy at 127.0.0.1:%1 asks for a user name and password."_s.arg(m_proxy.port()));
}

void TestClientEngineProxy::proxyThatIsNotThereNamesTheProxy()
{
    TinyProxyProcess gone;
    QVERIFY2(gone.start(), qPrintable(gone.errorString()));
    const quint16 port = gone.port();
    gone.stop(); // nothing listens there now

    ClientEngine engine;
    engine.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, port));
    expectFailure(engine, ClientEngine::Failure::Unreachable);
    QVERIFY2(
        engine.lastError().contains(u"proxy at 127.0.0.1:%1"_s.arg(port)), qPrintable(engine.lastError()));
}

QTEST_GUILESS_MAIN(TestClientEngineProxy)
#include "tst_clientengine_proxy.moc"
