#pragma once

#include "client/streamposition.h"
#include "protocol/chatframes.h"
#include "protocol/notificationframes.h"
#include "protocol/roomframes.h"
#include "storedrecords.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace confab::client {

// One account's local database (SQLite, a file in the app's data folder): cached messages and
// notifications with their edits, deletions, reactions and dismissals, per-stream cursors, read
// markers, the persistent outbox, and an FTS5 index over message and notification text. The
// schema is versioned (PRAGMA user_version) and migrated forward on open; WAL with
// synchronous=NORMAL, so a commit survives the app being killed.
//
// Applying events is idempotent: an event whose (stream, seq) or (sender, client_msg_id) is
// there already changes nothing, so replays, duplicates and reordering never show twice. Events
// may arrive in any order (history pages go backwards); the store orders by seq.
//
// Epochs: each stream remembers the epochs it has seen. An event of an epoch never seen for its
// stream means the relay reset that stream's history: the stream's cached events are dropped and
// the stream starts over from that event. An event of an epoch seen before (but not the current
// one) is a late leftover of the old history and is ignored (apply() returns false).
//
// Errors are values: open() says what went wrong in plain words; a later failing statement is
// logged and reported by lastError(). A write (or a batch) is all or nothing: when any statement
// of it fails, or its commit does, all of it is rolled back, the cursors return to what the file
// holds, and apply() returns false with lastError() saying why (lastError() is cleared when a
// write starts, so after apply() returned false an empty one means "duplicate").
// Not thread-safe; one instance per account and thread.
class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    // Opens (creating and migrating) the database at `path`; nullopt on success, else the reason
    // in plain words (e.g. a file from a newer Confab, a corrupt file, no permission).
    std::optional<QString> open(const QString &path);
    bool isOpen() const;
    void close();
    static int currentSchemaVersion();
    int schemaVersion() const;
    QString lastError() const;
    // The account's own user name: its messages never count as unread.
    void setOwnUser(const QString &userName);

    // A group of changes committed at once (a catch-up of thousands of events); nestable, the
    // outermost commitBatch() writes. false: the batch failed and nothing of it was saved (the
    // apply() calls after the failure returned false already); lastError() says why.
    void beginBatch();
    bool commitBatch();

    // --- Events from the relay. Each returns true when it changed the store (false: a
    // duplicate or something the store cannot place, e.g. an edit of an unknown message, which
    // it keeps and applies once the message arrives).
    bool apply(const protocol::Message &event);
    bool apply(const protocol::Edited &event);
    bool apply(const protocol::Deleted &event);
    bool apply(const protocol::Reaction &event);
    bool apply(const protocol::Read &event);         // my read marker for event.targetStream
    bool apply(const protocol::Notification &event);
    bool apply(const protocol::Dismissed &event);    // dismissal in event.targetStream
    bool apply(const protocol::Member &event);

    // --- Cursors: the position to resume each stream from.
    std::optional<StreamPosition> cursor(const QString &stream) const;
    // Every stream with a cursor (what to subscribe again at start-up), in first-seen order.
    QStringList knownStreams() const;
    // Raises the cursor (never lowers it within one epoch), e.g. from a `synced` or a subscribe ack.
    void raiseCursor(const QString &stream, const StreamPosition &position);
    // The history was reset (another epoch) or cannot be replayed (recovered: false): forget the
    // stream's cached events and start over at `position` (the relay's head).
    void resetStream(const QString &stream, const StreamPosition &position);
    void forgetStream(const QString &stream);
    StreamCacheState cacheState(const QString &stream) const;
    // A history page arrived: events down to `lowestSeq` are now cached; `hasMore` false means
    // nothing older exists on the relay.
    void recordHistoryPage(const QString &stream, qint64 lowestSeq, bool hasMore);

    // --- Reading the cache, oldest first.
    // Up to `limit` messages with seq < before (from the newest when absent).
    QList<StoredMessage> messages(const QString &stream, std::optional<qint64> before = std::nullopt,
                                  int limit = 50) const;
    std::optional<StoredMessage> message(const QString &stream, qint64 seq) const;
    QList<StoredNotification> notifications(const QString &topic = {}, bool includeDismissed = false,
                                            int limit = 200) const; // empty topic = every topic
    int messageCount(const QString &stream = {}) const;

    // --- Full-text search (FTS5) across messages and notifications, best first. `query` is what
    // the user typed: words are matched as prefixes, quotes and operators are not interpreted
    // (any input is safe).
    QList<SearchHit> search(const QString &query, int limit = 50) const;
    // The index follows the messages a little behind: a message is indexed in a chunk after it
    // arrived (indexMessages()), not on its own as it arrives (during a flood that cost a third of
    // applying each message). search() first indexes whatever waits, so it finds every message;
    // an idle moment should call indexMessages() so that a search need not. What waits is
    // remembered in the file. Edits and deletions of a waiting message are simply indexed as
    // they left it.
    bool hasUnindexedMessages() const;
    // Indexes up to `limit` waiting messages (every one when limit <= 0), in a write of its own
    // or in the open batch; returns whether more wait (false too when the write failed).
    bool indexMessages(int limit = 0);

    // --- The outbox.
    // Writes the request before it is sent; returns the entry (with its id), or nullopt on error.
    std::optional<OutboxEntry> enqueue(const QString &key, const QString &stream, const QByteArray &frame,
                                       const QString &text = {});
    QList<OutboxEntry> outbox() const;           // every entry, in send order
    QList<OutboxEntry> pendingOutbox() const;    // State::Sending only, in send order
    std::optional<OutboxEntry> outboxEntry(const QString &key) const;
    void acknowledge(const QString &key);        // delivered: removed
    void markFailed(const QString &key, const QString &errorCode, const QString &error);
    bool retry(const QString &key);              // Failed -> Sending, moved to the end of the order
    bool discard(const QString &key);            // removed without sending

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace confab::client
