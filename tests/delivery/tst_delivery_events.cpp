// Who gets which event: edits, deletes and reactions reach every connection of the room's members
// (the sender's other desktop too); read markers and dismissals reach every connection of their
// user and nobody else; all of these come back on a resume. Typing and presence reach the live
// connections only and are never replayed.
#include "deliveryclient.h"
#include "eventwait.h"
#include "protocol/codec.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;
const QString kTopic = u"topic:alerts"_s;
const QString kAliceStream = u"user:alice"_s;
constexpr int kTimeoutMs = 10'000;

// Waits until every client has the stored event (stream, seq); the frame they agree on.
std::optional<Frame> deliveredToAll(const QList<DeliveryClient *> &clients, const QString &stream, qint64 seq)
{
    const bool arrived = waitUntil(
        [&] {
            return std::all_of(
                clients.cbegin(), clients.cend(), [&](auto *c) { return c->hasEvent(stream, seq); });
        },
        kTimeoutMs);
    if (!arrived)
        return std::nullopt;
    const Frame frame = *clients.first()->event(stream, seq);
    for (DeliveryClient *client : clients) {
        if (*client->event(stream, seq) != frame)
            return std::nullopt; // the same event must look the same to everybody
    }
    return frame;
}

// The live stored events a client got in a stream after a cursor, in seq order.
QList<Frame> eventsAfter(const DeliveryClient &client, const QString &stream, qint64 cursor)
{
    QList<Frame> result;
    const auto log = client.streamLog(stream);
    for (auto it = log.events.upperBound(cursor); it != log.events.cend(); ++it)
        result.append(it.value());
    return result;
}

// How many presence frames about this user with this status a client got.
qsizetype presenceCount(const DeliveryClient &client, const QString &user, PresenceStatus status)
{
    const QList<Presence> frames = client.framesOf<Presence>();
    return std::count_if(frames.cbegin(), frames.cend(),
        [&](const Presence &p) { return p.user == user && p.status == status; });
}

} // namespace

class TestDeliveryEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void eventsReachTheRightConnectionsLiveAndByReplay();
};

void TestDeliveryEvents::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
}

