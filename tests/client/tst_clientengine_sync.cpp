// The client engine's delivery logic against a scripted in-process relay: stored events delivered
// once (by stream and seq), subscriptions resumed from where the engine was, synced and resync,
// history paging, and requests that create stored events sent again with the same key until the
// relay acknowledges them. The scripted relay says exactly what a real one may say, including the
// awkward orders (a replay overlapping live events, a duplicate after a reconnect).
#include "client/clientengine.h"
#include "client/connection/requestpacer.h"
#include "protocol/codec.h"
#include "scriptedrelay.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
using confab::client::NotificationDraft;
using confab::client::StreamPosition;
namespace proto = confab::protocol;

namespace {

const QStringList kConfabSubprotocol{u"confab.v1"_s};
constexpr int kWaitMs = 5000;
const QString kRoom = u"room:general"_s;

// The relay's side drops the connection; the engine notices, then logs in again.
bool reconnect(ClientEngine &engine, ScriptedRelay &relay)
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"was lost|closed the connection"_s));
    relay.peer()->abort();
    if (!QTest::qWaitFor([&] { return engine.state() == ClientEngine::State::Disconnected; }, kWaitMs))
        return false;
    return relay.logIn(engine, kWaitMs);
}

proto::Message message(qint64 seq, const QString &epoch = u"e1"_s, const QString &stream = kRoom)
{
    return proto::Message{stream, epoch, seq, 1'700'000'000'000 + seq, u"alice"_s, u"alice-%1"_s.arg(seq),
                          u"message %1"_s.arg(seq)};
}

proto::Ack subscribeAck(const proto::Subscribe &subscribe, const QString &epoch, qint64 head)
{
    proto::Ack ack{subscribe.id, subscribe.stream, {}, epoch, head};
    ack.firstSeq = 1;
    return ack;
}

QList<qint64> seqsOf(const QSignalSpy &spy)
{
    QList<qint64> seqs;
    for (const QList<QVariant> &emission : spy)
        seqs.append(emission.first().value<proto::Message>().seq);
    return seqs;
}

// The requests a relay got that carry a client_msg_id or (mark_read, dismiss) none, with their
// request ids blanked: what must be identical when a request is sent again.
QList<proto::Frame> storedRequests(const ScriptedRelay &relay, qsizetype from = 0)
{
    QList<proto::Frame> frames;
    for (qsizetype i = from; i < relay.received().size(); ++i) {
        proto::Frame frame = relay.received().at(i);
        using T = proto::MessageType;
        const T type = proto::typeOf(frame);
        if (type == T::Send || type == T::Edit || type == T::Delete || type == T::React || type == T::MarkRead
            || type == T::Publish || type == T::Dismiss) {
            std::visit([](auto &typed) {
                if constexpr (requires { typed.id; })
                    typed.id.clear();
            }, frame);
            frames.append(frame);
        }
    }
    return frames;
}

// Makes sure everything the engine sent so far has reached the relay: one socket keeps order, so
// once a request sent now arrives, nothing sent before it is still on its way. Negative checks
// ("nothing was sent again") wait on this instead of on a clock.
bool allArrived(ClientEngine &engine, ScriptedRelay &relay)
{
    const qsizetype seen = relay.receivedOf<proto::ListStreams>().size();
    const QString marker = engine.listStreams();
    return QTest::qWaitFor([&] {
        const QList<proto::ListStreams> frames = relay.receivedOf<proto::ListStreams>();
        return frames.size() > seen && frames.last().id == marker;
    }, kWaitMs);
}

} // namespace

class TestClientEngineSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duplicatesAndReplaysAreDeliveredOnce();
    void resubscribeResumesFromTheMark();
    void unrecoverableGapAsksForResync();
    void historyIsDeliveredEvenBelowTheMark();
    void explicitSinceReplaysFromThere();
    void unsubscribeForgetsTheStream();
    void unacknowledgedStoredRequestsAreResentWithTheSameKey();
    void refusalsDropOrKeepStoredRequests();
    void internalRefusalIsSentAgainInItsPlace();
    void retryAfterIsBounded();
    void tooLargeCloseDropsTheCulprit();
    void oneShotRequestsAreNeverResent();
    void presenceIsRestoredInTheNextSession();
    void everyEventKindReachesItsSignal();
    void answersReachTheirSignals();
};

