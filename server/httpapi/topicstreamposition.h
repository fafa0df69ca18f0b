#pragma once

#include "storeresult.h"
#include "topicstreamsince.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace confab::relay {

class EventStore;

// Where each topic of an HTTP subscription starts: the seq after which its replay begins, found
// from `since` against the store. A message id names a position in one topic (the one whose epoch
// it carries); the other topics of the subscription start after that message's time, as ntfy's
// one message cache does (TopicStreamSession sends the stored messages of several topics merged by
// time, so that is exactly where the client stopped). An id no topic's epoch matches (the history was reset since) replays
// everything retained, as a resync would. Times are found by binary search over seq, since a
// stream's commit times never decrease with seq.
struct TopicStreamPosition {
    QString streamId;
    QString epoch = {}; // empty: the topic does not exist yet
    qint64 afterSeq = 0;

    static StoreResult<QList<TopicStreamPosition>> resolve(
        EventStore &store, const QStringList &streamIds, const TopicStreamSince &since);
};

} // namespace confab::relay
