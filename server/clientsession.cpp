#include "clientsession.h"

#include "authenticator.h"
#include "eventstore.h"
#include "relayconfig.h"
#include "relaylog.h"
#include "streamhub.h"

#include "protocol/codec.h"

#include <QDateTime>
#include <QWebSocket>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MessageType;

namespace {

constexpr int kReplayPageSize = 500;

// The request id of any frame that has one, so an error can echo it.
QString requestId(const protocol::Frame &frame)
{
    return std::visit(
        [](const auto &f) -> QString {
            if constexpr (requires { f.id; })
                return f.id;
            else
                return {};
        },
        frame);
}

} // namespace

template <typename FrameType, void (ClientSession::*Method)(const FrameType &)>
void ClientSession::unpack(const protocol::Frame &frame)
{
    (this->*Method)(std::get<FrameType>(frame));
}

ClientSession::Handler ClientSession::handlerFor(MessageType type)
{
    // One handler per client-to-relay type. A new request type is one row here and one method.
    static constexpr std::array kRoutes{
        Route{MessageType::Hello, &ClientSession::unpack<protocol::Hello, &ClientSession::onHello>},
        Route{MessageType::Subscribe, &ClientSession::unpack<protocol::Subscribe, &ClientSession::onSubscribe>},
        Route{MessageType::Send, &ClientSession::unpack<protocol::Send, &ClientSession::onSend>},
    };
    for (const Route &route : kRoutes) {
        if (route.type == type)
            return route.handler;
    }
    return nullptr;
}

ClientSession::ClientSession(QWebSocket *socket, Services services, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_services(services)
    , m_peer(socket->peerAddress().toString() + u':' + QString::number(socket->peerPort()))
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ClientSession::onFrame);
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text.toUtf8()); });
    connect(m_socket, &QWebSocket::disconnected, this, &ClientSession::onDisconnected);

    m_authDeadline.setSingleShot(true);
    connect(&m_authDeadline, &QTimer::timeout, this, [this] {
        qCInfo(lcRelayAudit).noquote() << "no authentication in time from" << m_peer;
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"authentication timed out"_s);
    });
    m_authDeadline.start(m_services.config.authTimeout);
    qCDebug(lcRelay).noquote() << "connection from" << m_peer;
}

// Every way out (closeWith, abort, onDisconnected) has already left the hub, so a session may
// be deleted after its relay's hub is gone.
ClientSession::~ClientSession() = default;

void ClientSession::deliver(const QByteArray &frame)
{
    if (m_state == State::Authenticated)
        m_socket->sendBinaryMessage(frame);
}

void ClientSession::closeGoingAway()
{
    closeWith(QWebSocketProtocol::CloseCodeGoingAway, u"relay shutting down"_s);
}

void ClientSession::abort()
{
    m_state = State::Closing;
    m_authDeadline.stop();
    m_services.hub.unsubscribeAll(this);
    m_socket->abort();
}

void ClientSession::onFrame(const QByteArray &data)
{
    switch (m_state) {
    case State::Closing:
        return;
    case State::Authenticating:
        if (m_queuedWhileAuthenticating.size() >= m_services.config.maxQueuedFramesWhileAuthenticating) {
            sendError({}, ErrorCode::RateLimited, u"too many frames before the welcome"_s);
            closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"too many frames before the welcome"_s);
            return;
        }
        m_queuedWhileAuthenticating.append(data);
        return;
    case State::AwaitingHello:
    case State::Authenticated:
        break;
    }

    const protocol::DecodeResult result = protocol::decode(data);
    if (!result.ok()) {
        const protocol::DecodeError &error = result.error();
        qCDebug(lcRelay).noquote() << "undecodable frame from" << m_peer << ":" << error.message;
        sendError(error.id, error.code, error.message);
        return;
    }
    const protocol::Frame &frame = result.frame();
    const MessageType type = protocol::typeOf(frame);
    const Handler handler = handlerFor(type);
    if (!handler) {
        sendError(requestId(frame), ErrorCode::UnexpectedType,
                  u"'%1' frames are sent by the relay, not to it"_s.arg(protocol::messageTypeName(type)));
        return;
    }
    if (m_state == State::AwaitingHello && type != MessageType::Hello) {
        sendError(requestId(frame), ErrorCode::NotAuthenticated, u"send hello first"_s);
        return;
    }
    if (m_state == State::Authenticated && type == MessageType::Hello) {
        sendError(requestId(frame), ErrorCode::UnexpectedType, u"this session is already authenticated"_s);
        return;
    }
    (this->*handler)(frame);
}

void ClientSession::onHello(const protocol::Hello &hello)
{
    if (hello.protocol != protocol::kProtocolVersion) {
        sendError(hello.id, ErrorCode::UnsupportedProtocol,
                  u"this relay speaks protocol version %1"_s.arg(protocol::kProtocolVersion));
        closeWith(QWebSocketProtocol::CloseCodeProtocolError, u"unsupported protocol version"_s);
        return;
    }
    m_state = State::Authenticating;
    m_services.authenticator.verify(hello.username, hello.password, this,
                                    [this, hello](bool accepted) { onAuthenticated(hello, accepted); });
}

