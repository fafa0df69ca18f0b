#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace confab::relay {

// Counts failed logins per account name and per remote address in a sliding window. Once either
// count reaches its limit, further attempts for that name or from that address are refused until
// the oldest failure leaves the window: the caller answers rate_limited without running Argon2,
// so guessing costs the attacker time and the relay nothing. Names that do not exist are counted
// the same as real ones (the throttle must not reveal which exist). Memory stays bounded: entries
// are pruned as they age out, and each key keeps at most `limit` timestamps.
class LoginThrottle
{
public:
    LoginThrottle(int perAccount, int perAddress, std::chrono::milliseconds window);

    // Milliseconds until an attempt for `account` from `address` may be tried, or nothing when it
    // may be tried now. An empty account (token login) checks the address only. `now` is a
    // monotonic time in ms.
    std::optional<qint64> retryAfter(const QString &account, const QString &address, qint64 now);
    // Callers record an attempt as a failure BEFORE verifying it, so that concurrent attempts
    // cannot overrun the limit while their Argon2 runs, and forgive() it when it succeeds.
    void recordFailure(const QString &account, const QString &address, qint64 now);
    // A successful login: takes back the failure recorded for it at `recordedAt` and clears the
    // account's failures (the address keeps its others: one good password does not excuse a
    // spray of guesses from the same place).
    void forgive(const QString &account, const QString &address, qint64 recordedAt);

    qsizetype trackedKeys() const { return m_accounts.size() + m_addresses.size(); }

private:
    using Failures = QHash<QString, QList<qint64>>;
    std::optional<qint64> blockedFor(Failures &failures, const QString &key, int limit, qint64 now) const;
    void record(Failures &failures, const QString &key, int limit, qint64 now);
    void pruneAll(qint64 now);

    int m_perAccount;
    int m_perAddress;
    qint64 m_windowMs;
    Failures m_accounts;
    Failures m_addresses;
    qint64 m_lastPrune = 0;
};

} // namespace confab::relay
