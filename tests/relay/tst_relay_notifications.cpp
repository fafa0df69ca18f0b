// Notification topics: publishing to every subscriber, scheduled delivery (also across a restart,
// exactly once), expiry, and dismissals that follow the user to every desktop.
#include "eventstore.h"
#include "protocol/codec.h"
#include "relayfixture.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelayNotifications : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void publishReachesEverySubscriber();
    void publishRefusals();
    void scheduledIsDeliveredWhenDue();
    void scheduledSurvivesARestart();
    void overdueIsDeliveredRightAfterStart();
    void expiredNotificationsAreNotReplayed();
    void dismissalsFollowTheUser();
    void dismissRefusals();

private:
    static Publish alert(const QString &clientMsgId, std::optional<qint64> deliverAt = std::nullopt);
    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

    std::unique_ptr<RelayFixture> m_fixture;
};

void TestRelayNotifications::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->start(), qPrintable(m_fixture->errorString()));
}

void TestRelayNotifications::cleanup()
{
    m_fixture.reset();
}

Publish TestRelayNotifications::alert(const QString &clientMsgId, std::optional<qint64> deliverAt)
{
    Publish publish;
    publish.id = u"p-"_s + clientMsgId;
    publish.stream = u"topic:alerts"_s;
    publish.clientMsgId = clientMsgId;
    publish.title = u"Backup"_s;
    publish.body = u"Backup **done**"_s;
    publish.priority = 4;
    publish.tags = { u"backup"_s, u"nightly"_s };
    publish.click = u"https://ops.example.com/backups"_s;
    NotificationAction view;
    view.action = NotificationActionKind::View;
    view.label = u"Open"_s;
    view.url = u"https://ops.example.com/backups/1"_s;
    publish.actions = { view };
    publish.deliverAt = deliverAt;
    return publish;
}

void TestRelayNotifications::publishReachesEverySubscriber()
{
    auto alice = m_fixture->login(u"alice"_s);
    auto carol = m_fixture->login(u"carol"_s); // topics are open to every user in this issue
    QVERIFY(alice->subscribe(u"topic:alerts"_s) && carol->subscribe(u"topic:alerts"_s));
    auto script = m_fixture->login(u"bob"_s);
    const auto ack = script->request(alert(u"n1"_s));
    QVERIFY(ack);
    QCOMPARE(ack->stream, u"topic:alerts"_s);
    QCOMPARE(ack->seq, 1);
    QVERIFY(!ack->scheduled);
    for (RawClient *client : { alice.get(), carol.get() }) {
        const auto notification = client->nextAs<Notification>();
        QVERIFY(notification);
        QCOMPARE(notification->title, u"Backup"_s);
        QCOMPARE(notification->body, u"Backup **done**"_s);
        QCOMPARE(notification->priority, 4);
        QCOMPARE(notification->tags, (QStringList { u"backup"_s, u"nightly"_s }));
        QCOMPARE(notification->click, u"https://ops.example.com/backups"_s);
        QCOMPARE(notification->actions.size(), 1);
        QCOMPARE(notification->sender, u"bob"_s);
        QCOMPARE(notification->clientMsgId, u"n1"_s);
        QCOMPARE(notification->seq, 1);
        QCOMPARE(notification->ts, ack->ts);
    }
    QCOMPARE(alice->lastRawFrame(), carol->lastRawFrame());
    // Priority defaults to 3.
    Publish plain;
    plain.id = u"p2"_s;
    plain.stream = u"topic:alerts"_s;
    plain.clientMsgId = u"n2"_s;
    plain.body = u"plain"_s;
    QVERIFY(script->request(plain));
    QCOMPARE(alice->nextAs<Notification>().value_or(Notification {}).priority, 3);
}

