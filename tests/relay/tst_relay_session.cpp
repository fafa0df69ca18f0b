// The relay's WebSocket protocol, in process: authentication, subscribe, send, fan-out,
// idempotency and typed errors for every kind of bad frame.
#include "rawclient.h"

#include "authenticator.h"
#include "eventstore.h"
#include "relay.h"

#include "protocol/codec.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;
using confab::relay::Relay;
using confab::relay::RelayConfig;

class TestRelaySession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void helloWelcomesKnownUser();
    void helloRefusesBadCredentialsAlike_data();
    void helloRefusesBadCredentialsAlike();
    void helloWithUnsupportedProtocol();
    void requestsBeforeHelloAreRefused();
    void secondHelloIsUnexpected();
    void relayToClientTypesAreUnexpected_data();
    void relayToClientTypesAreUnexpected();
    void pipelinedRequestsWaitForWelcome();
    void textFramesAreAccepted();
    void subscribeUnknownRoom();
    void sendUnknownRoom();
    void sendIsAcknowledgedAndFannedOut();
    void repeatedSendReturnsOriginalAck();
    void subscribeSinceReplaysMissedMessages();
    void badFramesGetTypedErrors_data();
    void badFramesGetTypedErrors();
    void randomBytesNeverBreakTheRelay();
    void oversizedMessageClosesOnlyThatSocket();
    void silentClientIsDisconnected();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Relay> m_relay;
    QUrl m_url;
};

void TestRelaySession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    RelayConfig config;
    config.dataDir = m_dir->path();
    config.port = 0;
    config.authTimeout = std::chrono::milliseconds(3000);
    // Fuzzing sends hundreds of bad frames on one connection: each must be answered, not budgeted.
    config.errorBudget = 10'000;
    m_relay = std::make_unique<Relay>(config);
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
    m_url = m_relay->url();
    QCOMPARE(m_url.path(), u"/v1/ws"_s);
    QVERIFY(m_url.port() > 0);
    QVERIFY(m_relay->authenticator()->addUser(u"alice"_s, u"wonderland"_s).ok());
    QVERIFY(m_relay->authenticator()->addUser(u"bob"_s, u"builder"_s).ok());
    QVERIFY(m_relay->store()->createStream(u"room:general"_s).ok());
    QVERIFY(m_relay->store()->setMember(u"room:general"_s, u"alice"_s, confab::relay::MemberState::Joined).ok());
    QVERIFY(m_relay->store()->setMember(u"room:general"_s, u"bob"_s, confab::relay::MemberState::Joined).ok());
}

void TestRelaySession::cleanup()
{
    m_relay.reset();
    m_dir.reset();
}

void TestRelaySession::helloWelcomesKnownUser()
{
    RawClient client;
    QVERIFY(client.open(m_url));
    QCOMPARE(client.socket().subprotocol(), u"confab.v1"_s);
    client.send(Hello{u"h1"_s, 1, u"test"_s, u"alice"_s, u"wonderland"_s});
    const auto welcome = client.nextAs<Welcome>();
    QVERIFY(welcome);
    QCOMPARE(welcome->id, u"h1"_s);
    QCOMPARE(welcome->user, u"alice"_s);
    QCOMPARE(welcome->protocol, 1);
    QVERIFY(welcome->server.startsWith(u"confab-relay/"_s));
    QVERIFY(qAbs(welcome->time - QDateTime::currentMSecsSinceEpoch()) < 60'000);
}

void TestRelaySession::helloRefusesBadCredentialsAlike_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("wrong password") << u"alice"_s << u"not-her-password"_s;
    QTest::newRow("unknown user") << u"mallory"_s << u"wonderland"_s;
    QTest::newRow("invalid user name") << u"Not A Name!"_s << u"x"_s;
}

void TestRelaySession::helloRefusesBadCredentialsAlike()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    RawClient client;
    QVERIFY(client.open(m_url));
    client.send(Hello{u"h1"_s, 1, {}, user, password});
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    // The same words for both, so the reply does not reveal which user names exist.
    QCOMPARE(error->code, ErrorCode::AuthFailed);
    QCOMPARE(error->id, u"h1"_s);
    QCOMPARE(error->message, u"unknown user or wrong password"_s);
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestRelaySession::helloWithUnsupportedProtocol()
{
    RawClient client;
    QVERIFY(client.open(m_url));
    client.send(Hello{u"h1"_s, 2, {}, u"alice"_s, u"wonderland"_s});
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::UnsupportedProtocol);
    QVERIFY(client.waitForDisconnected());
}

