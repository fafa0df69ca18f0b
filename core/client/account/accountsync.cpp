// Account::Private: what the engine reports, applied to the local store. The store is idempotent
// (by seq and client_msg_id), so replays, duplicates and history pages may overlap freely; this
// file decides what is news for the app, when a catch-up begins and ends, and what to fetch.
#include "account_p.h"
#include "protocol/streamid.h"

#include <algorithm>
#include <chrono>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
// Events in one update that make it a flood (a conversation brings a few).
constexpr int kFloodEvents = 100;
// A flood that stops is shown this long after its last event, not at the end of the interval:
// the last messages of a burst should not wait half a second for the room to show them.
constexpr auto kFloodEndQuiet = std::chrono::milliseconds(100);
// Indexing for search indexes this many messages per turn of the event loop (about 5 ms).
constexpr int kIndexChunk = 250;

StoredMessage toStored(const proto::Message &m)
{
    StoredMessage stored;
    stored.stream = m.stream;
    stored.seq = m.seq;
    stored.ts = m.ts;
    stored.sender = m.sender;
    stored.clientMsgId = m.clientMsgId;
    stored.text = m.text;
    stored.replyTo = m.replyTo;
    stored.attachment = m.attachment;
    return stored;
}

StoredNotification toStored(const proto::Notification &n)
{
    StoredNotification stored;
    stored.stream = n.stream;
    stored.seq = n.seq;
    stored.ts = n.ts;
    stored.sender = n.sender;
    stored.clientMsgId = n.clientMsgId;
    stored.title = n.title;
    stored.body = n.body;
    stored.priority = n.priority;
    stored.tags = n.tags;
    stored.click = n.click;
    stored.icon = n.icon;
    stored.actions = n.actions;
    stored.expiresAt = n.expiresAt;
    stored.attachment = n.attachment;
    return stored;
}
} // namespace

void Account::Private::onConnected()
{
    // The engine subscribes every stream again in a new session: each one replays what it
    // missed, up to its `synced`.
    catchingUp = streams;
}

void Account::Private::onDisconnected()
{
    // No `synced` will end these catch-ups; what was applied so far is kept.
    catchingUp.clear();
    commitBatch();
}

void Account::Private::onSubscribed(const QString &stream, qint64 headSeq)
{
    if (!streams.contains(stream) || stream == proto::userStreamId(settings.username))
        return;
    if (store.cursor(stream))
        return;
    // A stream we have nothing of: live from the head on, and the newest page so that the view
    // has something to show.
    const StreamPosition head = engine->streamPosition(stream).value_or(StreamPosition { {}, headSeq });
    store.raiseCursor(stream, head);
    fetchNewest(stream);
}

void Account::Private::onSynced(const QString &stream, const QString &epoch, qint64 headSeq, bool recovered)
{
    if (!streams.contains(stream))
        return;
    if (recovered) {
        store.raiseCursor(stream, { epoch, headSeq });
    } else {
        // The relay cannot replay the gap (history reset or pruned): start over at its head and
        // show the newest page rather than a silent hole.
        qCInfo(lcAccount).noquote() << "resetting" << stream << "at" << epoch << headSeq;
        store.resetStream(stream, { epoch, headSeq });
        fetchNewest(stream);
        noteChanged(stream);
    }
    if (catchingUp.remove(stream) && catchingUp.isEmpty())
        commitBatch();
    Q_EMIT q->catchUpFinished(stream);
}

bool Account::Private::isNew(const QString &stream, const QString &epoch, qint64 seq) const
{
    const std::optional<StreamPosition> cursor = store.cursor(stream);
    if (!cursor) {
        for (const HistoryRequest &request : historyRequests) {
            if (request.stream == stream)
                return false;
        }
        return true;
    }
    if (!epoch.isEmpty() && !cursor->epoch.isEmpty() && epoch != cursor->epoch)
        return true;
    return seq > cursor->seq;
}

void Account::Private::onMessage(const proto::Message &message)
{
    const bool fresh = isNew(message.stream, message.epoch, message.seq);
    openBatch();
    if (!store.apply(message))
        return;
    noteChanged(message.stream);
    // Stored as it came: an edit, deletion or reaction always has a higher seq than its target
    // (the relay refuses one whose target it does not have), and every event the store holds is
    // at or below the cursor, so nothing can have changed a message above it. Reading it back
    // cost a fifth of a flood's time.
    if (fresh)
        Q_EMIT q->messageArrived(toStored(message), catchingUp.contains(message.stream));
}