void TestRelayNotifications::publishRefusals()
{
    auto alice = m_fixture->login(u"alice"_s);
    Publish missing = alert(u"n1"_s);
    missing.stream = u"topic:nowhere"_s;
    QCOMPARE(alice->errorOf(missing), ErrorCode::NotFound);
    Publish neverShown = alert(u"n2"_s, now() + 60'000);
    neverShown.expiresAt = now() + 30'000;
    QCOMPARE(alice->errorOf(neverShown), ErrorCode::InvalidField);
    alice->sendBinary(
        R"json({"type":"publish","id":"p3","stream":"topic:alerts","client_msg_id":"n3","body":"x",)json"
        R"json("click":"javascript:alert(1)"})json"_ba);
    QCOMPARE(alice->nextAs<Error>().value_or(Error {}).code, ErrorCode::InvalidField);
    alice->sendBinary(
        R"({"type":"publish","id":"p4","stream":"room:general","client_msg_id":"n4","body":"x"})"_ba);
    QCOMPARE(alice->nextAs<Error>().value_or(Error {}).code, ErrorCode::InvalidField);
}

void TestRelayNotifications::scheduledIsDeliveredWhenDue()
{
    auto alice = m_fixture->login(u"alice"_s);
    QVERIFY(alice->subscribe(u"topic:alerts"_s));
    auto script = m_fixture->login(u"bob"_s);
    const qint64 deliverAt = now() + 1000;
    const auto ack = script->request(alert(u"later"_s, deliverAt));
    QVERIFY(ack);
    QVERIFY(ack->scheduled);
    QCOMPARE(ack->deliverAt, deliverAt);
    QCOMPARE(ack->seq, 0);
    // Asking again before it is due: the same answer, nothing new.
    const auto again = script->request(alert(u"later"_s, deliverAt));
    QVERIFY(again && again->scheduled);
    QCOMPARE(again->deliverAt, deliverAt);
    QVERIFY(alice->quiet());

    const auto delivered = alice->nextAs<Notification>(10'000);
    QVERIFY(delivered);
    QVERIFY(now() >= deliverAt);
    QCOMPARE(delivered->seq, 1);
    QCOMPARE(delivered->clientMsgId, u"later"_s);
    QCOMPARE(delivered->sender, u"bob"_s);
    QCOMPARE(delivered->title, u"Backup"_s);
    // Once delivered, a repeat gets the seq ack.
    const auto afterwards = script->request(alert(u"later"_s, deliverAt));
    QVERIFY(afterwards);
    QVERIFY(!afterwards->scheduled);
    QCOMPARE(afterwards->seq, 1);
    QVERIFY(alice->quiet());
}

void TestRelayNotifications::scheduledSurvivesARestart()
{
    {
        auto script = m_fixture->login(u"bob"_s);
        QVERIFY(script->request(alert(u"n1"_s, now() + 400)).value_or(Ack {}).scheduled);
    }
    QVERIFY(m_fixture->restart());
    auto alice = m_fixture->login(u"alice"_s);
    const auto subscription = alice->subscribe(u"topic:alerts"_s, 0);
    QVERIFY(subscription);
    // Delivered live, or already by the time alice subscribed (a slow machine).
    std::optional<Notification> delivered;
    if (!subscription->replayed.isEmpty())
        delivered = std::get<Notification>(subscription->replayed.constFirst());
    else
        delivered = alice->nextAs<Notification>(10'000);
    QVERIFY(delivered);
    QCOMPARE(delivered->clientMsgId, u"n1"_s);
    // Exactly once: another restart delivers nothing more.
    QVERIFY(m_fixture->restart());
    alice = m_fixture->login(u"alice"_s);
    const auto replay = alice->subscribe(u"topic:alerts"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 1);
    QVERIFY(alice->quiet());
}

void TestRelayNotifications::overdueIsDeliveredRightAfterStart()
{
    qint64 deliverAt = 0;
    {
        auto script = m_fixture->login(u"bob"_s);
        deliverAt = now() + 300;
        QVERIFY(script->request(alert(u"n1"_s, deliverAt)).value_or(Ack {}).scheduled);
    }
    m_fixture->stop(); // down while it falls due
    QTRY_VERIFY(now() > deliverAt + 50);
    QVERIFY(m_fixture->restart());
    // Due while the relay was down: already there for the first subscriber.
    QTRY_COMPARE(m_fixture->relay().store()->stream(u"topic:alerts"_s).value()->lastSeq, 1);
    auto alice = m_fixture->login(u"alice"_s);
    const auto replay = alice->subscribe(u"topic:alerts"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 1);
}

void TestRelayNotifications::expiredNotificationsAreNotReplayed()
{
    auto script = m_fixture->login(u"bob"_s);
    Publish shortLived = alert(u"n1"_s);
    shortLived.expiresAt = now() + 200;
    QVERIFY(script->request(shortLived));
    QVERIFY(script->request(alert(u"n2"_s)));
    QTRY_VERIFY(now() > *shortLived.expiresAt);

    auto alice = m_fixture->login(u"alice"_s);
    const auto replay = alice->subscribe(u"topic:alerts"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 1);
    QCOMPARE(std::get<Notification>(replay->replayed.constFirst()).clientMsgId, u"n2"_s);
    // Nor does history show it.
    const auto page = alice->request(History { u"h1"_s, u"topic:alerts"_s, std::nullopt, 10 });
    QVERIFY(page);
    QCOMPARE(page->seq, 2);
}

void TestRelayNotifications::dismissalsFollowTheUser()
{
    auto script = m_fixture->login(u"bob"_s);
    for (int i = 1; i <= 3; ++i)
        QVERIFY(script->request(alert(u"n%1"_s.arg(i))));
    auto laptop = m_fixture->login(u"alice"_s);
    auto desktop = m_fixture->login(u"alice"_s);
    QVERIFY(laptop->subscribe(u"user:alice"_s) && desktop->subscribe(u"user:alice"_s));
    QVERIFY(script->subscribe(u"user:bob"_s));

    const auto one = laptop->request(Dismiss { u"d1"_s, u"topic:alerts"_s, 2, false });
    QVERIFY(one);
    QCOMPARE(one->stream, u"user:alice"_s);
    QCOMPARE(one->seq, 1);
    const auto all = laptop->request(Dismiss { u"d2"_s, u"topic:alerts"_s, 3, true });
    QVERIFY(all);
    QCOMPARE(all->seq, 2);
    const auto first = desktop->nextAs<Dismissed>();
    const auto second = desktop->nextAs<Dismissed>();
    QVERIFY(first && second);
    QCOMPARE(first->targetStream, u"topic:alerts"_s);
    QCOMPARE(first->target, 2);
    QVERIFY(!first->all);
    QCOMPARE(second->target, 3);
    QVERIFY(second->all);
    QVERIFY(script->quiet()); // bob's notifications are his own business

    auto phone = m_fixture->login(u"alice"_s);
    const auto replay = phone->subscribe(u"user:alice"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 2);
}

void TestRelayNotifications::dismissRefusals()
{
    auto alice = m_fixture->login(u"alice"_s);
    QCOMPARE(alice->errorOf(Dismiss { u"d1"_s, u"topic:alerts"_s, 1, false }), ErrorCode::NotFound);
    QCOMPARE(alice->errorOf(Dismiss { u"d2"_s, u"topic:nowhere"_s, 1, false }), ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestRelayNotifications)
#include "tst_relay_notifications.moc"
