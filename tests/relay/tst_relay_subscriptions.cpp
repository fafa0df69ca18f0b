// Subscriptions as a returning desktop sees them: the ack, an exact replay of what it missed,
// `synced` with `recovered`, live events after it; history paging; unsubscribe; who may read what.
#include "eventstore.h"
#include "protocol/codec.h"
#include "relayfixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelaySubscriptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void subscribeWithoutSinceIsLiveAtOnce();
    void replayIsExactlyWhatWasMissed();
    void replaySendsTheStoredBytes();
    void inexactReplaysSayNotRecovered_data();
    void inexactReplaysSayNotRecovered();
    void retentionRaisesFirstSeq();
    void retentionRunsOnItsInterval();
    void historyPagesBackwards();
    void unsubscribeStopsLiveEvents();
    void readingNeedsAccess_data();
    void readingNeedsAccess();
    void ownUserStreamExistsForEveryone();

private:
    QList<Ack> post(int count, const QString &prefix = u"m"_s);

    std::unique_ptr<RelayFixture> m_fixture;
    std::unique_ptr<RawClient> m_alice;
};

void TestRelaySubscriptions::init()
{
    m_fixture = std::make_unique<RelayFixture>();
    QVERIFY2(m_fixture->start([](confab::relay::RelayConfig &config) { config.retentionEvents = 1000; }),
        qPrintable(m_fixture->errorString()));
    m_alice = m_fixture->login(u"alice"_s);
    QVERIFY(m_alice);
}

void TestRelaySubscriptions::cleanup()
{
    m_alice.reset();
    m_fixture.reset();
}

QList<Ack> TestRelaySubscriptions::post(int count, const QString &prefix)
{
    QList<Ack> acks;
    for (int i = 1; i <= count; ++i) {
        const auto ack = m_alice->request(Send { u"r-%1%2"_s.arg(prefix).arg(i), u"room:general"_s,
            u"%1-%2"_s.arg(prefix).arg(i), u"%1 %2"_s.arg(prefix).arg(i) });
        if (!ack)
            return {};
        acks.append(*ack);
    }
    return acks;
}

void TestRelaySubscriptions::subscribeWithoutSinceIsLiveAtOnce()
{
    QCOMPARE(post(2).size(), 2);
    auto bob = m_fixture->login(u"bob"_s);
    QVERIFY(bob);
    const auto subscription = bob->subscribe(u"room:general"_s);
    QVERIFY(subscription);
    QCOMPARE(subscription->ack.stream, u"room:general"_s);
    QCOMPARE(subscription->ack.seq, 2);
    QCOMPARE(subscription->ack.firstSeq, 1);
    QVERIFY(!subscription->ack.epoch.isEmpty());
    // Nothing from before: live from now on.
    QVERIFY(subscription->replayed.isEmpty());
    QVERIFY(subscription->synced.recovered);
    QCOMPARE(subscription->synced.seq, 2);
    QCOMPARE(subscription->synced.epoch, subscription->ack.epoch);

    QCOMPARE(post(1, u"live"_s).size(), 1);
    const auto live = bob->nextAs<Message>();
    QVERIFY(live);
    QCOMPARE(live->seq, 3);
    QCOMPARE(live->text, u"live 1"_s);
}

void TestRelaySubscriptions::replayIsExactlyWhatWasMissed()
{
    auto bob = m_fixture->login(u"bob"_s);
    QVERIFY(bob);
    const auto first = bob->subscribe(u"room:general"_s);
    QVERIFY(first);
    QCOMPARE(post(3, u"seen"_s).size(), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(bob->nextAs<Message>());
    bob.reset(); // bob's desktop goes to sleep with cursor 3

    QCOMPARE(post(4, u"missed"_s).size(), 4);
    bob = m_fixture->login(u"bob"_s);
    QVERIFY(bob);
    const auto resumed = bob->subscribe(u"room:general"_s, 3, first->ack.epoch);
    QVERIFY(resumed);
    QCOMPARE(resumed->ack.seq, 7);
    QCOMPARE(resumed->replayed.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(std::holds_alternative<Message>(resumed->replayed.at(i)));
        const Message &message = std::get<Message>(resumed->replayed.at(i));
        QCOMPARE(message.seq, 4 + i);
        QCOMPARE(message.text, u"missed %1"_s.arg(i + 1));
        QCOMPARE(message.epoch, first->ack.epoch);
    }
    QVERIFY(resumed->synced.recovered);
    QCOMPARE(resumed->synced.seq, 7);

    // Up to date already: an empty replay is still exact.
    auto other = m_fixture->login(u"bob"_s);
    const auto upToDate = other->subscribe(u"room:general"_s, 7);
    QVERIFY(upToDate);
    QVERIFY(upToDate->replayed.isEmpty());
    QVERIFY(upToDate->synced.recovered);
}

void TestRelaySubscriptions::replaySendsTheStoredBytes()
{
    auto bob = m_fixture->login(u"bob"_s);
    QVERIFY(bob->subscribe(u"room:general"_s));
    QCOMPARE(post(3).size(), 3);
    QByteArrayList live;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(bob->nextAs<Message>());
        live.append(bob->lastRawFrame());
    }
    auto later = m_fixture->login(u"bob"_s);
    later->send(Subscribe { u"s"_s, u"room:general"_s, 0, {} });
    QVERIFY(later->nextAs<Ack>());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(later->nextAs<Message>());
        // The very bytes committed and fanned out, as binary frames.
        QCOMPARE(later->lastRawFrame(), live.at(i));
    }
    QVERIFY(later->nextAs<Synced>());
    QVERIFY(!later->binaryFlags().contains(false));
}

