#include "loginthrottle.h"

namespace confab::relay {

LoginThrottle::LoginThrottle(int perAccount, int perAddress, std::chrono::milliseconds window)
    : m_perAccount(qMax(1, perAccount))
    , m_perAddress(qMax(1, perAddress))
    , m_windowMs(qMax<qint64>(1, window.count()))
{
}

std::optional<qint64> LoginThrottle::blockedFor(Failures &failures, const QString &key, int limit, qint64 now) const
{
    auto it = failures.find(key);
    if (it == failures.end())
        return std::nullopt;
    QList<qint64> &times = it.value();
    while (!times.isEmpty() && times.first() + m_windowMs <= now)
        times.removeFirst();
    if (times.isEmpty()) {
        failures.erase(it);
        return std::nullopt;
    }
    if (times.size() < limit)
        return std::nullopt;
    // Blocked until the oldest counted failure leaves the window.
    return qMax<qint64>(1, times.first() + m_windowMs - now);
}

std::optional<qint64> LoginThrottle::retryAfter(const QString &account, const QString &address, qint64 now)
{
    const std::optional<qint64> byAddress = blockedFor(m_addresses, address, m_perAddress, now);
    const std::optional<qint64> byAccount
        = account.isEmpty() ? std::nullopt : blockedFor(m_accounts, account, m_perAccount, now);
    if (byAddress && byAccount)
        return qMax(*byAddress, *byAccount);
    return byAddress ? byAddress : byAccount;
}

void LoginThrottle::record(Failures &failures, const QString &key, int limit, qint64 now)
{
    QList<qint64> &times = failures[key];
    times.append(now);
    // Only the newest `limit` matter for the verdict.
    while (times.size() > limit)
        times.removeFirst();
}

void LoginThrottle::recordFailure(const QString &account, const QString &address, qint64 now)
{
    pruneAll(now);
    record(m_addresses, address, m_perAddress, now);
    if (!account.isEmpty())
        record(m_accounts, account, m_perAccount, now);
}

void LoginThrottle::forgive(const QString &account, const QString &address, qint64 recordedAt)
{
    if (!account.isEmpty())
        m_accounts.remove(account);
    auto it = m_addresses.find(address);
    if (it == m_addresses.end())
        return;
    it->removeOne(recordedAt);
    if (it->isEmpty())
        m_addresses.erase(it);
}

void LoginThrottle::pruneAll(qint64 now)
{
    // A sweep at most once per window keeps the cost per failure constant on average.
    if (now - m_lastPrune < m_windowMs)
        return;
    m_lastPrune = now;
    for (Failures *failures : { &m_accounts, &m_addresses }) {
        for (auto it = failures->begin(); it != failures->end();) {
            if (it.value().isEmpty() || it.value().last() + m_windowMs <= now)
                it = failures->erase(it);
            else
                ++it;
        }
    }
}

} // namespace confab::relay
