#include "clientengine_p.h"

#include "connectionerrors.h"
#include "protocol/codec.h"
#include "transport/eventstreamtransport.h"
#include "transport/fallbackpolicy.h"

#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>
#include <type_traits>

namespace confab::client {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using Kind = SessionLedger::RequestKind;

Q_LOGGING_CATEGORY(lcClient, "confab.client", QtInfoMsg)

namespace {

// Relay frames are small JSON objects (the largest, a notification, stays well under 64 KiB);
// refuse anything far larger before it is buffered, so a broken or hostile server cannot exhaust
// our memory.
constexpr quint64 kMaxIncomingMessageSize = 1024 * 1024;
// How long a polite close may wait for the relay's answer before the socket is dropped.
constexpr auto kCloseGracePeriod = std::chrono::seconds(2);

void setRequestId(proto::Frame &frame, const QString &requestId)
{
    std::visit(
        [&](auto &typed) {
            if constexpr (requires { typed.id; })
                typed.id = requestId;
        },
        frame);
}

} // namespace

QString ClientEngine::Private::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

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
    upgradeFailure.reset();
    auto *webSocket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    wireSocket(webSocket);
    socket = webSocket;
    prepareSecurity(webSocket);

    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QString(proto::kSubprotocol)});
    webSocket->open(QNetworkRequest(url), options);
}

void ClientEngine::Private::wireSocket(QWebSocket *webSocket)
{
    webSocket->setMaxAllowedIncomingMessageSize(kMaxIncomingMessageSize);
    webSocket->setMaxAllowedIncomingFrameSize(kMaxIncomingMessageSize);
    // The end of the connection queues behind the frames that came before it (FrameInbox).
    QObject::connect(webSocket, &QWebSocket::connected, q, [this] { inbox.after([this] { onConnected(); }); });
    QObject::connect(webSocket, &QWebSocket::disconnected, q,
                     [this] { inbox.after([this] { onDisconnected(); }); });
    const auto onError = [this](QAbstractSocket::SocketError error) {
        inbox.after([this, error] { onSocketError(error); });
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QObject::connect(webSocket, &QWebSocket::errorOccurred, q, onError);
#else
    QObject::connect(webSocket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q, onError);
#endif
    QObject::connect(webSocket, &QWebSocket::textMessageReceived, q,
                     [this](const QString &text) { receiveFrame(text.toUtf8()); });
    QObject::connect(webSocket, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &bytes) { receiveFrame(bytes); });
    QObject::connect(webSocket, &QWebSocket::pong, q, [this] { watchdog.activity(); });
}

void ClientEngine::Private::releaseSocket(bool polite)
{
    watchdog.stop();
    releaseProbe();
    releaseEventStream();
    releaseWebSocket(polite);
}

void ClientEngine::Private::releaseWebSocket(bool polite)
{
    QWebSocket *webSocket = socket;
    socket = nullptr;
    if (!webSocket)
        return;
    inbox.clear(); // what it sent and nobody handled yet belongs to the session that ends here
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
    endSession();
    lastError = description;
    failure = why;
    // State first: a handler of connectionError may already call connectToRelay() again.
    setState(State::Disconnected);
    Q_EMIT q->connectionError(description);
}

void ClientEngine::Private::endSession()
{
    pacer.endSession();
    QStringList unanswered;
    const QHash<QString, SessionLedger::PendingRequest> pending = ledger.takePending();
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        if (it->kind != Kind::Subscribe && !SessionLedger::isStoredKind(it->kind))
            unanswered.append(it.key());
    }
    reportUnanswered(unanswered);
}

void ClientEngine::Private::reportUnanswered(const QStringList &requestIds)
{
    if (requestIds.isEmpty())
        return;
    // Queued: the caller of connectToRelay(), disconnectFromRelay() or a request method hears
    // about it after the call returned, like about any other answer.
    QMetaObject::invokeMethod(
        q,
        [engine = q, requestIds] {
            for (const QString &requestId : requestIds)
                Q_EMIT engine->requestUnanswered(requestId);
        },
        Qt::QueuedConnection);
}

void ClientEngine::Private::onConnected()
{
    if (socket->subprotocol() != proto::kSubprotocol) {
        fail(Failure::NotARelay,
             u"The server at %1 is not a Confab relay (it does not speak %2)."_s.arg(
                 relayAddress(url), proto::kSubprotocol));
        return;
    }
    sendHello();
}

