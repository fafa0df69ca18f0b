// The SQLite event store: batched appends and their sequence numbers, idempotency by
// (sender, client_msg_id), rollback, range reads, expiry, retention, scheduled notifications,
// memberships, the migration from schema version 1, durability across reopening, and password
// hashing. A real SQLite file in a temporary folder throughout.
#include "passwordhasher.h"
#include "sqliteeventstore.h"

#include "protocol/codec.h"

#include <QDateTime>
#include <QDir>
#include <QHash>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::relay;
namespace protocol = confab::protocol;

namespace {

std::unique_ptr<SqliteEventStore> openStore(const QTemporaryDir &dir)
{
    auto opened = SqliteEventStore::open(dir.path());
    if (!opened.ok())
        qWarning().noquote() << opened.error().message;
    return opened.ok() ? std::move(opened.value()) : nullptr;
}

NewEvent message(const QString &stream, const QString &sender, const QString &clientMsgId, const QString &text)
{
    protocol::Message frame;
    frame.sender = sender;
    frame.clientMsgId = clientMsgId;
    frame.text = text;
    NewEvent event;
    event.stream = stream;
    event.type = protocol::MessageType::Message;
    event.sender = sender;
    event.clientMsgId = clientMsgId;
    event.encode = encoderFor(frame);
    return event;
}

NewEvent notification(const QString &stream, const QString &sender, const QString &clientMsgId,
                      std::optional<qint64> expiresAt)
{
    protocol::Notification frame;
    frame.sender = sender;
    frame.clientMsgId = clientMsgId;
    frame.title = u"Build"_s;
    frame.expiresAt = expiresAt;
    NewEvent event;
    event.stream = stream;
    event.type = protocol::MessageType::Notification;
    event.sender = sender;
    event.clientMsgId = clientMsgId;
    event.expiresAt = expiresAt;
    event.encode = encoderFor(frame);
    return event;
}

protocol::Message decodeMessage(const QByteArray &frame)
{
    const protocol::DecodeResult decoded = protocol::decode(frame);
    if (!decoded.ok() || !std::holds_alternative<protocol::Message>(decoded.frame()))
        return {};
    return std::get<protocol::Message>(decoded.frame());
}

// QVERIFY2 evaluates its message even when the check passes.
template <typename T>
QString errorOf(const StoreResult<T> &result)
{
    return result.ok() ? QString() : result.error().message;
}

QList<qint64> seqsOf(const EventPage &page)
{
    QList<qint64> seqs;
    for (const StoredEvent &event : page.events)
        seqs.append(event.seq);
    return seqs;
}

// Fills a stream with `count` messages of alice, c1..cN, in one batch.
bool fill(EventStore &store, const QString &stream, int count, int firstId = 1)
{
    QList<NewEvent> batch;
    for (int i = firstId; i < firstId + count; ++i)
        batch.append(message(stream, u"alice"_s, u"c%1"_s.arg(i), u"text %1"_s.arg(i)));
    const auto outcomes = store.appendBatch(batch);
    return outcomes.ok() && outcomes.value().size() == count;
}

} // namespace

class TestRelayStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void batchNumbersEachStreamConsecutively();
    void repeatedClientMsgIdReturnsTheOriginal();
    void randomBatchesMatchAModel();
    void repeatsAreFoundPastTheKeyFilterCapacity();
    void failedBatchStoresNothing();
    void unknownStreamFailsOnlyItsEntry();
    void rangeReadsInBothDirections();
    void expiredNotificationsAreSkippedAndPruned();
    void pruneByCountRaisesFirstSeq();
    void pruneByAgeRaisesFirstSeq();
    void scheduledNotificationIsDeliveredOnce();
    void membershipAndReadMarkersCommitWithTheirEvents();
    void streamsAUserCanSee();
    void resetStartsANewEpoch();
    void dataSurvivesReopening();
    void checkpointsRunOnTheirOwnThreadAndKeepTheWalSmall();
    void migratesAVersion1Database();
    void newerSchemaIsRefused();
    void severalStoresInOneProcess();
    void passwordHashes();

private:
    quint32 m_seed = 0;
};

void TestRelayStore::initTestCase()
{
    bool fromEnv = false;
    m_seed = qEnvironmentVariable("CONFAB_TEST_SEED").toUInt(&fromEnv);
    if (!fromEnv)
        m_seed = quint32(QDateTime::currentMSecsSinceEpoch());
    qInfo("seed %u (rerun with CONFAB_TEST_SEED=%u)", m_seed, m_seed);
}

