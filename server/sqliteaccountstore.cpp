#include "sqliteaccountstore.h"

#include "sqlitedatabase.h"
#include "sqlitestatements.h"

#include <QDateTime>
#include <QDir>
#include <QSqlError>
#include <QSqlQuery>


namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

StoreError closedError()
{
    return StoreError { u"the account store is closed"_s };
}

QVariant optionalTime(const std::optional<qint64> &time)
{
    return time ? QVariant(*time) : QVariant(QMetaType::fromType<qint64>());
}

// Empty (not NULL) when there is no password: the column is NOT NULL.
QString hashText(const QByteArray &hash)
{
    return hash.isEmpty() ? u""_s : QString::fromLatin1(hash);
}

const QString kAccountSelect = u"SELECT name, role, created, last_seen, password_hash != '' FROM users"_s;

Account accountRow(const SqliteDirectStatement &query)
{
    return Account { query.textColumn(0), roleFromName(query.textColumn(1)).value_or(Role::User),
        query.intColumn(2), query.optionalIntColumn(3), query.intColumn(4) != 0 };
}

const QString kTokenSelect = u"SELECT t.id, t.user, t.kind, t.label, t.created, t.expires, t.last_used,"
                             " s.topic, s.can_read, s.can_write"
                             " FROM tokens t LEFT JOIN token_scopes s ON s.token = t.id "_s;

} // namespace

SqliteAccountStore::SqliteAccountStore(std::unique_ptr<SqliteDatabase> database)
    : m_database(std::move(database))
    , m_sql(std::make_unique<SqliteStatements>(m_database->handle()))
{
}

SqliteAccountStore::~SqliteAccountStore()
{
    close();
}

StoreResult<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::open(const QString &dataDir)
{
    StoreResult<std::unique_ptr<SqliteDatabase>> database = SqliteDatabase::open(dataDir, u"accounts"_s);
    if (!database.ok())
        return database.error();
    return std::unique_ptr<SqliteAccountStore>(new SqliteAccountStore(std::move(database.value())));
}

void SqliteAccountStore::close()
{
    m_sql.reset();
    m_database.reset();
}

std::optional<StoreError> SqliteAccountStore::inTransaction(
    const std::function<std::optional<StoreError>()> &body)
{
    if (auto error = m_sql->begin())
        return error;
    if (auto error = body()) {
        m_sql->rollback();
        return error;
    }
    return m_sql->commit();
}

// ---- accounts

StoreResult<bool> SqliteAccountStore::addAccount(const NewAccount &account)
{
    StoreResult<int> added = addAccounts({ account });
    if (!added.ok())
        return added.error();
    return added.value() == 1;
}

StoreResult<int> SqliteAccountStore::addAccounts(const QList<NewAccount> &accounts)
{
    if (!m_sql)
        return closedError();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int added = 0;
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        for (const NewAccount &account : accounts) {
            auto query = m_sql->run(u"INSERT INTO users (name, password_hash, created, role) VALUES (?, ?, ?, ?)"
                                    " ON CONFLICT (name) DO NOTHING"_s,
                { account.name, hashText(account.passwordHash), now, roleName(account.role) });
            if (!query)
                return m_sql->failure(u"adding user %1"_s.arg(account.name));
            added += query->numRowsAffected();
        }
        return std::nullopt;
    });
    if (error)
        return *error;
    return added;
}

StoreResult<std::optional<Account>> SqliteAccountStore::account(const QString &name)
{
    if (!m_sql)
        return closedError();
    // Read on every login: SQLite's API directly (see SqliteDirectStatement).
    SqliteDirectStatement &query = m_sql->direct(kAccountSelect + u" WHERE name = ?"_s, { name });
    if (!query.isValid())
        return m_sql->failure(u"reading user %1"_s.arg(name), query.error());
    if (!query.next()) {
        if (!query.error().isEmpty())
            return m_sql->failure(u"reading user %1"_s.arg(name), query.error());
        return std::optional<Account>();
    }
    Account account = accountRow(query);
    query.reset(); // one row: the read must not stay open
    return std::optional<Account>(std::move(account));
}

