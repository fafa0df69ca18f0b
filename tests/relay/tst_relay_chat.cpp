// Conversations: sending, editing, deleting and reacting with their refusals; read markers that
// follow the user to every desktop; typing that reaches the others live and is never replayed.
#include "protocol/codec.h"
#include "relayfixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelayChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sendCarriesReplyTo();
    void sendRefusals_data();
    void sendRefusals();
    void editsDeletesAndReactionsReachEveryConnection();
    void onlyOwnMessagesMayBeEditedOrDeleted();
    void targetsMustBeMessages_data();
    void targetsMustBeMessages();
    void repeatedRequestsGetTheOriginalAck();
    void readMarkersFollowTheUser();
    void readMarkersOnlyMoveForward();
    void typingReachesOthersLiveOnly();
    void typingNeedsMembership();

private:
    std::unique_ptr<RawClient> subscribed(const QString &user, const QString &stream);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<RawClient> m_alice;
};

void TestRelayChat::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->start(), qPrintable(m_fixture->errorString()));
    m_alice = m_fixture->login(u"alice"_s);
    QVERIFY(m_alice);
}

void TestRelayChat::cleanup()
{
    m_alice.reset();
    m_fixture.reset();
}

std::unique_ptr<RawClient> TestRelayChat::subscribed(const QString &user, const QString &stream)
{
    auto client = m_fixture->login(user);
    if (!client || !client->subscribe(stream))
        return nullptr;
    return client;
}

void TestRelayChat::sendCarriesReplyTo()
{
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    QVERIFY(bob);
    QVERIFY(m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"Lunch?"_s }));
    const auto question = bob->nextAs<Message>();
    QVERIFY(question);
    QVERIFY(!question->replyTo);
    const auto ack = bob->request(Send { u"m2"_s, u"room:general"_s, u"c2"_s, u"Yes!"_s, question->seq });
    QVERIFY(ack);
    QCOMPARE(ack->seq, 2);
    const auto answer = bob->nextAs<Message>();
    QVERIFY(answer);
    QCOMPARE(answer->replyTo, question->seq);
    QCOMPARE(answer->sender, u"bob"_s);
}

void TestRelayChat::sendRefusals_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<std::optional<qint64>>("replyTo");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("not a member") << u"carol"_s << u"room:general"_s << std::optional<qint64>()
                                  << ErrorCode::Forbidden;
    QTest::newRow("a topic") << u"alice"_s << u"topic:alerts"_s << std::optional<qint64>()
                             << ErrorCode::InvalidField;
    QTest::newRow("a user stream") << u"alice"_s << u"user:alice"_s << std::optional<qint64>()
                                   << ErrorCode::Forbidden;
    QTest::newRow("no such room") << u"alice"_s << u"room:nowhere"_s << std::optional<qint64>()
                                  << ErrorCode::NotFound;
    QTest::newRow("reply to the future")
        << u"alice"_s << u"room:general"_s << std::optional<qint64>(5) << ErrorCode::NotFound;
}

void TestRelayChat::sendRefusals()
{
    QFETCH(QString, user);
    QFETCH(QString, stream);
    QFETCH(std::optional<qint64>, replyTo);
    QFETCH(ErrorCode, code);
    auto client = m_fixture->login(user);
    QCOMPARE(client->errorOf(Send { u"m1"_s, stream, u"c1"_s, u"hello"_s, replyTo }), code);
    QCOMPARE(client->lastError()->id, u"m1"_s);
    // Nothing was stored: the room's first message still gets seq 1.
    QCOMPARE(
        m_alice->request(Send { u"m2"_s, u"room:general"_s, u"c2"_s, u"first"_s }).value_or(Ack {}).seq, 1);
}

