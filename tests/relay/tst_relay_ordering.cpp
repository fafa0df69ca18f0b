// One connection's pipelined requests keep their cause-and-effect order under group commit: a
// request sent right behind a write it depends on (a send behind its join, a subscribe behind a
// create_room) is answered as if the client had waited for each answer.
#include "relayfixture.h"

#include "protocol/codec.h"
#include "requestorder.h"

#include <QTest>

using namespace Qt::StringLiterals;
namespace p = confab::protocol;

class RelayOrdering : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString())); }
    void cleanup() { m_fixture.stop(); }
    void sendRightBehindJoinIsAccepted();
    void subscribeAndSendRightBehindCreateRoom();
    void heldRequestsRunOnceTheWritesBeforeThemAreCommitted();

private:
    // Reads frames until every id in `ids` has its answer; returns them by id.
    QHash<QString, p::Frame> answers(RawClient &client, const QStringList &ids);

    RelayFixture m_fixture;
};

QHash<QString, p::Frame> RelayOrdering::answers(RawClient &client, const QStringList &ids)
{
    QHash<QString, p::Frame> found;
    while (found.size() < ids.size()) {
        const std::optional<p::Frame> frame = client.next(5000);
        if (!frame)
            break;
        const QString id = p::idOf(*frame);
        if (ids.contains(id)) // an answer (ack, error, members...): events carry no request id
            found.insert(id, *frame);
    }
    return found;
}

void RelayOrdering::sendRightBehindJoinIsAccepted()
{
    // carol is not a member of room:general; she joins and posts without waiting in between.
    std::unique_ptr<RawClient> carol = m_fixture.login(u"carol"_s);
    QVERIFY(carol);
    carol->send(p::Join { u"j1"_s, u"room:general"_s });
    carol->send(p::Subscribe { u"s1"_s, u"room:general"_s, {}, {} });
    p::Send send;
    send.id = u"m1"_s;
    send.stream = u"room:general"_s;
    send.clientMsgId = u"carol-first-words"_s;
    send.text = u"Hi all, I just joined."_s;
    carol->send(send);

    const QHash<QString, p::Frame> got = answers(*carol, { u"j1"_s, u"s1"_s, u"m1"_s });
    QCOMPARE(got.size(), 3);
    for (const QString &id : { u"j1"_s, u"s1"_s, u"m1"_s })
        QVERIFY2(std::holds_alternative<p::Ack>(got.value(id)), qPrintable(id + u" was refused"_s));
    QVERIFY(std::get<p::Ack>(got.value(u"m1"_s)).seq > 0);
}

void RelayOrdering::subscribeAndSendRightBehindCreateRoom()
{
    std::unique_ptr<RawClient> alice = m_fixture.login(u"alice"_s);
    QVERIFY(alice);
    p::CreateRoom create;
    create.id = u"c1"_s;
    create.name = u"plans"_s;
    create.visibility = p::RoomVisibility::Private;
    alice->send(create);
    alice->send(p::Subscribe { u"s1"_s, u"room:plans"_s, {}, {} });
    p::Send send;
    send.id = u"m1"_s;
    send.stream = u"room:plans"_s;
    send.clientMsgId = u"plans-1"_s;
    send.text = u"Private plans."_s;
    alice->send(send);

    const QHash<QString, p::Frame> got = answers(*alice, { u"c1"_s, u"s1"_s, u"m1"_s });
    QCOMPARE(got.size(), 3);
    for (const QString &id : { u"c1"_s, u"s1"_s, u"m1"_s })
        QVERIFY2(std::holds_alternative<p::Ack>(got.value(id)), qPrintable(id + u" was refused"_s));
}

void RelayOrdering::heldRequestsRunOnceTheWritesBeforeThemAreCommitted()
{
    using confab::relay::RequestOrder;
    using Type = p::MessageType;
    RequestOrder order;
    QVERIFY(order.mayRunNow(Type::Subscribe));

    // A join is being committed: a send must wait for it (it needs the membership)...
    order.commitStarted(Type::Join);
    QVERIFY(!order.mayRunNow(Type::Send));
    order.hold(p::Send { u"m1"_s, u"room:general"_s, u"k1"_s, u"hi"_s, {} });
    // ...and so must everything after it, to keep the connection's order.
    QVERIFY(!order.mayRunNow(Type::SetTyping));
    order.hold(p::SetTyping { {}, u"room:general"_s, true });
    QVERIFY(!order.takeRunnable());

    order.commitFinished(Type::Join);
    std::optional<p::Frame> next = order.takeRunnable();
    QVERIFY(next && std::holds_alternative<p::Send>(*next));
    // While the send's own commit is pending, only further sends and publishes may overtake it;
    // the held typing signal waits, and so does a send behind it (order first).
    order.commitStarted(Type::Send);
    next = order.takeRunnable();
    QVERIFY(!next);
    QVERIFY(!order.mayRunNow(Type::Send));
    order.commitFinished(Type::Send);
    next = order.takeRunnable();
    QVERIFY(next && std::holds_alternative<p::SetTyping>(*next));
    QCOMPARE(order.heldCount(), 0);

    // Pipelined sends share a batch: each may run while earlier sends are being committed.
    order.commitStarted(Type::Send);
    QVERIFY(order.mayRunNow(Type::Send));
    QVERIFY(order.mayRunNow(Type::Publish));
    QVERIFY(!order.mayRunNow(Type::Edit));
    QVERIFY(!order.mayRunNow(Type::Subscribe));
    order.commitFinished(Type::Send);
    QVERIFY(order.mayRunNow(Type::Edit));
}

QTEST_GUILESS_MAIN(RelayOrdering)
#include "tst_relay_ordering.moc"
