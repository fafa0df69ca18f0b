// The fallback transport on the real relay: a client that cannot upgrade to WebSocket opens
// GET /v1/events and POSTs its frames to /v1/frames, and gets the same session as over WebSocket:
// login, subscriptions with exact replay, acknowledged sends, messages across transports, the
// same limits, heartbeat and revocation.
#include "eventstreamclient.h"
#include "protocol/codec.h"
#include "rawclient.h"
#include "relayprocess.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kPassword = u"correct horse battery"_s;
const QString kRoom = u"room:general"_s;

QUrl httpBase(const RelayProcess &relay)
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(relay.port()));
}

Send sendFrame(const QString &clientMsgId, const QString &text)
{
    return Send { u"send-"_s + clientMsgId, kRoom, clientMsgId, text };
}

// The ack of a send, skipping the echo of earlier messages to a subscribed sender.
template<typename Client> std::optional<Ack> ackOf(Client &client, const QString &requestId)
{
    while (const auto frame = client.next()) {
        if (const auto *ack = std::get_if<Ack>(&*frame); ack && ack->id == requestId)
            return *ack;
        if (const auto *error = std::get_if<Error>(&*frame); error && error->id == requestId)
            return std::nullopt;
    }
    return std::nullopt;
}

// Subscribes and returns every message replayed before synced (nothing if it failed).
std::optional<QList<Message>> subscribeAndCollect(EventStreamClient &client, std::optional<qint64> since)
{
    Subscribe subscribe { u"sub"_s, kRoom, since, {} };
    if (!client.send(subscribe))
        return std::nullopt;
    QList<Message> replayed;
    bool acked = false;
    while (const auto frame = client.next()) {
        if (const auto *ack = std::get_if<Ack>(&*frame); ack && ack->id == u"sub"_s)
            acked = true;
        else if (const auto *message = std::get_if<Message>(&*frame))
            replayed.append(*message);
        else if (std::holds_alternative<Synced>(*frame))
            return acked ? std::optional(replayed) : std::nullopt;
        else
            return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

class TestRelayEventStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helloAndWelcomeOverTheEventStream();
    void messagesCrossTransports();
    void badFramesGetTypedErrors();
    void resumeAfterDroppingTheStream();
    void framesKeepTheirOrderAcrossPosts();
    void unknownSessionIsNotFound();
    void oversizePostsAreRefused();
    void silentClientIsDropped();
    void unauthenticatedStreamTimesOut();
    void revokedTokenClosesTheStream();

private:
    bool startRelay(RelayProcess &relay, const QStringList &arguments = {});
};

void TestRelayEventStream::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

bool TestRelayEventStream::startRelay(RelayProcess &relay, const QStringList &arguments)
{
    if (!relay.addUser(u"alice"_s, kPassword) || !relay.addUser(u"bob"_s, kPassword)
        || !relay.createRoom(u"general"_s))
        return false;
    for (const QString &user : { u"alice"_s, u"bob"_s }) {
        const auto added = relay.runAdmin({ u"room"_s, u"add-member"_s, u"general"_s, user });
        if (!added.finished || added.exitCode != 0)
            return false;
    }
    relay.setExtraArguments(arguments);
    return relay.start();
}

void TestRelayEventStream::helloAndWelcomeOverTheEventStream()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    EventStreamClient client(httpBase(relay));
    QVERIFY(client.open());
    QCOMPARE(client.streamStatus(), 200);
    QVERIFY(client.streamHeader("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(client.streamHeader("X-Accel-Buffering"), "no"_ba);
    QCOMPARE(client.streamHeader("Cache-Control"), "no-store"_ba);
    // 32 random bytes, base64url without padding.
    QVERIFY2(QRegularExpression(u"^[A-Za-z0-9_-]{43}$"_s).match(QString::fromLatin1(client.session())).hasMatch(),
        client.session().constData());
    QCOMPARE(client.heartbeatMs(), 25'000);

    Hello hello;
    hello.id = u"h1"_s;
    hello.client = u"tst_relay_eventstream"_s;
    hello.username = u"alice"_s;
    hello.password = kPassword;
    QVERIFY(client.send(hello));
    const auto welcome = client.nextAs<Welcome>();
    QVERIFY(welcome);
    QCOMPARE(welcome->id, u"h1"_s);
    QCOMPARE(welcome->user, u"alice"_s);

    // A second stream is another session with another secret.
    EventStreamClient other(httpBase(relay));
    QVERIFY(other.open());
    QVERIFY(other.session() != client.session());
    // The session secret never reaches the log.
    for (const QByteArray &line : relay.logLines())
        QVERIFY2(!line.contains(client.session()), line.constData());
}

void TestRelayEventStream::messagesCrossTransports()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    EventStreamClient alice(httpBase(relay));
    QVERIFY(alice.login(u"alice"_s, kPassword));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, kPassword));
    QVERIFY(subscribeAndCollect(alice, std::nullopt));
    QVERIFY(bob.subscribe(kRoom));

    // WebSocket -> event stream.
    bob.send(sendFrame(u"b1"_s, u"hello over websocket"_s));
    QVERIFY(ackOf(bob, u"send-b1"_s));
    const auto echo = bob.nextAs<Message>(); // a subscribed sender gets its own message too
    QVERIFY(echo);
    QCOMPARE(echo->sender, u"bob"_s);
    const auto atAlice = alice.nextAs<Message>();
    QVERIFY(atAlice);
    QCOMPARE(atAlice->sender, u"bob"_s);
    QCOMPARE(atAlice->text, u"hello over websocket"_s);

    // Event stream -> WebSocket, acknowledged with the stored seq.
    QVERIFY(alice.send(sendFrame(u"a1"_s, u"hello over event stream"_s)));
    const auto ack = ackOf(alice, u"send-a1"_s);
    QVERIFY(ack);
    QCOMPARE(ack->clientMsgId, u"a1"_s);
    QCOMPARE(ack->seq, atAlice->seq + 1);
    const auto atBob = bob.nextAs<Message>();
    QVERIFY(atBob);
    QCOMPARE(atBob->sender, u"alice"_s);
    QCOMPARE(atBob->text, u"hello over event stream"_s);
    QCOMPARE(atBob->seq, ack->seq);

    // Sending the same client_msg_id again is answered with the original ack, not stored twice.
    QVERIFY(alice.send(sendFrame(u"a1"_s, u"hello over event stream"_s)));
    const auto repeat = ackOf(alice, u"send-a1"_s);
    QVERIFY(repeat);
    QCOMPARE(repeat->seq, ack->seq);
    QVERIFY(bob.quiet());
}

