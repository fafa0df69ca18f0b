#include "retentionpruner.h"

#include "eventstore.h"
#include "relaylog.h"

#include <QDateTime>

namespace confab::relay {

RetentionPruner::RetentionPruner(
    EventStore &store, const RetentionPolicy &policy, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), m_store(store), m_policy(policy)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &RetentionPruner::pruneNow);
}

void RetentionPruner::start()
{
    m_timer.start();
}

void RetentionPruner::stop()
{
    m_timer.stop();
}

bool RetentionPruner::pruneNow()
{
    const StoreResult<PruneReport> report = m_store.prune(m_policy, QDateTime::currentMSecsSinceEpoch());
    if (!report.ok()) {
        qCWarning(lcRelayStore).noquote() << "pruning failed:" << report.error().message;
        return false;
    }
    if (report.value().removedEvents > 0 || report.value().removedExpired > 0) {
        qCInfo(lcRelayStore) << "pruned" << report.value().removedEvents << "event(s) past retention and"
                             << report.value().removedExpired << "expired notification(s) in"
                             << report.value().firstSeqs.size() << "stream(s)";
    }
    Q_EMIT pruned(report.value());
    return true;
}

} // namespace confab::relay
