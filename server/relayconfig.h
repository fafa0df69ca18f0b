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
    std::chrono::milliseconds handshakeTimeout{5000};
    // Time an upgraded WebSocket has to authenticate with hello.
    std::chrono::milliseconds authTimeout{10000};
    // Time shutdown waits for clients to answer the close handshake before dropping them.
    std::chrono::milliseconds shutdownGrace{2000};
    qint64 maxMessageSize = 64 * 1024;
    qint64 maxFrameSize = 64 * 1024;
    qsizetype maxRequestHeadSize = 8 * 1024;
    // Frames a client may pipeline behind its hello while the password is being checked.
    int maxQueuedFramesWhileAuthenticating = 32;

    // The per-user default: $XDG_DATA_HOME/confab-relay (~/.local/share/confab-relay).
    static QString defaultDataDir();
};

} // namespace confab::relay
