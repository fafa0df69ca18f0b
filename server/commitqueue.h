#pragma once

#include "storedevent.h"
#include "storeresult.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace confab::relay {

class EventStore;
class RelayMetrics;
class StreamHub;

// Group commit. Requests that store events wait here while the event loop still has frames to
// read; once it is idle (a 0 ms timer) or the batch holds maxBatch requests, every waiting event
// is committed in ONE store transaction. Then, request by request in arrival order, the
// `committed` callback runs (it sends the ack: only now is the event durable), the request's new
// events fan out through the hub (already encoded by the store), and `delivered` runs.
// One commit per batch instead of per event keeps acknowledging after commit cheap under load,
// and the FIFO order means pipelined requests get their acks in order with consecutive seqs.
class CommitQueue : public QObject
{
    Q_OBJECT

public:
    using Outcomes = StoreResult<QList<AppendOutcome>>;
    // The outcomes of the request's own events (same order), or the store's error.
    using Committed = std::function<void(const Outcomes &)>;
    using Delivered = std::function<void()>;

    CommitQueue(EventStore &store, StreamHub &hub, int maxBatch, QObject *parent = nullptr);
    ~CommitQueue() override;

    // `events` may be empty: the callback then only keeps its place in line (a repeated request
    // answered with its original ack still comes after the acks of the requests before it).
    void enqueue(QList<NewEvent> events, Committed committed, Delivered delivered = {});

    // Commits everything waiting now (shutdown, or a full batch).
    void flush();

    // Reports each transaction's duration and each stored event's fan-out latency (commit done ->
    // handed to its last subscriber); nullptr: nothing is measured.
    void setMetrics(RelayMetrics *metrics) { m_metrics = metrics; }

    qsizetype pendingRequests() const { return m_pending.size(); }
    // Transactions committed so far (for tests and metrics).
    qint64 batchesCommitted() const { return m_batches; }

Q_SIGNALS:
    // A scheduled notification was stored: the scheduler may need to wake earlier.
    void notificationScheduled(qint64 deliverAt);

private:
    struct Request {
        QList<NewEvent> events;
        Committed committed;
        Delivered delivered;
    };

    void commit(QList<Request> batch);
    void finish(Request &request, const Outcomes &outcomes, std::chrono::steady_clock::time_point committedAt);

    EventStore &m_store;
    StreamHub &m_hub;
    int m_maxBatch;
    QList<Request> m_pending;
    QTimer m_idle;
    qint64 m_batches = 0;
    RelayMetrics *m_metrics = nullptr;
};

} // namespace confab::relay
