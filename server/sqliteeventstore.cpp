#include "sqliteeventstore.h"

#include "relaylog.h"
#include "sqlitebatchwriter.h"
#include "sqlitedatabase.h"
#include "sqlitemigrations.h"
#include "sqliteretention.h"
#include "sqliterows.h"
#include "sqlitestatements.h"
#include "walcheckpointer.h"

#include <QDateTime>
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

static_assert(SqliteEventStore::kSchemaVersion == SqliteMigrations::kLatestVersion);

StoreError closedError()
{
    return StoreError{u"the store is closed"_s};
}

const QString kEventsFrom = u"SELECT %1 FROM events e JOIN streams s ON s.id = e.stream "_s.arg(sqliterows::kEventColumns);

} // namespace

SqliteEventStore::SqliteEventStore(std::unique_ptr<SqliteDatabase> database)
    : m_database(std::move(database))
    , m_sql(std::make_unique<SqliteStatements>(m_database->handle()))
    , m_writer(std::make_unique<SqliteBatchWriter>(*m_sql))
{
    setCheckpointPages(WalCheckpointer::kDefaultPages);
}

void SqliteEventStore::setCheckpointPages(int pages)
{
    m_checkpointer.reset();
    if (!m_sql)
        return;
    if (sqlite3 *connection = m_sql->connection())
        m_checkpointer = std::make_unique<WalCheckpointer>(connection, pages);
}

qint64 SqliteEventStore::checkpointsOnThread() const
{
    return m_checkpointer ? m_checkpointer->checkpointsOnThread() : 0;
}

qint64 SqliteEventStore::checkpointsOnWriter() const
{
    return m_checkpointer ? m_checkpointer->checkpointsOnWriter() : 0;
}

SqliteEventStore::~SqliteEventStore()
{
    close();
}

StoreResult<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const QString &dataDir)
{
    StoreResult<std::unique_ptr<SqliteDatabase>> database = SqliteDatabase::open(dataDir, u"events"_s);
    if (!database.ok())
        return database.error();
    return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(std::move(database.value())));
}

void SqliteEventStore::close()
{
    // The checkpoint thread first (it hands the checkpoints back to the connection), then the
    // statements: a connection with live statements cannot close cleanly.
    m_checkpointer.reset();
    m_writer.reset();
    m_sql.reset();
    m_database.reset();
}

StoreResult<QString> SqliteEventStore::integrityCheck()
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"PRAGMA integrity_check"_s);
    if (!query)
        return m_sql->failure(u"integrity_check"_s);
    QStringList lines;
    while (query->next())
        lines.append(query->value(0).toString());
    return lines.join(u'\n');
}

// ---- users

StoreResult<bool> SqliteEventStore::addUser(const QString &name, const QByteArray &passwordHash)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"INSERT INTO users (name, password_hash, created) VALUES (?, ?, ?)"
                            " ON CONFLICT (name) DO NOTHING"_s,
                            {name, QString::fromLatin1(passwordHash), QDateTime::currentMSecsSinceEpoch()});
    if (!query)
        return m_sql->failure(u"adding user %1"_s.arg(name));
    return query->numRowsAffected() == 1;
}

StoreResult<std::optional<QByteArray>> SqliteEventStore::passwordHash(const QString &name)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT password_hash FROM users WHERE name = ?"_s, {name});
    if (!query)
        return m_sql->failure(u"reading user %1"_s.arg(name));
    if (!query->next())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(query->value(0).toString().toLatin1());
}

StoreResult<bool> SqliteEventStore::userExists(const QString &name)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT 1 FROM users WHERE name = ?"_s, {name});
    if (!query)
        return m_sql->failure(u"looking up user %1"_s.arg(name));
    return query->next();
}

StoreResult<bool> SqliteEventStore::setLastSeen(const QString &name, qint64 time)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"UPDATE users SET last_seen = ? WHERE name = ?"_s, {time, name});
    if (!query)
        return m_sql->failure(u"setting last_seen of %1"_s.arg(name));
    return query->numRowsAffected() == 1;
}

StoreResult<std::optional<qint64>> SqliteEventStore::lastSeen(const QString &name)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT last_seen FROM users WHERE name = ?"_s, {name});
    if (!query)
        return m_sql->failure(u"reading last_seen of %1"_s.arg(name));
    if (!query->next())
        return std::optional<qint64>();
    return optionalInt(query->value(0));
}

// ---- streams

StoreResult<bool> SqliteEventStore::createStream(const NewStream &stream)
{
    if (!m_writer)
        return closedError();
    return m_writer->createStream(stream);
}

StoreResult<std::optional<StreamInfo>> SqliteEventStore::stream(const QString &id)
{
    if (!m_sql)
        return closedError();
    if (std::optional<StreamInfo> remembered = m_cache.stream(id))
        return remembered;
    auto query = m_sql->run(u"SELECT %1 FROM streams WHERE id = ?"_s.arg(sqliterows::kStreamColumns), {id});
    if (!query)
        return m_sql->failure(u"reading stream %1"_s.arg(id));
    if (!query->next())
        return std::optional<StreamInfo>();
    const StreamInfo info = sqliterows::streamInfo(*query);
    m_cache.rememberStream(info);
    return std::optional<StreamInfo>(info);
}