void TestClientEngineSync::duplicatesAndReplaysAreDeliveredOnce()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy edited(&engine, &ClientEngine::messageEdited);
    engine.subscribe(kRoom);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 1, kWaitMs);
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().first(), u"e1"_s, 0));

    for (qint64 seq : {1, 2, 3, 2, 3, 1, 4})
        relay.send(message(seq));
    // Same seq, another kind: still the same stored event position, so a duplicate.
    relay.send(proto::Edited{kRoom, u"e1"_s, 4, 5, u"alice"_s, u"x"_s, 1, u"edited"_s});
    relay.send(proto::Edited{kRoom, u"e1"_s, 5, 6, u"alice"_s, u"y"_s, 1, u"edited again"_s});
    // Another stream has its own numbering.
    relay.send(message(1, u"e9"_s, u"room:other"_s));
    relay.send(message(6));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 6, kWaitMs);
    QCOMPARE(seqsOf(received), (QList<qint64>{1, 2, 3, 4, 1, 6}));
    QCOMPARE(received.at(4).first().value<proto::Message>().stream, u"room:other"_s);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(edited.first().first().value<proto::Edited>().text, u"edited again"_s);
    QCOMPARE(engine.streamPosition(kRoom), (StreamPosition{u"e1"_s, 6}));
}

void TestClientEngineSync::resubscribeResumesFromTheMark()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy synced(&engine, &ClientEngine::synced);
    QSignalSpy resync(&engine, &ClientEngine::resyncNeeded);
    engine.subscribe(kRoom);
    engine.subscribe(u"user:demo"_s);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 2, kWaitMs);
    // The first subscription is live only: no since.
    for (const proto::Subscribe &subscribe : relay.receivedOf<proto::Subscribe>()) {
        QCOMPARE(subscribe.since, std::nullopt);
        QCOMPARE(subscribe.epoch, QString());
    }
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().at(0), u"e1"_s, 5));
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().at(1), u"u1"_s, 12));
    relay.send(proto::Synced{kRoom, u"e1"_s, 5, true});
    relay.send(message(6));
    relay.send(message(7));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, kWaitMs);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(synced.first(), (QVariantList{kRoom, u"e1"_s, qint64(5), true}));

    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 4, kWaitMs);
    const proto::Subscribe room = relay.receivedOf<proto::Subscribe>().at(2);
    QCOMPARE(room.stream, kRoom);
    QCOMPARE(room.since, 7);
    QCOMPARE(room.epoch, u"e1"_s);
    const proto::Subscribe own = relay.receivedOf<proto::Subscribe>().at(3);
    QCOMPARE(own.stream, u"user:demo"_s);
    QCOMPARE(own.since, 12); // the head at the live subscription
    QCOMPARE(own.epoch, u"u1"_s);

    // A replay that overlaps what was delivered (a relay may resend from an older point).
    relay.send(subscribeAck(room, u"e1"_s, 9));
    for (qint64 seq : {6, 7, 8, 9})
        relay.send(message(seq));
    relay.send(proto::Synced{kRoom, u"e1"_s, 9, true});
    relay.send(message(10));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 5, kWaitMs);
    QCOMPARE(seqsOf(received), (QList<qint64>{6, 7, 8, 9, 10}));
    QCOMPARE(synced.size(), 2);
    QCOMPARE(synced.last(), (QVariantList{kRoom, u"e1"_s, qint64(9), true}));
    QCOMPARE(resync.size(), 0);

    // And once more: the mark moved with the replay.
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 6, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().at(4).since, 10);
}

void TestClientEngineSync::unrecoverableGapAsksForResync()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy synced(&engine, &ClientEngine::synced);
    QSignalSpy resync(&engine, &ClientEngine::resyncNeeded);
    engine.subscribe(kRoom);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 1, kWaitMs);
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().first(), u"e1"_s, 0));
    relay.send(message(1));
    QVERIFY(received.wait(kWaitMs));

    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 2, kWaitMs);
    // The history was reset meanwhile: a new epoch, no replay.
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().at(1), u"e2"_s, 3));
    relay.send(proto::Synced{kRoom, u"e2"_s, 3, false});
    QVERIFY(resync.wait(kWaitMs));
    QCOMPARE(resync.first().first().toString(), kRoom);
    QCOMPARE(synced.last(), (QVariantList{kRoom, u"e2"_s, qint64(3), false}));
    QCOMPARE(engine.streamPosition(kRoom), (StreamPosition{u"e2"_s, 3}));

    // Live events of the new epoch come through, even with seqs the old epoch had.
    relay.send(message(4, u"e2"_s));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, kWaitMs);
    QCOMPARE(received.last().first().value<proto::Message>(), message(4, u"e2"_s));

    // The next session resumes in the new epoch.
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 3, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().at(2).since, 4);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().at(2).epoch, u"e2"_s);
}

