// Scheduled notifications: stored when published, delivered when due and not before, exactly once,
// also when the relay restarts before they are due or is down when they become due.
#include "deliveryclient.h"
#include "eventwait.h"
#include "protocol/codec.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QDateTime>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kTopic = u"topic:reminders"_s;
// Lateness we accept on a loaded two-core machine; the relay arms a timer for the exact time.
constexpr qint64 kLatenessMs = 5'000;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class TestDeliveryScheduled : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void deliveredWhenDueAndNotBefore();
    void deliveredOnceAfterARestartBeforeItIsDue();
    void overdueOneIsDeliveredRightAfterStart();

private:
    // Publishes a reminder due in `inMs` and returns its scheduled ack.
    std::optional<Ack> schedule(const QString &clientMsgId, qint64 inMs);
    // The notification with this client_msg_id a client got, and when it arrived (0 if not yet).
    static std::pair<std::optional<Notification>, qint64> received(
        const DeliveryClient &client, const QString &clientMsgId);
    static int countOf(const DeliveryClient &client, const QString &clientMsgId);

    std::unique_ptr<RelayProcess> m_relay;
    std::unique_ptr<DeliveryClient> m_alice; // publishes
    std::unique_ptr<DeliveryClient> m_bob; // follows the topic
    qint64 m_cursor = 0;
    QString m_epoch;
};

void TestDeliveryScheduled::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

