#pragma once

#include "identity.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

class AccountStore;
class HttpTopicAccess;

// Whether an open HTTP subscription may still read its topics. A WebSocket session is closed by
// the relay when its token is revoked, its user removed or an ACL changes (SessionRegistry); an
// HTTP stream is no session there, so it asks again itself: before each live notification and at
// each keepalive, at most once per kRecheckMs (each check costs a few store reads). A store that
// fails to answer is not a refusal: the stream goes on and asks again later.
class TopicStreamGrant
{
public:
    static constexpr qint64 kRecheckMs = 1000;

    TopicStreamGrant(HttpTopicAccess &access, AccountStore &accounts, std::optional<Identity> identity,
        QStringList streamIds, qint64 grantedAt);

    // `now` in ms since the Unix epoch.
    bool stillAllowed(qint64 now);

private:
    bool check(qint64 now);

    HttpTopicAccess &m_access;
    AccountStore &m_accounts;
    std::optional<Identity> m_identity;
    QStringList m_streamIds;
    qint64 m_checkedAt;
    bool m_allowed = true;
};

} // namespace confab::relay
