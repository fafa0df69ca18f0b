// Request pacing against the real relay with a tight rate limit: a backlog typed offline (500
// messages) is delivered completely, once each and in order, without the user ever seeing a
// "too many requests" refusal, because the engine stays below the limits the relay advertises.
// And when a client does go too fast (pacing forced above the relay's limits), the refusals are
// absorbed: it waits as told and sends again, still exactly once and in order.
#include "client/clientengine.h"
#include "relayprocess.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
namespace proto = confab::protocol;

namespace {

constexpr int kWaitMs = 20000;
const QString kRoom = u"room:general"_s;

// How often the engine's pacer was told to slow down (its "pausing" log line).
std::atomic_int g_slowDowns = 0;
QtMessageHandler g_previousHandler = nullptr;

void countSlowDowns(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "confab.client.pacer") == 0
        && message.contains(u"slow down"_s))
        ++g_slowDowns;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

std::unique_ptr<RelayProcess> startRelay(const QStringList &arguments)
{
    auto relay = std::make_unique<RelayProcess>();
    for (const QString &user : { u"alice"_s, u"bob"_s }) {
        if (!relay->addUser(user, user + u"-password"_s))
            return nullptr;
    }
    if (!relay->createRoom(u"general"_s))
        return nullptr;
    for (const QString &user : { u"alice"_s, u"bob"_s }) {
        const RelayProcess::CommandResult added
            = relay->runAdmin({ u"room"_s, u"add-member"_s, u"general"_s, user });
        if (!added.finished || added.exitCode != 0)
            return nullptr;
    }
    relay->setExtraArguments(arguments);
    if (!relay->start())
        return nullptr;
    return relay;
}

struct Conversation {
    explicit Conversation(const QUrl &relayUrl) : url(relayUrl)
    {
        QObject::connect(&bob, &ClientEngine::messageReceived, &bob,
            [this](const proto::Message &message) { received.append(message.text); });
    }

    bool bobListens()
    {
        QSignalSpy synced(&bob, &ClientEngine::synced);
        bob.subscribe(kRoom);
        bob.connectToRelay(url, u"bob"_s, u"bob-password"_s);
        return synced.wait(kWaitMs);
    }

    QStringList typeOffline(int count)
    {
        QStringList texts;
        for (int i = 0; i < count; ++i) {
            texts.append(u"message %1"_s.arg(i, 3, 10, QLatin1Char('0')));
            keys.append(alice.sendMessage(kRoom, texts.last()));
        }
        return texts;
    }

    QUrl url;
    ClientEngine alice;
    ClientEngine bob;
    QStringList keys;
    QStringList received;
    QSignalSpy acknowledged { &alice, &ClientEngine::eventAcknowledged };
    QSignalSpy eventFailed { &alice, &ClientEngine::eventFailed };
    QSignalSpy requestFailed { &alice, &ClientEngine::requestFailed };
    QSignalSpy errors { &alice, &ClientEngine::connectionError };
};

QStringList ackedKeys(const QSignalSpy &spy)
{
    QStringList keys;
    for (const QList<QVariant> &arguments : spy)
        keys.append(arguments.at(0).toString());
    return keys;
}

} // namespace

class TestClientEnginePacing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { g_previousHandler = qInstallMessageHandler(countSlowDowns); }
    void cleanupTestCase() { qInstallMessageHandler(g_previousHandler); }
    void init() { g_slowDowns = 0; }
    void offlineBacklogStaysBelowTheRelaysLimit();
    void refusalsAreRetriedExactlyOnce();
};

void TestClientEnginePacing::offlineBacklogStaysBelowTheRelaysLimit()
{
    // The relay advertises burst 10 and 40 per second in its welcome.
    const auto relay = startRelay({ u"--rate-burst"_s, u"10"_s, u"--rate-per-second"_s, u"40"_s });
    QVERIFY(relay);
    Conversation talk(relay->url());
    QVERIFY(talk.bobListens());

    const QStringList texts = talk.typeOffline(500);
    QSignalSpy authenticated(&talk.alice, &ClientEngine::authenticated);
    talk.alice.connectToRelay(relay->url(), u"alice"_s, u"alice-password"_s);
    QVERIFY(authenticated.wait(kWaitMs));

    // 500 at 80 % of 40 per second: about 16 s.
    QTRY_COMPARE_WITH_TIMEOUT(talk.acknowledged.size(), 500, 60000);
    QCOMPARE(ackedKeys(talk.acknowledged), talk.keys);
    QTRY_COMPARE_WITH_TIMEOUT(talk.received.size(), 500, kWaitMs);
    QCOMPARE(talk.received, texts);
    QCOMPARE(talk.eventFailed.size(), 0);
    QCOMPARE(talk.requestFailed.size(), 0);
    QCOMPARE(talk.errors.size(), 0);
    // Not one refusal happened, not even one absorbed by the engine.
    QCOMPARE(g_slowDowns.load(), 0);
    QCOMPARE(talk.alice.state(), ClientEngine::State::Connected);
}

void TestClientEnginePacing::refusalsAreRetriedExactlyOnce()
{
    // The errors the refusals cost must not close the connection: that is another test's subject.
    const auto relay = startRelay(
        { u"--rate-burst"_s, u"10"_s, u"--rate-per-second"_s, u"40"_s, u"--error-budget"_s, u"100000"_s });
    QVERIFY(relay);
    Conversation talk(relay->url());
    QVERIFY(talk.bobListens());

    // Far above what the relay allows: it refuses with rate_limited again and again.
    talk.alice.overridePacingForTesting(40, 200.0);
    const QStringList texts = talk.typeOffline(200);
    QSignalSpy authenticated(&talk.alice, &ClientEngine::authenticated);
    talk.alice.connectToRelay(relay->url(), u"alice"_s, u"alice-password"_s);
    QVERIFY(authenticated.wait(kWaitMs));

    QTRY_COMPARE_WITH_TIMEOUT(talk.acknowledged.size(), 200, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(talk.received.size(), 200, kWaitMs);
    // Each exactly once. The order is kept in nearly every run, but not guaranteed here: a request
    // already in flight behind a refused one can reach the relay after its retry time when this
    // machine is loaded (docs/protocol.md 14.3); pacing below the limits never gets refused.
    QStringList receivedSorted = talk.received;
    receivedSorted.sort();
    QCOMPARE(receivedSorted, texts);
    QStringList ackedSorted = ackedKeys(talk.acknowledged);
    ackedSorted.sort();
    QStringList keysSorted = talk.keys;
    keysSorted.sort();
    QCOMPARE(ackedSorted, keysSorted);
    if (talk.received != texts)
        qInfo() << "the overshoot reordered messages in this run";
    // The refusals happened, and the caller never heard of them.
    QVERIFY2(g_slowDowns.load() > 0, "the relay never refused: the test did not exercise the retry path");
    QCOMPARE(talk.eventFailed.size(), 0);
    QCOMPARE(talk.requestFailed.size(), 0);
    QCOMPARE(talk.errors.size(), 0);
    qInfo() << "absorbed" << g_slowDowns.load() << "rate_limited pauses";

    // Nothing more arrives later (no duplicate from a retry).
    QTest::qWait(300);
    QCOMPARE(talk.received.size(), 200);
}

QTEST_GUILESS_MAIN(TestClientEnginePacing)
#include "tst_clientengine_pacing.moc"
