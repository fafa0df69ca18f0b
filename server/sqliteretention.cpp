#include "sqliteretention.h"

#include "sqlitestatements.h"

#include <QList>

namespace confab::relay {

using namespace Qt::StringLiterals;

SqliteRetention::SqliteRetention(SqliteStatements &sql) : m_sql(sql) {}

StoreResult<PruneReport> SqliteRetention::prune(const RetentionPolicy &policy, qint64 now)
{
    QList<StreamRange> streams;
    {
        auto query = m_sql.run(u"SELECT id, first_seq, last_seq FROM streams WHERE last_seq >= first_seq"_s);
        if (!query)
            return m_sql.failure(u"listing streams to prune"_s);
        while (query->next())
            streams.append({query->value(0).toString(), query->value(1).toLongLong(), query->value(2).toLongLong()});
    }

    PruneReport report;
    for (const StreamRange &stream : std::as_const(streams)) {
        const StoreResult<qint64> keepFrom = cutoff(stream, policy, now);
        if (!keepFrom.ok())
            return keepFrom.error();
        if (keepFrom.value() <= stream.firstSeq)
            continue;
        const StoreResult<qint64> removed = cut(stream, keepFrom.value());
        if (!removed.ok())
            return removed.error();
        report.removedEvents += removed.value();
        report.firstSeqs.insert(stream.id, keepFrom.value());
    }

    auto expired = m_sql.run(u"DELETE FROM events WHERE expires_at IS NOT NULL AND expires_at <= ?"_s, {now});
    if (!expired)
        return m_sql.failure(u"removing expired notifications"_s);
    report.removedExpired = expired->numRowsAffected();
    return report;
}

StoreResult<qint64> SqliteRetention::cutoff(const StreamRange &stream, const RetentionPolicy &policy, qint64 now)
{
    qint64 keepFrom = stream.firstSeq;
    if (policy.maxEvents > 0)
        keepFrom = std::max(keepFrom, stream.lastSeq - policy.maxEvents + 1);
    if (policy.maxAgeMs > 0) {
        // Commit times follow seq (one clock, one writer), so everything up to the newest old
        // event goes.
        auto query = m_sql.run(u"SELECT MAX(seq) FROM events WHERE stream = ? AND ts < ?"_s,
                               {stream.id, now - policy.maxAgeMs});
        if (!query || !query->next())
            return m_sql.failure(u"finding old events of %1"_s.arg(stream.id));
        if (const std::optional<qint64> newestOld = optionalInt(query->value(0)))
            keepFrom = std::max(keepFrom, *newestOld + 1);
    }
    return keepFrom;
}

StoreResult<qint64> SqliteRetention::cut(const StreamRange &stream, qint64 keepFrom)
{
    if (auto error = m_sql.begin())
        return *error;
    qint64 removed = 0;
    {
        auto remove = m_sql.run(u"DELETE FROM events WHERE stream = ? AND seq < ?"_s, {stream.id, keepFrom});
        if (!remove) {
            StoreError error = m_sql.failure(u"pruning %1"_s.arg(stream.id));
            m_sql.rollback();
            return error;
        }
        removed = remove->numRowsAffected();
    }
    if (!m_sql.run(u"UPDATE streams SET first_seq = MAX(first_seq, ?) WHERE id = ?"_s, {keepFrom, stream.id})) {
        StoreError error = m_sql.failure(u"raising first_seq of %1"_s.arg(stream.id));
        m_sql.rollback();
        return error;
    }
    if (auto error = m_sql.commit())
        return *error;
    return removed;
}

} // namespace confab::relay
