// Keeping the connection up against the real relay, as a user sees it: the relay restarts while
// people talk (the status says "waiting to retry" with a time and plain words, then "connected",
// and what was typed meanwhile arrives once, in order); the network goes away (offline, no
// pointless attempts) and comes back (connected at once); a wrong password stops retrying; the
// "Retry now" button does not wait for the backoff.
#include "client/clientengine.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "relayprocess.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

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

ReconnectPolicy shortPolicy()
{
    ReconnectPolicy policy;
    policy.initial = milliseconds(20);
    policy.cap = milliseconds(200);
    policy.stableAfter = milliseconds(300);
    return policy;
}

// One desktop: an engine kept up by a supervisor, with what the tests look at.
struct Desktop {
    Desktop(RelayProcess &relay, const QString &user, quint64 seed, const QString &password = {}) : name(user)
    {
        const QString secret = password.isEmpty() ? user + u"-password"_s : password;
        // The address stays the same while the relay is down (RelayProcess forgets it then).
        supervisor
            = std::make_unique<ConnectionSupervisor>(&engine, &monitor, [this, url = relay.url(), secret] {
                  ++attempts;
                  engine.connectToRelay(url, name, secret);
              });
        supervisor->setPolicy(shortPolicy());
        supervisor->setRandomSeed(seed);
        QObject::connect(supervisor.get(), &ConnectionSupervisor::statusChanged, supervisor.get(),
            [this](const ConnectionStatus &status) {
                statuses.append(status);
                seenAt.append(QDateTime::currentDateTimeUtc());
            });
        QObject::connect(&engine, &ClientEngine::messageReceived, &engine,
            [this](const proto::Message &message) { texts.append(message.text); });
    }

    Phase phase() const { return supervisor->status().phase; }

    // The first status of `phase` at or after index `from`, or -1.
    qsizetype find(Phase wanted, qsizetype from = 0) const
    {
        for (qsizetype i = from; i < statuses.size(); ++i) {
            if (statuses.at(i).phase == wanted)
                return i;
        }
        return -1;
    }

    QString name;
    ClientEngine engine;
    ManualNetworkMonitor monitor;
    std::unique_ptr<ConnectionSupervisor> supervisor;
    QList<ConnectionStatus> statuses;
    QList<QDateTime> seenAt;
    QStringList texts;
    int attempts = 0;
};

} // namespace

class TestConnectionSupervisor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void relayRestartMidConversation();
    void offlineWaitsForTheNetwork();
    void wrongPasswordStopsAndRetryNowTriesAgain();
    void retryNowSkipsTheBackoff();

private:
    void ensureRelayRunning();

    RelayProcess m_relay;
    quint16 m_port = 0;
    quint64 m_seed = 0;
};

void TestConnectionSupervisor::initTestCase()
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
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    m_port = m_relay.port();
}

void TestConnectionSupervisor::cleanupTestCase()
{
    if (m_relay.isRunning())
        QVERIFY(m_relay.terminate());
}

void TestConnectionSupervisor::ensureRelayRunning()
{
    if (!m_relay.isRunning())
        QVERIFY2(m_relay.start(m_port), qPrintable(m_relay.errorString()));
}

void TestConnectionSupervisor::relayRestartMidConversation()
{
    ensureRelayRunning();
    Desktop alice(m_relay, u"alice"_s, m_seed);
    Desktop bob(m_relay, u"bob"_s, m_seed + 1);
    alice.engine.subscribe(kRoom);
    bob.engine.subscribe(kRoom);
    QSignalSpy bobSynced(&bob.engine, &ClientEngine::synced);
    alice.supervisor->start();
    bob.supervisor->start();
    QCOMPARE(alice.phase(), Phase::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.phase(), Phase::Connected, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!bobSynced.isEmpty(), kWaitMs);
    QCOMPARE(alice.supervisor->status().offlineSince, QDateTime());
    QCOMPARE(alice.supervisor->status().lastError, QString());

    for (const QString &text : { u"one"_s, u"two"_s, u"three"_s })
        alice.engine.sendMessage(kRoom, text);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts, (QStringList { u"one"_s, u"two"_s, u"three"_s }), kWaitMs);
    // Connected long enough to count as stable: the backoff starts over at the first step.
    QTest::qWait(int(shortPolicy().stableAfter.count()) + 100);

    // The relay goes away; alice keeps typing.
    const qsizetype before = alice.statuses.size();
    QVERIFY(m_relay.terminate());
    QTRY_VERIFY_WITH_TIMEOUT(alice.find(Phase::WaitingToRetry, before) >= 0, kWaitMs);
    const qsizetype waiting = alice.find(Phase::WaitingToRetry, before);
    const ConnectionStatus status = alice.statuses.at(waiting);
    QCOMPARE(status.attempt, 1);
    QVERIFY(status.nextAttempt.isValid());
    QVERIFY(status.nextAttempt >= status.offlineSince);
    QVERIFY(status.nextAttempt <= alice.seenAt.at(waiting).addMSecs(shortPolicy().initial.count() + 1));
    QVERIFY(status.offlineSince.isValid());
    QVERIFY(status.offlineSince <= alice.seenAt.at(waiting));
    QVERIFY2(status.lastError.contains(u"relay"_s, Qt::CaseInsensitive), qPrintable(status.lastError));
    for (const QString &text : { u"four"_s, u"five"_s, u"six"_s })
        alice.engine.sendMessage(kRoom, text);
    // It keeps trying, with growing waits, and remembers since when it is offline.
    QTRY_VERIFY_WITH_TIMEOUT(alice.supervisor->status().attempt >= 3, kWaitMs);
    QCOMPARE(alice.supervisor->status().offlineSince, status.offlineSince);

    // Back on the same address: both reconnect on their own.
    QVERIFY2(m_relay.start(m_port), qPrintable(m_relay.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bob.phase(), Phase::Connected, kWaitMs);
    ConnectionStatus connected;
    connected.phase = Phase::Connected;
    connected.transport = u"websocket"_s; // straight to the relay: no proxy in the way
    QCOMPARE(alice.supervisor->status(), connected);
    const QStringList expected { u"one"_s, u"two"_s, u"three"_s, u"four"_s, u"five"_s, u"six"_s };
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts, expected, kWaitMs);
    alice.engine.sendMessage(kRoom, u"seven"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts.size(), 7, kWaitMs);
    QCOMPARE(bob.texts.last(), u"seven"_s);
    QCOMPARE(alice.texts, expected + QStringList { u"seven"_s });

    alice.supervisor->stop();
    QCOMPARE(alice.phase(), Phase::Idle);
    QCOMPARE(alice.engine.state(), ClientEngine::State::Disconnected);
}

