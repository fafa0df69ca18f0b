#pragma once

#include <QAbstractSocket>
#include <QString>

namespace confab::client {

// When the engine gives up on the WebSocket for this attempt and tries the HTTP fallback
// (EventStreamTransport) instead: the server answered the upgrade with HTTP, but not with
// 101 Switching Protocols (a proxy that strips the Upgrade header gets the relay's 426; others
// answer 400 or 502 themselves), or closed the connection before the upgrade finished. The
// upgrade timing out with the connection open counts too; the engine sees that itself.
// Network failures (refused, unknown host, TLS, proxy credentials) do not: HTTP would meet them
// again.
bool shouldFallBack(QAbstractSocket::SocketError error, const QString &qtErrorString);

} // namespace confab::client