void TestClientEngineSync::historyIsDeliveredEvenBelowTheMark()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy reactions(&engine, &ClientEngine::reactionReceived);
    QSignalSpy fetched(&engine, &ClientEngine::historyFetched);
    engine.subscribe(kRoom);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 1, kWaitMs);
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().first(), u"e1"_s, 30));
    relay.send(proto::Synced{kRoom, u"e1"_s, 30, true});

    const QString requestId = engine.fetchHistory(kRoom, 30, 3);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::History>().size(), 1, kWaitMs);
    const proto::History history = relay.receivedOf<proto::History>().first();
    QCOMPARE(history, (proto::History{requestId, kRoom, 30, 3}));
    relay.send(message(27));
    relay.send(proto::Reaction{kRoom, u"e1"_s, 28, 0, u"bob"_s, u"r"_s, 27, u"👍"_s});
    relay.send(message(29));
    proto::Ack done{requestId, kRoom, {}, u"e1"_s, 27};
    done.firstSeq = 1;
    done.hasMore = true;
    relay.send(done);
    QVERIFY(fetched.wait(kWaitMs));
    QCOMPARE(fetched.first(), (QVariantList{requestId, kRoom, qint64(27), true}));
    QCOMPARE(seqsOf(received), (QList<qint64>{27, 29}));
    QCOMPARE(reactions.size(), 1);

    // Outside a history request the same seqs are duplicates again; the mark did not move.
    relay.send(message(29));
    relay.send(message(31));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, kWaitMs);
    QCOMPARE(received.last().first().value<proto::Message>().seq, 31);
    QCOMPARE(engine.streamPosition(kRoom), (StreamPosition{u"e1"_s, 31}));

    // From the head: no `before`; the default limit.
    const QString fromHead = engine.fetchHistory(kRoom);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::History>().size(), 2, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::History>().last(),
             (proto::History{fromHead, kRoom, std::nullopt, proto::kDefaultHistoryLimit}));
}

void TestClientEngineSync::explicitSinceReplaysFromThere()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    // A position the app kept from an earlier run.
    const QString requestId = engine.subscribe(kRoom, 2, u"e1"_s);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 1, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().first(), (proto::Subscribe{requestId, kRoom, 2, u"e1"_s}));

    // Lost before the ack: the next session asks for the same position again.
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 2, kWaitMs);
    const proto::Subscribe again = relay.receivedOf<proto::Subscribe>().at(1);
    QCOMPARE(again.since, 2);
    QCOMPARE(again.epoch, u"e1"_s);
    relay.send(subscribeAck(again, u"e1"_s, 4));
    relay.send(message(3));
    relay.send(message(4));
    relay.send(proto::Synced{kRoom, u"e1"_s, 4, true});
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 2, kWaitMs);
    QCOMPARE(subscribed.first(), (QVariantList{kRoom, qint64(4)}));
    QCOMPARE(engine.streamPosition(kRoom), (StreamPosition{u"e1"_s, 4}));

    // Asking for an older position replays events this session delivered already: the caller
    // asked for them.
    const QString older = engine.subscribe(kRoom, 3, u"e1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 3, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().at(2), (proto::Subscribe{older, kRoom, 3, u"e1"_s}));
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().at(2), u"e1"_s, 4));
    relay.send(message(4));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 3, kWaitMs);
}

void TestClientEngineSync::unsubscribeForgetsTheStream()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy acknowledged(&engine, &ClientEngine::requestAcknowledged);
    engine.subscribe(kRoom);
    engine.subscribe(u"room:other"_s);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Subscribe>().size(), 2, kWaitMs);
    relay.send(subscribeAck(relay.receivedOf<proto::Subscribe>().first(), u"e1"_s, 9));

    const QString requestId = engine.unsubscribe(kRoom);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Unsubscribe>().size(), 1, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::Unsubscribe>().first(), (proto::Unsubscribe{requestId, kRoom}));
    relay.send(proto::Ack{requestId, kRoom});
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.first().first().toString(), requestId);
    QCOMPARE(engine.streamPosition(kRoom), std::nullopt);

    QVERIFY(reconnect(engine, relay));
    QVERIFY(allArrived(engine, relay));
    QCOMPARE(relay.receivedOf<proto::Subscribe>().last().stream, u"room:other"_s);
    QCOMPARE(relay.receivedOf<proto::Subscribe>().size(), 3);
}

