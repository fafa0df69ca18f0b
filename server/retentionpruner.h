#pragma once

#include "retentionpolicy.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace confab::relay {

class EventStore;

// Applies the retention policy every interval: events beyond a stream's age or count limit go
// (raising its first_seq, so a client asking for them learns it must resync) and so do expired
// notifications. Pruning runs on the relay's thread between batches; each pass is one short
// transaction in the store.
class RetentionPruner : public QObject
{
    Q_OBJECT

public:
    RetentionPruner(EventStore &store, const RetentionPolicy &policy, std::chrono::milliseconds interval,
        QObject *parent = nullptr);

    void start();
    void stop();
    // One pass now; false if the store failed (logged).
    bool pruneNow();

Q_SIGNALS:
    void pruned(const PruneReport &report);

private:
    EventStore &m_store;
    RetentionPolicy m_policy;
    QTimer m_timer;
};

} // namespace confab::relay
