// The local store as the app sees it: every kind of event and what it derives (text after edits,
// deletions, reactions, dismissals, read markers and unread counts), duplicates that must not show
// twice, cursors, the outbox, and the file itself (reopening, upgrading, refusing a newer or a
// damaged file without crashing).
#include "client/store/localstore.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::LocalStore;
using confab::client::OutboxEntry;
using confab::client::SearchHit;
using confab::client::StreamPosition;
namespace proto = confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;
const QString kMe = u"user:alice"_s;
const QString kTopic = u"topic:alerts"_s;

proto::Message message(qint64 seq, const QString &sender, const QString &text,
    const QString &clientMsgId = {}, const QString &stream = kRoom, const QString &epoch = u"e1"_s)
{
    proto::Message m;
    m.stream = stream;
    m.epoch = epoch;
    m.seq = seq;
    m.ts = 1000 + seq;
    m.sender = sender;
    m.clientMsgId = clientMsgId;
    m.text = text;
    return m;
}

proto::Edited edited(qint64 seq, qint64 target, const QString &text)
{
    return proto::Edited { kRoom, u"e1"_s, seq, 1000 + seq, u"bob"_s, u"edit-%1"_s.arg(seq), target, text };
}

proto::Deleted deleted(qint64 seq, qint64 target)
{
    return proto::Deleted { kRoom, u"e1"_s, seq, 1000 + seq, u"bob"_s, u"del-%1"_s.arg(seq), target };
}

proto::Reaction reaction(
    qint64 seq, qint64 target, const QString &user, const QString &emoji, bool remove = false)
{
    return proto::Reaction { kRoom, u"e1"_s, seq, 1000 + seq, user, u"r-%1"_s.arg(seq), target, emoji,
        remove };
}

proto::Notification notification(qint64 seq, const QString &title, const QString &body)
{
    proto::Notification n;
    n.stream = kTopic;
    n.epoch = u"t1"_s;
    n.seq = seq;
    n.ts = 5000 + seq;
    n.sender = u"ci"_s;
    n.title = title;
    n.body = body;
    n.priority = 4;
    n.tags = { u"warning"_s, u"disk"_s };
    proto::NotificationAction action;
    action.action = proto::NotificationActionKind::Http;
    action.label = u"Restart"_s;
    action.url = u"https://ci.example/restart"_s;
    action.headers.insert(u"X-Token"_s, u"abc"_s);
    action.clear = true;
    n.actions = { action };
    n.expiresAt = 99999;
    return n;
}

proto::Dismissed dismissed(qint64 seq, qint64 target, bool all)
{
    return proto::Dismissed { kMe, u"u1"_s, seq, 9000 + seq, u"alice"_s, {}, kTopic, target, all };
}

proto::Read read(qint64 seq, const QString &stream, qint64 target)
{
    return proto::Read { kMe, u"u1"_s, seq, 9000 + seq, u"alice"_s, {}, stream, target };
}

QStringList texts(const QList<confab::client::StoredMessage> &messages)
{
    QStringList result;
    for (const auto &m : messages)
        result.append(m.text);
    return result;
}

} // namespace

class TestLocalStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void openFresh(LocalStore &store, const QString &name)
    {
        const auto error = store.open(path(name));
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        store.setOwnUser(u"alice"_s);
    }

    // Runs one statement on a second connection to `file` (the store keeps its own open).
    static bool execOn(const QString &file, const QString &sql)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"side"_s);
            db.setDatabaseName(file);
            if (db.open()) {
                QSqlQuery query(db);
                ok = query.exec(sql);
                if (!ok)
                    qWarning().noquote() << sql << query.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(u"side"_s);
        return ok;
    }

    // FTS5's own consistency check of both search indexes.
    static bool ftsIntact(const QString &file)
    {
        return execOn(file, u"INSERT INTO message_fts (message_fts) VALUES ('integrity-check')"_s)
            && execOn(file, u"INSERT INTO notification_fts (notification_fts) VALUES ('integrity-check')"_s);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void messagesEditsAndDeletes()
    {
        LocalStore store;
        openFresh(store, u"messages.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"hello"_s, u"c1"_s)));
        auto reply = message(2, u"alice"_s, u"hi bob"_s, u"c2"_s);
        reply.replyTo = 1;
        QVERIFY(store.apply(reply));
        QVERIFY(store.apply(message(3, u"bob"_s, u"typo"_s, u"c3"_s)));
        QVERIFY(store.apply(edited(4, 3, u"fixed"_s)));
        QVERIFY(store.apply(deleted(5, 1)));

        const auto all = store.messages(kRoom);
        QCOMPARE(texts(all), (QStringList { QString(), u"hi bob"_s, u"fixed"_s }));
        QVERIFY(all.at(0).deleted);
        QCOMPARE(all.at(1).replyTo, std::optional<qint64>(1));
        QVERIFY(all.at(2).edited);
        QCOMPARE(all.at(1).clientMsgId, u"c2"_s);
        QCOMPARE(all.at(1).ts, 1002);
        QCOMPARE(store.message(kRoom, 3)->text, u"fixed"_s);
        QVERIFY(!store.message(kRoom, 4)); // an edit is not a message
        QCOMPARE(store.messageCount(kRoom), 3);

        // Paging backwards: messages before seq 3, at most 1.
        const auto page = store.messages(kRoom, 3, 1);
        QCOMPARE(page.size(), 1);
        QCOMPARE(page.first().seq, 2);
        QCOMPARE(store.cursor(kRoom), std::optional<StreamPosition>(StreamPosition { u"e1"_s, 5 }));
    }

    void duplicatesChangeNothing()
    {
        LocalStore store;
        openFresh(store, u"duplicates.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"once"_s, u"k1"_s)));
        QVERIFY(!store.apply(message(1, u"bob"_s, u"replayed"_s, u"k1"_s))); // same seq
        QVERIFY(!store.apply(message(7, u"bob"_s, u"same key again"_s, u"k1"_s))); // same client_msg_id
        QVERIFY(store.apply(message(2, u"carol"_s, u"other sender, same key"_s, u"k1"_s)));
        QVERIFY(store.apply(edited(3, 1, u"x"_s)));
        QVERIFY(!store.apply(edited(3, 1, u"y"_s))); // duplicate edit
        QCOMPARE(texts(store.messages(kRoom)), (QStringList { u"x"_s, u"other sender, same key"_s }));
        QCOMPARE(store.messageCount(), 2);
    }

    void editsAndReactionsBeforeTheirTarget()
    {
        LocalStore store;
        openFresh(store, u"pending.sqlite"_s);
        // A history page arrives backwards: the edit, reactions and a deletion come first.
        QVERIFY(!store.apply(edited(6, 2, u"second edit"_s)));
        QVERIFY(!store.apply(edited(5, 2, u"first edit"_s)));
        QVERIFY(store.apply(reaction(4, 2, u"carol"_s, u"👍"_s)));
        QVERIFY(store.apply(reaction(8, 2, u"dave"_s, u"👍"_s)));
        QVERIFY(store.apply(reaction(9, 2, u"carol"_s, u"🎉"_s, true))); // removal before the add
        QVERIFY(store.apply(reaction(7, 2, u"carol"_s, u"🎉"_s)));
        QVERIFY(!store.apply(deleted(10, 3)));
        QVERIFY(store.apply(message(3, u"bob"_s, u"gone"_s)));
        QVERIFY(store.apply(message(2, u"bob"_s, u"original"_s)));

        const auto m = store.message(kRoom, 2);
        QVERIFY(m);
        QCOMPARE(m->text, u"second edit"_s);
        QVERIFY(m->edited);
        QCOMPARE(m->reactions.value(u"👍"_s), (QStringList { u"carol"_s, u"dave"_s }));
        QVERIFY(!m->reactions.contains(u"🎉"_s));
        QVERIFY(store.message(kRoom, 3)->deleted);
        QVERIFY(store.message(kRoom, 3)->text.isEmpty());

        // An older edit arriving after a newer one does not win; removing a reaction works.
        QVERIFY(store.apply(reaction(11, 2, u"carol"_s, u"👍"_s, true)));
        QCOMPARE(store.message(kRoom, 2)->reactions.value(u"👍"_s), (QStringList { u"dave"_s }));
        QVERIFY(store.apply(edited(12, 2, u"third edit"_s)));
        QCOMPARE(store.message(kRoom, 2)->text, u"third edit"_s);
    }

    void notificationsAndDismissals()
    {
        LocalStore store;
        openFresh(store, u"notifications.sqlite"_s);
        QVERIFY(store.apply(dismissed(1, 3, false))); // from another desktop, before the notification
        for (qint64 seq = 1; seq <= 5; ++seq)
            QVERIFY(store.apply(notification(seq, u"Disk %1"_s.arg(seq), u"almost full"_s)));
        auto open = store.notifications();
        QCOMPARE(open.size(), 4);
        QCOMPARE(open.first().seq, 1);
        QCOMPARE(open.first().tags, (QStringList { u"warning"_s, u"disk"_s }));
        QCOMPARE(open.first().actions, notification(1, {}, {}).actions);
        QCOMPARE(open.first().expiresAt, std::optional<qint64>(99999));
        QCOMPARE(open.first().priority, 4);

        QVERIFY(store.apply(dismissed(2, 1, false)));
        QCOMPARE(store.notifications(kTopic).size(), 3);
        QVERIFY(store.apply(dismissed(3, 4, true))); // every one <= 4
        open = store.notifications(kTopic);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().seq, 5);
        QCOMPARE(store.notifications(kTopic, true).size(), 5);
        QCOMPARE(store.notifications(u"topic:other"_s, true).size(), 0);
        QVERIFY(!store.apply(dismissed(3, 4, true))); // duplicate
    }

    void readMarkersAndUnread()
    {
        LocalStore store;
        openFresh(store, u"unread.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"one"_s)));
        QVERIFY(store.apply(message(2, u"alice"_s, u"mine"_s))); // own: never unread
        QVERIFY(store.apply(message(3, u"bob"_s, u"three"_s)));
        QVERIFY(store.apply(message(4, u"carol"_s, u"four"_s)));
        QVERIFY(store.apply(deleted(5, 4))); // deleted: not unread
        QCOMPARE(store.cacheState(kRoom).unread, 2);
        QCOMPARE(store.cacheState(kRoom).readMarker, 0);

        QVERIFY(store.apply(read(1, kRoom, 1)));
        QCOMPARE(store.cacheState(kRoom).readMarker, 1);
        QCOMPARE(store.cacheState(kRoom).unread, 1);
        QVERIFY(store.apply(read(2, kRoom, 3)));
        QVERIFY(store.apply(read(3, kRoom, 2))); // markers never move back
        QCOMPARE(store.cacheState(kRoom).readMarker, 3);
        QCOMPARE(store.cacheState(kRoom).unread, 0);
        QCOMPARE(store.cursor(kMe)->seq, 3);
        QCOMPARE(store.knownStreams(), (QStringList { kRoom, kMe }));
    }

    void membersAreRecorded()
    {
        LocalStore store;
        openFresh(store, u"members.sqlite"_s);
        proto::Member joined { kRoom, u"e1"_s, 1, 1001, u"bob"_s, {}, kRoom, u"bob"_s,
            proto::MemberAction::Joined };
        QVERIFY(store.apply(joined));
        QVERIFY(!store.apply(joined));
        QCOMPARE(store.cursor(kRoom)->seq, 1);
    }

    void cursorsAndRanges()
    {
        LocalStore store;
        openFresh(store, u"cursors.sqlite"_s);
        QVERIFY(!store.cursor(kRoom));
        // Subscribed at the head with nothing cached, then the newest page arrives backwards.
        store.raiseCursor(kRoom, { u"e1"_s, 10 });
        QCOMPARE(store.cacheState(kRoom).oldestCached, 0);
        for (qint64 seq = 10; seq >= 6; --seq)
            store.apply(message(seq, u"bob"_s, u"m%1"_s.arg(seq)));
        store.recordHistoryPage(kRoom, 6, true);
        auto state = store.cacheState(kRoom);
        QCOMPARE(state.cursor, 10);
        QCOMPARE(state.oldestCached, 6);
        QVERIFY(state.olderOnRelay);
        store.raiseCursor(kRoom, { u"e1"_s, 4 }); // never lowered
        QCOMPARE(store.cursor(kRoom)->seq, 10);

        for (qint64 seq = 5; seq >= 1; --seq)
            store.apply(message(seq, u"bob"_s, u"m%1"_s.arg(seq)));
        store.recordHistoryPage(kRoom, 1, false);
        state = store.cacheState(kRoom);
        QCOMPARE(state.oldestCached, 1);
        QVERIFY(!state.olderOnRelay);

        // A live event after a gap starts a new contiguous range.
        store.apply(message(13, u"bob"_s, u"after a gap"_s));
        QCOMPARE(store.cacheState(kRoom).oldestCached, 13);
        store.apply(message(12, u"bob"_s, u"m12"_s));
        store.apply(message(11, u"bob"_s, u"m11"_s));
        QCOMPARE(store.cacheState(kRoom).oldestCached, 1);

        // recovered:false -> everything cached goes, the relay's head becomes the cursor.
        QCOMPARE(store.search(u"m12"_s).size(), 1);
        store.resetStream(kRoom, { u"e1"_s, 40 });
        QCOMPARE(store.messageCount(kRoom), 0);
        QCOMPARE(store.search(u"m12"_s).size(), 0); // gone from the index too
        QCOMPARE(store.cursor(kRoom), std::optional<StreamPosition>(StreamPosition { u"e1"_s, 40 }));

        // Another epoch: the history was reset at the relay.
        store.apply(message(41, u"bob"_s, u"before reset"_s));
        QVERIFY(store.apply(message(1, u"bob"_s, u"new history"_s, {}, kRoom, u"e2"_s)));
        QCOMPARE(texts(store.messages(kRoom)), (QStringList { u"new history"_s }));
        QCOMPARE(store.cursor(kRoom), std::optional<StreamPosition>(StreamPosition { u"e2"_s, 1 }));
        // A late event of the old epoch is ignored.
        QVERIFY(!store.apply(message(42, u"bob"_s, u"late, old epoch"_s)));
        QCOMPARE(store.messageCount(kRoom), 1);

        store.raiseCursor(u"room:b"_s, { u"b1"_s, 3 });
        QCOMPARE(store.knownStreams(), (QStringList { kRoom, u"room:b"_s }));
        store.forgetStream(kRoom);
        QCOMPARE(store.knownStreams(), (QStringList { u"room:b"_s }));
        QCOMPARE(store.messageCount(), 0);
    }

    void outbox()
    {
        LocalStore store;
        openFresh(store, u"outbox.sqlite"_s);
        const auto first = store.enqueue(u"k1"_s, kRoom, "{\"type\":\"send\"}", u"first"_s);
        QVERIFY(first);
        QCOMPARE(first->state, OutboxEntry::State::Sending);
        QCOMPARE(first->text, u"first"_s);
        QVERIFY(store.enqueue(u"k2"_s, kRoom, "f2", u"second"_s));
        QVERIFY(store.enqueue(u"k3"_s, kRoom, "f3", u"third"_s));
        QCOMPARE(store.enqueue(u"k1"_s, kRoom, "other", u"again"_s)->id, first->id); // idempotent key

        store.markFailed(u"k1"_s, u"forbidden"_s, u"You are not a member of this room."_s);
        const auto failed = store.outboxEntry(u"k1"_s);
        QCOMPARE(failed->state, OutboxEntry::State::Failed);
        QCOMPARE(failed->errorCode, u"forbidden"_s);
        QCOMPARE(failed->error, u"You are not a member of this room."_s);
        QCOMPARE(store.pendingOutbox().size(), 2);

        QVERIFY(store.retry(u"k1"_s));
        QVERIFY(!store.retry(u"k1"_s)); // not failed any more
        QStringList order;
        for (const auto &entry : store.pendingOutbox())
            order.append(entry.key);
        QCOMPARE(order, (QStringList { u"k2"_s, u"k3"_s, u"k1"_s }));
        QCOMPARE(store.outboxEntry(u"k1"_s)->frame, QByteArray("{\"type\":\"send\"}"));
        QVERIFY(store.outboxEntry(u"k1"_s)->error.isEmpty());

        store.acknowledge(u"k2"_s);
        QVERIFY(store.discard(u"k3"_s));
        QVERIFY(!store.discard(u"k3"_s));
        QCOMPARE(store.outbox().size(), 1);
        QCOMPARE(store.outbox().first().key, u"k1"_s);
    }

    void batchesNestAndCommit()
    {
        LocalStore store;
        openFresh(store, u"batch.sqlite"_s);
        store.beginBatch();
        store.beginBatch();
        store.apply(message(1, u"bob"_s, u"a"_s));
        store.commitBatch();
        store.apply(message(2, u"bob"_s, u"b"_s));
        store.commitBatch();
        LocalStore reader; // a second connection sees only committed data
        QVERIFY(!reader.open(path(u"batch.sqlite"_s)));
        QCOMPARE(reader.messageCount(kRoom), 2);
    }

    void reopenKeepsEverything()
    {
        const QString file = path(u"reopen.sqlite"_s);
        {
            LocalStore store;
            openFresh(store, u"reopen.sqlite"_s);
            store.apply(message(1, u"bob"_s, u"kept"_s));
            store.apply(reaction(2, 1, u"carol"_s, u"❤"_s));
            store.apply(read(1, kRoom, 1));
            store.apply(notification(1, u"Build"_s, u"passed"_s));
            store.enqueue(u"k9"_s, kRoom, "frame", u"unsent"_s);
        }
        QCOMPARE(QFile::permissions(file) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
            QFileDevice::Permissions());
        LocalStore store;
        QVERIFY(!store.open(file));
        QCOMPARE(store.schemaVersion(), LocalStore::currentSchemaVersion());
        QCOMPARE(store.message(kRoom, 1)->reactions.value(u"❤"_s), QStringList { u"carol"_s });
        QCOMPARE(store.cacheState(kRoom).readMarker, 1);
        QCOMPARE(store.knownStreams(), (QStringList { kRoom, kMe, kTopic }));
        QCOMPARE(store.cursor(kRoom)->seq, 2);
        QCOMPARE(store.notifications().size(), 1);
        QCOMPARE(store.pendingOutbox().size(), 1);
        QCOMPARE(store.search(u"kept"_s).size(), 1);
        // Duplicates are still recognised after a restart.
        QVERIFY(!store.apply(message(1, u"bob"_s, u"kept"_s)));
    }

    void migratesAnOlderFile()
    {
        const QString file = path(u"v0.sqlite"_s);
        {
            // A version-0 file: an SQLite database without our schema.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v0"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery(db).exec(u"CREATE TABLE unrelated (x INTEGER)"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v0"_s);
        LocalStore store;
        const auto error = store.open(file);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QCOMPARE(store.schemaVersion(), LocalStore::currentSchemaVersion());
        QVERIFY(store.apply(message(1, u"bob"_s, u"works"_s)));
    }

    void refusesANewerFile()
    {
        const QString file = path(u"future.sqlite"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"future"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery(db).exec(u"PRAGMA user_version = %1"_s.arg(LocalStore::currentSchemaVersion() + 5));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"future"_s);
        LocalStore store;
        const auto error = store.open(file);
        QVERIFY(error);
        qInfo().noquote() << "newer file:" << *error;
        QVERIFY(error->contains(u"newer version of Confab"_s));
        QVERIFY(!store.isOpen());
        QVERIFY(!store.apply(message(1, u"bob"_s, u"x"_s))); // closed: refuses quietly
        QCOMPARE(store.messages(kRoom).size(), 0);
    }

    void refusesGarbage()
    {
        const QString file = path(u"garbage.sqlite"_s);
        QFile garbage(file);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        QByteArray bytes;
        for (int i = 0; i < 8192; ++i)
            bytes.append(char((i * 131 + 7) % 251));
        garbage.write(bytes);
        garbage.close();
        LocalStore store;
        const auto error = store.open(file);
        QVERIFY(error);
        qInfo().noquote() << "garbage file:" << *error;
        QVERIFY(error->contains(u"damaged"_s));
        QVERIFY(!store.isOpen());
        QCOMPARE(store.search(u"x"_s).size(), 0);
        QVERIFY(store.open(m_dir.path())); // a folder is not a database either
        // The same instance opens a good file afterwards.
        QVERIFY(!store.open(path(u"after-garbage.sqlite"_s)));
        QVERIFY(store.apply(message(1, u"bob"_s, u"fine"_s)));
    }

    // Review S1: forgetting (or resetting) a stream must tell the search index to forget only
    // what it holds. A deleted message is not in the index any more; "deleting" it again broke
    // the index's counts and later searches and inserts failed with "malformed".
    void forgettingAStreamWithDeletedMessagesKeepsSearchWorking()
    {
        LocalStore store;
        openFresh(store, u"forget-deleted.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"apple pie"_s, {}, u"room:a"_s)));
        QVERIFY(store.apply(message(1, u"bob"_s, u"banana split"_s, {}, u"room:b"_s)));
        QVERIFY(store.apply(proto::Deleted { u"room:b"_s, u"e1"_s, 2, 1002, u"bob"_s, u"d2"_s, 1 }));
        QVERIFY(store.apply(message(1, u"bob"_s, u"cherry tart"_s, {}, u"room:c"_s)));
        QVERIFY(store.apply(proto::Deleted { u"room:c"_s, u"e1"_s, 2, 1002, u"bob"_s, u"d3"_s, 1 }));
        QVERIFY(store.apply(notification(1, u"Apple build"_s, u"passed"_s)));

        store.forgetStream(u"room:b"_s);
        // A new epoch drops the cached events of room:c the same way.
        QVERIFY(store.apply(message(1, u"bob"_s, u"cherry again"_s, {}, u"room:c"_s, u"e2"_s)));
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));

        QCOMPARE(store.search(u"apple"_s).size(), 2); // the message and the notification
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        QVERIFY(store.apply(message(2, u"bob"_s, u"apple crumble"_s, {}, u"room:a"_s)));
        QVERIFY(store.apply(message(3, u"bob"_s, u"apple strudel"_s, {}, u"room:a"_s)));
        QVERIFY(store.apply(proto::Edited { u"room:a"_s, u"e1"_s, 4, 1004, u"bob"_s, u"ed4"_s, 3,
            u"apple strudel, edited"_s }));
        QCOMPARE(store.search(u"apple"_s).size(), 4);
        QCOMPARE(store.search(u"cherry"_s).size(), 1);
        QCOMPARE(store.search(u"banana"_s).size(), 0);
        store.forgetStream(u"room:a"_s);
        QCOMPARE(store.search(u"apple"_s).size(), 1);
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        QVERIFY(ftsIntact(path(u"forget-deleted.sqlite"_s)));
    }

    // Review S1: a file damaged that way by an earlier build is repaired when it is opened.
    void repairsASearchIndexDamagedByAnEarlierVersion()
    {
        const QString file = path(u"fts-damaged.sqlite"_s);
        {
            LocalStore store;
            openFresh(store, u"fts-damaged.sqlite"_s);
            QVERIFY(store.apply(message(1, u"bob"_s, u"apple pie"_s, {}, u"room:a"_s)));
            QVERIFY(store.apply(message(1, u"bob"_s, u"banana split"_s, {}, u"room:b"_s)));
            QVERIFY(store.apply(proto::Deleted { u"room:b"_s, u"e1"_s, 2, 1002, u"bob"_s, u"d2"_s, 1 }));
            QVERIFY(store.apply(notification(1, u"Apple build"_s, u"passed"_s)));
            QVERIFY(!store.indexMessages()); // the earlier build indexed each message as it came
        }
        {
            // What the earlier build did when forgetting room:b, on a file of format 1.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"damage"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"INSERT INTO message_fts (message_fts, rowid, text)"
                               " SELECT 'delete', id, text FROM messages WHERE stream = 'room:b'"_s));
            QVERIFY(query.exec(u"DELETE FROM messages WHERE stream = 'room:b'"_s));
            QVERIFY(query.exec(u"DELETE FROM events WHERE stream = 'room:b'"_s));
            // Format 1 had no attachment columns (format 3 adds them).
            QVERIFY(query.exec(u"ALTER TABLE messages DROP COLUMN attachment"_s));
            QVERIFY(query.exec(u"ALTER TABLE notifications DROP COLUMN attachment"_s));
            QVERIFY(query.exec(u"PRAGMA user_version = 1"_s));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"damage"_s);
        LocalStore store;
        const auto error = store.open(file);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QCOMPARE(store.schemaVersion(), LocalStore::currentSchemaVersion());
        QVERIFY(store.apply(message(2, u"bob"_s, u"apple crumble"_s, {}, u"room:a"_s)));
        QVERIFY(store.apply(proto::Deleted { u"room:a"_s, u"e1"_s, 3, 1003, u"bob"_s, u"d3"_s, 2 }));
        QCOMPARE(store.search(u"apple"_s).size(), 2);
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        store.forgetStream(u"room:a"_s);
        QCOMPARE(store.search(u"apple"_s).size(), 1);
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        store.close();
        QVERIFY(ftsIntact(file));
    }

    void messagesWaitingForTheSearchIndexAreFoundAndRemembered()
    {
        // Messages are indexed in chunks after they arrive; a search indexes what waits first.
        const QString file = path(u"waiting.sqlite"_s);
        const auto seqs = [](const QList<SearchHit> &hits) {
            QList<qint64> result;
            for (const SearchHit &hit : hits)
                result.append(hit.seq);
            return result;
        };
        {
            LocalStore store;
            openFresh(store, u"waiting.sqlite"_s);
            QVERIFY(store.apply(message(1, u"bob"_s, u"apple pie"_s)));
            QVERIFY(store.hasUnindexedMessages());
            QCOMPARE(seqs(store.search(u"apple"_s)), QList<qint64> { 1 });
            QVERIFY(!store.hasUnindexedMessages());
            QVERIFY(store.apply(message(2, u"bob"_s, u"banana split"_s)));
            QVERIFY(store.apply(message(3, u"bob"_s, u"cherry tart"_s)));
            QVERIFY(store.apply(message(4, u"bob"_s, u"damson jam"_s)));
            QVERIFY(store.apply(edited(5, 2, u"blueberry split"_s))); // edited while waiting
            QVERIFY(store.apply(deleted(6, 3))); // deleted while waiting
            QVERIFY(store.apply(edited(7, 1, u"apricot pie"_s))); // edited once indexed
            QVERIFY(store.hasUnindexedMessages());
        }
        LocalStore store;
        openFresh(store, u"waiting.sqlite"_s);
        QVERIFY(store.hasUnindexedMessages()); // remembered in the file
        QVERIFY(store.indexMessages(1)); // more wait
        QVERIFY(!store.indexMessages());
        QVERIFY(!store.hasUnindexedMessages());
        QCOMPARE(seqs(store.search(u"blueberry"_s)), QList<qint64> { 2 });
        QVERIFY(store.search(u"banana"_s).isEmpty());
        QVERIFY(store.search(u"cherry"_s).isEmpty());
        QCOMPARE(seqs(store.search(u"damson"_s)), QList<qint64> { 4 });
        QCOMPARE(seqs(store.search(u"apricot"_s)), QList<qint64> { 1 });
        QVERIFY(store.search(u"apple"_s).isEmpty());

        // A stream dropped while a message waits: the index stays sound, and the messages stored
        // next (with ids counted anew) are found.
        QVERIFY(store.apply(message(8, u"bob"_s, u"elderberry wine"_s)));
        store.resetStream(kRoom, { u"e2"_s, 100 });
        QVERIFY(!store.hasUnindexedMessages());
        QVERIFY(store.apply(message(101, u"bob"_s, u"fig roll"_s, {}, kRoom, u"e2"_s)));
        QCOMPARE(seqs(store.search(u"fig"_s)), QList<qint64> { 101 });
        QVERIFY(store.search(u"elderberry"_s).isEmpty());
        QVERIFY(store.search(u"damson"_s).isEmpty());
        store.close();
        QVERIFY(ftsIntact(file));
    }

    // Format 4 made both search indexes anew with prefix indexes of 2 to 8 characters (format 3
    // had 2 and 3). A store of format 3 is migrated when opened, and every search finds the same
    // messages and notifications, ranked the same, as before; deleted messages stay unfound.
    void migratesTheSearchIndexesOfFormatThree()
    {
        const QString file = path(u"format3.sqlite"_s);
        const QStringList queries { u"apple"_s, u"appl"_s, u"ap"_s, u"crumble"_s, u"strudel edited"_s,
            u"build passed"_s, u"banana"_s, u"building"_s };
        QList<QList<SearchHit>> before;
        {
            LocalStore store;
            openFresh(store, u"format3.sqlite"_s);
            QVERIFY(store.apply(message(1, u"bob"_s, u"apple pie for the building crew"_s)));
            QVERIFY(store.apply(message(2, u"bob"_s, u"banana split"_s)));
            QVERIFY(store.apply(deleted(3, 2)));
            QVERIFY(store.apply(message(4, u"carol"_s, u"apple crumble, apple strudel"_s)));
            QVERIFY(store.apply(message(5, u"bob"_s, u"apple strudel"_s)));
            QVERIFY(store.apply(edited(6, 5, u"apple strudel, edited"_s)));
            QVERIFY(store.apply(notification(1, u"Apple build"_s, u"passed"_s)));
            for (const QString &query : queries)
                before.append(store.search(query));
        }
        QCOMPARE(before.at(0).size(), 4); // three messages and the notification
        QCOMPARE(before.at(6).size(), 0); // deleted

        // Back to what format 3 had.
        for (const QString &sql : {
                 u"DROP TABLE message_fts"_s,
                 u"CREATE VIRTUAL TABLE message_fts USING fts5(text, content='messages',"
                 " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
                 u"INSERT INTO message_fts (rowid, text) SELECT id, text FROM messages WHERE deleted = 0"_s,
                 u"DROP TABLE notification_fts"_s,
                 u"CREATE VIRTUAL TABLE notification_fts USING fts5(title, body, content='notifications',"
                 " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
                 u"INSERT INTO notification_fts (notification_fts) VALUES ('rebuild')"_s,
                 u"PRAGMA user_version = 3"_s,
             }) {
            QVERIFY(execOn(file, sql));
        }

        LocalStore store;
        const auto error = store.open(file);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QCOMPARE(store.schemaVersion(), LocalStore::currentSchemaVersion());
        for (qsizetype i = 0; i < queries.size(); ++i)
            QCOMPARE(store.search(queries.at(i)), before.at(i));
        QVERIFY(store.apply(message(7, u"bob"_s, u"apple tart"_s)));
        QCOMPARE(store.search(u"apple"_s).size(), 5);
        QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));
        store.close();
        QVERIFY(ftsIntact(file));
        // The new indexes are in the file (FTS5 keeps the options in the table's definition).
        QStringList definitions;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"definitions"_s);
            db.setDatabaseName(file);
            if (db.open()) {
                QSqlQuery query(db);
                query.exec(
                    u"SELECT sql FROM sqlite_master WHERE name IN ('message_fts', 'notification_fts')"_s);
                while (query.next())
                    definitions.append(query.value(0).toString());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(u"definitions"_s);
        QCOMPARE(definitions.size(), 2);
        for (const QString &definition : std::as_const(definitions))
            QVERIFY2(definition.contains(u"prefix='2 3 4 5 6 7 8'"_s), qPrintable(definition));
    }

    // Review S2: a statement failing inside a write undoes the whole write; nothing is counted
    // as applied and the cursor does not move past the lost event.
    void aFailedWriteIsUndoneWhole()
    {
        const QString file = path(u"failing-write.sqlite"_s);
        LocalStore store;
        openFresh(store, u"failing-write.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"fine"_s)));
        // Another connection makes inserting one particular message fail (as a full disk would).
        QVERIFY(execOn(file, u"CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.text = 'boom'"
                             " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"_s));

        QVERIFY(!store.apply(message(2, u"bob"_s, u"boom"_s)));
        QVERIFY(store.lastError().contains(u"disk full (simulated)"_s));
        QCOMPARE(store.cursor(kRoom)->seq, 1);
        QVERIFY(!store.message(kRoom, 2));

        // In a batch the failure undoes the batch; the cursors go back to what is on disk.
        store.beginBatch();
        QVERIFY(store.apply(message(2, u"bob"_s, u"two"_s)));
        QVERIFY(!store.apply(message(3, u"bob"_s, u"boom"_s)));
        QVERIFY(!store.apply(message(4, u"bob"_s, u"four"_s)));
        QVERIFY(!store.commitBatch());
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(store.cursor(kRoom)->seq, 1);
        QCOMPARE(store.messageCount(kRoom), 1);
        QCOMPARE(store.cacheState(kRoom).oldestCached, 1);

        // The same events are applied once the problem is gone (a replay after reconnecting).
        QVERIFY(execOn(file, u"DROP TRIGGER refuse"_s));
        QVERIFY(store.apply(message(2, u"bob"_s, u"two"_s)));
        QVERIFY(store.lastError().isEmpty());
        store.beginBatch();
        QVERIFY(store.apply(message(3, u"bob"_s, u"boom"_s)));
        QVERIFY(store.apply(message(4, u"bob"_s, u"four"_s)));
        QVERIFY(store.commitBatch());
        QCOMPARE(store.cursor(kRoom)->seq, 4);
        QCOMPARE(texts(store.messages(kRoom)), (QStringList { u"fine"_s, u"two"_s, u"boom"_s, u"four"_s }));
        store.close();
        LocalStore reopened;
        QVERIFY(!reopened.open(file));
        QCOMPARE(reopened.cursor(kRoom)->seq, 4);
        QCOMPARE(reopened.messageCount(kRoom), 4);
    }

    // Review S2: a commit that fails leaves the in-memory cursors as they are on disk, so the
    // next write cannot persist a cursor past events that were never saved.
    void aFailedCommitDoesNotAdvanceTheCursor()
    {
        const QString file = path(u"failing-commit.sqlite"_s);
        LocalStore store;
        openFresh(store, u"failing-commit.sqlite"_s);
        QVERIFY(store.apply(message(1, u"bob"_s, u"fine"_s)));
        // A deferred foreign key is only checked at COMMIT: inserting 'late' makes the commit fail.
        QVERIFY(execOn(file, u"CREATE TABLE parent (id INTEGER PRIMARY KEY)"_s));
        QVERIFY(execOn(file, u"ALTER TABLE messages ADD COLUMN parent_id INTEGER"
                             " REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED"_s));
        QVERIFY(execOn(file, u"CREATE TRIGGER dangle AFTER INSERT ON messages WHEN NEW.text = 'late'"
                             " BEGIN UPDATE messages SET parent_id = 99 WHERE id = NEW.id; END"_s));

        QVERIFY(!store.apply(message(2, u"bob"_s, u"late"_s)));
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(store.cursor(kRoom)->seq, 1);
        // The next write commits and must not claim the lost event as cached: 3 starts a new range.
        QVERIFY(store.apply(reaction(3, 1, u"carol"_s, u"👍"_s)));
        QVERIFY(store.lastError().isEmpty());
        store.close();
        LocalStore reopened;
        QVERIFY(!reopened.open(file));
        QCOMPARE(reopened.cursor(kRoom)->seq, 3);
        QCOMPARE(reopened.cacheState(kRoom).oldestCached, 3);
        QVERIFY(!reopened.message(kRoom, 2));
    }

    void damagedPagesNeverCrash()
    {
        const QString file = path(u"damaged.sqlite"_s);
        {
            LocalStore store;
            openFresh(store, u"damaged.sqlite"_s);
            store.beginBatch();
            for (qint64 seq = 1; seq <= 2000; ++seq)
                store.apply(message(seq, u"bob"_s, u"filler text number %1 for many pages"_s.arg(seq)));
            store.commitBatch();
        }
        // Keep the header (so SQLite still recognises the file) and scribble over pages after it.
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::ReadWrite));
        const qint64 size = damaged.size();
        QVERIFY(size > 64 * 1024);
        for (qint64 offset = 4096; offset < size; offset += 8192) {
            damaged.seek(offset);
            damaged.write(QByteArray(512, '\x5a'));
        }
        damaged.close();
        QFile::remove(file + u"-wal"_s);
        QFile::remove(file + u"-shm"_s);

        LocalStore store;
        const auto error = store.open(file);
        if (error) {
            qInfo().noquote() << "damaged file refused:" << *error;
            QVERIFY(!store.isOpen());
            return;
        }
        // Opened (the damage is in pages not read yet): every call fails softly, with words.
        store.apply(message(5000, u"bob"_s, u"after damage"_s));
        store.messages(kRoom);
        store.search(u"filler"_s);
        store.cacheState(kRoom);
        store.enqueue(u"k"_s, kRoom, "f");
        qInfo().noquote() << "damaged file opened; last error:" << store.lastError();
    }
};

QTEST_GUILESS_MAIN(TestLocalStore)
#include "tst_localstore.moc"
