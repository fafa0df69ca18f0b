// ClientSession: subscribe (ack, exact replay, synced), unsubscribe and history paging.
#include "clientsession.h"
#include "eventstore.h"
#include "replaypump.h"
#include "sessiontransport.h"
#include "streamhub.h"

#include <QTimer>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;

void ClientSession::onSubscribe(const protocol::Subscribe &subscribe)
{
    const std::optional<StreamInfo> stream = allowed(subscribe.id, subscribe.stream, AccessPolicy::Use::Read);
    if (!stream)
        return;

    protocol::Ack ack;
    ack.id = subscribe.id;
    ack.stream = stream->id;
    ack.epoch = stream->epoch;
    ack.seq = stream->lastSeq;
    ack.firstSeq = stream->firstSeq;
    sendFrame(ack);

    // The replay is exact only if the client's cursor belongs to this epoch and nothing after it
    // has been pruned; otherwise the client must resync (history from the head) rather than see
    // a silent gap.
    bool recovered = true;
    if (subscribe.since) {
        const qint64 since = *subscribe.since;
        recovered = (subscribe.epoch.isEmpty() || subscribe.epoch == stream->epoch)
            && since >= stream->firstSeq - 1 && since <= stream->lastSeq;
        if (recovered && since < stream->lastSeq) {
            replay(subscribe.id, *stream, since);
            return;
        }
    }
    goLive(*stream, stream->lastSeq, recovered);
}

void ClientSession::replay(const QString &requestId, const StreamInfo &stream, qint64 afterSeq)
{
    // The replay spans several turns of the event loop. Requests behind it wait, as they would
    // behind a commit, so the client sees the same order as if it had been sent in one go.
    m_order.commitStarted(protocol::MessageType::Subscribe);
    // Pausing at half the cap leaves room for live events to other streams meanwhile.
    auto *pump = new ReplayPump(m_transport, m_services.store, stream.id, afterSeq,
        std::max<qint64>(m_services.config.maxUnsentBytes / 2, 1), this);
    connect(pump, &ReplayPump::finished, this, [this, pump, requestId, stream](bool ok) {
        pump->deleteLater();
        m_order.commitFinished(protocol::MessageType::Subscribe);
        if (m_state != State::Authenticated)
            return;
        if (ok) {
            goLive(stream, std::max(stream.lastSeq, pump->lastSentSeq()), true);
        } else {
            sendError(
                requestId, ErrorCode::Internal, u"the relay could not read the stream; subscribe again"_s);
        }
        runHeld();
    });
    // Started from the event loop, so its end (which runs held requests) never nests inside
    // the dispatch of this subscribe.
    QTimer::singleShot(0, pump, &ReplayPump::start);
}

void ClientSession::goLive(const StreamInfo &stream, qint64 seq, bool recovered)
{
    // Everything runs on the relay's one thread and commits fan out within one turn of the loop,
    // and the replay's last page was read in this turn: no event can fall between the replay's
    // end and the live subscription.
    m_services.hub.subscribe(stream.id, this);
    sendFrame(protocol::Synced { stream.id, stream.epoch, seq, recovered });
}

void ClientSession::onUnsubscribe(const protocol::Unsubscribe &unsubscribe)
{
    // Idempotent: unsubscribing from a stream one is not subscribed to changes nothing.
    m_services.hub.unsubscribe(unsubscribe.stream, this);
    acknowledge(unsubscribe.id, unsubscribe.stream);
}

void ClientSession::onHistory(const protocol::History &history)
{
    const std::optional<StreamInfo> stream = allowed(history.id, history.stream, AccessPolicy::Use::Read);
    if (!stream)
        return;
    const StoreResult<EventPage> page
        = m_services.store.eventsBefore(stream->id, history.before, history.limit);
    if (!page.ok()) {
        sendError(history.id, ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
        return;
    }
    // A page of long messages could be larger than the unsent-bytes cap meant for slow readers:
    // send only the newest events that fit in half of it (at least one), and say has_more, so
    // the client pages on from the lowest seq sent. A short page is a normal page to a client.
    const QList<StoredEvent> &events = page.value().events;
    const qint64 budget = m_services.config.maxUnsentBytes / 2 - m_transport->bytesToWrite();
    qsizetype first = events.size();
    for (qint64 bytes = 0; first > 0; --first) {
        bytes += events.at(first - 1).frame.size();
        if (bytes > budget && first < events.size())
            break;
    }
    for (qsizetype i = first; i < events.size(); ++i)
        m_transport->sendFrame(events.at(i).frame);

    protocol::Ack ack;
    ack.id = history.id;
    ack.stream = stream->id;
    ack.epoch = stream->epoch;
    ack.seq = first < events.size() ? events.at(first).seq : 0;
    ack.firstSeq = stream->firstSeq;
    ack.hasMore = page.value().hasMore || first > 0;
    sendFrame(ack);
}

} // namespace confab::relay
