// The client engine behind a real nginx reverse proxy that does not pass WebSocket upgrades (the
// issue's fallback test): the engine gets in over the HTTP fallback on its own (events as SSE on
// GET /v1/events, frames in POST /v1/frames), keeps every delivery guarantee there (acks, resume
// after being away, the outbox across a relay crash, nothing twice), and moves back to WebSocket
// by itself once the proxy allows upgrades, without losing or doubling a message.
#include "client/clientengine.h"
#include "client/connection/connectionstatus.h"
#include "client/connection/connectionsupervisor.h"
#include "nginxprocess.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
using confab::client::ConnectionStatus;
using confab::client::ConnectionSupervisor;
namespace proto = confab::protocol;

namespace {

constexpr int kWaitMs = 15000;
const QString kRoom = u"room:general"_s;

// A user's desktop: an engine, optionally kept up by a supervisor, and what it received.
struct Desktop {
    explicit Desktop(const QString &user) : name(user) {}

    void superviseAt(const QUrl &url)
    {
        supervisor = std::make_unique<ConnectionSupervisor>(&engine, nullptr, [this, url] {
            engine.connectToRelay(url, name, name + u"-password"_s);
        });
        confab::client::ReconnectPolicy policy;
        policy.initial = std::chrono::milliseconds(100);
        policy.cap = std::chrono::milliseconds(400);
        supervisor->setPolicy(policy);
        supervisor->setRandomSeed(7);
    }

    bool logIn(const QUrl &url)
    {
        QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
        engine.connectToRelay(url, name, name + u"-password"_s);
        return authenticated.wait(kWaitMs);
    }

    QString transport() const { return supervisor ? supervisor->status().transport : engine.transport(); }
    bool connected() const
    {
        return supervisor ? supervisor->status().phase == ConnectionStatus::Phase::Connected
                          : engine.state() == ClientEngine::State::Connected;
    }

    QStringList texts() const
    {
        QStringList result;
        for (const QList<QVariant> &received : messages)
            result.append(received.first().value<proto::Message>().text);
        return result;
    }
    QList<qint64> seqs() const
    {
        QList<qint64> result;
        for (const QList<QVariant> &received : messages)
            result.append(received.first().value<proto::Message>().seq);
        return result;
    }
    bool acknowledged(const QString &key) const
    {
        for (const QList<QVariant> &ack : acks) {
            if (ack.at(1).toString() == key)
                return true;
        }
        return false;
    }
    bool waitSynced(qsizetype from)
    {
        return QTest::qWaitFor([&] { return synced.size() > from; }, kWaitMs);
    }

    QString name;
    ClientEngine engine;
    std::unique_ptr<ConnectionSupervisor> supervisor;
    QSignalSpy messages{&engine, &ClientEngine::messageReceived};
    QSignalSpy acks{&engine, &ClientEngine::messageAcknowledged};
    QSignalSpy synced{&engine, &ClientEngine::synced};
    QSignalSpy failed{&engine, &ClientEngine::requestFailed};
};

// Every seq once, with no gap: what a user sees as "nothing lost, nothing twice".
bool continuous(const QList<qint64> &seqs)
{
    for (qsizetype i = 1; i < seqs.size(); ++i) {
        if (seqs.at(i) != seqs.at(i - 1) + 1)
            return false;
    }
    return true;
}

} // namespace

class TestClientEngineFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fallbackKeepsEveryGuaranteeAndReturnsToWebSocket();
    void relayWithoutAProxyStaysOnWebSocket();

private:
    RelayProcess m_relay;
    NginxProcess m_nginx;
};

void TestClientEngineFallback::initTestCase()
{
    if (NginxProcess::binaryPath().isEmpty())
        QSKIP("nginx is not installed (Debian package: nginx)");
    for (const QString &user : {u"alice"_s, u"bob"_s})
        QVERIFY(m_relay.addUser(user, user + u"-password"_s));
    QVERIFY(m_relay.createRoom(u"general"_s));
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const RelayProcess::CommandResult added = m_relay.runAdmin({u"room"_s, u"add-member"_s, u"general"_s, user});
        QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    }
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    QVERIFY2(m_nginx.start(m_relay.port(), NginxProcess::Mode::NoWebSocket), qPrintable(m_nginx.errorString()));
}

void TestClientEngineFallback::cleanupTestCase()
{
    m_nginx.stop();
    if (m_relay.isRunning())
        QVERIFY(m_relay.terminate());
}

