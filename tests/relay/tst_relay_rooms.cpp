// Rooms and direct conversations: creating, inviting, joining, leaving, opening dms, listing
// members and streams, and presence reaching the people one shares a room with.
#include "protocol/codec.h"
#include "relayfixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelayRooms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void createdPublicRoomCanBeJoined();
    void createRoomRefusals();
    void privateRoomNeedsAnInvitation();
    void inviteRefusals();
    void leavingStopsDelivery();
    void listMembersShowsPresence();
    void listStreamsShowsWhatTheUserCanSee();
    void openDmCreatesItOnce();
    void openDmRefusals();
    void presenceReachesRoomMatesOnceEach();
    void presenceIsNeverReplayed();

private:
    std::unique_ptr<RawClient> subscribed(const QString &user, const QString &stream);
    static std::optional<Member> nextMember(RawClient &client);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<RawClient> m_alice;
};

void TestRelayRooms::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->start(), qPrintable(m_fixture->errorString()));
    m_alice = m_fixture->login(u"alice"_s);
    QVERIFY(m_alice);
}

void TestRelayRooms::cleanup()
{
    m_alice.reset();
    m_fixture.reset();
}

std::unique_ptr<RawClient> TestRelayRooms::subscribed(const QString &user, const QString &stream)
{
    auto client = m_fixture->login(user);
    if (!client || !client->subscribe(stream))
        return nullptr;
    return client;
}

std::optional<Member> TestRelayRooms::nextMember(RawClient &client)
{
    return client.nextAs<Member>();
}

void TestRelayRooms::createdPublicRoomCanBeJoined()
{
    const auto created
        = m_alice->request(CreateRoom { u"c1"_s, u"dev"_s, RoomVisibility::Public, u"Developers"_s });
    QVERIFY(created);
    QCOMPARE(created->stream, u"room:dev"_s);
    // The creator is its first member, and the room says so.
    const auto room = m_alice->subscribe(u"room:dev"_s, 0);
    QVERIFY(room);
    QCOMPARE(room->replayed.size(), 1);
    const Member founder = std::get<Member>(room->replayed.constFirst());
    QCOMPARE(founder.user, u"alice"_s);
    QCOMPARE(founder.action, MemberAction::Joined);
    QCOMPARE(founder.targetStream, u"room:dev"_s);

    auto carol = m_fixture->login(u"carol"_s);
    QCOMPARE(carol->errorOf(Send { u"m0"_s, u"room:dev"_s, u"c0"_s, u"hi"_s }), ErrorCode::Forbidden);
    QCOMPARE(carol->request(Join { u"j1"_s, u"room:dev"_s }).value_or(Ack {}).stream, u"room:dev"_s);
    const auto joined = nextMember(*m_alice);
    QVERIFY(joined);
    QCOMPARE(joined->user, u"carol"_s);
    QCOMPARE(joined->sender, u"carol"_s);
    QCOMPARE(joined->action, MemberAction::Joined);
    QVERIFY(carol->request(Send { u"m1"_s, u"room:dev"_s, u"c1"_s, u"hi all"_s }));
    QCOMPARE(m_alice->nextAs<Message>().value_or(Message {}).text, u"hi all"_s);
    // Joining again changes nothing.
    QVERIFY(carol->request(Join { u"j2"_s, u"room:dev"_s }));
    QVERIFY(m_alice->quiet());
    // A repeated create (its ack was lost) is fine; anyone else's clashes.
    QVERIFY(m_alice->request(CreateRoom { u"c2"_s, u"dev"_s, RoomVisibility::Public, u"Developers"_s }));
    QCOMPARE(carol->errorOf(CreateRoom { u"c3"_s, u"dev"_s }), ErrorCode::InvalidField);
}

void TestRelayRooms::createRoomRefusals()
{
    QCOMPARE(m_alice->errorOf(CreateRoom { u"c1"_s, u"general"_s }), ErrorCode::InvalidField);
    m_alice->sendBinary(R"({"type":"create_room","id":"c2","name":"Not Valid"})"_ba);
    QCOMPARE(m_alice->nextAs<Error>().value_or(Error {}).code, ErrorCode::InvalidField);
    m_alice->sendBinary(R"({"type":"create_room","id":"c3","name":"ok","visibility":"secret"})"_ba);
    QCOMPARE(m_alice->nextAs<Error>().value_or(Error {}).code, ErrorCode::InvalidField);
}

