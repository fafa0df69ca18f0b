#pragma once

#include "storeresult.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

// ---- accounts

enum class Role { User, Admin };

// "user" / "admin".
QString roleName(Role role);
// Nothing for any other text (exact, lowercase).
std::optional<Role> roleFromName(const QString &name);

struct Account {
    QString name = {};
    Role role = Role::User;
    qint64 created = 0;                  // ms since the Unix epoch
    std::optional<qint64> lastSeen = {}; // nothing when never seen
    bool hasPassword = false;            // bulk users may have none: they log in with tokens only
    friend bool operator==(const Account &, const Account &) = default;
};

struct NewAccount {
    QString name = {};
    QByteArray passwordHash = {}; // PasswordHasher's encoded hash; empty = no password login
    Role role = Role::User;
};

// ---- tokens

enum class TokenKind {
    Session, // issued at login (hello with new_token), expires after config.sessionTokenLifetime
    Api,     // made by an admin for a script; scoped to topics; may never expire
};

// "session" / "api".
QString tokenKindName(TokenKind kind);

// What an API token may do on one topic (a stream id "topic:NAME").
struct TokenScope {
    QString topic = {};
    bool read = false;
    bool write = false;
    friend bool operator==(const TokenScope &, const TokenScope &) = default;
};

// A token as stored: never the secret, only what can be shown and listed.
struct TokenInfo {
    QString id = {}; // public, printable, unique; the ACL principal "token:ID"
    QString user = {};
    TokenKind kind = TokenKind::Session;
    QString label = {};
    qint64 created = 0;
    std::optional<qint64> expires = {};  // nothing = never (API tokens only)
    std::optional<qint64> lastUsed = {}; // last successful login with it
    QList<TokenScope> scopes = {};       // API tokens; empty for session tokens

    bool expiredAt(qint64 now) const { return expires && *expires <= now; }
    friend bool operator==(const TokenInfo &, const TokenInfo &) = default;
};

// What creating a token needs. id, created and the secret come from issueToken().
struct NewToken {
    QString user = {};
    TokenKind kind = TokenKind::Session;
    QString label = {};
    std::optional<qint64> expires = {};
    QList<TokenScope> scopes = {};
};

// A token just made: the only moment its secret exists outside the client.
struct IssuedToken {
    TokenInfo info = {};
    QString secret = {}; // "cfs_..." (session) or "cfa_..." (API); show once, never log
};

// ---- topic ACLs

// "user:NAME" or "token:ID".
QString userPrincipal(const QString &user);
QString tokenPrincipal(const QString &tokenId);
// Whether `principal` has one of the two forms above (the name/id part non-empty).
bool isValidPrincipal(const QString &principal);

struct AclEntry {
    QString topic = {};     // stream id "topic:NAME"
    QString principal = {}; // "user:NAME" or "token:ID"
    bool read = false;
    bool write = false;
    friend bool operator==(const AclEntry &, const AclEntry &) = default;
};

// Durable accounts, tokens and topic ACLs, beside the events in the same database. The relay
// checks logins and access through it, and the admin CLI (another process, same data folder)
// manages it; so the relay never caches what it reads here, except what a session learnt at login
// (after changing a user or a token the CLI asks the running relay to close the affected
// sessions). Only SHA-256 hashes of token secrets are stored. Times are ms since the Unix epoch.
// Used from one thread. Every successful write is committed.
class AccountStore
{
public:
    virtual ~AccountStore() = default;

    virtual void close() = 0;

    // ---- accounts
    // false: the name is taken (nothing changed). The caller validates the name.
    virtual StoreResult<bool> addAccount(const NewAccount &account) = 0;
    // All in one transaction (bulk creation for load tests); existing names are skipped.
    // Returns how many were added.
    virtual StoreResult<int> addAccounts(const QList<NewAccount> &accounts) = 0;
    virtual StoreResult<std::optional<Account>> account(const QString &name) = 0;
    // Ordered by name.
    virtual StoreResult<QList<Account>> accounts() = 0;
    // Removes the user, every token of theirs and every ACL entry naming them or their tokens.
    // Returns the ids of the removed tokens (to close their sessions), or nothing for an unknown
    // user. Memberships and events stay (history keeps its senders).
    virtual StoreResult<std::optional<QStringList>> removeAccount(const QString &name) = 0;
    // The encoded Argon2id hash; nothing for an unknown user or one without a password.
    virtual StoreResult<std::optional<QByteArray>> passwordHash(const QString &name) = 0;
    // false: no such user. An empty hash turns password login off for the user.
    virtual StoreResult<bool> setPasswordHash(const QString &name, const QByteArray &hash) = 0;
    // false: no such user.
    virtual StoreResult<bool> setRole(const QString &name, Role role) = 0;

    // ---- tokens
    // Mints a secret (TokenMint) and stores the token. Fails for an unknown user.
    StoreResult<IssuedToken> issueToken(const NewToken &token);
    // Several in one transaction (bulk); all or nothing.
    StoreResult<QList<IssuedToken>> issueTokens(const QList<NewToken> &tokens);
    // The token whose secret hashes to `secretHash` (TokenMint::hashOf), expired or not: the
    // caller decides, so that it can audit the refusal. Nothing when unknown or revoked.
    virtual StoreResult<std::optional<TokenInfo>> tokenBySecretHash(const QByteArray &secretHash) = 0;
    virtual StoreResult<std::optional<TokenInfo>> token(const QString &id) = 0;
    // A user's tokens (every token when `user` is empty), ordered by user, then created.
    virtual StoreResult<QList<TokenInfo>> tokens(const QString &user = {}) = 0;
    // Deletes the token and the ACL entries naming it. false: unknown id.
    virtual StoreResult<bool> revokeToken(const QString &id) = 0;
    // Deletes every token of `user` of that kind (every kind when nothing); returns their ids.
    virtual StoreResult<QStringList> revokeTokensOf(const QString &user, std::optional<TokenKind> kind = {}) = 0;
    // Records successful uses (token id -> time), all in one transaction. Returns how many of the
    // ids were known.
    virtual StoreResult<int> setTokensLastUsed(const QHash<QString, qint64> &uses) = 0;
    // Deletes tokens expired at `now`; returns their ids.
    virtual StoreResult<QStringList> pruneExpiredTokens(qint64 now) = 0;

    // ---- topic ACLs
    // Inserts or replaces the entry for (topic, principal). The caller checks that the topic
    // and the principal exist.
    virtual StoreResult<bool> grant(const AclEntry &entry) = 0;
    // false: there was no such entry.
    virtual StoreResult<bool> revokeGrant(const QString &topic, const QString &principal) = 0;
    // The entries of one topic (every entry when `topic` is empty), ordered by topic, principal.
    virtual StoreResult<QList<AclEntry>> acl(const QString &topic = {}) = 0;

protected:
    // Stores tokens minted by issueToken(s) with the SHA-256 of each secret, in one transaction.
    virtual StoreResult<bool> insertTokens(const QList<TokenInfo> &tokens, const QList<QByteArray> &secretHashes) = 0;
};

} // namespace confab::relay
