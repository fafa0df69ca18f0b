// Relay: the account store, the registry of authenticated sessions, and the calls that close
// sessions whose access was taken away.
#include "relay.h"

#include "auditlog.h"
#include "authenticator.h"
#include "relaylog.h"
#include "sessionregistry.h"
#include "sqliteaccountstore.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

bool Relay::openAccounts()
{
    auto opened = SqliteAccountStore::open(m_config.dataDir);
    if (!opened.ok()) {
        m_errorString = opened.error().message;
        return false;
    }
    m_accounts = std::move(opened.value());
    m_sessionRegistry = std::make_unique<SessionRegistry>();
    // Expired tokens are refused at login whatever happens; pruning keeps the table small. A
    // session whose token expires while connected closes itself on its own timer.
    m_tokenPruning.setInterval(m_config.retentionInterval);
    m_tokenPruning.callOnTimeout(this, [this] {
        if (m_authenticator)
            m_authenticator->pruneExpiredTokens();
    });
    m_tokenPruning.start();
    return true;
}

void Relay::closeAccounts()
{
    m_tokenPruning.stop();
    if (m_authenticator)
        m_authenticator->recordTokenUses();
    m_sessionRegistry.reset();
    if (m_accounts)
        m_accounts->close();
    m_accounts.reset();
}

int Relay::revokeToken(const QString &tokenId)
{
    if (!m_accounts || !m_sessionRegistry)
        return 0;
    const StoreResult<bool> revoked = m_accounts->revokeToken(tokenId);
    if (!revoked.ok())
        qCWarning(lcRelayStore).noquote() << "revoking token" << tokenId << "failed:" << revoked.error().message;
    else if (revoked.value())
        AuditLog::write("token.revoked"_L1, { { "token_id"_L1, tokenId }, { "by"_L1, u"relay"_s } });
    const int closed
        = m_sessionRegistry->closeToken(tokenId, QWebSocketProtocol::CloseCodePolicyViolated, u"token revoked"_s);
    if (closed > 0)
        AuditLog::write("sessions.closed"_L1,
            { { "token_id"_L1, tokenId }, { "count"_L1, QString::number(closed) }, { "reason"_L1, u"token revoked"_s } });
    return closed;
}

int Relay::closeSessionsOfToken(const QString &tokenId)
{
    return revokeToken(tokenId);
}

int Relay::closeSessionsOf(const QString &user, const QString &givenReason)
{
    if (!m_sessionRegistry)
        return 0;
    const QString reason = givenReason.isEmpty() ? u"access changed"_s : givenReason;
    const int closed = m_sessionRegistry->closeUser(user, QWebSocketProtocol::CloseCodePolicyViolated, reason);
    if (closed > 0)
        AuditLog::write("sessions.closed"_L1,
            { { "user"_L1, user }, { "count"_L1, QString::number(closed) }, { "reason"_L1, reason } });
    return closed;
}

} // namespace confab::relay
