// The client engine against a scripted in-process server: everything it must get right without
// a real relay (connection failures, the handshake, request bookkeeping, hostile frames).
#include "client/clientengine.h"
#include "protocol/codec.h"
#include "scriptedrelay.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
namespace proto = confab::protocol;

namespace {

const QStringList kConfabSubprotocol{u"confab.v1"_s};
constexpr int kWaitMs = 5000;

proto::Message chatMessage(qint64 seq, const QString &text)
{
    proto::Message message;
    message.stream = u"room:general"_s;
    message.epoch = u"e1"_s;
    message.seq = seq;
    message.ts = 1'700'000'000'000 + seq;
    message.sender = u"alice"_s;
    message.clientMsgId = u"alice-%1"_s.arg(seq);
    message.text = text;
    return message;
}

} // namespace

class TestClientEngineLocal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closedPortIsReportedInPlainWords();
    void invalidAddressIsReportedInPlainWords();
    void logsInAndSubscribes();
    void sendsAndReceivesMessages();
    void undecodableFramesAreIgnored();
    void randomFramesNeverBreakTheSession();
    void wrongPasswordIsReportedInPlainWords();
    void refusedRequestsReachTheirRequest();
    void serverWithoutConfabProtocolIsRefused();
    void nonWebSocketServerIsRefused();
    void relayShutdownIsReported();
    void silentServerTimesOut();
    void sessionIsRestoredOnTheNextConnection();
    void disconnectIsQuietAndClean();
};

void TestClientEngineLocal::closedPortIsReportedInPlainWords()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    ClientEngine engine;
    QSignalSpy states(&engine, &ClientEngine::stateChanged);
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    const QString expected = u"Cannot reach the relay at 127.0.0.1:%1: connection refused."_s.arg(port);
    QTest::ignoreMessage(QtWarningMsg, qPrintable(expected));
    engine.connectToRelay(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port)), u"demo"_s, u"pw"_s);
    QCOMPARE(engine.state(), ClientEngine::State::Connecting);

    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    QCOMPARE(engine.lastError(), expected);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::Unreachable);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().toString(), expected);
    QCOMPARE(states.size(), 2); // Connecting, Disconnected
}

void TestClientEngineLocal::invalidAddressIsReportedInPlainWords()
{
    ClientEngine engine;
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is not valid"_s));
    engine.connectToRelay(QUrl(u"http://127.0.0.1:8080/"_s), u"demo"_s, u"pw"_s);
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(engine.lastError().contains(u"ws://host:port/v1/ws"_s), qPrintable(engine.lastError()));
}

void TestClientEngineLocal::logsInAndSubscribes()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    // Asked before connecting: sent once the session is authenticated.
    const QString requestId = engine.subscribe(u"room:general"_s);
    QCOMPARE(requestId.size(), 36); // a UUID without braces
    QVERIFY(relay.logIn(engine, kWaitMs));
    QCOMPARE(engine.userName(), u"demo"_s);
    QCOMPARE(engine.lastError(), QString());

    const QList<proto::Hello> hellos = relay.receivedOf<proto::Hello>();
    QCOMPARE(hellos.size(), 1);
    QCOMPARE(hellos.first().protocol, 1);
    QCOMPARE(hellos.first().client, u"confab/"_s + QLatin1StringView(CONFAB_VERSION));
    QCOMPARE(hellos.first().username, u"demo"_s);
    QCOMPARE(hellos.first().password, u"demo-password"_s);
    QCOMPARE(relay.peer()->subprotocol(), u"confab.v1"_s);

    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 1, kWaitMs);
    const proto::Subscribe subscribe = relay.receivedOf<proto::Subscribe>().first();
    QCOMPARE(subscribe.id, requestId);
    QCOMPARE(subscribe.stream, u"room:general"_s);

    proto::Ack ack;
    ack.id = requestId;
    ack.stream = u"room:general"_s;
    ack.epoch = u"e1"_s;
    ack.seq = 7;
    relay.send(ack);
    QVERIFY(subscribed.wait(kWaitMs));
    QCOMPARE(subscribed.first().at(0).toString(), u"room:general"_s);
    QCOMPARE(subscribed.first().at(1).toLongLong(), 7);
}

