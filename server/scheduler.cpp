#include "scheduler.h"

#include "commitqueue.h"
#include "eventstore.h"
#include "notificationevents.h"
#include "relaylog.h"

#include <QDateTime>

#include <algorithm>

namespace confab::relay {

namespace {

constexpr int kDuePageSize = 256;
constexpr qint64 kRetryDelayMs = 1000;

} // namespace

Scheduler::Scheduler(
    EventStore &store, CommitQueue &commits, std::chrono::milliseconds maxSleep, QObject *parent)
    : QObject(parent), m_store(store), m_commits(commits), m_maxSleep(maxSleep)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::deliverDue);
}

void Scheduler::start()
{
    m_running = true;
    // Overdue ones (the relay was down when they were due) go out right away.
    deliverDue();
}

void Scheduler::stop()
{
    m_running = false;
    m_timer.stop();
    m_wakeAt = 0;
}

void Scheduler::notificationScheduled(qint64 deliverAt)
{
    if (m_running && (m_wakeAt == 0 || deliverAt < m_wakeAt))
        armAt(deliverAt);
}

void Scheduler::deliverDue()
{
    m_wakeAt = 0;
    if (!m_running)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const StoreResult<QList<ScheduledNotification>> due = m_store.dueScheduled(now, kDuePageSize);
    if (!due.ok()) {
        qCWarning(lcRelayStore).noquote() << "cannot read scheduled notifications:" << due.error().message;
        armAt(now + m_maxSleep.count());
        return;
    }
    bool queuedAny = false;
    for (const ScheduledNotification &scheduled : due.value()) {
        if (m_inFlight.contains(scheduled.id) || m_skipped.contains(scheduled.id))
            continue;
        const std::optional<protocol::Publish> publish
            = NotificationEvents::publishFromPayload(scheduled.payload);
        if (!publish) {
            qCWarning(lcRelay) << "scheduled notification" << scheduled.id << "of" << scheduled.stream
                               << "cannot be read; it is skipped";
            m_skipped.insert(scheduled.id);
            continue;
        }
        m_inFlight.insert(scheduled.id);
        queuedAny = true;
        const qint64 id = scheduled.id;
        m_commits.enqueue(
            { NotificationEvents::append(*publish, scheduled.sender, id) },
            [this, id, stream = scheduled.stream](const CommitQueue::Outcomes &outcomes) {
                m_inFlight.remove(id);
                if (!outcomes.ok()) {
                    m_backOff = true; // still pending in the store: a later wake retries
                } else if (outcomes.value().value(0).status == AppendStatus::NoSuchStream) {
                    qCWarning(lcRelay).noquote()
                        << "scheduled notification" << id << "for missing" << stream << "stays undelivered";
                    m_skipped.insert(id);
                }
            },
            [this] { arm(); });
    }
    if (!queuedAny)
        arm();
}

void Scheduler::arm()
{
    if (!m_running || !m_inFlight.isEmpty())
        return; // the last commit's callback arms again
    const StoreResult<std::optional<qint64>> next = m_store.nextScheduledTime();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!next.ok()) {
        qCWarning(lcRelayStore).noquote() << "cannot read scheduled notifications:" << next.error().message;
        armAt(now + m_maxSleep.count());
        return;
    }
    if (!next.value()) {
        m_timer.stop();
        m_wakeAt = 0;
        return;
    }
    // A skipped one (unreadable, or its topic is gone) or a failing store would make us spin on a
    // time in the past: look again later instead.
    qint64 when = *next.value();
    if (when <= now && (m_backOff || !m_skipped.isEmpty()))
        when = now + (m_backOff ? kRetryDelayMs : m_maxSleep.count());
    m_backOff = false;
    armAt(when);
}

void Scheduler::armAt(qint64 when)
{
    if (!m_running)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // QTimer takes an int: never sleep longer than maxSleep, then look again.
    const qint64 delay = std::clamp<qint64>(when - now, 0, m_maxSleep.count());
    m_wakeAt = now + delay;
    m_timer.start(std::chrono::milliseconds(delay));
}

} // namespace confab::relay
