#pragma once

// The engine's private half, shared by clientengine.cpp (the public API) and
// clientengine_p.cpp (the connection and everything the relay sends). Not installed.

#include "clientengine.h"
#include "connection/heartbeatwatchdog.h"
#include "connection/requestpacer.h"
#include "connectionerrors.h"
#include "sessionledger.h"
#include "streamcursors.h"
#include "transport/eventstreamtransport.h"
#include "transport/frameinbox.h"

#include <QAbstractSocket>
#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <optional>

class QAuthenticator;
class QWebSocket;

namespace confab::client {
class EventStreamTransport;
class ProxyCredentialCheck;
}

namespace confab::client {

Q_DECLARE_LOGGING_CATEGORY(lcClient)

class ClientEngine::Private
{
public:
    explicit Private(ClientEngine *engine) : q(engine) {}

    static QString newId();

    // The connection.
    void setState(State newState);
    void openSocket();
    // The handlers every session WebSocket has (also a probe that becomes the session's).
    void wireSocket(QWebSocket *webSocket);
    // Ends the connection, whichever transport it runs on, and any WebSocket probe.
    void releaseSocket(bool polite);
    void releaseWebSocket(bool polite);
    void sendHello();

    // The HTTP fallback (transport/): tried in the same attempt when the upgrade is refused or hangs.
    void openEventStream(const ConnectionProblem &upgradeFailure);
    void releaseEventStream();
    void onStreamConnected();
    void onStreamDisconnected(int closeCode, const QString &reason);
    void onStreamFailed(const QString &detail);
    // The WebSocket hung after TCP (and TLS) connected: the upgrade itself is stuck.
    bool upgradeHangs() const;
    // While on the fallback: try the upgrade beside it; when it works, move the session over.
    void probeWebSocket();
    void adoptProbe(QWebSocket *probe);
    void releaseProbe();
    QString transport() const;
    void fail(Failure failure, const QString &description);
    // No reply will come to what was in flight: one-shot requests are reported unanswered
    // (queued, after the state change); subscriptions and the outbox wait for the next session.
    void endSession();
    void onConnected();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    // A frame from the session's transport: it waits in the inbox when this turn of the event
    // loop has spent its time on frames already (transport/frameinbox.h), then handleFrame().
    void receiveFrame(const QByteArray &data);
    void handleFrame(QByteArrayView data);
    // The relay closed for a too large message (1009): drops the stored-event request that caused
    // it, so it is not sent again forever. Before fail(), which forgets what was in flight.
    void dropTooLargeRequest();

    // Requests.
    void sendFrame(const protocol::Frame &frame);
    // Requests of a session go through the pacer (connection/requestpacer.h), never straight out.
    void pace(const QString &requestId, const protocol::Frame &frame, SessionLedger::RequestKind kind);
    // Tells the pacer about an answer; true when it takes a rate_limited refusal to send again.
    bool settlePaced(const protocol::Frame &frame);
    void sendSubscribe(const QString &stream, const QString &requestId,
                       const std::optional<StreamPosition> &explicitSince);
    QString submitStored(SessionLedger::RequestKind kind, const QString &stream, const QString &key,
                         protocol::Frame frame);
    void sendOutgoing(const SessionLedger::OutgoingRequest &request);
    QString submitOnce(SessionLedger::RequestKind kind, const QString &stream, protocol::Frame frame,
                       std::optional<qint64> before = std::nullopt);
    void reportUnanswered(const QStringList &requestIds);