void ClientEngine::Private::sendHello()
{
    setState(State::Authenticating);
    proto::Hello hello;
    hello.id = newId();
    hello.client = u"confab/"_s + QLatin1StringView(CONFAB_VERSION);
    if (!token.isEmpty()) {
        hello.token = token; // the relay knows the user from it
    } else {
        hello.username = user;
        hello.password = password;
        hello.newToken = requestToken;
    }
    sendFrame(hello);
}

void ClientEngine::Private::onDisconnected()
{
    if (state == State::Disconnected || !socket)
        return;
    if (!logoutRequestId.isEmpty()) {
        finishLogout(); // the relay closed instead of (or right after) acking the logout
        return;
    }
    const bool wasOpen = state != State::Connecting;
    // A failed attempt may report disconnected() before error(): the socket knows the cause.
    if (!wasOpen && socket->error() != QAbstractSocket::UnknownSocketError) {
        onSocketError(socket->error());
        return;
    }
    const ConnectionProblem problem = describeClose(url, socket->closeCode(), socket->closeReason(), wasOpen);
    if (wasOpen && socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        dropTooLargeRequest();
    fail(problem.failure, problem.description);
    if (problem.failure == Failure::LoggedOut)
        Q_EMIT q->loggedOut(); // another desktop (or an admin) ended this session
}

void ClientEngine::Private::onSocketError(QAbstractSocket::SocketError error)
{
    if (!socket)
        return;
    qCDebug(lcClient) << "socket error" << error << socket->errorString();
    if (!logoutRequestId.isEmpty()) {
        finishLogout();
        return;
    }
    const std::optional<ConnectionProblem> security = securityProblem(error);
    const ConnectionProblem problem = security.value_or(
        describeSocketError(url, error, socket->errorString(), state != State::Connecting));
    if (state == State::Connecting && !security && shouldFallBack(error, socket->errorString())) {
        openEventStream(problem); // a proxy in the way may still let plain HTTP through
        return;
    }
    if (checkProxyCredentials(error, problem))
        return; // the check decides what to report
    fail(problem.failure, problem.description);
}

void ClientEngine::Private::receiveFrame(const QByteArray &data)
{
    watchdog.activity(); // even a frame we cannot read proves the relay is there
    inbox.push(data);
}

void ClientEngine::Private::handleFrame(QByteArrayView data)
{
    const proto::DecodeResult result = proto::decode(data);
    if (!result.ok()) {
        qCWarning(lcClient).noquote() << "ignoring a frame from the relay that does not decode:"
                                      << proto::errorCodeName(result.error().code) << "-"
                                      << result.error().message;
        return;
    }
    const proto::Frame &frame = result.frame();
    const proto::MessageType type = proto::typeOf(frame);
    if (proto::messageDirection(type) == proto::Direction::ClientToRelay) {
        // A relay sending these is confused, not dangerous.
        qCWarning(lcClient).noquote() << "ignoring a" << proto::messageTypeName(type)
                                      << "frame, which only clients send";
        return;
    }
    const bool sessionFrame = std::holds_alternative<proto::Welcome>(frame)
        || std::holds_alternative<proto::Error>(frame);
    if (state != State::Connected && !sessionFrame) {
        qCWarning(lcClient).noquote() << "ignoring a" << proto::messageTypeName(type)
                                      << "frame before authentication";
        return;
    }
    if (state == State::Connected && settlePaced(frame))
        return;
    std::visit([this](const auto &typed) { handle(typed); }, frame);
}

void ClientEngine::Private::dropTooLargeRequest()
{
    // Whatever frame the relay refused, every frame at least as large is refused too: so the
    // largest one in flight can never be accepted, while a smaller one may have been innocent.
    QString largestId;
    qsizetype largestSize = -1;
    const QHash<QString, proto::Frame> inFlight = pacer.inFlightFrames();
    for (auto it = inFlight.cbegin(); it != inFlight.cend(); ++it) {
        const qsizetype size = proto::encode(it.value()).size();
        if (size > largestSize) {
            largestSize = size;
            largestId = it.key();
        }
    }
    if (largestId.isEmpty())
        return;
    const std::optional<SessionLedger::PendingRequest> request = ledger.settle(largestId);
    if (!request)
        return;
    if (!SessionLedger::isStoredKind(request->kind)) {
        ledger.track(largestId, *request); // not ours to drop: endSession() reports it
        return;
    }
    const proto::Error error{largestId, proto::ErrorCode::TooLarge,
                             u"The message is too large for the relay (%1 bytes)."_s.arg(largestSize)};
    ledger.refused(*request, error.code);
    qCWarning(lcClient).noquote() << "the relay refused a too large request; it is dropped:" << request->key;
    // Queued, like any other answer: the connection failure is reported first.
    QMetaObject::invokeMethod(
        q,
        [engine = q, request = *request, error] {
            if (request.kind == Kind::Send)
                Q_EMIT engine->messageFailed(request.stream, request.key, error);
            Q_EMIT engine->eventFailed(request.key, error);
            Q_EMIT engine->requestFailed(error);
        },
        Qt::QueuedConnection);
}

void ClientEngine::Private::sendFrame(const proto::Frame &frame)
{
    if (socket)
        socket->sendTextMessage(QString::fromUtf8(proto::encode(frame)));
    else if (eventStream)
        eventStream->sendFrame(proto::encode(frame));
}

void ClientEngine::Private::sendSubscribe(const QString &stream, const QString &requestId,
                                          const std::optional<StreamPosition> &explicitSince)
{
    // Resume from where this engine is, unless the caller chose a position.
    const std::optional<StreamPosition> since = explicitSince ? explicitSince : cursors.position(stream);
    SessionLedger::PendingRequest request{Kind::Subscribe, stream};
    request.since = since;
    request.explicitSince = explicitSince.has_value();
    ledger.track(requestId, request);
    proto::Subscribe subscribe{requestId, stream};
    if (since) {
        subscribe.since = since->seq;
        subscribe.epoch = since->epoch;
    }
    pace(requestId, subscribe, Kind::Subscribe);
}

QString ClientEngine::Private::submitStored(Kind kind, const QString &stream, const QString &key,
                                            proto::Frame frame)
{
    const SessionLedger::OutgoingRequest request{kind, stream, key, std::move(frame)};
    ledger.addOutgoing(request);
    if (state == State::Connected)
        sendOutgoing(request);
    return key;
}

void ClientEngine::Private::sendOutgoing(const SessionLedger::OutgoingRequest &request)
{
    const QString requestId = newId();
    ledger.track(requestId, {request.kind, request.stream, request.key});
    proto::Frame frame = request.frame;
    setRequestId(frame, requestId);
    pace(requestId, frame, request.kind);
}

QString ClientEngine::Private::submitOnce(Kind kind, const QString &stream, proto::Frame frame,
                                          std::optional<qint64> before)
{
    const QString requestId = newId();
    if (state != State::Connected) {
        reportUnanswered({requestId});
        return requestId;
    }
    SessionLedger::PendingRequest request{kind, stream};
    request.before = before;
    ledger.track(requestId, request);
    setRequestId(frame, requestId);
    pace(requestId, frame, kind);
    return requestId;
}

void ClientEngine::Private::pace(const QString &requestId, const proto::Frame &frame, Kind kind)
{
    pacer.enqueue(requestId, frame, SessionLedger::isStoredKind(kind));
}

bool ClientEngine::Private::settlePaced(const proto::Frame &frame)
{
    if (const auto *error = std::get_if<proto::Error>(&frame)) {
        // "Not now" is the pacer's business: the request keeps its place and its ledger entry,
        // and the caller never hears of it.
        if (error->code == proto::ErrorCode::RateLimited && !error->id.isEmpty()
            && pacer.retryLater(error->id, std::chrono::milliseconds(std::clamp<qint64>(
                                               error->retryAfterMs.value_or(1000), 1,
                                               RequestPacer::kMaxPause.count())))) {
            qCDebug(lcClient) << "rate limited; sending again later:" << error->id;
            return true;
        }
        // A store error of the relay is "not now" as well: a stored-event request waits a growing
        // while and goes again in its place, so later messages never overtake it.
        if (error->code == proto::ErrorCode::Internal && !error->id.isEmpty()
            && pacer.retryAfterFailure(error->id)) {
            qCDebug(lcClient) << "the relay failed; sending again later:" << error->id;
            return true;
        }
        pacer.answered(error->id);
        return false;
    }
    std::visit(
        [this](const auto &typed) {
            using T = std::decay_t<decltype(typed)>;
            if constexpr (std::is_same_v<T, proto::Ack> || std::is_same_v<T, proto::Members>
                          || std::is_same_v<T, proto::Streams>)
                pacer.answered(typed.id);
        },
        frame);
    return false;
}

} // namespace confab::client
