// ClientEngine: the public API. Connection handling and everything the relay sends live in
// clientengine_p.cpp and clientengine_handlers.cpp.
#include "clientengine.h"

#include "clientengine_p.h"
#include "connectionerrors.h"
#include "transport/eventstreamtransport.h"

#include <QWebSocket>

#include <type_traits>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using Kind = SessionLedger::RequestKind;

namespace {
constexpr auto kDefaultConnectTimeout = std::chrono::seconds(15);
constexpr auto kDefaultWebSocketRetryInterval = std::chrono::minutes(5);
} // namespace

ClientEngine::ClientEngine(QObject *parent) : QObject(parent), d(std::make_unique<Private>(this))
{
    d->connectTimer.setSingleShot(true);
    d->connectTimer.setInterval(kDefaultConnectTimeout);
    connect(&d->connectTimer, &QTimer::timeout, this, [this] {
        const auto seconds = std::chrono::duration_cast<std::chrono::duration<double>>(
            d->connectTimer.intervalAsDuration());
        const QString silent = u"The relay at %1 did not answer within %2 seconds."_s.arg(relayAddress(d->url))
                                   .arg(seconds.count(), 0, 'g', 3);
        if (d->state == State::Connecting && d->upgradeHangs()) {
            // Connected, but the upgrade gets no answer (a proxy holding it): try plain HTTP,
            // with a whole connect timeout of its own.
            d->openEventStream({Failure::Unreachable, silent});
            d->connectTimer.start();
            return;
        }
        d->fail(d->state == State::Connecting ? Failure::Unreachable : Failure::Refused, silent);
    });
    // The heartbeat watchdog (connection/heartbeatwatchdog.h): pings a quiet relay, and replaces
    // a connection that stopped answering.
    connect(&d->watchdog, &HeartbeatWatchdog::pingDue, this, [this] {
        // One read of each guarded pointer (optimised builds warn about a second one).
        if (QWebSocket *socket = d->socket.data())
            socket->ping();
        else if (auto *eventStream = d->eventStream.data())
            eventStream->ping(); // an empty POST: answered only while the session lives
    });
    d->webSocketRetryTimer.setInterval(kDefaultWebSocketRetryInterval);
    connect(&d->webSocketRetryTimer, &QTimer::timeout, this, [this] { d->probeWebSocket(); });
    connect(&d->watchdog, &HeartbeatWatchdog::timedOut, this, [this] {
        d->fail(Failure::ConnectionLost, u"The relay at %1 stopped answering."_s.arg(relayAddress(d->url)));
    });
}

ClientEngine::~ClientEngine()
{
    // The socket's handlers reach into d: cut them before d goes away.
    if (d->socket) {
        QObject::disconnect(d->socket, nullptr, this, nullptr);
        d->socket->abort();
    }
    d->releaseProbe();
    d->releaseEventStream();
}

void ClientEngine::connectToRelay(const QUrl &relayUrl, const QString &username, const QString &password)
{
    connectToRelay(relayUrl, Credentials{username, password});
}

void ClientEngine::connectToRelay(const QUrl &relayUrl, const Credentials &credentials)
{
    const QString &username = credentials.username;
    // Subscriptions, positions and unsent requests belong to one account on one relay.
    const bool otherAccount = relayUrl.adjusted(QUrl::RemoveFragment) != d->url || username != d->user;
    if (!d->url.isEmpty() && otherAccount) {
        d->ledger.clear();
        d->cursors.clear();
    }
    d->connectTimer.stop();
    d->releaseSocket(false);
    d->endSession();
    d->url = relayUrl.adjusted(QUrl::RemoveFragment);
    d->user = username;
    d->password = credentials.password;
    d->token = credentials.token;
    d->requestToken = credentials.requestToken;
    d->lastError.clear();
    d->failure = Failure::None;

    const QString scheme = relayUrl.scheme();
    if (!relayUrl.isValid() || relayUrl.host().isEmpty() || (scheme != "ws"_L1 && scheme != "wss"_L1)) {
        d->fail(Failure::Unreachable,
                u"The relay address \"%1\" is not valid; it should look like ws://host:port/v1/ws."_s.arg(
                    relayUrl.toDisplayString()));
        return;
    }
    qCInfo(lcClient).noquote() << "connecting to" << d->url.toDisplayString() << "as" << username;
    d->setState(State::Connecting);
    d->connectTimer.start();
    d->openSocket();
}

