#include "clientengine.h"

#include "connectionerrors.h"
#include "protocol/codec.h"
#include "sessionledger.h"

#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {

Q_LOGGING_CATEGORY(lcClient, "confab.client", QtInfoMsg)

// Relay frames are small JSON objects (a message's text is at most 16 KiB); refuse anything far
// larger before it is buffered, so a broken or hostile server cannot exhaust our memory.
constexpr quint64 kMaxIncomingMessageSize = 1024 * 1024;
constexpr auto kDefaultConnectTimeout = std::chrono::seconds(15);
// How long a polite close may wait for the relay's answer before the socket is dropped.
constexpr auto kCloseGracePeriod = std::chrono::seconds(2);

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class ClientEngine::Private
{
public:
    explicit Private(ClientEngine *engine) : q(engine) {}

    void setState(State newState);
    void openSocket();
    void releaseSocket(bool polite);
    void fail(Failure failure, const QString &description);

    void onConnected();
    void onDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void onFrame(QByteArrayView data);

    void handle(const proto::Welcome &welcome);
    void handle(const proto::Ack &ack);
    void handle(const proto::Message &message);
    void handle(const proto::Error &error);
    // Frames only clients send: a relay sending them is confused, not dangerous.
    void handle(const proto::Hello &) { ignoreClientFrame(u"hello"_s); }
    void handle(const proto::Subscribe &) { ignoreClientFrame(u"subscribe"_s); }
    void handle(const proto::Send &) { ignoreClientFrame(u"send"_s); }
    void ignoreClientFrame(const QString &type);

    void sendFrame(const proto::Frame &frame);
    void sendSubscribe(const QString &stream, const QString &requestId);
    void sendOutgoing(const SessionLedger::OutgoingMessage &message);

    ClientEngine *const q;
    State state = State::Disconnected;
    QUrl url;
    QString user;
    QString password; // kept only while a session is wanted, for the hello (and later reconnects)
    QString lastError;
    Failure failure = Failure::None;
    QPointer<QWebSocket> socket;
    QTimer connectTimer;
    SessionLedger ledger;
};

void ClientEngine::Private::setState(State newState)
{
    if (state == newState)
        return;
    state = newState;
    qCDebug(lcClient) << "state" << newState;
    Q_EMIT q->stateChanged(newState);
}

void ClientEngine::Private::openSocket()
{
    auto *webSocket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    webSocket->setMaxAllowedIncomingMessageSize(kMaxIncomingMessageSize);
    webSocket->setMaxAllowedIncomingFrameSize(kMaxIncomingMessageSize);
    QObject::connect(webSocket, &QWebSocket::connected, q, [this] { onConnected(); });
    QObject::connect(webSocket, &QWebSocket::disconnected, q, [this] { onDisconnected(); });
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QObject::connect(webSocket, &QWebSocket::errorOccurred, q,
                     [this](QAbstractSocket::SocketError error) { onSocketError(error); });
#else
    QObject::connect(webSocket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this](QAbstractSocket::SocketError error) { onSocketError(error); });
#endif
    QObject::connect(webSocket, &QWebSocket::textMessageReceived, q,
                     [this](const QString &text) { onFrame(text.toUtf8()); });
    QObject::connect(webSocket, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &bytes) { onFrame(bytes); });
    socket = webSocket;

    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QString(proto::kSubprotocol)});
    webSocket->open(QNetworkRequest(url), options);
}

void ClientEngine::Private::releaseSocket(bool polite)
{
    QWebSocket *webSocket = socket;
    socket = nullptr;
    if (!webSocket)
        return;
    QObject::disconnect(webSocket, nullptr, q, nullptr);
    if (polite && webSocket->state() == QAbstractSocket::ConnectedState) {
        // Let the close frame reach the relay (it then logs a normal close, not a lost client),
        // but never wait on it for long.
        QObject::connect(webSocket, &QWebSocket::disconnected, webSocket, &QObject::deleteLater);
        QTimer::singleShot(kCloseGracePeriod, webSocket, &QObject::deleteLater);
        webSocket->close(QWebSocketProtocol::CloseCodeNormal);
        webSocket->flush();
    } else {
        webSocket->abort();
        webSocket->deleteLater();
    }
}