void TestRelayStore::batchNumbersEachStreamConsecutively()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    QVERIFY(store->createStream(u"room:a"_s).value());
    QVERIFY(store->createStream(u"room:b"_s).value());
    const auto outcomes = store->appendBatch({message(u"room:a"_s, u"alice"_s, u"1"_s, u"one"_s),
                                              message(u"room:b"_s, u"bob"_s, u"2"_s, u"other"_s),
                                              message(u"room:a"_s, u"bob"_s, u"3"_s, u"two"_s),
                                              message(u"room:a"_s, u"alice"_s, u"4"_s, u"three"_s)});
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes.value().size(), 4);
    const QList<qint64> expected{1, 1, 2, 3};
    const QString epoch = store->stream(u"room:a"_s).value()->epoch;
    for (int i = 0; i < 4; ++i) {
        const AppendOutcome &outcome = outcomes.value().at(i);
        QCOMPARE(outcome.status, AppendStatus::Appended);
        QCOMPARE(outcome.event.seq, expected.at(i));
        // One commit, one time.
        QCOMPARE(outcome.event.ts, outcomes.value().first().event.ts);
        // The frame is the wire frame with the committed values, ready to send as is.
        const protocol::Message sent = decodeMessage(outcome.event.frame);
        QCOMPARE(sent.seq, outcome.event.seq);
        QCOMPARE(sent.ts, outcome.event.ts);
        QCOMPARE(sent.stream, outcome.event.stream);
        QCOMPARE(sent.epoch, outcome.event.epoch);
    }
    QCOMPARE(outcomes.value().at(2).event.epoch, epoch);
    QCOMPARE(decodeMessage(outcomes.value().at(3).event.frame).text, u"three"_s);
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, 3);
    QCOMPARE(store->stream(u"room:b"_s).value()->lastSeq, 1);

    // The next batch continues where this one ended.
    const auto next = store->append(message(u"room:a"_s, u"alice"_s, u"5"_s, u"four"_s));
    QCOMPARE(next.value().event.seq, 4);
    QCOMPARE(seqsOf(store->eventsAfter(u"room:a"_s, 0, 10).value()), (QList<qint64>{1, 2, 3, 4}));
}

void TestRelayStore::repeatedClientMsgIdReturnsTheOriginal()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    store->createStream(u"room:b"_s);
    const auto first = store->append(message(u"room:a"_s, u"alice"_s, u"same"_s, u"original"_s));
    QVERIFY(first.ok());

    // Again later, even to another stream: the original, nothing stored.
    const auto later = store->append(message(u"room:b"_s, u"alice"_s, u"same"_s, u"changed"_s));
    QCOMPARE(later.value().status, AppendStatus::Duplicate);
    QVERIFY(later.value().duplicate());
    QCOMPARE(later.value().event, first.value().event);
    QCOMPARE(store->stream(u"room:b"_s).value()->lastSeq, 0);

    // Twice within one batch, and once more from the database.
    const auto batch = store->appendBatch({message(u"room:a"_s, u"bob"_s, u"b1"_s, u"bob's"_s),
                                           message(u"room:a"_s, u"bob"_s, u"b1"_s, u"bob's again"_s),
                                           message(u"room:a"_s, u"alice"_s, u"same"_s, u"third try"_s)});
    QVERIFY(batch.ok());
    QCOMPARE(batch.value().at(0).status, AppendStatus::Appended);
    QCOMPARE(batch.value().at(0).event.seq, 2);
    QCOMPARE(batch.value().at(1).status, AppendStatus::Duplicate);
    QCOMPARE(batch.value().at(1).event, batch.value().at(0).event);
    QCOMPARE(batch.value().at(2).event, first.value().event);
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, 2);

    // findRequest answers a repeat without writing.
    const auto found = store->findRequest(u"bob"_s, u"b1"_s);
    QVERIFY(found.value());
    QCOMPARE(found.value()->event.seq, 2);
    QVERIFY(!store->findRequest(u"carol"_s, u"b1"_s).value());

    // Relay-made events have no client_msg_id and are never duplicates.
    const auto relayMade = store->appendBatch({message(u"room:a"_s, u"alice"_s, QString(), u"joined"_s),
                                               message(u"room:a"_s, u"alice"_s, QString(), u"joined"_s)});
    QCOMPARE(relayMade.value().at(0).status, AppendStatus::Appended);
    QCOMPARE(relayMade.value().at(1).status, AppendStatus::Appended);
    QCOMPARE(relayMade.value().at(1).event.seq, 4);
    QVERIFY(relayMade.value().at(1).event.clientMsgId.isEmpty());
}

