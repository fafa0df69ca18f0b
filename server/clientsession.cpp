#include "clientsession.h"

#include "auditlog.h"
#include "authenticator.h"
#include "eventstore.h"
#include "metrics/relaymetrics.h"
#include "presencetracker.h"
#include "protocol/codec.h"
#include "relayconfig.h"
#include "relaylog.h"
#include "sessionregistry.h"
#include "sessiontransport.h"
#include "streamhub.h"

#include <QDateTime>
#include <QPointer>
#include <QTimerEvent>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MessageType;

template<typename FrameType, void (ClientSession::*Method)(const FrameType &)>
void ClientSession::unpack(const protocol::Frame &frame)
{
    (this->*Method)(std::get<FrameType>(frame));
}

ClientSession::Handler ClientSession::handlerFor(MessageType type)
{
    using S = ClientSession;
    namespace p = protocol;
    // One handler per client-to-relay type. A new request type is one row here and one method.
    static constexpr std::array kRoutes {
        Route { MessageType::Hello, &S::unpack<p::Hello, &S::onHello> },
        Route { MessageType::Subscribe, &S::unpack<p::Subscribe, &S::onSubscribe> },
        Route { MessageType::Send, &S::unpack<p::Send, &S::onSend> },
        Route { MessageType::Unsubscribe, &S::unpack<p::Unsubscribe, &S::onUnsubscribe> },
        Route { MessageType::History, &S::unpack<p::History, &S::onHistory> },
        Route { MessageType::Edit, &S::unpack<p::Edit, &S::onEdit> },
        Route { MessageType::Delete, &S::unpack<p::Delete, &S::onDelete> },
        Route { MessageType::React, &S::unpack<p::React, &S::onReact> },
        Route { MessageType::MarkRead, &S::unpack<p::MarkRead, &S::onMarkRead> },
        Route { MessageType::Publish, &S::unpack<p::Publish, &S::onPublish> },
        Route { MessageType::Dismiss, &S::unpack<p::Dismiss, &S::onDismiss> },
        Route { MessageType::SetTyping, &S::unpack<p::SetTyping, &S::onSetTyping> },
        Route { MessageType::SetPresence, &S::unpack<p::SetPresence, &S::onSetPresence> },
        Route { MessageType::CreateRoom, &S::unpack<p::CreateRoom, &S::onCreateRoom> },
        Route { MessageType::Invite, &S::unpack<p::Invite, &S::onInvite> },
        Route { MessageType::Join, &S::unpack<p::Join, &S::onJoin> },
        Route { MessageType::Leave, &S::unpack<p::Leave, &S::onLeave> },
        Route { MessageType::ListMembers, &S::unpack<p::ListMembers, &S::onListMembers> },
        Route { MessageType::ListStreams, &S::unpack<p::ListStreams, &S::onListStreams> },
        Route { MessageType::OpenDm, &S::unpack<p::OpenDm, &S::onOpenDm> },
        Route { MessageType::Logout, &S::unpack<p::Logout, &S::onLogout> },
    };
    for (const Route &route : kRoutes) {
        if (route.type == type)
            return route.handler;
    }
    return nullptr;
}

ClientSession::ClientSession(SessionTransport *transport, Services services, QObject *parent)
    : QObject(parent)
    , m_transport(transport)
    , m_services(services)
    , m_peer(transport->peerAddress() + u':' + QString::number(transport->peerPort()))
    , m_guard(transport, services.config)
{
    m_transport->setParent(this);
    if (m_services.metrics) {
        m_transport->setMetrics(m_services.metrics);
        m_services.metrics->sessionOpened(m_transport->kind());
    }
    // A peer that stopped answering or reading gets no close handshake: it would not take part.
    connect(&m_guard, &ConnectionGuard::heartbeatLost, this, [this] {
        qCInfo(lcRelay).noquote() << "no heartbeat from" << m_peer << "; dropping the connection";
        abort();
    });
    connect(&m_guard, &ConnectionGuard::tooSlow, this, [this](qint64 unsent) {
        qCWarning(lcRelay).noquote() << "dropping slow consumer" << m_user << "from" << m_peer << ":" << unsent
                                     << "bytes unsent (cap" << m_services.config.maxUnsentBytes << ")";
        abort();
    });
    connect(&m_guard, &ConnectionGuard::closeTimedOut, this, &ClientSession::abort);
    connect(m_transport, &SessionTransport::frameReceived, this, &ClientSession::onFrame);
    connect(m_transport, &SessionTransport::disconnected, this, &ClientSession::onDisconnected);

    m_authDeadline.start(timerMilliseconds(m_services.config.authTimeout), this);
    qCDebug(lcRelay).noquote() << m_transport->kind() << "connection from" << m_peer;
}

