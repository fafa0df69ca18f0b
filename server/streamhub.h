#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace confab::relay {

class StreamSubscriber;

// The one place where events fan out: who listens to which stream, and the publish that hands
// the same serialized bytes to every listener. Stored events arrive here already encoded (by the
// store, once per event), so a thousand subscribers cost one serialization. Fan-out to other
// relays (Redis pub/sub) plugs in here later without the sessions noticing.
class StreamHub
{
public:
    void subscribe(const QString &stream, StreamSubscriber *subscriber);
    void unsubscribe(const QString &stream, StreamSubscriber *subscriber);
    void unsubscribeAll(StreamSubscriber *subscriber);
    // Every connection of `user` stops receiving `stream` (the user left it).
    void unsubscribeUser(const QString &stream, const QString &user);
    bool isSubscribed(const QString &stream, const StreamSubscriber *subscriber) const;
    qsizetype subscriberCount(const QString &stream) const;
    // Streams with at least one subscriber right now.
    qsizetype streamCount() const { return m_subscribers.size(); }

    // A stored event of `stream`, to every subscriber of it.
    void publish(const QString &stream, const QByteArray &frame);
    // An ephemeral signal of `stream` (typing), to every subscriber except `except`.
    void publishExcept(const QString &stream, const QByteArray &frame, const StreamSubscriber *except);
    // An ephemeral signal about several streams at once (presence): every subscriber of any of them
    // gets it exactly once.
    void publishOnce(const QStringList &streams, const QByteArray &frame);

private:
    QHash<QString, QList<StreamSubscriber *>> m_subscribers;
    QHash<StreamSubscriber *, QList<QString>> m_streamsOf;
};

} // namespace confab::relay