// The store answers "new key" from an in-memory filter of every stored key; it must never call a
// stored key new: not after reopening (the filter is rebuilt from the file) and not after it
// outgrew the size it was built for (65,536 keys at least; rebuilt larger).
void TestRelayStore::repeatsAreFoundPastTheKeyFilterCapacity()
{
    QTemporaryDir dir;
    constexpr int kKeys = 70'000;
    {
        auto store = openStore(dir);
        QVERIFY(store);
        store->createStream(u"room:a"_s);
        QVERIFY(!store->findRequest(u"alice"_s, u"k0"_s).value()); // builds the filter
        for (int first = 0; first < kKeys; first += 5'000) {
            QList<NewEvent> batch;
            for (int i = first; i < first + 5'000; ++i)
                batch.append(message(u"room:a"_s, u"alice"_s, u"k%1"_s.arg(i), u"m"_s));
            QVERIFY(store->appendBatch(batch).ok());
        }
        for (int i = 0; i < kKeys; i += 997)
            QVERIFY2(store->findRequest(u"alice"_s, u"k%1"_s.arg(i)).value(), qPrintable(u"k%1"_s.arg(i)));
    }
    auto reopened = openStore(dir);
    QVERIFY(reopened);
    for (int i = 0; i < kKeys; i += 991) {
        const auto again = reopened->append(message(u"room:a"_s, u"alice"_s, u"k%1"_s.arg(i), u"again"_s));
        QCOMPARE(again.value().status, AppendStatus::Duplicate);
        QCOMPARE(again.value().event.seq, i + 1);
    }
    QVERIFY(!reopened->findRequest(u"bob"_s, u"k1"_s).value());
    QCOMPARE(reopened->stream(u"room:a"_s).value()->lastSeq, kKeys);
}

// Random batches over three streams with client_msg_ids drawn from a small pool, so repeats
// happen in the database and within batches; the store must agree with a plain model.
void TestRelayStore::randomBatchesMatchAModel()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    const QStringList streams{u"room:a"_s, u"room:b"_s, u"dm:alice+bob"_s};
    for (const QString &stream : streams)
        QVERIFY(store->createStream(stream).value());

    QRandomGenerator random(m_seed);
    QHash<QString, std::pair<QString, qint64>> original; // sender/id -> (stream, seq)
    QHash<QString, qint64> heads;
    for (int round = 0; round < 40; ++round) {
        QList<NewEvent> batch;
        const int size = random.bounded(1, 25);
        for (int i = 0; i < size; ++i) {
            const QString sender = random.bounded(2) ? u"alice"_s : u"bob"_s;
            batch.append(message(streams.at(random.bounded(3)), sender, u"m%1"_s.arg(random.bounded(300)), {}));
        }
        const auto outcomes = store->appendBatch(batch);
        QVERIFY2(outcomes.ok(), qPrintable(errorOf(outcomes)));
        for (int i = 0; i < size; ++i) {
            const NewEvent &sent = batch.at(i);
            const AppendOutcome &outcome = outcomes.value().at(i);
            const QString key = sent.sender + u'/' + sent.clientMsgId;
            if (auto it = original.constFind(key); it != original.cend()) {
                QCOMPARE(outcome.status, AppendStatus::Duplicate);
                QCOMPARE(outcome.event.stream, it->first);
                QCOMPARE(outcome.event.seq, it->second);
            } else {
                QCOMPARE(outcome.status, AppendStatus::Appended);
                QCOMPARE(outcome.event.seq, ++heads[sent.stream]);
                original.insert(key, {sent.stream, outcome.event.seq});
            }
        }
    }
    for (const QString &stream : streams) {
        const EventPage page = store->eventsAfter(stream, 0, 1000).value();
        QCOMPARE(page.events.size(), heads.value(stream));
        for (qsizetype i = 0; i < page.events.size(); ++i)
            QCOMPARE(page.events.at(i).seq, i + 1);
    }
}

void TestRelayStore::failedBatchStoresNothing()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    QVERIFY(fill(*store, u"room:a"_s, 2));

    // The second entry's membership change names a stream that does not exist: the database
    // refuses it, and the whole batch goes, including the first entry and its seq.
    NewEvent broken = message(u"room:a"_s, u"bob"_s, u"b2"_s, u"x"_s);
    broken.member = MemberChange{u"room:missing"_s, u"bob"_s, MemberState::Joined};
    const auto failed = store->appendBatch({message(u"room:a"_s, u"bob"_s, u"b1"_s, u"lost"_s), broken});
    QVERIFY(!failed.ok());
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, 2);
    QVERIFY(!store->findRequest(u"bob"_s, u"b1"_s).value());

    // A retry of the same requests is not mistaken for a repeat and gets the next seqs.
    const auto retried = store->appendBatch({message(u"room:a"_s, u"bob"_s, u"b1"_s, u"kept"_s),
                                             message(u"room:a"_s, u"bob"_s, u"b2"_s, u"x"_s)});
    QVERIFY(retried.ok());
    QCOMPARE(retried.value().at(0).status, AppendStatus::Appended);
    QCOMPARE(retried.value().at(0).event.seq, 3);
    QCOMPARE(retried.value().at(1).event.seq, 4);
    QCOMPARE(seqsOf(store->eventsAfter(u"room:a"_s, 0, 10).value()), (QList<qint64>{1, 2, 3, 4}));
}

void TestRelayStore::unknownStreamFailsOnlyItsEntry()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    const auto outcomes = store->appendBatch({message(u"room:none"_s, u"alice"_s, u"c1"_s, u"x"_s),
                                              message(u"room:a"_s, u"alice"_s, u"c2"_s, u"y"_s),
                                              message(u"room:none"_s, u"alice"_s, u"c1"_s, u"x"_s)});
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes.value().at(0).status, AppendStatus::NoSuchStream);
    QCOMPARE(outcomes.value().at(1).status, AppendStatus::Appended);
    QCOMPARE(outcomes.value().at(1).event.seq, 1);
    QCOMPARE(outcomes.value().at(2).status, AppendStatus::NoSuchStream);
    QVERIFY(!store->stream(u"room:none"_s).value());
}

