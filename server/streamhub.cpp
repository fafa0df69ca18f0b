#include "streamhub.h"

#include "streamsubscriber.h"

#include <QSet>

namespace confab::relay {

void StreamHub::subscribe(const QString &stream, StreamSubscriber *subscriber)
{
    QList<StreamSubscriber *> &list = m_subscribers[stream];
    if (list.contains(subscriber))
        return;
    list.append(subscriber);
    m_streamsOf[subscriber].append(stream);
}

void StreamHub::unsubscribe(const QString &stream, StreamSubscriber *subscriber)
{
    const auto it = m_subscribers.find(stream);
    if (it == m_subscribers.end() || !it->removeOne(subscriber))
        return;
    if (it->isEmpty())
        m_subscribers.erase(it);
    const auto streams = m_streamsOf.find(subscriber);
    if (streams != m_streamsOf.end()) {
        streams->removeOne(stream);
        if (streams->isEmpty())
            m_streamsOf.erase(streams);
    }
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

void StreamHub::unsubscribeUser(const QString &stream, const QString &user)
{
    const QList<StreamSubscriber *> subscribers = m_subscribers.value(stream);
    for (StreamSubscriber *subscriber : subscribers) {
        if (subscriber->subscriberUser() == user)
            unsubscribe(stream, subscriber);
    }
}

bool StreamHub::isSubscribed(const QString &stream, const StreamSubscriber *subscriber) const
{
    const auto it = m_subscribers.constFind(stream);
    return it != m_subscribers.cend() && it->contains(subscriber);
}

qsizetype StreamHub::subscriberCount(const QString &stream) const
{
    return m_subscribers.value(stream).size();
}

void StreamHub::publish(const QString &stream, const QByteArray &frame)
{
    publishExcept(stream, frame, nullptr);
}

void StreamHub::publishExcept(const QString &stream, const QByteArray &frame, const StreamSubscriber *except)
{
    const auto it = m_subscribers.constFind(stream);
    if (it == m_subscribers.cend())
        return;
    // A copy of the list: delivering may close a session, which unsubscribes it.
    const QList<StreamSubscriber *> subscribers = *it;
    for (StreamSubscriber *subscriber : subscribers) {
        if (subscriber != except)
            subscriber->deliver(frame);
    }
}

void StreamHub::publishOnce(const QStringList &streams, const QByteArray &frame)
{
    // Nearly every event is on one stream: no set of who was served is needed then (building it
    // was a tenth of a 10,000-subscriber fan-out).
    if (streams.size() == 1) {
        publish(streams.constFirst(), frame);
        return;
    }
    QList<StreamSubscriber *> recipients;
    QSet<StreamSubscriber *> seen;
    for (const QString &stream : streams) {
        const auto it = m_subscribers.constFind(stream);
        if (it == m_subscribers.cend())
            continue;
        for (StreamSubscriber *subscriber : *it) {
            if (!seen.contains(subscriber)) {
                seen.insert(subscriber);
                recipients.append(subscriber);
            }
        }
    }
    for (StreamSubscriber *subscriber : recipients)
        subscriber->deliver(frame);
}

} // namespace confab::relay
