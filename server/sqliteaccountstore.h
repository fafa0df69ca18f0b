#pragma once

#include "accountstore.h"

#include <QString>

#include <functional>
#include <initializer_list>
#include <memory>

namespace confab::relay {

class SqliteDatabase;
class SqliteStatements;

// AccountStore on relay.db in the data folder, with its own QtSql connection (so it can be used
// alone by the admin CLI, and beside SqliteEventStore in the relay). Opening migrates the schema
// (SqliteMigrations) like the event store does.
class SqliteAccountStore final : public AccountStore
{
public:
    static StoreResult<std::unique_ptr<SqliteAccountStore>> open(const QString &dataDir);

    ~SqliteAccountStore() override;
    SqliteAccountStore(const SqliteAccountStore &) = delete;
    SqliteAccountStore &operator=(const SqliteAccountStore &) = delete;

    void close() override;

    StoreResult<bool> addAccount(const NewAccount &account) override;
    StoreResult<int> addAccounts(const QList<NewAccount> &accounts) override;
    StoreResult<std::optional<Account>> account(const QString &name) override;
    StoreResult<QList<Account>> accounts() override;
    StoreResult<std::optional<QStringList>> removeAccount(const QString &name) override;
    StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) override;
    StoreResult<bool> setPasswordHash(const QString &name, const QByteArray &hash) override;
    StoreResult<bool> setRole(const QString &name, Role role) override;

    StoreResult<std::optional<TokenInfo>> tokenBySecretHash(const QByteArray &secretHash) override;
    StoreResult<std::optional<TokenInfo>> token(const QString &id) override;
    StoreResult<QList<TokenInfo>> tokens(const QString &user = {}) override;
    StoreResult<bool> revokeToken(const QString &id) override;
    StoreResult<QStringList> revokeTokensOf(const QString &user, std::optional<TokenKind> kind = {}) override;
    StoreResult<int> setTokensLastUsed(const QHash<QString, qint64> &uses) override;
    StoreResult<QStringList> pruneExpiredTokens(qint64 now) override;

    StoreResult<bool> grant(const AclEntry &entry) override;
    StoreResult<bool> revokeGrant(const QString &topic, const QString &principal) override;
    StoreResult<QList<AclEntry>> acl(const QString &topic = {}) override;

protected:
    StoreResult<bool> insertTokens(const QList<TokenInfo> &tokens, const QList<QByteArray> &secretHashes) override;

private:
    explicit SqliteAccountStore(std::unique_ptr<SqliteDatabase> database);

    // Deletes the tokens (their scopes and ACL entries too); inside the caller's transaction.
    std::optional<StoreError> deleteTokens(const QStringList &ids);
    StoreResult<QStringList> tokenIds(const QString &sql, std::initializer_list<QVariant> values);
    StoreResult<QList<TokenInfo>> selectTokens(const QString &where, std::initializer_list<QVariant> values);
    // Runs `body` in one BEGIN IMMEDIATE ... COMMIT; rolls back when it returns an error.
    std::optional<StoreError> inTransaction(const std::function<std::optional<StoreError>()> &body);

    std::unique_ptr<SqliteDatabase> m_database;
    std::unique_ptr<SqliteStatements> m_sql;
};

} // namespace confab::relay
