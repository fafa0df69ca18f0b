// The headless client's command language: what a script types and what the client will do.
#include "headlesscommand.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using confab::headless::CommandError;
using confab::headless::HeadlessCommand;
using confab::headless::parseCommand;
namespace proto = confab::protocol;
using Kind = HeadlessCommand::Kind;

namespace {

HeadlessCommand parsed(const QString &line)
{
    const auto result = parseCommand(line);
    if (const auto *error = std::get_if<CommandError>(&result)) {
        qWarning("unexpected error for \"%s\": %s", qPrintable(line), qPrintable(error->message));
        return {};
    }
    const auto &command = std::get<std::optional<HeadlessCommand>>(result);
    return command.value_or(HeadlessCommand{});
}

QString errorOf(const QString &line)
{
    const auto result = parseCommand(line);
    const auto *error = std::get_if<CommandError>(&result);
    return error ? error->message : QString();
}

} // namespace

class TestHeadlessCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chatCommands();
    void notificationCommands();
    void roomAndQueryCommands();
    void subscriptions();
    void blankLinesAreNothing();
    void badLinesSayHowToWriteThem_data();
    void badLinesSayHowToWriteThem();
    void unknownWordsListEveryCommand();
};

void TestHeadlessCommand::chatCommands()
{
    HeadlessCommand send = parsed(u"send room:general Hello  *two*  spaces"_s);
    QCOMPARE(send.kind, Kind::Send);
    QCOMPARE(send.stream, u"room:general"_s);
    QCOMPARE(send.text, u"Hello  *two*  spaces"_s); // the text exactly as typed

    HeadlessCommand reply = parsed(u"reply room:general 12 me too"_s);
    QCOMPARE(reply.kind, Kind::Reply);
    QCOMPARE(reply.seq, 12);
    QCOMPARE(reply.text, u"me too"_s);

    HeadlessCommand edit = parsed(u"edit dm:alice+bob 3 fixed typo"_s);
    QCOMPARE(edit.kind, Kind::Edit);
    QCOMPARE(edit.stream, u"dm:alice+bob"_s);
    QCOMPARE(edit.seq, 3);
    QCOMPARE(edit.text, u"fixed typo"_s);

    QCOMPARE(parsed(u"delete room:general 4"_s).kind, Kind::Delete);
    QCOMPARE(parsed(u"delete room:general 4"_s).seq, 4);

    HeadlessCommand react = parsed(u"react room:general 5 🎉"_s);
    QCOMPARE(react.kind, Kind::React);
    QCOMPARE(react.text, u"🎉"_s);
    QCOMPARE(parsed(u"unreact room:general 5 🎉"_s).kind, Kind::Unreact);

    HeadlessCommand read = parsed(u"read room:general 9"_s);
    QCOMPARE(read.kind, Kind::Read);
    QCOMPARE(read.seq, 9);

    HeadlessCommand typing = parsed(u"typing room:general on"_s);
    QCOMPARE(typing.kind, Kind::Typing);
    QVERIFY(typing.flag);
    QVERIFY(!parsed(u"typing room:general off"_s).flag);

    QCOMPARE(parsed(u"presence away"_s).presence, proto::PresenceStatus::Away);
    QCOMPARE(parsed(u"presence online"_s).presence, proto::PresenceStatus::Online);
}

void TestHeadlessCommand::notificationCommands()
{
    HeadlessCommand titled = parsed(u"publish topic:ci 4 Build failed | main is **red**"_s);
    QCOMPARE(titled.kind, Kind::Publish);
    QCOMPARE(titled.stream, u"topic:ci"_s);
    QCOMPARE(titled.notification.priority, 4);
    QCOMPARE(titled.notification.title, u"Build failed"_s);
    QCOMPARE(titled.notification.body, u"main is **red**"_s);

    HeadlessCommand plain = parsed(u"publish topic:ci 1 just a body"_s);
    QCOMPARE(plain.notification.title, QString());
    QCOMPARE(plain.notification.body, u"just a body"_s);

    HeadlessCommand json = parsed(
        u"publish-json {\"stream\":\"topic:ci\",\"title\":\"Deploy\",\"body\":\"v2 is live\","
        u"\"priority\":2,\"tags\":[\"deploy\"],\"click\":\"https://example.com/d\","
        u"\"actions\":[{\"action\":\"view\",\"label\":\"Open\",\"url\":\"https://example.com\"}],"
        u"\"deliver_at\":1900000000000}"_s);
    QCOMPARE(json.kind, Kind::Publish);
    QCOMPARE(json.stream, u"topic:ci"_s);
    QCOMPARE(json.notification.title, u"Deploy"_s);
    QCOMPARE(json.notification.body, u"v2 is live"_s);
    QCOMPARE(json.notification.priority, 2);
    QCOMPARE(json.notification.tags, QStringList{u"deploy"_s});
    QCOMPARE(json.notification.click, u"https://example.com/d"_s);
    QCOMPARE(json.notification.actions.size(), 1);
    QCOMPARE(json.notification.actions.first().label, u"Open"_s);
    QCOMPARE(json.notification.deliverAt, 1'900'000'000'000);
    // `topic` is accepted for `stream`.
    QCOMPARE(parsed(u"publish-json {\"topic\":\"topic:ci\",\"body\":\"x\"}"_s).stream, u"topic:ci"_s);

    HeadlessCommand dismiss = parsed(u"dismiss topic:ci 7 all"_s);
    QCOMPARE(dismiss.kind, Kind::Dismiss);
    QCOMPARE(dismiss.seq, 7);
    QVERIFY(dismiss.flag);
    QVERIFY(!parsed(u"dismiss topic:ci 7"_s).flag);
}

