#pragma once

#include <QDateTime>
#include <QString>

namespace confab::client {

// What the UI shows about one account's connection, in one value: whether it is up, what it is
// doing about it, since when it has been offline and why. ConnectionSupervisor keeps it current.
struct ConnectionStatus {
    enum class Phase {
        Idle,         // not asked to connect (signed out, or stopped by the user)
        Connecting,   // opening the socket or signing in
        Connected,    // signed in; requests flow
        WaitingToRetry, // the last attempt failed or the connection dropped; see nextAttempt
        Offline,      // the network is down: trying again as soon as it comes back
        Stopped,      // retrying cannot help (wrong password, untrusted certificate, proxy
                      // credentials, logged out): lastError says what the user must do
    };

    Phase phase = Phase::Idle;
    QDateTime nextAttempt;   // WaitingToRetry: when the next attempt starts (UTC)
    QDateTime offlineSince;  // when the last good connection ended; null while connected or
                             // when it never connected
    QString lastError;       // plain words, empty when nothing failed
    int attempt = 0;         // failed attempts in a row (0 once connected)
    QString transport;       // Connected: "websocket", or "event-stream" (the HTTP fallback,
                             // when a proxy refuses the WebSocket); empty otherwise

    friend bool operator==(const ConnectionStatus &, const ConnectionStatus &) = default;
};

// The phase as one stable word for views and QML: "idle", "connecting", "connected", "waiting",
// "offline" or "stopped".
inline QString phaseName(ConnectionStatus::Phase phase)
{
    using Phase = ConnectionStatus::Phase;
    switch (phase) {
    case Phase::Idle:
        return QStringLiteral("idle");
    case Phase::Connecting:
        return QStringLiteral("connecting");
    case Phase::Connected:
        return QStringLiteral("connected");
    case Phase::WaitingToRetry:
        return QStringLiteral("waiting");
    case Phase::Offline:
        return QStringLiteral("offline");
    case Phase::Stopped:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("idle");
}

// The transport in plain words for people: empty for the WebSocket (the normal way, nothing to
// say), "via HTTP fallback" for the event stream.
inline QString transportDescription(const QString &transport)
{
    return transport == QLatin1String("event-stream") ? QStringLiteral("via HTTP fallback") : QString();
}

} // namespace confab::client