    // What the relay sends.
    void handle(const protocol::Welcome &welcome);
    void handle(const protocol::Ack &ack);
    void handle(const protocol::Error &error);
    void handle(const protocol::Synced &synced);
    void handle(const protocol::Message &event) { deliver(event, &ClientEngine::messageReceived); }
    void handle(const protocol::Edited &event) { deliver(event, &ClientEngine::messageEdited); }
    void handle(const protocol::Deleted &event) { deliver(event, &ClientEngine::messageDeleted); }
    void handle(const protocol::Reaction &event) { deliver(event, &ClientEngine::reactionReceived); }
    void handle(const protocol::Read &event) { deliver(event, &ClientEngine::readMarkerReceived); }
    void handle(const protocol::Notification &event) { deliver(event, &ClientEngine::notificationReceived); }
    void handle(const protocol::Dismissed &event) { deliver(event, &ClientEngine::notificationDismissed); }
    void handle(const protocol::Member &event) { deliver(event, &ClientEngine::memberChanged); }
    void handle(const protocol::Typing &typing) { Q_EMIT q->typingChanged(typing); }
    void handle(const protocol::Presence &presence) { Q_EMIT q->presenceChanged(presence); }
    void handle(const protocol::Members &members);
    void handle(const protocol::Streams &streams);
    // Frames only clients send never reach here (handleFrame() drops them); this keeps visit() total.
    template <typename ClientFrame>
    void handle(const ClientFrame &)
    {
    }

    // Emits a stored event unless this engine delivered it already. Events a pending history
    // request asked for pass even when below the mark: the caller wants them again.
    template <typename Event>
    void deliver(const Event &event, void (ClientEngine::*signal)(const Event &))
    {
        const bool asked = ledger.awaitsHistory(event.stream, event.seq)
            && cursors.covers(event.stream, event.epoch, event.seq);
        if (!asked && !cursors.advance(event.stream, event.epoch, event.seq)) {
            qCDebug(lcClient) << "dropping an event delivered already:" << event.stream << event.seq;
            return;
        }
        Q_EMIT(q->*signal)(event);
    }

    // Proxy, TLS trust and logout (clientengine_security.cpp).
    void prepareSecurity(QWebSocket *webSocket); // before open()
    void onSslErrors(QWebSocket *webSocket, const QList<QSslError> &errors);
    void onProxyAuthenticationRequired(const QNetworkProxy &asking, QAuthenticator *authenticator);
    // What a failed attempt really was when the proxy or the TLS trust decision caused it.
    std::optional<ConnectionProblem> securityProblem(QAbstractSocket::SocketError error) const;
    // An HTTP proxy that dropped us after we sent credentials: ask it whether they were refused
    // before saying what went wrong. True when a check started (it fails the attempt later).
    bool checkProxyCredentials(QAbstractSocket::SocketError error, const ConnectionProblem &otherwise);
    void finishLogout();

    ClientEngine *const q;
    State state = State::Disconnected;
    QUrl url;
    QString user;
    QString password; // kept only while a session is wanted, for the hello (and later reconnects)
    QString token;    // a session token to sign in with instead of the password (never logged)
    bool requestToken = false;
    QNetworkProxy proxy{QNetworkProxy::DefaultProxy};
    bool proxyCredentialsOffered = false; // in this attempt
    QByteArray pinnedCertificate;
    CertificateInfo untrusted; // of the last attempt refused for its certificate
    QString tlsProblem;        // set by onSslErrors() when the certificate is refused
    QString logoutRequestId;   // a logout waits for its ack
    QTimer logoutTimer;
    QPointer<ProxyCredentialCheck> proxyCheck; // of the current attempt
    bool logoutTimerReady = false;
    QString lastError;
    Failure failure = Failure::None;
    std::optional<protocol::RelayLimits> relayLimits; // from the last welcome
    QPointer<QWebSocket> socket;
    QPointer<EventStreamTransport> eventStream; // instead of socket, on the fallback
    std::optional<ConnectionProblem> upgradeFailure; // what the WebSocket met in this attempt
    QPointer<QWebSocket> upgradeProbe;
    QTimer webSocketRetryTimer;
    QTimer connectTimer;
    SessionLedger ledger;
    StreamCursors cursors;
    HeartbeatWatchdog watchdog;
    RequestPacer pacer{[this](const protocol::Frame &frame) { sendFrame(frame); }};
    // Frames and transport events of the current transport, in arrival order; emptied whenever
    // that transport is released, so nothing of it reaches a later session.
    FrameInbox inbox{[this](QByteArrayView frame) { handleFrame(frame); }};
};

} // namespace confab::client
