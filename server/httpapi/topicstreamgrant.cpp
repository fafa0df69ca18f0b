#include "topicstreamgrant.h"

#include "accountstore.h"
#include "httptopicaccess.h"
#include "relaylog.h"

namespace confab::relay {

TopicStreamGrant::TopicStreamGrant(HttpTopicAccess &access, AccountStore &accounts, std::optional<Identity> identity,
    QStringList streamIds, qint64 grantedAt)
    : m_access(access)
    , m_accounts(accounts)
    , m_identity(std::move(identity))
    , m_streamIds(std::move(streamIds))
    , m_checkedAt(grantedAt)
{
}

bool TopicStreamGrant::stillAllowed(qint64 now)
{
    if (!m_allowed)
        return false; // a refusal is final: the stream ends
    if (m_identity && m_identity->tokenExpires && now >= *m_identity->tokenExpires) {
        m_allowed = false;
        return false;
    }
    if (now - m_checkedAt < kRecheckMs)
        return true;
    m_checkedAt = now;
    m_allowed = check(now);
    return m_allowed;
}

bool TopicStreamGrant::check(qint64 now)
{
    if (m_identity) {
        // The sign-in itself: a revoked or expired token, a removed user.
        if (!m_identity->tokenId.isEmpty()) {
            const StoreResult<std::optional<TokenInfo>> token = m_accounts.token(m_identity->tokenId);
            if (token.ok() && (!token.value() || (token.value()->expires && now >= *token.value()->expires)))
                return false;
        } else {
            const StoreResult<std::optional<Account>> account = m_accounts.account(m_identity->user);
            if (account.ok() && !account.value())
                return false;
        }
    }
    for (const QString &streamId : std::as_const(m_streamIds)) {
        const HttpTopicAccess::Verdict verdict = m_access.check(m_identity, streamId, AccessPolicy::Use::Read);
        if (!verdict.allowed && verdict.error.status != 500)
            return false;
    }
    return true;
}

} // namespace confab::relay