StoreResult<QList<StreamListing>> SqliteEventStore::listStreams(const QString &user)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(
        u"SELECT %1, m.state FROM streams LEFT JOIN members m ON m.stream = id AND m.user = ?"
        " WHERE kind = 'topic' OR id = ? OR (kind = 'room' AND (visibility = 'public' OR m.state IS NOT NULL))"
        " OR (kind = 'dm' AND m.state IS NOT NULL) ORDER BY id"_s.arg(sqliterows::kStreamColumns),
        {user, protocol::userStreamId(user)});
    if (!query)
        return m_sql->failure(u"listing the streams of %1"_s.arg(user));
    QList<StreamListing> listings;
    while (query->next()) {
        const QVariant state = query->value(sqliterows::kStreamColumnCount);
        listings.append({sqliterows::streamInfo(*query),
                         state.isNull() ? std::nullopt
                                        : std::optional(sqliterows::memberStateFromName(state.toString()))});
    }
    return listings;
}

StoreResult<std::optional<StreamInfo>> SqliteEventStore::resetStream(const QString &id)
{
    if (!m_sql)
        return closedError();
    m_cache.forgetStream(id);
    if (auto error = m_sql->begin())
        return *error;
    auto fail = [this, &id] {
        StoreError error = m_sql->failure(u"resetting stream %1"_s.arg(id));
        m_sql->rollback();
        return error;
    };
    for (const QString &sql : {u"DELETE FROM events WHERE stream = ?"_s, u"DELETE FROM scheduled WHERE stream = ?"_s,
                               u"DELETE FROM read_markers WHERE stream = ?"_s}) {
        if (!m_sql->run(sql, {id}))
            return fail();
    }
    {
        auto update = m_sql->run(u"UPDATE streams SET epoch = ?, first_seq = 1, last_seq = 0 WHERE id = ?"_s,
                                 {SqliteBatchWriter::newEpoch(), id});
        if (!update)
            return fail();
        if (update->numRowsAffected() == 0) {
            m_sql->rollback();
            return std::optional<StreamInfo>();
        }
    }
    if (auto error = m_sql->commit())
        return *error;
    m_cache.forgetStream(id);
    m_writer->forgetCursors();
    return stream(id);
}

// ---- members and read markers

StoreResult<bool> SqliteEventStore::setMember(const QString &stream, const QString &user, MemberState state)
{
    if (!m_sql)
        return closedError();
    m_cache.forgetMember(stream, user);
    if (!m_sql->run(u"INSERT INTO members (stream, user, state, since) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (stream, user) DO UPDATE SET state = excluded.state, since = excluded.since"_s,
                    {stream, user, sqliterows::memberStateName(state), QDateTime::currentMSecsSinceEpoch()}))
        return m_sql->failure(u"setting the membership of %1 in %2"_s.arg(user, stream));
    return true;
}

StoreResult<bool> SqliteEventStore::removeMember(const QString &stream, const QString &user)
{
    if (!m_sql)
        return closedError();
    m_cache.forgetMember(stream, user);
    auto query = m_sql->run(u"DELETE FROM members WHERE stream = ? AND user = ?"_s, {stream, user});
    if (!query)
        return m_sql->failure(u"removing %1 from %2"_s.arg(user, stream));
    return query->numRowsAffected() == 1;
}

StoreResult<std::optional<MemberState>> SqliteEventStore::memberState(const QString &stream, const QString &user)
{
    if (!m_sql)
        return closedError();
    if (m_cache.isJoined(stream, user))
        return std::optional<MemberState>(MemberState::Joined);
    auto query = m_sql->run(u"SELECT state FROM members WHERE stream = ? AND user = ?"_s, {stream, user});
    if (!query)
        return m_sql->failure(u"reading the membership of %1 in %2"_s.arg(user, stream));
    if (!query->next())
        return std::optional<MemberState>();
    const MemberState state = sqliterows::memberStateFromName(query->value(0).toString());
    if (state == MemberState::Joined)
        m_cache.rememberJoined(stream, user);
    return std::optional<MemberState>(state);
}

StoreResult<QList<Member>> SqliteEventStore::members(const QString &stream)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT m.user, m.state, m.since, u.last_seen FROM members m"
                            " LEFT JOIN users u ON u.name = m.user WHERE m.stream = ? ORDER BY m.user"_s,
                            {stream});
    if (!query)
        return m_sql->failure(u"listing the members of %1"_s.arg(stream));
    QList<Member> members;
    while (query->next()) {
        members.append(Member{query->value(0).toString(), sqliterows::memberStateFromName(query->value(1).toString()),
                              query->value(2).toLongLong(), optionalInt(query->value(3))});
    }
    return members;
}