StoreResult<QList<Account>> SqliteAccountStore::accounts()
{
    if (!m_sql)
        return closedError();
    SqliteDirectStatement &query = m_sql->direct(kAccountSelect + u" ORDER BY name"_s);
    if (!query.isValid())
        return m_sql->failure(u"listing users"_s, query.error());
    QList<Account> accounts;
    while (query.next())
        accounts.append(accountRow(query));
    if (!query.error().isEmpty())
        return m_sql->failure(u"listing users"_s, query.error());
    return accounts;
}

StoreResult<std::optional<QStringList>> SqliteAccountStore::removeAccount(const QString &name)
{
    if (!m_sql)
        return closedError();
    std::optional<QStringList> removed;
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        StoreResult<QStringList> ids = tokenIds(u"SELECT id FROM tokens WHERE user = ?"_s, { name });
        if (!ids.ok())
            return ids.error();
        if (auto failed = deleteTokens(ids.value()))
            return failed;
        if (!m_sql->run(u"DELETE FROM topic_acl WHERE principal = ?"_s, { userPrincipal(name) }))
            return m_sql->failure(u"removing the ACL entries of %1"_s.arg(name));
        auto query = m_sql->run(u"DELETE FROM users WHERE name = ?"_s, { name });
        if (!query)
            return m_sql->failure(u"removing user %1"_s.arg(name));
        if (query->numRowsAffected() == 1)
            removed = ids.value();
        return std::nullopt;
    });
    if (error)
        return *error;
    return removed;
}

StoreResult<std::optional<QByteArray>> SqliteAccountStore::passwordHash(const QString &name)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"SELECT password_hash FROM users WHERE name = ?"_s, { name });
    if (!query)
        return m_sql->failure(u"reading user %1"_s.arg(name));
    if (!query->next() || query->value(0).toString().isEmpty())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(query->value(0).toString().toLatin1());
}

StoreResult<bool> SqliteAccountStore::setPasswordHash(const QString &name, const QByteArray &hash)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"UPDATE users SET password_hash = ? WHERE name = ?"_s, { hashText(hash), name });
    if (!query)
        return m_sql->failure(u"setting the password of %1"_s.arg(name));
    return query->numRowsAffected() == 1;
}

StoreResult<bool> SqliteAccountStore::setRole(const QString &name, Role role)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"UPDATE users SET role = ? WHERE name = ?"_s, { roleName(role), name });
    if (!query)
        return m_sql->failure(u"setting the role of %1"_s.arg(name));
    return query->numRowsAffected() == 1;
}

// ---- tokens

StoreResult<bool> SqliteAccountStore::insertTokens(const QList<TokenInfo> &tokens, const QList<QByteArray> &secretHashes)
{
    if (!m_sql)
        return closedError();
    bool usersExist = true;
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            const TokenInfo &token = tokens.at(i);
            auto user = m_sql->run(u"SELECT 1 FROM users WHERE name = ?"_s, { token.user });
            if (!user)
                return m_sql->failure(u"reading user %1"_s.arg(token.user));
            if (!user->next()) {
                usersExist = false;
                return StoreError { u"no user %1"_s.arg(token.user) };
            }
            if (!m_sql->run(u"INSERT INTO tokens (id, secret_hash, user, kind, label, created, expires, last_used)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, NULL)"_s,
                    { token.id, secretHashes.value(i), token.user, tokenKindName(token.kind),
                        token.label.isNull() ? u""_s : token.label,
                        token.created, optionalTime(token.expires) }))
                return m_sql->failure(u"storing a token of %1"_s.arg(token.user));
            for (const TokenScope &scope : token.scopes) {
                if (!m_sql->run(u"INSERT OR REPLACE INTO token_scopes (token, topic, can_read, can_write)"
                                " VALUES (?, ?, ?, ?)"_s,
                        { token.id, scope.topic, scope.read, scope.write }))
                    return m_sql->failure(u"storing the scopes of token %1"_s.arg(token.id));
            }
        }
        return std::nullopt;
    });
    if (!usersExist)
        return false;
    if (error)
        return *error;
    return true;
}