void ClientEngine::Private::fail(Failure why, const QString &description)
{
    qCWarning(lcClient).noquote() << description;
    connectTimer.stop();
    releaseSocket(false);
    ledger.clearPending();
    lastError = description;
    failure = why;
    // State first: a handler of connectionError may already call connectToRelay() again.
    setState(State::Disconnected);
    Q_EMIT q->connectionError(description);
}

void ClientEngine::Private::onConnected()
{
    if (socket->subprotocol() != proto::kSubprotocol) {
        fail(Failure::NotARelay,
             u"The server at %1 is not a Confab relay (it does not speak %2)."_s.arg(
                 relayAddress(url), proto::kSubprotocol));
        return;
    }
    setState(State::Authenticating);
    proto::Hello hello;
    hello.id = newId();
    hello.client = u"confab/"_s + QLatin1StringView(CONFAB_VERSION);
    hello.username = user;
    hello.password = password;
    sendFrame(hello);
}

void ClientEngine::Private::onDisconnected()
{
    if (state == State::Disconnected || !socket)
        return;
    const bool wasOpen = state != State::Connecting;
    // A failed attempt may report disconnected() before error(): the socket knows the cause.
    if (!wasOpen && socket->error() != QAbstractSocket::UnknownSocketError) {
        onSocketError(socket->error());
        return;
    }
    const ConnectionProblem problem = describeClose(url, socket->closeCode(), socket->closeReason(), wasOpen);
    fail(problem.failure, problem.description);
}

void ClientEngine::Private::onSocketError(QAbstractSocket::SocketError error)
{
    if (!socket)
        return;
    qCDebug(lcClient) << "socket error" << error << socket->errorString();
    const ConnectionProblem problem =
        describeSocketError(url, error, socket->errorString(), state != State::Connecting);
    fail(problem.failure, problem.description);
}

void ClientEngine::Private::onFrame(QByteArrayView data)
{
    const proto::DecodeResult result = proto::decode(data);
    if (!result.ok()) {
        qCWarning(lcClient).noquote() << "ignoring a frame from the relay that does not decode:"
                                      << proto::errorCodeName(result.error().code) << "-"
                                      << result.error().message;
        return;
    }
    std::visit([this](const auto &frame) { handle(frame); }, result.frame());
}

void ClientEngine::Private::handle(const proto::Welcome &welcome)
{
    if (state != State::Authenticating) {
        qCWarning(lcClient) << "ignoring a welcome outside of authentication";
        return;
    }
    connectTimer.stop();
    user = welcome.user;
    qCInfo(lcClient).noquote() << "authenticated as" << user << "at" << relayAddress(url) << "by"
                               << welcome.server;

    // Restore the session before anyone hears about it, so a subscribe() made from a handler of
    // authenticated() is a request of its own and never doubles one of these.
    state = State::Connected;
    qCDebug(lcClient) << "state" << state;
    for (const SessionLedger::Subscription &subscription : ledger.subscriptionsForNewSession(newId))
        sendSubscribe(subscription.stream, subscription.requestId);
    for (const SessionLedger::OutgoingMessage &message : ledger.outbox())
        sendOutgoing(message);

    Q_EMIT q->stateChanged(state);
    Q_EMIT q->authenticated(user);
}

void ClientEngine::Private::handle(const proto::Ack &ack)
{
    const std::optional<SessionLedger::PendingRequest> request = ledger.settle(ack.id);
    if (!request) {
        qCDebug(lcClient) << "ignoring an ack for an unknown request" << ack.id;
        return;
    }
    ledger.acknowledged(*request);
    switch (request->kind) {
    case SessionLedger::RequestKind::Subscribe:
        Q_EMIT q->subscribed(request->stream, ack.seq);
        break;
    case SessionLedger::RequestKind::Send:
        Q_EMIT q->messageAcknowledged(request->stream, request->clientMsgId, ack.seq);
        break;
    }
}

void ClientEngine::Private::handle(const proto::Message &message)
{
    if (state != State::Connected) {
        qCWarning(lcClient) << "ignoring a message before authentication";
        return;
    }
    Q_EMIT q->messageReceived(message);
}

