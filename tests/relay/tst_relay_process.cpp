// The real confab-relay binary: admin commands, two clients talking through it, a graceful
// SIGTERM, and messages that survive a restart and a crash.
#include "rawclient.h"
#include "relayprocess.h"

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
    return relay.addUser(u"alice"_s, u"wonder land"_s) && relay.addUser(u"bob"_s, u"builder"_s)
        && relay.createRoom(u"general"_s);
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
    bob.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
    QVERIFY(bob.nextAs<Ack>());

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
        alice.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
        epoch = alice.nextAs<Ack>().value_or(Ack{}).epoch;
        QCOMPARE(sendText(alice, u"c1"_s, u"first"_s).value_or(Ack{}).seq, 1);
        QCOMPARE(sendText(alice, u"c2"_s, u"second"_s).value_or(Ack{}).seq, 2);
    }
    const quint16 port = relay.port();
    QVERIFY2(relay.restart(/*samePort=*/true), qPrintable(relay.errorString()));
    QCOMPARE(relay.port(), port);

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, u"wonder land"_s));
    alice.send(Subscribe{u"s1"_s, u"room:general"_s, 0});
    const auto first = alice.nextAs<Message>();
    const auto second = alice.nextAs<Message>();
    const auto ack = alice.nextAs<Ack>();
    QVERIFY(first && second && ack);
    QCOMPARE(first->text, u"first"_s);
    QCOMPARE(second->text, u"second"_s);
    QCOMPARE(ack->seq, 2);
    QCOMPARE(ack->epoch, epoch);
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
    bob.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
    QCOMPARE(bob.nextAs<Ack>().value_or(Ack{}).seq, 5);
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

QTEST_GUILESS_MAIN(TestRelayProcess)
#include "tst_relay_process.moc"
