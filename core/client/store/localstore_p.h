#pragma once

#include "localstore.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace confab::client {

// What the store keeps in memory about one stream (a copy of its `streams` row): applying
// thousands of events reads it once per event, so it stays out of SQL.
struct StreamRow {
    qint64 id = 0; // first-seen order
    QString epoch;
    qint64 cursor = 0;
    qint64 oldestCached = 0;
    bool olderOnRelay = true;
};

// The columns of one stored event, as written to the `events` table.
struct EventRow {
    QString stream;
    qint64 seq = 0;
    QString epoch;
    int type = 0;
    qint64 ts = 0;
    QString sender;
    QString clientMsgId;
    QVariant target; // seq acted on, or null
    QVariant targetStream; // for read, dismissed and member events, or null
    QVariant text; // edit text, emoji, member user
    int flag = 0; // reaction remove, dismiss all, member action
};

class LocalStore::Private
{
public:
    // A cached prepared statement; reused because preparing costs more than running.
    QSqlQuery &statement(const QString &sql);
    // Binds `values` in order and runs it; on failure records the error and returns false.
    bool run(QSqlQuery &query, std::initializer_list<QVariant> values = {});
    bool run(const QString &sql, std::initializer_list<QVariant> values = {});
    void fail(const QString &what, const QString &reason);

    // Commits per call outside a batch: each public write opens one of these. A statement that
    // fails inside the transaction dooms it: later statements are skipped, and the outermost
    // end() rolls everything back and reloads the in-memory stream rows from the file, so no
    // cursor stays advanced past events that were never saved. end() returns false when the
    // transaction failed (or, nested, is doomed already).
    void begin();
    bool end();
    // Reads every stream row into `streams`; nullopt on success, else the SQL error.
    std::optional<QString> loadStreams();
    // What the store keeps in memory (the streams and the search index's watermark), read again
    // from the file: at open and after a failed write.
    std::optional<QString> loadState()
    {
        if (auto error = loadStreams())
            return error;
        return loadSearchState();
    }
    // One public write: its own transaction outside a batch, part of the batch inside one.
    class Scope
    {
    public:
        explicit Scope(Private &d) : m_d(d) { m_d.begin(); }
        ~Scope()
        {
            if (!m_finished)
                m_d.end();
        }
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
        // Ends the write now (committing it outside a batch): `result` when that worked, else false.
        bool finish(bool result)
        {
            m_finished = true;
            return m_d.end() && result;
        }

    private:
        Private &m_d;
        bool m_finished = false;
    };

    // Epochs: decides what an event of `epoch` does to `stream`. Creates the stream when new.
    enum class EpochVerdict { Apply, Ignore };
    EpochVerdict admit(const QString &stream, const QString &epoch);
    StreamRow &ensureStream(const QString &stream, const QString &epoch);
    void rememberEpoch(const QString &stream, const QString &epoch);
    void dropCachedEvents(const QString &stream);
    void saveStream(const QString &stream); // marks it; end() writes it before committing
    void flushStreams();

    // Records the event: Duplicate when (stream, seq) or (sender, client_msg_id) is there already.
    enum class Recorded { New, Duplicate, Failed };
    Recorded record(const EventRow &event);
    // Moves the cursor and the contiguous cached range after `seq` was recorded.
    void advance(const QString &stream, qint64 seq);
    bool eventExists(const QString &stream, qint64 seq);
    void extendDown(const QString &stream, StreamRow &row);

    // Edits and deletions of a cached message; false when the target is not cached (yet).
    bool applyEdit(const QString &stream, qint64 target, qint64 seq, const QString &text);
    bool applyDelete(const QString &stream, qint64 target);
    // The full-text index follows the current text of each message and notification; an
    // external-content FTS5 table must be told the old text to forget it.
    void indexMessage(qint64 id, const QString &text);
    void unindexMessage(qint64 id, const QString &text);
    void indexNotification(qint64 id, const QString &title, const QString &body);
    // Messages are indexed in chunks after they arrive (LocalStore::indexMessages()): those with
    // an id above indexedUpTo are not in the index yet. Their edits and deletions change only
    // the row (the chunk indexes the text it finds; a deleted message is skipped).
    bool isIndexed(qint64 id) const { return id <= indexedUpTo; }
    std::optional<QString> loadSearchState();
    // Indexes the waiting messages up to `limit` of them (all when limit <= 0), inside the
    // caller's write.
    void indexWaiting(int limit);
    bool hasWaiting() const { return newestMessageId > indexedUpTo; }
    // indexWaiting() in a write of its own (or the open batch); whether more wait (false too when
    // the write failed, so that nobody retries it in a loop).
    bool indexWaitingInWrite(int limit)
    {
        if (!hasWaiting())
            return false;
        Scope scope(*this);
        indexWaiting(limit);
        return scope.finish(true) && hasWaiting();
    }
    // Applies edits and deletions that arrived before their target message.
    void applyPendingTo(const QString &stream, qint64 seq);
    // Fills in the reactions of `messages` (one stream, sorted by seq), in the order they were made.
    void attachReactions(QList<StoredMessage> &messages);
    bool isOpen() const { return db.isOpen(); }

    QSqlDatabase db;
    QString connectionName;
    QString path;
    QHash<QString, QSqlQuery> statements;
    QHash<QString, StreamRow> streams;
    QSet<QString> dirtyStreams;
    qint64 indexedUpTo = 0; // messages.id; saved with the streams when changed
    qint64 newestMessageId = 0; // the highest messages.id (the next message gets a higher one)
    bool searchStateDirty = false;
    int batchDepth = 0;
    bool transactionFailed = false;
    int schemaVersion = 0;
    QString ownUser;
    QString lastError;
};

// SQLite's driver binds a null QString as NULL; our text columns are NOT NULL.
inline QString textValue(const QString &value)
{
    using namespace Qt::StringLiterals;
    return value.isNull() ? u""_s : value;
}

} // namespace confab::client
