// ClientSession: subscribe (ack, exact replay, synced), unsubscribe and history paging.
#include "clientsession.h"
#include "eventstore.h"
#include "streamhub.h"

#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;

namespace {

constexpr int kReplayPageSize = 500;

} // namespace

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
        if (recovered && !replay(*stream, since)) {
            sendError(
                subscribe.id, ErrorCode::Internal, u"the relay could not read the stream; subscribe again"_s);
            return;
        }
    }
    // Everything runs on the relay's one thread and commits fan out within one turn of the loop,
    // so no event can fall between the replay's end and the live subscription.
    m_services.hub.subscribe(stream->id, this);
    sendFrame(protocol::Synced { stream->id, stream->epoch, stream->lastSeq, recovered });
}

bool ClientSession::replay(const StreamInfo &stream, qint64 afterSeq)
{
    qint64 next = afterSeq;
    while (next < stream.lastSeq) {
        const StoreResult<EventPage> page = m_services.store.eventsAfter(stream.id, next, kReplayPageSize);
        if (!page.ok())
            return false;
        // Stored frames go out exactly as committed: no decoding, no re-encoding.
        for (const StoredEvent &event : page.value().events)
            m_socket->sendBinaryMessage(event.frame);
        if (page.value().events.isEmpty() || !page.value().hasMore)
            break;
        next = page.value().events.constLast().seq;
    }
    return true;
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
    for (const StoredEvent &event : page.value().events)
        m_socket->sendBinaryMessage(event.frame);

    protocol::Ack ack;
    ack.id = history.id;
    ack.stream = stream->id;
    ack.epoch = stream->epoch;
    ack.seq = page.value().events.isEmpty() ? 0 : page.value().events.constFirst().seq;
    ack.firstSeq = stream->firstSeq;
    ack.hasMore = page.value().hasMore;
    sendFrame(ack);
}

} // namespace confab::relay
