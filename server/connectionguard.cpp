#include "connectionguard.h"

#include "relayconfig.h"

#include "sessiontransport.h"

#include <QTimerEvent>

namespace confab::relay {

using protocol::ErrorCode;

namespace {

QElapsedTimer startedClock()
{
    QElapsedTimer clock;
    clock.start();
    return clock;
}

} // namespace

ConnectionGuard::ConnectionGuard(SessionTransport *transport, const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
    , m_config(config)
    , m_clock(startedClock())
    , m_bucket(config.rateBurst, config.ratePerSecond, 0)
{
    // Every frame proves the peer alive, so a busy client is never pinged; the ping tick only
    // asks a quiet one. Frames are counted where they arrive, before any session logic.
    connect(m_transport, &SessionTransport::activity, this, &ConnectionGuard::heard);
}

void ConnectionGuard::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_pingTimer.timerId()) {
        onPingTick();
    } else if (event->timerId() == m_pongDeadline.timerId()) {
        m_pongDeadline.stop();
        if (m_pingOutstanding)
            Q_EMIT heartbeatLost();
        else
            Q_EMIT closeTimedOut();
    } else {
        QObject::timerEvent(event);
    }
}

void ConnectionGuard::startHeartbeat()
{
    m_lastHeardMs = m_clock.elapsed();
    m_pingTimer.start(timerMilliseconds(m_config.heartbeatInterval), this);
}

std::optional<qint64> ConnectionGuard::admitFrame()
{
    const qint64 now = m_clock.elapsed();
    // Once a frame was refused, every frame until its retry time is refused too, even if a token
    // refilled meanwhile: a client retrying the refused request first then keeps its order (the
    // requests it had already sent behind it are refused and retried after it, not stored first).
    if (now < m_refusedUntilMs)
        return m_refusedUntilMs - now;
    if (m_bucket.take(now))
        return std::nullopt;
    const qint64 wait = std::max<qint64>(1, m_bucket.msUntilNextToken(now));
    m_refusedUntilMs = now + wait;
    return wait;
}

bool ConnectionGuard::chargeError(ErrorCode code)
{
    // The relay's own failures are not the client's fault.
    if (code == ErrorCode::Internal)
        return false;
    // Errors count in windows: the first error after a quiet window starts a new count.
    const qint64 now = m_clock.elapsed();
    if (m_errors == 0 || now - m_errorWindowStartMs >= m_config.errorBudgetWindow.count()) {
        m_errors = 0;
        m_errorWindowStartMs = now;
    }
    ++m_errors;
    return m_config.errorBudget > 0 && m_errors >= m_config.errorBudget;
}

qint64 ConnectionGuard::unsentBytes() const
{
    return m_transport->bytesToWrite();
}

bool ConnectionGuard::checkUnsent()
{
    if (m_tooSlow)
        return false;
    const qint64 unsent = m_transport->bytesToWrite();
    m_peakUnsent = std::max(m_peakUnsent, unsent);
    if (m_config.maxUnsentBytes <= 0 || unsent <= m_config.maxUnsentBytes)
        return true;
    m_tooSlow = true;
    // Queued: this runs inside a fan-out or a handler, which must not see the session vanish.
    QMetaObject::invokeMethod(
        this, [this, unsent] { Q_EMIT tooSlow(unsent); }, Qt::QueuedConnection);
    return false;
}

void ConnectionGuard::closing()
{
    m_pingTimer.stop();
    m_pingOutstanding = false;
    m_pongDeadline.start(timerMilliseconds(m_config.heartbeatTimeout), this);
}

void ConnectionGuard::heard()
{
    m_lastHeardMs = m_clock.elapsed();
    if (m_pingOutstanding) {
        m_pingOutstanding = false;
        m_pongDeadline.stop();
    }
}

void ConnectionGuard::onPingTick()
{
    if (m_pingOutstanding)
        return;
    if (m_clock.elapsed() - m_lastHeardMs < m_config.heartbeatInterval.count())
        return;
    m_pingOutstanding = true;
    m_transport->ping();
    m_pongDeadline.start(timerMilliseconds(m_config.heartbeatTimeout), this);
}

} // namespace confab::relay
