#include "authenticator.h"

#include "auditlog.h"
#include "passwordhasher.h"
#include "relayconfig.h"
#include "metrics/relaymetrics.h"
#include "relaylog.h"
#include "tokenmint.h"

#include "protocol/protocolversion.h"

#include <QDateTime>
#include <QPointer>

namespace confab::relay {

using namespace Qt::StringLiterals;
using Outcome = Authenticator::Result::Outcome;

namespace {

// What the audit log shows of a name a client typed: it may be anything (an attacker's probe),
// AuditLog escapes it, this keeps it short.
QString claimedName(const QString &name)
{
    return name.left(protocol::kMaxNameLength);
}

} // namespace

Authenticator::Authenticator(AccountStore &accounts, const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_accounts(accounts)
    , m_config(config)
    , m_throttle(config.loginFailuresPerAccount, config.loginFailuresPerAddress, config.loginFailureWindow)
{
    m_clock.start();
    m_recordUses.setSingleShot(true);
    m_recordUses.setInterval(0);
    connect(&m_recordUses, &QTimer::timeout, this, &Authenticator::recordTokenUses);
    // Each verification holds 19 MiB: bound the pool so a login burst cannot exhaust memory.
    m_pool.setMaxThreadCount(qBound(1, QThread::idealThreadCount(), 4));
}

Authenticator::~Authenticator()
{
    m_pool.waitForDone();
}

StoreResult<bool> Authenticator::addUser(const QString &name, const QString &password, Role role)
{
    const std::optional<QByteArray> hash = PasswordHasher::hash(password);
    if (!hash)
        return StoreError { u"hashing the password failed"_s };
    return m_accounts.addAccount(NewAccount { name, *hash, role });
}

void Authenticator::login(const Request &request, QObject *context, std::function<void(const Result &)> done)
{
    const bool byToken = !request.token.isEmpty();
    // Token logins are throttled per address only: a token names no account.
    const QString account = byToken ? QString() : request.username;
    if (const std::optional<qint64> wait = m_throttle.retryAfter(account, request.address, monotonicNow())) {
        AuditLog::write("login.throttled"_L1,
            { { "user"_L1, claimedName(request.username) }, { "peer"_L1, request.peer },
                { "method"_L1, byToken ? u"token"_s : u"password"_s }, { "retry_after_ms"_L1, QString::number(*wait) } });
        if (m_metrics)
            m_metrics->rateLimited();
        Result result;
        result.outcome = Outcome::Throttled;
        result.retryAfterMs = *wait;
        finish(context, std::move(done), result);
        return;
    }
    if (byToken) {
        finish(context, std::move(done), loginWithToken(request));
        return;
    }
    loginWithPassword(request, context, std::move(done));
}

void Authenticator::loginWithPassword(
    const Request &request, QObject *context, std::function<void(const Result &)> done)
{
    const StoreResult<std::optional<QByteArray>> stored = m_accounts.passwordHash(request.username);
    if (!stored.ok()) {
        finish(context, std::move(done), Result { .outcome = Outcome::Failed });
        return;
    }
    const bool known = stored.value().has_value();
    const QByteArray hash = known ? *stored.value() : QByteArray();
    const qint64 attemptAt = monotonicNow();
    m_throttle.recordFailure(request.username, request.address, attemptAt);

    QPointer<QObject> guard(context);
    m_pool.start([this, hash, known, request, attemptAt, guard = std::move(guard), done = std::move(done)]() mutable {
        // An unknown user (or one without a password) costs one verification all the same.
        const bool matches = known ? PasswordHasher::verify(hash, request.password)
                                   : (PasswordHasher::verify(PasswordHasher::dummyHash(), request.password), false);
        // Back to the relay's thread through `this`, which outlives every task (the destructor
        // waits); the context is only looked at there, where it lives.
        QMetaObject::invokeMethod(
            this,
            [this, request = std::move(request), matches, attemptAt, guard = std::move(guard),
                done = std::move(done)] {
                if (guard)
                    passwordChecked(request, matches, attemptAt, guard, done);
            },
            Qt::QueuedConnection);
    });
}

void Authenticator::passwordChecked(const Request &request, bool matches, qint64 attemptAt, QObject *context,
    const std::function<void(const Result &)> &done)
{
    Q_UNUSED(context);
    Result result;
    if (!matches) {
        // The failure was counted when the attempt started.
        result = refuse(request, u"password"_s, u"unknown user or wrong password"_s);
        done(result);
        return;
    }
    // Read after the verification: the account may have gone (or changed role) meanwhile.
    const StoreResult<std::optional<Account>> account = m_accounts.account(request.username);
    if (!account.ok()) {
        result.outcome = Outcome::Failed;
        done(result);
        return;
    }
    if (!account.value()) {
        done(refuse(request, u"password"_s, u"account removed during login"_s));
        return;
    }
    m_throttle.forgive(request.username, request.address, attemptAt);
    result.outcome = Outcome::Accepted;
    result.identity.user = request.username;
    result.identity.role = account.value()->role;
    if (request.newToken) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        NewToken token { request.username, TokenKind::Session, u"login"_s,
            now + qint64(m_config.sessionTokenLifetime.count()), {} };
        StoreResult<IssuedToken> issued = m_accounts.issueToken(token);
        if (!issued.ok()) {
            result.outcome = Outcome::Failed;
            done(result);
            return;
        }
        result.identity.tokenId = issued.value().info.id;
        result.identity.tokenKind = TokenKind::Session;
        result.identity.tokenExpires = issued.value().info.expires;
        AuditLog::write("token.created"_L1,
            { { "user"_L1, request.username }, { "peer"_L1, request.peer }, { "token_id"_L1, issued.value().info.id },
                { "kind"_L1, u"session"_s } });
        result.issued = std::move(issued.value());
    }
    AuditLog::write("login.ok"_L1,
        { { "user"_L1, request.username }, { "peer"_L1, request.peer }, { "method"_L1, u"password"_s },
            { "role"_L1, roleName(result.identity.role) } });
    done(result);
}

Authenticator::Result Authenticator::loginWithToken(const Request &request)
{
    const qint64 attemptAt = monotonicNow();
    if (!TokenMint::looksLikeSecret(request.token)) {
        m_throttle.recordFailure({}, request.address, attemptAt);
        return refuse(request, u"token"_s, u"not a token"_s);
    }
    const StoreResult<std::optional<TokenInfo>> found = m_accounts.tokenBySecretHash(TokenMint::hashOf(request.token));
    if (!found.ok()) {
        return Result { .outcome = Outcome::Failed };
    }
    if (!found.value()) {
        m_throttle.recordFailure({}, request.address, attemptAt);
        return refuse(request, u"token"_s, u"unknown or revoked token"_s);
    }
    const TokenInfo &token = *found.value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (token.expiredAt(now)) {
        m_throttle.recordFailure({}, request.address, attemptAt);
        AuditLog::write("token.expired_refused"_L1,
            { { "user"_L1, token.user }, { "peer"_L1, request.peer }, { "token_id"_L1, token.id } });
        return refuse(request, u"token"_s, u"expired token"_s);
    }
    const StoreResult<std::optional<Account>> account = m_accounts.account(token.user);
    if (!account.ok()) {
        return Result { .outcome = Outcome::Failed };
    }
    if (!account.value()) {
        m_throttle.recordFailure({}, request.address, attemptAt);
        return refuse(request, u"token"_s, u"the token's user is gone"_s);
    }
    m_tokenUses.insert(token.id, now);
    if (!m_recordUses.isActive())
        m_recordUses.start();
    Result result;
    result.outcome = Outcome::Accepted;
    result.identity = Identity { token.user, account.value()->role, token.id, token.kind, token.expires, token.scopes };
    AuditLog::write("login.ok"_L1,
        { { "user"_L1, token.user }, { "peer"_L1, request.peer }, { "method"_L1, u"token"_s },
            { "token_id"_L1, token.id }, { "kind"_L1, tokenKindName(token.kind) } });
    return result;
}

Authenticator::Result Authenticator::refuse(const Request &request, const QString &method, const QString &reason)
{
    AuditLog::write("login.failed"_L1,
        { { "user"_L1, claimedName(request.username) }, { "peer"_L1, request.peer }, { "method"_L1, method },
            { "reason"_L1, reason } });
    if (m_metrics)
        m_metrics->authFailure();
    Result result;
    result.outcome = Outcome::Refused;
    return result;
}

void Authenticator::finish(QObject *context, std::function<void(const Result &)> done, Result result)
{
    QMetaObject::invokeMethod(
        this,
        [guard = QPointer<QObject>(context), done = std::move(done), result = std::move(result)] {
            if (guard)
                done(result);
        },
        Qt::QueuedConnection);
}

void Authenticator::recordTokenUses()
{
    m_recordUses.stop();
    if (m_tokenUses.isEmpty())
        return;
    const QHash<QString, qint64> uses = std::exchange(m_tokenUses, {});
    const StoreResult<int> recorded = m_accounts.setTokensLastUsed(uses);
    if (!recorded.ok())
        qCWarning(lcRelayStore).noquote() << "cannot record the use of" << uses.size() << "tokens";
}

void Authenticator::pruneExpiredTokens()
{
    const StoreResult<QStringList> pruned = m_accounts.pruneExpiredTokens(QDateTime::currentMSecsSinceEpoch());
    if (!pruned.ok()) {
        qCWarning(lcRelayStore).noquote() << "pruning expired tokens failed:" << pruned.error().message;
        return;
    }
    for (const QString &id : pruned.value())
        AuditLog::write("token.expired"_L1, { { "token_id"_L1, id } });
}

} // namespace confab::relay
