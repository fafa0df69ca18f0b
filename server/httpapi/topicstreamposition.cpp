#include "topicstreamposition.h"

#include "eventstore.h"

namespace confab::relay {

namespace {

// The seq after which every retained event of the stream has ts >= time.
StoreResult<qint64> afterTime(EventStore &store, const StreamInfo &info, qint64 time)
{
    // Smallest s in [firstSeq, lastSeq + 1] whose first retained event at or after s is missing or
    // has ts >= time; the predicate is monotonic in s.
    qint64 low = std::max<qint64>(info.firstSeq, 1);
    qint64 high = info.lastSeq + 1;
    while (low < high) {
        const qint64 mid = low + (high - low) / 2;
        const StoreResult<EventPage> page = store.eventsAfter(info.id, mid - 1, 1);
        if (!page.ok())
            return page.error();
        const bool atOrAfter = page.value().events.isEmpty() || page.value().events.constFirst().ts >= time;
        if (atOrAfter)
            high = mid;
        else
            low = mid + 1;
    }
    return low - 1;
}

StoreResult<qint64> afterLatest(EventStore &store, const StreamInfo &info)
{
    const StoreResult<EventPage> page = store.eventsBefore(info.id, std::nullopt, 1);
    if (!page.ok())
        return page.error();
    if (page.value().events.isEmpty())
        return info.lastSeq;
    return page.value().events.constFirst().seq - 1;
}

} // namespace

StoreResult<QList<TopicStreamPosition>> TopicStreamPosition::resolve(
    EventStore &store, const QStringList &streamIds, const TopicStreamSince &since)
{
    QList<std::optional<StreamInfo>> infos;
    for (const QString &id : streamIds) {
        const StoreResult<std::optional<StreamInfo>> info = store.stream(id);
        if (!info.ok())
            return info.error();
        infos.append(info.value());
    }

    // A message id: its own topic starts right after it, the others after its time.
    TopicStreamSince effective = since;
    qsizetype idTopic = -1;
    if (since.kind == TopicStreamSince::Kind::Id) {
        effective.kind = TopicStreamSince::Kind::All;
        for (qsizetype i = 0; i < infos.size() && idTopic < 0; ++i) {
            if (infos.at(i) && NtfyMessage::epochMatches(since.id, infos.at(i)->epoch))
                idTopic = i;
        }
        if (idTopic >= 0) {
            const StoreResult<std::optional<StoredEvent>> event = store.event(infos.at(idTopic)->id, since.id.seq);
            if (!event.ok())
                return event.error();
            if (event.value()) {
                effective.kind = TopicStreamSince::Kind::Time;
                effective.time = event.value()->ts + 1;
            }
        }
    }

    QList<TopicStreamPosition> positions;
    for (qsizetype i = 0; i < infos.size(); ++i) {
        TopicStreamPosition position{streamIds.at(i)};
        const std::optional<StreamInfo> &info = infos.at(i);
        if (!info) {
            positions.append(position);
            continue;
        }
        position.epoch = info->epoch;
        if (i == idTopic) {
            position.afterSeq = std::clamp<qint64>(since.id.seq, 0, info->lastSeq);
            positions.append(position);
            continue;
        }
        switch (effective.kind) {
        case TopicStreamSince::Kind::New:
            position.afterSeq = info->lastSeq;
            break;
        case TopicStreamSince::Kind::All:
        case TopicStreamSince::Kind::Id:
            position.afterSeq = 0;
            break;
        case TopicStreamSince::Kind::Seq:
            position.afterSeq = std::clamp<qint64>(effective.seq, 0, info->lastSeq);
            break;
        case TopicStreamSince::Kind::Latest: {
            const StoreResult<qint64> after = afterLatest(store, *info);
            if (!after.ok())
                return after.error();
            position.afterSeq = after.value();
            break;
        }
        case TopicStreamSince::Kind::Time: {
            // After a message id: the session sends equal times in the order the topics are
            // named, so a topic named before the id's one had its messages of that ms sent
            // already, one named after had not.
            const qint64 time = idTopic >= 0 && i > idTopic ? effective.time - 1 : effective.time;
            const StoreResult<qint64> after = afterTime(store, *info, time);
            if (!after.ok())
                return after.error();
            position.afterSeq = after.value();
            break;
        }
        }
        positions.append(position);
    }
    return positions;
}

} // namespace confab::relay
