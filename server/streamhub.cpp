#include "streamhub.h"

#include "streamsubscriber.h"

#include "protocol/codec.h"

namespace confab::relay {

void StreamHub::subscribe(const QString &stream, StreamSubscriber *subscriber)
{
    QList<StreamSubscriber *> &list = m_subscribers[stream];
    if (list.contains(subscriber))
        return;
    list.append(subscriber);
    m_streamsOf[subscriber].append(stream);
}

void StreamHub::unsubscribeAll(StreamSubscriber *subscriber)
{
    const QList<QString> streams = m_streamsOf.take(subscriber);
    for (const QString &stream : streams) {
        auto it = m_subscribers.find(stream);
        if (it == m_subscribers.end())
            continue;
        it->removeOne(subscriber);
        if (it->isEmpty())
            m_subscribers.erase(it);
    }
}

bool StreamHub::isSubscribed(const QString &stream, const StreamSubscriber *subscriber) const
{
    return m_subscribers.value(stream).contains(subscriber);
}

qsizetype StreamHub::subscriberCount(const QString &stream) const
{
    return m_subscribers.value(stream).size();
}

void StreamHub::publish(const protocol::Message &message)
{
    const auto it = m_subscribers.constFind(message.stream);
    if (it == m_subscribers.cend())
        return;
    const QByteArray frame = protocol::encode(message);
    // A copy of the list: delivering may close a session, which unsubscribes it.
    const QList<StreamSubscriber *> subscribers = *it;
    for (StreamSubscriber *subscriber : subscribers)
        subscriber->deliver(frame);
}

} // namespace confab::relay
