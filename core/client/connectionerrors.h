#pragma once

#include "clientengine.h"
#include "protocol/errorcode.h"

#include <QAbstractSocket>
#include <QString>
#include <QUrl>
#include <QWebSocketProtocol>

namespace confab::client {

// Turns what the network stack and the relay report into sentences a person can act on. Qt's own
// error strings name internal functions; they go to the log, never to the user.
struct ConnectionProblem {
    ClientEngine::Failure failure = ClientEngine::Failure::None;
    QString description;
};

// "host:port" of a relay URL, with the scheme's default port when the URL has none.
QString relayAddress(const QUrl &url);

// A transport failure; `wasOpen` says whether the WebSocket had been established.
ConnectionProblem describeSocketError(const QUrl &url, QAbstractSocket::SocketError error,
                                      const QString &qtErrorString, bool wasOpen);

// A WebSocket that closed without a transport error.
ConnectionProblem describeClose(const QUrl &url, QWebSocketProtocol::CloseCode code, const QString &reason,
                                bool wasOpen);

// A relay-supplied reason, made safe to show: bounded, and never empty.
QString plainReason(const QString &message, protocol::ErrorCode code);

} // namespace confab::client
