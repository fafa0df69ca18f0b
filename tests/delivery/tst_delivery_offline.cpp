// A desktop that was away: it gets exactly what it missed when it comes back with `since`
// (recovered), and when what it missed is no longer retained it is told so (not recovered) and
// gets no partial replay.
#include "deliveryclient.h"
#include "eventwait.h"
#include "pipelinedsender.h"
#include "protocol/codec.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QElapsedTimer>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;

} // namespace

class TestDeliveryOffline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void offlineReceiverGetsEverythingItMissed();
    void sincePastRetentionIsNotRecovered();
    void changedEpochOrFutureSinceIsNotRecovered();

private:
    static bool prepare(RelayProcess &relay);
    static bool sendAll(DeliveryClient &sender, int count, const QString &prefix, int timeoutMs = 60'000);
};

void TestDeliveryOffline::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

bool TestDeliveryOffline::prepare(RelayProcess &relay)
{
    relay.setExtraArguments(relayadmin::pipeliningLimits());
    return relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s })
        && relayadmin::addRoom(relay, u"general"_s, { u"alice"_s, u"bob"_s });
}

bool TestDeliveryOffline::sendAll(DeliveryClient &sender, int count, const QString &prefix, int timeoutMs)
{
    PipelinedSender stream(&sender, kRoom, count, 200, prefix);
    stream.start();
    const bool done = waitUntil([&] { return stream.done() || stream.errors() > 0; }, timeoutMs);
    if (!done || stream.errors() > 0)
        qWarning("sending %s: %d of %d acknowledged; errors: %s", qPrintable(prefix), stream.acknowledged(),
            count, qPrintable(stream.errorMessages().join(u", "_s)));
    return stream.done() && stream.errors() == 0;
}

