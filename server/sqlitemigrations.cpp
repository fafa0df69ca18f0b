#include "sqlitemigrations.h"

#include "relaylog.h"

#include "protocol/codec.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

StoreError failure(const QString &what, const QSqlQuery &query)
{
    return StoreError{u"%1 failed: %2"_s.arg(what, query.lastError().text())};
}

std::optional<StoreError> execAll(QSqlDatabase &db, std::initializer_list<QLatin1StringView> statements)
{
    QSqlQuery query(db);
    for (QLatin1StringView statement : statements) {
        if (!query.exec(statement))
            return failure(QString(statement).left(60), query);
    }
    return std::nullopt;
}

std::optional<StoreError> toVersion1(QSqlDatabase &db)
{
    return execAll(db, {
        "CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created INTEGER NOT NULL)"_L1,
        "CREATE TABLE streams (id TEXT PRIMARY KEY, kind TEXT NOT NULL, epoch TEXT NOT NULL,"
        " last_seq INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL)"_L1,
        "CREATE TABLE events (stream TEXT NOT NULL REFERENCES streams(id), seq INTEGER NOT NULL,"
        " ts INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, text TEXT NOT NULL,"
        " PRIMARY KEY (stream, seq), UNIQUE (sender, client_msg_id)) WITHOUT ROWID"_L1,
    });
}

// v1 events were chat messages with their text: each becomes a v2 row carrying the message frame
// a v1 relay would have sent.
std::optional<StoreError> convertVersion1Events(QSqlDatabase &db)
{
    QSqlQuery read(db);
    read.setForwardOnly(true);
    if (!read.exec(u"SELECT e.stream, e.seq, e.ts, e.sender, e.client_msg_id, e.text, s.epoch"
                   " FROM events e JOIN streams s ON s.id = e.stream ORDER BY e.stream, e.seq"_s))
        return failure(u"reading version 1 events"_s, read);
    QSqlQuery write(db);
    if (!write.prepare(u"INSERT INTO events_v2 (stream, seq, ts, type, sender, client_msg_id, frame)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"_s))
        return failure(u"preparing the event conversion"_s, write);
    while (read.next()) {
        protocol::Message message;
        message.stream = read.value(0).toString();
        message.seq = read.value(1).toLongLong();
        message.ts = read.value(2).toLongLong();
        message.sender = read.value(3).toString();
        message.clientMsgId = read.value(4).toString();
        message.text = read.value(5).toString();
        message.epoch = read.value(6).toString();
        write.bindValue(0, message.stream);
        write.bindValue(1, message.seq);
        write.bindValue(2, message.ts);
        write.bindValue(3, static_cast<int>(protocol::MessageType::Message));
        write.bindValue(4, message.sender);
        write.bindValue(5, message.clientMsgId);
        write.bindValue(6, protocol::encode(protocol::Frame(message)));
        if (!write.exec())
            return failure(u"converting event %1 of %2"_s.arg(message.seq).arg(message.stream), write);
    }
    return std::nullopt;
}

std::optional<StoreError> toVersion2(QSqlDatabase &db)
{
    if (auto error = execAll(db, {
            "ALTER TABLE users ADD COLUMN last_seen INTEGER"_L1,
            "ALTER TABLE streams ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'"_L1,
            "ALTER TABLE streams ADD COLUMN title TEXT NOT NULL DEFAULT ''"_L1,
            "ALTER TABLE streams ADD COLUMN first_seq INTEGER NOT NULL DEFAULT 1"_L1,
            "ALTER TABLE streams ADD COLUMN created_by TEXT NOT NULL DEFAULT ''"_L1,
            // A rowid table: notification frames can be a few KiB, too big for WITHOUT ROWID.
            "CREATE TABLE events_v2 (stream TEXT NOT NULL REFERENCES streams(id), seq INTEGER NOT NULL,"
            " ts INTEGER NOT NULL, type INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT,"
            " target INTEGER, expires_at INTEGER, frame BLOB NOT NULL, PRIMARY KEY (stream, seq))"_L1,
        }))
        return error;
    if (auto error = convertVersion1Events(db))
        return error;
    return execAll(db, {
        // Whoever posted in a v1 room keeps access to it now that rooms have members.
        "CREATE TABLE members (stream TEXT NOT NULL REFERENCES streams(id), user TEXT NOT NULL,"
        " state TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (stream, user)) WITHOUT ROWID"_L1,
        "INSERT INTO members (stream, user, state, since)"
        " SELECT stream, sender, 'joined', MIN(ts) FROM events GROUP BY stream, sender"_L1,
        "DROP TABLE events"_L1,
        "ALTER TABLE events_v2 RENAME TO events"_L1,
        "CREATE UNIQUE INDEX events_request ON events (sender, client_msg_id) WHERE client_msg_id IS NOT NULL"_L1,
        "CREATE INDEX events_expiry ON events (expires_at) WHERE expires_at IS NOT NULL"_L1,
        "CREATE INDEX members_user ON members (user)"_L1,
        "CREATE TABLE read_markers (user TEXT NOT NULL, stream TEXT NOT NULL REFERENCES streams(id),"
        " seq INTEGER NOT NULL, PRIMARY KEY (user, stream)) WITHOUT ROWID"_L1,
        "CREATE TABLE scheduled (id INTEGER PRIMARY KEY, stream TEXT NOT NULL REFERENCES streams(id),"
        " sender TEXT NOT NULL, client_msg_id TEXT, deliver_at INTEGER NOT NULL, expires_at INTEGER,"
        " payload BLOB NOT NULL, created INTEGER NOT NULL, UNIQUE (sender, client_msg_id))"_L1,
        "CREATE INDEX scheduled_due ON scheduled (deliver_at)"_L1,
    });
}