void TestClientEngineSync::unacknowledgedStoredRequestsAreResentWithTheSameKey()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy acknowledged(&engine, &ClientEngine::eventAcknowledged);
    QSignalSpy messageAcknowledged(&engine, &ClientEngine::messageAcknowledged);
    QVERIFY(relay.logIn(engine, kWaitMs));

    NotificationDraft draft;
    draft.title = u"Backup"_s;
    draft.body = u"done in **3 min**"_s;
    draft.priority = 4;
    draft.tags = {u"backup"_s};
    draft.click = u"https://example.com/b/1"_s;
    draft.actions = {
        proto::NotificationAction{proto::NotificationActionKind::View, u"Open"_s, u"https://example.com"_s}};
    draft.expiresAt = 1'900'000'000'000;
    const QStringList keys{
        engine.sendMessage(kRoom, u"hello"_s, 3),
        engine.editMessage(kRoom, 5, u"better"_s),
        engine.deleteMessage(kRoom, 6),
        engine.react(kRoom, 7, u"🎉"_s),
        engine.react(kRoom, 7, u"👀"_s, true),
        engine.markRead(kRoom, 9),
        engine.publish(u"topic:backups"_s, draft),
        engine.dismiss(u"topic:backups"_s, 4, true),
    };
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()).size(), keys.size());
    QTRY_COMPARE_WITH_TIMEOUT(storedRequests(relay).size(), keys.size(), kWaitMs);
    const QList<proto::Frame> first = storedRequests(relay);
    QCOMPARE(first.at(0), proto::Frame(proto::Send{{}, kRoom, keys.at(0), u"hello"_s, 3}));
    QCOMPARE(first.at(1), proto::Frame(proto::Edit{{}, kRoom, keys.at(1), 5, u"better"_s}));
    QCOMPARE(first.at(2), proto::Frame(proto::Delete{{}, kRoom, keys.at(2), 6}));
    QCOMPARE(first.at(3), proto::Frame(proto::React{{}, kRoom, keys.at(3), 7, u"🎉"_s, false}));
    QCOMPARE(first.at(4), proto::Frame(proto::React{{}, kRoom, keys.at(4), 7, u"👀"_s, true}));
    QCOMPARE(first.at(5), proto::Frame(proto::MarkRead{{}, kRoom, 9}));
    proto::Publish publish{{}, u"topic:backups"_s, keys.at(6), draft.body, draft.title, 4, draft.tags};
    publish.click = draft.click;
    publish.actions = draft.actions;
    publish.expiresAt = draft.expiresAt;
    QCOMPARE(first.at(6), proto::Frame(publish));
    QCOMPARE(first.at(7), proto::Frame(proto::Dismiss{{}, u"topic:backups"_s, 4, true}));

    // The relay acknowledges the edit only, then the connection drops.
    const proto::Edit edit = relay.receivedOf<proto::Edit>().first();
    relay.send(proto::Ack{edit.id, kRoom, edit.clientMsgId, {}, 10, 1'700'000'000'010});
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.first().at(0).toString(), keys.at(1));
    QCOMPARE(acknowledged.first().at(1).value<proto::Ack>().seq, 10);

    QList<QString> firstIds;
    for (const proto::Frame &frame : relay.received())
        firstIds.append(proto::idOf(frame));
    const qsizetype before = relay.received().size();
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(storedRequests(relay, before).size(), keys.size() - 1, kWaitMs);
    QList<proto::Frame> expected = first;
    expected.removeAt(1);
    QCOMPARE(storedRequests(relay, before), expected); // same keys, same content
    for (qsizetype i = before; i < relay.received().size(); ++i)
        QVERIFY(!firstIds.contains(proto::idOf(relay.received().at(i)))); // new request ids

    // Now every one is acknowledged, each under its key; a later session sends nothing again.
    for (qsizetype i = before; i < relay.received().size(); ++i) {
        const proto::Frame &frame = relay.received().at(i);
        if (proto::typeOf(frame) != proto::MessageType::Hello)
            relay.send(proto::Ack{proto::idOf(frame), proto::streamOf(frame), {}, {}, 20 + i, 1});
    }
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), keys.size(), kWaitMs);
    QStringList acknowledgedKeys;
    for (const QList<QVariant> &emission : acknowledged)
        acknowledgedKeys.append(emission.first().toString());
    QCOMPARE(QSet<QString>(acknowledgedKeys.cbegin(), acknowledgedKeys.cend()),
             QSet<QString>(keys.cbegin(), keys.cend()));
    QCOMPARE(messageAcknowledged.size(), 1);
    QCOMPARE(messageAcknowledged.first().at(1).toString(), keys.at(0));

    const qsizetype afterAll = relay.received().size();
    QVERIFY(reconnect(engine, relay));
    QVERIFY(allArrived(engine, relay));
    QCOMPARE(storedRequests(relay, afterAll).size(), 0);
}