void TestClientEngineLocal::sendsAndReceivesMessages()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy acknowledged(&engine, &ClientEngine::messageAcknowledged);
    QSignalSpy received(&engine, &ClientEngine::messageReceived);

    const QString clientMsgId = engine.sendMessage(u"room:general"_s, u"Hello, *world*"_s);
    QCOMPARE(clientMsgId.size(), 36);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Send>().size(), 1, kWaitMs);
    const proto::Send send = relay.receivedOf<proto::Send>().first();
    QCOMPARE(send.clientMsgId, clientMsgId);
    QCOMPARE(send.text, u"Hello, *world*"_s);
    QVERIFY(send.id != clientMsgId);

    proto::Ack ack;
    ack.id = send.id;
    ack.stream = send.stream;
    ack.clientMsgId = send.clientMsgId;
    ack.seq = 42;
    ack.ts = 1'700'000'000'123;
    relay.send(ack);
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.first(), QVariantList({u"room:general"_s, clientMsgId, qint64(42)}));

    // Events arrive as binary frames from the relay; text frames must work as well.
    relay.send(chatMessage(43, u"binary"_s));
    relay.sendText(proto::encode(chatMessage(44, u"text"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, kWaitMs);
    QCOMPARE(received.at(0).first().value<proto::Message>(), chatMessage(43, u"binary"_s));
    QCOMPARE(received.at(1).first().value<proto::Message>(), chatMessage(44, u"text"_s));
}

void TestClientEngineLocal::undecodableFramesAreIgnored()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy errors(&engine, &ClientEngine::connectionError);

    const QRegularExpression undecodable(u"^ignoring a frame from the relay that does not decode"_s);
    const QList<QByteArray> garbage{
        "not json at all", "[1,2,3]", R"({"type":"bogus","id":"x"})", R"({"type":"message"})",
        R"({"type":42})", "\xff\xfe\x00\x01", "", R"({"type":"message","stream":"room:general"})",
    };
    for (const QByteArray &frame : garbage) {
        QTest::ignoreMessage(QtWarningMsg, undecodable);
        relay.sendBinary(frame);
    }
    QTest::ignoreMessage(QtWarningMsg, undecodable);
    relay.sendText("{\"type\": \"message\", \"seq\": -1}");
    // Frames only a client sends are understood but not acted on.
    QTest::ignoreMessage(QtWarningMsg, "ignoring a hello frame, which only clients send");
    relay.send(proto::Hello{{}, 1, u"x"_s, u"mallory"_s, u"pw"_s});

    relay.send(chatMessage(1, u"still here"_s));
    QVERIFY(received.wait(kWaitMs));
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().first().value<proto::Message>().text, u"still here"_s);
    QCOMPARE(engine.state(), ClientEngine::State::Connected);
    QCOMPARE(errors.size(), 0);
}

