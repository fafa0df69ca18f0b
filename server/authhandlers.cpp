// ClientSession: authentication (hello with a password or a token), logout, the end of a token's
// life while connected, and what an API-token session may ask for.
#include "accountstore.h"
#include "auditlog.h"
#include "clientsession.h"
#include "presencetracker.h"
#include "relayconfig.h"
#include "relaylog.h"
#include "sessionregistry.h"
#include "sessiontransport.h"

#include <QDateTime>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MessageType;
using Outcome = Authenticator::Result::Outcome;

namespace {

// Timers take an int of milliseconds; a 30-day token outlives that, so long waits are chunked.
constexpr qint64 kMaxTimerStepMs = 24LL * 60 * 60 * 1000;

} // namespace

bool ClientSession::allowedForApiToken(MessageType type)
{
    switch (type) {
    case MessageType::Subscribe:
    case MessageType::Unsubscribe:
    case MessageType::History:
    case MessageType::Publish:
    case MessageType::ListStreams:
    case MessageType::Logout:
        return true;
    default:
        return false;
    }
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
    Authenticator::Request request;
    request.username = hello.username;
    request.password = hello.password;
    request.token = hello.token;
    request.newToken = hello.newToken;
    request.address = m_transport->peerAddress();
    request.peer = m_peer;
    m_services.authenticator.login(request, this,
        [this, hello](const Authenticator::Result &result) { onAuthenticated(hello, result); });
}

void ClientSession::onAuthenticated(const protocol::Hello &hello, const Authenticator::Result &result)
{
    if (m_state != State::Authenticating)
        return;
    switch (result.outcome) {
    case Outcome::Accepted:
        break;
    case Outcome::Refused:
        // Unknown user, wrong password, bad or expired token: one answer for all (the audit
        // line written by the Authenticator says which).
        m_queuedWhileAuthenticating.clear();
        sendError(hello.id, ErrorCode::AuthFailed, u"unknown user or wrong password"_s);
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"authentication failed"_s);
        return;
    case Outcome::Throttled:
        m_queuedWhileAuthenticating.clear();
        sendFrame(protocol::Error { hello.id, ErrorCode::RateLimited,
            u"too many failed logins; try again later"_s, result.retryAfterMs });
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"too many failed logins"_s);
        return;
    case Outcome::Failed:
        m_queuedWhileAuthenticating.clear();
        sendError(hello.id, ErrorCode::Internal, u"the relay could not check the login; try again"_s);
        closeWith(QWebSocketProtocol::CloseCodeBadOperation, u"internal error"_s);
        return;
    }
    m_state = State::Authenticated;
    m_guard.startHeartbeat();
    m_identity = result.identity;
    m_user = m_identity.user;
    m_authDeadline.stop();
    m_services.sessions.add(this, m_user, m_identity.tokenId);
    if (m_identity.tokenExpires)
        checkTokenExpiry();
    protocol::Welcome welcome { hello.id, protocol::kProtocolVersion, m_user,
        u"confab-relay/" CONFAB_VERSION ""_s, QDateTime::currentMSecsSinceEpoch() };
    if (result.issued) {
        welcome.token = result.issued->secret;
        welcome.tokenExpires = result.issued->info.expires;
    }
    // Advertised so that clients pace themselves below the bucket instead of running into it.
    welcome.limits = protocol::RelayLimits { m_services.config.maxMessageSize, m_services.config.rateBurst,
        m_services.config.ratePerSecond };
    sendFrame(welcome);
    m_services.presence.connectionOpened(m_user);

    const QByteArrayList queued = std::exchange(m_queuedWhileAuthenticating, {});
    for (const QByteArray &data : queued)
        onFrame(data);
}

void ClientSession::checkTokenExpiry()
{
    if (m_state != State::Authenticated || !m_identity.tokenExpires)
        return;
    const qint64 left = *m_identity.tokenExpires - QDateTime::currentMSecsSinceEpoch();
    if (left <= 0) {
        AuditLog::write("session.expired"_L1,
            { { "user"_L1, m_user }, { "peer"_L1, m_peer }, { "token_id"_L1, m_identity.tokenId } });
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, u"token expired"_s);
        return;
    }
    m_tokenExpiry.start(int(qMin(left, kMaxTimerStepMs)), this);
}

void ClientSession::onLogout(const protocol::Logout &logout)
{
    const QString tokenId = m_identity.tokenId;
    // Only a session token ends with its session; an API token belongs to a script and is
    // revoked by an admin. Either way this connection closes.
    const bool revokes = !tokenId.isEmpty() && m_identity.tokenKind == TokenKind::Session;
    if (revokes) {
        const StoreResult<bool> revoked = m_services.accounts.revokeToken(tokenId);
        if (!revoked.ok()) {
            sendError(logout.id, ErrorCode::Internal, u"the relay could not revoke the token; try again"_s);
            return;
        }
    }
    AuditLog::write("logout"_L1,
        { { "user"_L1, m_user }, { "peer"_L1, m_peer }, { "token_id"_L1, tokenId },
            { "revoked"_L1, revokes ? u"yes"_s : u"no"_s } });
    acknowledge(logout.id, {});
    if (revokes)
        m_services.sessions.closeToken(tokenId, QWebSocketProtocol::CloseCodeNormal, u"logged out"_s);
    closeWith(QWebSocketProtocol::CloseCodeNormal, u"logged out"_s);
}

void ClientSession::refuseAccess(
    const QString &requestId, const QString &stream, AccessPolicy::Use use, const AccessPolicy::Verdict &verdict)
{
    if (verdict.code != ErrorCode::Internal) {
        AuditLog::write("access.denied"_L1,
            { { "user"_L1, m_user }, { "peer"_L1, m_peer }, { "token_id"_L1, m_identity.tokenId },
                { "request"_L1, protocol::messageTypeName(m_currentType) }, { "stream"_L1, stream },
                { "use"_L1, use == AccessPolicy::Use::Read ? u"read"_s : u"post"_s } });
    }
    sendError(requestId, verdict.code, verdict.message);
}

void ClientSession::closeSession(QWebSocketProtocol::CloseCode closeCode, const QString &reason)
{
    closeWith(closeCode, reason);
}

} // namespace confab::relay
