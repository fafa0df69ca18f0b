#include "commitqueue.h"

#include "eventstore.h"
#include "relaylog.h"
#include "streamhub.h"

namespace confab::relay {

CommitQueue::CommitQueue(EventStore &store, StreamHub &hub, int maxBatch, QObject *parent)
    : QObject(parent), m_store(store), m_hub(hub), m_maxBatch(qMax(1, maxBatch))
{
    // A 0 ms timer fires once the event loop has handled what is already waiting (every frame
    // that arrived together), which is exactly "when the loop is idle".
    m_idle.setSingleShot(true);
    m_idle.setInterval(0);
    connect(&m_idle, &QTimer::timeout, this, &CommitQueue::flush);
}

CommitQueue::~CommitQueue() = default;

void CommitQueue::enqueue(QList<NewEvent> events, Committed committed, Delivered delivered)
{
    m_pending.append(Request { std::move(events), std::move(committed), std::move(delivered) });
    if (m_pending.size() >= m_maxBatch)
        flush();
    else if (!m_idle.isActive())
        m_idle.start();
}

void CommitQueue::flush()
{
    m_idle.stop();
    // Callbacks may enqueue more (the scheduler delivering due notifications): keep going until
    // nothing waits, one transaction per maxBatch requests.
    while (!m_pending.isEmpty()) {
        const qsizetype count = qMin<qsizetype>(m_pending.size(), m_maxBatch);
        QList<Request> batch = m_pending.mid(0, count);
        m_pending.remove(0, count);
        commit(std::move(batch));
    }
}

void CommitQueue::commit(QList<Request> batch)
{
    QList<NewEvent> events;
    for (const Request &request : std::as_const(batch))
        events += request.events;

    Outcomes result = events.isEmpty() ? Outcomes(QList<AppendOutcome> {}) : m_store.appendBatch(events);
    if (result.ok())
        ++m_batches;
    if (!result.ok() && batch.size() > 1) {
        // One request can spoil a transaction for everyone (a constraint, a bad stream): retry each
        // on its own so only the culprit is told to try again.
        qCWarning(lcRelayStore).noquote()
            << "a batch of" << batch.size()
            << "requests failed; committing them one by one:" << result.error().message;
        for (Request &request : batch)
            commit({ std::move(request) });
        return;
    }
    if (!result.ok()) {
        qCWarning(lcRelayStore).noquote() << "commit failed:" << result.error().message;
        for (Request &request : batch)
            finish(request, result.error());
        return;
    }

    const QList<AppendOutcome> &outcomes = result.value();
    qsizetype offset = 0;
    for (Request &request : batch) {
        const QList<AppendOutcome> own = outcomes.mid(offset, request.events.size());
        offset += request.events.size();
        finish(request, own);
    }
}

void CommitQueue::finish(Request &request, const Outcomes &outcomes)
{
    if (request.committed)
        request.committed(outcomes);
    if (outcomes.ok()) {
        for (const AppendOutcome &outcome : outcomes.value()) {
            if (outcome.status == AppendStatus::Appended)
                m_hub.publish(outcome.event.stream, outcome.event.frame);
            else if (outcome.status == AppendStatus::Scheduled && outcome.scheduled)
                Q_EMIT notificationScheduled(outcome.scheduled->deliverAt);
        }
    }
    if (request.delivered)
        request.delivered();
}

} // namespace confab::relay
