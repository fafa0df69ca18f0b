#pragma once

#include "relayconfig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QWebSocket;

namespace confab::relay {

class AccessPolicy;
class AccountStore;
class Authenticator;
class ClientSession;
class CommitQueue;
class ControlChannel;
class EventStore;
class FrontDoor;
class HttpApi;
class ParallelSends;
class PresenceTracker;
class RelayMetrics;
class RetentionPruner;
class Scheduler;
class SessionRegistry;
class SessionTransport;
class StreamHub;

// One relay: the store, the front door, the sessions and what they share: the hub where events
// fan out, the commit queue (group commit), the access policy, presence, the scheduler of
// notifications and the retention pruner. The executable runs one; tests run several in one
// process (each store has its own database connection).
// Lifecycle: construct, start(), and later shutdown() (graceful, emits stopped()) or destroy.
class Relay : public QObject
{
    Q_OBJECT

public:
    explicit Relay(const RelayConfig &config, QObject *parent = nullptr);
    ~Relay() override; // drops any remaining connection and closes the store

    // Opens the store and starts listening. false: errorString() says why.
    bool start();
    QString errorString() const { return m_errorString; }
    // ws://ADDRESS:PORT/v1/ws, valid once started (with the bound port when the config says 0).
    QUrl url() const;
    quint16 port() const;
    bool isRunning() const { return m_state == State::Running; }
    qsizetype sessionCount() const { return m_sessions.size(); }

    // Valid between start() and the end of shutdown: for admin tasks and tests.
    EventStore *store() const { return m_store.get(); }
    Authenticator *authenticator() const { return m_authenticator.get(); }
    CommitQueue *commitQueue() const { return m_commits.get(); }
    AccountStore *accounts() const { return m_accounts.get(); }
    SessionRegistry *sessionRegistry() const { return m_sessionRegistry.get(); }

    // relayaccounts.cpp. For the control channel (after the admin CLI changed the store) and for
    // tests. Deletes the token if it is still stored and closes every session that logged in
    // with it (1008 "token revoked"); returns how many were closed.
    int revokeToken(const QString &tokenId);
    // Closes every session of `user` (password and token logins alike) with 1008 and `reason`,
    // e.g. after the account was removed, its password or its role changed; returns how many.
    // An empty reason says "access changed".
    int closeSessionsOf(const QString &user, const QString &reason = {});
    // Closes the sessions of a token the CLI has already revoked (1008 "token revoked").
    int closeSessionsOfToken(const QString &tokenId);
    // One retention pass now (tests; the relay also prunes every config.retentionInterval).
    bool pruneNow();

    // Stops accepting, commits the pending batch (its acks still go out), closes every WebSocket
    // with 1001 (going away), waits up to config.shutdownGrace for the close handshakes, closes
    // the store, then emits stopped().
    void shutdown();

Q_SIGNALS:
    void started(const QUrl &url);
    void stopped();

private:
    enum class State { Idle, Running, ShuttingDown, Stopped };

    void onWebSocket(QWebSocket *socket);
    // Runs a ClientSession on an opened transport (an upgraded WebSocket, or the fallback event
    // stream through the HTTP API); takes ownership.
    void onTransport(SessionTransport *transport);
    void onSessionFinished(ClientSession *session);
    void finishShutdown();
    void dropSessions();
    void stopServices();
    // relayaccounts.cpp: the account store beside the event store, and expired-token pruning.
    bool openAccounts();
    void closeAccounts();
    // relaycontrol.cpp: the control channel's requests (status, publish, close-sessions).
    bool startControlChannel();
    QJsonObject statusReport() const;
    void controlPublish(const QJsonObject &request, const std::function<void(const QJsonObject &)> &reply);
    QJsonObject controlCloseSessions(const QJsonObject &request);

    RelayConfig m_config;
    State m_state = State::Idle;
    QString m_errorString;
    // First: every other part may report to it until it is gone.
    std::unique_ptr<RelayMetrics> m_metrics;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<StreamHub> m_hub;
    std::unique_ptr<ParallelSends> m_parallelSends;
    std::unique_ptr<AccountStore> m_accounts;
    std::unique_ptr<SessionRegistry> m_sessionRegistry;
    QTimer m_tokenPruning;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<AccessPolicy> m_access;
    std::unique_ptr<PresenceTracker> m_presence;
    std::unique_ptr<CommitQueue> m_commits;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<RetentionPruner> m_pruner;
    // The HTTP API outlives the front door, whose HTTP connections call it.
    std::unique_ptr<HttpApi> m_httpApi;
    std::unique_ptr<FrontDoor> m_frontDoor;
    std::unique_ptr<ControlChannel> m_control;
    QElapsedTimer m_uptime;
    QList<ClientSession *> m_sessions;
    QTimer m_shutdownGrace;
};

} // namespace confab::relay
