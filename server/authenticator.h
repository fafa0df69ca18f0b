#pragma once

#include "accountstore.h"
#include "identity.h"
#include "loginthrottle.h"
#include "storeresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <QHash>

#include <functional>

namespace confab::relay {

class RelayMetrics;
struct RelayConfig;

// Logs people in: with a user name and password (Argon2id, on a private thread pool so the event
// loop keeps serving everyone else) or with a session or API token (SHA-256 lookup). Failed
// attempts are throttled per account name and per address (LoginThrottle); a throttled attempt
// is refused without any Argon2 work. An unknown user and a wrong password take the same time and
// get the same answer, and every outcome writes one audit line. The store is only touched on the
// caller's thread.
class Authenticator : public QObject
{
    Q_OBJECT

public:
    struct Request {
        QString username;
        QString password; // never logged
        QString token;    // a token secret instead of username and password; never logged
        bool newToken = false; // with a password: issue a session token
        QString address;  // the peer's IP address, the throttle's key
        QString peer;     // address:port, for the audit log
    };

    struct Result {
        enum class Outcome {
            Accepted,
            Refused,   // answer auth_failed: unknown user, wrong password, bad or expired token
            Throttled, // answer rate_limited with retryAfterMs
            Failed,    // the store failed: answer internal
        };
        Outcome outcome = Outcome::Refused;
        Identity identity = {};
        std::optional<IssuedToken> issued = {}; // the new session token (new_token)
        qint64 retryAfterMs = 0;
    };

    Authenticator(AccountStore &accounts, const RelayConfig &config, QObject *parent = nullptr);
    ~Authenticator() override; // waits for running verifications

    // Hashes the password and stores the user. false: the user already existed.
    StoreResult<bool> addUser(const QString &name, const QString &password, Role role = Role::User);

    // Calls `done` on `context`'s thread (always later, never from inside login()), unless
    // `context` is gone by then.
    void login(const Request &request, QObject *context, std::function<void(const Result &)> done);

    // Counts refused logins (auth failures) and throttled ones (rate limited) for every transport
    // and the HTTP API alike; nullptr: nothing is counted.
    void setMetrics(RelayMetrics *metrics) { m_metrics = metrics; }

    // Deletes expired tokens (they are refused anyway; this keeps the table small).
    void pruneExpiredTokens();

    // Writes the token uses still waiting for the end of this turn (see m_tokenUses). The relay
    // calls it before it closes the account store.
    void recordTokenUses();

private:
    void loginWithPassword(const Request &request, QObject *context, std::function<void(const Result &)> done);
    void passwordChecked(const Request &request, bool matches, qint64 attemptAt, QObject *context,
                         const std::function<void(const Result &)> &done);
    Result loginWithToken(const Request &request);
    Result refuse(const Request &request, const QString &method, const QString &reason);
    void finish(QObject *context, std::function<void(const Result &)> done, Result result);
    qint64 monotonicNow() const { return m_clock.elapsed(); }

    AccountStore &m_accounts;
    const RelayConfig &m_config;
    LoginThrottle m_throttle;
    QElapsedTimer m_clock;
    RelayMetrics *m_metrics = nullptr;
    QThreadPool m_pool;
    // Token uses wait for the end of the loop's turn and are written in one transaction: a storm
    // of 10,000 logins is a few commits, not 10,000 (each its own write to the WAL).
    QHash<QString, qint64> m_tokenUses; // token id -> last use
    QTimer m_recordUses;
};

} // namespace confab::relay