void TestRelayStore::rangeReadsInBothDirections()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    QVERIFY(fill(*store, u"room:a"_s, 10));

    EventPage page = store->eventsAfter(u"room:a"_s, 3, 4).value();
    QCOMPARE(seqsOf(page), (QList<qint64>{4, 5, 6, 7}));
    QVERIFY(page.hasMore);
    page = store->eventsAfter(u"room:a"_s, 7, 3).value();
    QCOMPARE(seqsOf(page), (QList<qint64>{8, 9, 10}));
    QVERIFY(!page.hasMore);
    QVERIFY(store->eventsAfter(u"room:a"_s, 10, 5).value().events.isEmpty());

    page = store->eventsBefore(u"room:a"_s, std::nullopt, 3).value();
    QCOMPARE(seqsOf(page), (QList<qint64>{8, 9, 10}));
    QVERIFY(page.hasMore);
    page = store->eventsBefore(u"room:a"_s, 8, 4).value();
    QCOMPARE(seqsOf(page), (QList<qint64>{4, 5, 6, 7}));
    QVERIFY(page.hasMore);
    page = store->eventsBefore(u"room:a"_s, 3, 5).value();
    QCOMPARE(seqsOf(page), (QList<qint64>{1, 2}));
    QVERIFY(!page.hasMore);
    QVERIFY(store->eventsBefore(u"room:a"_s, 5, 0).value().events.isEmpty());
    QVERIFY(store->eventsAfter(u"room:other"_s, 0, 5).value().events.isEmpty());

    const auto fifth = store->event(u"room:a"_s, 5).value();
    QVERIFY(fifth);
    QCOMPARE(fifth->sender, u"alice"_s);
    QCOMPARE(fifth->type, protocol::MessageType::Message);
    QCOMPARE(decodeMessage(fifth->frame).text, u"text 5"_s);
    QVERIFY(!store->event(u"room:a"_s, 11).value());
}

void TestRelayStore::expiredNotificationsAreSkippedAndPruned()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"topic:builds"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto outcomes = store->appendBatch({notification(u"topic:builds"_s, u"ci"_s, u"n1"_s, now - 1000),
                                              notification(u"topic:builds"_s, u"ci"_s, u"n2"_s, std::nullopt),
                                              notification(u"topic:builds"_s, u"ci"_s, u"n3"_s, now - 1),
                                              notification(u"topic:builds"_s, u"ci"_s, u"n4"_s, now + 3'600'000)});
    QVERIFY(outcomes.ok());
    QCOMPARE(outcomes.value().at(3).event.expiresAt, now + 3'600'000);

    QCOMPARE(seqsOf(store->eventsAfter(u"topic:builds"_s, 0, 10).value()), (QList<qint64>{2, 4}));
    const EventPage older = store->eventsBefore(u"topic:builds"_s, 4, 1).value();
    QCOMPARE(seqsOf(older), QList<qint64>{2});
    QVERIFY(!older.hasMore);

    const auto report = store->prune(RetentionPolicy{}, now);
    QVERIFY(report.ok());
    QCOMPARE(report.value().removedExpired, 2);
    QCOMPARE(report.value().removedEvents, 0);
    // Expired notifications are not history a resuming client missed: first_seq stays.
    QCOMPARE(store->stream(u"topic:builds"_s).value()->firstSeq, 1);
    QVERIFY(!store->event(u"topic:builds"_s, 1).value());
    QVERIFY(store->event(u"topic:builds"_s, 2).value());
}

void TestRelayStore::pruneByCountRaisesFirstSeq()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    store->createStream(u"room:b"_s);
    QVERIFY(fill(*store, u"room:a"_s, 10));
    QVERIFY(fill(*store, u"room:b"_s, 3, 100));

    const auto report = store->prune(RetentionPolicy{0, 4}, QDateTime::currentMSecsSinceEpoch());
    QVERIFY(report.ok());
    QCOMPARE(report.value().removedEvents, 6);
    QCOMPARE(report.value().firstSeqs, (QHash<QString, qint64>{{u"room:a"_s, 7}}));
    const StreamInfo a = *store->stream(u"room:a"_s).value();
    QCOMPARE(a.firstSeq, 7);
    QCOMPARE(a.lastSeq, 10);
    QCOMPARE(seqsOf(store->eventsAfter(u"room:a"_s, 0, 100).value()), (QList<qint64>{7, 8, 9, 10}));
    QCOMPARE(store->stream(u"room:b"_s).value()->firstSeq, 1);

    // Again: nothing more to do. New events keep numbering on.
    QCOMPARE(store->prune(RetentionPolicy{0, 4}, QDateTime::currentMSecsSinceEpoch()).value().removedEvents, 0);
    QVERIFY(fill(*store, u"room:a"_s, 1, 11));
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, 11);
}

