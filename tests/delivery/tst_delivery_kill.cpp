// The delivery guarantee under crashes: a sender streams 10,000 messages to a room while the relay
// is killed with SIGKILL three times, each time after a seeded random number of acknowledgements.
// The sender resends what was not acknowledged (same client_msg_id), the receiver resumes with
// `since`. Nothing acknowledged may be lost, nothing may be shown twice, and the database must be
// intact afterwards.
#include "deliveryclient.h"
#include "eventwait.h"
#include "pipelinedsender.h"
#include "protocol/codec.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "testseed.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <csignal>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

constexpr int kMessages = 10'000;
constexpr int kWindow = 200; // unacknowledged sends in flight
constexpr int kKills = 3;
constexpr int kStreamTimeoutMs = 90'000;
const QString kRoom = u"room:general"_s;
const QString kPrefix = u"kill"_s;

} // namespace

class TestDeliveryKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void nothingAcknowledgedIsLostOrDuplicatedAcrossCrashes();

private:
    static QString integrityCheck(const QString &databasePath);
};

void TestDeliveryKill::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

QString TestDeliveryKill::integrityCheck(const QString &databasePath)
{
    QString verdict;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"integrity"_s);
        db.setDatabaseName(databasePath);
        if (!db.open())
            return u"cannot open: "_s + db.lastError().text();
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA integrity_check"_s))
            verdict = u"query failed: "_s + query.lastError().text();
        while (query.next())
            verdict += (verdict.isEmpty() ? QString() : u"; "_s) + query.value(0).toString();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"integrity"_s);
    return verdict;
}

