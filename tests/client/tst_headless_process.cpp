// confab-headless against the real relay (both real processes): what a script using the headless
// client sees, and what it exits with.
#include "headlessprocess.h"
#include "relayprocess.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

bool isEvent(const QJsonObject &object, QLatin1StringView event)
{
    return object.value("event"_L1).toString() == event;
}

} // namespace

class TestHeadlessProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void twoUsersChat();
    void passwordFromStandardInput();
    void wrongPasswordExitsWithTwo();
    void unreachableRelayExitsWithOne();
    void unknownRoomIsAnError();
    void everyEventKindIsOneJsonLine();

private:
    RelayProcess m_relay;
};

void TestHeadlessProcess::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("CONFAB_HEADLESS_BIN").isEmpty(), "CONFAB_HEADLESS_BIN is not set");
    QVERIFY(m_relay.addUser(u"alice"_s, u"alice-password"_s));
    QVERIFY(m_relay.addUser(u"bob"_s, u"bob password with spaces"_s));
    QVERIFY(m_relay.createRoom(u"general"_s));
    // Only members may read and post in a room.
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const RelayProcess::CommandResult added = m_relay.runCommand(
            {u"room"_s, u"add-member"_s, u"general"_s, user, u"--data-dir"_s, m_relay.dataDir()});
        QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    }
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestHeadlessProcess::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

void TestHeadlessProcess::twoUsersChat()
{
    HeadlessProcess bob(u"bob"_s);
    QVERIFY(bob.start(m_relay.url(), u"bob password with spaces"_s, {u"--stream"_s, u"room:general"_s}));
    QCOMPARE(bob.waitForEvent(u"connected"_s).value("user"_L1).toString(), u"bob"_s);
    const QJsonObject bobSubscribed = bob.waitForEvent(u"subscribed"_s);
    QCOMPARE(bobSubscribed.value("stream"_L1).toString(), u"room:general"_s);
    const qint64 head = bobSubscribed.value("seq"_L1).toInteger(-1);
    QVERIFY(head >= 0);

    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(m_relay.url(), u"alice-password"_s, {u"--stream"_s, u"room:general"_s}));
    QVERIFY(!alice.waitForEvent(u"subscribed"_s).isEmpty());
    alice.writeLine(u"send room:general Hello Bob, *this* has spaces"_s);

    const QJsonObject ack = alice.waitForEvent(u"ack"_s);
    QCOMPARE(ack.value("stream"_L1).toString(), u"room:general"_s);
    QCOMPARE(ack.value("seq"_L1).toInteger(), head + 1);
    const QString clientMsgId = ack.value("client_msg_id"_L1).toString();
    QCOMPARE(clientMsgId.size(), 36);

    const QJsonObject received = bob.waitForEvent(
        [](const QJsonObject &o) { return isEvent(o, "message"_L1); });
    QCOMPARE(received.value("sender"_L1).toString(), u"alice"_s);
    QCOMPARE(received.value("text"_L1).toString(), u"Hello Bob, *this* has spaces"_s);
    QCOMPARE(received.value("client_msg_id"_L1).toString(), clientMsgId);
    QCOMPARE(received.value("seq"_L1).toInteger(), head + 1);
    QCOMPARE(received.value("stream"_L1).toString(), u"room:general"_s);

    // The sender is a subscriber too and sees its own message once.
    QVERIFY(!alice.waitForEvent([&](const QJsonObject &o) {
                      return isEvent(o, "message"_L1) && o.value("client_msg_id"_L1).toString() == clientMsgId;
                  }).isEmpty());

    for (HeadlessProcess *client : {&alice, &bob}) {
        client->writeLine(u"quit"_s);
        QVERIFY(client->waitForExit());
        QCOMPARE(client->exitStatus(), QProcess::NormalExit);
        QCOMPARE(client->exitCode(), 0);
        QCOMPARE(client->events().last().value("event"_L1).toString(), u"disconnected"_s);
        QCOMPARE(client->invalidOutput(), QByteArray());
    }
}

void TestHeadlessProcess::passwordFromStandardInput()
{
    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(m_relay.url(), u"alice-password"_s, {}, true));
    alice.writeLine(u"send room:general via stdin"_s);
    alice.closeInput(); // end of input: quit once the message is acknowledged
    QVERIFY(!alice.waitForEvent(u"connected"_s).isEmpty());
    QVERIFY(!alice.waitForEvent(u"ack"_s).isEmpty());
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 0);
}