void TestRelayStore::pruneByAgeRaisesFirstSeq()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    QVERIFY(fill(*store, u"room:a"_s, 3));
    const qint64 firstTs = store->event(u"room:a"_s, 3).value()->ts;
    // The next batch must get a later commit time: wait for the clock, not a fixed time.
    QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > firstTs);
    QVERIFY(fill(*store, u"room:a"_s, 2, 4));
    const qint64 secondTs = store->event(u"room:a"_s, 4).value()->ts;
    QVERIFY(secondTs > firstTs);

    // A day later, with a day's retention: the first batch is older than that, the second is not.
    const qint64 day = 24LL * 60 * 60 * 1000;
    auto report = store->prune(RetentionPolicy{day, 0}, secondTs + day);
    QVERIFY(report.ok());
    QCOMPARE(report.value().removedEvents, 3);
    QCOMPARE(store->stream(u"room:a"_s).value()->firstSeq, 4);
    QCOMPARE(seqsOf(store->eventsAfter(u"room:a"_s, 0, 100).value()), (QList<qint64>{4, 5}));

    // Everything old: first_seq passes the head, so any cursor below it is known to be stale.
    report = store->prune(RetentionPolicy{day, 0}, secondTs + 2 * day);
    QCOMPARE(report.value().removedEvents, 2);
    const StreamInfo a = *store->stream(u"room:a"_s).value();
    QCOMPARE(a.firstSeq, 6);
    QCOMPARE(a.lastSeq, 5);
}

void TestRelayStore::scheduledNotificationIsDeliveredOnce()
{
    QTemporaryDir dir;
    const qint64 deliverAt = QDateTime::currentMSecsSinceEpoch() + 60'000;
    qint64 scheduledId = 0;
    {
        auto store = openStore(dir);
        QVERIFY(store);
        store->createStream(u"topic:deploys"_s);
        QVERIFY(!store->nextScheduledTime().value());

        NewEvent later = notification(u"topic:deploys"_s, u"ci"_s, u"s1"_s, std::nullopt);
        later.schedule = Schedule{deliverAt, "publish-payload"_ba};
        const auto scheduled = store->append(later);
        QCOMPARE(scheduled.value().status, AppendStatus::Scheduled);
        QVERIFY(scheduled.value().scheduled);
        scheduledId = scheduled.value().scheduled->id;
        QCOMPARE(scheduled.value().scheduled->deliverAt, deliverAt);
        // Nothing was appended yet.
        QCOMPARE(store->stream(u"topic:deploys"_s).value()->lastSeq, 0);

        // The same request again: the same scheduled answer, nothing new.
        const auto repeat = store->append(later);
        QCOMPARE(repeat.value().status, AppendStatus::DuplicateScheduled);
        QCOMPARE(repeat.value().scheduled->id, scheduledId);
        QCOMPARE(store->nextScheduledTime().value(), deliverAt);
        QVERIFY(store->dueScheduled(deliverAt - 1, 10).value().isEmpty());
    }

    // It survives a restart and is due at its time.
    auto store = openStore(dir);
    QVERIFY(store);
    const auto due = store->dueScheduled(deliverAt, 10);
    QCOMPARE(due.value().size(), 1);
    const ScheduledNotification pending = due.value().first();
    QCOMPARE(pending.id, scheduledId);
    QCOMPARE(pending.payload, "publish-payload"_ba);
    QCOMPARE(pending.sender, u"ci"_s);
    QCOMPARE(pending.clientMsgId, u"s1"_s);

    // Delivering appends it and removes it from the schedule in the same commit.
    NewEvent delivery = notification(pending.stream, pending.sender, pending.clientMsgId, pending.expiresAt);
    delivery.deliversScheduled = pending.id;
    const auto delivered = store->append(delivery);
    QCOMPARE(delivered.value().status, AppendStatus::Appended);
    QCOMPARE(delivered.value().event.seq, 1);
    QVERIFY(store->dueScheduled(deliverAt, 10).value().isEmpty());
    QVERIFY(!store->nextScheduledTime().value());

    // Delivering it twice (a timer racing a restart) and repeating the publish both get the event.
    const auto twice = store->append(delivery);
    QCOMPARE(twice.value().status, AppendStatus::Duplicate);
    QCOMPARE(twice.value().event.seq, 1);
    NewEvent repeat = notification(u"topic:deploys"_s, u"ci"_s, u"s1"_s, std::nullopt);
    repeat.schedule = Schedule{deliverAt, "publish-payload"_ba};
    QCOMPARE(store->append(repeat).value().status, AppendStatus::Duplicate);
    QCOMPARE(store->stream(u"topic:deploys"_s).value()->lastSeq, 1);
}