void ClientSession::onAuthenticated(const protocol::Hello &hello, bool accepted)
{
    if (m_state != State::Authenticating)
        return;
    if (!accepted) {
        // The name is logged (it is needed to spot attacks); the password never is.
        qCInfo(lcRelayAudit).noquote() << "login failed for" << hello.username.left(protocol::kMaxNameLength)
                                       << "from" << m_peer;
        m_queuedWhileAuthenticating.clear();
        sendError(hello.id, ErrorCode::AuthFailed, u"unknown user or wrong password"_s);
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"authentication failed"_s);
        return;
    }
    m_state = State::Authenticated;
    m_user = hello.username;
    m_authDeadline.stop();
    qCInfo(lcRelayAudit).noquote() << "login" << m_user << "from" << m_peer << "client" << hello.client;
    sendFrame(protocol::Welcome{hello.id, protocol::kProtocolVersion, m_user, u"confab-relay/" CONFAB_VERSION ""_s,
                                QDateTime::currentMSecsSinceEpoch()});

    const QByteArrayList queued = std::exchange(m_queuedWhileAuthenticating, {});
    for (const QByteArray &data : queued)
        onFrame(data);
}

void ClientSession::onSubscribe(const protocol::Subscribe &subscribe)
{
    const StoreResult<std::optional<StreamInfo>> info = m_services.store.stream(subscribe.stream);
    if (!info.ok()) {
        sendError(subscribe.id, ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
        return;
    }
    if (!info.value()) {
        sendError(subscribe.id, ErrorCode::NotFound, u"no stream %1"_s.arg(subscribe.stream));
        return;
    }
    const StreamInfo &stream = *info.value();
    // Replay first, then the ack: the ack marks where the history ends and live events begin.
    // Everything runs on the relay's one thread, so no live event can slip in between.
    if (subscribe.since && !replay(stream.id, *subscribe.since, stream.lastSeq)) {
        sendError(subscribe.id, ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
        return;
    }
    m_services.hub.subscribe(stream.id, this);
    protocol::Ack ack;
    ack.id = subscribe.id;
    ack.stream = stream.id;
    ack.epoch = stream.epoch;
    ack.seq = stream.lastSeq;
    sendFrame(ack);
}

bool ClientSession::replay(const QString &stream, qint64 afterSeq, qint64 headSeq)
{
    qint64 next = afterSeq;
    while (next < headSeq) {
        const StoreResult<QList<protocol::Message>> page = m_services.store.events(stream, next, kReplayPageSize);
        if (!page.ok())
            return false;
        if (page.value().isEmpty())
            break;
        for (const protocol::Message &message : page.value())
            sendFrame(message);
        next = page.value().constLast().seq;
    }
    return true;
}

void ClientSession::onSend(const protocol::Send &send)
{
    const StoreResult<std::optional<StreamInfo>> info = m_services.store.stream(send.stream);
    if (info.ok() && !info.value()) {
        sendError(send.id, ErrorCode::NotFound, u"no stream %1"_s.arg(send.stream));
        return;
    }
    const StoreResult<AppendResult> result =
        info.ok() ? m_services.store.append(send.stream, m_user, send.clientMsgId, send.text)
                  : StoreResult<AppendResult>(info.error());
    if (!result.ok()) {
        sendError(send.id, ErrorCode::Internal, u"the relay could not store the message; send it again"_s);
        return;
    }
    // Committed: acknowledge, then fan out. A repeat gets the original ack and reaches nobody.
    const protocol::Message &message = result.value().message;
    protocol::Ack ack;
    ack.id = send.id;
    ack.stream = message.stream;
    ack.clientMsgId = message.clientMsgId;
    ack.seq = message.seq;
    ack.ts = message.ts;
    sendFrame(ack);
    if (!result.value().duplicate)
        m_services.hub.publish(message);
}

void ClientSession::sendFrame(const protocol::Frame &frame)
{
    m_socket->sendBinaryMessage(protocol::encode(frame));
}

void ClientSession::sendError(const QString &id, ErrorCode code, const QString &message)
{
    sendFrame(protocol::Error{id, code, message, std::nullopt});
}

void ClientSession::closeWith(QWebSocketProtocol::CloseCode closeCode, const QString &reason)
{
    if (m_state == State::Closing)
        return;
    m_state = State::Closing;
    m_authDeadline.stop();
    m_services.hub.unsubscribeAll(this);
    m_socket->close(closeCode, reason);
}

void ClientSession::onDisconnected()
{
    m_state = State::Closing;
    m_authDeadline.stop();
    m_services.hub.unsubscribeAll(this);
    if (!m_user.isEmpty())
        qCDebug(lcRelay).noquote() << "session of" << m_user << "from" << m_peer << "ended";
    Q_EMIT finished();
}

} // namespace confab::relay
