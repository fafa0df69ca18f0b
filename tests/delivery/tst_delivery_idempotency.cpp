// Idempotent sends: an outbox that retries the same client_msg_id (in one burst, after a
// reconnect, after a graceful restart and after a crash) gets the same acknowledgement every time,
// and the message is stored and shown exactly once.
#include "deliveryclient.h"
#include "eventwait.h"
#include "protocol/codec.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "testseed.h"

#include <QRandomGenerator>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;
const QString kOtherRoom = u"room:random"_s;
const QString kRepeated = u"lunch-question-1"_s;
const QString kText = u"Lunch at noon? 🍜"_s;

} // namespace

class TestDeliveryIdempotency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sameClientMsgIdIsStoredOnceAndAlwaysAcknowledgedAlike();

private:
    // Sends kRepeated `count` times (to `stream`), either all at once (one commit batch, most
    // likely) or one after another, and returns the acks; fails the test on any error.
    static QList<Ack> sendRepeated(DeliveryClient &client, const QString &stream, int count, bool burst);
};

void TestDeliveryIdempotency::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

QList<Ack> TestDeliveryIdempotency::sendRepeated(
    DeliveryClient &client, const QString &stream, int count, bool burst)
{
    QList<Ack> acks;
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        const QString id = client.nextId();
        ids.append(id);
        const Send send { id, stream, kRepeated, kText, std::nullopt };
        if (burst) {
            client.post(send);
        } else {
            const auto reply = client.request(send);
            if (!reply.ack) {
                qWarning("attempt %d: %s", i, qPrintable(reply.describe()));
                return acks;
            }
        }
    }
    for (const QString &id : ids) {
        const auto reply = client.waitForReply(id);
        if (!reply.ack) {
            qWarning("request %s: %s", qPrintable(id), qPrintable(reply.describe()));
            return acks;
        }
        acks.append(*reply.ack);
    }
    return acks;
}

void TestDeliveryIdempotency::sameClientMsgIdIsStoredOnceAndAlwaysAcknowledgedAlike()
{
    const quint32 seed = deliveryTestSeed("idempotency");
    QRandomGenerator random(seed);
    RelayProcess relay;
    QVERIFY(relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(relay, u"random"_s, { u"alice"_s }));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    DeliveryClient alice(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    DeliveryClient bob(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(bob.connectTo(relay.url()));
    const auto watching = bob.subscribe(kRoom);
    QVERIFY2(watching.synced, qPrintable(watching.describe()));
    const QString epoch = watching.reply.ack->epoch;
    QVERIFY(alice.connectTo(relay.url()));

    // Rounds of 25: how many of them are bursts, and which attempts go to another room, is seeded.
    QList<Ack> acks;
    auto round = [&](int count) {
        const bool burst = random.bounded(2) == 0;
        const int elsewhere = int(random.bounded(3)); // resends naming another room: still the original
        acks += sendRepeated(alice, kRoom, count - elsewhere, burst);
        acks += sendRepeated(alice, kOtherRoom, elsewhere, burst);
    };
    auto resumeBob = [&] {
        QVERIFY(bob.connectTo(relay.url()));
        const auto resumed = bob.subscribe(kRoom,
            bob.streamLog(kRoom).lastSeq() > 0 ? bob.streamLog(kRoom).lastSeq() : watching.reply.ack->seq,
            epoch);
        QVERIFY2(resumed.synced, qPrintable(resumed.describe()));
        QVERIFY(resumed.synced->recovered);
    };

    round(25); // the first one stores it; in a burst, the rest may share its commit batch
    QCOMPARE(acks.size(), 25);

    alice.close(); // the outbox reconnects
    QVERIFY(alice.connectTo(relay.url()));
    round(25);
    QCOMPARE(acks.size(), 50);

    const quint16 port = relay.port();
    QVERIFY(relay.terminate()); // a graceful restart
    QVERIFY2(relay.start(port) || relay.start(), qPrintable(relay.errorString()));
    QVERIFY(alice.connectTo(relay.url()));
    resumeBob();
    round(25);
    QCOMPARE(acks.size(), 75);

    // A crash right after a burst: whatever the relay had acknowledged, it still knows.
    const QString crashId = alice.nextId();
    alice.post(Send { crashId, kRoom, kRepeated, kText, std::nullopt });
    QVERIFY(alice.waitForReply(crashId).ack);
    QVERIFY(relay.kill());
    QVERIFY2(relay.start(relay.port()) || relay.start(), qPrintable(relay.errorString()));
    QVERIFY(alice.connectTo(relay.url()));
    resumeBob();
    round(24);
    acks.append(*alice.replyFor(crashId)->ack);
    QCOMPARE(acks.size(), 100);

    // Every acknowledgement is the original one.
    const Ack original = acks.first();
    QCOMPARE(original.stream, kRoom);
    QVERIFY(original.seq > 0);
    for (const Ack &ack : std::as_const(acks)) {
        QCOMPARE(ack.clientMsgId, kRepeated);
        QCOMPARE(ack.stream, kRoom);
        QCOMPARE(ack.seq, original.seq);
        QCOMPARE(ack.ts, original.ts);
    }

    // Stored once: the history holds one message with that id; the other room holds none.
    DeliveryClient reader(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    QVERIFY(reader.connectTo(relay.url()));
    const auto page = reader.history(kRoom, std::nullopt, 500);
    QVERIFY2(page.reply.ack, qPrintable(page.reply.describe()));
    int stored = 0;
    for (const Frame &frame : page.replay) {
        if (const auto *message = std::get_if<Message>(&frame)) {
            QCOMPARE(message->clientMsgId, kRepeated);
            QCOMPARE(message->seq, original.seq);
            QCOMPARE(message->text, kText);
            ++stored;
        }
    }
    QCOMPARE(stored, 1);
    const auto other = reader.history(kOtherRoom, std::nullopt, 500);
    QVERIFY2(other.reply.ack, qPrintable(other.reply.describe()));
    for (const Frame &frame : other.replay)
        QVERIFY(!std::holds_alternative<Message>(frame));

    // Shown once: bob, live and through two resumes, saw it a single time.
    QVERIFY(bob.roundTrip());
    QCOMPARE(bob.framesOf<Message>().size(), 1);
    QCOMPARE(bob.duplicateDeliveries(), 0);

    // Nothing else was stored in between: the next message takes the very next seq.
    const auto next
        = alice.request(Send { alice.nextId(), kRoom, u"lunch-question-2"_s, u"12:30 then"_s, std::nullopt });
    QVERIFY2(next.ack, qPrintable(next.describe()));
    QCOMPARE(next.ack->seq, original.seq + 1);

    std::printf(
        "idempotency: 100 sends of one client_msg_id -> stored %d, acknowledged with seq %lld every time\n",
        stored, original.seq);
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestDeliveryIdempotency)
#include "tst_delivery_idempotency.moc"
