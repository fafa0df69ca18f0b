#include "relay.h"

#include "accesspolicy.h"
#include "accountstore.h"
#include "authenticator.h"
#include "clientsession.h"
#include "commitqueue.h"
#include "controlchannel.h"
#include "frontdoor.h"
#include "httpapi/httpapi.h"
#include "metrics/relaymetrics.h"
#include "parallelsends.h"
#include "presencetracker.h"
#include "protocol/protocolversion.h"
#include "relaylog.h"
#include "retentionpruner.h"
#include "scheduler.h"
#include "sessionregistry.h"
#include "sqliteeventstore.h"
#include "streamhub.h"
#include "websockettransport.h"

#include <QThread>
#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

RetentionPolicy retentionPolicy(const RelayConfig &config)
{
    constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
    return RetentionPolicy { qint64(config.retentionDays) * kDayMs, config.retentionEvents };
}

} // namespace

Relay::Relay(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_metrics(std::make_unique<RelayMetrics>())
{
    m_shutdownGrace.setSingleShot(true);
    connect(&m_shutdownGrace, &QTimer::timeout, this, [this] {
        qCWarning(lcRelay) << m_sessions.size() << "client(s) did not finish the close handshake in time";
        finishShutdown();
    });
}

Relay::~Relay()
{
    // What clients were promised is committed before anything goes (no acks reach anyone now,
    // but nothing queued is dropped either).
    stopServices();
    // Sessions refer to the store, hub and the rest: they go first.
    dropSessions();
    // Finished sessions waiting for their deferred delete, too.
    qDeleteAll(findChildren<ClientSession *>(Qt::FindDirectChildrenOnly));
    m_control.reset();
    m_frontDoor.reset();
    m_httpApi.reset();
    m_pruner.reset();
    m_scheduler.reset();
    m_commits.reset();
    m_presence.reset();
    m_access.reset();
    // The accounts close first: that writes the token uses the authenticator still holds.
    closeAccounts();
    m_authenticator.reset();
    if (m_store)
        m_store->close();
}

bool Relay::start()
{
    if (m_state != State::Idle) {
        m_errorString = u"the relay was already started"_s;
        return false;
    }
    // First, so that a second relay on the same data folder stops before touching anything.
    if (!startControlChannel())
        return false;
    auto opened = SqliteEventStore::open(m_config.dataDir);
    if (!opened.ok()) {
        m_errorString = opened.error().message;
        m_control.reset();
        return false;
    }
    m_store = std::move(opened.value());
    if (!openAccounts()) {
        m_store->close();
        m_store.reset();
        m_control.reset();
        return false;
    }
    m_hub = std::make_unique<StreamHub>();
    // By default one fewer than the cores, and at most three: the count of cores says nothing of
    // a container's CPU quota, and a fan-out's sends gain little from more.
    m_parallelSends = std::make_unique<ParallelSends>(m_config.sendThreads >= 0
            ? m_config.sendThreads
            : std::clamp(QThread::idealThreadCount() - 1, 0, 3));
    m_authenticator = std::make_unique<Authenticator>(*m_accounts, m_config);
    m_authenticator->setMetrics(m_metrics.get());
    m_access = std::make_unique<AccessPolicy>(*m_store, *m_accounts, m_config);
    m_presence = std::make_unique<PresenceTracker>(*m_store, *m_hub);
    m_commits = std::make_unique<CommitQueue>(*m_store, *m_hub, m_config.maxCommitBatch);
    m_commits->setMetrics(m_metrics.get());
    m_scheduler = std::make_unique<Scheduler>(*m_store, *m_commits, m_config.schedulerInterval);
    connect(m_commits.get(), &CommitQueue::notificationScheduled, m_scheduler.get(),
        &Scheduler::notificationScheduled);
    m_pruner
        = std::make_unique<RetentionPruner>(*m_store, retentionPolicy(m_config), m_config.retentionInterval);
    m_httpApi = std::make_unique<HttpApi>(HttpApi::Services { *m_store, *m_hub, *m_authenticator, *m_commits,
        *m_access, *m_accounts, *m_sessionRegistry, *m_metrics, m_config,
        [this](SessionTransport *transport) { onTransport(transport); },
        // One indexed row: cheap enough for a probe every second, and it fails when the
        // database does.
        [this] { return m_store && m_store->stream(u"topic:readyz"_s).ok(); } });
    m_frontDoor = std::make_unique<FrontDoor>(m_config);
    m_frontDoor->setHttpApi(m_httpApi.get());
    connect(m_frontDoor.get(), &FrontDoor::httpAnswered, m_metrics.get(), &RelayMetrics::httpRequest);
    connect(m_frontDoor.get(), &FrontDoor::connectionAccepted, m_metrics.get(), &RelayMetrics::connectionAccepted);
    connect(m_frontDoor.get(), &FrontDoor::webSocketConnected, this, &Relay::onWebSocket);
    if (!m_frontDoor->listen()) {
        m_errorString = m_frontDoor->errorString(); // names the address, or the TLS file and problem
        m_frontDoor.reset();
        m_httpApi.reset();
        m_pruner.reset();
        m_scheduler.reset();
        m_commits.reset();
        m_presence.reset();
        m_access.reset();
        m_authenticator.reset();
        closeAccounts();
        m_store->close();
        m_store.reset();
        m_control.reset();
        return false;
    }
    m_state = State::Running;
    m_uptime.start();
    // Prune once at start (a relay that was down for a while may hold a lot past retention), and
    // deliver notifications that fell due while it was down.
    m_pruner->pruneNow();
    m_pruner->start();
    m_scheduler->start();
    qCInfo(lcRelay).noquote() << "serving" << url().toString() << "with data in" << m_config.dataDir;
    Q_EMIT started(url());
    return true;
}

QUrl Relay::url() const
{
    if (!m_frontDoor)
        return {};
    QUrl url;
    url.setScheme(m_frontDoor->isTls() ? u"wss"_s : u"ws"_s);
    url.setHost(m_frontDoor->serverAddress().toString());
    url.setPort(m_frontDoor->serverPort());
    url.setPath(protocol::kWebSocketPath);
    return url;
}

quint16 Relay::port() const
{
    return m_frontDoor ? m_frontDoor->serverPort() : 0;
}

bool Relay::pruneNow()
{
    return m_pruner && m_pruner->pruneNow();
}

void Relay::onWebSocket(QWebSocket *socket)
{
    auto *transport = new WebSocketTransport(socket);
    transport->setParallelSends(m_parallelSends.get());
    onTransport(transport);
}

void Relay::onTransport(SessionTransport *transport)
{
    if (m_state != State::Running) {
        transport->abort();
        transport->deleteLater();
        return;
    }
    auto *session = new ClientSession(
        transport, { *m_store, *m_hub, *m_authenticator, *m_commits, *m_access, *m_presence, m_config, *m_accounts, *m_sessionRegistry, m_metrics.get() }, this);
    m_sessions.append(session);
    connect(session, &ClientSession::finished, this, [this, session] { onSessionFinished(session); });
}

void Relay::onSessionFinished(ClientSession *session)
{
    if (m_sessions.removeOne(session))
        session->deleteLater();
    if (m_state == State::ShuttingDown && m_sessions.isEmpty())
        finishShutdown();
}

void Relay::shutdown()
{
    if (m_state != State::Running)
        return;
    m_state = State::ShuttingDown;
    qCInfo(lcRelay) << "shutting down;" << m_sessions.size() << "client(s) connected;"
                    << m_commits->pendingRequests() << "request(s) waiting for commit";
    m_frontDoor->close();
    m_control->close();
    // Commit what was asked before the sockets close, so its acks still reach the clients.
    stopServices();
    if (m_sessions.isEmpty()) {
        finishShutdown();
        return;
    }
    const QList<ClientSession *> sessions = m_sessions;
    for (ClientSession *session : sessions)
        session->closeGoingAway();
    m_shutdownGrace.start(m_config.shutdownGrace);
}

void Relay::stopServices()
{
    if (m_pruner)
        m_pruner->stop();
    if (m_scheduler)
        m_scheduler->stop();
    if (m_commits)
        m_commits->flush();
}

void Relay::finishShutdown()
{
    if (m_state != State::ShuttingDown)
        return;
    m_shutdownGrace.stop();
    dropSessions();
    m_frontDoor->dropHttpConnections();
    m_commits->flush();
    closeAccounts();
    m_store->close();
    m_state = State::Stopped;
    qCInfo(lcRelay) << "stopped";
    Q_EMIT stopped();
}

void Relay::dropSessions()
{
    const QList<ClientSession *> sessions = std::exchange(m_sessions, {});
    for (ClientSession *session : sessions) {
        session->disconnect(this);
        session->abort();
        delete session;
    }
}

} // namespace confab::relay