void TestDeliveryOffline::offlineReceiverGetsEverythingItMissed()
{
    constexpr int kMissed = 5'000;
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    DeliveryClient receiver(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(receiver.connectTo(relay.url()));
    const auto before = receiver.subscribe(kRoom);
    QVERIFY2(before.synced, qPrintable(before.describe()));
    const qint64 cursor = before.reply.ack->seq;
    const QString epoch = before.reply.ack->epoch;
    receiver.close();
    QVERIFY(!receiver.isConnected());

    DeliveryClient sender(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    QVERIFY(sender.connectTo(relay.url()));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(sendAll(sender, kMissed, u"away"_s));
    const qint64 sendMs = timer.elapsed();

    timer.restart();
    QVERIFY(receiver.connectTo(relay.url()));
    const auto back = receiver.subscribe(kRoom, cursor, epoch, 60'000);
    const qint64 replayMs = timer.elapsed();
    std::printf(
        "offline: %d messages acknowledged in %lld ms, replayed in %lld ms\n", kMissed, sendMs, replayMs);
    QVERIFY2(back.synced, qPrintable(back.describe()));
    QCOMPARE(back.reply.ack->seq, cursor + kMissed);
    QCOMPARE(back.reply.ack->epoch, epoch);
    QVERIFY(back.synced->recovered);
    QCOMPARE(back.synced->seq, cursor + kMissed);
    QCOMPARE(back.synced->epoch, epoch);
    QVERIFY(back.otherFramesDuringReplay.isEmpty());

    // All of them, in order, each once, with the sender's text; nothing before the cursor.
    QCOMPARE(back.replay.size(), kMissed);
    for (int i = 0; i < kMissed; ++i) {
        const auto *message = std::get_if<Message>(&back.replay.at(i));
        QVERIFY(message);
        QCOMPARE(message->seq, cursor + 1 + i);
        QCOMPARE(message->text, PipelinedSender::text(u"away"_s, i));
        QCOMPARE(message->sender, u"alice"_s);
    }
    QCOMPARE(receiver.duplicateDeliveries(), 0);
    QCOMPARE(receiver.textFramesWithEvents(), 0);

    // After synced, the subscription is live.
    const auto live
        = sender.request(Send { sender.nextId(), kRoom, u"live-1"_s, u"Back online?"_s, std::nullopt });
    QVERIFY2(live.ack, qPrintable(live.describe()));
    QVERIFY(waitUntil([&] { return receiver.hasEvent(kRoom, live.ack->seq); }, 10'000));
    QCOMPARE(receiver.eventCount(kRoom), kMissed + 1);
    QVERIFY(relay.terminate());
}

void TestDeliveryOffline::sincePastRetentionIsNotRecovered()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    relay.setExtraArguments(relayadmin::pipeliningLimits()
        + QStringList { u"--retention-events"_s, u"100"_s, u"--retention-interval-ms"_s, u"50"_s });
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    DeliveryClient sender(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    DeliveryClient receiver(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(sender.connectTo(relay.url()));
    QVERIFY(receiver.connectTo(relay.url()));
    const auto first = receiver.subscribe(kRoom);
    QVERIFY2(first.synced, qPrintable(first.describe()));
    const QString epoch = first.reply.ack->epoch;
    QVERIFY(sendAll(sender, 20, u"seen"_s));
    QVERIFY(waitUntil([&] { return receiver.eventCount(kRoom) == 20; }, 10'000));
    const qint64 cursor = receiver.streamLog(kRoom).lastSeq();
    receiver.close();

    QVERIFY(sendAll(sender, 300, u"missed"_s));
    // Wait for the pruner (every 50 ms) to drop what the receiver would need: first_seq moves past
    // cursor + 1. Asked through history, which reports first_seq without subscribing.
    qint64 firstSeq = 0;
    QVERIFY2(waitUntil(
                 [&] {
                     const auto page = sender.history(kRoom, std::nullopt, 1, 5'000);
                     firstSeq = page.reply.ack ? page.reply.ack->firstSeq.value_or(0) : 0;
                     return firstSeq > cursor + 1;
                 },
                 20'000),
        qPrintable(u"first_seq stayed at %1 (cursor %2)"_s.arg(firstSeq).arg(cursor)));

    QVERIFY(receiver.connectTo(relay.url()));
    const auto back = receiver.subscribe(kRoom, cursor, epoch);
    QVERIFY2(back.synced, qPrintable(back.describe()));
    QVERIFY(!back.synced->recovered);
    QVERIFY2(back.replay.isEmpty(), qPrintable(u"%1 events replayed after a gap"_s.arg(back.replay.size())));
    QCOMPARE(back.reply.ack->firstSeq.value_or(0) > cursor + 1, true);
    QCOMPARE(back.synced->seq, back.reply.ack->seq);
    // Still subscribed and live: the client resyncs from history, and new events keep coming.
    const auto live
        = sender.request(Send { sender.nextId(), kRoom, u"live-2"_s, u"still there?"_s, std::nullopt });
    QVERIFY2(live.ack, qPrintable(live.describe()));
    QVERIFY(waitUntil([&] { return receiver.hasEvent(kRoom, live.ack->seq); }, 10'000));
    QCOMPARE(receiver.eventCount(kRoom), 21); // the 20 seen before, and the live one
    QVERIFY(relay.terminate());
}

void TestDeliveryOffline::changedEpochOrFutureSinceIsNotRecovered()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    DeliveryClient sender(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    QVERIFY(sender.connectTo(relay.url()));
    QVERIFY(sendAll(sender, 5, u"few"_s));

    DeliveryClient receiver(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(receiver.connectTo(relay.url()));
    // A cursor from another epoch (the history was reset since): no replay.
    const auto stale = receiver.subscribe(kRoom, 1, u"not-the-epoch"_s);
    QVERIFY2(stale.synced, qPrintable(stale.describe()));
    QVERIFY(!stale.synced->recovered);
    QVERIFY(stale.replay.isEmpty());
    QVERIFY(receiver.request(Unsubscribe { receiver.nextId(), kRoom }).ack);

    // A cursor ahead of the head: the relay lost events the client saw; no replay either.
    const auto ahead = receiver.subscribe(kRoom, stale.reply.ack->seq + 50, stale.reply.ack->epoch);
    QVERIFY2(ahead.synced, qPrintable(ahead.describe()));
    QVERIFY(!ahead.synced->recovered);
    QVERIFY(ahead.replay.isEmpty());
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestDeliveryOffline)
#include "tst_delivery_offline.moc"