void ClientEngine::Private::handle(const proto::Error &error)
{
    if (state == State::Authenticating) {
        if (error.code == proto::ErrorCode::AuthFailed) {
            fail(Failure::AuthFailed, u"Wrong user name or password."_s);
        } else if (error.code == proto::ErrorCode::UnsupportedProtocol) {
            fail(Failure::Refused,
                 u"The relay at %1 does not support this version of Confab."_s.arg(relayAddress(url)));
        } else {
            fail(Failure::Refused, u"The relay at %1 refused the login: %2"_s.arg(
                                       relayAddress(url), plainReason(error.message, error.code)));
        }
        return;
    }

    const std::optional<SessionLedger::PendingRequest> request = ledger.settle(error.id);
    if (!request) {
        qCWarning(lcClient).noquote() << "the relay reported an error:" << proto::errorCodeName(error.code)
                                      << "-" << error.message;
        Q_EMIT q->requestFailed(error);
        return;
    }
    ledger.refused(*request, error.code);
    if (request->kind == SessionLedger::RequestKind::Send)
        Q_EMIT q->messageFailed(request->stream, request->clientMsgId, error);
    Q_EMIT q->requestFailed(error);
}

void ClientEngine::Private::ignoreClientFrame(const QString &type)
{
    qCWarning(lcClient).noquote() << "ignoring a" << type << "frame, which only clients send";
}

void ClientEngine::Private::sendFrame(const proto::Frame &frame)
{
    if (!socket)
        return;
    socket->sendTextMessage(QString::fromUtf8(proto::encode(frame)));
}

void ClientEngine::Private::sendSubscribe(const QString &stream, const QString &requestId)
{
    ledger.track(requestId, {SessionLedger::RequestKind::Subscribe, stream, {}});
    sendFrame(proto::Subscribe{requestId, stream, std::nullopt});
}

void ClientEngine::Private::sendOutgoing(const SessionLedger::OutgoingMessage &message)
{
    const QString requestId = newId();
    ledger.track(requestId, {SessionLedger::RequestKind::Send, message.stream, message.clientMsgId});
    sendFrame(proto::Send{requestId, message.stream, message.clientMsgId, message.text});
}

ClientEngine::ClientEngine(QObject *parent) : QObject(parent), d(std::make_unique<Private>(this))
{
    d->connectTimer.setSingleShot(true);
    d->connectTimer.setInterval(kDefaultConnectTimeout);
    connect(&d->connectTimer, &QTimer::timeout, this, [this] {
        const auto seconds = std::chrono::duration_cast<std::chrono::duration<double>>(
            d->connectTimer.intervalAsDuration());
        d->fail(d->state == State::Connecting ? Failure::Unreachable : Failure::Refused,
                u"The relay at %1 did not answer within %2 seconds."_s.arg(relayAddress(d->url))
                    .arg(seconds.count(), 0, 'g', 3));
    });
}

ClientEngine::~ClientEngine()
{
    // The socket's handlers reach into d: cut them before d goes away.
    if (d->socket) {
        QObject::disconnect(d->socket, nullptr, this, nullptr);
        d->socket->abort();
    }
}

void ClientEngine::connectToRelay(const QUrl &relayUrl, const QString &username, const QString &password)
{
    // Subscriptions and unsent messages belong to one account on one relay.
    const bool otherAccount = relayUrl.adjusted(QUrl::RemoveFragment) != d->url || username != d->user;
    if (!d->url.isEmpty() && otherAccount)
        d->ledger.clear();
    d->connectTimer.stop();
    d->releaseSocket(false);
    d->ledger.clearPending();
    d->url = relayUrl.adjusted(QUrl::RemoveFragment);
    d->user = username;
    d->password = password;
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
    d->ledger.clearPending();
    d->password.clear();
    d->lastError.clear();
    d->failure = Failure::None;
    d->setState(State::Disconnected);
}

QString ClientEngine::subscribe(const QString &stream)
{
    const QString requestId = newId();
    d->ledger.addStream(stream);
    if (d->state == State::Connected)
        d->sendSubscribe(stream, requestId);
    else
        d->ledger.promiseSubscribe(stream, requestId);
    return requestId;
}

QString ClientEngine::sendMessage(const QString &stream, const QString &text)
{
    const SessionLedger::OutgoingMessage message{stream, newId(), text};
    d->ledger.addOutgoing(message);
    if (d->state == State::Connected)
        d->sendOutgoing(message);
    return message.clientMsgId;
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
