// The SQLite event store and password hashing: sequence numbers, idempotency, durability across
// reopening, schema versions, and several stores in one process.
#include "passwordhasher.h"
#include "sqliteeventstore.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::relay::PasswordHasher;
using confab::relay::SqliteEventStore;

class TestRelayStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendNumbersEachStreamFromOne();
    void repeatedClientMsgIdReturnsTheOriginal();
    void appendToUnknownStreamFails();
    void dataSurvivesReopening();
    void usersAndStreamsAreCreatedOnce();
    void newerSchemaIsRefused();
    void severalStoresInOneProcess();
    void passwordHashes();
};

void TestRelayStore::appendNumbersEachStreamFromOne()
{
    QTemporaryDir dir;
    auto opened = SqliteEventStore::open(dir.path());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    auto &store = *opened.value();
    QVERIFY(store.createStream(u"room:a"_s).value());
    QVERIFY(store.createStream(u"room:b"_s).value());
    QCOMPARE(store.append(u"room:a"_s, u"alice"_s, u"c1"_s, u"one"_s).value().message.seq, 1);
    QCOMPARE(store.append(u"room:a"_s, u"alice"_s, u"c2"_s, u"two"_s).value().message.seq, 2);
    QCOMPARE(store.append(u"room:b"_s, u"alice"_s, u"c3"_s, u"other"_s).value().message.seq, 1);
    QCOMPARE(store.stream(u"room:a"_s).value()->lastSeq, 2);
    const auto events = store.events(u"room:a"_s, 0, 10);
    QVERIFY(events.ok());
    QCOMPARE(events.value().size(), 2);
    QCOMPARE(events.value().at(1).text, u"two"_s);
    QCOMPARE(events.value().at(1).epoch, store.stream(u"room:a"_s).value()->epoch);
    QCOMPARE(store.events(u"room:a"_s, 1, 10).value().size(), 1);
}

void TestRelayStore::repeatedClientMsgIdReturnsTheOriginal()
{
    QTemporaryDir dir;
    auto store = std::move(SqliteEventStore::open(dir.path()).value());
    store->createStream(u"room:a"_s);
    const auto first = store->append(u"room:a"_s, u"alice"_s, u"same"_s, u"original"_s);
    const auto again = store->append(u"room:a"_s, u"alice"_s, u"same"_s, u"changed text"_s);
    QVERIFY(first.ok() && again.ok());
    QVERIFY(!first.value().duplicate);
    QVERIFY(again.value().duplicate);
    QCOMPARE(again.value().message, first.value().message);
    QCOMPARE(store->stream(u"room:a"_s).value()->lastSeq, 1);
    // Another sender may use the same id.
    QCOMPARE(store->append(u"room:a"_s, u"bob"_s, u"same"_s, u"bob's"_s).value().message.seq, 2);
}

void TestRelayStore::appendToUnknownStreamFails()
{
    QTemporaryDir dir;
    auto store = std::move(SqliteEventStore::open(dir.path()).value());
    QVERIFY(!store->append(u"room:none"_s, u"alice"_s, u"c"_s, u"x"_s).ok());
    // The failed transaction left nothing behind: the store keeps working.
    store->createStream(u"room:a"_s);
    QCOMPARE(store->append(u"room:a"_s, u"alice"_s, u"c"_s, u"x"_s).value().message.seq, 1);
}

void TestRelayStore::dataSurvivesReopening()
{
    QTemporaryDir dir;
    QString epoch;
    {
        auto store = std::move(SqliteEventStore::open(dir.path()).value());
        store->createStream(u"room:a"_s);
        store->append(u"room:a"_s, u"alice"_s, u"c1"_s, u"kept"_s);
        epoch = store->stream(u"room:a"_s).value()->epoch;
    }
    auto store = std::move(SqliteEventStore::open(dir.path()).value());
    const auto stream = store->stream(u"room:a"_s).value();
    QVERIFY(stream);
    QCOMPARE(stream->epoch, epoch);
    QCOMPARE(stream->lastSeq, 1);
    QCOMPARE(store->events(u"room:a"_s, 0, 10).value().first().text, u"kept"_s);
    QCOMPARE(store->append(u"room:a"_s, u"alice"_s, u"c2"_s, u"next"_s).value().message.seq, 2);
}

void TestRelayStore::usersAndStreamsAreCreatedOnce()
{
    QTemporaryDir dir;
    auto store = std::move(SqliteEventStore::open(dir.path()).value());
    QVERIFY(store->addUser(u"alice"_s, "$argon2id$first"_ba).value());
    QVERIFY(!store->addUser(u"alice"_s, "$argon2id$second"_ba).value());
    QCOMPARE(*store->passwordHash(u"alice"_s).value(), "$argon2id$first"_ba);
    QVERIFY(!store->passwordHash(u"nobody"_s).value());
    QVERIFY(store->createStream(u"room:a"_s).value());
    const QString epoch = store->stream(u"room:a"_s).value()->epoch;
    QVERIFY(!store->createStream(u"room:a"_s).value());
    QCOMPARE(store->stream(u"room:a"_s).value()->epoch, epoch);
    QCOMPARE(store->stream(u"room:a"_s).value()->kind, u"room"_s);
}

void TestRelayStore::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    SqliteEventStore::open(dir.path()).value()->close();
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
    auto a = std::move(SqliteEventStore::open(one.path()).value());
    auto b = std::move(SqliteEventStore::open(two.path()).value());
    a->createStream(u"room:x"_s);
    QVERIFY(a->stream(u"room:x"_s).value());
    QVERIFY(!b->stream(u"room:x"_s).value());
    a.reset();
    QVERIFY(b->createStream(u"room:x"_s).value());
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
