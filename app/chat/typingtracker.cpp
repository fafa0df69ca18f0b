#include "typingtracker.h"

#include <QDeadlineTimer>

#include <algorithm>
#include <limits>

namespace confab::app {

namespace {
qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}
} // namespace

TypingTracker::TypingTracker(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TypingTracker::expire);
}

void TypingTracker::setExpiry(std::chrono::milliseconds expiry)
{
    m_expiry = std::max(expiry, std::chrono::milliseconds(1));
}

std::chrono::milliseconds TypingTracker::expiry() const
{
    return m_expiry;
}

void TypingTracker::received(const QString &user, bool active)
{
    if (user.isEmpty())
        return;
    if (active) {
        const bool isNew = !m_expiresAt.contains(user);
        m_expiresAt.insert(user, nowMs() + m_expiry.count());
        if (isNew) {
            m_order.append(user);
            Q_EMIT changed();
        }
        schedule();
        return;
    }
    if (m_expiresAt.remove(user)) {
        m_order.removeAll(user);
        schedule();
        Q_EMIT changed();
    }
}

void TypingTracker::clear()
{
    m_timer.stop();
    if (m_order.isEmpty())
        return;
    m_order.clear();
    m_expiresAt.clear();
    Q_EMIT changed();
}

QStringList TypingTracker::typers() const
{
    return m_order;
}

QString TypingTracker::text() const
{
    switch (m_order.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(m_order.at(0));
    case 2:
        return tr("%1 and %2 are typing…").arg(m_order.at(0), m_order.at(1));
    case 3:
        return tr("%1, %2 and %3 are typing…").arg(m_order.at(0), m_order.at(1), m_order.at(2));
    default:
        return tr("Several people are typing…");
    }
}

void TypingTracker::expire()
{
    const qint64 now = nowMs();
    bool removed = false;
    for (auto it = m_expiresAt.begin(); it != m_expiresAt.end();) {
        if (it.value() <= now) {
            m_order.removeAll(it.key());
            it = m_expiresAt.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    schedule();
    if (removed)
        Q_EMIT changed();
}

void TypingTracker::schedule()
{
    if (m_expiresAt.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 next = std::numeric_limits<qint64>::max();
    for (const qint64 expiry : std::as_const(m_expiresAt)) // not min_element: GCC -O2 warns on its iterator
        next = std::min(next, expiry);
    m_timer.start(int(std::clamp<qint64>(next - nowMs(), 0, 24 * 3600 * 1000)));
}

} // namespace confab::app
