#include "storeschema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

// Version 1: everything of issue 5. The full-text indexes are external-content tables kept up to
// date by LocalStore itself, not by triggers: an FTS5 insert from a trigger runs in a statement
// savepoint, which flushes FTS5's pending terms each time and made a catch-up five times slower.
// Prefix indexes (2 and 3 characters; 2 to 8 from version 4) keep short prefix queries
// ("he"*) from scanning the whole term list; remove_diacritics 2 lets "cafe" find "café".
QStringList versionOne()
{
    return {
        u"CREATE TABLE streams ("
        " id INTEGER PRIMARY KEY," // first-seen order
        " stream TEXT NOT NULL UNIQUE,"
        " epoch TEXT NOT NULL DEFAULT '',"
        " cursor INTEGER NOT NULL DEFAULT 0,"
        " oldest_cached INTEGER NOT NULL DEFAULT 0,"
        " older_on_relay INTEGER NOT NULL DEFAULT 1)"_s,
        u"CREATE TABLE stream_epochs (stream TEXT NOT NULL, epoch TEXT NOT NULL,"
        " PRIMARY KEY (stream, epoch)) WITHOUT ROWID"_s,
        u"CREATE TABLE events ("
        " stream TEXT NOT NULL, seq INTEGER NOT NULL, epoch TEXT NOT NULL, type INTEGER NOT NULL,"
        " ts INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL,"
        " target INTEGER, target_stream TEXT, text TEXT, flag INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (stream, seq)) WITHOUT ROWID"_s,
        u"CREATE UNIQUE INDEX events_client_msg_id ON events (sender, client_msg_id)"
        " WHERE client_msg_id <> ''"_s,
        u"CREATE INDEX events_target ON events (stream, target) WHERE target IS NOT NULL"_s,
        u"CREATE TABLE messages ("
        " id INTEGER PRIMARY KEY, stream TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,"
        " sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, text TEXT NOT NULL, reply_to INTEGER,"
        " edited INTEGER NOT NULL DEFAULT 0, edit_seq INTEGER NOT NULL DEFAULT 0,"
        " deleted INTEGER NOT NULL DEFAULT 0, UNIQUE (stream, seq))"_s,
        u"CREATE VIRTUAL TABLE message_fts USING fts5(text, content='messages', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
        u"CREATE TABLE reactions ("
        " stream TEXT NOT NULL, target INTEGER NOT NULL, emoji TEXT NOT NULL, user TEXT NOT NULL,"
        " seq INTEGER NOT NULL, present INTEGER NOT NULL,"
        " PRIMARY KEY (stream, target, emoji, user)) WITHOUT ROWID"_s,
        u"CREATE TABLE notifications ("
        " id INTEGER PRIMARY KEY, stream TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,"
        " sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,"
        " priority INTEGER NOT NULL, tags TEXT NOT NULL, click TEXT NOT NULL, icon TEXT NOT NULL,"
        " actions TEXT NOT NULL, expires_at INTEGER, dismissed INTEGER NOT NULL DEFAULT 0,"
        " UNIQUE (stream, seq))"_s,
        u"CREATE INDEX notifications_ts ON notifications (ts)"_s,
        u"CREATE VIRTUAL TABLE notification_fts USING fts5(title, body, content='notifications',"
        " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
        u"CREATE TABLE dismissals (topic TEXT NOT NULL, target INTEGER NOT NULL, all_below INTEGER NOT NULL,"
        " PRIMARY KEY (topic, target, all_below)) WITHOUT ROWID"_s,
        u"CREATE TABLE read_markers (stream TEXT PRIMARY KEY, target INTEGER NOT NULL) WITHOUT ROWID"_s,
        u"CREATE TABLE members (stream TEXT NOT NULL, user TEXT NOT NULL, action INTEGER NOT NULL,"
        " ts INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (stream, user)) WITHOUT ROWID"_s,
        u"CREATE TABLE outbox ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,"
        " frame BLOB NOT NULL, state INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '',"
        " error_code TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, text TEXT NOT NULL DEFAULT '')"_s,
    };
}

// Version 2: repairs the search indexes. Earlier builds told message_fts to forget deleted
// messages a second time when a stream was dropped, which corrupts FTS5's counts ("database disk
// image is malformed" later). The message index is rebuilt from exactly what LocalStore indexes
// (a deleted message is not indexed; a plain 'rebuild' would index it with empty text, and later
// drops would leave it behind); every notification is indexed, so 'rebuild' fits there.
QStringList versionTwo()
{
    return {
        u"INSERT INTO message_fts (message_fts) VALUES ('delete-all')"_s,
        u"INSERT INTO message_fts (rowid, text) SELECT id, text FROM messages WHERE deleted = 0"_s,
        u"INSERT INTO notification_fts (notification_fts) VALUES ('rebuild')"_s,
    };
}