void TestClientEngineSync::refusalsDropOrKeepStoredRequests()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy failed(&engine, &ClientEngine::eventFailed);
    QSignalSpy requestFailed(&engine, &ClientEngine::requestFailed);
    QVERIFY(relay.logIn(engine, kWaitMs));

    const QString notYours = engine.editMessage(kRoom, 1, u"mine now"_s);
    const QString busy = engine.react(kRoom, 1, u"👍"_s);
    QTRY_COMPARE_WITH_TIMEOUT(storedRequests(relay).size(), 2, kWaitMs);
    relay.send(proto::Error{relay.receivedOf<proto::Edit>().first().id, proto::ErrorCode::Forbidden,
                            u"not your message"_s});
    relay.send(proto::Error{relay.receivedOf<proto::React>().first().id, proto::ErrorCode::Internal,
                            u"try again later"_s});
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
    QCOMPARE(failed.at(0).at(0).toString(), notYours);
    QCOMPARE(failed.at(0).at(1).value<proto::Error>().code, proto::ErrorCode::Forbidden);
    QCOMPARE(requestFailed.size(), 1);

    // "No" is final; "not now" (internal) is asked again in this session after a while, and in
    // the next session while still unanswered.
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::React>().size(), 2, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::React>().last().clientMsgId, busy);
    const qsizetype before = relay.received().size();
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(storedRequests(relay, before).size(), 1, kWaitMs);
    QCOMPARE(std::get<proto::React>(storedRequests(relay, before).first()).clientMsgId, busy);

    // "Slow down" is the engine's own business: it waits retry_after_ms and sends the same request
    // again in this session; the caller never hears of it.
    const QString paced = engine.react(kRoom, 2, u"🎉"_s);
    const auto sentOf = [&] {
        QStringList ids;
        for (const proto::React &react : relay.receivedOf<proto::React>()) {
            if (react.clientMsgId == paced)
                ids.append(react.id);
        }
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(sentOf().size(), 1, kWaitMs);
    relay.send(proto::Error{sentOf().first(), proto::ErrorCode::RateLimited, u"slow down"_s, 50});
    QTRY_COMPARE_WITH_TIMEOUT(sentOf().size(), 2, kWaitMs);
    relay.send(proto::Ack{sentOf().last(), kRoom, paced, {}, 30, 1});
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() == ClientEngine::State::Connected, kWaitMs);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(requestFailed.size(), 1);
}

void TestClientEngineSync::internalRefusalIsSentAgainInItsPlace()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy failed(&engine, &ClientEngine::eventFailed);
    QSignalSpy acknowledged(&engine, &ClientEngine::eventAcknowledged);
    QSignalSpy typing(&engine, &ClientEngine::typingChanged);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QElapsedTimer clock;
    clock.start();
    QList<qint64> sentAt; // when each send reached the relay
    connect(&relay, &ScriptedRelay::frameReceived, this, [&](const proto::Frame &frame) {
        if (std::holds_alternative<proto::Send>(frame))
            sentAt.append(clock.elapsed());
    });
    const auto sends = [&] { return relay.receivedOf<proto::Send>(); };
    // The engine has read everything the relay sent before this (one socket keeps order).
    const auto engineCaughtUp = [&] {
        const qsizetype seen = typing.size();
        relay.send(proto::Typing{kRoom, u"alice"_s, true});
        return QTest::qWaitFor([&] { return typing.size() > seen; }, kWaitMs);
    };

    const QString first = engine.sendMessage(kRoom, u"first"_s);
    QTRY_COMPARE_WITH_TIMEOUT(sends().size(), 1, kWaitMs);
    relay.send(proto::Error{sends().at(0).id, proto::ErrorCode::Internal, u"store failed"_s});
    QVERIFY(engineCaughtUp());
    const qint64 refusedAt = clock.elapsed();
    // Written after the failure: it must not overtake the failed message.
    const QString second = engine.sendMessage(kRoom, u"second"_s);
    QTRY_COMPARE_WITH_TIMEOUT(sends().size(), 3, kWaitMs);
    QCOMPARE(sends().at(1).clientMsgId, first);
    QCOMPARE(sends().at(2).clientMsgId, second);
    QVERIFY2(sentAt.at(1) - refusedAt >= 900, qPrintable(QString::number(sentAt.at(1) - refusedAt)));
    QCOMPARE(failed.size(), 0);

    // Failing again: the wait doubles.
    relay.send(proto::Error{sends().at(1).id, proto::ErrorCode::Internal, u"store failed"_s});
    QVERIFY(engineCaughtUp());
    const qint64 refusedAgainAt = clock.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(sends().size(), 4, kWaitMs);
    QCOMPARE(sends().at(3).clientMsgId, first);
    QVERIFY2(sentAt.at(3) - refusedAgainAt >= 1900,
             qPrintable(QString::number(sentAt.at(3) - refusedAgainAt)));

    relay.send(proto::Ack{sends().at(3).id, kRoom, first, {}, 1, 1});
    relay.send(proto::Ack{sends().at(2).id, kRoom, second, {}, 2, 1});
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), 2, kWaitMs);
    QCOMPARE(failed.size(), 0);
}