void TestRelayChat::editsDeletesAndReactionsReachEveryConnection()
{
    // Alice on two desktops, bob on one: every change reaches all three, as the same bytes.
    // Bob first: his coming online would otherwise reach alice's desktops as presence.
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    auto aliceLaptop = subscribed(u"alice"_s, u"room:general"_s);
    auto aliceDesktop = subscribed(u"alice"_s, u"room:general"_s);
    QVERIFY(aliceLaptop && aliceDesktop && bob);
    const QList<RawClient *> everyone { aliceLaptop.get(), aliceDesktop.get(), bob.get() };

    QCOMPARE(
        m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"helo"_s }).value_or(Ack {}).seq, 1);
    for (RawClient *client : everyone)
        QVERIFY(client->nextAs<Message>());

    const auto editAck = m_alice->request(Edit { u"e1"_s, u"room:general"_s, u"c2"_s, 1, u"hello"_s });
    QVERIFY(editAck);
    QCOMPARE(editAck->seq, 2);
    QCOMPARE(editAck->clientMsgId, u"c2"_s);
    for (RawClient *client : everyone) {
        const auto edited = client->nextAs<Edited>();
        QVERIFY(edited);
        QCOMPARE(edited->target, 1);
        QCOMPARE(edited->text, u"hello"_s);
        QCOMPARE(edited->sender, u"alice"_s);
        QCOMPARE(edited->seq, 2);
    }
    QCOMPARE(aliceLaptop->lastRawFrame(), bob->lastRawFrame());
    QCOMPARE(aliceDesktop->lastRawFrame(), bob->lastRawFrame());

    QVERIFY(bob->request(React { u"r1"_s, u"room:general"_s, u"b1"_s, 1, u"👍"_s, false }));
    QVERIFY(bob->request(React { u"r2"_s, u"room:general"_s, u"b2"_s, 1, u"👍"_s, true }));
    for (RawClient *client : { aliceLaptop.get(), aliceDesktop.get() }) {
        const auto added = client->nextAs<Reaction>();
        const auto removed = client->nextAs<Reaction>();
        QVERIFY(added && removed);
        QCOMPARE(added->emoji, u"👍"_s);
        QCOMPARE(added->sender, u"bob"_s);
        QVERIFY(!added->remove);
        QVERIFY(removed->remove);
        QCOMPARE(removed->seq, added->seq + 1);
    }

    const auto deleteAck = m_alice->request(Delete { u"d1"_s, u"room:general"_s, u"c3"_s, 1 });
    QVERIFY(deleteAck);
    for (RawClient *client : { aliceLaptop.get(), aliceDesktop.get() }) {
        const auto deleted = client->nextAs<Deleted>();
        QVERIFY(deleted);
        QCOMPARE(deleted->target, 1);
        QCOMPARE(deleted->seq, deleteAck->seq);
    }

    // A desktop that was away gets the same story by replay.
    auto later = m_fixture->login(u"bob"_s);
    const auto replay = later->subscribe(u"room:general"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 5);
    QVERIFY(std::holds_alternative<Message>(replay->replayed.at(0)));
    QVERIFY(std::holds_alternative<Edited>(replay->replayed.at(1)));
    QVERIFY(std::holds_alternative<Reaction>(replay->replayed.at(2)));
    QVERIFY(std::holds_alternative<Reaction>(replay->replayed.at(3)));
    QVERIFY(std::holds_alternative<Deleted>(replay->replayed.at(4)));
}

void TestRelayChat::onlyOwnMessagesMayBeEditedOrDeleted()
{
    auto bob = m_fixture->login(u"bob"_s);
    QVERIFY(m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"mine"_s }));
    QCOMPARE(
        bob->errorOf(Edit { u"e1"_s, u"room:general"_s, u"b1"_s, 1, u"yours now"_s }), ErrorCode::Forbidden);
    QCOMPARE(bob->errorOf(Delete { u"d1"_s, u"room:general"_s, u"b2"_s, 1 }), ErrorCode::Forbidden);
    // Reacting to someone else's message is what reactions are for.
    QVERIFY(bob->request(React { u"r1"_s, u"room:general"_s, u"b3"_s, 1, u"🎉"_s, false }));
    // Carol is not in the room at all.
    auto carol = m_fixture->login(u"carol"_s);
    QCOMPARE(carol->errorOf(React { u"r2"_s, u"room:general"_s, u"c1"_s, 1, u"🎉"_s, false }),
        ErrorCode::Forbidden);
}