void TestRelayRooms::privateRoomNeedsAnInvitation()
{
    QVERIFY(m_alice->request(CreateRoom { u"c1"_s, u"secret"_s, RoomVisibility::Private, {} }));
    QVERIFY(m_alice->subscribe(u"room:secret"_s));
    auto carolOwn = subscribed(u"carol"_s, u"user:carol"_s);
    QVERIFY(carolOwn);
    QCOMPARE(carolOwn->errorOf(Join { u"j1"_s, u"room:secret"_s }), ErrorCode::NotFound);
    QCOMPARE(
        carolOwn->errorOf(Subscribe { u"s1"_s, u"room:secret"_s, std::nullopt, {} }), ErrorCode::NotFound);

    QCOMPARE(m_alice->request(Invite { u"i1"_s, u"room:secret"_s, u"carol"_s }).value_or(Ack {}).stream,
        u"room:secret"_s);
    // The room and carol's own stream both record the invitation.
    const auto inRoom = nextMember(*m_alice);
    QVERIFY(inRoom);
    QCOMPARE(inRoom->action, MemberAction::Invited);
    QCOMPARE(inRoom->user, u"carol"_s);
    QCOMPARE(inRoom->sender, u"alice"_s);
    const auto toCarol = nextMember(*carolOwn);
    QVERIFY(toCarol);
    QCOMPARE(toCarol->stream, u"user:carol"_s);
    QCOMPARE(toCarol->targetStream, u"room:secret"_s);
    QCOMPARE(toCarol->action, MemberAction::Invited);
    // Invited is not joined yet.
    QCOMPARE(
        carolOwn->errorOf(Subscribe { u"s2"_s, u"room:secret"_s, std::nullopt, {} }), ErrorCode::NotFound);

    QVERIFY(carolOwn->request(Join { u"j2"_s, u"room:secret"_s }));
    QCOMPARE(nextMember(*m_alice).value_or(Member {}).action, MemberAction::Joined);
    QCOMPARE(nextMember(*carolOwn).value_or(Member {}).action, MemberAction::Joined);
    QVERIFY(carolOwn->subscribe(u"room:secret"_s));
    QVERIFY(carolOwn->request(Send { u"m1"_s, u"room:secret"_s, u"c1"_s, u"thanks"_s }));
}

void TestRelayRooms::inviteRefusals()
{
    QVERIFY(m_alice->request(CreateRoom { u"c1"_s, u"secret"_s, RoomVisibility::Private, {} }));
    auto bob = m_fixture->login(u"bob"_s);
    // Only members invite.
    QCOMPARE(bob->errorOf(Invite { u"i1"_s, u"room:secret"_s, u"carol"_s }), ErrorCode::NotFound);
    QCOMPARE(m_alice->errorOf(Invite { u"i2"_s, u"room:secret"_s, u"nobody"_s }), ErrorCode::NotFound);
    QCOMPARE(m_alice->errorOf(Invite { u"i3"_s, u"room:nowhere"_s, u"bob"_s }), ErrorCode::NotFound);
    // Inviting twice (or a member) changes nothing.
    QVERIFY(m_alice->request(Invite { u"i4"_s, u"room:secret"_s, u"bob"_s }));
    QVERIFY(m_alice->request(Invite { u"i5"_s, u"room:secret"_s, u"bob"_s }));
    const auto room = m_alice->subscribe(u"room:secret"_s, 0);
    QVERIFY(room);
    QCOMPARE(room->replayed.size(), 2); // alice joined, bob invited
}

void TestRelayRooms::leavingStopsDelivery()
{
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    auto bobOther = subscribed(u"bob"_s, u"room:general"_s);
    QVERIFY(m_alice->subscribe(u"room:general"_s));
    QCOMPARE(bob->request(Leave { u"l1"_s, u"room:general"_s }).value_or(Ack {}).stream, u"room:general"_s);
    const auto left = nextMember(*m_alice);
    QVERIFY(left);
    QCOMPARE(left->user, u"bob"_s);
    QCOMPARE(left->action, MemberAction::Left);
    // Both of bob's desktops see him leave, then nothing more from the room.
    QCOMPARE(nextMember(*bob).value_or(Member {}).action, MemberAction::Left);
    QCOMPARE(nextMember(*bobOther).value_or(Member {}).action, MemberAction::Left);
    QVERIFY(m_alice->request(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"bye bob"_s }));
    QVERIFY(bobOther->quiet());
    QVERIFY(bob->quiet());
    QCOMPARE(bob->errorOf(Send { u"m2"_s, u"room:general"_s, u"b1"_s, u"wait"_s }), ErrorCode::Forbidden);
    QCOMPARE(bob->errorOf(Leave { u"l2"_s, u"room:general"_s }), ErrorCode::Forbidden);
    // A public room takes him back.
    QVERIFY(bob->request(Join { u"j1"_s, u"room:general"_s }));
}