void TestHeadlessCommand::roomAndQueryCommands()
{
    HeadlessCommand room = parsed(u"create-room ops private Operations team"_s);
    QCOMPARE(room.kind, Kind::CreateRoom);
    QCOMPARE(room.stream, u"ops"_s);
    QVERIFY(room.flag);
    QCOMPARE(room.text, u"Operations team"_s);
    QVERIFY(!parsed(u"create-room lobby"_s).flag);

    HeadlessCommand invite = parsed(u"invite room:ops bob"_s);
    QCOMPARE(invite.kind, Kind::Invite);
    QCOMPARE(invite.users, QStringList{u"bob"_s});
    QCOMPARE(parsed(u"join room:ops"_s).kind, Kind::Join);
    QCOMPARE(parsed(u"leave room:ops"_s).kind, Kind::Leave);
    QCOMPARE(parsed(u"members room:ops"_s).kind, Kind::Members);
    QCOMPARE(parsed(u"streams"_s).kind, Kind::Streams);
    QCOMPARE(parsed(u"dm bob carol"_s).users, (QStringList{u"bob"_s, u"carol"_s}));

    HeadlessCommand page = parsed(u"history room:ops 40 20"_s);
    QCOMPARE(page.kind, Kind::History);
    QCOMPARE(page.number, 40);
    QCOMPARE(page.limit, 20);
    HeadlessCommand head = parsed(u"history room:ops"_s);
    QCOMPARE(head.number, std::nullopt);
    QCOMPARE(head.limit, 0);
    QCOMPARE(parsed(u"history room:ops head 5"_s).number, std::nullopt);
    QCOMPARE(parsed(u"quit"_s).kind, Kind::Quit);
}

void TestHeadlessCommand::subscriptions()
{
    HeadlessCommand live = parsed(u"subscribe room:general"_s);
    QCOMPARE(live.kind, Kind::Subscribe);
    QCOMPARE(live.number, std::nullopt);
    HeadlessCommand since = parsed(u"subscribe room:general 0 abc"_s);
    QCOMPARE(since.number, 0);
    QCOMPARE(since.epoch, u"abc"_s);
    QCOMPARE(parsed(u"unsubscribe user:demo"_s).kind, Kind::Unsubscribe);
}

void TestHeadlessCommand::blankLinesAreNothing()
{
    for (const QString &line : {QString(), u"   "_s}) {
        const auto result = parseCommand(line);
        QVERIFY(std::holds_alternative<std::optional<HeadlessCommand>>(result));
        QVERIFY(!std::get<std::optional<HeadlessCommand>>(result));
    }
}

void TestHeadlessCommand::badLinesSayHowToWriteThem_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    QTest::newRow("send without text") << u"send room:general"_s << u"usage: send <stream> <text>"_s;
    QTest::newRow("edit without seq") << u"edit room:general hello"_s
        << u"usage: edit <stream> <seq> <text>"_s;
    QTest::newRow("seq zero") << u"delete room:general 0"_s << u"usage: delete <stream> <seq>"_s;
    QTest::newRow("trailing words") << u"read room:general 3 4"_s << u"usage: read <stream> <seq>"_s;
    QTest::newRow("bad stream") << u"react general 3 x"_s << u"usage: react <stream> <seq> <emoji>"_s;
    QTest::newRow("priority 6") << u"publish topic:ci 6 hi"_s
        << u"usage: publish <topic> <priority 1-5> [<title> |] <body>"_s;
    QTest::newRow("typing maybe") << u"typing room:general maybe"_s << u"usage: typing <stream> on|off"_s;
    QTest::newRow("offline") << u"presence offline"_s << u"usage: presence online|away"_s;
    QTest::newRow("dm nobody") << u"dm"_s << u"usage: dm <user>..."_s;
    QTest::newRow("dm bad name") << u"dm Bob!"_s << u"usage: dm <user>..."_s;
    QTest::newRow("history limit") << u"history room:a 5 501"_s
        << u"usage: history <stream> [<before>|head] [<limit>]"_s;
    QTest::newRow("since not a number") << u"subscribe room:a x"_s
        << u"usage: subscribe <stream> [<since> [<epoch>]]"_s;
    QTest::newRow("dismiss most") << u"dismiss topic:a 3 most"_s << u"usage: dismiss <topic> <seq> [all]"_s;
    QTest::newRow("invite nobody") << u"invite room:a"_s << u"usage: invite <room> <user>"_s;
    QTest::newRow("json not json") << u"publish-json {oops"_s
        << u"publish-json needs a JSON object, e.g. {\"stream\":\"topic:alerts\",\"body\":\"hi\"}"_s;
}

void TestHeadlessCommand::badLinesSayHowToWriteThem()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    QCOMPARE(errorOf(line), expected);
}

void TestHeadlessCommand::unknownWordsListEveryCommand()
{
    QVERIFY(errorOf(u"fly room:general"_s).startsWith(u"unknown command; use: send <stream> <text>"_s));
    // The protocol's own checks apply to publish-json (an http URL is required for click).
    const QString ftpClick = u"publish-json {\"stream\":\"topic:a\",\"body\":\"x\",\"click\":\"ftp://x\"}"_s;
    QVERIFY(errorOf(ftpClick).startsWith(u"publish-json: "_s));
}

QTEST_GUILESS_MAIN(TestHeadlessCommand)
#include "tst_headlesscommand.moc"
