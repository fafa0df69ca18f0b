// The real confab-relay binary: admin commands, two clients talking through it, a graceful
// SIGTERM, and messages that survive a restart and a crash.
#include "rawclient.h"
#include "relayprocess.h"

#include <QDateTime>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelayProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoClientsExchangeAMessage();
    void sigtermClosesClientsWithGoingAway();
    void messagesSurviveARestart();
    void acknowledgedMessagesSurviveACrash();
    void newerDatabaseIsRefusedClearly();
    void scheduledNotificationIsDeliveredAfterARestart();
    void retentionFlagsApply();
    void sigtermCommitsWhatWasReceived();
    void privateRoomSetUpByTheAdmin();

private:
    static bool prepare(RelayProcess &relay);
    static std::optional<Ack> sendText(RawClient &client, const QString &clientMsgId, const QString &text);
};

void TestRelayProcess::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

bool TestRelayProcess::prepare(RelayProcess &relay)
{
    if (!relay.addUser(u"alice"_s, u"wonder land"_s) || !relay.addUser(u"bob"_s, u"builder"_s)
        || !relay.createRoom(u"general"_s))
        return false;
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const auto added = relay.runCommand({u"room"_s, u"add-member"_s, u"general"_s, user, u"--data-dir"_s,
                                             relay.dataDir()});
        if (!added.finished || added.exitCode != 0)
            return false;
    }
    return true;
}

std::optional<Ack> TestRelayProcess::sendText(RawClient &client, const QString &clientMsgId, const QString &text)
{
    client.send(Send{u"send-"_s + clientMsgId, u"room:general"_s, clientMsgId, text});
    // A subscribed sender also gets the message itself (after the ack); skip any such echo.
    while (const auto frame = client.next()) {
        if (std::holds_alternative<Ack>(*frame))
            return std::get<Ack>(*frame);
        if (!std::holds_alternative<Message>(*frame))
            return std::nullopt;
    }
    return std::nullopt;
}

void TestRelayProcess::twoClientsExchangeAMessage()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    QCOMPARE(relay.url().scheme(), u"ws"_s);
    QCOMPARE(relay.url().host(), u"127.0.0.1"_s);
    QCOMPARE(relay.url().path(), u"/v1/ws"_s);

    RawClient alice;
    RawClient bob;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    QVERIFY(bob.login(relay.url(), u"bob"_s, u"builder"_s));
    QVERIFY(bob.subscribe(u"room:general"_s));

    const auto ack = sendText(alice, u"c1"_s, u"Hi Bob, lunch? 🍜"_s);
    QVERIFY(ack);
    QCOMPARE(ack->seq, 1);
    const auto message = bob.nextAs<Message>();
    QVERIFY(message);
    QCOMPARE(message->sender, u"alice"_s);
    QCOMPARE(message->text, u"Hi Bob, lunch? 🍜"_s);

    QVERIFY(relay.terminate());
    QCOMPARE(relay.exitCode(), 0);
}

void TestRelayProcess::sigtermClosesClientsWithGoingAway()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient alice;
    RawClient anonymous;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    QVERIFY(anonymous.open(relay.url()));

    QVERIFY(relay.terminate());
    QCOMPARE(relay.exitStatus(), QProcess::NormalExit);
    QCOMPARE(relay.exitCode(), 0);
    QVERIFY(alice.waitForDisconnected());
    QVERIFY(anonymous.waitForDisconnected());
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(anonymous.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
}