void ClientSession::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_authDeadline.timerId()) {
        m_authDeadline.stop();
        AuditLog::write("auth.timed_out"_L1, { { "peer"_L1, m_peer } });
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"authentication timed out"_s);
    } else if (event->timerId() == m_tokenExpiry.timerId()) {
        m_tokenExpiry.stop();
        checkTokenExpiry();
    } else {
        QObject::timerEvent(event);
    }
}

// Every way out (closeWith, abort, onDisconnected) has already left the hub and the presence
// tracker, so a session may be deleted after its relay's services are gone.
ClientSession::~ClientSession() = default;

void ClientSession::deliver(const QByteArray &frame)
{
    if (m_state == State::Authenticated && !m_guard.isTooSlow()) {
        m_transport->sendFrame(frame);
        m_guard.checkUnsent();
    }
}

void ClientSession::closeGoingAway()
{
    closeWith(QWebSocketProtocol::CloseCodeGoingAway, u"relay shutting down"_s);
}

void ClientSession::abort()
{
    leaveEverything();
    m_transport->abort();
}

qint64 ClientSession::bytesUnsent() const
{
    return m_transport->bytesToWrite();
}

QString ClientSession::transportKind() const
{
    return m_transport->kind();
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
    if (const std::optional<qint64> retryAfterMs = m_guard.admitFrame()) {
        sendError(result.ok() ? protocol::idOf(result.frame()) : result.error().id, ErrorCode::RateLimited,
            u"too many requests; try again later"_s, retryAfterMs);
        return;
    }
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
        sendError(protocol::idOf(frame), ErrorCode::UnexpectedType,
            u"'%1' frames are sent by the relay, not to it"_s.arg(protocol::messageTypeName(type)));
        return;
    }
    if (m_state == State::AwaitingHello && type != MessageType::Hello) {
        sendError(protocol::idOf(frame), ErrorCode::NotAuthenticated, u"send hello first"_s);
        return;
    }
    if (m_state == State::Authenticated && type == MessageType::Hello) {
        sendError(
            protocol::idOf(frame), ErrorCode::UnexpectedType, u"this session is already authenticated"_s);
        return;
    }
    if (m_identity.isApiToken() && !allowedForApiToken(type)) {
        sendError(protocol::idOf(frame), ErrorCode::Forbidden,
            u"API tokens may only subscribe to, read and publish to their topics"_s);
        return;
    }
    if (!m_order.mayRunNow(type)) {
        if (m_order.heldCount() >= m_services.config.maxHeldRequests) {
            sendError(protocol::idOf(frame), ErrorCode::RateLimited,
                u"too many requests waiting for earlier ones; wait for their answers"_s);
            return;
        }
        m_order.hold(frame);
        return;
    }
    dispatch(frame);
}

void ClientSession::dispatch(const protocol::Frame &frame)
{
    m_currentType = protocol::typeOf(frame);
    (this->*handlerFor(m_currentType))(frame);
}

void ClientSession::runHeld()
{
    while (m_state == State::Authenticated) {
        std::optional<protocol::Frame> next = m_order.takeRunnable();
        if (!next)
            return;
        dispatch(*next);
    }
}

std::optional<StreamInfo> ClientSession::allowed(
    const QString &requestId, const QString &stream, AccessPolicy::Use use)
{
    AccessPolicy::Verdict verdict = m_services.access.check(m_identity, stream, use);
    if (!verdict.allowed()) {
        refuseAccess(requestId, stream, use, verdict);
        return std::nullopt;
    }
    return std::move(verdict.stream);
}

bool ClientSession::answeredAsRepeat(const QString &requestId, const QString &clientMsgId)
{
    const StoreResult<std::optional<AppendOutcome>> earlier
        = m_services.store.findRequest(m_user, clientMsgId);
    if (!earlier.ok() || !earlier.value())
        return false;
    m_order.commitStarted(m_currentType);
    m_services.commits.enqueue(
        {}, [self = QPointer(this), type = m_currentType, requestId, outcome = *earlier.value()](const auto &) {
            if (!self)
                return;
            self->m_order.commitFinished(type);
            self->acknowledgeStored(requestId, outcome);
            self->runHeld();
        });
    return true;
}