void TestClientEngineLocal::randomFramesNeverBreakTheSession()
{
    const quint32 seed = qEnvironmentVariableIsSet("CONFAB_TEST_SEED")
        ? quint32(qEnvironmentVariableIntValue("CONFAB_TEST_SEED"))
        : QRandomGenerator::global()->generate();
    qInfo("random frames from seed %u (rerun with CONFAB_TEST_SEED=%u)", seed, seed);
    QRandomGenerator random(seed);

    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy errors(&engine, &ClientEngine::connectionError);

    // Hundreds of expected warnings would drown the report.
    QLoggingCategory::setFilterRules(u"confab.client.warning=false"_s);
    const QList<QByteArray> seeds{
        proto::encode(chatMessage(5, u"seed"_s)),
        proto::encode(proto::Ack{u"unknown"_s, u"room:general"_s, u"c1"_s, u"e1"_s, 3, 4}),
        proto::encode(proto::Error{u"unknown"_s, proto::ErrorCode::AuthFailed, u"no"_s, std::nullopt}),
        proto::encode(proto::Welcome{{}, 1, u"demo"_s, u"r"_s, 5}),
    };
    for (int round = 0; round < 400; ++round) {
        QByteArray frame = seeds.at(random.bounded(int(seeds.size())));
        const int edits = 1 + random.bounded(6);
        for (int e = 0; e < edits && !frame.isEmpty(); ++e) {
            const int at = random.bounded(int(frame.size()));
            switch (random.bounded(3)) {
            case 0: frame[at] = char(random.bounded(256)); break;
            case 1: frame.remove(at, 1 + random.bounded(4)); break;
            default: frame.insert(at, char(random.bounded(256))); break;
            }
        }
        if (random.bounded(2) == 0)
            relay.sendBinary(frame);
        else
            relay.sendText(frame);
    }
    relay.send(chatMessage(999, u"sentinel"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty()
                                 && received.last().first().value<proto::Message>().text == u"sentinel"_s,
                             kWaitMs);
    QLoggingCategory::setFilterRules(QString());
    QCOMPARE(engine.state(), ClientEngine::State::Connected);
    QCOMPARE(errors.size(), 0);
}

void TestClientEngineLocal::wrongPasswordIsReportedInPlainWords()
{
    ScriptedRelay relay(kConfabSubprotocol);
    relay.setWelcomesHello(false);
    QVERIFY(relay.listen());
    connect(&relay, &ScriptedRelay::frameReceived, this, [&relay](const proto::Frame &frame) {
        if (const auto *hello = std::get_if<proto::Hello>(&frame)) {
            relay.send(proto::Error{hello->id, proto::ErrorCode::AuthFailed,
                                    u"unknown user or wrong password"_s, std::nullopt});
            relay.peer()->close(QWebSocketProtocol::CloseCodePolicyViolated, u"auth_failed"_s);
        }
    });

    ClientEngine engine;
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    QTest::ignoreMessage(QtWarningMsg, "Wrong user name or password.");
    engine.connectToRelay(relay.url(), u"demo"_s, u"not-the-password"_s);
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().toString(), u"Wrong user name or password."_s);
    QCOMPARE(engine.lastError(), u"Wrong user name or password."_s);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::AuthFailed);
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(authenticated.size(), 0);
    // The relay's close that follows must not be reported a second time.
    QTRY_VERIFY_WITH_TIMEOUT(!relay.peer(), kWaitMs);
    QCOMPARE(errors.size(), 1);
}

void TestClientEngineLocal::refusedRequestsReachTheirRequest()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    connect(&relay, &ScriptedRelay::frameReceived, this, [&relay](const proto::Frame &frame) {
        if (const auto *subscribe = std::get_if<proto::Subscribe>(&frame)) {
            relay.send(proto::Error{subscribe->id, proto::ErrorCode::NotFound, u"no such room"_s, std::nullopt});
        } else if (const auto *send = std::get_if<proto::Send>(&frame)) {
            relay.send(proto::Error{send->id, proto::ErrorCode::Forbidden, u"read-only room"_s, std::nullopt});
        }
    });
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy failed(&engine, &ClientEngine::requestFailed);
    QSignalSpy messageFailed(&engine, &ClientEngine::messageFailed);
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);

    const QString requestId = engine.subscribe(u"room:missing"_s);
    QVERIFY(failed.wait(kWaitMs));
    const auto error = failed.first().first().value<proto::Error>();
    QCOMPARE(error.id, requestId);
    QCOMPARE(error.code, proto::ErrorCode::NotFound);
    QCOMPARE(error.message, u"no such room"_s);

    const QString clientMsgId = engine.sendMessage(u"room:announcements"_s, u"hi"_s);
    QVERIFY(messageFailed.wait(kWaitMs));
    QCOMPARE(messageFailed.first().at(0).toString(), u"room:announcements"_s);
    QCOMPARE(messageFailed.first().at(1).toString(), clientMsgId);
    QCOMPARE(messageFailed.first().at(2).value<proto::Error>().code, proto::ErrorCode::Forbidden);
    QCOMPARE(failed.size(), 2);
    QCOMPARE(subscribed.size(), 0);
    QCOMPARE(engine.state(), ClientEngine::State::Connected);
}