void TestRelayChat::targetsMustBeMessages_data()
{
    QTest::addColumn<qint64>("target");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("missing") << qint64(42) << ErrorCode::NotFound;
    QTest::newRow("an edit, not a message") << qint64(2) << ErrorCode::InvalidField;
}

void TestRelayChat::targetsMustBeMessages()
{
    QFETCH(qint64, target);
    QFETCH(ErrorCode, code);
    QVERIFY(m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"text"_s }));
    QVERIFY(m_alice->request(Edit { u"e1"_s, u"room:general"_s, u"c2"_s, 1, u"better text"_s }));
    QCOMPARE(m_alice->errorOf(Edit { u"e2"_s, u"room:general"_s, u"c3"_s, target, u"x"_s }), code);
    QCOMPARE(m_alice->errorOf(Delete { u"d1"_s, u"room:general"_s, u"c4"_s, target }), code);
    QCOMPARE(m_alice->errorOf(React { u"r1"_s, u"room:general"_s, u"c5"_s, target, u"👀"_s, false }), code);
}

void TestRelayChat::repeatedRequestsGetTheOriginalAck()
{
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    const auto sent = m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"text"_s });
    const auto edited = m_alice->request(Edit { u"e1"_s, u"room:general"_s, u"c2"_s, 1, u"text!"_s });
    QVERIFY(sent && edited);
    // The outbox resends both (acks lost); the edit's id now comes with another target and text.
    const auto edited2 = m_alice->request(Edit { u"e2"_s, u"room:general"_s, u"c2"_s, 1, u"text!"_s });
    const auto sent2 = m_alice->request(Send { u"m2"_s, u"room:general"_s, u"c1"_s, u"text"_s });
    QVERIFY(edited2 && sent2);
    QCOMPARE(edited2->id, u"e2"_s);
    QCOMPARE(edited2->seq, edited->seq);
    QCOMPARE(edited2->ts, edited->ts);
    QCOMPARE(sent2->seq, sent->seq);
    QCOMPARE(sent2->stream, u"room:general"_s);
    // A client_msg_id is the user's, whatever the stream: the original ack again.
    const auto elsewhere = m_alice->request(Publish { u"p1"_s, u"topic:alerts"_s, u"c1"_s, u"body"_s });
    QVERIFY(elsewhere);
    QCOMPARE(elsewhere->stream, u"room:general"_s);
    QCOMPARE(elsewhere->seq, sent->seq);

    // Bob saw each event once.
    const auto frames = bob->roundTrip();
    QVERIFY(frames);
    QCOMPARE(frames->size(), 2);
}

void TestRelayChat::readMarkersFollowTheUser()
{
    QVERIFY(m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"one"_s }));
    QVERIFY(m_alice->request(Send { u"m2"_s, u"room:general"_s, u"c2"_s, u"two"_s }));
    auto aliceLaptop = subscribed(u"alice"_s, u"user:alice"_s);
    auto aliceDesktop = subscribed(u"alice"_s, u"user:alice"_s);
    auto bobOwn = subscribed(u"bob"_s, u"user:bob"_s);
    auto bobRoom = subscribed(u"bob"_s, u"room:general"_s);
    QVERIFY(aliceLaptop && aliceDesktop && bobOwn && bobRoom);

    const auto ack = aliceLaptop->request(MarkRead { u"r1"_s, u"room:general"_s, 2 });
    QVERIFY(ack);
    QCOMPARE(ack->stream, u"user:alice"_s);
    QCOMPARE(ack->seq, 1);
    QVERIFY(ack->ts > 0);
    for (RawClient *client : { aliceLaptop.get(), aliceDesktop.get() }) {
        const auto read = client->nextAs<Read>();
        QVERIFY(read);
        QCOMPARE(read->stream, u"user:alice"_s);
        QCOMPARE(read->targetStream, u"room:general"_s);
        QCOMPARE(read->target, 2);
        QCOMPARE(read->seq, ack->seq);
    }
    // Alice's reading is nobody else's business.
    for (RawClient *client : { bobOwn.get(), bobRoom.get() }) {
        const auto frames = client->roundTrip();
        QVERIFY(frames && frames->isEmpty());
    }
    // A desktop that starts later agrees, by replay.
    auto alicePhone = m_fixture->login(u"alice"_s);
    const auto replay = alicePhone->subscribe(u"user:alice"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->replayed.size(), 1);
    QCOMPARE(std::get<Read>(replay->replayed.constFirst()).target, 2);
}