void TestRelaySession::requestsBeforeHelloAreRefused()
{
    RawClient client;
    QVERIFY(client.open(m_url));
    client.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt, {}});
    auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotAuthenticated);
    QCOMPARE(error->id, u"s1"_s);
    client.send(Send{u"m1"_s, u"room:general"_s, u"c1"_s, u"hi"_s, std::nullopt});
    error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotAuthenticated);
    QCOMPARE(error->id, u"m1"_s);

    // The session is still open: a hello now works.
    client.send(Hello{u"h1"_s, 1, {}, u"alice"_s, u"wonderland"_s});
    QVERIFY(client.nextAs<Welcome>());
}

void TestRelaySession::secondHelloIsUnexpected()
{
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.send(Hello{u"h2"_s, 1, {}, u"bob"_s, u"builder"_s});
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::UnexpectedType);
    QCOMPARE(error->id, u"h2"_s);
    QVERIFY(client.isConnected());
}

void TestRelaySession::relayToClientTypesAreUnexpected_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QString>("expectedId");
    QTest::newRow("welcome") << R"({"type":"welcome","id":"x1","protocol":1,"user":"alice","time":1})"_ba << u"x1"_s;
    QTest::newRow("ack") << R"({"type":"ack","id":"x2"})"_ba << u"x2"_s;
    QTest::newRow("message") << encode(Message{u"room:general"_s, u"e"_s, 1, 1, u"bob"_s, u"c"_s, u"fake"_s})
                             << QString();
    QTest::newRow("error") << R"({"type":"error","id":"x3","code":"internal","message":"no"})"_ba << u"x3"_s;
}

void TestRelaySession::relayToClientTypesAreUnexpected()
{
    QFETCH(QByteArray, frame);
    QFETCH(QString, expectedId);
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.sendBinary(frame);
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::UnexpectedType);
    QCOMPARE(error->id, expectedId);
}

void TestRelaySession::pipelinedRequestsWaitForWelcome()
{
    RawClient client;
    QVERIFY(client.open(m_url));
    // Sent back to back, before the password check ends: the subscribe must still succeed.
    client.send(Hello{u"h1"_s, 1, {}, u"alice"_s, u"wonderland"_s});
    client.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
    QVERIFY(client.nextAs<Welcome>());
    const auto ack = client.nextAs<Ack>();
    QVERIFY(ack);
    QCOMPARE(ack->id, u"s1"_s);
}

void TestRelaySession::textFramesAreAccepted()
{
    RawClient client;
    QVERIFY(client.open(m_url));
    client.sendText(QString::fromUtf8(encode(Hello{u"h1"_s, 1, {}, u"alice"_s, u"wonderland"_s})));
    QVERIFY(client.nextAs<Welcome>());
    client.sendText(QString::fromUtf8(encode(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt})));
    QVERIFY(client.nextAs<Ack>());
    // Replies come as binary frames, like events.
    QVERIFY(client.binaryFlags().at(0));
}

void TestRelaySession::subscribeUnknownRoom()
{
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.send(Subscribe{u"s1"_s, u"room:nowhere"_s, std::nullopt});
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotFound);
    QCOMPARE(error->id, u"s1"_s);
}

void TestRelaySession::sendUnknownRoom()
{
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.send(Send{u"m1"_s, u"room:nowhere"_s, u"c1"_s, u"hello?"_s});
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::NotFound);
    QCOMPARE(error->id, u"m1"_s);
}

void TestRelaySession::sendIsAcknowledgedAndFannedOut()
{
    RawClient alice;
    RawClient bob;
    QVERIFY(alice.login(m_url, u"alice"_s, u"wonderland"_s));
    QVERIFY(bob.login(m_url, u"bob"_s, u"builder"_s));
    for (RawClient *client : {&alice, &bob}) {
        client->send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
        const auto ack = client->nextAs<Ack>();
        QVERIFY(ack);
        QCOMPARE(ack->stream, u"room:general"_s);
        QCOMPARE(ack->seq, 0);
        QVERIFY(!ack->epoch.isEmpty());
        // Without since: live from now on, said at once.
        const auto synced = client->nextAs<Synced>();
        QVERIFY(synced);
        QVERIFY(synced->recovered);
        QCOMPARE(synced->seq, 0);
    }

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    alice.send(Send{u"m1"_s, u"room:general"_s, u"c-1"_s, u"Hello **bob**"_s});
    const auto ack = alice.nextAs<Ack>();
    QVERIFY(ack);
    QCOMPARE(ack->id, u"m1"_s);
    QCOMPARE(ack->stream, u"room:general"_s);
    QCOMPARE(ack->clientMsgId, u"c-1"_s);
    QCOMPARE(ack->seq, 1);
    QVERIFY(ack->ts >= before);

    const auto toAlice = alice.nextAs<Message>();
    const auto toBob = bob.nextAs<Message>();
    QVERIFY(toAlice);
    QVERIFY(toBob);
    QCOMPARE(toBob->sender, u"alice"_s);
    QCOMPARE(toBob->text, u"Hello **bob**"_s);
    QCOMPARE(toBob->seq, 1);
    QCOMPARE(toBob->ts, ack->ts);
    QCOMPARE(toBob->clientMsgId, u"c-1"_s);
    // Serialized once: both subscribers got the very same bytes, as binary frames.
    QCOMPARE(alice.lastRawFrame(), bob.lastRawFrame());
    QVERIFY(alice.binaryFlags().last());
    QVERIFY(bob.binaryFlags().last());
}

