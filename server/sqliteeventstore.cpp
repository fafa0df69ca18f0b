#include "sqliteeventstore.h"

#include "relaylog.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <array>
#include <atomic>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Each migration brings the schema from the previous version to its own. Append-only: a
// released migration is never edited, a change is a new entry.
struct Migration {
    int version;
    std::array<QLatin1StringView, 3> statements;
};

constexpr std::array kMigrations{
    Migration{1,
              {"CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
               " created INTEGER NOT NULL)"_L1,
               "CREATE TABLE streams (id TEXT PRIMARY KEY, kind TEXT NOT NULL, epoch TEXT NOT NULL,"
               " last_seq INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL)"_L1,
               "CREATE TABLE events (stream TEXT NOT NULL REFERENCES streams(id), seq INTEGER NOT NULL,"
               " ts INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, text TEXT NOT NULL,"
               " PRIMARY KEY (stream, seq), UNIQUE (sender, client_msg_id)) WITHOUT ROWID"_L1}},
};

std::atomic<quint64> s_connectionCounter{0};

QString newEpoch()
{
    std::array<quint32, 2> random{};
    QRandomGenerator::system()->generate(random.begin(), random.end());
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random.data()), sizeof random).toHex());
}

protocol::Message messageFrom(const QSqlQuery &query, const QString &stream)
{
    // Column order of every SELECT below: seq, ts, sender, client_msg_id, text, epoch.
    protocol::Message message;
    message.stream = stream;
    message.seq = query.value(0).toLongLong();
    message.ts = query.value(1).toLongLong();
    message.sender = query.value(2).toString();
    message.clientMsgId = query.value(3).toString();
    message.text = query.value(4).toString();
    message.epoch = query.value(5).toString();
    return message;
}

} // namespace

SqliteEventStore::SqliteEventStore(const QString &connectionName)
    : m_connectionName(connectionName)
    , m_db(QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName))
{
}

SqliteEventStore::~SqliteEventStore()
{
    close();
}

StoreResult<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const QString &dataDir)
{
    if (!QDir().mkpath(dataDir))
        return StoreError{u"cannot create the data folder %1"_s.arg(dataDir)};
    const QString name = u"confab-relay-store-%1"_s.arg(s_connectionCounter.fetch_add(1));
    std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(name));
    if (auto error = store->configure(QDir(dataDir).filePath(u"relay.db"_s)))
        return *error;
    if (auto error = store->migrate())
        return *error;
    return store;
}

std::optional<StoreError> SqliteEventStore::configure(const QString &path)
{
    if (!m_db.isValid())
        return StoreError{u"the Qt SQLite driver (QSQLITE) is not available"_s};
    m_db.setDatabaseName(path);
    // Another process (the admin CLI) may write at the same time: wait for its lock.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open())
        return StoreError{u"cannot open %1: %2"_s.arg(path, m_db.lastError().text())};

    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA journal_mode=WAL"_s) || !query.next()
        || query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        return StoreError{u"cannot switch %1 to WAL mode: %2"_s.arg(path, query.lastError().text())};
    }
    for (const QString &pragma : {u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s}) {
        if (!query.exec(pragma))
            return failure(pragma, query);
    }
    return std::nullopt;
}

std::optional<StoreError> SqliteEventStore::migrate()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    " applied INTEGER NOT NULL)"_s))
        return failure(u"creating the schema_version table"_s, query);
    if (!query.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s) || !query.next())
        return failure(u"reading the schema version"_s, query);
    const int current = query.value(0).toInt();
    query.finish();
    if (current > kSchemaVersion) {
        return StoreError{u"%1 has schema version %2, but this confab-relay only knows versions up to %3: "
                          "it was written by a newer relay. Upgrade confab-relay or use another --data-dir."_s
                              .arg(m_db.databaseName(), QString::number(current), QString::number(kSchemaVersion))};
    }

    for (const Migration &migration : kMigrations) {
        if (migration.version <= current)
            continue;
        if (!query.exec(u"BEGIN IMMEDIATE"_s))
            return failure(u"starting migration %1"_s.arg(migration.version), query);
        for (QLatin1StringView statement : migration.statements) {
            if (statement.isEmpty())
                continue;
            if (!query.exec(statement)) {
                StoreError error = failure(u"migration %1"_s.arg(migration.version), query);
                rollback();
                return error;
            }
        }
        query.prepare(u"INSERT INTO schema_version (version, applied) VALUES (?, ?)"_s);
        query.addBindValue(migration.version);
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (!query.exec() || !query.exec(u"COMMIT"_s)) {
            StoreError error = failure(u"recording migration %1"_s.arg(migration.version), query);
            rollback();
            return error;
        }
        qCInfo(lcRelayStore) << "migrated" << m_db.databaseName() << "to schema version" << migration.version;
    }
    return std::nullopt;
}

void SqliteEventStore::close()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

StoreResult<bool> SqliteEventStore::addUser(const QString &name, const QByteArray &passwordHash)
{
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO users (name, password_hash, created) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"_s);
    query.addBindValue(name);
    query.addBindValue(QString::fromLatin1(passwordHash));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return failure(u"adding user %1"_s.arg(name), query);
    return query.numRowsAffected() == 1;
}