void TestRelayEventStream::badFramesGetTypedErrors()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    EventStreamClient alice(httpBase(relay));
    QVERIFY(alice.open());
    // Before hello, as over WebSocket.
    QVERIFY(alice.send(sendFrame(u"early"_s, u"too early"_s)));
    const auto early = alice.nextAs<Error>();
    QVERIFY(early);
    QCOMPARE(early->code, ErrorCode::NotAuthenticated);
    // A line that is not a frame is answered on the stream, not with an HTTP error.
    QCOMPARE(alice.postLines({ "this is not json"_ba }), 204);
    const auto garbage = alice.nextAs<Error>();
    QVERIFY(garbage);
    QVERIFY(garbage->code != ErrorCode::Internal);
    QVERIFY(alice.isOpen());
}

void TestRelayEventStream::resumeAfterDroppingTheStream()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, kPassword));
    EventStreamClient alice(httpBase(relay));
    QVERIFY(alice.login(u"alice"_s, kPassword));
    QVERIFY(subscribeAndCollect(alice, std::nullopt));

    bob.send(sendFrame(u"before"_s, u"seen live"_s));
    const auto first = ackOf(bob, u"send-before"_s);
    QVERIFY(first);
    const auto live = alice.nextAs<Message>();
    QVERIFY(live);
    QCOMPARE(live->seq, first->seq);

    // The stream drops; the relay ends that session, and its secret is no use any more.
    const QByteArray oldSession = alice.session();
    alice.drop();
    QTRY_COMPARE(alice.postBody({}, oldSession), 404);

    QList<qint64> missed;
    for (int i = 0; i < 3; ++i) {
        bob.send(sendFrame(u"missed%1"_s.arg(i), u"missed %1"_s.arg(i)));
        const auto ack = ackOf(bob, u"send-missed%1"_s.arg(i));
        QVERIFY(ack);
        missed.append(ack->seq);
    }

    // A new stream, a new session: resuming after the last seen seq replays exactly the missed ones.
    QVERIFY(alice.login(u"alice"_s, kPassword));
    QVERIFY(alice.session() != oldSession);
    const auto replayed = subscribeAndCollect(alice, live->seq);
    QVERIFY(replayed);
    QList<qint64> seqs;
    for (const Message &message : *replayed)
        seqs.append(message.seq);
    QCOMPARE(seqs, missed);

    // Then live again.
    bob.send(sendFrame(u"after"_s, u"live again"_s));
    QVERIFY(ackOf(bob, u"send-after"_s));
    const auto again = alice.nextAs<Message>();
    QVERIFY(again);
    QCOMPARE(again->seq, missed.last() + 1);
}