void TestRelayStore::membershipAndReadMarkersCommitWithTheirEvents()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    QVERIFY(store->addUser(u"alice"_s, "$h"_ba).value());
    QVERIFY(store->addUser(u"bob"_s, "$h"_ba).value());
    QVERIFY(store->setLastSeen(u"bob"_s, 1234).value());
    QVERIFY(!store->setLastSeen(u"nobody"_s, 1).value());
    QCOMPARE(store->lastSeen(u"bob"_s).value(), 1234);
    QVERIFY(!store->lastSeen(u"alice"_s).value());
    QVERIFY(store->userExists(u"alice"_s).value());
    QVERIFY(!store->userExists(u"carol"_s).value());

    // create_room: the room, the creator's membership and the member event in one commit.
    NewEvent created = message(u"room:team"_s, u"alice"_s, QString(), u"member joined"_s);
    created.type = protocol::MessageType::Member;
    created.ensureStream = NewStream{u"room:team"_s, protocol::RoomVisibility::Private, u"The team"_s, u"alice"_s};
    created.member = MemberChange{u"room:team"_s, u"alice"_s, MemberState::Joined};
    // invite: stored in the room and in the invitee's own stream, created lazily.
    NewEvent invited = message(u"room:team"_s, u"alice"_s, QString(), u"member invited"_s);
    invited.member = MemberChange{u"room:team"_s, u"bob"_s, MemberState::Invited};
    NewEvent inUserStream = message(u"user:bob"_s, u"alice"_s, QString(), u"member invited"_s);
    inUserStream.ensureStream = NewStream{};
    const auto outcomes = store->appendBatch({created, invited, inUserStream});
    QVERIFY(outcomes.ok());
    QVERIFY(outcomes.value().at(0).createdStream);
    QVERIFY(outcomes.value().at(2).createdStream);
    QCOMPARE(outcomes.value().at(1).event.seq, 2);

    const StreamInfo team = *store->stream(u"room:team"_s).value();
    QCOMPARE(team.kind, protocol::StreamKind::Room);
    QCOMPARE(team.visibility, protocol::RoomVisibility::Private);
    QCOMPARE(team.title, u"The team"_s);
    QCOMPARE(team.createdBy, u"alice"_s);
    QCOMPARE(store->stream(u"user:bob"_s).value()->kind, protocol::StreamKind::User);
    QCOMPARE(store->memberState(u"room:team"_s, u"bob"_s).value(), MemberState::Invited);
    const QList<Member> members = store->members(u"room:team"_s).value();
    QCOMPARE(members.size(), 2);
    QCOMPARE(members.at(0).user, u"alice"_s);
    QCOMPARE(members.at(0).state, MemberState::Joined);
    QCOMPARE(members.at(1).lastSeen, 1234);
    QCOMPARE(store->joinedStreams(u"alice"_s).value(), QStringList{u"room:team"_s});
    QVERIFY(store->joinedStreams(u"bob"_s).value().isEmpty());

    // Read markers only move forward.
    NewEvent read = message(u"user:alice"_s, u"alice"_s, u"r1"_s, u"read"_s);
    read.ensureStream = NewStream{};
    read.readMarker = ReadMarkerChange{u"alice"_s, u"room:team"_s, 2};
    NewEvent back = message(u"user:alice"_s, u"alice"_s, u"r2"_s, u"read"_s);
    back.readMarker = ReadMarkerChange{u"alice"_s, u"room:team"_s, 1};
    QVERIFY(store->appendBatch({read, back}).ok());
    QCOMPARE(store->readMarker(u"alice"_s, u"room:team"_s).value(), 2);
    QCOMPARE(store->readMarker(u"bob"_s, u"room:team"_s).value(), 0);

    // leave removes the membership.
    NewEvent left = message(u"room:team"_s, u"alice"_s, QString(), u"member left"_s);
    left.member = MemberChange{u"room:team"_s, u"alice"_s, std::nullopt};
    QVERIFY(store->append(left).ok());
    QVERIFY(!store->memberState(u"room:team"_s, u"alice"_s).value());
    QVERIFY(store->setMember(u"room:team"_s, u"bob"_s, MemberState::Joined).value());
    QCOMPARE(store->joinedStreams(u"bob"_s).value(), QStringList{u"room:team"_s});
    QVERIFY(store->removeMember(u"room:team"_s, u"bob"_s).value());
    QVERIFY(!store->removeMember(u"room:team"_s, u"bob"_s).value());
}

void TestRelayStore::streamsAUserCanSee()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    for (const QString &id : {u"room:open"_s, u"topic:ci"_s, u"user:alice"_s, u"user:bob"_s, u"dm:alice+bob"_s,
                              u"dm:bob+carol"_s})
        QVERIFY(store->createStream(id).value());
    QVERIFY(store->createStream(NewStream{u"room:secret"_s, protocol::RoomVisibility::Private, {}, u"bob"_s}).value());
    QVERIFY(store->createStream(NewStream{u"room:invited"_s, protocol::RoomVisibility::Private, {}, u"bob"_s}).value());
    QVERIFY(!store->createStream(u"bad"_s).ok());
    store->setMember(u"dm:alice+bob"_s, u"alice"_s, MemberState::Joined);
    store->setMember(u"dm:alice+bob"_s, u"bob"_s, MemberState::Joined);
    store->setMember(u"room:secret"_s, u"bob"_s, MemberState::Joined);
    store->setMember(u"room:invited"_s, u"alice"_s, MemberState::Invited);
    store->setMember(u"room:open"_s, u"alice"_s, MemberState::Joined);

    const QList<StreamListing> listings = store->listStreams(u"alice"_s).value();
    QStringList ids;
    for (const StreamListing &listing : listings)
        ids.append(listing.info.id);
    QCOMPARE(ids, (QStringList{u"dm:alice+bob"_s, u"room:invited"_s, u"room:open"_s, u"topic:ci"_s, u"user:alice"_s}));
    QCOMPARE(listings.at(1).membership, MemberState::Invited);
    QCOMPARE(listings.at(2).membership, MemberState::Joined);
    QVERIFY(!listings.at(3).membership);
    QCOMPARE(listings.at(3).info.kind, protocol::StreamKind::Topic);
    QCOMPARE(listings.at(0).info.kind, protocol::StreamKind::Dm);
}