StoreResult<QList<TokenInfo>> SqliteAccountStore::selectTokens(
    const QString &where, std::initializer_list<QVariant> values)
{
    if (!m_sql)
        return closedError();
    // Every login with a token reads one: SQLite's API directly (see SqliteDirectStatement).
    SqliteDirectStatement &query
        = m_sql->direct(kTokenSelect + where + u" ORDER BY t.user, t.created, t.id, s.topic"_s, values);
    if (!query.isValid())
        return m_sql->failure(u"reading tokens"_s, query.error());
    QList<TokenInfo> tokens;
    while (query.next()) {
        const QString id = query.textColumn(0);
        if (tokens.isEmpty() || tokens.last().id != id) {
            tokens.append(TokenInfo { id, query.textColumn(1),
                query.textColumn(2) == "api"_L1 ? TokenKind::Api : TokenKind::Session, query.textColumn(3),
                query.intColumn(4), query.optionalIntColumn(5), query.optionalIntColumn(6), {} });
        }
        if (!query.isNull(7))
            tokens.last().scopes.append(TokenScope { query.textColumn(7), query.intColumn(8) != 0, query.intColumn(9) != 0 });
    }
    if (!query.error().isEmpty())
        return m_sql->failure(u"reading tokens"_s, query.error());
    return tokens;
}

StoreResult<std::optional<TokenInfo>> SqliteAccountStore::tokenBySecretHash(const QByteArray &secretHash)
{
    StoreResult<QList<TokenInfo>> found = selectTokens(u"WHERE t.secret_hash = ?"_s, { secretHash });
    if (!found.ok())
        return found.error();
    if (found.value().isEmpty())
        return std::optional<TokenInfo>();
    return std::optional<TokenInfo>(found.value().first());
}

StoreResult<std::optional<TokenInfo>> SqliteAccountStore::token(const QString &id)
{
    StoreResult<QList<TokenInfo>> found = selectTokens(u"WHERE t.id = ?"_s, { id });
    if (!found.ok())
        return found.error();
    if (found.value().isEmpty())
        return std::optional<TokenInfo>();
    return std::optional<TokenInfo>(found.value().first());
}

StoreResult<QList<TokenInfo>> SqliteAccountStore::tokens(const QString &user)
{
    if (user.isEmpty())
        return selectTokens({}, {});
    return selectTokens(u"WHERE t.user = ?"_s, { user });
}

StoreResult<QStringList> SqliteAccountStore::tokenIds(const QString &sql, std::initializer_list<QVariant> values)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(sql, values);
    if (!query)
        return m_sql->failure(u"reading token ids"_s);
    QStringList ids;
    while (query->next())
        ids.append(query->value(0).toString());
    return ids;
}

std::optional<StoreError> SqliteAccountStore::deleteTokens(const QStringList &ids)
{
    for (const QString &id : ids) {
        if (!m_sql->run(u"DELETE FROM topic_acl WHERE principal = ?"_s, { tokenPrincipal(id) })
            || !m_sql->run(u"DELETE FROM token_scopes WHERE token = ?"_s, { id })
            || !m_sql->run(u"DELETE FROM tokens WHERE id = ?"_s, { id }))
            return m_sql->failure(u"deleting token %1"_s.arg(id));
    }
    return std::nullopt;
}

StoreResult<bool> SqliteAccountStore::revokeToken(const QString &id)
{
    StoreResult<QStringList> revoked = QStringList();
    if (!m_sql)
        return closedError();
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        revoked = tokenIds(u"SELECT id FROM tokens WHERE id = ?"_s, { id });
        if (!revoked.ok())
            return revoked.error();
        return deleteTokens(revoked.value());
    });
    if (error)
        return *error;
    return !revoked.value().isEmpty();
}