StoreResult<std::optional<QByteArray>> SqliteEventStore::passwordHash(const QString &name)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT password_hash FROM users WHERE name = ?"_s);
    query.addBindValue(name);
    if (!query.exec())
        return failure(u"reading user %1"_s.arg(name), query);
    if (!query.next())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(query.value(0).toString().toLatin1());
}

StoreResult<bool> SqliteEventStore::createStream(const QString &id)
{
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO streams (id, kind, epoch, last_seq, created) VALUES (?, ?, ?, 0, ?)"
                  " ON CONFLICT (id) DO NOTHING"_s);
    query.addBindValue(id);
    query.addBindValue(id.section(u':', 0, 0));
    query.addBindValue(newEpoch());
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return failure(u"creating stream %1"_s.arg(id), query);
    return query.numRowsAffected() == 1;
}

StoreResult<std::optional<StreamInfo>> SqliteEventStore::stream(const QString &id)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT kind, epoch, last_seq FROM streams WHERE id = ?"_s);
    query.addBindValue(id);
    if (!query.exec())
        return failure(u"reading stream %1"_s.arg(id), query);
    if (!query.next())
        return std::optional<StreamInfo>();
    return std::optional<StreamInfo>(
        StreamInfo{id, query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong()});
}

StoreResult<std::optional<AppendResult>> SqliteEventStore::findBySender(const QString &sender,
                                                                        const QString &clientMsgId)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT e.seq, e.ts, e.sender, e.client_msg_id, e.text, s.epoch, e.stream FROM events e"
                  " JOIN streams s ON s.id = e.stream WHERE e.sender = ? AND e.client_msg_id = ?"_s);
    query.addBindValue(sender);
    query.addBindValue(clientMsgId);
    if (!query.exec())
        return failure(u"looking up message %1 of %2"_s.arg(clientMsgId, sender), query);
    if (!query.next())
        return std::optional<AppendResult>();
    return std::optional<AppendResult>(AppendResult{messageFrom(query, query.value(6).toString()), true});
}

StoreResult<AppendResult> SqliteEventStore::append(const QString &stream, const QString &sender,
                                                   const QString &clientMsgId, const QString &text)
{
    QSqlQuery query(m_db);
    // IMMEDIATE takes the write lock up front, so two writers cannot both read a sequence number
    // and then deadlock upgrading their locks.
    if (!query.exec(u"BEGIN IMMEDIATE"_s))
        return failure(u"starting a transaction"_s, query);

    auto existing = findBySender(sender, clientMsgId);
    if (!existing.ok() || existing.value()) {
        rollback();
        if (!existing.ok())
            return existing.error();
        return *existing.value();
    }

    query.prepare(u"UPDATE streams SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq, epoch"_s);
    query.addBindValue(stream);
    if (!query.exec() || !query.next()) {
        StoreError error = query.lastError().isValid() ? failure(u"advancing stream %1"_s.arg(stream), query)
                                                       : StoreError{u"no stream %1"_s.arg(stream)};
        query.finish();
        rollback();
        return error;
    }
    protocol::Message message;
    message.stream = stream;
    message.seq = query.value(0).toLongLong();
    message.epoch = query.value(1).toString();
    message.ts = QDateTime::currentMSecsSinceEpoch();
    message.sender = sender;
    message.clientMsgId = clientMsgId;
    message.text = text;
    query.finish();

    query.prepare(u"INSERT INTO events (stream, seq, ts, sender, client_msg_id, text) VALUES (?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(stream);
    query.addBindValue(message.seq);
    query.addBindValue(message.ts);
    query.addBindValue(sender);
    query.addBindValue(clientMsgId);
    query.addBindValue(text);
    if (!query.exec() || !query.exec(u"COMMIT"_s)) {
        StoreError error = failure(u"storing a message in %1"_s.arg(stream), query);
        rollback();
        return error;
    }
    return AppendResult{message, false};
}

StoreResult<QList<protocol::Message>> SqliteEventStore::events(const QString &stream, qint64 afterSeq, int limit)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT e.seq, e.ts, e.sender, e.client_msg_id, e.text, s.epoch FROM events e"
                  " JOIN streams s ON s.id = e.stream WHERE e.stream = ? AND e.seq > ? ORDER BY e.seq LIMIT ?"_s);
    query.addBindValue(stream);
    query.addBindValue(afterSeq);
    query.addBindValue(limit);
    if (!query.exec())
        return failure(u"reading events of %1"_s.arg(stream), query);
    QList<protocol::Message> messages;
    while (query.next())
        messages.append(messageFrom(query, stream));
    return messages;
}

StoreError SqliteEventStore::failure(const QString &what, const QSqlQuery &query) const
{
    StoreError error{u"%1 failed: %2"_s.arg(what, query.lastError().text())};
    qCWarning(lcRelayStore).noquote() << error.message;
    return error;
}

void SqliteEventStore::rollback()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"ROLLBACK"_s))
        qCWarning(lcRelayStore).noquote() << "rollback failed:" << query.lastError().text();
}

} // namespace confab::relay
