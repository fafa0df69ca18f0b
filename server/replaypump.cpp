#include "replaypump.h"

#include "eventstore.h"

#include "sessiontransport.h"

#include <QTimer>

namespace confab::relay {

namespace {

constexpr int kPageSize = 500;

} // namespace

ReplayPump::ReplayPump(SessionTransport *transport, EventStore &store, const QString &stream, qint64 afterSeq,
    qint64 pauseAboveBytes, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
    , m_store(store)
    , m_stream(stream)
    , m_next(afterSeq)
    , m_pauseAbove(pauseAboveBytes)
{
    connect(m_transport, &SessionTransport::bytesWritten, this, &ReplayPump::onBytesWritten);
    connect(m_transport, &SessionTransport::disconnected, this, [this] { m_done = true; });
}

void ReplayPump::start()
{
    pump();
}

void ReplayPump::onBytesWritten()
{
    if (m_waiting && m_transport->bytesToWrite() <= m_pauseAbove) {
        m_waiting = false;
        pump();
    }
}

void ReplayPump::pump()
{
    if (m_done)
        return;
    if (m_transport->bytesToWrite() > m_pauseAbove) {
        m_waiting = true;
        return;
    }
    const StoreResult<EventPage> page = m_store.eventsAfter(m_stream, m_next, kPageSize);
    if (!page.ok()) {
        m_done = true;
        Q_EMIT finished(false);
        return;
    }
    // Stored frames go out exactly as committed: no decoding, no re-encoding. One page can be
    // larger than the threshold (500 events of a few KiB), so the queue is checked per event; the
    // rest of the page is read again once the transport has drained.
    for (const StoredEvent &event : page.value().events) {
        m_transport->sendFrame(event.frame);
        m_next = event.seq;
        if (m_transport->bytesToWrite() > m_pauseAbove) {
            m_waiting = true;
            return;
        }
    }
    if (page.value().events.isEmpty() || !page.value().hasMore) {
        m_done = true;
        Q_EMIT finished(true);
        return;
    }
    // One page per turn of the event loop: other clients are served between the pages.
    QTimer::singleShot(0, this, &ReplayPump::pump);
}

} // namespace confab::relay