void TestClientEngineSync::retryAfterIsBounded()
{
    // retry_after_ms may be up to 2^53 on the wire: the pause is at most a minute, and never zero.
    QStringList sent;
    confab::client::RequestPacer pacer([&](const proto::Frame &frame) { sent.append(proto::idOf(frame)); });
    pacer.startSession(std::nullopt);
    pacer.enqueue(u"r1"_s, proto::Send{u"r1"_s, kRoom, u"k1"_s, u"hi"_s}, true);
    QCOMPARE(sent, QStringList{u"r1"_s});
    QVERIFY(pacer.retryLater(u"r1"_s, std::chrono::milliseconds(qint64(1) << 53)));
    // A coarse timer may fire up to 5% late, and says so in its remaining time.
    const qint64 pausedMs = pacer.pauseRemaining().count();
    QVERIFY2(pausedMs > 59'000 && pausedMs <= 63'000, qPrintable(QString::number(pausedMs)));
    QCOMPARE(pacer.queued(), 1);

    confab::client::RequestPacer other([&](const proto::Frame &frame) { sent.append(proto::idOf(frame)); });
    other.startSession(std::nullopt);
    other.enqueue(u"r2"_s, proto::Send{u"r2"_s, kRoom, u"k2"_s, u"hi"_s}, true);
    QVERIFY(other.retryLater(u"r2"_s, std::chrono::milliseconds(-5)));
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(u"r2"_s), 2, kWaitMs); // sent again, after >= 1 ms
}

void TestClientEngineSync::tooLargeCloseDropsTheCulprit()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy failed(&engine, &ClientEngine::eventFailed);
    QSignalSpy messageFailed(&engine, &ClientEngine::messageFailed);
    QVERIFY(relay.logIn(engine, kWaitMs));

    const QString small = engine.sendMessage(kRoom, u"small"_s);
    const QString large = engine.sendMessage(kRoom, QString(3000, u'x'));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::Send>().size(), 2, kWaitMs);
    const qsizetype before = relay.received().size();
    relay.peer()->close(QWebSocketProtocol::CloseCodeTooMuchData, u"message too big"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
    QCOMPARE(failed.first().at(0).toString(), large);
    QCOMPARE(failed.first().at(1).value<proto::Error>().code, proto::ErrorCode::TooLarge);
    QCOMPARE(messageFailed.size(), 1);
    QCOMPARE(messageFailed.first().at(1).toString(), large);

    // The next session sends the innocent one again, never the culprit.
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() == ClientEngine::State::Disconnected, kWaitMs);
    QVERIFY(relay.logIn(engine, kWaitMs));
    QVERIFY(allArrived(engine, relay));
    const QList<proto::Frame> resent = storedRequests(relay, before);
    QCOMPARE(resent.size(), 1);
    QCOMPARE(std::get<proto::Send>(resent.first()).clientMsgId, small);
}

void TestClientEngineSync::oneShotRequestsAreNeverResent()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QSignalSpy unanswered(&engine, &ClientEngine::requestUnanswered);

    // Not connected: answered at once, asynchronously, with requestUnanswered.
    const QString early = engine.join(kRoom);
    QCOMPARE(unanswered.size(), 0);
    QVERIFY(unanswered.wait(kWaitMs));
    QCOMPARE(unanswered.first().first().toString(), early);

    QVERIFY(relay.logIn(engine, kWaitMs));
    const QStringList inFlight{engine.join(u"room:a"_s), engine.listMembers(kRoom), engine.openDm({u"bob"_s}),
                               engine.fetchHistory(kRoom, 10, 5)};
    QTRY_COMPARE_WITH_TIMEOUT(relay.received().size(), 5, kWaitMs); // hello + 4
    const qsizetype before = relay.received().size();
    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(unanswered.size(), 5, kWaitMs);
    QStringList ids;
    for (qsizetype i = 1; i < unanswered.size(); ++i)
        ids.append(unanswered.at(i).first().toString());
    ids.sort();
    QStringList sortedInFlight = inFlight;
    sortedInFlight.sort();
    QCOMPARE(ids, sortedInFlight);
    QVERIFY(allArrived(engine, relay));
    QCOMPARE(relay.received().size(), before + 2); // only the new hello and the marker
}

void TestClientEngineSync::presenceIsRestoredInTheNextSession()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    engine.setPresence(proto::PresenceStatus::Away);
    engine.setTyping(kRoom, true);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::SetPresence>().size(), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::SetTyping>().size(), 1, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::SetPresence>().first().status, proto::PresenceStatus::Away);
    QCOMPARE(relay.receivedOf<proto::SetTyping>().first(), (proto::SetTyping{{}, kRoom, true}));

    QVERIFY(reconnect(engine, relay));
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::SetPresence>().size(), 2, kWaitMs);
    QCOMPARE(relay.receivedOf<proto::SetPresence>().last().status, proto::PresenceStatus::Away);
    QCOMPARE(relay.receivedOf<proto::SetTyping>().size(), 1); // typing is never repeated

    // Back online: the relay starts every session as online, so nothing needs restoring.
    engine.setPresence(proto::PresenceStatus::Online);
    QTRY_COMPARE_WITH_TIMEOUT(relay.receivedOf<proto::SetPresence>().size(), 3, kWaitMs);
    QVERIFY(reconnect(engine, relay));
    QVERIFY(allArrived(engine, relay));
    QCOMPARE(relay.receivedOf<proto::SetPresence>().size(), 3);
}