void TestRelayRooms::listMembersShowsPresence()
{
    auto carol = m_fixture->login(u"carol"_s);
    const auto reply = carol->call(ListMembers { u"l1"_s, u"room:general"_s });
    QVERIFY(reply && std::holds_alternative<Members>(*reply));
    const Members members = std::get<Members>(*reply);
    QCOMPARE(members.stream, u"room:general"_s);
    QCOMPARE(members.members.size(), 2);
    QCOMPARE(members.members.at(0).user, u"alice"_s);
    QCOMPARE(members.members.at(0).status, PresenceStatus::Online);
    QCOMPARE(members.members.at(1).user, u"bob"_s);
    QCOMPARE(members.members.at(1).status, PresenceStatus::Offline);

    // A private room's members are for its members; topics have none.
    QVERIFY(m_alice->request(CreateRoom { u"c1"_s, u"secret"_s, RoomVisibility::Private, {} }));
    QCOMPARE(carol->errorOf(ListMembers { u"l2"_s, u"room:secret"_s }), ErrorCode::NotFound);
    QCOMPARE(carol->errorOf(ListMembers { u"l3"_s, u"topic:alerts"_s }), ErrorCode::InvalidField);

    // last_seen appears once someone has gone.
    auto bob = m_fixture->login(u"bob"_s);
    bob.reset();
    QTRY_VERIFY([&] {
        const auto again = carol->call(ListMembers { u"l4"_s, u"room:general"_s });
        return again && std::holds_alternative<Members>(*again)
            && std::get<Members>(*again).members.value(1).lastSeen.has_value();
    }());
}

void TestRelayRooms::listStreamsShowsWhatTheUserCanSee()
{
    QVERIFY(
        m_alice->request(CreateRoom { u"c1"_s, u"secret"_s, RoomVisibility::Private, u"Secret plans"_s }));
    QVERIFY(m_alice->request(OpenDm { u"d1"_s, { u"bob"_s } }));
    auto summaries = [](RawClient &client) {
        QHash<QString, StreamSummary> byId;
        const auto reply = client.call(ListStreams { u"ls"_s });
        if (reply && std::holds_alternative<Streams>(*reply)) {
            for (const StreamSummary &summary : std::get<Streams>(*reply).streams)
                byId.insert(summary.stream, summary);
        }
        return byId;
    };
    const auto alice = summaries(*m_alice);
    QCOMPARE(QSet<QString>(alice.keyBegin(), alice.keyEnd()),
        (QSet<QString> {
            u"room:general"_s, u"room:secret"_s, u"dm:alice+bob"_s, u"topic:alerts"_s, u"user:alice"_s }));
    QVERIFY(alice[u"room:general"_s].member);
    QCOMPARE(alice[u"room:general"_s].title, u"General"_s);
    QCOMPARE(alice[u"room:secret"_s].visibility, RoomVisibility::Private);
    QCOMPARE(alice[u"room:secret"_s].title, u"Secret plans"_s);
    QCOMPARE(alice[u"room:secret"_s].seq, 1);
    QCOMPARE(alice[u"dm:alice+bob"_s].kind, StreamKind::Dm);
    QCOMPARE(alice[u"topic:alerts"_s].kind, StreamKind::Topic);
    QVERIFY(!alice[u"user:alice"_s].epoch.isEmpty());

    auto carol = m_fixture->login(u"carol"_s);
    const auto theirs = summaries(*carol);
    QCOMPARE(QSet<QString>(theirs.keyBegin(), theirs.keyEnd()),
        (QSet<QString> { u"room:general"_s, u"topic:alerts"_s, u"user:carol"_s }));
    QVERIFY(!theirs[u"room:general"_s].member);
    QCOMPARE(theirs[u"room:general"_s].visibility, RoomVisibility::Public);
}