void TestRelayStore::resetStartsANewEpoch()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->createStream(u"room:a"_s);
    QVERIFY(fill(*store, u"room:a"_s, 3));
    const QString oldEpoch = store->stream(u"room:a"_s).value()->epoch;
    const auto reset = store->resetStream(u"room:a"_s);
    QVERIFY(reset.ok() && reset.value());
    QVERIFY(reset.value()->epoch != oldEpoch);
    QCOMPARE(reset.value()->lastSeq, 0);
    QVERIFY(store->eventsAfter(u"room:a"_s, 0, 10).value().events.isEmpty());
    const auto next = store->append(message(u"room:a"_s, u"alice"_s, u"new"_s, u"again"_s));
    QCOMPARE(next.value().event.seq, 1);
    QCOMPARE(next.value().event.epoch, reset.value()->epoch);
    QVERIFY(!store->resetStream(u"room:none"_s).value());
}

void TestRelayStore::checkpointsRunOnTheirOwnThreadAndKeepTheWalSmall()
{
    QTemporaryDir dir;
    auto store = openStore(dir);
    QVERIFY(store);
    store->setCheckpointPages(50);
    store->createStream(u"room:a"_s);
    constexpr int kBatches = 200;
    constexpr int kPerBatch = 100;
    for (int batch = 0; batch < kBatches; ++batch)
        QVERIFY(fill(*store, u"room:a"_s, kPerBatch, batch * kPerBatch + 1));
    QTRY_VERIFY(store->checkpointsOnThread() > 0);
    // Once a checkpoint has copied all of it, the next commit writes the WAL from its start again
    // (here after the writer's own checkpoint at 8 times the threshold: this writer never pauses):
    // it stays within 8 times the threshold of 50 pages of 4 KiB, plus a batch, instead of holding
    // every page of the 20,000 events.
    const qint64 walBytes = QFileInfo(dir.filePath(u"relay.db-wal"_s)).size();
    const qint64 dbBytes = QFileInfo(dir.filePath(u"relay.db"_s)).size();
    qInfo() << "WAL" << walBytes << "bytes, database" << dbBytes << "bytes, checkpoints on the thread"
            << store->checkpointsOnThread() << "and on the writer" << store->checkpointsOnWriter();
    QVERIFY2(walBytes < 4 * 1024 * 1024, qPrintable(u"WAL of %1 bytes"_s.arg(walBytes)));
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, kBatches * kPerBatch);

    // Everything is in the file: reopened, the store has every event.
    store.reset();
    auto reopened = openStore(dir);
    QVERIFY(reopened);
    QCOMPARE(reopened->stream(u"room:a"_s).value()->lastSeq, kBatches * kPerBatch);
    QCOMPARE(reopened->eventsAfter(u"room:a"_s, kBatches * kPerBatch - 5, 10).value().events.size(), 5);
    QCOMPARE(reopened->integrityCheck().value(), u"ok"_s);
}

void TestRelayStore::dataSurvivesReopening()
{
    QTemporaryDir dir;
    StreamInfo before;
    {
        auto store = openStore(dir);
        QVERIFY(store);
        store->createStream(NewStream{u"room:a"_s, protocol::RoomVisibility::Public, u"A"_s, u"alice"_s});
        QVERIFY(fill(*store, u"room:a"_s, 2));
        before = *store->stream(u"room:a"_s).value();
    }
    auto store = openStore(dir);
    QVERIFY(store);
    QCOMPARE(*store->stream(u"room:a"_s).value(), before);
    QCOMPARE(decodeMessage(store->eventsAfter(u"room:a"_s, 0, 10).value().events.first().frame).text, u"text 1"_s);
    QCOMPARE(store->append(message(u"room:a"_s, u"alice"_s, u"c1"_s, u"repeat"_s)).value().status,
             AppendStatus::Duplicate);
    QCOMPARE(store->append(message(u"room:a"_s, u"alice"_s, u"c3"_s, u"next"_s)).value().event.seq, 3);
    QCOMPARE(store->integrityCheck().value(), u"ok"_s);
}

