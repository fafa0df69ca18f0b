#include "sqlitebatchwriter.h"

#include "sqlitedirectstatement.h"
#include "sqliterows.h"
#include "sqlitestatements.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

AppendStatus repeatOf(AppendStatus status)
{
    switch (status) {
    case AppendStatus::Appended:
        return AppendStatus::Duplicate;
    case AppendStatus::Scheduled:
        return AppendStatus::DuplicateScheduled;
    default:
        return status;
    }
}

} // namespace

SqliteBatchWriter::SqliteBatchWriter(SqliteStatements &sql) : m_sql(sql) {}

void SqliteBatchWriter::forgetCursors()
{
    m_cursors.clear();
    m_dirty.clear();
}

QString SqliteBatchWriter::newEpoch()
{
    std::array<quint32, 2> random{};
    QRandomGenerator::system()->generate(random.begin(), random.end());
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random.data()), sizeof random).toHex());
}

StoreResult<QList<AppendOutcome>> SqliteBatchWriter::write(const QList<NewEvent> &batch)
{
    QList<AppendOutcome> outcomes;
    if (batch.isEmpty())
        return outcomes;
    if (auto error = m_sql.begin())
        return *error;
    if (m_cursors.size() > kMaxCursors)
        m_cursors.clear();
    m_dirty.clear();
    // One commit time for the whole batch: it is when every event of it became durable.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<std::pair<QString, QString>, qsizetype> earlier; // (sender, client_msg_id) -> outcome index
    outcomes.reserve(batch.size());

    auto fail = [this](const StoreError &error) {
        m_sql.rollback();
        forgetCursors(); // they may hold sequence numbers the rollback took back
        return error;
    };
    for (const NewEvent &entry : batch) {
        const std::pair key{entry.sender, entry.clientMsgId};
        if (!entry.clientMsgId.isEmpty()) {
            if (auto it = earlier.constFind(key); it != earlier.cend()) {
                AppendOutcome repeat = outcomes.at(*it);
                repeat.status = repeatOf(repeat.status);
                repeat.createdStream = false;
                outcomes.append(repeat);
                continue;
            }
        }
        StoreResult<AppendOutcome> outcome = writeOne(entry, now);
        if (!outcome.ok())
            return fail(outcome.error());
        if (!entry.clientMsgId.isEmpty() && outcome.value().status != AppendStatus::NoSuchStream)
            earlier.insert(key, outcomes.size());
        outcomes.append(std::move(outcome.value()));
    }
    if (auto error = storeCursors())
        return fail(*error);
    m_dirty.clear();
    if (auto error = m_sql.commit()) {
        forgetCursors();
        return *error;
    }
    return outcomes;
}

