#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QMultiHash>

#include <atomic>
#include <set>
#include <utility>

class QSocketNotifier;
struct epoll_event;

namespace confab::relay {

// The relay's event loop on Linux's epoll, with timers in an ordered set. Qt's own dispatchers
// (poll, or glib's) rebuild and scan the list of every socket on each turn of the loop, and keep
// timers in a sorted list whose insertions and removals walk it: with 10,000 connections each
// turn and each timer change costs O(N), so a connection storm or a broadcast costs O(N^2).
// Here a turn costs O(ready sockets + due timers) and a timer change O(log N).
// Semantics follow Qt's UNIX dispatcher: posted events, then ready sockets (level-triggered,
// each notifier sent QEvent::SockAct), then due timers (QTimerEvent; a periodic timer's next
// timeout is one interval after the last, or one interval from now when it fell behind; a 0 ms
// timer fires once per turn).
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused the epoll or eventfd descriptor: use Qt's dispatcher then.
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 events = 0; // what epoll watches for this descriptor now
    };
    struct Timer
    {
        qint64 interval = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadline = 0; // ms on the monotonic clock
        bool firing = false; // its QTimerEvent is being handled
    };

    void updateWatch(int fd, Watch &watch);
    void drainWakeUps();
    int waitTimeout() const;
    int activateSockets(const epoll_event *events, int count);
    int activateTimers();
    void schedule(int timerId, Timer &timer, qint64 deadline);

    int m_epoll = -1;
    int m_wake = -1;
    QAtomicInt m_wakeUps;
    std::atomic<bool> m_interrupted { false };
    QHash<int, Watch> m_watches;
    QHash<int, Timer> m_timers;
    QMultiHash<QObject *, int> m_timersOf;
    std::set<std::pair<qint64, int>> m_dueOrder; // (deadline, timer id)
};

} // namespace confab::relay