void TestRelayStore::migratesAVersion1Database()
{
    QTemporaryDir dir;
    {
        // The walking skeleton's schema and data, exactly as its relay wrote them.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
        db.setDatabaseName(QDir(dir.path()).filePath(u"relay.db"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const QString &sql : {
                 u"CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)"_s,
                 u"CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created INTEGER NOT NULL)"_s,
                 u"CREATE TABLE streams (id TEXT PRIMARY KEY, kind TEXT NOT NULL, epoch TEXT NOT NULL,"
                 " last_seq INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL)"_s,
                 u"CREATE TABLE events (stream TEXT NOT NULL REFERENCES streams(id), seq INTEGER NOT NULL,"
                 " ts INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, text TEXT NOT NULL,"
                 " PRIMARY KEY (stream, seq), UNIQUE (sender, client_msg_id)) WITHOUT ROWID"_s,
                 u"INSERT INTO schema_version VALUES (1, 1000)"_s,
                 u"INSERT INTO users VALUES ('alice', '$argon2id$alice', 1000), ('bob', '$argon2id$bob', 1000)"_s,
                 u"INSERT INTO streams VALUES ('room:general', 'room', 'e1e1e1', 3, 1000),"
                 " ('room:quiet', 'room', 'e2e2e2', 0, 1000)"_s,
                 u"INSERT INTO events VALUES ('room:general', 1, 2001, 'alice', 'a1', 'hello'),"
                 " ('room:general', 2, 2002, 'bob', 'b1', 'hi *there*'), ('room:general', 3, 2003, 'alice', 'a2', 'bye')"_s,
             }) {
            QVERIFY2(query.exec(sql), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_s);

    auto store = openStore(dir);
    QVERIFY(store);
    QCOMPARE(*store->passwordHash(u"bob"_s).value(), "$argon2id$bob"_ba);
    const StreamInfo general = *store->stream(u"room:general"_s).value();
    QCOMPARE(general.epoch, u"e1e1e1"_s);
    QCOMPARE(general.firstSeq, 1);
    QCOMPARE(general.lastSeq, 3);
    QCOMPARE(general.visibility, protocol::RoomVisibility::Public);
    QVERIFY(store->stream(u"room:quiet"_s).value());

    // Old messages come back as the frames the old relay sent.
    const QList<StoredEvent> events = store->eventsAfter(u"room:general"_s, 0, 10).value().events;
    QCOMPARE(events.size(), 3);
    const protocol::Message second = decodeMessage(events.at(1).frame);
    QCOMPARE(second.text, u"hi *there*"_s);
    QCOMPARE(second.seq, 2);
    QCOMPARE(second.ts, 2002);
    QCOMPARE(second.sender, u"bob"_s);
    QCOMPARE(second.clientMsgId, u"b1"_s);
    QCOMPARE(second.epoch, u"e1e1e1"_s);
    QCOMPARE(events.at(1).type, protocol::MessageType::Message);

    // Whoever posted keeps access; old client_msg_ids are still recognised; numbering goes on.
    QCOMPARE(store->memberState(u"room:general"_s, u"bob"_s).value(), MemberState::Joined);
    QCOMPARE(store->append(message(u"room:general"_s, u"alice"_s, u"a1"_s, u"again"_s)).value().event.seq, 1);
    QCOMPARE(store->append(message(u"room:general"_s, u"alice"_s, u"a3"_s, u"new"_s)).value().event.seq, 4);
    QCOMPARE(store->integrityCheck().value(), u"ok"_s);
    store.reset();

    // Opening again does not migrate twice.
    store = openStore(dir);
    QVERIFY(store);
    QCOMPARE(store->eventsAfter(u"room:general"_s, 0, 10).value().events.size(), 4);
}

void TestRelayStore::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    openStore(dir)->close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(QDir(dir.path()).filePath(u"relay.db"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"INSERT INTO schema_version (version, applied) VALUES (99, 0)"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    const auto reopened = SqliteEventStore::open(dir.path());
    QVERIFY(!reopened.ok());
    QVERIFY2(reopened.error().message.contains(u"schema version 99"_s), qPrintable(reopened.error().message));
    QVERIFY(reopened.error().message.contains(u"newer"_s));
}

void TestRelayStore::severalStoresInOneProcess()
{
    QTemporaryDir one;
    QTemporaryDir two;
    auto a = openStore(one);
    auto b = openStore(two);
    QVERIFY(a && b);
    a->createStream(u"room:x"_s);
    QVERIFY(a->stream(u"room:x"_s).value());
    QVERIFY(!b->stream(u"room:x"_s).value());
    a.reset();
    QVERIFY(b->createStream(u"room:x"_s).value());
    // A closed store answers with errors, never a crash.
    b->close();
    QVERIFY(!b->stream(u"room:x"_s).ok());
    QVERIFY(!b->appendBatch({message(u"room:x"_s, u"alice"_s, u"c"_s, u"x"_s)}).ok());
}

void TestRelayStore::passwordHashes()
{
    const auto hash = PasswordHasher::hash(u"correct horse"_s);
    QVERIFY(hash);
    QVERIFY2(hash->startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash->constData());
    QVERIFY(!hash->contains("correct horse"));
    QVERIFY(PasswordHasher::verify(*hash, u"correct horse"_s));
    QVERIFY(!PasswordHasher::verify(*hash, u"correct horse "_s));
    QVERIFY(!PasswordHasher::verify(QByteArray(), u"correct horse"_s));
    QVERIFY(!PasswordHasher::verify("not a hash"_ba, u"x"_s));
    // A fresh salt each time.
    QVERIFY(*PasswordHasher::hash(u"correct horse"_s) != *hash);
    QVERIFY(PasswordHasher::dummyHash().startsWith("$argon2id$"));
}

QTEST_GUILESS_MAIN(TestRelayStore)
#include "tst_relay_store.moc"