void TestRelaySession::repeatedSendReturnsOriginalAck()
{
    RawClient alice;
    RawClient bob;
    QVERIFY(alice.login(m_url, u"alice"_s, u"wonderland"_s));
    QVERIFY(bob.login(m_url, u"bob"_s, u"builder"_s));
    QVERIFY(bob.subscribe(u"room:general"_s));

    alice.send(Send{u"m1"_s, u"room:general"_s, u"same-id"_s, u"once"_s});
    const auto first = alice.nextAs<Ack>();
    QVERIFY(first);
    // The ack was lost (say); the outbox sends again with the same client_msg_id.
    alice.send(Send{u"m2"_s, u"room:general"_s, u"same-id"_s, u"once"_s});
    const auto second = alice.nextAs<Ack>();
    QVERIFY(second);
    QCOMPARE(second->id, u"m2"_s);
    QCOMPARE(second->seq, first->seq);
    QCOMPARE(second->ts, first->ts);
    alice.send(Send{u"m3"_s, u"room:general"_s, u"other-id"_s, u"twice"_s});
    QCOMPARE(alice.nextAs<Ack>().value_or(Ack{}).seq, first->seq + 1);

    // Bob saw the message once: the next thing after it is the following message.
    const auto m1 = bob.nextAs<Message>();
    const auto m2 = bob.nextAs<Message>();
    QVERIFY(m1 && m2);
    QCOMPARE(m1->text, u"once"_s);
    QCOMPARE(m2->text, u"twice"_s);
    QCOMPARE(m2->seq, m1->seq + 1);

    // The same client_msg_id from another user is another message.
    bob.send(Send{u"b1"_s, u"room:general"_s, u"same-id"_s, u"bob's"_s});
    const auto bobAck = bob.nextAs<Ack>();
    QVERIFY(bobAck);
    QCOMPARE(bobAck->seq, first->seq + 2);
}

void TestRelaySession::subscribeSinceReplaysMissedMessages()
{
    RawClient alice;
    QVERIFY(alice.login(m_url, u"alice"_s, u"wonderland"_s));
    for (int i = 1; i <= 3; ++i) {
        alice.send(Send{u"m%1"_s.arg(i), u"room:general"_s, u"c%1"_s.arg(i), u"text %1"_s.arg(i)});
        QCOMPARE(alice.nextAs<Ack>().value_or(Ack{}).seq, i);
    }
    RawClient bob;
    QVERIFY(bob.login(m_url, u"bob"_s, u"builder"_s));
    bob.send(Subscribe{u"s1"_s, u"room:general"_s, 1, {}});
    // The ack first (where the stream stands), then exactly the missed events, then synced.
    const auto ack = bob.nextAs<Ack>();
    const auto m2 = bob.nextAs<Message>();
    const auto m3 = bob.nextAs<Message>();
    const auto synced = bob.nextAs<Synced>();
    QVERIFY(m2 && m3 && ack && synced);
    QCOMPARE(m2->seq, 2);
    QCOMPARE(m3->seq, 3);
    QCOMPARE(m3->text, u"text 3"_s);
    QCOMPARE(ack->seq, 3);
    QCOMPARE(ack->firstSeq, 1);
    QCOMPARE(m3->epoch, ack->epoch);
    QCOMPARE(synced->seq, 3);
    QVERIFY(synced->recovered);
}

