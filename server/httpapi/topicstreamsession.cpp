#include "topicstreamsession.h"

#include "eventstore.h"
#include "ntfymessage.h"
#include "relayconfig.h"
#include "relaylog.h"
#include "streamhub.h"

#include "http/httpexchange.h"

#include <QDateTime>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

constexpr int kPageSize = 200;
// Store reads in one turn of the event loop before the replay yields: a deep history, or a filter
// that matches nothing in it, must not hold up every other client of the relay. Enough for a
// few pages plus the closing pass that finds every topic at its end (one read per topic).
constexpr int kReadsPerTurn = 8;
// Keepalive intervals a peer may take nothing of what waits for it before it is dropped.
constexpr int kIdleTicksAllowed = 2;

} // namespace

TopicStreamSession::TopicStreamSession(HttpExchange *exchange, EventStore &store, StreamHub &hub,
    const RelayConfig &config, TopicStreamRequest request, QList<TopicStreamPosition> positions,
    TopicStreamGrant grant, QString user)
    : QObject(exchange)
    , m_exchange(exchange)
    , m_store(store)
    , m_hub(hub)
    , m_config(config)
    , m_request(std::move(request))
    , m_grant(std::move(grant))
    , m_user(std::move(user))
{
    for (TopicStreamPosition &position : positions) {
        const qint64 after = position.afterSeq;
        m_topics.append(Topic{std::move(position), after});
    }
    connect(exchange, &HttpExchange::closed, this, &TopicStreamSession::stop);
    connect(exchange, &HttpExchange::bytesWritten, this, &TopicStreamSession::onBytesWritten);
    m_keepalive.setInterval(m_config.httpKeepaliveInterval);
    connect(&m_keepalive, &QTimer::timeout, this, &TopicStreamSession::onKeepalive);
}

TopicStreamSession::~TopicStreamSession()
{
    m_hub.unsubscribeAll(this);
}

void TopicStreamSession::start()
{
    if (!m_exchange || m_exchange->isClosed())
        return;
    m_exchange->beginStream(200, {{"Content-Type", m_request.contentType()}, {"Access-Control-Allow-Origin", "*"}});
    // Subscribed before the first read: whatever is committed from now on either is read by the
    // replay or arrives here once the replay is done.
    if (!m_request.poll) {
        for (const Topic &topic : std::as_const(m_topics))
            m_hub.subscribe(topic.position.streamId, this);
        m_exchange->write(
            m_request.formatted(NtfyMessage::openEvent(m_request.topicNames, QDateTime::currentMSecsSinceEpoch())));
    }
    // A poll sends no keepalive events, but its timer still notices a peer that stopped reading.
    m_keepalive.start();
    pump();
}

void TopicStreamSession::onKeepalive()
{
    // Also the moment a quiet stream notices a revoked token or a changed ACL.
    if (m_stopped || !m_exchange || endIfRevoked())
        return;
    // A peer that took nothing for two whole intervals while bytes wait for it has stopped reading
    // (a paused replay would otherwise hold its page and its socket for ever).
    m_idleTicks = m_exchange->bytesToWrite() > 0 && !m_tookSinceTick ? m_idleTicks + 1 : 0;
    m_tookSinceTick = false;
    if (m_idleTicks > kIdleTicksAllowed) {
        qCInfo(lcRelay).noquote() << "http subscription of" << m_exchange->request().peer()
                                  << "closed: the peer stopped reading";
        stop();
        m_exchange->abort();
        return;
    }
    if (!m_request.poll) {
        m_exchange->write(m_request.formatted(
            NtfyMessage::keepaliveEvent(m_request.topicNames, QDateTime::currentMSecsSinceEpoch())));
    }
}

bool TopicStreamSession::endIfRevoked()
{
    if (m_grant.stillAllowed(QDateTime::currentMSecsSinceEpoch()))
        return false;
    qCInfo(lcRelay).noquote() << "http subscription of" << m_exchange->request().peer()
                              << "ended: no longer allowed to read" << m_request.topicNames.join(u',');
    stop();
    m_exchange->finish();
    return true;
}

void TopicStreamSession::onBytesWritten()
{
    m_tookSinceTick = true;
    if (m_waiting && !m_stopped && m_exchange && m_exchange->bytesToWrite() <= m_config.maxUnsentBytes / 2) {
        m_waiting = false;
        pump();
    }
}

