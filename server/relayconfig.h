#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <limits>

namespace confab::relay {

// A configured interval as a Qt timer takes it: an int of milliseconds. Longer ones (over 24
// days) wait 24 days instead of wrapping round to a negative or tiny interval.
inline int timerMilliseconds(std::chrono::milliseconds interval)
{
    return int(std::clamp<qint64>(interval.count(), 0, std::numeric_limits<int>::max()));
}

// Everything a relay instance needs to run. Defaults are the production values; tests shrink the
// intervals and limits, and every field is settable so that no behaviour hides behind a constant.
struct RelayConfig {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 8080;
    QString dataDir; // holds relay.db; created when missing

    int listenBacklog = 1024;
    // Threads besides the event loop's that write one fan-out's frames to the kernel with it;
    // -1: one fewer than the machine has cores (none on one core).
    int sendThreads = -1;
    // Time a new TCP connection has to send its complete upgrade request.
    std::chrono::milliseconds handshakeTimeout { 5000 };
    // Time an upgraded WebSocket has to authenticate with hello.
    std::chrono::milliseconds authTimeout { 10000 };
    // Time shutdown waits for clients to answer the close handshake before dropping them.
    std::chrono::milliseconds shutdownGrace { 2000 };
    qint64 maxMessageSize = 64 * 1024;
    qint64 maxFrameSize = 64 * 1024;
    qsizetype maxRequestHeadSize = 8 * 1024;
    // HTTP API (issue 7): the largest request body an endpoint takes unless it sets its own limit
    // (413 beyond, refused before it is read), and the time one HTTP request may take to arrive,
    // head and body (408 beyond); an idle keep-alive connection is closed after the same time.
    qint64 maxHttpBodySize = 64 * 1024;
    std::chrono::milliseconds httpRequestTimeout { 10'000 };
    // The fallback transport: the largest POST /v1/frames body (several frames, one per line; 413
    // beyond). Each frame in it is still held to maxMessageSize.
    qint64 maxFramesPostSize = 1024 * 1024;
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

    // ---- access and safety (issue 4)
    // Open connections (handshaking or upgraded) one remote address may hold; checked on accept,
    // before any handshake work. 0 = no cap.
    int maxConnectionsPerAddress = 64;
    // Browser clients send Origin: only these origins (exact, e.g. "https://chat.example.com") are
    // accepted. Native clients send no Origin and are always accepted. Empty = no browser origin.
    QStringList allowedOrigins;
    // TLS when both are set (PEM files): wss:// only, TLS 1.2 and 1.3, AEAD ciphers.
    QString tlsCertificateFile;
    QString tlsKeyFile;
    // Ping every heartbeatInterval; close when no pong came heartbeatTimeout after a ping.
    std::chrono::milliseconds heartbeatInterval { 25'000 };
    std::chrono::milliseconds heartbeatTimeout { 10'000 };
    // Per-connection token bucket over incoming frames: rateBurst frames at once, refilled at
    // ratePerSecond. Beyond it a frame is answered with rate_limited and retry_after_ms.
    int rateBurst = 200;
    double ratePerSecond = 100.0;
    // Error replies (malformed, forbidden, rate_limited...) one connection may cause within
    // errorBudgetWindow before it is closed with 1008 (policy violation). The count starts again
    // after a quiet window, so a long-lived desktop session is not closed for rare mistakes.
    int errorBudget = 100;
    std::chrono::milliseconds errorBudgetWindow { 60'000 };
    // Bytes a connection may have queued for sending; beyond it the client is too slow and is
    // closed (1008 "too slow"; it resumes with since). Replays are paced below half of it.
    qint64 maxUnsentBytes = 8 * 1024 * 1024;
    // Session tokens issued at login live this long (and are revocable earlier).
    std::chrono::milliseconds sessionTokenLifetime { std::chrono::hours(24 * 30) };
    // Failed logins: after loginFailuresPerAccount failures for one user name, or
    // loginFailuresPerAddress from one address, within loginFailureWindow, further attempts are
    // refused with rate_limited (and cost no Argon2 work) until the window has passed.
    int loginFailuresPerAccount = 5;
    int loginFailuresPerAddress = 20;
    std::chrono::milliseconds loginFailureWindow { 15 * 60 * 1000 };
    // What a user may do on a topic that has no ACL entry (a topic with entries allows only them).
    enum class TopicAccess { None, Read, ReadWrite };
    TopicAccess defaultTopicAccess = TopicAccess::Read;
    // What an HTTP request WITHOUT credentials may do on a topic that has no ACL entry (a topic with
    // entries allows only them). None: anonymous requests get 401 and must sign in.
    TopicAccess anonymousTopicAccess = TopicAccess::None;
    // HTTP topic subscriptions (/<topic>/json, /sse, /raw) send a keepalive event this often, so
    // proxies and clients see a quiet stream is still alive (ntfy uses 45 s).
    std::chrono::milliseconds httpKeepaliveInterval { 45'000 };
    // GET /metrics (Prometheus text format) answers anyone who can reach the port, without
    // credentials, as Prometheus scrapes expect; false: the path answers 404.
    bool metricsEnabled = true;
    // Attachments (issue 7): files uploaded to a stream live under <dataDir>/attachments. One file
    // may be at most attachmentFileLimit bytes (413 beyond); all unexpired files together at most
    // attachmentTotalQuota (507 beyond); each expires attachmentExpiry after its upload and is
    // deleted by a prune that runs every attachmentPruneInterval.
    qint64 attachmentFileLimit = 15 * 1024 * 1024;
    qint64 attachmentTotalQuota = qint64(5) * 1024 * 1024 * 1024;
    std::chrono::milliseconds attachmentExpiry { std::chrono::hours(24) };
    std::chrono::milliseconds attachmentPruneInterval { 60'000 };
    // Log lines as JSON objects (one per line) instead of text.
    bool jsonLogs = false;

    // The per-user default: $XDG_DATA_HOME/confab-relay (~/.local/share/confab-relay).
    static QString defaultDataDir();
};

} // namespace confab::relay
