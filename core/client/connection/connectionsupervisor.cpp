#include "connectionsupervisor.h"

#include "networkmonitor.h"

#include <QLoggingCategory>

namespace confab::client {

using namespace Qt::StringLiterals;
using Failure = ClientEngine::Failure;
using Phase = ConnectionStatus::Phase;

Q_LOGGING_CATEGORY(lcSupervisor, "confab.client.connection", QtInfoMsg)

namespace {

// Failures that a later attempt may not meet again.
bool isRetryable(Failure failure)
{
    switch (failure) {
    case Failure::Unreachable:
    case Failure::NotARelay:
    case Failure::Refused:
    case Failure::ConnectionLost:
        return true;
    case Failure::None:
    case Failure::AuthFailed:
    case Failure::TokenRejected:
    case Failure::UntrustedCertificate:
    case Failure::ProxyRefused:
    case Failure::LoggedOut:
        return false;
    }
    return false;
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

ConnectionSupervisor::ConnectionSupervisor(
    ClientEngine *engine, NetworkMonitor *monitor, ConnectFunction connect, QObject *parent)
    : QObject(parent), m_engine(engine), m_monitor(monitor), m_connect(std::move(connect))
{
    setRandomSeed(std::random_device {}());
    m_retryTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    QObject::connect(&m_retryTimer, &QTimer::timeout, this, &ConnectionSupervisor::attempt);
    QObject::connect(&m_stableTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcSupervisor) << "connection stable; the backoff starts over";
        m_failures = 0;
    });
    QObject::connect(
        m_engine, &ClientEngine::stateChanged, this, &ConnectionSupervisor::onEngineStateChanged);
    // An attempt that fails before it starts (an invalid address) leaves the engine Disconnected
    // without a state change: its error is the only news.
    QObject::connect(m_engine, &ClientEngine::connectionError, this, [this] {
        if (m_running && !m_failureHandled && m_engine->state() == ClientEngine::State::Disconnected)
            onEngineDisconnected();
    });
    if (m_monitor)
        QObject::connect(m_monitor, &NetworkMonitor::reachabilityChanged, this,
            &ConnectionSupervisor::onReachabilityChanged);
}

void ConnectionSupervisor::setPolicy(const ReconnectPolicy &policy)
{
    m_policy = policy;
}

ReconnectPolicy ConnectionSupervisor::policy() const
{
    return m_policy;
}

void ConnectionSupervisor::setRandomSeed(quint64 seed)
{
    qCDebug(lcSupervisor) << "reconnect jitter seed" << seed;
    m_random.seed(seed);
}

ConnectionStatus ConnectionSupervisor::status() const
{
    return m_status;
}

void ConnectionSupervisor::start()
{
    m_running = true;
    m_failures = 0;
    m_lastWasTokenRejected = false;
    if (m_engine->state() == ClientEngine::State::Connected) {
        onEngineStateChanged(ClientEngine::State::Connected);
        return;
    }
    attempt();
}

void ConnectionSupervisor::stop()
{
    m_running = false;
    m_retryTimer.stop();
    m_stableTimer.stop();
    if (m_engine->state() != ClientEngine::State::Disconnected)
        m_engine->disconnectFromRelay();
    setStatus({});
}

void ConnectionSupervisor::retryNow()
{
    if (m_status.phase == Phase::Idle || m_status.phase == Phase::Connected)
        return;
    m_running = true;
    m_lastWasTokenRejected = false;
    attempt();
}

void ConnectionSupervisor::halt(const QString &reason)
{
    m_retryTimer.stop();
    m_stableTimer.stop();
    ConnectionStatus status = m_status;
    status.phase = Phase::Stopped;
    status.nextAttempt = {};
    status.lastError = reason;
    setStatus(status);
}

bool ConnectionSupervisor::networkReachable() const
{
    const NetworkMonitor *monitor = m_monitor.data();
    return monitor == nullptr || monitor->isReachable();
}

void ConnectionSupervisor::attempt()
{
    m_retryTimer.stop();
    if (!m_running)
        return;
    if (!networkReachable()) {
        markOffline();
        return;
    }
    ConnectionStatus status = m_status;
    status.phase = Phase::Connecting;
    status.nextAttempt = {};
    setStatus(status);
    m_failureHandled = false;
    // May fail at once (an invalid address): the engine's Disconnected then arrives from inside.
    m_connect();
}

void ConnectionSupervisor::scheduleRetry()
{
    ++m_failures;
    const std::chrono::milliseconds wait = m_policy.delay(m_failures, m_random);
    ConnectionStatus status = m_status;
    status.attempt = m_failures;
    if (!networkReachable()) {
        setStatus(status);
        markOffline();
        return;
    }
    status.phase = Phase::WaitingToRetry;
    status.nextAttempt = now().addMSecs(wait.count());
    qCInfo(lcSupervisor) << "attempt" << m_failures << "failed; next in" << wait.count() << "ms";
    m_retryTimer.start(wait);
    setStatus(status);
}

void ConnectionSupervisor::onEngineStateChanged(ClientEngine::State state)
{
    if (!m_running)
        return;
    switch (state) {
    case ClientEngine::State::Connecting:
    case ClientEngine::State::Authenticating:
        if (m_status.phase != Phase::Connecting) {
            ConnectionStatus status = m_status;
            status.phase = Phase::Connecting;
            status.nextAttempt = {};
            setStatus(status);
        }
        return;
    case ClientEngine::State::Connected: {
        m_retryTimer.stop();
        m_everConnected = true;
        m_networkWasDown = false;
        m_lastWasTokenRejected = false;
        // The backoff starts over only once the connection proved stable, so a relay that accepts
        // and drops at once is not hammered.
        m_stableTimer.start(m_policy.stableAfter);
        ConnectionStatus status;
        status.phase = Phase::Connected;
        status.transport = m_engine->transport();
        setStatus(status);
        return;
    }
    case ClientEngine::State::Disconnected:
        onEngineDisconnected();
        return;
    }
}

void ConnectionSupervisor::onEngineDisconnected()
{
    m_stableTimer.stop();
    m_failureHandled = true;
    const Failure failure = m_engine->lastFailure();
    ConnectionStatus status = m_status;
    if (m_everConnected && !status.offlineSince.isValid())
        status.offlineSince = now();
    status.lastError = m_engine->lastError();
    status.nextAttempt = {};

    if (failure == Failure::None) {
        // Someone disconnected on purpose.
        m_running = false;
        m_retryTimer.stop();
        status.phase = Phase::Idle;
        setStatus(status);
        return;
    }
    if (failure == Failure::TokenRejected && !m_lastWasTokenRejected) {
        // The owner's connect function falls back to the password (or calls halt()): try at once,
        // but only once in a row, so a relay rejecting every token still backs off.
        m_lastWasTokenRejected = true;
        status.phase = Phase::Connecting;
        setStatus(status);
        m_retryTimer.start(0);
        return;
    }
    if (isRetryable(failure) || failure == Failure::TokenRejected) {
        m_status = status; // scheduleRetry() publishes it
        scheduleRetry();
        return;
    }
    qCInfo(lcSupervisor).noquote() << "not retrying:" << status.lastError;
    m_retryTimer.stop();
    status.phase = Phase::Stopped;
    setStatus(status);
}

void ConnectionSupervisor::onReachabilityChanged(bool reachable)
{
    if (!m_running)
        return;
    if (!reachable) {
        if (m_status.phase == Phase::Connected) {
            // The socket may survive a short outage; the watchdog or the probe on return judges it.
            m_networkWasDown = true;
            return;
        }
        if (m_status.phase == Phase::WaitingToRetry || m_status.phase == Phase::Connecting)
            markOffline();
        return;
    }
    switch (m_status.phase) {
    case Phase::Connected:
        if (m_networkWasDown) {
            // After sleep or a network switch the socket may be dead without knowing it.
            m_networkWasDown = false;
            qCInfo(lcSupervisor) << "the network is back; checking the connection";
            m_engine->probe();
        }
        return;
    case Phase::Offline:
    case Phase::WaitingToRetry:
        qCInfo(lcSupervisor) << "the network is back; connecting";
        attempt();
        return;
    case Phase::Idle:
    case Phase::Connecting:
    case Phase::Stopped:
        return;
    }
}

void ConnectionSupervisor::markOffline()
{
    m_retryTimer.stop();
    ConnectionStatus status = m_status;
    status.phase = Phase::Offline;
    status.nextAttempt = {};
    if (m_everConnected && !status.offlineSince.isValid())
        status.offlineSince = now();
    setStatus(status);
}

void ConnectionSupervisor::setStatus(const ConnectionStatus &status)
{
    ConnectionStatus next = status;
    if (next.phase != Phase::Connected)
        next.transport.clear(); // only a connection has one
    if (next == m_status)
        return;
    m_status = next;
    Q_EMIT statusChanged(m_status);
}

} // namespace confab::client