void Account::Private::onNotification(const proto::Notification &notification)
{
    const bool fresh = isNew(notification.stream, notification.epoch, notification.seq);
    openBatch();
    if (!store.apply(notification))
        return;
    noteChanged(notification.stream);
    if (fresh)
        Q_EMIT q->notificationArrived(toStored(notification), catchingUp.contains(notification.stream));
}

void Account::Private::onHistoryFetched(
    const QString &requestId, const QString &stream, qint64 lowestSeq, bool hasMore)
{
    const auto it = historyRequests.constFind(requestId);
    if (it == historyRequests.cend())
        return; // somebody else's page (e.g. a headless `history` command): applied, not recorded
    const HistoryRequest request = *it;
    historyRequests.erase(it);
    store.recordHistoryPage(stream, lowestSeq, hasMore);
    noteChanged(stream);
    if (request.purpose == HistoryPurpose::Older)
        Q_EMIT q->olderLoaded(stream, !hasMore);
}

void Account::Private::onRequestUnanswered(const QString &requestId)
{
    const auto it = historyRequests.constFind(requestId);
    if (it == historyRequests.cend())
        return;
    const HistoryRequest request = *it;
    historyRequests.erase(it);
    // The view stops its spinner; scrolling up again asks again.
    if (request.purpose == HistoryPurpose::Older)
        Q_EMIT q->olderLoaded(request.stream, false);
}

void Account::Private::openBatch()
{
    if (batchOpen)
        return;
    store.beginBatch();
    batchOpen = true;
    batchTimer.start();
}

void Account::Private::commitBatch()
{
    if (!batchOpen)
        return;
    batchOpen = false;
    batchTimer.stop();
    store.commitBatch();
}

void Account::Private::noteChanged(const QString &stream)
{
    changedStreams.insert(stream);
    ++eventsSinceFlush;
    if (flushQueued) {
        if (flushTimer.isActive())
            putOffFlush();
        return;
    }
    flushQueued = true;
    const std::chrono::milliseconds interval = eventsInLastFlush >= kFloodEvents ? floodFlushInterval : flushInterval;
    const std::chrono::milliseconds sinceLast(lastFlush.isValid() ? lastFlush.elapsed() : interval.count());
    if (sinceLast < interval) {
        flushDeadline.setRemainingTime(interval - sinceLast);
        putOffFlush();
        return;
    }
    // One streamChanged() per stream and turn of the event loop, not one per event of a catch-up.
    QMetaObject::invokeMethod(
        q, [this] { flushChanged(); }, Qt::QueuedConnection);
}

void Account::Private::putOffFlush()
{
    // Once the interval is over the timer is left to fire. Restarted by every event it never
    // would while a flood lasts: the engine's next slice is a zero timer too, restarted in every
    // turn before this one could fire, and the room would show nothing until the flood ended.
    if (flushDeadline.hasExpired() && flushTimer.isActive())
        return;
    const auto untilDeadline = std::chrono::ceil<std::chrono::milliseconds>(flushDeadline.remainingTimeAsDuration());
    flushTimer.start(std::min<std::chrono::milliseconds>(kFloodEndQuiet, untilDeadline));
}

void Account::Private::flushChanged()
{
    if (!flushQueued)
        return; // flushed already (the timer and a queued call both asked)
    flushQueued = false;
    flushTimer.stop();
    eventsInLastFlush = std::exchange(eventsSinceFlush, 0);
    // Live events are committed with each update of the listeners, not one transaction each.
    if (catchingUp.isEmpty())
        commitBatch();
    const QSet<QString> changed = std::exchange(changedStreams, {});
    for (const QString &stream : changed)
        Q_EMIT q->streamChanged(stream);
    lastFlush.start(); // the interval starts once the listeners are done
    if (store.hasUnindexedMessages())
        indexTimer.start(kIndexDelay);
}

void Account::Private::indexSome()
{
    if (batchOpen) {
        // Events keep coming (or a catch-up runs): after them.
        indexTimer.start(kIndexDelay);
        return;
    }
    if (store.indexMessages(kIndexChunk))
        indexTimer.start(0);
}

} // namespace confab::client
