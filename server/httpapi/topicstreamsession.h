#pragma once

#include "storedevent.h"
#include "streamsubscriber.h"
#include "topicstreamgrant.h"
#include "topicstreamposition.h"
#include "topicstreamrequest.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace confab::relay {

class EventStore;
class HttpExchange;
class StreamHub;
struct RelayConfig;

// One HTTP topic subscription being served: the `open` event, the stored notifications after
// each topic's start (read a page at a time, paced by what the peer has taken, like ReplayPump),
// then live notifications from the StreamHub, with keepalive events in between; a poll ends after
// the stored ones. The stored notifications of several topics are merged by commit time, as
// ntfy's one cache serves them, so that the last id a client saw is a position in every topic
// (?since=<id> resumes without a gap; TopicStreamPosition). It subscribes to the hub before
// reading, and ignores live events until the replay has read every topic to the end of the store
// in one turn of the event loop (the replay sends them itself); afterwards anything at or below
// the last seq sent is dropped, so nothing is missed or sent twice.
// It lives as a child of the exchange and stops when the peer goes, when the peer reads so
// slowly that more than config.maxUnsentBytes wait for it or stops reading for two keepalive
// intervals, or when the subscriber may no longer read (TopicStreamGrant: token revoked or
// expired, user removed, ACL changed).
class TopicStreamSession : public QObject, public StreamSubscriber
{
    Q_OBJECT

public:
    TopicStreamSession(HttpExchange *exchange, EventStore &store, StreamHub &hub, const RelayConfig &config,
        TopicStreamRequest request, QList<TopicStreamPosition> positions, TopicStreamGrant grant, QString user);
    ~TopicStreamSession() override;

    void start();

    void deliver(const QByteArray &frame) override;
    QString subscriberUser() const override { return m_user; }

private:
    struct Topic {
        TopicStreamPosition position;
        qint64 lastSent = 0;           // the replay's read position, then the live dedup mark
        QList<StoredEvent> pending = {}; // read, not yet sent (the replay merges the topics' heads)
        bool endReached = false;        // read to the end of the store in this turn
    };

    void pump();
    // Reads the next page of a topic into `pending`; false when the store failed (the stream ended).
    bool refill(Topic &topic);
    void onBytesWritten();
    void onKeepalive();
    // Ends the stream (the body ends cleanly) when the grant is gone; true when it did.
    bool endIfRevoked();
    void send(const protocol::Notification &notification);
    void stop();
    bool overCap() const;

    HttpExchange *m_exchange; // our parent: it outlives us
    EventStore &m_store;
    StreamHub &m_hub;
    const RelayConfig &m_config;
    TopicStreamRequest m_request;
    QList<Topic> m_topics;
    TopicStreamGrant m_grant;
    QString m_user;
    QTimer m_keepalive;
    bool m_caughtUp = false; // the replay is done: live events go out
    bool m_waiting = false;  // the replay waits for the peer to take what was written
    bool m_tookSinceTick = false; // the peer took bytes since the last keepalive
    int m_idleTicks = 0;          // keepalives in a row at which it had taken nothing while bytes waited
    bool m_stopped = false;
};

} // namespace confab::relay