void TestDeliveryKill::nothingAcknowledgedIsLostOrDuplicatedAcrossCrashes()
{
    const quint32 seed = deliveryTestSeed("kill-test");
    QRandomGenerator random(seed);
    // One kill point in each third of the stream, so the crashes hit early, middle and late phases.
    QList<int> killAt;
    for (int k = 0; k < kKills; ++k)
        killAt.append(int(random.bounded(kMessages * k / kKills + 300, kMessages * (k + 1) / kKills - 300)));
    const QList<int> lostAcks { 0, int(random.bounded(1, kWindow / 2)), int(random.bounded(1, kWindow / 2)) };
    std::printf("kill-test: killing after %d, %d and %d acknowledgements (the sender missing the last %d, %d "
                "and %d acks)\n",
        killAt[0], killAt[1], killAt[2], lostAcks[0], lostAcks[1], lostAcks[2]);

    QElapsedTimer elapsed;
    elapsed.start();
    RelayProcess relay;
    QVERIFY(relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    DeliveryClient sender(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    DeliveryClient receiver(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(receiver.connectTo(relay.url()));
    const auto first = receiver.subscribe(kRoom);
    QVERIFY2(first.synced, qPrintable(first.describe()));
    QVERIFY(first.synced->recovered);
    const qint64 base = first.reply.ack->seq; // the room's head before the stream (member events)
    const QString epoch = first.reply.ack->epoch;
    QVERIFY(!epoch.isEmpty());
    QVERIFY(sender.connectTo(relay.url()));

    PipelinedSender stream(&sender, kRoom, kMessages, kWindow, kPrefix);
    int kills = 0;
    bool killed = false;
    QList<int> acknowledgedAtKill;
    auto crash = [&] {
        killed = true;
        ::kill(pid_t(relay.processId()), SIGKILL);
    };
    // The first crash comes right at the ack count: SIGKILL is immediate and needs no event loop,
    // so the window of unacknowledged sends is really in flight, mostly uncommitted. For the
    // others, the sender stops hearing acks at the count (they are lost with the relay) and the
    // relay dies once the receiver has seen a seeded number of those messages: committed, but
    // never acknowledged to the sender, whose resends must then not store them again.
    int killAfterIndex = -1;
    connect(&stream, &PipelinedSender::acknowledgedCountChanged, this, [&](int count) {
        if (killed || killAfterIndex >= 0 || kills >= kKills || count < killAt.at(kills))
            return;
        acknowledgedAtKill.append(count);
        if (lostAcks.at(kills) == 0) {
            crash();
        } else {
            stream.setDeaf(true);
            killAfterIndex = count + lostAcks.at(kills) - 1; // acks come in order: 0..count-1 are in
        }
    });
    connect(&receiver, &DeliveryClient::frameReceived, this, [&](const Frame &frame) {
        const auto *message = std::get_if<Message>(&frame);
        if (killed || killAfterIndex < 0 || !message)
            return;
        if (PipelinedSender::indexOfText(kPrefix, message->text) >= killAfterIndex) {
            killAfterIndex = -1;
            crash();
        }
    });
    stream.start();

    QList<std::pair<qint64, QList<int>>> resentAfterKill; // head after each crash, indices resent
    int resumes = 0;
    int recovered = 0;
    qint64 replayed = 0;
    for (int k = 0; k < kKills; ++k) {
        QVERIFY2(waitUntil([&] { return killed; }, kStreamTimeoutMs),
            qPrintable(u"kill %1 never triggered: %2 acknowledged, errors: %3"_s.arg(k + 1)
                           .arg(stream.acknowledged())
                           .arg(stream.errorMessages().join(u", "_s))));
        QVERIFY(relay.kill()); // reaps it
        QCOMPARE(relay.exitStatus(), QProcess::CrashExit);
        QVERIFY(sender.waitForDisconnected());
        QVERIFY(receiver.waitForDisconnected());
        ++kills;

        const quint16 port = relay.port();
        if (!relay.start(port)) {
            qWarning("port %u not reusable yet (%s): restarting on a new port", port,
                qPrintable(relay.errorString()));
            QVERIFY2(relay.start(), qPrintable(relay.errorString()));
        }
        // What survived the crash: the head, read before anybody sends. Resends at or below it were
        // committed but their acks were lost with the relay; they must get the original acks.
        DeliveryClient probe(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
        QVERIFY(probe.connectTo(relay.url()));
        const auto head = probe.history(kRoom, std::nullopt, 1);
        QVERIFY2(head.reply.ack, qPrintable(head.reply.describe()));
        probe.close();
        QList<int> unacknowledged;
        for (int index = 0; index < stream.firstSends(); ++index) {
            if (!stream.seqs().contains(index))
                unacknowledged.append(index);
        }
        resentAfterKill.append({ head.reply.ack->seq, unacknowledged });

        // The sender first: the receiver's replay then races live traffic, as it would for real.
        QVERIFY(sender.connectTo(relay.url()));
        stream.setDeaf(false);
        stream.resume();
        QVERIFY(receiver.connectTo(relay.url()));
        const qint64 since = std::max(base, receiver.streamLog(kRoom).lastSeq());
        const auto resumed = receiver.subscribe(kRoom, since, epoch);
        ++resumes;
        QVERIFY2(resumed.synced, qPrintable(resumed.describe()));
        QCOMPARE(resumed.reply.ack->epoch, epoch);
        QCOMPARE(resumed.synced->epoch, epoch);
        if (resumed.synced->recovered)
            ++recovered;
        replayed += resumed.replay.size();
        // Only now may the next kill fire: both clients are back.
        killed = false;
    }

    // Failures below are counted first and asserted after the summary, so a bad run still reports.
    const bool allAcknowledged = waitUntil([&] { return stream.done(); }, kStreamTimeoutMs);
    waitUntil([&] { return receiver.eventCount(kRoom) >= kMessages; }, 10'000); // the last fan-out
    QVERIFY(receiver.roundTrip()); // anything delivered twice has arrived by now
    QVERIFY(sender.roundTrip());

    // Every delivery the receiver saw, in seq order; each payload index must appear exactly once.
    const DeliveryClient::StreamLog log = receiver.streamLog(kRoom);
    QSet<int> indices;
    qint64 deliveries = 0;
    qint64 storedTwice = 0;
    int previousIndex = -1;
    bool inOrder = true;
    QStringList problems;
    auto problem = [&problems](const QString &text) {
        if (problems.size() < 5)
            problems.append(text);
    };
    for (auto it = log.events.cbegin(); it != log.events.cend(); ++it) {
        const auto *message = std::get_if<Message>(&it.value());
        if (!message) {
            problem(u"seq %1 is a %2"_s.arg(it.key()).arg(messageTypeName(typeOf(it.value()))));
            continue;
        }
        const int index = PipelinedSender::indexOfText(kPrefix, message->text);
        if (index < 0 || index >= kMessages) {
            problem(u"seq %1: unexpected %2"_s.arg(it.key()).arg(QString::fromUtf8(encode(*message))));
            continue;
        }
        if (message->sender != u"alice" || message->epoch != epoch
            || message->clientMsgId != stream.clientMsgId(index))
            problem(u"seq %1: unexpected %2"_s.arg(it.key()).arg(QString::fromUtf8(encode(*message))));
        if (indices.contains(index))
            ++storedTwice;
        indices.insert(index);
        if (index <= previousIndex)
            inOrder = false;
        previousIndex = index;
        if (stream.seqs().value(index) != it.key())
            problem(u"index %1 acknowledged with seq %2 but delivered at seq %3"_s.arg(index)
                        .arg(stream.seqs().value(index))
                        .arg(it.key()));
    }
    deliveries = log.arrivals.size();
    // Resends whose first attempt had been committed before the crash (their ack was lost).
    int committedBeforeCrash = 0;
    for (const auto &[headAtRestart, indicesResent] : std::as_const(resentAfterKill)) {
        for (int index : indicesResent)
            committedBeforeCrash += stream.seqs().value(index) <= headAtRestart ? 1 : 0;
    }
    const qint64 lost = kMessages - indices.size();
    const qint64 duplicated = deliveries - indices.size(); // deliveries beyond one per message

    QVERIFY(relay.terminate());
    QCOMPARE(relay.exitCode(), 0);
    const QString integrity = integrityCheck(QDir(relay.dataDir()).filePath(u"relay.db"_s));

    std::printf("kill-test: sent %d, acknowledged %d, resent %d, received %lld distinct, lost %lld, "
                "duplicated %lld, resumes %d, recovered %d, seed %u\n",
        stream.firstSends(), stream.acknowledged(), stream.resent(), qint64(indices.size()), lost, duplicated,
        resumes, recovered, seed);
    std::printf(
        "kill-test details: acknowledgements at the kills %d/%d/%d, replayed %lld, same seq delivered "
        "again %lld, message stored twice %lld, resends already committed before the crash %d, integrity %s, "
        "%lld ms\n",
        acknowledgedAtKill.value(0), acknowledgedAtKill.value(1), acknowledgedAtKill.value(2), replayed,
        log.duplicates, storedTwice, committedBeforeCrash, qPrintable(integrity), qint64(elapsed.elapsed()));
    std::fflush(stdout);

    QVERIFY2(stream.errors() == 0, qPrintable(stream.errorMessages().join(u", "_s)));
    QVERIFY2(allAcknowledged, "not every message was acknowledged in time");
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; "_s)));
    QCOMPARE(stream.firstSends(), kMessages);
    QCOMPARE(stream.acknowledged(), kMessages);
    QCOMPARE(stream.inconsistentAcks(), 0);
    QCOMPARE(resumes, kKills);
    QCOMPARE(recovered, kKills);
    QCOMPARE(lost, 0);
    QCOMPARE(storedTwice, 0);
    QCOMPARE(log.duplicates, 0);
    QCOMPARE(duplicated, 0);
    QVERIFY2(inOrder, "the sender's messages are not stored in the order it sent them");
    QVERIFY2(committedBeforeCrash >= lostAcks[1] + lostAcks[2], "the lost-ack resends were not exercised");
    // Exactly these 10,000 were stored, gap-free, right after what was there before.
    QCOMPARE(qint64(log.events.size()), qint64(kMessages));
    QCOMPARE(log.events.firstKey(), base + 1);
    QCOMPARE(log.events.lastKey(), base + kMessages);
    QCOMPARE(receiver.decodeFailures(), 0);
    QCOMPARE(receiver.textFramesWithEvents(), 0);
    QCOMPARE(integrity, u"ok"_s);
}

QTEST_GUILESS_MAIN(TestDeliveryKill)
#include "tst_delivery_kill.moc"
