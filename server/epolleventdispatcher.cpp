#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <vector>

namespace confab::relay {

namespace {

qint64 nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

constexpr int kMaxEventsPerWait = 1024;

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll >= 0 && m_wake >= 0) {
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.fd = m_wake;
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0) {
            ::close(m_wake);
            m_wake = -1;
        }
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

// ---- sockets

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    if (fd < 0)
        return;
    Watch &watch = m_watches[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        watch.read = notifier;
        break;
    case QSocketNotifier::Write:
        watch.write = notifier;
        break;
    case QSocketNotifier::Exception:
        watch.exception = notifier;
        break;
    }
    updateWatch(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &watch = *it;
    if (watch.read == notifier)
        watch.read = nullptr;
    if (watch.write == notifier)
        watch.write = nullptr;
    if (watch.exception == notifier)
        watch.exception = nullptr;
    updateWatch(fd, watch);
    if (!watch.read && !watch.write && !watch.exception)
        m_watches.erase(it);
}

void EpollEventDispatcher::updateWatch(int fd, Watch &watch)
{
    const quint32 wanted = (watch.read ? quint32(EPOLLIN) : 0u) | (watch.write ? quint32(EPOLLOUT) : 0u)
        | (watch.exception ? quint32(EPOLLPRI) : 0u);
    // Qt's sockets unregister their notifiers before closing the descriptor, so a number in
    // m_watches always names the descriptor it was registered for.
    if (wanted == watch.events)
        return;
    epoll_event event {};
    event.events = wanted;
    event.data.fd = fd;
    if (wanted == 0) {
        // The descriptor may be closed already (the kernel then dropped it from the set).
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    } else if (watch.events == 0) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0 && errno == EEXIST)
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
    } else if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT) {
        // A new descriptor with the number of one closed before its notifiers went away.
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }
    watch.events = wanted;
}

int EpollEventDispatcher::activateSockets(const epoll_event *events, int count)
{
    int activated = 0;
    for (int i = 0; i < count; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            drainWakeUps();
            continue;
        }
        const quint32 ready = events[i].events;
        // Each send may unregister or delete notifiers (of this descriptor or another): look the
        // descriptor up again before each one.
        const auto send = [this, fd, &activated](QSocketNotifier *Watch::*slot) {
            const auto it = m_watches.constFind(fd);
            if (it == m_watches.cend())
                return;
            QSocketNotifier *notifier = (*it).*slot;
            if (!notifier)
                return;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &event);
            ++activated;
        };
        // Like poll: a hang-up or an error wakes the reader (it reads the end or the error) and
        // the writer (its write fails).
        if (ready & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
            send(&Watch::read);
        if (ready & (EPOLLOUT | EPOLLHUP | EPOLLERR))
            send(&Watch::write);
        if (ready & EPOLLPRI)
            send(&Watch::exception);
    }
    return activated;
}

// ---- timers

void EpollEventDispatcher::schedule(int timerId, Timer &timer, qint64 deadline)
{
    m_dueOrder.erase({ timer.deadline, timerId });
    timer.deadline = deadline;
    m_dueOrder.insert({ deadline, timerId });
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    unregisterTimer(timerId);
    Timer &timer = m_timers[timerId];
    timer.interval = interval;
    timer.type = timerType;
    timer.object = object;
    timer.deadline = nowMs() + interval;
    m_dueOrder.insert({ timer.deadline, timerId });
    m_timersOf.insert(object, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_dueOrder.erase({ it->deadline, timerId });
    m_timersOf.remove(it->object, timerId);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersOf.values(object);
    for (int id : ids)
        unregisterTimer(id);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> infos;
    for (auto it = m_timersOf.constFind(object); it != m_timersOf.cend() && it.key() == object; ++it) {
        const Timer &timer = m_timers.value(*it);
        infos.append(TimerInfo(*it, int(qMin<qint64>(timer.interval, INT_MAX)), timer.type));
    }
    return infos;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return int(qBound<qint64>(0, it->deadline - nowMs(), qint64(INT_MAX)));
}

int EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowMs();
    // The due ones first: a handler may add timers (0 ms ones included) that wait for the next turn.
    std::vector<int> due;
    for (auto it = m_dueOrder.cbegin(); it != m_dueOrder.cend() && it->first <= now; ++it)
        due.push_back(it->second);
    int activated = 0;
    for (int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->deadline > now)
            continue; // stopped or restarted by an earlier handler
        Timer &timer = *it;
        if (timer.firing)
            continue; // its handler runs a nested event loop: not again inside itself
        qint64 next = timer.deadline + timer.interval;
        if (next <= now)
            next = now + timer.interval;
        schedule(id, timer, next);
        timer.firing = true;
        QObject *object = timer.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++activated;
        // The handler may have stopped the timer, or restarted it under the same id.
        if (const auto after = m_timers.find(id); after != m_timers.end())
            after->firing = false;
    }
    return activated;
}

int EpollEventDispatcher::waitTimeout() const
{
    if (m_dueOrder.empty())
        return -1;
    const qint64 wait = m_dueOrder.cbegin()->first - nowMs();
    return int(qBound<qint64>(0, wait, qint64(INT_MAX)));
}

// ---- the loop

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUps.testAndSetAcquire(0, 1)) {
        const quint64 one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
    }
}

void EpollEventDispatcher::drainWakeUps()
{
    quint64 count = 0;
    [[maybe_unused]] const ssize_t read = ::read(m_wake, &count, sizeof count);
    m_wakeUps.storeRelease(0);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool sockets = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // Without socket notifiers the wait still ends at a timer or a wake-up; ready sockets are
    // only left for a later turn (level-triggered, they are reported again).
    const bool mayWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    const int timeout = mayWait ? waitTimeout() : 0;
    if (timeout != 0)
        Q_EMIT aboutToBlock();

    epoll_event events[kMaxEventsPerWait];
    int ready = epoll_wait(m_epoll, events, kMaxEventsPerWait, timeout);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the loop comes back
    Q_EMIT awake();
    if (m_interrupted.load())
        return false;

    int activated = 0;
    if (sockets) {
        activated += activateSockets(events, ready);
    } else {
        for (int i = 0; i < ready; ++i) {
            if (events[i].data.fd == m_wake)
                drainWakeUps();
        }
    }
    activated += activateTimers();
    return activated > 0;
}

} // namespace confab::relay