void TestRelayProcess::messagesSurviveARestart()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    QString epoch;
    {
        RawClient alice;
        QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
        const auto subscription = alice.subscribe(u"room:general"_s);
        QVERIFY(subscription);
        epoch = subscription->ack.epoch;
        QCOMPARE(sendText(alice, u"c1"_s, u"first"_s).value_or(Ack{}).seq, 1);
        QCOMPARE(sendText(alice, u"c2"_s, u"second"_s).value_or(Ack{}).seq, 2);
    }
    const quint16 port = relay.port();
    QVERIFY2(relay.restart(/*samePort=*/true), qPrintable(relay.errorString()));
    QCOMPARE(relay.port(), port);

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    alice.send(Subscribe{u"s1"_s, u"room:general"_s, 0, epoch});
    const auto ack = alice.nextAs<Ack>();
    const auto first = alice.nextAs<Message>();
    const auto second = alice.nextAs<Message>();
    const auto synced = alice.nextAs<Synced>();
    QVERIFY(first && second && ack && synced);
    QCOMPARE(first->text, u"first"_s);
    QCOMPARE(second->text, u"second"_s);
    QCOMPARE(ack->seq, 2);
    QCOMPARE(ack->epoch, epoch);
    QVERIFY(synced->recovered);
    // The sequence continues, and a resend from before the restart is still recognised.
    QCOMPARE(sendText(alice, u"c3"_s, u"third"_s).value_or(Ack{}).seq, 3);
    QCOMPARE(sendText(alice, u"c2"_s, u"second"_s).value_or(Ack{}).seq, 2);
}

void TestRelayProcess::acknowledgedMessagesSurviveACrash()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    {
        RawClient alice;
        QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(sendText(alice, u"c%1"_s.arg(i), u"message %1"_s.arg(i)).value_or(Ack{}).seq, i);
        QVERIFY(relay.kill());
    }
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, u"builder"_s));
    const auto subscription = bob.subscribe(u"room:general"_s);
    QVERIFY(subscription);
    QCOMPARE(subscription->ack.seq, 5);
}

void TestRelayProcess::newerDatabaseIsRefusedClearly()
{
    RelayProcess relay;
    QVERIFY(relay.createRoom(u"general"_s));
    {
        // As if a newer relay had migrated this database.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(QDir(relay.dataDir()).filePath(u"relay.db"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"INSERT INTO schema_version (version, applied) VALUES (42, 0)"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);

    QVERIFY(!relay.start());
    QCOMPARE(relay.exitCode(), 1);
    const auto result = relay.runCommand({u"room"_s, u"create"_s, u"other"_s, u"--data-dir"_s, relay.dataDir()});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("schema version 42"), result.standardError.constData());
    QVERIFY(result.standardError.contains("newer"));
}

void TestRelayProcess::scheduledNotificationIsDeliveredAfterARestart()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    QCOMPARE(relay.runCommand({u"topic"_s, u"create"_s, u"alerts"_s, u"--data-dir"_s, relay.dataDir()}).exitCode, 0);
    // Ordinary users may only read topics without ACL entries by default; this one is open.
    relay.setExtraArguments({u"--default-topic-access"_s, u"read-write"_s});
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    qint64 deliverAt = 0;
    {
        RawClient script;
        QVERIFY(script.login(relay.url(), u"bob"_s, u"builder"_s));
        Publish publish;
        publish.id = u"p1"_s;
        publish.stream = u"topic:alerts"_s;
        publish.clientMsgId = u"reminder"_s;
        publish.title = u"Stand-up"_s;
        deliverAt = QDateTime::currentMSecsSinceEpoch() + 1500;
        publish.deliverAt = deliverAt;
        const auto ack = script.request(publish);
        QVERIFY(ack);
        QVERIFY(ack->scheduled);
    }
    // Down before it is due, back on the same port; the relay still delivers it, once.
    QVERIFY2(relay.restart(/*samePort=*/true), qPrintable(relay.errorString()));
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    const auto subscription = alice.subscribe(u"topic:alerts"_s, 0);
    QVERIFY(subscription);
    std::optional<Notification> delivered;
    if (!subscription->replayed.isEmpty())
        delivered = std::get<Notification>(subscription->replayed.constFirst());
    else
        delivered = alice.nextAs<Notification>(15'000);
    QVERIFY(delivered);
    QCOMPARE(delivered->title, u"Stand-up"_s);
    QVERIFY(delivered->ts >= deliverAt);

    QVERIFY(relay.restart());
    RawClient again;
    QVERIFY(again.login(relay.url(), u"alice"_s, u"wonder land"_s));
    const auto replay = again.subscribe(u"topic:alerts"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 1);
    QVERIFY(again.quiet());
}