void TestRelayRooms::openDmCreatesItOnce()
{
    auto bobOwn = subscribed(u"bob"_s, u"user:bob"_s);
    QVERIFY(bobOwn);
    const auto opened = m_alice->request(OpenDm { u"d1"_s, { u"bob"_s } });
    QVERIFY(opened);
    QCOMPARE(opened->stream, u"dm:alice+bob"_s);
    // Bob's desktops learn about the new conversation from his own stream.
    const auto member = nextMember(*bobOwn);
    QVERIFY(member);
    QCOMPARE(member->stream, u"user:bob"_s);
    QCOMPARE(member->targetStream, u"dm:alice+bob"_s);
    QCOMPARE(member->user, u"bob"_s);
    QCOMPARE(member->sender, u"alice"_s);
    QCOMPARE(member->action, MemberAction::Joined);

    // Opening it again, from either side and in any order, is the same conversation.
    QCOMPARE(bobOwn->request(OpenDm { u"d2"_s, { u"alice"_s, u"bob"_s } }).value_or(Ack {}).stream,
        u"dm:alice+bob"_s);
    QVERIFY(bobOwn->quiet());
    const auto dm = m_alice->subscribe(u"dm:alice+bob"_s, 0);
    QVERIFY(dm);
    QCOMPARE(dm->replayed.size(), 2);

    QVERIFY(bobOwn->subscribe(u"dm:alice+bob"_s));
    QVERIFY(m_alice->request(Send { u"m1"_s, u"dm:alice+bob"_s, u"c1"_s, u"psst"_s }));
    QCOMPARE(bobOwn->nextAs<Message>().value_or(Message {}).text, u"psst"_s);
    auto carol = m_fixture->login(u"carol"_s);
    QCOMPARE(carol->errorOf(Send { u"m2"_s, u"dm:alice+bob"_s, u"c2"_s, u"me too"_s }), ErrorCode::NotFound);
    QCOMPARE(m_alice->errorOf(Leave { u"l1"_s, u"dm:alice+bob"_s }), ErrorCode::InvalidField);
}

void TestRelayRooms::openDmRefusals()
{
    QCOMPARE(m_alice->errorOf(OpenDm { u"d1"_s, { u"nobody"_s } }), ErrorCode::NotFound);
    QCOMPARE(m_alice->errorOf(OpenDm { u"d2"_s, { u"alice"_s } }), ErrorCode::InvalidField);
    // A group dm works like a pair.
    QCOMPARE(m_alice->request(OpenDm { u"d3"_s, { u"carol"_s, u"bob"_s } }).value_or(Ack {}).stream,
        u"dm:alice+bob+carol"_s);
}

void TestRelayRooms::presenceReachesRoomMatesOnceEach()
{
    // Bob shares room:general and a dm with alice: he hears about her once per change.
    QVERIFY(m_alice->request(OpenDm { u"d1"_s, { u"bob"_s } }));
    auto bob = subscribed(u"bob"_s, u"room:general"_s);
    QVERIFY(bob && bob->subscribe(u"dm:alice+bob"_s));
    auto carol = subscribed(u"carol"_s, u"topic:alerts"_s); // shares no room with alice
    QVERIFY(carol);

    m_alice->send(SetPresence { {}, PresenceStatus::Away });
    QVERIFY(m_alice->quiet()); // never acknowledged
    auto frames = bob->roundTrip();
    QVERIFY(frames);
    QCOMPARE(frames->size(), 1);
    const Presence away = std::get<Presence>(frames->constFirst());
    QCOMPARE(away.user, u"alice"_s);
    QCOMPARE(away.status, PresenceStatus::Away);
    QVERIFY(carol->quiet());

    // A second desktop changes nothing; the last one going makes her offline, with last_seen.
    auto aliceSecond = m_fixture->login(u"alice"_s);
    QVERIFY(bob->quiet());
    aliceSecond.reset();
    QVERIFY(bob->quiet());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    m_alice.reset();
    const auto offline = bob->nextAs<Presence>();
    QVERIFY(offline);
    QCOMPARE(offline->status, PresenceStatus::Offline);
    QVERIFY(offline->lastSeen.value_or(0) >= before);
    QVERIFY(bob->quiet());

    // Coming back: online.
    m_alice = m_fixture->login(u"alice"_s);
    const auto online = bob->nextAs<Presence>();
    QVERIFY(online);
    QCOMPARE(online->status, PresenceStatus::Online);
    QVERIFY(!online->lastSeen);
}

void TestRelayRooms::presenceIsNeverReplayed()
{
    m_alice->send(SetPresence { {}, PresenceStatus::Away });
    m_alice->send(SetPresence { {}, PresenceStatus::Online });
    QVERIFY(m_alice->quiet());
    auto bob = m_fixture->login(u"bob"_s);
    const auto room = bob->subscribe(u"room:general"_s, 0);
    QVERIFY(room);
    QVERIFY(room->replayed.isEmpty());
    QCOMPARE(room->ack.seq, 0);
    // Offline cannot be claimed.
    QCOMPARE(bob->errorOf(SetPresence { u"p1"_s, PresenceStatus::Offline }), ErrorCode::InvalidField);
}

QTEST_GUILESS_MAIN(TestRelayRooms)
#include "tst_relay_rooms.moc"