void TopicStreamSession::pump()
{
    // The replay pauses at half the unsent cap, leaving room for keepalives.
    const qint64 pauseAbove = std::max<qint64>(m_config.maxUnsentBytes / 2, 1);
    // A topic found at its end in an earlier turn may have got more since (its live events were
    // left to the store), so each turn reads it again.
    for (Topic &topic : m_topics)
        topic.endReached = false;
    const qsizetype readBudget = kReadsPerTurn + m_topics.size();
    qsizetype reads = 0;
    while (!m_stopped && m_exchange && !m_caughtUp) {
        if (m_exchange->bytesToWrite() > pauseAbove) {
            m_waiting = true;
            return;
        }
        Topic *next = nullptr;
        for (Topic &topic : m_topics) {
            if (topic.pending.isEmpty() && !topic.endReached) {
                if (reads == readBudget) {
                    // Not caught up, so live events are still left to the store: yielding loses nothing.
                    QTimer::singleShot(0, this, &TopicStreamSession::pump);
                    return;
                }
                ++reads;
                if (!refill(topic))
                    return;
            }
            // The oldest head first; equal times in the order the topics were named
            // (TopicStreamPosition relies on it).
            if (!topic.pending.isEmpty()
                && (!next || topic.pending.constFirst().ts < next->pending.constFirst().ts))
                next = &topic;
        }
        if (!next) {
            // Every topic read to its end in this turn: from here on the hub brings the rest.
            m_caughtUp = true;
            break;
        }
        const StoredEvent event = next->pending.takeFirst();
        if (event.type != protocol::MessageType::Notification)
            continue;
        if (const std::optional<protocol::Notification> notification = NtfyMessage::notificationOf(event.frame))
            send(*notification);
    }
    if (m_caughtUp && m_request.poll && !m_stopped && m_exchange) {
        stop();
        m_exchange->finish();
    }
}

bool TopicStreamSession::refill(Topic &topic)
{
    // Topics that did not exist when the subscription began are read too: one may be created
    // while the replay runs, and its first live events were left to the store.
    const StoreResult<EventPage> page = m_store.eventsAfter(topic.position.streamId, topic.lastSent, kPageSize);
    if (!page.ok()) {
        qCWarning(lcRelay).noquote() << "http subscription: reading" << topic.position.streamId
                                     << "failed:" << page.error().message;
        stop();
        if (m_exchange)
            m_exchange->finish();
        return false;
    }
    topic.pending = page.value().events;
    if (topic.pending.isEmpty()) {
        topic.endReached = true;
        return true;
    }
    topic.lastSent = topic.pending.constLast().seq;
    topic.position.epoch = topic.pending.constLast().epoch;
    return true;
}

void TopicStreamSession::deliver(const QByteArray &frame)
{
    if (m_stopped || !m_exchange || !m_caughtUp)
        return; // before the end of the replay, the replay reads it from the store
    const std::optional<protocol::Notification> notification = NtfyMessage::notificationOf(frame);
    if (!notification)
        return; // not a notification (nothing else is shown over this API)
    for (Topic &topic : m_topics) {
        if (topic.position.streamId != notification->stream)
            continue;
        if (topic.position.epoch != notification->epoch) {
            // The topic was created after the subscription began, or its history was reset:
            // seqs start again.
            topic.position.epoch = notification->epoch;
            topic.lastSent = 0;
        }
        if (notification->seq <= topic.lastSent)
            return;
        if (endIfRevoked())
            return;
        topic.lastSent = notification->seq;
        send(*notification);
        if (overCap()) {
            qCInfo(lcRelay).noquote() << "http subscription of" << m_exchange->request().peer()
                                      << "closed: too slow (unsent bytes above the cap)";
            stop();
            m_exchange->abort(); // what waits is discarded: it would only make a slow reader slower
        }
        return;
    }
}

void TopicStreamSession::send(const protocol::Notification &notification)
{
    if (!m_request.filter.accepts(notification))
        return;
    m_exchange->write(m_request.formatted(NtfyMessage::fromNotification(notification)));
}

bool TopicStreamSession::overCap() const
{
    return m_exchange && m_exchange->bytesToWrite() > m_config.maxUnsentBytes;
}

void TopicStreamSession::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_waiting = false;
    m_keepalive.stop();
    m_hub.unsubscribeAll(this);
}

} // namespace confab::relay