StoreResult<QStringList> SqliteEventStore::joinedStreams(const QString &user)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT stream FROM members WHERE user = ? AND state = 'joined' ORDER BY stream"_s, {user});
    if (!query)
        return m_sql->failure(u"listing the streams of %1"_s.arg(user));
    QStringList streams;
    while (query->next())
        streams.append(query->value(0).toString());
    return streams;
}

StoreResult<qint64> SqliteEventStore::readMarker(const QString &user, const QString &stream)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT seq FROM read_markers WHERE user = ? AND stream = ?"_s, {user, stream});
    if (!query)
        return m_sql->failure(u"reading the read marker of %1 in %2"_s.arg(user, stream));
    return query->next() ? query->value(0).toLongLong() : qint64(0);
}

// ---- events

StoreResult<QList<AppendOutcome>> SqliteEventStore::appendBatch(const QList<NewEvent> &batch)
{
    if (!m_writer)
        return closedError();
    StoreResult<QList<AppendOutcome>> outcomes = m_writer->write(batch);
    if (outcomes.ok())
        m_cache.applyCommitted(batch, outcomes.value());
    return outcomes;
}

StoreResult<std::optional<AppendOutcome>> SqliteEventStore::findRequest(const QString &sender,
                                                                        const QString &clientMsgId)
{
    if (!m_writer)
        return closedError();
    return m_writer->findRequest(sender, clientMsgId);
}

StoreResult<std::optional<StoredEvent>> SqliteEventStore::event(const QString &stream, qint64 seq)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(kEventsFrom + u"WHERE e.stream = ? AND e.seq = ?"_s, {stream, seq});
    if (!query)
        return m_sql->failure(u"reading event %1 of %2"_s.arg(seq).arg(stream));
    if (!query->next())
        return std::optional<StoredEvent>();
    return std::optional<StoredEvent>(sqliterows::storedEvent(*query));
}

StoreResult<EventPage> SqliteEventStore::eventsAfter(const QString &stream, qint64 afterSeq, int limit)
{
    return page(kEventsFrom + u"WHERE e.stream = ? AND e.seq > ? AND (e.expires_at IS NULL OR e.expires_at > ?)"
                              " ORDER BY e.seq LIMIT ?"_s,
                {stream, afterSeq, QDateTime::currentMSecsSinceEpoch(), qint64(limit) + 1}, limit, stream);
}

StoreResult<EventPage> SqliteEventStore::eventsBefore(const QString &stream, std::optional<qint64> beforeSeq,
                                                      int limit)
{
    StoreResult<EventPage> result =
        page(kEventsFrom + u"WHERE e.stream = ? AND e.seq < ? AND (e.expires_at IS NULL OR e.expires_at > ?)"
                           " ORDER BY e.seq DESC LIMIT ?"_s,
             {stream, beforeSeq.value_or(std::numeric_limits<qint64>::max()), QDateTime::currentMSecsSinceEpoch(),
              qint64(limit) + 1},
             limit, stream);
    if (result.ok())
        std::reverse(result.value().events.begin(), result.value().events.end());
    return result;
}

// One more row than asked for says whether there is more.
StoreResult<EventPage> SqliteEventStore::page(const QString &sql, std::initializer_list<QVariant> values, int limit,
                                              const QString &stream)
{
    if (!m_sql)
        return closedError();
    EventPage page;
    if (limit <= 0)
        return page;
    auto query = m_sql->run(sql, values);
    if (!query)
        return m_sql->failure(u"reading events of %1"_s.arg(stream));
    while (query->next()) {
        if (page.events.size() == limit) {
            page.hasMore = true;
            break;
        }
        page.events.append(sqliterows::storedEvent(*query));
    }
    return page;
}

// ---- retention and scheduled notifications

StoreResult<PruneReport> SqliteEventStore::prune(const RetentionPolicy &policy, qint64 now)
{
    if (!m_sql)
        return closedError();
    m_cache.forgetStreams();
    return SqliteRetention(*m_sql).prune(policy, now);
}

StoreResult<QList<ScheduledNotification>> SqliteEventStore::dueScheduled(qint64 now, int limit)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT %1 FROM scheduled WHERE deliver_at <= ? ORDER BY deliver_at, id LIMIT ?"_s.arg(
                                sqliterows::kScheduledColumns),
                            {now, limit});
    if (!query)
        return m_sql->failure(u"listing due notifications"_s);
    QList<ScheduledNotification> due;
    while (query->next())
        due.append(sqliterows::scheduled(*query));
    return due;
}

StoreResult<std::optional<qint64>> SqliteEventStore::nextScheduledTime()
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT MIN(deliver_at) FROM scheduled"_s);
    if (!query || !query->next())
        return m_sql->failure(u"reading the next delivery time"_s);
    return optionalInt(query->value(0));
}

} // namespace confab::relay
