#pragma once

#include "storeresult.h"

#include "protocol/frames.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace confab::relay {

// A stream as the store knows it.
struct StreamInfo {
    QString id;    // e.g. room:general
    QString kind;  // room, dm or topic
    QString epoch; // random, fixed at creation; changes only if the history is reset
    qint64 lastSeq = 0;
};

// The outcome of appending a message: the stored message, and whether it was already stored
// under the same (sender, client_msg_id) so that nothing new was written.
struct AppendResult {
    protocol::Message message;
    bool duplicate = false;
};

// Durable storage of users, streams and their events. Routing and sessions only see this
// interface, so a PostgreSQL store can join SQLite without touching them. Every method that
// returns successfully has committed its writes: a caller may acknowledge right after.
// Implementations are used from one thread (the relay's event loop).
class EventStore
{
public:
    virtual ~EventStore() = default;

    virtual void close() = 0;

    // false: the user already exists (nothing changed).
    virtual StoreResult<bool> addUser(const QString &name, const QByteArray &passwordHash) = 0;
    // The user's encoded password hash, or nothing for an unknown user.
    virtual StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) = 0;

    // false: the stream already exists (nothing changed).
    virtual StoreResult<bool> createStream(const QString &id) = 0;
    virtual StoreResult<std::optional<StreamInfo>> stream(const QString &id) = 0;

    // Stores a message as the stream's next sequence number, stamped with the commit time;
    // a repeat of the same sender and client_msg_id returns the original message instead.
    virtual StoreResult<AppendResult> append(const QString &stream, const QString &sender,
                                             const QString &clientMsgId, const QString &text) = 0;
    // Up to `limit` events of a stream with seq > afterSeq, oldest first.
    virtual StoreResult<QList<protocol::Message>> events(const QString &stream, qint64 afterSeq,
                                                         int limit) = 0;
};

} // namespace confab::relay