void TestRelaySubscriptions::inexactReplaysSayNotRecovered_data()
{
    QTest::addColumn<qint64>("since");
    QTest::addColumn<QString>("epoch");
    QTest::newRow("another epoch") << qint64(1) << u"an-epoch-of-another-history"_s;
    QTest::newRow("since ahead of the head") << qint64(9) << QString();
}

void TestRelaySubscriptions::inexactReplaysSayNotRecovered()
{
    QFETCH(qint64, since);
    QFETCH(QString, epoch);
    QCOMPARE(post(3).size(), 3);
    auto bob = m_fixture->login(u"bob"_s);
    const auto subscription = bob->subscribe(u"room:general"_s, since, epoch);
    QVERIFY(subscription);
    // No replay that could leave a silent gap: the client resyncs from history instead.
    QVERIFY(subscription->replayed.isEmpty());
    QVERIFY(!subscription->synced.recovered);
    QCOMPARE(subscription->synced.seq, 3);
    // ...and it is subscribed all the same.
    QCOMPARE(post(1, u"live"_s).size(), 1);
    QCOMPARE(bob->nextAs<Message>().value_or(Message {}).seq, 4);
}

void TestRelaySubscriptions::retentionRaisesFirstSeq()
{
    QVERIFY(m_fixture->restart([](confab::relay::RelayConfig &config) { config.retentionEvents = 3; }));
    m_alice = m_fixture->login(u"alice"_s);
    QCOMPARE(post(8).size(), 8);
    QVERIFY(m_fixture->relay().pruneNow());

    auto bob = m_fixture->login(u"bob"_s);
    // Events 1..5 are gone: a cursor at 2 cannot be served exactly.
    const auto gap = bob->subscribe(u"room:general"_s, 2);
    QVERIFY(gap);
    QCOMPARE(gap->ack.firstSeq, 6);
    QVERIFY(gap->replayed.isEmpty());
    QVERIFY(!gap->synced.recovered);
    // A cursor right before first_seq still is.
    auto other = m_fixture->login(u"bob"_s);
    const auto exact = other->subscribe(u"room:general"_s, 5);
    QVERIFY(exact);
    QVERIFY(exact->synced.recovered);
    QCOMPARE(exact->replayed.size(), 3);
    QCOMPARE(std::get<Message>(exact->replayed.constFirst()).seq, 6);
}

void TestRelaySubscriptions::retentionRunsOnItsInterval()
{
    QVERIFY(m_fixture->restart([](confab::relay::RelayConfig &config) {
        config.retentionEvents = 2;
        config.retentionInterval = std::chrono::milliseconds(20);
    }));
    m_alice = m_fixture->login(u"alice"_s);
    QCOMPARE(post(5).size(), 5);
    QTRY_COMPARE(m_fixture->relay().store()->stream(u"room:general"_s).value()->firstSeq, 4);
    auto bob = m_fixture->login(u"bob"_s);
    const auto subscription = bob->subscribe(u"room:general"_s, 0);
    QVERIFY(subscription);
    QVERIFY(!subscription->synced.recovered);
}

