#include "sessionregistry.h"

#include "clientsession.h"

#include <algorithm>

namespace confab::relay {

void SessionRegistry::add(ClientSession *session, const QString &user, const QString &tokenId)
{
    remove(session);
    m_entries.insert(session, Entry { user, tokenId });
    m_byUser.insert(user, session);
    if (!tokenId.isEmpty())
        m_byToken.insert(tokenId, session);
}

void SessionRegistry::remove(ClientSession *session)
{
    const auto it = m_entries.constFind(session);
    if (it == m_entries.constEnd())
        return;
    m_byUser.remove(it->user, session);
    if (!it->tokenId.isEmpty())
        m_byToken.remove(it->tokenId, session);
    m_entries.erase(it);
}

QList<ClientSession *> SessionRegistry::sessionsOfToken(const QString &tokenId) const
{
    return tokenId.isEmpty() ? QList<ClientSession *>() : m_byToken.values(tokenId);
}

QList<ClientSession *> SessionRegistry::sessionsOfUser(const QString &user) const
{
    return m_byUser.values(user);
}

int SessionRegistry::closeAll(
    const QList<ClientSession *> &sessions, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    // Closing a session removes it from the registry: iterate over a copy.
    for (ClientSession *session : sessions)
        session->closeSession(code, reason);
    return int(sessions.size());
}

int SessionRegistry::closeToken(const QString &tokenId, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    return closeAll(sessionsOfToken(tokenId), code, reason);
}

int SessionRegistry::closeUser(const QString &user, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    return closeAll(sessionsOfUser(user), code, reason);
}

QStringList SessionRegistry::users() const
{
    QStringList users = m_byUser.uniqueKeys();
    std::sort(users.begin(), users.end());
    return users;
}

} // namespace confab::relay