std::optional<StoreError> toVersion3(QSqlDatabase &db)
{
    return execAll(db, {
        // Existing users keep their password and become ordinary users; an empty password_hash
        // means "no password login" (users made in bulk with tokens only).
        "ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user'"_L1,
        "CREATE TABLE tokens (id TEXT PRIMARY KEY, secret_hash BLOB NOT NULL UNIQUE,"
        " user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE, kind TEXT NOT NULL,"
        " label TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, expires INTEGER, last_used INTEGER)"_L1,
        "CREATE INDEX tokens_user ON tokens (user)"_L1,
        "CREATE INDEX tokens_expiry ON tokens (expires) WHERE expires IS NOT NULL"_L1,
        "CREATE TABLE token_scopes (token TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,"
        " topic TEXT NOT NULL, can_read INTEGER NOT NULL, can_write INTEGER NOT NULL,"
        " PRIMARY KEY (token, topic)) WITHOUT ROWID"_L1,
        "CREATE TABLE topic_acl (topic TEXT NOT NULL, principal TEXT NOT NULL,"
        " can_read INTEGER NOT NULL, can_write INTEGER NOT NULL, PRIMARY KEY (topic, principal)) WITHOUT ROWID"_L1,
        "CREATE INDEX topic_acl_principal ON topic_acl (principal)"_L1,
    });
}

std::optional<StoreError> toVersion4(QSqlDatabase &db)
{
    return execAll(db, {
        // The bytes live in <data dir>/attachments/<id>; a row exists only once its file is complete.
        // No foreign key to streams: a topic upload stores the file before the publish creates the topic.
        "CREATE TABLE attachments (id TEXT PRIMARY KEY, stream TEXT NOT NULL, name TEXT NOT NULL,"
        " type TEXT NOT NULL, size INTEGER NOT NULL, uploader TEXT NOT NULL, created INTEGER NOT NULL,"
        " expires INTEGER NOT NULL)"_L1,
        "CREATE INDEX attachments_expiry ON attachments (expires)"_L1,
    });
}

struct Migration {
    int version;
    std::optional<StoreError> (*apply)(QSqlDatabase &db);
};

constexpr std::array kMigrations{
    Migration{1, &toVersion1},
    Migration{2, &toVersion2},
    Migration{3, &toVersion3},
    Migration{4, &toVersion4},
};
static_assert(kMigrations.back().version == SqliteMigrations::kLatestVersion);

void rollback(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"ROLLBACK"_s))
        qCWarning(lcRelayStore).noquote() << "rollback failed:" << query.lastError().text();
}

} // namespace

std::optional<StoreError> SqliteMigrations::migrate(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    " applied INTEGER NOT NULL)"_s))
        return failure(u"creating the schema_version table"_s, query);
    if (!query.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s) || !query.next())
        return failure(u"reading the schema version"_s, query);
    const int current = query.value(0).toInt();
    query.finish();
    if (current > kLatestVersion) {
        return StoreError{u"%1 has schema version %2, but this confab-relay only knows versions up to %3: "
                          "it was written by a newer relay. Upgrade confab-relay or use another --data-dir."_s
                              .arg(db.databaseName(), QString::number(current), QString::number(kLatestVersion))};
    }

    for (const Migration &migration : kMigrations) {
        if (migration.version <= current)
            continue;
        if (!query.exec(u"BEGIN IMMEDIATE"_s))
            return failure(u"starting migration %1"_s.arg(migration.version), query);
        if (auto error = migration.apply(db)) {
            rollback(db);
            return StoreError{u"migration to schema version %1: %2"_s.arg(migration.version).arg(error->message)};
        }
        query.prepare(u"INSERT INTO schema_version (version, applied) VALUES (?, ?)"_s);
        query.addBindValue(migration.version);
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!query.exec() || !query.exec(u"COMMIT"_s)) {
            StoreError error = failure(u"recording migration %1"_s.arg(migration.version), query);
            rollback(db);
            return error;
        }
        qCInfo(lcRelayStore) << "migrated" << db.databaseName() << "to schema version" << migration.version;
    }
    return std::nullopt;
}

} // namespace confab::relay