StoreResult<AppendOutcome> SqliteBatchWriter::writeOne(const NewEvent &entry, qint64 now)
{
    if (!entry.clientMsgId.isEmpty()) {
        auto prior = findRequest(entry.sender, entry.clientMsgId, entry.deliversScheduled);
        if (!prior.ok())
            return prior.error();
        if (prior.value())
            return *prior.value();
    }

    AppendOutcome outcome;
    if (entry.ensureStream) {
        NewStream stream = *entry.ensureStream;
        if (stream.id.isEmpty())
            stream.id = entry.stream;
        auto created = insertStream(stream, now);
        if (!created.ok())
            return created.error();
        outcome.createdStream = created.value();
    }
    auto found = cursor(entry.stream);
    if (!found.ok())
        return found.error();
    Cursor *const stream = found.value();
    if (!stream) {
        outcome.status = AppendStatus::NoSuchStream;
        return outcome;
    }

    if (entry.schedule) {
        ScheduledNotification scheduled{0,
                                        entry.stream,
                                        entry.sender,
                                        entry.clientMsgId,
                                        entry.schedule->deliverAt,
                                        entry.expiresAt,
                                        entry.schedule->payload,
                                        now};
        auto insert = m_sql.run(u"INSERT INTO scheduled (stream, sender, client_msg_id, deliver_at, expires_at,"
                                " payload, created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                                {scheduled.stream, scheduled.sender, sqlText(scheduled.clientMsgId),
                                 scheduled.deliverAt, sqlValue(scheduled.expiresAt), scheduled.payload, now});
        if (!insert || !insert->next())
            return m_sql.failure(u"scheduling a notification in %1"_s.arg(entry.stream));
        scheduled.id = insert->value(0).toLongLong();
        if (!scheduled.clientMsgId.isEmpty())
            m_knownKeys.insert(scheduled.sender, scheduled.clientMsgId);
        outcome.status = AppendStatus::Scheduled;
        outcome.scheduled = std::move(scheduled);
        return outcome;
    }

    if (!entry.encode)
        return StoreError{u"an event for %1 came without an encoder"_s.arg(entry.stream)};
    StoredEvent &event = outcome.event;
    event.stream = entry.stream;
    event.epoch = stream->epoch;
    event.seq = stream->lastSeq + 1;
    event.ts = now;
    event.type = entry.type;
    event.sender = entry.sender;
    event.clientMsgId = entry.clientMsgId;
    event.target = entry.target;
    event.expiresAt = entry.expiresAt;
    event.frame = entry.encode(EventStamp{event.stream, event.epoch, event.seq, event.ts});
    SqliteDirectStatement &insert = m_sql.direct(
        u"INSERT INTO events (stream, seq, ts, type, sender, client_msg_id, target, expires_at, frame)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    insert.bindText(1, event.stream);
    insert.bindInt(2, event.seq);
    insert.bindInt(3, event.ts);
    insert.bindInt(4, static_cast<int>(event.type));
    insert.bindText(5, event.sender);
    insert.bindTextOrNull(6, event.clientMsgId);
    insert.bindOptionalInt(7, event.target);
    insert.bindOptionalInt(8, event.expiresAt);
    insert.bindBlob(9, event.frame);
    if (!insert.isValid() || !insert.run())
        return m_sql.failure(u"storing an event in %1"_s.arg(entry.stream), insert.error());
    if (!event.clientMsgId.isEmpty())
        m_knownKeys.insert(event.sender, event.clientMsgId);
    stream->lastSeq = event.seq;
    if (!stream->dirty) {
        stream->dirty = true;
        m_dirty.append(entry.stream);
    }
    if (auto error = applyEffects(entry, now))
        return *error;
    outcome.status = AppendStatus::Appended;
    return outcome;
}

std::optional<StoreError> SqliteBatchWriter::applyEffects(const NewEvent &entry, qint64 now)
{
    if (const auto &member = entry.member) {
        auto change = member->state
            ? m_sql.run(u"INSERT INTO members (stream, user, state, since) VALUES (?, ?, ?, ?)"
                        " ON CONFLICT (stream, user) DO UPDATE SET state = excluded.state, since = excluded.since"_s,
                        {member->stream, member->user, sqliterows::memberStateName(*member->state), now})
            : m_sql.run(u"DELETE FROM members WHERE stream = ? AND user = ?"_s, {member->stream, member->user});
        if (!change)
            return m_sql.failure(u"changing the membership of %1 in %2"_s.arg(member->user, member->stream));
    }
    if (const auto &marker = entry.readMarker) {
        auto change = m_sql.run(u"INSERT INTO read_markers (user, stream, seq) VALUES (?, ?, ?)"
                                " ON CONFLICT (user, stream) DO UPDATE SET seq = MAX(seq, excluded.seq)"_s,
                                {marker->user, marker->stream, marker->seq});
        if (!change)
            return m_sql.failure(u"moving the read marker of %1 in %2"_s.arg(marker->user, marker->stream));
    }
    if (entry.deliversScheduled) {
        if (!m_sql.run(u"DELETE FROM scheduled WHERE id = ?"_s, {*entry.deliversScheduled}))
            return m_sql.failure(u"marking scheduled notification %1 delivered"_s.arg(*entry.deliversScheduled));
    }
    return std::nullopt;
}

void SqliteBatchWriter::loadKnownKeys()
{
    qsizetype stored = 0;
    {
        auto count = m_sql.run(u"SELECT (SELECT COUNT(*) FROM events WHERE client_msg_id IS NOT NULL)"
                               " + (SELECT COUNT(*) FROM scheduled WHERE client_msg_id IS NOT NULL)"_s);
        if (!count || !count->next())
            return; // the filter stays unbuilt: every lookup asks SQLite
        stored = count->value(0).toLongLong();
    }
    RequestKeyFilter filter;
    // Room to grow: rebuilt only after the store doubled its keys.
    filter.reset(stored * 2);
    for (const QString &table : { u"events"_s, u"scheduled"_s }) {
        auto keys = m_sql.run(u"SELECT sender, client_msg_id FROM %1 WHERE client_msg_id IS NOT NULL"_s.arg(table));
        if (!keys)
            return;
        while (keys->next())
            filter.insert(keys->value(0).toString(), keys->value(1).toString());
    }
    m_knownKeys = std::move(filter);
}

