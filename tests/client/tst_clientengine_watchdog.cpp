// The heartbeat watchdog against the real relay: a relay that stops answering (suspended with
// SIGSTOP, like a half-open connection after sleep) is noticed within the heartbeat's idle +
// timeout, the user sees why in plain words, and once the relay runs again the supervisor
// reconnects and nothing typed meanwhile is lost or shown twice. A quiet but healthy connection is
// never dropped.
#include "client/clientengine.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "relayprocess.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
using confab::client::ConnectionStatus;
using confab::client::ConnectionSupervisor;
using confab::client::ManualNetworkMonitor;
using confab::client::ReconnectPolicy;
using Phase = ConnectionStatus::Phase;
namespace proto = confab::protocol;
using std::chrono::milliseconds;

namespace {

constexpr int kWaitMs = 15000;
const QString kRoom = u"room:general"_s;
const ClientEngine::Heartbeat kShortHeartbeat { milliseconds(200), milliseconds(300) };

struct Desktop {
    Desktop(RelayProcess &relay, const QString &user, quint64 seed) : name(user)
    {
        engine.setHeartbeat(kShortHeartbeat);
        // A suspended relay still completes TCP handshakes (the kernel does): keep the attempts short.
        engine.setConnectTimeout(milliseconds(700));
        supervisor = std::make_unique<ConnectionSupervisor>(&engine, &monitor,
            [this, url = relay.url()] { engine.connectToRelay(url, name, name + u"-password"_s); });
        // The supervisor reconnects at once: remember what the engine said when it failed.
        QObject::connect(&engine, &ClientEngine::connectionError, &engine, [this] {
            failures.append(engine.lastFailure());
            errors.append(engine.lastError());
        });
        ReconnectPolicy policy;
        policy.initial = milliseconds(20);
        policy.cap = milliseconds(200);
        supervisor->setPolicy(policy);
        supervisor->setRandomSeed(seed);
        QObject::connect(&engine, &ClientEngine::messageReceived, &engine,
            [this](const proto::Message &message) { texts.append(message.text); });
    }

    Phase phase() const { return supervisor->status().phase; }

    QString name;
    ClientEngine engine;
    ManualNetworkMonitor monitor;
    std::unique_ptr<ConnectionSupervisor> supervisor;
    QStringList texts;
    QList<ClientEngine::Failure> failures;
    QStringList errors;
};

} // namespace

class TestClientEngineWatchdog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void quietButHealthyConnectionStays();
    void suspendedRelayIsReplaced();
    void probeChecksAtOnce();

private:
    void suspend(bool stop);

    RelayProcess m_relay;
    quint64 m_seed = 0;
    bool m_suspended = false;
};

void TestClientEngineWatchdog::initTestCase()
{
    m_seed = QRandomGenerator::global()->generate64();
    qInfo() << "seed" << m_seed;
    for (const QString &user : { u"alice"_s, u"bob"_s })
        QVERIFY(m_relay.addUser(user, user + u"-password"_s));
    QVERIFY(m_relay.createRoom(u"general"_s));
    for (const QString &user : { u"alice"_s, u"bob"_s }) {
        const RelayProcess::CommandResult added
            = m_relay.runAdmin({ u"room"_s, u"add-member"_s, u"general"_s, user });
        QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    }
    // The relay's own heartbeat must not decide anything here: only the client's watchdog.
    m_relay.setExtraArguments(
        { u"--heartbeat-interval-ms"_s, u"600000"_s, u"--heartbeat-timeout-ms"_s, u"600000"_s });
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestClientEngineWatchdog::cleanup()
{
    if (m_suspended)
        suspend(false);
}

void TestClientEngineWatchdog::cleanupTestCase()
{
    if (m_relay.isRunning())
        QVERIFY(m_relay.terminate());
}

void TestClientEngineWatchdog::suspend(bool stop)
{
    const auto pid = pid_t(m_relay.processId());
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid, stop ? SIGSTOP : SIGCONT), 0);
    m_suspended = stop;
}

