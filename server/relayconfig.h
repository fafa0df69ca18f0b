#pragma once

#include <QHostAddress>
#include <QString>

#include <chrono>

namespace confab::relay {

// Everything a relay instance needs to run. Defaults are the production values; tests shrink the
// intervals and limits, and every field is settable so that no behaviour hides behind a constant.
struct RelayConfig {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString dataDir; // holds relay.db; created when missing

    int listenBacklog = 1024;
    // Time a new TCP connection has to send its complete upgrade request.
    std::chrono::milliseconds handshakeTimeout { 5000 };
    // Time an upgraded WebSocket has to authenticate with hello.
    std::chrono::milliseconds authTimeout { 10000 };
    // Time shutdown waits for clients to answer the close handshake before dropping them.
    std::chrono::milliseconds shutdownGrace { 2000 };
    qint64 maxMessageSize = 64 * 1024;
    qint64 maxFrameSize = 64 * 1024;
    qsizetype maxRequestHeadSize = 8 * 1024;
    // Frames a client may pipeline behind its hello while the password is being checked.
    int maxQueuedFramesWhileAuthenticating = 32;
    // Requests of one connection that may wait for its earlier writes to be committed.
    int maxHeldRequests = 1024;

    // Group commit: requests that store events wait for the event loop to go idle and are
    // committed together in one transaction; a batch is flushed early once it holds this many
    // requests, so a flood still gets acknowledgements at a steady pace.
    int maxCommitBatch = 256;

    // Retention per stream: events older than retentionDays or beyond the newest retentionEvents
    // are pruned every retentionInterval (0 turns a limit off).
    int retentionDays = 30;
    qint64 retentionEvents = 100'000;
    std::chrono::milliseconds retentionInterval { 60'000 };

    // How often the scheduler looks for due notifications even when it has no timer armed for
    // them (a safety net; it normally wakes exactly when the next one is due).
    std::chrono::milliseconds schedulerInterval { 30'000 };

    // The per-user default: $XDG_DATA_HOME/confab-relay (~/.local/share/confab-relay).
    static QString defaultDataDir();
};

} // namespace confab::relay
