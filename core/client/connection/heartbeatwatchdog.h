#pragma once

#include "client/clientengine.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace confab::client {

// Notices a connection that died without saying so (a half-open socket after sleep, a suspended
// relay): after `idle` without anything received it asks for a ping (pingDue()); if `timeout`
// then passes still without anything, the connection is dead (timedOut()). The engine reports
// every received frame and pong as activity(). It runs only while a session is up.
class HeartbeatWatchdog : public QObject
{
    Q_OBJECT

public:
    explicit HeartbeatWatchdog(QObject *parent = nullptr);

    void setHeartbeat(const ClientEngine::Heartbeat &heartbeat);
    ClientEngine::Heartbeat heartbeat() const { return m_heartbeat; }

    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    // Something arrived: the connection is alive.
    void activity();
    // Check now (e.g. the network just came back): ping at once, judge after `timeout`.
    void probe();

Q_SIGNALS:
    void pingDue();
    void timedOut();

private:
    void onTimer();
    void armIdle(std::chrono::milliseconds wait);

    ClientEngine::Heartbeat m_heartbeat;
    QTimer m_timer;
    QElapsedTimer m_sinceActivity;
    bool m_awaitingAnswer = false;
};

} // namespace confab::client