void TestDeliveryScheduled::init()
{
    m_relay = std::make_unique<RelayProcess>();
    QVERIFY(relayadmin::addUsers(*m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(*m_relay, u"reminders"_s, { u"alice"_s }, { u"bob"_s }));
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
    m_alice = std::make_unique<DeliveryClient>(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    m_bob = std::make_unique<DeliveryClient>(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(m_alice->connectTo(m_relay->url()));
    QVERIFY(m_bob->connectTo(m_relay->url()));
    const auto subscription = m_bob->subscribe(kTopic);
    QVERIFY2(subscription.synced, qPrintable(subscription.describe()));
    m_cursor = subscription.reply.ack->seq;
    m_epoch = subscription.reply.ack->epoch;
}

void TestDeliveryScheduled::cleanup()
{
    m_bob.reset();
    m_alice.reset();
    if (m_relay)
        QVERIFY(m_relay->terminate());
    m_relay.reset();
}

std::optional<Ack> TestDeliveryScheduled::schedule(const QString &clientMsgId, qint64 inMs)
{
    Publish publish;
    publish.id = m_alice->nextId();
    publish.stream = kTopic;
    publish.clientMsgId = clientMsgId;
    publish.title = u"Stand-up"_s;
    publish.body = u"Daily stand-up in **5 minutes**"_s;
    publish.deliverAt = now() + inMs;
    const auto reply = m_alice->request(publish);
    if (!reply.ack) {
        qWarning("publish %s: %s", qPrintable(clientMsgId), qPrintable(reply.describe()));
        return std::nullopt;
    }
    return reply.ack;
}

std::pair<std::optional<Notification>, qint64> TestDeliveryScheduled::received(
    const DeliveryClient &client, const QString &clientMsgId)
{
    for (const DeliveryClient::Received &entry : client.log()) {
        const auto *notification = std::get_if<Notification>(&entry.frame);
        if (notification && notification->clientMsgId == clientMsgId)
            return { *notification, entry.atMs };
    }
    return { std::nullopt, 0 };
}

int TestDeliveryScheduled::countOf(const DeliveryClient &client, const QString &clientMsgId)
{
    int count = 0;
    for (const Notification &notification : client.framesOf<Notification>())
        count += notification.clientMsgId == clientMsgId ? 1 : 0;
    return count;
}

void TestDeliveryScheduled::deliveredWhenDueAndNotBefore()
{
    const auto ack = schedule(u"standup-1"_s, 1'500);
    QVERIFY(ack);
    QVERIFY(ack->scheduled);
    QVERIFY(ack->deliverAt);
    const qint64 deliverAt = *ack->deliverAt;
    QCOMPARE(ack->clientMsgId, u"standup-1"_s);

    // Asking again before it is due: the same scheduled answer, nothing new.
    const auto again = schedule(u"standup-1"_s, 60'000);
    QVERIFY(again);
    QVERIFY(again->scheduled);
    QCOMPARE(again->deliverAt, ack->deliverAt);

    QVERIFY(waitUntil([&] { return received(*m_bob, u"standup-1"_s).first.has_value(); },
        int(deliverAt - now() + kLatenessMs)));
    const auto [notification, arrivedAt] = received(*m_bob, u"standup-1"_s);
    std::printf("scheduled: due at %lld, committed at %lld (%+lld ms), arrived at %lld (%+lld ms)\n",
        deliverAt, notification->ts, notification->ts - deliverAt, arrivedAt, arrivedAt - deliverAt);
    QVERIFY2(arrivedAt >= deliverAt, "delivered before it was due");
    QVERIFY2(notification->ts >= deliverAt, "committed before it was due");
    QCOMPARE(notification->sender, u"alice"_s);
    QCOMPARE(notification->title, u"Stand-up"_s);
    QCOMPARE(notification->seq, m_cursor + 1);

    // Once delivered, a repeat gets the delivered seq.
    const auto after = schedule(u"standup-1"_s, 60'000);
    QVERIFY(after);
    QVERIFY(!after->scheduled);
    QCOMPARE(after->seq, notification->seq);
    QCOMPARE(after->ts, notification->ts);
    QVERIFY(m_bob->roundTrip());
    QCOMPARE(countOf(*m_bob, u"standup-1"_s), 1);
}

void TestDeliveryScheduled::deliveredOnceAfterARestartBeforeItIsDue()
{
    const auto ack = schedule(u"standup-2"_s, 2'500);
    QVERIFY(ack && ack->scheduled && ack->deliverAt);
    const qint64 deliverAt = *ack->deliverAt;

    const quint16 port = m_relay->port();
    QVERIFY(m_relay->terminate());
    QCOMPARE(m_relay->exitCode(), 0);
    QVERIFY2(m_relay->start(port) || m_relay->start(), qPrintable(m_relay->errorString()));
    const bool restartedInTime = now() < deliverAt;
    QVERIFY(m_bob->connectTo(m_relay->url()));
    const auto resumed = m_bob->subscribe(kTopic, m_cursor, m_epoch);
    QVERIFY2(resumed.synced && resumed.synced->recovered, qPrintable(resumed.describe()));

    QVERIFY(waitUntil([&] { return received(*m_bob, u"standup-2"_s).first.has_value(); },
        int(std::max<qint64>(deliverAt - now(), 0) + kLatenessMs)));
    const auto [notification, arrivedAt] = received(*m_bob, u"standup-2"_s);
    std::printf("scheduled across a restart: due at %lld, committed %+lld ms, arrived %+lld ms%s\n",
        deliverAt, notification->ts - deliverAt, arrivedAt - deliverAt,
        restartedInTime ? "" : " (the restart itself took longer than the delay)");
    QVERIFY2(notification->ts >= deliverAt, "committed before it was due");
    if (restartedInTime)
        QVERIFY2(arrivedAt >= deliverAt, "delivered before it was due");

    // Exactly once: live, and in a fresh replay of the topic.
    QVERIFY(m_bob->roundTrip());
    QCOMPARE(countOf(*m_bob, u"standup-2"_s), 1);
    DeliveryClient other(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(other.connectTo(m_relay->url()));
    const auto replay = other.subscribe(kTopic, m_cursor, m_epoch);
    QVERIFY2(replay.synced && replay.synced->recovered, qPrintable(replay.describe()));
    QCOMPARE(replay.replay.size(), 1);
    QCOMPARE(std::get<Notification>(replay.replay.first()), *notification);
}

void TestDeliveryScheduled::overdueOneIsDeliveredRightAfterStart()
{
    const auto ack = schedule(u"standup-3"_s, 1'500);
    QVERIFY(ack && ack->scheduled && ack->deliverAt);
    const qint64 deliverAt = *ack->deliverAt;
    QVERIFY(m_relay->kill()); // down before it is due, and not gracefully
    QVERIFY2(now() < deliverAt, "the crash came too late for this test; the machine is very slow");
    QVERIFY(waitUntil([&] { return now() > deliverAt + 300; }, 5'000)); // it becomes due while down

    const qint64 startedAt = now();
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
    QVERIFY(m_bob->connectTo(m_relay->url()));
    const auto resumed = m_bob->subscribe(kTopic, m_cursor, m_epoch);
    QVERIFY2(resumed.synced && resumed.synced->recovered, qPrintable(resumed.describe()));
    QVERIFY2(waitUntil([&] { return received(*m_bob, u"standup-3"_s).first.has_value(); }, int(kLatenessMs)),
        "an overdue notification was not delivered soon after the relay started");
    const auto [notification, arrivedAt] = received(*m_bob, u"standup-3"_s);
    std::printf("overdue: due at %lld, relay started %+lld ms, committed %+lld ms, arrived %+lld ms\n",
        deliverAt, startedAt - deliverAt, notification->ts - deliverAt, arrivedAt - deliverAt);
    QVERIFY(notification->ts >= startedAt);
    QVERIFY(m_bob->roundTrip());
    QCOMPARE(countOf(*m_bob, u"standup-3"_s), 1);
}

QTEST_GUILESS_MAIN(TestDeliveryScheduled)
#include "tst_delivery_scheduled.moc"