void TestConnectionSupervisor::offlineWaitsForTheNetwork()
{
    ensureRelayRunning();
    Desktop alice(m_relay, u"alice"_s, m_seed + 2);
    alice.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);

    // The network goes down and the relay with it (as far as this desktop can tell).
    alice.monitor.setReachable(false);
    QCOMPARE(alice.phase(), Phase::Connected); // the socket may survive a short outage
    QVERIFY(m_relay.terminate());
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Offline, kWaitMs);
    QVERIFY(alice.supervisor->status().offlineSince.isValid());
    QVERIFY(!alice.supervisor->status().nextAttempt.isValid());
    QVERIFY2(m_relay.start(m_port), qPrintable(m_relay.errorString()));

    // While offline nothing is attempted, however long it lasts (many times the backoff cap).
    const int attemptsWhileOffline = alice.attempts;
    QSignalSpy engineStates(&alice.engine, &ClientEngine::stateChanged);
    QTest::qWait(int(shortPolicy().cap.count()) * 4);
    QCOMPARE(alice.attempts, attemptsWhileOffline);
    QCOMPARE(engineStates.size(), 0);
    QCOMPARE(alice.phase(), Phase::Offline);

    // The network returns: an attempt starts at once, not after a backoff.
    alice.monitor.setReachable(true);
    QCOMPARE(alice.attempts, attemptsWhileOffline + 1);
    QCOMPARE(alice.phase(), Phase::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QCOMPARE(alice.supervisor->status().offlineSince, QDateTime());

    // A failed attempt while the network is down waits for it too.
    alice.monitor.setReachable(false);
    QVERIFY(m_relay.terminate());
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Offline, kWaitMs);
    alice.supervisor->stop();
    QCOMPARE(alice.phase(), Phase::Idle);
}

void TestConnectionSupervisor::wrongPasswordStopsAndRetryNowTriesAgain()
{
    ensureRelayRunning();
    Desktop alice(m_relay, u"alice"_s, m_seed + 3, u"not-her-password"_s);
    alice.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Stopped, kWaitMs);
    QCOMPARE(alice.engine.lastFailure(), ClientEngine::Failure::AuthFailed);
    QCOMPARE(alice.supervisor->status().lastError, u"Wrong user name or password."_s);
    QCOMPARE(alice.attempts, 1);

    // Retrying cannot help, so it does not retry on its own...
    QTest::qWait(int(shortPolicy().cap.count()) * 3);
    QCOMPARE(alice.attempts, 1);
    QCOMPARE(alice.phase(), Phase::Stopped);

    // ...but the user may insist.
    alice.supervisor->retryNow();
    QCOMPARE(alice.attempts, 2);
    QCOMPARE(alice.phase(), Phase::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Stopped, kWaitMs);

    // The owner stops it with its own words (e.g. no password known).
    alice.supervisor->halt(u"Please enter your password."_s);
    QCOMPARE(alice.phase(), Phase::Stopped);
    QCOMPARE(alice.supervisor->status().lastError, u"Please enter your password."_s);
}

void TestConnectionSupervisor::retryNowSkipsTheBackoff()
{
    ensureRelayRunning();
    Desktop alice(m_relay, u"alice"_s, m_seed + 4);
    ReconnectPolicy slow;
    slow.initial = std::chrono::minutes(10);
    slow.cap = std::chrono::minutes(10);
    alice.supervisor->setPolicy(slow);
    alice.supervisor->start();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    QVERIFY(m_relay.terminate());
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::WaitingToRetry, kWaitMs);
    QVERIFY2(m_relay.start(m_port), qPrintable(m_relay.errorString()));

    // The next attempt may be ten minutes away; the button does not wait for it.
    alice.supervisor->retryNow();
    QTRY_COMPARE_WITH_TIMEOUT(alice.phase(), Phase::Connected, kWaitMs);
    // Nothing to do while connected.
    const int attempts = alice.attempts;
    alice.supervisor->retryNow();
    QCOMPARE(alice.attempts, attempts);
}

QTEST_GUILESS_MAIN(TestConnectionSupervisor)
#include "tst_connectionsupervisor.moc"