void ClientEngine::disconnectFromRelay()
{
    d->connectTimer.stop();
    d->releaseSocket(true);
    d->endSession();
    d->password.clear();
    d->token.clear();
    d->logoutRequestId.clear();
    d->logoutTimer.stop();
    d->lastError.clear();
    d->failure = Failure::None;
    d->setState(State::Disconnected);
}

QString ClientEngine::subscribe(const QString &stream)
{
    const QString requestId = Private::newId();
    d->ledger.addStream(stream);
    if (d->state == State::Connected)
        d->sendSubscribe(stream, requestId, d->ledger.requestedSince(stream));
    else
        d->ledger.promiseSubscribe(stream, requestId);
    return requestId;
}

QString ClientEngine::subscribe(const QString &stream, qint64 since, const QString &epoch)
{
    d->ledger.requestSince(stream, {epoch, since});
    return subscribe(stream);
}

QString ClientEngine::unsubscribe(const QString &stream)
{
    d->ledger.removeStream(stream);
    d->cursors.forget(stream); // a later subscribe starts live again
    return d->submitOnce(Kind::Unsubscribe, stream, proto::Unsubscribe{{}, stream});
}

std::optional<StreamPosition> ClientEngine::streamPosition(const QString &stream) const
{
    return d->cursors.position(stream);
}

QString ClientEngine::sendMessage(const QString &stream, const QString &text)
{
    const QString key = Private::newId();
    return d->submitStored(Kind::Send, stream, key, proto::Send{{}, stream, key, text});
}

QString ClientEngine::sendMessage(const QString &stream, const QString &text, qint64 replyTo)
{
    const QString key = Private::newId();
    return d->submitStored(Kind::Send, stream, key, proto::Send{{}, stream, key, text, replyTo});
}

QString ClientEngine::editMessage(const QString &stream, qint64 target, const QString &text)
{
    const QString key = Private::newId();
    return d->submitStored(Kind::Edit, stream, key, proto::Edit{{}, stream, key, target, text});
}

QString ClientEngine::deleteMessage(const QString &stream, qint64 target)
{
    const QString key = Private::newId();
    return d->submitStored(Kind::Delete, stream, key, proto::Delete{{}, stream, key, target});
}

QString ClientEngine::react(const QString &stream, qint64 target, const QString &emoji, bool remove)
{
    const QString key = Private::newId();
    return d->submitStored(Kind::React, stream, key, proto::React{{}, stream, key, target, emoji, remove});
}

QString ClientEngine::submit(const proto::Frame &frame, const QString &key)
{
    Kind kind = Kind::Send;
    QString stream;
    std::visit(
        [&](const auto &typed) {
            using T = std::decay_t<decltype(typed)>;
            if constexpr (std::is_same_v<T, proto::Send>)
                kind = Kind::Send;
            else if constexpr (std::is_same_v<T, proto::Edit>)
                kind = Kind::Edit;
            else if constexpr (std::is_same_v<T, proto::Delete>)
                kind = Kind::Delete;
            else if constexpr (std::is_same_v<T, proto::React>)
                kind = Kind::React;
            else if constexpr (std::is_same_v<T, proto::MarkRead>)
                kind = Kind::MarkRead;
            else if constexpr (std::is_same_v<T, proto::Publish>)
                kind = Kind::Publish;
            else if constexpr (std::is_same_v<T, proto::Dismiss>)
                kind = Kind::Dismiss;
            else
                kind = Kind::Subscribe; // not a stored kind: refused below
            if constexpr (requires { typed.stream; })
                stream = typed.stream;
        },
        frame);
    if (!SessionLedger::isStoredKind(kind) || key.isEmpty()) {
        qCWarning(lcClient) << "submit() takes only requests that create stored events, with a key";
        return {};
    }
    // Already held (the caller hands over its whole persisted outbox again after a sign-in):
    // holding it twice would send it twice in every session.
    for (const SessionLedger::OutgoingRequest &held : d->ledger.outbox()) {
        if (held.key == key)
            return key;
    }
    return d->submitStored(kind, stream, key, frame);
}

