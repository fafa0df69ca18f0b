#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace confab::relay {

class CommitQueue;
class EventStore;

// Delivers scheduled notifications when they are due. They wait in the store (so they survive a
// restart); one timer is armed for the earliest, and a start delivers the overdue ones at once.
// Delivery goes through the commit queue like any publish: appending the notification removes the
// scheduled row in the same transaction, so each is delivered exactly once, even across a crash.
class Scheduler : public QObject
{
    Q_OBJECT

public:
    Scheduler(EventStore &store, CommitQueue &commits, std::chrono::milliseconds maxSleep,
        QObject *parent = nullptr);

    void start();
    void stop();

    // A notification was scheduled for `deliverAt`: wake then if that is earlier than planned.
    void notificationScheduled(qint64 deliverAt);

private:
    void deliverDue();
    void arm();
    void armAt(qint64 when);

    EventStore &m_store;
    CommitQueue &m_commits;
    std::chrono::milliseconds m_maxSleep;
    QTimer m_timer;
    qint64 m_wakeAt = 0; // when m_timer fires (ms since the Unix epoch); 0 = not armed
    QSet<qint64> m_inFlight; // queued for commit, not committed yet
    QSet<qint64> m_skipped; // unreadable payloads or missing topics: reported once, then skipped
    bool m_backOff = false; // the last delivery failed in the store
    bool m_running = false;
};

} // namespace confab::relay