void TestRelaySession::badFramesGetTypedErrors_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("expectedId");
    QTest::newRow("not json") << "{nope"_ba << ErrorCode::Malformed << QString();
    QTest::newRow("bad utf-8") << "{\"type\":\"send\",\"text\":\"\xff\xfe\"}"_ba << ErrorCode::Malformed << QString();
    QTest::newRow("array") << "[1,2]"_ba << ErrorCode::Malformed << QString();
    QTest::newRow("empty") << QByteArray() << ErrorCode::Malformed << QString();
    QTest::newRow("no type") << R"({"id":"r1"})"_ba << ErrorCode::MissingField << u"r1"_s;
    QTest::newRow("type not a string") << R"({"id":"r2","type":7})"_ba << ErrorCode::InvalidField << u"r2"_s;
    QTest::newRow("unknown type") << R"({"id":"r3","type":"dance"})"_ba << ErrorCode::UnknownType << u"r3"_s;
    QTest::newRow("send without text")
        << R"({"id":"r4","type":"send","stream":"room:general","client_msg_id":"c"})"_ba << ErrorCode::MissingField
        << u"r4"_s;
    QTest::newRow("bad stream id") << R"({"id":"r5","type":"subscribe","stream":"General Chat"})"_ba
                                   << ErrorCode::InvalidField << u"r5"_s;
    QTest::newRow("since not a number") << R"({"id":"r6","type":"subscribe","stream":"room:general","since":"x"})"_ba
                                        << ErrorCode::InvalidField << u"r6"_s;
    QTest::newRow("text too long") << (R"({"id":"r7","type":"send","stream":"room:general","client_msg_id":"c","text":")"_ba
                                       + QByteArray(kMaxTextLength + 1, 'a') + "\"}")
                                   << ErrorCode::TooLarge << u"r7"_s;
    QTest::newRow("unreadable id") << R"({"id":"has space","type":"subscribe"})"_ba << ErrorCode::InvalidField
                                   << QString();
}

void TestRelaySession::badFramesGetTypedErrors()
{
    QFETCH(QByteArray, frame);
    QFETCH(ErrorCode, code);
    QFETCH(QString, expectedId);
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.sendBinary(frame);
    const auto error = client.nextAs<Error>();
    QVERIFY(error);
    QCOMPARE(error->code, code);
    QCOMPARE(error->id, expectedId);
    QVERIFY(!error->message.isEmpty());

    // Nothing broke: this session and a new one both still work.
    client.send(Subscribe{u"s1"_s, u"room:general"_s, std::nullopt});
    QVERIFY(client.nextAs<Ack>());
    RawClient other;
    QVERIFY(other.login(m_url, u"bob"_s, u"builder"_s));
}

void TestRelaySession::randomBytesNeverBreakTheRelay()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("random seed: %u", seed);
    QRandomGenerator random(seed);
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    const QByteArray valid = encode(Send{u"m1"_s, u"room:general"_s, u"c1"_s, u"text"_s});
    constexpr int kFrames = 200;
    for (int i = 0; i < kFrames; ++i) {
        QByteArray frame = valid;
        // Mutate a valid frame: flip, drop or insert a few bytes.
        const int edits = 1 + int(random.bounded(4));
        for (int e = 0; e < edits && !frame.isEmpty(); ++e) {
            const qsizetype at = qsizetype(random.bounded(quint32(frame.size())));
            switch (random.bounded(3)) {
            case 0: frame[at] = char(random.bounded(256)); break;
            case 1: frame.remove(at, 1); break;
            default: frame.insert(at, char(random.bounded(256))); break;
            }
        }
        client.sendBinary(frame);
    }
    // Every frame gets exactly one reply (an error, or an ack when the mutation was harmless).
    for (int i = 0; i < kFrames; ++i) {
        const auto reply = client.next();
        QVERIFY2(reply, qPrintable(u"no reply to frame %1 (seed %2)"_s.arg(i).arg(seed)));
        // Mutations may create a valid subscribe or send; they get their ack (and synced or message).
        if (std::holds_alternative<Message>(*reply) || std::holds_alternative<Synced>(*reply))
            --i;
    }
    RawClient other;
    QVERIFY(other.login(m_url, u"bob"_s, u"builder"_s));
}

void TestRelaySession::oversizedMessageClosesOnlyThatSocket()
{
    RawClient client;
    QVERIFY(client.login(m_url, u"alice"_s, u"wonderland"_s));
    client.sendBinary(QByteArray(100 * 1024, 'x'));
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    RawClient other;
    QVERIFY(other.login(m_url, u"bob"_s, u"builder"_s));
}

void TestRelaySession::silentClientIsDisconnected()
{
    m_relay.reset();
    RelayConfig config;
    config.dataDir = m_dir->path();
    config.port = 0;
    config.authTimeout = std::chrono::milliseconds(200);
    m_relay = std::make_unique<Relay>(config);
    QVERIFY(m_relay->start());
    RawClient client;
    QVERIFY(client.open(m_relay->url()));
    QVERIFY(client.waitForDisconnected());
    QCOMPARE(client.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

QTEST_GUILESS_MAIN(TestRelaySession)
#include "tst_relay_session.moc"