// Version 3: messages and notifications keep their attachment (issue 7) as the protocol's JSON
// object in one nullable column: it is only ever read back whole, and NULL means none.
QStringList versionThree()
{
    return {
        u"ALTER TABLE messages ADD COLUMN attachment TEXT"_s,
        u"ALTER TABLE notifications ADD COLUMN attachment TEXT"_s,
    };
}

// Version 4: the search indexes keep prefix indexes for 2 to 8 characters (versions 1 to 3: 2
// and 3). Every query word is a prefix ("build"*); without an index of exactly its length, FTS5
// gathers the doclists of all terms with that prefix into one list before it can return a single
// row, and does that again for bm25's count of matching documents: for a word in half of 100,000
// messages that made a search take 30 ms. With the index the word is read like a term, newest
// first, only as far as needed. Longer words are rare among the frequent ones. FTS5 cannot change
// the option of a table, so both indexes are made anew from what LocalStore indexes (see
// version 2: deleted messages are not indexed).
QStringList versionFour()
{
    return {
        u"DROP TABLE message_fts"_s,
        u"CREATE VIRTUAL TABLE message_fts USING fts5(text, content='messages', content_rowid='id',"
        " tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8')"_s,
        u"INSERT INTO message_fts (rowid, text) SELECT id, text FROM messages WHERE deleted = 0"_s,
        u"DROP TABLE notification_fts"_s,
        u"CREATE VIRTUAL TABLE notification_fts USING fts5(title, body, content='notifications',"
        " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8')"_s,
        u"INSERT INTO notification_fts (notification_fts) VALUES ('rebuild')"_s,
    };
}

// Version 5: live messages are indexed for search a little later, in chunks (LocalStore::
// indexMessages()), not one by one as they arrive: during a flood the index cost a third of
// applying each message. Every message with an id above `indexed_up_to` waits to be indexed
// (ids only grow); at this version every message is indexed already. IF NOT EXISTS and OR
// REPLACE: a file taken back to an older format by hand (the tests do) may hold the table.
QStringList versionFive()
{
    return {
        u"CREATE TABLE IF NOT EXISTS search_state (name TEXT PRIMARY KEY, indexed_up_to INTEGER NOT NULL)"
        " WITHOUT ROWID"_s,
        u"INSERT OR REPLACE INTO search_state (name, indexed_up_to)"
        " SELECT 'messages', coalesce(max(id), 0) FROM messages"_s,
    };
}

// Index i takes the file from version i to version i + 1.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> all { versionOne(), versionTwo(), versionThree(), versionFour(),
        versionFive() };
    return all;
}

} // namespace

int StoreSchema::currentVersion()
{
    return int(migrations().size());
}

std::optional<QString> StoreSchema::check(QSqlDatabase &db, const QString &path)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        return u"The local database %1 is damaged or is not a Confab database (%2)."_s.arg(
            path, query.lastError().text());
    }
    const int version = query.value(0).toInt();
    if (version > currentVersion()) {
        return u"The local database %1 was written by a newer version of Confab (format %2; this version "
               "understands up to %3). Update Confab, or move the file away to start with an empty cache."_s
                   .arg(path)
                   .arg(version)
                   .arg(currentVersion());
    }
    if (version < 0)
        return u"The local database %1 has an invalid format number (%2)."_s.arg(path).arg(version);
    return std::nullopt;
}

std::optional<QString> StoreSchema::migrate(QSqlDatabase &db, const QString &path)
{
    if (auto refused = check(db, path))
        return refused;
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return u"The local database %1 cannot be read (%2)."_s.arg(path, query.lastError().text());
    const int version = query.value(0).toInt();
    query.finish();

    for (int from = version; from < currentVersion(); ++from) {
        if (!db.transaction())
            return u"Cannot upgrade the local database %1: %2"_s.arg(path, db.lastError().text());
        for (const QString &statement : migrations().at(from)) {
            if (!query.exec(statement)) {
                const QString reason = query.lastError().text();
                db.rollback();
                return u"Cannot upgrade the local database %1 to format %2: %3"_s.arg(path).arg(from + 1).arg(
                    reason);
            }
        }
        // PRAGMA takes no bound values; the number is ours.
        if (!query.exec(u"PRAGMA user_version = %1"_s.arg(from + 1)) || !db.commit()) {
            const QString reason = query.lastError().text();
            db.rollback();
            return u"Cannot upgrade the local database %1 to format %2: %3"_s.arg(path).arg(from + 1).arg(
                reason);
        }
    }
    return std::nullopt;
}

} // namespace confab::client