StoreResult<std::optional<AppendOutcome>> SqliteBatchWriter::findRequest(const QString &sender,
                                                                         const QString &clientMsgId,
                                                                         std::optional<qint64> delivering)
{
    if (!m_knownKeys.isReady() || m_knownKeys.isFull())
        loadKnownKeys();
    if (!m_knownKeys.mayContain(sender, clientMsgId))
        return std::optional<AppendOutcome>();
    {
        auto query = m_sql.run(u"SELECT %1 FROM events e JOIN streams s ON s.id = e.stream"
                               " WHERE e.sender = ? AND e.client_msg_id = ?"_s.arg(sqliterows::kEventColumns),
                               {sender, clientMsgId});
        if (!query)
            return m_sql.failure(u"looking up request %1 of %2"_s.arg(clientMsgId, sender));
        if (query->next()) {
            AppendOutcome outcome;
            outcome.status = AppendStatus::Duplicate;
            outcome.event = sqliterows::storedEvent(*query);
            return std::optional<AppendOutcome>(std::move(outcome));
        }
    }
    auto query = m_sql.run(u"SELECT %1 FROM scheduled WHERE sender = ? AND client_msg_id = ?"_s.arg(
                               sqliterows::kScheduledColumns),
                           {sender, clientMsgId});
    if (!query)
        return m_sql.failure(u"looking up scheduled request %1 of %2"_s.arg(clientMsgId, sender));
    if (query->next()) {
        ScheduledNotification scheduled = sqliterows::scheduled(*query);
        if (scheduled.id != delivering) {
            AppendOutcome outcome;
            outcome.status = AppendStatus::DuplicateScheduled;
            outcome.scheduled = std::move(scheduled);
            return std::optional<AppendOutcome>(std::move(outcome));
        }
    }
    return std::optional<AppendOutcome>();
}

StoreResult<bool> SqliteBatchWriter::createStream(const NewStream &stream)
{
    return insertStream(stream, QDateTime::currentMSecsSinceEpoch());
}

StoreResult<bool> SqliteBatchWriter::insertStream(const NewStream &stream, qint64 now)
{
    const std::optional<protocol::StreamKind> kind = sqliterows::kindOfId(stream.id);
    if (!kind)
        return StoreError{u"%1 is not a stream id"_s.arg(stream.id)};
    auto insert = m_sql.run(u"INSERT INTO streams (id, kind, epoch, last_seq, created, visibility, title, first_seq,"
                            " created_by) VALUES (?, ?, ?, 0, ?, ?, COALESCE(?, ''), 1, COALESCE(?, ''))"
                            " ON CONFLICT (id) DO NOTHING"_s,
                            {stream.id, sqliterows::kindName(*kind), newEpoch(), now,
                             sqliterows::visibilityName(stream.visibility), stream.title, stream.createdBy});
    if (!insert)
        return m_sql.failure(u"creating stream %1"_s.arg(stream.id));
    return insert->numRowsAffected() == 1;
}

StoreResult<SqliteBatchWriter::Cursor *> SqliteBatchWriter::cursor(const QString &stream)
{
    if (auto it = m_cursors.find(stream); it != m_cursors.end())
        return &*it;
    SqliteDirectStatement &query = m_sql.direct(u"SELECT epoch, last_seq FROM streams WHERE id = ?"_s);
    if (!query.isValid())
        return m_sql.failure(u"reading stream %1"_s.arg(stream), query.error());
    query.bindText(1, stream);
    if (!query.next()) {
        if (!query.error().isEmpty())
            return m_sql.failure(u"reading stream %1"_s.arg(stream), query.error());
        return static_cast<Cursor *>(nullptr);
    }
    Cursor read{query.textColumn(0), query.intColumn(1), false};
    query.reset();
    return &*m_cursors.insert(stream, std::move(read));
}

std::optional<StoreError> SqliteBatchWriter::storeCursors()
{
    SqliteDirectStatement &update = m_sql.direct(u"UPDATE streams SET last_seq = ? WHERE id = ?"_s);
    for (const QString &id : std::as_const(m_dirty)) {
        Cursor &stream = m_cursors[id];
        stream.dirty = false;
        update.bindInt(1, stream.lastSeq);
        update.bindText(2, id);
        if (!update.isValid() || !update.run())
            return m_sql.failure(u"advancing stream %1"_s.arg(id), update.error());
    }
    return std::nullopt;
}

} // namespace confab::relay
