#pragma once

#include "retentionpolicy.h"
#include "storeresult.h"

#include <optional>

namespace confab::relay {

class SqliteStatements;

// One pruning pass over the SQLite store. Retention (age, count) removes a stream's oldest events
// and raises its first_seq, so resuming clients learn that history is gone; expired notifications
// go wherever they are without touching first_seq, since they would not have been replayed anyway.
// Each stream is pruned in its own short transaction so appends are not held up for long.
class SqliteRetention
{
public:
    explicit SqliteRetention(SqliteStatements &sql);

    StoreResult<PruneReport> prune(const RetentionPolicy &policy, qint64 now);

private:
    struct StreamRange {
        QString id;
        qint64 firstSeq = 1;
        qint64 lastSeq = 0;
    };

    // The lowest seq to keep in `stream`.
    StoreResult<qint64> cutoff(const StreamRange &stream, const RetentionPolicy &policy, qint64 now);
    // Removes events below `keepFrom` and raises first_seq; the number removed.
    StoreResult<qint64> cut(const StreamRange &stream, qint64 keepFrom);

    SqliteStatements &m_sql;
};

} // namespace confab::relay
