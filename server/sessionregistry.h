#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWebSocketProtocol>

namespace confab::relay {

class ClientSession;

// Which authenticated sessions belong to which user and which token, so that logging out,
// revoking a token, removing a user or changing their password closes the affected sockets at
// once instead of letting them live on with access the store no longer grants. Sessions add
// themselves on login and remove themselves when they close.
class SessionRegistry
{
public:
    // `tokenId` may be empty (a password login without a token).
    void add(ClientSession *session, const QString &user, const QString &tokenId);
    void remove(ClientSession *session);

    QList<ClientSession *> sessionsOfToken(const QString &tokenId) const;
    QList<ClientSession *> sessionsOfUser(const QString &user) const;

    // Closes them (close code and reason go to each client); returns how many.
    int closeToken(const QString &tokenId, QWebSocketProtocol::CloseCode code, const QString &reason);
    int closeUser(const QString &user, QWebSocketProtocol::CloseCode code, const QString &reason);

    qsizetype sessionCount() const { return m_entries.size(); }
    // Users with at least one session, sorted.
    QStringList users() const;

private:
    struct Entry {
        QString user;
        QString tokenId;
    };
    static int closeAll(const QList<ClientSession *> &sessions, QWebSocketProtocol::CloseCode code,
                        const QString &reason);

    QHash<ClientSession *, Entry> m_entries;
    QMultiHash<QString, ClientSession *> m_byUser;
    QMultiHash<QString, ClientSession *> m_byToken;
};

} // namespace confab::relay
