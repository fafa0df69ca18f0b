#include "commitqueue.h"

#include "eventstore.h"
#include "metrics/relaymetrics.h"
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

    const auto started = std::chrono::steady_clock::now();
    Outcomes result = events.isEmpty() ? Outcomes(QList<AppendOutcome> {}) : m_store.appendBatch(events);
    const auto committedAt = std::chrono::steady_clock::now();
    if (result.ok())
        ++m_batches;
    if (m_metrics && !events.isEmpty())
        m_metrics->storeCommit(committedAt - started);
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
            finish(request, result.error(), committedAt);
        return;
    }

    const QList<AppendOutcome> &outcomes = result.value();
    qsizetype offset = 0;
    for (Request &request : batch) {
        const QList<AppendOutcome> own = outcomes.mid(offset, request.events.size());
        offset += request.events.size();
        finish(request, own, committedAt);
    }
}

void CommitQueue::finish(
    Request &request, const Outcomes &outcomes, std::chrono::steady_clock::time_point committedAt)
{
    if (request.committed)
        request.committed(outcomes);
    if (outcomes.ok()) {
        for (const AppendOutcome &outcome : outcomes.value()) {
            if (outcome.status == AppendStatus::Appended) {
                const bool heard = m_hub.subscriberCount(outcome.event.stream) > 0;
                m_hub.publish(outcome.event.stream, outcome.event.frame);
                // From the end of the transaction, so the acks and fan-outs of the requests ahead
                // of this one in the batch count too: that is what its subscribers waited.
                if (m_metrics && heard)
                    m_metrics->fanOut(std::chrono::steady_clock::now() - committedAt);
            } else if (outcome.status == AppendStatus::Scheduled && outcome.scheduled) {
                Q_EMIT notificationScheduled(outcome.scheduled->deliverAt);
            }
        }
    }
    if (request.delivered)
        request.delivered();
}

} // namespace confab::relay