void TestRelaySubscriptions::historyPagesBackwards()
{
    QCOMPARE(post(7).size(), 7);
    auto bob = m_fixture->login(u"bob"_s);
    QList<qint64> seen;
    std::optional<qint64> before;
    bool hasMore = true;
    int pages = 0;
    while (hasMore) {
        bob->send(History { u"h%1"_s.arg(pages), u"room:general"_s, before, 3 });
        QList<qint64> page;
        std::optional<Ack> ack;
        while (const auto frame = bob->next()) {
            if (std::holds_alternative<Ack>(*frame)) {
                ack = std::get<Ack>(*frame);
                break;
            }
            QVERIFY(std::holds_alternative<Message>(*frame));
            page.append(std::get<Message>(*frame).seq);
        }
        QVERIFY(ack);
        QCOMPARE(ack->id, u"h%1"_s.arg(pages));
        QCOMPARE(ack->firstSeq, 1);
        QVERIFY(!ack->epoch.isEmpty());
        QCOMPARE(ack->seq, page.isEmpty() ? 0 : page.constFirst());
        // Each page ascending, pages going back in time.
        QVERIFY(std::is_sorted(page.cbegin(), page.cend()));
        seen = page + seen;
        hasMore = ack->hasMore.value_or(false);
        before = ack->seq;
        QVERIFY(++pages <= 3);
    }
    QCOMPARE(pages, 3);
    QCOMPARE(seen, (QList<qint64> { 1, 2, 3, 4, 5, 6, 7 }));

    // Past the beginning: an empty page.
    const auto empty = bob->request(History { u"h-end"_s, u"room:general"_s, 1, 10 });
    QVERIFY(empty);
    QCOMPARE(empty->seq, 0);
    QCOMPARE(empty->hasMore, false);
    // The limit is validated.
    QCOMPARE(bob->errorOf(History { u"h-big"_s, u"room:general"_s, std::nullopt, kMaxHistoryLimit + 1 }),
        ErrorCode::InvalidField);
}

void TestRelaySubscriptions::unsubscribeStopsLiveEvents()
{
    auto bob = m_fixture->login(u"bob"_s);
    QVERIFY(bob->subscribe(u"room:general"_s));
    const auto ack = bob->request(Unsubscribe { u"u1"_s, u"room:general"_s });
    QVERIFY(ack);
    QCOMPARE(ack->stream, u"room:general"_s);
    QCOMPARE(post(2).size(), 2);
    const auto frames = bob->roundTrip();
    QVERIFY(frames);
    QVERIFY2(frames->isEmpty(), "an unsubscribed client still got events");
    // Unsubscribing twice is harmless.
    QVERIFY(bob->request(Unsubscribe { u"u2"_s, u"room:general"_s }));
}

void TestRelaySubscriptions::readingNeedsAccess_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("room without membership") << u"carol"_s << u"room:general"_s << ErrorCode::Forbidden;
    QTest::newRow("someone else's user stream") << u"bob"_s << u"user:alice"_s << ErrorCode::NotFound;
    QTest::newRow("dm of other people") << u"carol"_s << u"dm:alice+bob"_s << ErrorCode::NotFound;
    QTest::newRow("dm never opened") << u"alice"_s << u"dm:alice+bob"_s << ErrorCode::NotFound;
    QTest::newRow("unknown room") << u"alice"_s << u"room:nowhere"_s << ErrorCode::NotFound;
    QTest::newRow("unknown topic") << u"alice"_s << u"topic:nowhere"_s << ErrorCode::NotFound;
}

void TestRelaySubscriptions::readingNeedsAccess()
{
    QFETCH(QString, user);
    QFETCH(QString, stream);
    QFETCH(ErrorCode, code);
    QCOMPARE(post(1).size(), 1);
    auto client = m_fixture->login(user);
    QVERIFY(client);
    QCOMPARE(client->errorOf(Subscribe { u"s1"_s, stream, 0, {} }), code);
    QCOMPARE(client->errorOf(History { u"h1"_s, stream, std::nullopt, 10 }), code);
    QCOMPARE(client->lastError()->id, u"h1"_s);
    // Nothing leaked before or after the refusals.
    const auto frames = client->roundTrip();
    QVERIFY(frames && frames->isEmpty());
}

void TestRelaySubscriptions::ownUserStreamExistsForEveryone()
{
    auto carol = m_fixture->login(u"carol"_s);
    const auto subscription = carol->subscribe(u"user:carol"_s, 0);
    QVERIFY(subscription);
    QCOMPARE(subscription->ack.seq, 0);
    QVERIFY(subscription->synced.recovered);
    // Nobody posts into it directly, not even its owner.
    QCOMPARE(
        carol->errorOf(Send { u"m"_s, u"user:carol"_s, u"c1"_s, u"note to self"_s }), ErrorCode::Forbidden);
}

QTEST_GUILESS_MAIN(TestRelaySubscriptions)
#include "tst_relay_subscriptions.moc"