void TestHeadlessProcess::wrongPasswordExitsWithTwo()
{
    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(m_relay.url(), u"not her password"_s));
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 2);
    QVERIFY2(alice.standardError().contains("confab-headless: Wrong user name or password."),
             alice.standardError().constData());
    QCOMPARE(alice.events().size(), 1);
    QCOMPARE(alice.events().first().value("reason"_L1).toString(), u"Wrong user name or password."_s);
}

void TestHeadlessProcess::unreachableRelayExitsWithOne()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port)), u"alice-password"_s));
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 1);
    const QByteArray expected =
        u"confab-headless: Cannot reach the relay at 127.0.0.1:%1: connection refused."_s.arg(port).toUtf8();
    QVERIFY2(alice.standardError().contains(expected), alice.standardError().constData());
}

void TestHeadlessProcess::unknownRoomIsAnError()
{
    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(m_relay.url(), u"alice-password"_s));
    QVERIFY(!alice.waitForEvent(u"connected"_s).isEmpty());
    alice.writeLine(u"send room:nowhere hello?"_s);
    const QJsonObject error = alice.waitForEvent(u"error"_s);
    QCOMPARE(error.value("code"_L1).toString(), u"not_found"_s);
    QCOMPARE(error.value("stream"_L1).toString(), u"room:nowhere"_s);
    QCOMPARE(error.value("client_msg_id"_L1).toString().size(), 36);
    alice.writeLine(u"quit"_s);
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 0);
}

void TestHeadlessProcess::everyEventKindIsOneJsonLine()
{
    HeadlessProcess alice(u"alice"_s);
    QVERIFY(alice.start(m_relay.url(), u"alice-password"_s,
                        {u"--stream"_s, u"room:general"_s, u"--stream"_s, u"user:alice"_s}));
    const auto synced = [&](const QString &stream) {
        return alice.waitForEvent([&](const QJsonObject &o) {
            return isEvent(o, "synced"_L1) && o.value("stream"_L1).toString() == stream;
        });
    };
    QVERIFY(synced(u"room:general"_s).value("recovered"_L1).toBool());
    QVERIFY(!synced(u"user:alice"_s).isEmpty());

    alice.writeLine(u"send room:general typo"_s);
    const qint64 seq = alice.waitForEvent(u"ack"_s).value("seq"_L1).toInteger();
    QVERIFY(seq > 0);
    alice.writeLine(u"edit room:general %1 no typo"_s.arg(seq));
    alice.writeLine(u"react room:general %1 🎉"_s.arg(seq));
    alice.writeLine(u"read room:general %1"_s.arg(seq));
    alice.writeLine(u"members room:general"_s);
    alice.writeLine(u"history room:general head 2"_s);

    const auto event = [&](QLatin1StringView name) {
        return alice.waitForEvent([&](const QJsonObject &o) { return isEvent(o, name); });
    };
    const QJsonObject edited = event("edited"_L1);
    QCOMPARE(edited.value("target"_L1).toInteger(), seq);
    QCOMPARE(edited.value("text"_L1).toString(), u"no typo"_s);
    const QJsonObject reaction = event("reaction"_L1);
    QCOMPARE(reaction.value("emoji"_L1).toString(), u"🎉"_s);
    QCOMPARE(reaction.value("target"_L1).toInteger(), seq);
    const QJsonObject read = event("read"_L1);
    QCOMPARE(read.value("target_stream"_L1).toString(), u"room:general"_s);
    QCOMPARE(read.value("target"_L1).toInteger(), seq);
    QVERIFY(event("members"_L1).value("members"_L1).toArray().size() >= 2);
    const QJsonObject history = event("history"_L1);
    QCOMPARE(history.value("stream"_L1).toString(), u"room:general"_s);
    QVERIFY(history.value("has_more"_L1).toBool());
    for (const QString &kind : {u"edit"_s, u"react"_s, u"read"_s}) {
        QVERIFY2(!alice.waitForEvent([&](const QJsonObject &o) {
                           return isEvent(o, "ack"_L1) && o.value("kind"_L1).toString() == kind;
                       }).isEmpty(),
                 qPrintable(kind));
    }

    alice.writeLine(u"quit"_s);
    QVERIFY(alice.waitForExit());
    QCOMPARE(alice.exitCode(), 0);
    QCOMPARE(alice.invalidOutput(), QByteArray());
}

QTEST_GUILESS_MAIN(TestHeadlessProcess)
#include "tst_headless_process.moc"
