#pragma once

#include "protocol/frames.h"

#include <QHash>
#include <QList>
#include <QString>

namespace confab::relay {

class StreamSubscriber;

// The one place where events fan out: who listens to which stream, and the publish that
// serializes an event once and hands the same bytes to every listener. Fan-out to other relays
// (Redis pub/sub) plugs in here later without the sessions noticing.
class StreamHub
{
public:
    void subscribe(const QString &stream, StreamSubscriber *subscriber);
    void unsubscribeAll(StreamSubscriber *subscriber);
    bool isSubscribed(const QString &stream, const StreamSubscriber *subscriber) const;
    qsizetype subscriberCount(const QString &stream) const;

    void publish(const protocol::Message &message);

private:
    QHash<QString, QList<StreamSubscriber *>> m_subscribers;
    QHash<StreamSubscriber *, QList<QString>> m_streamsOf;
};

} // namespace confab::relay