void TestClientEngineSync::everyEventKindReachesItsSignal()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    QSignalSpy messages(&engine, &ClientEngine::messageReceived);
    QSignalSpy edits(&engine, &ClientEngine::messageEdited);
    QSignalSpy deletions(&engine, &ClientEngine::messageDeleted);
    QSignalSpy reactions(&engine, &ClientEngine::reactionReceived);
    QSignalSpy markers(&engine, &ClientEngine::readMarkerReceived);
    QSignalSpy notifications(&engine, &ClientEngine::notificationReceived);
    QSignalSpy dismissals(&engine, &ClientEngine::notificationDismissed);
    QSignalSpy members(&engine, &ClientEngine::memberChanged);
    QSignalSpy typing(&engine, &ClientEngine::typingChanged);
    QSignalSpy presence(&engine, &ClientEngine::presenceChanged);

    const proto::Message reply{kRoom, u"e1"_s, 1, 100, u"bob"_s, u"b1"_s, u"> quoted\n\nanswer"_s};
    proto::Message withReply = reply;
    withReply.seq = 2;
    withReply.replyTo = 1;
    const proto::Edited edited{kRoom, u"e1"_s, 3, 101, u"bob"_s, u"b2"_s, 2, u"answer, edited"_s};
    const proto::Deleted deleted{kRoom, u"e1"_s, 4, 102, u"bob"_s, u"b3"_s, 1};
    const proto::Reaction reaction{kRoom, u"e1"_s, 5, 103, u"carol"_s, u"c1"_s, 2, u"👍🏽"_s, true};
    const proto::Member member{kRoom, u"e1"_s, 6, 104, u"alice"_s, {}, kRoom, u"dave"_s,
                               proto::MemberAction::Invited};
    const proto::Read read{u"user:demo"_s, u"u1"_s, 1, 105, u"demo"_s, {}, kRoom, 5};
    const proto::Dismissed dismissed{u"user:demo"_s, u"u1"_s, 2, 106, u"demo"_s, {}, u"topic:ci"_s, 7, true};
    proto::Notification notification{u"topic:ci"_s, u"t1"_s, 7, 107, u"ci"_s, u"n1"_s, u"Build **failed**"_s,
                                     u"main is red"_s, 5, {u"ci"_s, u"red"_s}, u"https://ci.example.com/7"_s,
                                     u"https://ci.example.com/icon.png"_s};
    notification.actions = {
        proto::NotificationAction{proto::NotificationActionKind::Http, u"Retry"_s,
                                  u"https://ci.example.com/r"_s, proto::HttpMethod::Put,
                                  {{u"X-Token"_s, u"t"_s}}, u"{}"_s, true}};
    notification.expiresAt = 1'900'000'000'000;
    const proto::Typing typingEvent{kRoom, u"bob"_s, true};
    const proto::Presence presenceEvent{u"bob"_s, proto::PresenceStatus::Offline, 1'700'000'000'000};

    relay.send(reply);
    relay.send(withReply);
    relay.send(edited);
    relay.send(deleted);
    relay.send(reaction);
    relay.send(member);
    relay.send(read);
    relay.send(dismissed);
    relay.send(notification);
    relay.send(typingEvent);
    relay.send(typingEvent); // ephemeral: no seq, nothing to deduplicate
    relay.send(presenceEvent);
    QTRY_COMPARE_WITH_TIMEOUT(presence.size(), 1, kWaitMs);

    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(1).first().value<proto::Message>(), withReply);
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.first().first().value<proto::Edited>(), edited);
    QCOMPARE(deletions.size(), 1);
    QCOMPARE(deletions.first().first().value<proto::Deleted>(), deleted);
    QCOMPARE(reactions.size(), 1);
    QCOMPARE(reactions.first().first().value<proto::Reaction>(), reaction);
    QCOMPARE(members.size(), 1);
    QCOMPARE(members.first().first().value<proto::Member>(), member);
    QCOMPARE(markers.size(), 1);
    QCOMPARE(markers.first().first().value<proto::Read>(), read);
    QCOMPARE(dismissals.size(), 1);
    QCOMPARE(dismissals.first().first().value<proto::Dismissed>(), dismissed);
    QCOMPARE(notifications.size(), 1);
    QCOMPARE(notifications.first().first().value<proto::Notification>(), notification);
    QCOMPARE(typing.size(), 2);
    QCOMPARE(typing.first().first().value<proto::Typing>(), typingEvent);
    QCOMPARE(presence.first().first().value<proto::Presence>(), presenceEvent);
    // Streams are numbered independently: user:demo and topic:ci kept their own marks.
    QCOMPARE(engine.streamPosition(u"user:demo"_s), (StreamPosition{u"u1"_s, 2}));
    QCOMPARE(engine.streamPosition(u"topic:ci"_s), (StreamPosition{u"t1"_s, 7}));
    QCOMPARE(engine.streamPosition(kRoom), (StreamPosition{u"e1"_s, 6}));
}