void TestClientEngineLocal::serverWithoutConfabProtocolIsRefused()
{
    ScriptedRelay relay(QStringList{});
    QVERIFY(relay.listen());
    ClientEngine engine;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"is not a Confab relay"_s));
    engine.connectToRelay(relay.url(), u"demo"_s, u"pw"_s);
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::NotARelay);
    QCOMPARE(engine.lastError(), u"The server at 127.0.0.1:%1 is not a Confab relay (it does not speak confab.v1)."_s
                                     .arg(relay.url().port()));
    QVERIFY(relay.receivedOf<proto::Hello>().isEmpty()); // the password never left
}

void TestClientEngineLocal::nonWebSocketServerIsRefused()
{
    // A plain web server where the relay should be: it answers the upgrade with 404.
    QTcpServer web;
    QVERIFY(web.listen(QHostAddress::LocalHost, 0));
    connect(&web, &QTcpServer::newConnection, this, [&web] {
        QTcpSocket *socket = web.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            if (socket->readAll().contains("\r\n\r\n")) {
                socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            }
        });
    });
    ClientEngine engine;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"not a Confab relay"_s));
    engine.connectToRelay(QUrl(u"ws://127.0.0.1:%1/wrong"_s.arg(web.serverPort())), u"demo"_s, u"pw"_s);
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::NotARelay);
    QVERIFY2(engine.lastError().contains(u"HTTP 404"_s), qPrintable(engine.lastError()));
}

void TestClientEngineLocal::relayShutdownIsReported()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    const QString expected = u"The relay at 127.0.0.1:%1 is shutting down or restarting."_s.arg(relay.url().port());
    QTest::ignoreMessage(QtWarningMsg, qPrintable(expected));
    relay.peer()->close(QWebSocketProtocol::CloseCodeGoingAway, u"shutting down"_s);
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(engine.lastError(), expected);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::ConnectionLost);
}

void TestClientEngineLocal::silentServerTimesOut()
{
    // Accepts the TCP connection, then never answers the upgrade.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ClientEngine engine;
    engine.setConnectTimeout(std::chrono::milliseconds(300));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"did not answer within 0.3 seconds"_s));
    engine.connectToRelay(QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(silent.serverPort())), u"demo"_s, u"pw"_s);
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::Unreachable);
    QCOMPARE(engine.lastError(),
             u"The relay at 127.0.0.1:%1 did not answer within 0.3 seconds."_s.arg(silent.serverPort()));
}

void TestClientEngineLocal::sessionIsRestoredOnTheNextConnection()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    engine.subscribe(u"room:general"_s);
    const QString clientMsgId = engine.sendMessage(u"room:general"_s, u"in flight"_s);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Send>().size(), 1, kWaitMs);

    // The connection drops before the relay acknowledges the message.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"was lost|closed the connection"_s));
    relay.peer()->abort();
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::ConnectionLost);

    QVERIFY(relay.logIn(engine, kWaitMs));
    QCOMPARE(relay.connectionCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 2, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Send>().size(), 2, kWaitMs);
    const QList<proto::Send> sends = relay.receivedOf<proto::Send>();
    QCOMPARE(sends.at(1).clientMsgId, clientMsgId); // same idempotency key, so no duplicate
    QVERIFY(sends.at(1).id != sends.at(0).id);      // but a new request
    QCOMPARE(relay.receivedOf<proto::Subscribe>().at(1).stream, u"room:general"_s);
}

void TestClientEngineLocal::disconnectIsQuietAndClean()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    QPointer<QWebSocket> peer = relay.peer();
    engine.disconnectFromRelay();
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QTRY_VERIFY_WITH_TIMEOUT(!peer, kWaitMs);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(engine.lastError(), QString());
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::None);
}

QTEST_GUILESS_MAIN(TestClientEngineLocal)
#include "tst_clientengine_local.moc"