void TestRelayProcess::retentionFlagsApply()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    relay.setExtraArguments({u"--retention-events"_s, u"2"_s, u"--retention-interval-ms"_s, u"50"_s,
                             u"--retention-days"_s, u"1"_s, u"--commit-batch"_s, u"8"_s});
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(sendText(alice, u"c%1"_s.arg(i), u"message %1"_s.arg(i)).value_or(Ack{}).seq, i);
    // The pruner runs every 50 ms: soon only the newest two remain and a cursor at 0 is too old.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            RawClient bob;
            if (!bob.login(relay.url(), u"bob"_s, u"builder"_s))
                return false;
            const auto subscription = bob.subscribe(u"room:general"_s, 0);
            return subscription && subscription->ack.firstSeq == 4 && !subscription->synced.recovered;
        }(),
        10'000);
}

void TestRelayProcess::sigtermCommitsWhatWasReceived()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    // 300 pipelined sends are more than the default burst: without a higher limit, a relay that
    // handles them all before the SIGTERM refuses the last 100 and spends the error budget (1008).
    relay.setExtraArguments({u"--rate-burst"_s, u"1000"_s, u"--rate-per-second"_s, u"1000"_s});
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    constexpr int kCount = 300;
    for (int i = 1; i <= kCount; ++i)
        alice.send(Send{u"m%1"_s.arg(i), u"room:general"_s, u"c%1"_s.arg(i), u"pipelined %1"_s.arg(i)});
    // SIGTERM once the first acks arrive, with the rest still in flight.
    QTRY_VERIFY(alice.rawFrames().size() > 1);
    QVERIFY(relay.terminate());
    QCOMPARE(relay.exitCode(), 0);
    QVERIFY(alice.waitForDisconnected());
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    int acks = 0;
    while (const auto frame = alice.next(0)) {
        if (std::holds_alternative<Ack>(*frame))
            QCOMPARE(std::get<Ack>(*frame).seq, ++acks);
    }
    qInfo("%d of %d pipelined sends acknowledged before the shutdown", acks, kCount);

    // Everything acknowledged is there, and nothing the relay did not acknowledge.
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, u"builder"_s));
    const auto subscription = bob.subscribe(u"room:general"_s);
    QVERIFY(subscription);
    QCOMPARE(subscription->ack.seq, acks);
}

void TestRelayProcess::privateRoomSetUpByTheAdmin()
{
    RelayProcess relay;
    QVERIFY(prepare(relay));
    const QString dir = relay.dataDir();
    QCOMPARE(relay.runCommand({u"room"_s, u"create"_s, u"board"_s, u"--private"_s, u"--title"_s, u"The board"_s,
                               u"--data-dir"_s, dir}).exitCode, 0);
    QCOMPARE(relay.runCommand({u"room"_s, u"add-member"_s, u"board"_s, u"alice"_s, u"--data-dir"_s, dir}).exitCode, 0);
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient alice;
    RawClient bob;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    QVERIFY(bob.login(relay.url(), u"bob"_s, u"builder"_s));
    QVERIFY(alice.subscribe(u"room:board"_s));
    QCOMPARE(bob.errorOf(Join{u"j1"_s, u"room:board"_s}), ErrorCode::NotFound);
    const auto reply = bob.call(ListStreams{u"l1"_s});
    QVERIFY(reply && std::holds_alternative<Streams>(*reply));
    for (const StreamSummary &summary : std::get<Streams>(*reply).streams)
        QVERIFY(summary.stream != u"room:board"_s);
}

QTEST_GUILESS_MAIN(TestRelayProcess)
#include "tst_relay_process.moc"
