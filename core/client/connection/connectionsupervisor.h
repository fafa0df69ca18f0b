#pragma once

#include "client/clientengine.h"
#include "connectionstatus.h"
#include "reconnectpolicy.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <random>

namespace confab::client {

class NetworkMonitor;

// Keeps one engine connected: after a failure it waits (exponential backoff with full jitter,
// see ReconnectPolicy) and tries again; while the network is down it waits for it; when the
// network comes back, or on retryNow(), it tries at once. Failures that retrying cannot fix
// (wrong password, rejected token, untrusted certificate, proxy credentials, logged out) stop it
// with Phase::Stopped. It owns neither the engine nor the monitor.
//
// The supervisor calls `connect` (a callable the owner supplies) for every attempt, so the owner
// decides the credentials each time (a stored token first, then the password).
class ConnectionSupervisor : public QObject
{
    Q_OBJECT

public:
    using ConnectFunction = std::function<void()>;

    ConnectionSupervisor(ClientEngine *engine, NetworkMonitor *monitor, ConnectFunction connect,
                         QObject *parent = nullptr);

    void setPolicy(const ReconnectPolicy &policy);
    ReconnectPolicy policy() const;

    // Start keeping the connection up (connects now) / stop (disconnects; Phase::Idle).
    void start();
    void stop();
    // The "Retry now" button: an attempt at once, also from Stopped.
    void retryNow();
    // The owner cannot start an attempt (e.g. no password is known): Phase::Stopped with this
    // reason as lastError, until retryNow() or start().
    void halt(const QString &reason);

    ConnectionStatus status() const;

    // The jitter's random generator starts from a random seed (logged); tests fix it.
    void setRandomSeed(quint64 seed);

Q_SIGNALS:
    void statusChanged(const confab::client::ConnectionStatus &status);

private:
    void attempt();
    void scheduleRetry();
    void onEngineStateChanged(ClientEngine::State state);
    void onEngineDisconnected();
    void onReachabilityChanged(bool reachable);
    void markOffline();
    // True without a monitor: then nothing says the network is down.
    bool networkReachable() const;
    void setStatus(const ConnectionStatus &status);

    ClientEngine *m_engine;
    QPointer<NetworkMonitor> m_monitor;
    ConnectFunction m_connect;
    ReconnectPolicy m_policy;
    ConnectionStatus m_status;
    QTimer m_retryTimer;
    QTimer m_stableTimer;
    bool m_running = false;
    std::mt19937_64 m_random;
    int m_failures = 0;               // failed attempts in a row, for the backoff
    bool m_everConnected = false;     // offlineSince means "since the last good connection"
    bool m_networkWasDown = false;    // while connected: the socket may not have survived it
    bool m_lastWasTokenRejected = false;
    bool m_failureHandled = false;    // the current attempt's failure was seen already
};

} // namespace confab::client
