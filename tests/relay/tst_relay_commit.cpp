// Group commit: many requests pipelined on one socket are committed in few transactions and
// acknowledged in order with consecutive seqs; a batch limit caps each transaction; shutdown
// commits what is waiting before it closes the sockets.
#include "commitqueue.h"
#include "eventstore.h"
#include "protocol/codec.h"
#include "relayfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;
using confab::relay::RelayConfig;

class TestRelayCommit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pipelinedSendsAreAckedInOrder_data();
    void pipelinedSendsAreAckedInOrder();
    void repeatsKeepTheirPlaceInLine();
    void shutdownCommitsThePendingBatch();
    void shutdownAcksBeforeClosing();

private:
    static Send message(int i)
    {
        return Send { u"m%1"_s.arg(i), u"room:general"_s, u"c%1"_s.arg(i), u"n%1"_s.arg(i) };
    }
};

void TestRelayCommit::pipelinedSendsAreAckedInOrder_data()
{
    QTest::addColumn<int>("maxBatch");
    QTest::addColumn<int>("count");
    QTest::newRow("batches of up to 64") << 64 << 500;
    QTest::newRow("one per transaction") << 1 << 50;
}

void TestRelayCommit::pipelinedSendsAreAckedInOrder()
{
    QFETCH(int, maxBatch);
    QFETCH(int, count);
    RelayFixture fixture;
    QVERIFY(fixture.start([maxBatch](RelayConfig &config) {
        config.maxCommitBatch = maxBatch;
        config.rateBurst = 100'000; // a pipelining burst far beyond the default token bucket
    }));
    auto alice = fixture.login(u"alice"_s);
    auto bob = fixture.login(u"bob"_s);
    QVERIFY(bob->subscribe(u"room:general"_s));
    const qint64 batchesBefore = fixture.relay().commitQueue()->batchesCommitted();

    for (int i = 1; i <= count; ++i)
        alice->send(message(i));
    for (int i = 1; i <= count; ++i) {
        const auto ack = alice->nextAs<Ack>();
        QVERIFY2(ack, qPrintable(u"no ack %1"_s.arg(i)));
        QCOMPARE(ack->id, u"m%1"_s.arg(i));
        QCOMPARE(ack->seq, i);
    }
    for (int i = 1; i <= count; ++i)
        QCOMPARE(bob->nextAs<Message>().value_or(Message {}).seq, i);

    const qint64 batches = fixture.relay().commitQueue()->batchesCommitted() - batchesBefore;
    qInfo("%d sends committed in %lld transaction(s)", count, batches);
    if (maxBatch == 1)
        QCOMPARE(batches, count);
    else
        QVERIFY2(batches < count && batches >= count / maxBatch, "no group commit happened");
}

void TestRelayCommit::repeatsKeepTheirPlaceInLine()
{
    RelayFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.login(u"alice"_s);
    QVERIFY(alice->request(message(1)));
    // A resent old one between new ones: the acks still come in request order.
    alice->send(message(2));
    alice->send(Send { u"again"_s, u"room:general"_s, u"c1"_s, u"n1"_s });
    alice->send(message(3));
    const QStringList expected { u"m2"_s, u"again"_s, u"m3"_s };
    const QList<qint64> seqs { 2, 1, 3 };
    for (int i = 0; i < 3; ++i) {
        const auto ack = alice->nextAs<Ack>();
        QVERIFY(ack);
        QCOMPARE(ack->id, expected.at(i));
        QCOMPARE(ack->seq, seqs.at(i));
    }
}

void TestRelayCommit::shutdownCommitsThePendingBatch()
{
    RelayFixture fixture;
    QVERIFY(fixture.start());
    confab::relay::Relay &relay = fixture.relay();
    {
        // Queued, not committed yet (the loop has not been idle since).
        confab::relay::NewEvent event;
        event.stream = u"room:general"_s;
        event.type = MessageType::Message;
        event.sender = u"alice"_s;
        event.clientMsgId = u"queued"_s;
        Message text;
        text.sender = u"alice"_s;
        text.clientMsgId = u"queued"_s;
        text.text = u"in flight at shutdown"_s;
        event.encode = confab::relay::encoderFor(text);
        bool committed = false;
        relay.commitQueue()->enqueue(
            { event }, [&committed](const confab::relay::CommitQueue::Outcomes &outcomes) {
                committed = outcomes.ok()
                    && outcomes.value().value(0).status == confab::relay::AppendStatus::Appended;
            });
        QCOMPARE(relay.commitQueue()->pendingRequests(), 1);
        QSignalSpy stopped(&relay, &confab::relay::Relay::stopped);
        relay.shutdown();
        QVERIFY(committed);
        QVERIFY(stopped.count() == 1 || stopped.wait());
    }
    QVERIFY(fixture.restart());
    QCOMPARE(fixture.relay().store()->stream(u"room:general"_s).value()->lastSeq, 1);
}

void TestRelayCommit::shutdownAcksBeforeClosing()
{
    RelayFixture fixture;
    QVERIFY(fixture.start());
    auto alice = fixture.login(u"alice"_s);
    constexpr int kCount = 40;
    for (int i = 1; i <= kCount; ++i)
        alice->send(message(i));
    // The relay shuts down as soon as it has read them: every one is acknowledged before the 1001.
    QTRY_VERIFY(alice->rawFrames().size() > 1 || fixture.relay().commitQueue()->pendingRequests() > 0);
    fixture.relay().shutdown();
    QVERIFY(alice->waitForDisconnected());
    QCOMPARE(alice->socket().closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    int acks = 0;
    while (const auto frame = alice->next(0)) {
        if (std::holds_alternative<Ack>(*frame))
            QCOMPARE(std::get<Ack>(*frame).seq, ++acks);
    }
    QVERIFY(acks > 0);
    QVERIFY(fixture.restart());
    QCOMPARE(fixture.relay().store()->stream(u"room:general"_s).value()->lastSeq, acks);
}

QTEST_GUILESS_MAIN(TestRelayCommit)
#include "tst_relay_commit.moc"
