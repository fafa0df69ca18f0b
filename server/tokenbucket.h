#pragma once

#include <QtGlobal>

namespace confab::relay {

// A token bucket: up to `burst` actions at once, refilled continuously at `perSecond`. Time is
// passed in (milliseconds on any monotonic clock) so the arithmetic is testable without waiting.
class TokenBucket
{
public:
    TokenBucket(int burst, double perSecond, qint64 nowMs);

    // Takes one token; false when the bucket is empty.
    bool take(qint64 nowMs);
    // How long until take() can succeed (0 when it can now).
    qint64 msUntilNextToken(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_capacity;
    double m_perMs;
    double m_tokens;
    qint64 m_lastRefillMs;
};

} // namespace confab::relay
