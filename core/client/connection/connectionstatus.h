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

    friend bool operator==(const ConnectionStatus &, const ConnectionStatus &) = default;
};

} // namespace confab::client
