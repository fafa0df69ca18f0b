// The kill test: confab-headless with a persistent outbox (--data-dir) is killed with
// SIGKILL while messages are unacknowledged, started again on the same folder, and every message
// still arrives exactly once, in order. Both programs are the real binaries.
#include "headlessprocess.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "testseed.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>
#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

bool isEvent(const QJsonObject &object, QLatin1StringView event)
{
    return object.value("event"_L1).toString() == event;
}

qsizetype countEvents(const HeadlessProcess &process, QLatin1StringView event)
{
    return std::count_if(process.events().cbegin(), process.events().cend(),
        [event](const QJsonObject &o) { return isEvent(o, event); });
}

// How a room's history compares with what was typed.
struct Tally {
    int lost = 0;
    int duplicated = 0;
    bool inOrder = true;
};

Tally compare(const QStringList &typed, const QStringList &stored)
{
    Tally tally;
    QHash<QString, int> seen;
    for (const QString &text : stored)
        ++seen[text];
    for (const QString &text : typed) {
        const int times = seen.value(text);
        if (times == 0)
            ++tally.lost;
        else if (times > 1)
            tally.duplicated += times - 1;
    }
    QStringList firstOccurrences;
    QSet<QString> added;
    for (const QString &text : stored) {
        if (!added.contains(text)) {
            added.insert(text);
            firstOccurrences.append(text);
        }
    }
    tally.inOrder = firstOccurrences == typed;
    return tally;
}

} // namespace

class TestHeadlessKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void typedWhileRelaySuspendedSurvivesKill();
    void killedAtRandomMomentsWhilePipelining();

private:
    // Every message text of `room` as another user reads it from the relay, in seq order.
    QStringList readRoom(const QString &room);
    QStringList startAlice(HeadlessProcess &alice, const QString &dataDir, const QString &room);

    RelayProcess m_relay;
};

void TestHeadlessKill::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("CONFAB_HEADLESS_BIN").isEmpty(), "CONFAB_HEADLESS_BIN is not set");
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"killa"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"killb"_s, { u"alice"_s, u"bob"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestHeadlessKill::cleanupTestCase()
{
    if (m_relay.isRunning() && m_relay.processId() > 0)
        ::kill(pid_t(m_relay.processId()), SIGCONT);
    QVERIFY(m_relay.terminate());
}

QStringList TestHeadlessKill::readRoom(const QString &room)
{
    HeadlessProcess bob(u"bob"_s);
    if (!bob.start(m_relay.url(), relayadmin::passwordOf(u"bob"_s)))
        return {};
    if (bob.waitForEvent(u"connected"_s, 20000).isEmpty())
        return {};
    // Everything from the start, then the `synced` marker where the replay ends.
    bob.writeLine(u"subscribe %1 0"_s.arg(room));
    const QJsonObject synced = bob.waitForEvent(
        [&](const QJsonObject &o) {
            return isEvent(o, "synced"_L1) && o.value("stream"_L1).toString() == room;
        },
        60000);
    if (synced.isEmpty())
        return {};
    QStringList texts;
    for (const QJsonObject &event : bob.events()) {
        if (isEvent(event, "message"_L1) && event.value("stream"_L1).toString() == room)
            texts.append(event.value("text"_L1).toString());
    }
    bob.writeLine(u"quit"_s);
    bob.waitForExit(10000);
    return texts;
}

void TestHeadlessKill::typedWhileRelaySuspendedSurvivesKill()
{
    constexpr int kMessages = 200;
    const QString room = u"room:killa"_s;
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());

    // The relay stops answering: TCP still connects, but nothing more happens.
    QVERIFY(::kill(pid_t(m_relay.processId()), SIGSTOP) == 0);
    QStringList typed;
    {
        HeadlessProcess alice(u"alice"_s);
        QVERIFY(alice.start(m_relay.url(), relayadmin::passwordOf(u"alice"_s),
            { u"--data-dir"_s, dataDir.path(), u"--stream"_s, room }));
        for (int i = 0; i < kMessages; ++i) {
            typed.append(u"offline %1"_s.arg(i, 3, 10, QLatin1Char('0')));
            alice.writeLine(u"send %1 %2"_s.arg(room, typed.last()));
        }
        // Each "queued" line means the message is on disk.
        QTRY_COMPARE_WITH_TIMEOUT(countEvents(alice, "queued"_L1), qsizetype(kMessages), 30000);
        QCOMPARE(countEvents(alice, "ack"_L1), qsizetype(0));
        alice.kill();
        QVERIFY(alice.waitForExit());
    }
    QVERIFY(::kill(pid_t(m_relay.processId()), SIGCONT) == 0);

    // The same folder again: the outbox goes out by itself.
    HeadlessProcess alice(u"alice"_s);
    QVERIFY(
        alice.start(m_relay.url(), relayadmin::passwordOf(u"alice"_s), { u"--data-dir"_s, dataDir.path() }));
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(alice, "ack"_L1), qsizetype(kMessages), 60000);
    alice.writeLine(u"quit"_s);
    QVERIFY(alice.waitForExit(15000));

    const QStringList stored = readRoom(room);
    const Tally tally = compare(typed, stored);
    qInfo("kill test (relay suspended): %d typed, %d lost, %d duplicated, %s", kMessages, tally.lost,
        tally.duplicated, tally.inOrder ? "in order" : "OUT OF ORDER");
    QCOMPARE(tally.lost, 0);
    QCOMPARE(tally.duplicated, 0);
    QVERIFY(tally.inOrder);
    QCOMPARE(stored, typed);
}