void ClientSession::commit(const QString &requestId, QList<NewEvent> events,
    std::function<void(const QList<AppendOutcome> &)> done, CommitQueue::Delivered delivered)
{
    m_order.commitStarted(m_currentType);
    m_services.commits.enqueue(
        std::move(events),
        [self = QPointer(this), type = m_currentType, requestId, done = std::move(done)](
            const CommitQueue::Outcomes &outcomes) {
            if (!self)
                return;
            self->m_order.commitFinished(type);
            if (!outcomes.ok()) {
                self->sendError(requestId, ErrorCode::Internal,
                    u"the relay could not store this; send it again (the same client_msg_id is safe)"_s);
            } else {
                done(outcomes.value());
            }
            self->runHeld();
        },
        std::move(delivered));
}

void ClientSession::acknowledgeStored(const QString &requestId, const AppendOutcome &outcome)
{
    protocol::Ack ack;
    ack.id = requestId;
    switch (outcome.status) {
    case AppendStatus::Appended:
    case AppendStatus::Duplicate:
        ack.stream = outcome.event.stream;
        ack.clientMsgId = outcome.event.clientMsgId;
        ack.seq = outcome.event.seq;
        ack.ts = outcome.event.ts;
        break;
    case AppendStatus::Scheduled:
    case AppendStatus::DuplicateScheduled:
        if (!outcome.scheduled) {
            sendError(
                requestId, ErrorCode::Internal, u"the relay lost track of this request; send it again"_s);
            return;
        }
        ack.stream = outcome.scheduled->stream;
        ack.clientMsgId = outcome.scheduled->clientMsgId;
        ack.scheduled = true;
        ack.deliverAt = outcome.scheduled->deliverAt;
        break;
    case AppendStatus::NoSuchStream:
        sendError(requestId, ErrorCode::NotFound, u"the stream does not exist (any more)"_s);
        return;
    }
    sendFrame(ack);
}

void ClientSession::acknowledge(const QString &requestId, const QString &stream)
{
    protocol::Ack ack;
    ack.id = requestId;
    ack.stream = stream;
    sendFrame(ack);
}

void ClientSession::sendFrame(const protocol::Frame &frame)
{
    m_transport->sendFrame(protocol::encode(frame));
    m_guard.checkUnsent();
}

void ClientSession::sendError(
    const QString &id, ErrorCode code, const QString &message, std::optional<qint64> retryAfterMs)
{
    if (code == ErrorCode::RateLimited && m_services.metrics)
        m_services.metrics->rateLimited();
    sendFrame(protocol::Error { id, code, message, retryAfterMs });
    if (m_guard.chargeError(code) && m_state != State::Closing) {
        AuditLog::write("connection.error_budget_spent"_L1,
            { { "user"_L1, m_user }, { "peer"_L1, m_peer }, { "errors"_L1, QString::number(m_guard.errorsCaused()) } });
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"too many errors"_s);
    }
}

void ClientSession::closeWith(QWebSocketProtocol::CloseCode closeCode, const QString &reason)
{
    if (m_state == State::Closing)
        return;
    leaveEverything();
    m_transport->close(closeCode, reason);
    m_guard.closing();
}

void ClientSession::leaveEverything()
{
    const bool wasAuthenticated = m_state == State::Authenticated;
    // Every way out passes here, the first one while not yet Closing: the session counts as gone
    // from then on (a close handshake may still be under way).
    if (m_state != State::Closing && m_services.metrics)
        m_services.metrics->sessionClosed(m_transport->kind());
    m_state = State::Closing;
    m_authDeadline.stop();
    m_tokenExpiry.stop();
    m_services.sessions.remove(this);
    m_services.hub.unsubscribeAll(this);
    if (wasAuthenticated)
        m_services.presence.connectionClosed(m_user);
}

void ClientSession::onDisconnected()
{
    leaveEverything();
    if (!m_user.isEmpty())
        qCDebug(lcRelay).noquote() << "session of" << m_user << "from" << m_peer << "ended";
    Q_EMIT finished();
}

} // namespace confab::relay
