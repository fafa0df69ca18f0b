// LocalStore: per-stream cursors and what the cache holds of each stream.
#include "localstore_p.h"

#include <algorithm>
#include <limits>

namespace confab::client {

using namespace Qt::StringLiterals;

std::optional<StreamPosition> LocalStore::cursor(const QString &stream) const
{
    const auto it = d->streams.constFind(stream);
    if (it == d->streams.cend())
        return std::nullopt;
    return StreamPosition { it->epoch, it->cursor };
}

QStringList LocalStore::knownStreams() const
{
    QList<std::pair<qint64, QString>> ordered;
    for (auto it = d->streams.cbegin(); it != d->streams.cend(); ++it)
        ordered.append({ it->id, it.key() });
    std::sort(ordered.begin(), ordered.end());
    QStringList streams;
    for (const auto &entry : ordered)
        streams.append(entry.second);
    return streams;
}

void LocalStore::raiseCursor(const QString &stream, const StreamPosition &position)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    const bool known = d->streams.contains(stream);
    StreamRow &row = d->ensureStream(stream, position.epoch);
    if (known && !position.epoch.isEmpty() && !row.epoch.isEmpty() && row.epoch != position.epoch) {
        resetStream(stream, position); // the relay speaks of another history
        return;
    }
    if (row.epoch.isEmpty() && !position.epoch.isEmpty()) {
        row.epoch = position.epoch;
        d->rememberEpoch(stream, position.epoch);
    }
    if (position.seq > row.cursor) {
        // Nothing between the old cursor and the new one is cached: the contiguous range is gone.
        row.cursor = position.seq;
        row.oldestCached = 0;
        row.olderOnRelay = true;
    }
    d->saveStream(stream);
}

void LocalStore::resetStream(const QString &stream, const StreamPosition &position)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    StreamRow &row = d->ensureStream(stream, position.epoch);
    d->dropCachedEvents(stream);
    row.epoch = position.epoch;
    row.cursor = std::max<qint64>(0, position.seq);
    row.oldestCached = 0;
    row.olderOnRelay = true;
    if (!position.epoch.isEmpty())
        d->rememberEpoch(stream, position.epoch);
    d->saveStream(stream);
}

void LocalStore::forgetStream(const QString &stream)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    d->dropCachedEvents(stream);
    d->run(u"DELETE FROM streams WHERE stream = ?"_s, { stream });
    d->run(u"DELETE FROM stream_epochs WHERE stream = ?"_s, { stream });
    d->streams.remove(stream);
}

StreamCacheState LocalStore::cacheState(const QString &stream) const
{
    StreamCacheState state;
    if (!d->isOpen())
        return state;
    if (const auto it = d->streams.constFind(stream); it != d->streams.cend()) {
        state.epoch = it->epoch;
        state.cursor = it->cursor;
        state.oldestCached = it->oldestCached;
        state.olderOnRelay = it->olderOnRelay;
    }
    QSqlQuery &marker = d->statement(u"SELECT target FROM read_markers WHERE stream = ?"_s);
    if (d->run(marker, { stream }) && marker.next())
        state.readMarker = marker.value(0).toLongLong();
    marker.finish();
    // Own messages are never unread (sent from this or another desktop of the user).
    QSqlQuery &unread = d->statement(u"SELECT count(*) FROM messages WHERE stream = ? AND seq > ?"
                                     " AND deleted = 0 AND sender <> ?"_s);
    if (d->run(unread, { stream, state.readMarker, textValue(d->ownUser) }) && unread.next())
        state.unread = unread.value(0).toInt();
    unread.finish();
    return state;
}

void LocalStore::recordHistoryPage(const QString &stream, qint64 lowestSeq, bool hasMore)
{
    if (!d->isOpen())
        return;
    Private::Scope scope(*d);
    StreamRow &row = d->ensureStream(stream, {});
    // The page was asked for below the cached range (or from the head): it joins that range.
    if (lowestSeq > 0 && lowestSeq <= row.cursor && (row.oldestCached == 0 || lowestSeq < row.oldestCached)) {
        row.oldestCached = lowestSeq;
        d->extendDown(stream, row);
    }
    row.olderOnRelay = hasMore && row.oldestCached != 1;
    d->saveStream(stream);
}

} // namespace confab::client