QStringList TestHeadlessKill::startAlice(HeadlessProcess &alice, const QString &dataDir, const QString &room)
{
    if (!alice.start(m_relay.url(), relayadmin::passwordOf(u"alice"_s),
            { u"--data-dir"_s, dataDir, u"--stream"_s, room }))
        return { u"did not start"_s };
    if (alice.waitForEvent(u"connected"_s, 20000).isEmpty())
        return { u"did not connect"_s };
    return {};
}

void TestHeadlessKill::killedAtRandomMomentsWhilePipelining()
{
    constexpr int kRounds = 5;
    constexpr int kPerRound = 60;
    const QString room = u"room:killb"_s;
    std::mt19937 random(deliveryTestSeed("tst_headless_kill"));
    QTemporaryDir dataDir;
    QVERIFY(dataDir.isValid());

    QStringList typed;
    for (int round = 0; round < kRounds; ++round) {
        HeadlessProcess alice(u"alice"_s);
        const QStringList problem = startAlice(alice, dataDir.path(), room);
        QVERIFY2(problem.isEmpty(), qPrintable(problem.value(0)));
        for (int i = 0; i < kPerRound; ++i) {
            typed.append(u"round %1 message %2"_s.arg(round).arg(i, 2, 10, QLatin1Char('0')));
            alice.writeLine(u"send %1 %2"_s.arg(room, typed.last()));
        }
        // Killed once everything is on disk and a random number of acks has come back.
        const int acksBeforeKill = std::uniform_int_distribution<int>(0, kPerRound)(random);
        QTRY_VERIFY_WITH_TIMEOUT(
            countEvents(alice, "queued"_L1) == kPerRound && countEvents(alice, "ack"_L1) >= acksBeforeKill,
            30000);
        alice.kill();
        QVERIFY(alice.waitForExit());
        qInfo("round %d: killed after %lld acks (wanted at least %d)", round,
            qlonglong(countEvents(alice, "ack"_L1)), acksBeforeKill);
    }

    // A last start delivers what is left; a final message, acknowledged after everything before
    // it (the relay commits one connection's requests in order), says when that is done.
    HeadlessProcess alice(u"alice"_s);
    const QStringList problem = startAlice(alice, dataDir.path(), room);
    QVERIFY2(problem.isEmpty(), qPrintable(problem.value(0)));
    typed.append(u"the end"_s);
    alice.writeLine(u"send %1 the end"_s.arg(room));
    const QJsonObject queued = alice.waitForEvent(u"queued"_s, 20000);
    QVERIFY(!queued.isEmpty());
    const QString lastKey = queued.value("key"_L1).toString();
    QVERIFY(!alice
                 .waitForEvent(
                     [&](const QJsonObject &o) {
                         return isEvent(o, "ack"_L1) && o.value("client_msg_id"_L1).toString() == lastKey;
                     },
                     60000)
                 .isEmpty());
    alice.writeLine(u"quit"_s);
    QVERIFY(alice.waitForExit(15000));

    const QStringList stored = readRoom(room);
    const Tally tally = compare(typed, stored);
    qInfo("kill test (%d kills while pipelining): %lld typed, %d lost, %d duplicated, %s", kRounds,
        qlonglong(typed.size()), tally.lost, tally.duplicated, tally.inOrder ? "in order" : "OUT OF ORDER");
    QCOMPARE(tally.lost, 0);
    QCOMPARE(tally.duplicated, 0);
    QVERIFY(tally.inOrder);
    QCOMPARE(stored, typed);
}

QTEST_GUILESS_MAIN(TestHeadlessKill)
#include "tst_headless_kill.moc"