StoreResult<QStringList> SqliteAccountStore::revokeTokensOf(const QString &user, std::optional<TokenKind> kind)
{
    if (!m_sql)
        return closedError();
    StoreResult<QStringList> revoked = QStringList();
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        revoked = kind ? tokenIds(u"SELECT id FROM tokens WHERE user = ? AND kind = ?"_s, { user, tokenKindName(*kind) })
                       : tokenIds(u"SELECT id FROM tokens WHERE user = ?"_s, { user });
        if (!revoked.ok())
            return revoked.error();
        return deleteTokens(revoked.value());
    });
    if (error)
        return *error;
    return revoked;
}

StoreResult<int> SqliteAccountStore::setTokensLastUsed(const QHash<QString, qint64> &uses)
{
    if (!m_sql)
        return closedError();
    int known = 0;
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        for (auto use = uses.cbegin(); use != uses.cend(); ++use) {
            auto query = m_sql->run(u"UPDATE tokens SET last_used = ? WHERE id = ?"_s, { use.value(), use.key() });
            if (!query)
                return m_sql->failure(u"recording the use of token %1"_s.arg(use.key()));
            known += query->numRowsAffected() == 1 ? 1 : 0;
        }
        return std::nullopt;
    });
    if (error)
        return *error;
    return known;
}

StoreResult<QStringList> SqliteAccountStore::pruneExpiredTokens(qint64 now)
{
    if (!m_sql)
        return closedError();
    StoreResult<QStringList> pruned = QStringList();
    auto error = inTransaction([&]() -> std::optional<StoreError> {
        pruned = tokenIds(u"SELECT id FROM tokens WHERE expires IS NOT NULL AND expires <= ?"_s, { now });
        if (!pruned.ok())
            return pruned.error();
        return deleteTokens(pruned.value());
    });
    if (error)
        return *error;
    return pruned;
}

// ---- topic ACLs

StoreResult<bool> SqliteAccountStore::grant(const AclEntry &entry)
{
    if (!m_sql)
        return closedError();
    if (!m_sql->run(u"INSERT INTO topic_acl (topic, principal, can_read, can_write) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (topic, principal) DO UPDATE SET can_read = excluded.can_read,"
                    " can_write = excluded.can_write"_s,
            { entry.topic, entry.principal, entry.read, entry.write }))
        return m_sql->failure(u"granting %1 on %2"_s.arg(entry.principal, entry.topic));
    return true;
}

StoreResult<bool> SqliteAccountStore::revokeGrant(const QString &topic, const QString &principal)
{
    if (!m_sql)
        return closedError();
    auto query = m_sql->run(u"DELETE FROM topic_acl WHERE topic = ? AND principal = ?"_s, { topic, principal });
    if (!query)
        return m_sql->failure(u"revoking %1 on %2"_s.arg(principal, topic));
    return query->numRowsAffected() == 1;
}

StoreResult<QList<AclEntry>> SqliteAccountStore::acl(const QString &topic)
{
    if (!m_sql)
        return closedError();
    auto query = topic.isEmpty()
        ? m_sql->run(u"SELECT topic, principal, can_read, can_write FROM topic_acl ORDER BY topic, principal"_s)
        : m_sql->run(u"SELECT topic, principal, can_read, can_write FROM topic_acl WHERE topic = ?"
                     " ORDER BY principal"_s,
              { topic });
    if (!query)
        return m_sql->failure(u"reading the ACL"_s);
    QList<AclEntry> entries;
    while (query->next()) {
        entries.append(AclEntry { query->value(0).toString(), query->value(1).toString(), query->value(2).toBool(),
            query->value(3).toBool() });
    }
    return entries;
}

} // namespace confab::relay