void TestDeliveryEvents::eventsReachTheRightConnectionsLiveAndByReplay()
{
    RelayProcess relay;
    QVERIFY(relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s, u"carol"_s }));
    QVERIFY(relayadmin::addRoom(relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(relay, u"alerts"_s, { u"bob"_s }, { u"alice"_s, u"carol"_s }));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    // Alice on two desktops, carol (not in the room) following the topic.
    DeliveryClient a1(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    DeliveryClient a2(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    DeliveryClient c1(u"carol"_s, relayadmin::passwordOf(u"carol"_s));
    QHash<QString, qint64> cursor; // alice's position in each stream before the events below
    for (DeliveryClient *alice : { &a1, &a2 }) {
        QVERIFY(alice->connectTo(relay.url()));
        for (const QString &stream : { kRoom, kAliceStream, kTopic }) {
            const auto subscription = alice->subscribe(stream);
            QVERIFY2(subscription.synced, qPrintable(stream + u": "_s + subscription.describe()));
            cursor[stream] = subscription.reply.ack->seq;
        }
    }
    QVERIFY(c1.connectTo(relay.url()));
    QVERIFY(c1.subscribe(u"user:carol"_s).synced);
    QVERIFY(c1.subscribe(kTopic).synced);
    // Carol is not a member: she cannot follow the room.
    const auto intruder = c1.subscribe(kRoom);
    QVERIFY(intruder.reply.error);
    QCOMPARE(intruder.reply.error->code, ErrorCode::Forbidden);

    // Bob comes online: alice's connections (in a room with him) hear it, carol's does not.
    DeliveryClient b1(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(b1.connectTo(relay.url()));
    auto bobIs = [](PresenceStatus status, qsizetype times) {
        return [status, times](
                   const DeliveryClient &client) { return presenceCount(client, u"bob"_s, status) == times; };
    };
    QVERIFY(waitUntil(
        [&] { return bobIs(PresenceStatus::Online, 1)(a1) && bobIs(PresenceStatus::Online, 1)(a2); },
        kTimeoutMs));
    QVERIFY(c1.roundTrip());
    QCOMPARE(c1.framesOf<Presence>().size(), 0);
    QVERIFY(b1.subscribe(kRoom).synced);
    QVERIFY(b1.subscribe(u"user:bob"_s).synced);
    const QList<DeliveryClient *> roomMembers { &a1, &a2, &b1 };

    // --- stored chat events: everybody in the room, the sender's other desktop included
    auto ackOf = [](const DeliveryClient::Reply &reply) { return reply.ack ? reply.ack->seq : -1; };
    const qint64 m1
        = ackOf(a1.request(Send { a1.nextId(), kRoom, u"m1"_s, u"Lunch at noon?"_s, std::nullopt }));
    const qint64 m2 = ackOf(a1.request(Send { a1.nextId(), kRoom, u"m2"_s, u"Pizza or sushi"_s, m1 }));
    const qint64 m3
        = ackOf(a1.request(Send { a1.nextId(), kRoom, u"m3"_s, u"oops, wrong room"_s, std::nullopt }));
    QVERIFY(m1 > 0 && m2 > m1 && m3 > m2);
    const auto reply = deliveredToAll(roomMembers, kRoom, m2);
    QVERIFY(reply);
    QCOMPARE(std::get<Message>(*reply).replyTo, m1);

    const qint64 liked = ackOf(b1.request(React { b1.nextId(), kRoom, u"r1"_s, m1, u"👍"_s, false }));
    const auto reaction = deliveredToAll(roomMembers, kRoom, liked);
    QVERIFY(reaction && std::holds_alternative<Reaction>(*reaction));
    QCOMPARE(std::get<Reaction>(*reaction).sender, u"bob"_s);
    QCOMPARE(std::get<Reaction>(*reaction).target, m1);
    QCOMPARE(std::get<Reaction>(*reaction).emoji, u"👍"_s);
    QCOMPARE(std::get<Reaction>(*reaction).remove, false);

    const qint64 edit = ackOf(a1.request(Edit { a1.nextId(), kRoom, u"e1"_s, m2, u"Pizza or sushi?"_s }));
    const auto edited = deliveredToAll(roomMembers, kRoom, edit);
    QVERIFY(edited && std::holds_alternative<Edited>(*edited));
    QCOMPARE(std::get<Edited>(*edited).target, m2);
    QCOMPARE(std::get<Edited>(*edited).text, u"Pizza or sushi?"_s);

    const qint64 removal = ackOf(a1.request(Delete { a1.nextId(), kRoom, u"d1"_s, m3 }));
    const auto deleted = deliveredToAll(roomMembers, kRoom, removal);
    QVERIFY(deleted && std::holds_alternative<Deleted>(*deleted));
    QCOMPARE(std::get<Deleted>(*deleted).target, m3);

    const qint64 unliked = ackOf(b1.request(React { b1.nextId(), kRoom, u"r2"_s, m1, u"👍"_s, true }));
    const auto unreaction = deliveredToAll(roomMembers, kRoom, unliked);
    QVERIFY(unreaction && std::holds_alternative<Reaction>(*unreaction));
    QCOMPARE(std::get<Reaction>(*unreaction).remove, true);

    // Only the author edits or deletes a message.
    const auto foreignEdit = b1.request(Edit { b1.nextId(), kRoom, u"e2"_s, m1, u"Dinner at noon?"_s });
    QVERIFY(foreignEdit.error);
    QCOMPARE(foreignEdit.error->code, ErrorCode::Forbidden);
    const auto foreignDelete = b1.request(Delete { b1.nextId(), kRoom, u"d2"_s, m1 });
    QVERIFY(foreignDelete.error);
    QCOMPARE(foreignDelete.error->code, ErrorCode::Forbidden);

    // --- read markers and dismissals: every connection of alice, nobody else
    const auto marked = a1.request(MarkRead { a1.nextId(), kRoom, unliked });
    QVERIFY2(marked.ack, qPrintable(marked.describe()));
    QCOMPARE(marked.ack->stream, kAliceStream);
    const auto read = deliveredToAll({ &a1, &a2 }, kAliceStream, marked.ack->seq);
    QVERIFY(read && std::holds_alternative<Read>(*read));
    QCOMPARE(std::get<Read>(*read).targetStream, kRoom);
    QCOMPARE(std::get<Read>(*read).target, unliked);

    Publish publish;
    publish.id = b1.nextId();
    publish.stream = kTopic;
    publish.clientMsgId = u"n1"_s;
    publish.title = u"Deploy finished"_s;
    publish.body = u"**api** is live on production"_s;
    publish.priority = 4;
    publish.tags = { u"deploy"_s };
    const qint64 notified = ackOf(b1.request(publish));
    const auto notification = deliveredToAll({ &a1, &a2, &c1 }, kTopic, notified);
    QVERIFY(notification && std::holds_alternative<Notification>(*notification));
    QCOMPARE(std::get<Notification>(*notification).title, u"Deploy finished"_s);
    QCOMPARE(std::get<Notification>(*notification).priority, 4);

    const auto dismissal = a2.request(Dismiss { a2.nextId(), kTopic, notified, false });
    QVERIFY2(dismissal.ack, qPrintable(dismissal.describe()));
    QCOMPARE(dismissal.ack->stream, kAliceStream);
    const auto dismissed = deliveredToAll({ &a1, &a2 }, kAliceStream, dismissal.ack->seq);
    QVERIFY(dismissed && std::holds_alternative<Dismissed>(*dismissed));
    QCOMPARE(std::get<Dismissed>(*dismissed).targetStream, kTopic);
    QCOMPARE(std::get<Dismissed>(*dismissed).target, notified);

    // Bob and carol got none of alice's markers (anything sent their way has arrived after a round trip).
    for (DeliveryClient *other : { &b1, &c1 }) {
        QVERIFY(other->roundTrip());
        QVERIFY2(other->framesOf<Read>().isEmpty(), qPrintable(other->user()));
        QVERIFY2(other->framesOf<Dismissed>().isEmpty(), qPrintable(other->user()));
        QCOMPARE(other->eventCount(kAliceStream), 0);
    }
    QCOMPARE(c1.eventCount(kRoom), 0); // the room's events stay with its members
    const auto peek = b1.subscribe(kAliceStream);
    QVERIFY(peek.reply.error);
    QCOMPARE(peek.reply.error->code, ErrorCode::NotFound); // someone else's user stream: as if there were none

    // --- typing: the other connections in the room, not the typing one, not outsiders
    const qsizetype typingFrom = a1.log().size();
    QVERIFY(a1.post(SetTyping { {}, kRoom, true }));
    const Typing typing { kRoom, u"alice"_s, true };
    QVERIFY(waitUntil(
        [&] { return a2.framesOf<Typing>().contains(typing) && b1.framesOf<Typing>().contains(typing); },
        kTimeoutMs));
    QVERIFY(a1.roundTrip());
    QVERIFY(a1.framesOf<Typing>(typingFrom).isEmpty());
    QVERIFY(c1.roundTrip());
    QVERIFY(c1.framesOf<Typing>().isEmpty());
    QVERIFY(a1.post(SetTyping { {}, kRoom, false }));
    const Typing stopped { kRoom, u"alice"_s, false };
    QVERIFY(waitUntil([&] { return b1.framesOf<Typing>().contains(stopped); }, kTimeoutMs));

    // --- presence: away, then offline with last seen when bob's last connection goes
    QVERIFY(b1.post(SetPresence { {}, PresenceStatus::Away }));
    QVERIFY(
        waitUntil([&] { return bobIs(PresenceStatus::Away, 1)(a1) && bobIs(PresenceStatus::Away, 1)(a2); },
            kTimeoutMs));
    const qint64 bobLeft = QDateTime::currentMSecsSinceEpoch();
    b1.close();
    auto offline = [](const DeliveryClient &client) {
        for (const Presence &presence : client.framesOf<Presence>()) {
            if (presence.user == u"bob" && presence.status == PresenceStatus::Offline)
                return presence.lastSeen.value_or(0);
        }
        return qint64(0);
    };
    QVERIFY(waitUntil([&] { return offline(a1) > 0 && offline(a2) > 0; }, kTimeoutMs));
    QVERIFY(qAbs(offline(a1) - bobLeft) < 60'000);
    QVERIFY(c1.roundTrip());
    QVERIFY(c1.framesOf<Presence>().isEmpty());

    // --- a third desktop of alice resumes from the cursors: the stored events come back, exactly as
    // they came live; typing and presence never do.
    DeliveryClient a3(u"alice"_s, relayadmin::passwordOf(u"alice"_s));
    QVERIFY(a3.connectTo(relay.url()));
    for (const QString &stream : { kRoom, kAliceStream, kTopic }) {
        const auto resumed = a3.subscribe(stream, cursor.value(stream), a1.streamLog(stream).epoch);
        QVERIFY2(resumed.synced, qPrintable(stream + u": "_s + resumed.describe()));
        QVERIFY2(resumed.synced->recovered, qPrintable(stream));
        QVERIFY2(resumed.otherFramesDuringReplay.isEmpty(), qPrintable(stream));
        const QList<Frame> live = eventsAfter(a1, stream, cursor.value(stream));
        QVERIFY2(!live.isEmpty(), qPrintable(stream));
        QVERIFY2(resumed.replay == live,
            qPrintable(u"%1: replayed %2 events, %3 came live"_s.arg(stream)
                           .arg(resumed.replay.size())
                           .arg(live.size())));
    }
    QVERIFY(a3.roundTrip());
    QVERIFY(a3.framesOf<Typing>().isEmpty());
    QVERIFY(a3.framesOf<Presence>().isEmpty());

    // Bob's next desktop: the room replays, his own stream holds nothing of alice's, no ephemera.
    DeliveryClient b2(u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(b2.connectTo(relay.url()));
    const auto room = b2.subscribe(kRoom, cursor.value(kRoom), a1.streamLog(kRoom).epoch);
    QVERIFY2(room.synced && room.synced->recovered, qPrintable(room.describe()));
    QCOMPARE(room.replay, eventsAfter(a1, kRoom, cursor.value(kRoom)));
    const auto own = b2.subscribe(u"user:bob"_s, 0);
    QVERIFY2(own.synced, qPrintable(own.describe()));
    for (const Frame &frame : own.replay)
        QVERIFY(!std::holds_alternative<Read>(frame) && !std::holds_alternative<Dismissed>(frame));
    QVERIFY(b2.roundTrip());
    QVERIFY(b2.framesOf<Typing>().isEmpty());
    // Bob back online is news for alice's live connections, not something replayed to anybody.
    QVERIFY(waitUntil(
        [&] { return bobIs(PresenceStatus::Online, 2)(a1) && bobIs(PresenceStatus::Online, 2)(a2); },
        kTimeoutMs));

    for (DeliveryClient *client : { &a1, &a2, &a3, &b2, &c1 }) {
        QCOMPARE(client->duplicateDeliveries(), 0);
        QCOMPARE(client->decodeFailures(), 0);
        QCOMPARE(client->textFramesWithEvents(), 0);
    }
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestDeliveryEvents)
#include "tst_delivery_events.moc"