void TestRelayChat::readMarkersOnlyMoveForward()
{
    for (int i = 1; i <= 3; ++i)
        QVERIFY(m_alice->request(Send { u"m%1"_s.arg(i), u"room:general"_s, u"c%1"_s.arg(i), u"text"_s }));
    auto bob = subscribed(u"bob"_s, u"user:bob"_s);
    QCOMPARE(bob->request(MarkRead { u"r1"_s, u"room:general"_s, 3 }).value_or(Ack {}).seq, 1);
    QVERIFY(bob->nextAs<Read>());
    // Going back is acknowledged but changes nothing, so nothing is stored or sent.
    const auto back = bob->request(MarkRead { u"r2"_s, u"room:general"_s, 1 });
    QVERIFY(back);
    QCOMPARE(back->stream, u"user:bob"_s);
    QCOMPARE(back->seq, 0);
    const auto frames = bob->roundTrip();
    QVERIFY(frames && frames->isEmpty());
    // Ahead of the stream is a mistake; a stream one cannot read is refused.
    QCOMPARE(bob->errorOf(MarkRead { u"r3"_s, u"room:general"_s, 9 }), ErrorCode::InvalidField);
    auto carol = m_fixture->login(u"carol"_s);
    QCOMPARE(carol->errorOf(MarkRead { u"r4"_s, u"room:general"_s, 1 }), ErrorCode::Forbidden);
}

void TestRelayChat::typingReachesOthersLiveOnly()
{
    // Bob first: his coming online would otherwise reach alice's desktops as presence.
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    auto aliceLaptop = subscribed(u"alice"_s, u"room:general"_s);
    auto aliceDesktop = subscribed(u"alice"_s, u"room:general"_s);
    QVERIFY(aliceLaptop && aliceDesktop && bob);

    aliceLaptop->send(SetTyping { {}, u"room:general"_s, true });
    QVERIFY(aliceLaptop->quiet()); // neither echoed nor acknowledged
    for (RawClient *client : { aliceDesktop.get(), bob.get() }) {
        const auto frames = client->roundTrip();
        QVERIFY(frames);
        QCOMPARE(frames->size(), 1);
        QVERIFY(std::holds_alternative<Typing>(frames->constFirst()));
        const Typing typing = std::get<Typing>(frames->constFirst());
        QCOMPARE(typing.user, u"alice"_s);
        QCOMPARE(typing.stream, u"room:general"_s);
        QVERIFY(typing.active);
    }
    // Serialized once for everyone.
    QCOMPARE(aliceDesktop->rawFrames().at(aliceDesktop->rawFrames().size() - 2),
        bob->rawFrames().at(bob->rawFrames().size() - 2));

    // Never stored: the room's history holds no trace of it.
    auto later = m_fixture->login(u"bob"_s);
    const auto replay = later->subscribe(u"room:general"_s, 0);
    QVERIFY(replay);
    QCOMPARE(replay->ack.seq, 0);
    QVERIFY(replay->replayed.isEmpty());
}

void TestRelayChat::typingNeedsMembership()
{
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    auto carol = m_fixture->login(u"carol"_s);
    // With an id the refusal is told; without one it is silently dropped.
    QCOMPARE(carol->errorOf(SetTyping { u"t1"_s, u"room:general"_s, true }), ErrorCode::Forbidden);
    carol->send(SetTyping { {}, u"room:general"_s, true });
    QVERIFY(carol->quiet());
    QVERIFY(bob->quiet());
}

QTEST_GUILESS_MAIN(TestRelayChat)
#include "tst_relay_chat.moc"