void TestClientEngineFallback::fallbackKeepsEveryGuaranteeAndReturnsToWebSocket()
{
    Desktop alice(u"alice"_s); // behind the proxy
    Desktop bob(u"bob"_s);     // straight to the relay, on WebSocket
    alice.engine.setWebSocketRetryInterval(std::chrono::milliseconds(300));
    alice.engine.setConnectTimeout(std::chrono::seconds(5));
    alice.superviseAt(QUrl(m_nginx.relayUrl()));
    alice.engine.subscribe(kRoom);
    bob.engine.subscribe(kRoom);

    // 1. The proxy refuses the upgrade; alice is connected anyway, over the fallback.
    alice.supervisor->start();
    QTRY_VERIFY_WITH_TIMEOUT(alice.connected(), kWaitMs);
    QCOMPARE(alice.transport(), u"event-stream"_s);
    QCOMPARE(alice.engine.transport(), u"event-stream"_s);
    QVERIFY(alice.waitSynced(0));
    QVERIFY(bob.logIn(m_relay.url()));
    QCOMPARE(bob.engine.transport(), u"websocket"_s);
    QVERIFY(bob.waitSynced(0));
    // nginx logs a request when it ends: the long GET /v1/events shows later, the POSTs at once.
    QVERIFY2(m_nginx.accessLog().contains(u"POST /v1/frames"_s), qPrintable(m_nginx.accessLog()));

    // Sending and receiving, with acks, both ways.
    const QString a1 = alice.engine.sendMessage(kRoom, u"a1 over the fallback"_s);
    QTRY_VERIFY_WITH_TIMEOUT(alice.acknowledged(a1), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts(), QStringList{u"a1 over the fallback"_s}, kWaitMs);
    const QString b1 = bob.engine.sendMessage(kRoom, u"b1 to alice"_s);
    QTRY_VERIFY_WITH_TIMEOUT(bob.acknowledged(b1), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(alice.texts(), (QStringList{u"a1 over the fallback"_s, u"b1 to alice"_s}), kWaitMs);
    // Many in a row keep their order (one POST at a time).
    QStringList burst;
    for (int i = 0; i < 30; ++i) {
        burst.append(u"burst %1"_s.arg(i));
        alice.engine.sendMessage(kRoom, burst.last());
    }
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts().mid(2), burst, kWaitMs);

    // 2. Away for a while: what bob said meanwhile arrives after alice is back (resume), and what
    // alice wrote while away waits in the outbox and goes out once.
    alice.supervisor->stop();
    QCOMPARE(alice.engine.state(), ClientEngine::State::Disconnected);
    QVERIFY(bob.engine.sendMessage(kRoom, u"b2 while alice is away"_s).size() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts().size(), 33, kWaitMs);
    const QString a2 = alice.engine.sendMessage(kRoom, u"a2 written offline"_s);
    const qsizetype aliceSynced = alice.synced.size();
    alice.supervisor->start();
    QVERIFY(alice.waitSynced(aliceSynced));
    QCOMPARE(alice.transport(), u"event-stream"_s);
    QTRY_VERIFY_WITH_TIMEOUT(alice.acknowledged(a2), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts().size(), 34, kWaitMs);
    QCOMPARE(bob.texts().last(), u"a2 written offline"_s);
    QTRY_VERIFY_WITH_TIMEOUT(alice.texts().contains(u"b2 while alice is away"_s), kWaitMs);

    // 3. The relay crashes right after alice sent a3: whether or not it was stored, her outbox
    // sends it again (same client_msg_id) when the supervisor has her back, and it exists once.
    const QString a3 = alice.engine.sendMessage(kRoom, u"a3 around a crash"_s);
    QVERIFY(m_relay.kill());
    QVERIFY(m_relay.start(m_relay.port()));
    QTRY_VERIFY_WITH_TIMEOUT(alice.acknowledged(a3), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(alice.connected(), kWaitMs);
    QCOMPARE(alice.transport(), u"event-stream"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bob.engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    const qsizetype bobSynced = bob.synced.size();
    QVERIFY(bob.logIn(m_relay.url()));
    QVERIFY(bob.waitSynced(bobSynced));
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts().count(u"a3 around a crash"_s), 1, kWaitMs);

    // 4. The proxy now passes upgrades: alice moves to WebSocket on her own, and the
    // conversation goes on without a gap or a double on either side.
    QVERIFY2(m_nginx.setMode(NginxProcess::Mode::WebSocketAllowed), qPrintable(m_nginx.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(alice.transport(), u"websocket"_s, kWaitMs);
    QVERIFY(alice.connected());
    const QString a4 = alice.engine.sendMessage(kRoom, u"a4 on WebSocket again"_s);
    QVERIFY(bob.engine.sendMessage(kRoom, u"b4 after the switch"_s).size() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(alice.acknowledged(a4), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(alice.texts().contains(u"b4 after the switch"_s), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(bob.texts().contains(u"a4 on WebSocket again"_s), kWaitMs);

    const QList<qint64> aliceSeqs = alice.seqs();
    QVERIFY2(continuous(aliceSeqs), qPrintable(alice.texts().join(u" | "_s)));
    QVERIFY2(continuous(bob.seqs()), qPrintable(bob.texts().join(u" | "_s)));
    QCOMPARE(alice.texts(), bob.texts());
    QCOMPARE(alice.texts().count(u"a3 around a crash"_s), 1);
    QCOMPARE(alice.failed.size(), 0);
    alice.supervisor->stop();
    m_nginx.setMode(NginxProcess::Mode::NoWebSocket);
}

void TestClientEngineFallback::relayWithoutAProxyStaysOnWebSocket()
{
    // The fallback is for refused upgrades only: straight to the relay, the WebSocket it is.
    Desktop carol(u"alice"_s);
    QVERIFY(carol.logIn(m_relay.url()));
    QCOMPARE(carol.engine.transport(), u"websocket"_s);
    carol.engine.disconnectFromRelay();
    QCOMPARE(carol.engine.transport(), QString());
}

QTEST_GUILESS_MAIN(TestClientEngineFallback)
#include "tst_clientengine_fallback.moc"