void TestClientEngineSync::answersReachTheirSignals()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    // A relay that answers every room request with an ack naming the stream, and the queries
    // with their replies.
    connect(&relay, &ScriptedRelay::frameReceived, this, [&relay](const proto::Frame &frame) {
        if (const auto *create = std::get_if<proto::CreateRoom>(&frame)) {
            relay.send(proto::Ack{create->id, u"room:"_s + create->name});
        } else if (const auto *dm = std::get_if<proto::OpenDm>(&frame)) {
            relay.send(proto::Ack{dm->id, proto::dmStreamId(dm->members + QStringList{u"demo"_s})});
        } else if (const auto *list = std::get_if<proto::ListMembers>(&frame)) {
            relay.send(proto::Members{list->id, list->stream,
                                      {{u"alice"_s, proto::PresenceStatus::Online},
                                       {u"bob"_s, proto::PresenceStatus::Offline, 1'700'000'000'000}}});
        } else if (const auto *streams = std::get_if<proto::ListStreams>(&frame)) {
            const proto::StreamSummary general{kRoom, proto::StreamKind::Room, u"General"_s,
                                               proto::RoomVisibility::Public, true, u"e1"_s, 42};
            relay.send(proto::Streams{streams->id, {general}});
        } else if (proto::typeOf(frame) == proto::MessageType::Invite
                   || proto::typeOf(frame) == proto::MessageType::Join
                   || proto::typeOf(frame) == proto::MessageType::Leave) {
            relay.send(proto::Ack{proto::idOf(frame), proto::streamOf(frame)});
        }
    });
    ClientEngine engine;
    QSignalSpy acknowledged(&engine, &ClientEngine::requestAcknowledged);
    QSignalSpy membersReceived(&engine, &ClientEngine::membersReceived);
    QSignalSpy streamsReceived(&engine, &ClientEngine::streamsReceived);
    QVERIFY(relay.logIn(engine, kWaitMs));

    const QString created = engine.createRoom(u"ops"_s, proto::RoomVisibility::Private, u"Operations"_s);
    const QString invited = engine.invite(u"room:ops"_s, u"bob"_s);
    const QString joined = engine.join(kRoom);
    const QString left = engine.leave(kRoom);
    const QString dm = engine.openDm({u"carol"_s, u"bob"_s});
    const QString listed = engine.listMembers(kRoom);
    const QString streams = engine.listStreams();
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.size(), 5, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(streamsReceived.size(), 1, kWaitMs);

    QCOMPARE(relay.receivedOf<proto::CreateRoom>().first(),
             (proto::CreateRoom{created, u"ops"_s, proto::RoomVisibility::Private, u"Operations"_s}));
    QCOMPARE(relay.receivedOf<proto::Invite>().first(), (proto::Invite{invited, u"room:ops"_s, u"bob"_s}));
    QCOMPARE(relay.receivedOf<proto::Join>().first(), (proto::Join{joined, kRoom}));
    QCOMPARE(relay.receivedOf<proto::Leave>().first(), (proto::Leave{left, kRoom}));
    QCOMPARE(relay.receivedOf<proto::OpenDm>().first(), (proto::OpenDm{dm, {u"carol"_s, u"bob"_s}}));
    const QStringList ids{created, invited, joined, left, dm};
    for (qsizetype i = 0; i < ids.size(); ++i)
        QCOMPARE(acknowledged.at(i).first().toString(), ids.at(i));
    QCOMPARE(acknowledged.at(0).at(1).value<proto::Ack>().stream, u"room:ops"_s);
    QCOMPARE(acknowledged.at(4).at(1).value<proto::Ack>().stream, u"dm:bob+carol+demo"_s);

    QCOMPARE(membersReceived.size(), 1);
    const auto members = membersReceived.first().first().value<proto::Members>();
    QCOMPARE(members.id, listed);
    QCOMPARE(members.members.size(), 2);
    QCOMPARE(members.members.at(1).lastSeen, 1'700'000'000'000);
    const auto summary = streamsReceived.first().first().value<proto::Streams>();
    QCOMPARE(summary.id, streams);
    QCOMPARE(summary.streams.first().seq, 42);
}

QTEST_GUILESS_MAIN(TestClientEngineSync)
#include "tst_clientengine_sync.moc"