QString ClientEngine::markRead(const QString &stream, qint64 seq)
{
    return d->submitStored(Kind::MarkRead, stream, Private::newId(), proto::MarkRead{{}, stream, seq});
}

QString ClientEngine::publish(const QString &topic, const NotificationDraft &notification)
{
    const QString key = Private::newId();
    const proto::Publish publish = toPublish(notification, topic, key);
    return d->submitStored(Kind::Publish, topic, key, publish);
}

QString ClientEngine::dismiss(const QString &topic, qint64 target, bool all)
{
    return d->submitStored(Kind::Dismiss, topic, Private::newId(), proto::Dismiss{{}, topic, target, all});
}

void ClientEngine::setTyping(const QString &stream, bool active)
{
    // Ephemeral: dropped rather than queued when the pacer has no room for it now.
    if (d->state == State::Connected && d->pacer.allowEphemeral())
        d->sendFrame(proto::SetTyping{{}, stream, active});
}

void ClientEngine::setPresence(proto::PresenceStatus status)
{
    d->ledger.setPresence(status);
    if (d->state == State::Connected && d->pacer.allowEphemeral())
        d->sendFrame(proto::SetPresence{{}, status});
}

QString ClientEngine::createRoom(const QString &name, proto::RoomVisibility visibility, const QString &title)
{
    return d->submitOnce(Kind::CreateRoom, u"room:"_s + name, proto::CreateRoom{{}, name, visibility, title});
}

QString ClientEngine::invite(const QString &room, const QString &user)
{
    return d->submitOnce(Kind::Invite, room, proto::Invite{{}, room, user});
}

QString ClientEngine::join(const QString &room)
{
    return d->submitOnce(Kind::Join, room, proto::Join{{}, room});
}

QString ClientEngine::leave(const QString &room)
{
    return d->submitOnce(Kind::Leave, room, proto::Leave{{}, room});
}

QString ClientEngine::listMembers(const QString &stream)
{
    return d->submitOnce(Kind::ListMembers, stream, proto::ListMembers{{}, stream});
}

QString ClientEngine::listStreams()
{
    return d->submitOnce(Kind::ListStreams, {}, proto::ListStreams{});
}

QString ClientEngine::openDm(const QStringList &users)
{
    return d->submitOnce(Kind::OpenDm, {}, proto::OpenDm{{}, users});
}

QString ClientEngine::fetchHistory(const QString &stream, std::optional<qint64> before, int limit)
{
    return d->submitOnce(Kind::History, stream, proto::History{{}, stream, before, limit}, before);
}

void ClientEngine::setHeartbeat(const Heartbeat &heartbeat)
{
    d->watchdog.setHeartbeat(heartbeat);
}

ClientEngine::Heartbeat ClientEngine::heartbeat() const
{
    return d->watchdog.heartbeat();
}

void ClientEngine::probe()
{
    if (d->state == State::Connected)
        d->watchdog.probe();
}

void ClientEngine::setMaxInFlight(int requests)
{
    d->pacer.setMaxInFlight(requests);
}

std::optional<protocol::RelayLimits> ClientEngine::relayLimits() const
{
    return d->relayLimits;
}

void ClientEngine::overridePacingForTesting(int burst, double perSecond)
{
    d->pacer.overrideRate(std::pair{burst, perSecond});
}

void ClientEngine::setConnectTimeout(std::chrono::milliseconds timeout)
{
    d->connectTimer.setInterval(timeout);
}

ClientEngine::State ClientEngine::state() const
{
    return d->state;
}

QString ClientEngine::userName() const
{
    return d->user;
}

QUrl ClientEngine::relayUrl() const
{
    return d->url;
}

QString ClientEngine::lastError() const
{
    return d->lastError;
}

ClientEngine::Failure ClientEngine::lastFailure() const
{
    return d->failure;
}

} // namespace confab::client
