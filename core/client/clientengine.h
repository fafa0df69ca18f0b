#pragma once

#include "notificationdraft.h"
#include "protocol/frames.h"
#include "streamposition.h"

#include <QByteArray>
#include <QDateTime>
#include <QNetworkProxy>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

namespace confab::client {

// The client engine's connection to one relay for one account: opens the WebSocket
// (`confab.v1` at /v1/ws), authenticates with hello, subscribes to streams, sends requests and
// reports everything that happens as typed Qt signals. It knows nothing about any UI.
//
// Delivery within the engine's life: it remembers, per stream, the epoch and the highest sequence
// number it has delivered, drops stored events at or below that mark (replays, duplicates), and
// resumes every subscription from it after connectToRelay() is called again. Requests that create
// stored events are kept until the relay acknowledges them and sent again, with the same
// client_msg_id, in every new session. A persistent outbox, a local store and automatic
// reconnection come later; they plug into the same places.
class ClientEngine : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Disconnected,   // not connected; lastError() says why, if it failed
        Connecting,     // opening the socket (TCP, TLS, WebSocket upgrade)
        Authenticating, // socket open, hello sent, waiting for welcome
        Connected,      // welcome received: requests may be sent
    };
    Q_ENUM(State)

    // Why the last connection ended, so callers (and a later reconnect policy) can tell a
    // retryable network problem from one that retrying cannot fix.
    enum class Failure {
        None,           // nothing failed, or disconnectFromRelay() was called
        Unreachable,    // no connection: refused, unknown host, timeout, TLS or proxy failure
        NotARelay,      // the server answered but refused the confab.v1 WebSocket upgrade
        AuthFailed,     // wrong user name or password: retrying will not help
        Refused,        // the relay refused the hello for another reason (e.g. protocol version)
        ConnectionLost, // the connection was up, then the relay closed it or the network dropped
        // --- issue 5
        TokenRejected,        // the saved session token expired or was revoked: sign in again
        UntrustedCertificate, // TLS: the relay's certificate is not trusted by the system and not
                              // pinned (or differs from the pin); untrustedCertificate() tells which
        ProxyRefused,         // the proxy refused our credentials (or asks for some we lack)
        LoggedOut,            // logout() finished, or the relay ended the session ("logged out")
    };
    Q_ENUM(Failure)

    // How to sign in. With a token, the hello carries only the token; with a password and
    // requestToken, the relay issues a session token (sessionTokenIssued()) that later
    // connections use instead of the password.
    struct Credentials {
        QString username;
        QString password = {};
        QString token = {};        // a cfs_ session token (or cfa_ API token); preferred when set
        bool requestToken = false; // with password: ask for a new session token
    };

    // A relay certificate the system does not trust, for the "trust this certificate?" prompt.
    struct CertificateInfo {
        QByteArray sha256;           // SHA-256 of the DER certificate (what a pin stores)
        QString fingerprint;         // the same as "AB:CD:...", for people
        QString subject;             // common name, or the whole subject when it has none
        QString issuer;
        QDateTime expires;
        QStringList problems;        // Qt's TLS errors, in plain words
        friend bool operator==(const CertificateInfo &, const CertificateInfo &) = default;
    };

    // Heartbeat watchdog: ping when nothing arrived for `idle`, declare the connection dead when
    // nothing (not even a pong) arrived `timeout` after that. Defaults 25 s + 10 s.
    struct Heartbeat {
        std::chrono::milliseconds idle{25'000};
        std::chrono::milliseconds timeout{10'000};
    };

    explicit ClientEngine(QObject *parent = nullptr);
    ~ClientEngine() override;

    // Connects to a relay URL such as ws://127.0.0.1:8080/v1/ws and authenticates. Calling it
    // again for the same account resumes the session: subscriptions continue from their marks and
    // unacknowledged requests are sent again.
    void connectToRelay(const QUrl &relayUrl, const QString &username, const QString &password);
    void connectToRelay(const QUrl &relayUrl, const Credentials &credentials);
    void disconnectFromRelay();
    // Ends the session on the relay (the token is revoked there), then disconnects: state
    // Disconnected with lastFailure() LoggedOut, and loggedOut(). Forgets subscriptions, positions
    // and unsent requests. Without a connection it only does the local part.
    void logout();

    // --- Connection settings (take effect at the next connectToRelay()).
    // The proxy for the WebSocket: QNetworkProxy::DefaultProxy (the default) follows the
    // application proxy, i.e. the system's settings once the app called
    // QNetworkProxyFactory::setUseSystemConfiguration(true); NoProxy, HttpProxy (CONNECT) and
    // Socks5Proxy with user and password are explicit choices.
    void setProxy(const QNetworkProxy &proxy);
    QNetworkProxy proxy() const;
    // A certificate the user decided to trust for this account (SHA-256 of its DER form). A relay
    // presenting exactly this certificate is accepted despite TLS errors; any other untrusted one
    // is refused with Failure::UntrustedCertificate. Empty: only what the system's CAs trust.
    void setPinnedCertificate(const QByteArray &sha256);
    QByteArray pinnedCertificate() const;
    // The certificate of the last UntrustedCertificate failure (empty sha256 otherwise).
    CertificateInfo untrustedCertificate() const;
    void setHeartbeat(const Heartbeat &heartbeat);
    Heartbeat heartbeat() const;
    // Check the connection now (the network just came back, the machine woke up): pings at once;
    // no answer within the heartbeat's timeout fails it with ConnectionLost. Connected only.
    void probe();
    // How many requests that create stored events may wait for their ack at once. The engine also
    // paces them below the relay's advertised rate limit (welcome.limits) and, when refused with
    // rate_limited, waits retry_after_ms and sends again from the refused one, in order.
    void setMaxInFlight(int requests);
    // The limits the relay advertised in this (or the last) session's welcome; nullopt before the
    // first welcome or from a relay that advertises none. maxMessageBytes bounds a whole frame.
    std::optional<protocol::RelayLimits> relayLimits() const;
    // Tests only: pace at this burst and rate whatever the relay advertises (e.g. above its
    // limits, to exercise the rate_limited path). Takes effect at the next session.
    void overridePacingForTesting(int burst, double perSecond);

    // Sends a request that creates a stored event (send, edit, delete, react, mark_read, publish,
    // dismiss), built by the caller, under `key`: the frame's client_msg_id where it has one (it
    // must then equal key), else any unique id. Used to resend a persisted outbox after a
    // restart. Returns key; answered like sendMessage(). A key the engine holds already is not
    // taken twice (it returns key and sends nothing more).
    QString submit(const protocol::Frame &frame, const QString &key);

    // --- Subscriptions. Each returns the request id. Streams subscribed while not yet connected
    // are subscribed as soon as the session is authenticated.

    // Live events from now on (the first time); later sessions resume from the stream's mark.
    QString subscribe(const QString &stream);
    // Replays the stored events after `since` (of `epoch`, when given) first, e.g. from a position
    // the app persisted. Events above `since` are delivered even if this session saw them already.
    QString subscribe(const QString &stream, qint64 since, const QString &epoch = {});
    QString unsubscribe(const QString &stream);
    // The position of a stream: its epoch and the highest seq delivered (nullopt before any).
    std::optional<StreamPosition> streamPosition(const QString &stream) const;

    // --- Requests that create stored events. Each returns its key: the client_msg_id (a new
    // random UUID) for those that carry one, an id of the engine's own for markRead and dismiss.
    // They are acknowledged by eventAcknowledged(key, ...) or refused by eventFailed(key, ...).

    QString sendMessage(const QString &stream, const QString &text);
    QString sendMessage(const QString &stream, const QString &text, qint64 replyTo);
    QString editMessage(const QString &stream, qint64 target, const QString &text);
    QString deleteMessage(const QString &stream, qint64 target);
    QString react(const QString &stream, qint64 target, const QString &emoji, bool remove = false);
    QString markRead(const QString &stream, qint64 seq);
    QString publish(const QString &topic, const NotificationDraft &notification);
    QString dismiss(const QString &topic, qint64 target, bool all = false);

    // --- Ephemeral signals: sent only while connected, never acknowledged. The presence chosen
    // here is restored in every later session (the relay starts each one as online).
    void setTyping(const QString &stream, bool active);
    void setPresence(protocol::PresenceStatus status);

    // --- Rooms, conversations and queries. Each returns the request id; the answer is
    // requestAcknowledged(), membersReceived(), streamsReceived() or historyFetched(), or
    // requestFailed(). They are not sent again: when the connection is not up, or is lost before
    // the answer, requestUnanswered() says so and the caller may ask again.

    QString createRoom(const QString &name,
                       protocol::RoomVisibility visibility = protocol::RoomVisibility::Public,
                       const QString &title = {});
    QString invite(const QString &room, const QString &user);
    QString join(const QString &room);
    QString leave(const QString &room);
    QString listMembers(const QString &stream);
    QString listStreams();
    QString openDm(const QStringList &users); // the ack's stream is the dm's id
    // Events with seq < before (from the head when absent), oldest first, through the ordinary
    // event signals even if already delivered; then historyFetched().
    QString fetchHistory(const QString &stream, std::optional<qint64> before = std::nullopt,
                         int limit = protocol::kDefaultHistoryLimit);

    // How long opening the socket plus authenticating may take before the attempt counts as
    // failed (default 15 s). Tests shorten it.
    void setConnectTimeout(std::chrono::milliseconds timeout);

    // --- Transport (issue 7). When the WebSocket upgrade is refused with an HTTP answer other than
    // 101 (a proxy that strips the Upgrade header) or hangs with the connection open, the engine
    // tries the HTTP fallback (Server-Sent Events on GET /v1/events, frames in POST /v1/frames) in
    // the same attempt; cursors, outbox and resume work the same over it. While on the fallback it
    // tries the WebSocket again every webSocketRetryInterval (default 5 min) and, when the upgrade
    // works, moves the session there (a resume: nothing lost, nothing twice).
    // "websocket" or "event-stream" while connected; empty otherwise.
    QString transport() const;
    void setWebSocketRetryInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds webSocketRetryInterval() const;

    State state() const;
    QString userName() const;
    QUrl relayUrl() const;
    QString lastError() const; // plain words, empty when nothing failed
    Failure lastFailure() const;

Q_SIGNALS:
    void stateChanged(confab::client::ClientEngine::State state);
    void authenticated(const QString &userName);
    // The relay issued a session token (Credentials::requestToken); store it, it is shown once.
    void sessionTokenIssued(const QString &token, const QDateTime &expires);
    void loggedOut();
    void connectionError(const QString &description); // in plain words

    // Subscriptions: the relay accepted one (headSeq is the stream's newest seq), then replayed
    // what was missed and says where live delivery starts. recovered is false when the gap could
    // not be filled (history reset or pruned); resyncNeeded() follows, and the caller fetches
    // history from the head.
    void subscribed(const QString &stream, qint64 headSeq);
    void synced(const QString &stream, const QString &epoch, qint64 headSeq, bool recovered);
    void resyncNeeded(const QString &stream);

    // Stored events, each delivered once per engine (by stream and seq).
    void messageReceived(const confab::protocol::Message &message);
    void messageEdited(const confab::protocol::Edited &edit);
    void messageDeleted(const confab::protocol::Deleted &deletion);
    void reactionReceived(const confab::protocol::Reaction &reaction);
    void readMarkerReceived(const confab::protocol::Read &marker); // in user:<me>
    void notificationReceived(const confab::protocol::Notification &notification);
    void notificationDismissed(const confab::protocol::Dismissed &dismissal); // in user:<me>
    void memberChanged(const confab::protocol::Member &change);
    // Ephemeral events, as they come.
    void typingChanged(const confab::protocol::Typing &typing);
    void presenceChanged(const confab::protocol::Presence &presence);

    // Answers.
    void messageAcknowledged(const QString &stream, const QString &clientMsgId, qint64 seq); // sendMessage
    void eventAcknowledged(const QString &key, const confab::protocol::Ack &ack); // every stored kind
    void requestAcknowledged(const QString &requestId, const confab::protocol::Ack &ack); // rooms, dms
    void membersReceived(const confab::protocol::Members &members);
    void streamsReceived(const confab::protocol::Streams &streams);
    void historyFetched(const QString &requestId, const QString &stream, qint64 lowestSeq, bool hasMore);
    // The relay refused a request (the error carries the request's id and a typed code).
    void requestFailed(const confab::protocol::Error &error);
    // A request that creates a stored event was refused; emitted just before requestFailed() for
    // the same error. rate_limited never gets here: the engine waits retry_after_ms and sends
    // again in the same session (see setMaxInFlight()); internal neither: it is sent again in its
    // place after a growing wait (1 s doubling to 30 s). Any other refusal drops it. When the relay
    // closes the connection for a too large message (1009), the largest stored-event request in
    // flight (always one the relay would refuse again) is dropped with code too_large.
    void eventFailed(const QString &key, const confab::protocol::Error &error);
    // The same, for messages sent with sendMessage().
    void messageFailed(const QString &stream, const QString &clientMsgId,
                       const confab::protocol::Error &error);
    // A request that is not sent again got no answer: not connected, or the connection was lost.
    void requestUnanswered(const QString &requestId);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace confab::client
