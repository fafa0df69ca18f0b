#include "accountstore.h"

#include "tokenmint.h"

#include <QDateTime>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

const QString kUserPrefix = u"user:"_s;
const QString kTokenPrefix = u"token:"_s;

} // namespace

QString roleName(Role role)
{
    return role == Role::Admin ? u"admin"_s : u"user"_s;
}

std::optional<Role> roleFromName(const QString &name)
{
    if (name == "user"_L1)
        return Role::User;
    if (name == "admin"_L1)
        return Role::Admin;
    return std::nullopt;
}

QString tokenKindName(TokenKind kind)
{
    return kind == TokenKind::Api ? u"api"_s : u"session"_s;
}

QString userPrincipal(const QString &user)
{
    return kUserPrefix + user;
}

QString tokenPrincipal(const QString &tokenId)
{
    return kTokenPrefix + tokenId;
}

bool isValidPrincipal(const QString &principal)
{
    for (const QString &prefix : { kUserPrefix, kTokenPrefix }) {
        if (principal.startsWith(prefix) && principal.size() > prefix.size())
            return true;
    }
    return false;
}

StoreResult<IssuedToken> AccountStore::issueToken(const NewToken &token)
{
    StoreResult<QList<IssuedToken>> issued = issueTokens({ token });
    if (!issued.ok())
        return issued.error();
    return issued.value().value(0);
}

StoreResult<QList<IssuedToken>> AccountStore::issueTokens(const QList<NewToken> &tokens)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<IssuedToken> issued;
    QList<TokenInfo> infos;
    QList<QByteArray> hashes;
    issued.reserve(tokens.size());
    for (const NewToken &token : tokens) {
        TokenMint::Minted minted = TokenMint::mint(token.kind);
        TokenInfo info { minted.id, token.user, token.kind, token.label, now, token.expires, std::nullopt,
            token.kind == TokenKind::Api ? token.scopes : QList<TokenScope>() };
        infos.append(info);
        hashes.append(minted.hash);
        issued.append(IssuedToken { std::move(info), std::move(minted.secret) });
    }
    const StoreResult<bool> stored = insertTokens(infos, hashes);
    if (!stored.ok())
        return stored.error();
    if (!stored.value())
        return StoreError { u"a token's user does not exist"_s };
    return issued;
}

} // namespace confab::relay