void TestRelayEventStream::framesKeepTheirOrderAcrossPosts()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    EventStreamClient alice(httpBase(relay));
    QVERIFY(alice.login(u"alice"_s, kPassword));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, kPassword));
    QVERIFY(bob.subscribe(kRoom));

    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo() << "seed" << seed;
    QRandomGenerator random(seed);
    // 60 sends in POSTs of 1 to 8 frames each, sent one POST at a time.
    QList<QString> expected;
    int n = 0;
    while (n < 60) {
        const int batch = std::min(int(random.bounded(1, 9)), 60 - n);
        QList<Frame> frames;
        for (int i = 0; i < batch; ++i, ++n) {
            expected.append(u"message %1"_s.arg(n));
            frames.append(sendFrame(u"m%1"_s.arg(n), expected.last()));
        }
        QVERIFY(alice.sendAll(frames));
    }
    qint64 lastSeq = 0;
    for (int i = 0; i < expected.size(); ++i) {
        const auto ack = ackOf(alice, u"send-m%1"_s.arg(i));
        QVERIFY2(ack, qPrintable(u"no ack for m%1"_s.arg(i)));
        QVERIFY(ack->seq > lastSeq);
        lastSeq = ack->seq;
    }
    QList<QString> atBob;
    while (atBob.size() < expected.size()) {
        const auto message = bob.nextAs<Message>();
        QVERIFY(message);
        atBob.append(message->text);
    }
    QCOMPARE(atBob, expected);
}

void TestRelayEventStream::unknownSessionIsNotFound()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    EventStreamClient client(httpBase(relay));
    QCOMPARE(client.postBody("{}\n"_ba, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_ba), 404);
    QCOMPARE(client.postBody("{}\n"_ba, QByteArray()), 400);
}

void TestRelayEventStream::oversizePostsAreRefused()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay, { u"--max-frames-post-size"_s, u"4096"_s, u"--max-message-size"_s, u"1024"_s }));
    EventStreamClient alice(httpBase(relay));
    QVERIFY(alice.login(u"alice"_s, kPassword));
    // A body over the POST limit: refused before it is read; the session goes on.
    QByteArrayList many;
    for (int i = 0; i < 10; ++i)
        many.append(encode(sendFrame(u"big%1"_s.arg(i), QString(500, u'x'))));
    QCOMPARE(alice.postLines(many), 413);
    QVERIFY(alice.isOpen());
    QVERIFY(alice.send(sendFrame(u"small"_s, u"still here"_s)));
    QVERIFY(ackOf(alice, u"send-small"_s));
    // One frame over the largest message: as over WebSocket, the session closes with 1009.
    QCOMPARE(alice.postLines({ encode(sendFrame(u"huge"_s, QString(2000, u'y'))) }), 413);
    QVERIFY(alice.waitForEnded());
    QVERIFY(alice.closeEvent());
    QCOMPARE(alice.closeEvent()->code, 1009);
}

void TestRelayEventStream::silentClientIsDropped()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay, { u"--heartbeat-interval-ms"_s, u"300"_s, u"--heartbeat-timeout-ms"_s, u"300"_s }));
    EventStreamClient answering(httpBase(relay));
    QVERIFY(answering.login(u"bob"_s, kPassword));
    EventStreamClient silent(httpBase(relay));
    silent.setAnswerPings(false);
    QVERIFY(silent.login(u"alice"_s, kPassword));
    QCOMPARE(silent.heartbeatMs(), 300);
    // The silent one gets a ping, does not answer, and is dropped.
    QVERIFY(silent.waitForEnded(5000));
    QVERIFY(silent.pingsSeen() >= 1);
    // The one that answers with empty POSTs stays.
    QTRY_VERIFY_WITH_TIMEOUT(answering.pingsSeen() >= 4, 10000);
    QVERIFY(answering.isOpen());
    const auto streams = answering.call(ListStreams { u"list"_s });
    QVERIFY(streams);
}

void TestRelayEventStream::unauthenticatedStreamTimesOut()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay, { u"--auth-timeout-ms"_s, u"300"_s }));
    EventStreamClient client(httpBase(relay));
    QVERIFY(client.open());
    QVERIFY(client.waitForEnded());
    QVERIFY(client.closeEvent());
    QCOMPARE(client.closeEvent()->code, 1008);
    QCOMPARE(client.closeEvent()->reason, u"authentication timed out"_s);
}

void TestRelayEventStream::revokedTokenClosesTheStream()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    const auto created = relay.runAdmin({ u"token"_s, u"create"_s, u"bob"_s, u"--label"_s, u"laptop"_s });
    QVERIFY2(created.finished && created.exitCode == 0, created.standardError.constData());
    const QString secret = QString::fromUtf8(created.standardOutput).trimmed();
    const QRegularExpressionMatch id
        = QRegularExpression(u"token ([0-9a-f]{16})"_s).match(QString::fromUtf8(created.standardError));
    QVERIFY2(id.hasMatch(), created.standardError.constData());

    EventStreamClient bob(httpBase(relay));
    QVERIFY(bob.loginWithToken(secret));
    const auto revoked = relay.runAdmin({ u"token"_s, u"revoke"_s, id.captured(1) });
    QVERIFY2(revoked.finished && revoked.exitCode == 0, revoked.standardError.constData());
    QVERIFY(bob.waitForEnded());
    QVERIFY(bob.closeEvent());
    QCOMPARE(bob.closeEvent()->code, 1008);
    QCOMPARE(bob.closeEvent()->reason, u"token revoked"_s);
    QCOMPARE(bob.postLines({}), 404);
}

QTEST_GUILESS_MAIN(TestRelayEventStream)
#include "tst_relay_eventstream.moc"
