#include "tokenbucket.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace confab::relay {

TokenBucket::TokenBucket(int burst, double perSecond, qint64 nowMs)
    : m_capacity(std::max(1, burst))
    , m_perMs(std::max(perSecond, 0.0) / 1000.0)
    , m_tokens(m_capacity)
    , m_lastRefillMs(nowMs)
{ }

void TokenBucket::refill(qint64 nowMs)
{
    if (nowMs > m_lastRefillMs) {
        m_tokens = std::min(m_capacity, m_tokens + double(nowMs - m_lastRefillMs) * m_perMs);
        m_lastRefillMs = nowMs;
    }
}

bool TokenBucket::take(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 TokenBucket::msUntilNextToken(qint64 nowMs)
{
    refill(nowMs);
    if (m_tokens >= 1.0)
        return 0;
    if (m_perMs <= 0.0)
        return std::numeric_limits<qint32>::max(); // never refills: a whole day and more
    return qint64(std::ceil((1.0 - m_tokens) / m_perMs));
}

} // namespace confab::relay
