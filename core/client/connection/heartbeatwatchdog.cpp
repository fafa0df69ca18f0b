#include "heartbeatwatchdog.h"

#include <algorithm>

namespace confab::client {

HeartbeatWatchdog::HeartbeatWatchdog(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HeartbeatWatchdog::onTimer);
}

void HeartbeatWatchdog::setHeartbeat(const ClientEngine::Heartbeat &heartbeat)
{
    m_heartbeat.idle = std::max(heartbeat.idle, std::chrono::milliseconds(1));
    m_heartbeat.timeout = std::max(heartbeat.timeout, std::chrono::milliseconds(1));
    if (m_timer.isActive())
        start();
}

void HeartbeatWatchdog::start()
{
    m_awaitingAnswer = false;
    m_sinceActivity.start();
    armIdle(m_heartbeat.idle);
}

void HeartbeatWatchdog::stop()
{
    m_timer.stop();
    m_awaitingAnswer = false;
}

void HeartbeatWatchdog::activity()
{
    if (!m_timer.isActive())
        return;
    // Restarting a timer for every frame costs more than reading a clock: the timer only moves
    // when it fires (onTimer), or when a ping was waiting for this answer.
    m_sinceActivity.start();
    if (m_awaitingAnswer) {
        m_awaitingAnswer = false;
        armIdle(m_heartbeat.idle);
    }
}

void HeartbeatWatchdog::probe()
{
    if (!m_timer.isActive())
        return;
    m_awaitingAnswer = true;
    // Activity from before the probe proves nothing about the socket now.
    m_sinceActivity.invalidate();
    m_timer.start(m_heartbeat.timeout);
    Q_EMIT pingDue();
}

void HeartbeatWatchdog::onTimer()
{
    if (m_awaitingAnswer) {
        m_awaitingAnswer = false;
        Q_EMIT timedOut();
        return;
    }
    const auto quiet = std::chrono::milliseconds(m_sinceActivity.isValid() ? m_sinceActivity.elapsed() : 0);
    if (quiet < m_heartbeat.idle) {
        armIdle(m_heartbeat.idle - quiet);
        return;
    }
    m_awaitingAnswer = true;
    m_timer.start(m_heartbeat.timeout);
    Q_EMIT pingDue();
}

void HeartbeatWatchdog::armIdle(std::chrono::milliseconds wait)
{
    m_timer.start(std::max(wait, std::chrono::milliseconds(1)));
}

} // namespace confab::client
