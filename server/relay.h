#pragma once

#include "relayconfig.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

class QWebSocket;

namespace confab::relay {

class AccessPolicy;
class Authenticator;
class ClientSession;
class CommitQueue;
class EventStore;
class FrontDoor;
class PresenceTracker;
class RetentionPruner;
class Scheduler;
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
    void onSessionFinished(ClientSession *session);
    void finishShutdown();
    void dropSessions();
    void stopServices();

    RelayConfig m_config;
    State m_state = State::Idle;
    QString m_errorString;
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<StreamHub> m_hub;
    std::unique_ptr<Authenticator> m_authenticator;
    std::unique_ptr<AccessPolicy> m_access;
    std::unique_ptr<PresenceTracker> m_presence;
    std::unique_ptr<CommitQueue> m_commits;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<RetentionPruner> m_pruner;
    std::unique_ptr<FrontDoor> m_frontDoor;
    QList<ClientSession *> m_sessions;
    QTimer m_shutdownGrace;
};

} // namespace confab::relay