void TestClientEngineWatchdog::quietButHealthyConnectionStays()
{
    Desktop alice(m_relay, u"alice"_s, m_seed);
    QSignalSpy errors(&alice.engine, &ClientEngine::connectionError);
    alice.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    // Many heartbeat periods with nothing to say: pings are answered, nothing is dropped.
    QTest::qWait(int((kShortHeartbeat.idle + kShortHeartbeat.timeout).count()) * 5);
    QCOMPARE(alice.engine.state(), ClientEngine::State::Connected);
    QCOMPARE(errors.size(), 0);
}

void TestClientEngineWatchdog::suspendedRelayIsReplaced()
{
    Desktop alice(m_relay, u"alice"_s, m_seed + 1);
    Desktop bob(m_relay, u"bob"_s, m_seed + 2);
    alice.engine.subscribe(kRoom);
    bob.engine.subscribe(kRoom);
    QSignalSpy bobSynced(&bob.engine, &ClientEngine::synced);
    alice.supervisor->start();
    bob.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.phase(), Phase::Connected, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!bobSynced.isEmpty(), kWaitMs);
    alice.engine.sendMessage(kRoom, u"before"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts, QStringList { u"before"_s }, kWaitMs);

    QSignalSpy aliceErrors(&alice.engine, &ClientEngine::connectionError);
    QElapsedTimer sinceSuspended;
    suspend(true);
    sinceSuspended.start();
    alice.engine.sendMessage(kRoom, u"while suspended 1"_s);
    alice.engine.sendMessage(kRoom, u"while suspended 2"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!aliceErrors.isEmpty(), kWaitMs);
    const qint64 noticedAfter = sinceSuspended.elapsed();
    qInfo() << "the dead connection was noticed after" << noticedAfter << "ms";
    // At most idle + timeout after the last activity, plus scheduling slack.
    QVERIFY2(noticedAfter < 1500, qPrintable(QString::number(noticedAfter)));
    QCOMPARE(alice.failures.value(0), ClientEngine::Failure::ConnectionLost);
    QVERIFY2(alice.errors.value(0).contains(u"stopped answering"_s), qPrintable(alice.errors.value(0)));
    QTRY_VERIFY_WITH_TIMEOUT(alice.phase() != Phase::Connected, kWaitMs);
    QCOMPARE(alice.supervisor->status().lastError.isEmpty(), false);
    alice.engine.sendMessage(kRoom, u"while suspended 3"_s);

    // The relay runs again: both reconnect, and every message arrives once, in order.
    suspend(false);
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.phase(), Phase::Connected, kWaitMs);
    alice.engine.sendMessage(kRoom, u"after"_s);
    const QStringList expected { u"before"_s, u"while suspended 1"_s, u"while suspended 2"_s,
        u"while suspended 3"_s, u"after"_s };
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts, expected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(alice.texts, expected, kWaitMs);
    // Nothing else trickles in later.
    QTest::qWait(300);
    QCOMPARE(bob.texts, expected);
}

void TestClientEngineWatchdog::probeChecksAtOnce()
{
    Desktop alice(m_relay, u"alice"_s, m_seed + 3);
    // A long idle period: only the probe can find the dead connection quickly.
    alice.engine.setHeartbeat({ std::chrono::minutes(10), milliseconds(300) });
    alice.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);

    // A healthy connection answers the probe.
    QSignalSpy errors(&alice.engine, &ClientEngine::connectionError);
    alice.engine.probe();
    QTest::qWait(600);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(alice.engine.state(), ClientEngine::State::Connected);

    // The network "comes back" after an outage the socket did not survive: the supervisor probes.
    suspend(true);
    alice.monitor.setReachable(false);
    QCOMPARE(alice.phase(), Phase::Connected);
    QElapsedTimer sinceBack;
    alice.monitor.setReachable(true);
    sinceBack.start();
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), kWaitMs);
    QVERIFY2(sinceBack.elapsed() < 1200, qPrintable(QString::number(sinceBack.elapsed())));
    QCOMPARE(alice.failures.value(0), ClientEngine::Failure::ConnectionLost);
    suspend(false);
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
}

QTEST_GUILESS_MAIN(TestClientEngineWatchdog)
#include "tst_clientengine_watchdog.moc"
