#include "reconnectpolicy.h"

#include <algorithm>
#include <cstdint>

namespace confab::client {

std::chrono::milliseconds ReconnectPolicy::ceiling(int attempt) const
{
    const std::int64_t top = std::max<std::int64_t>(0, cap.count());
    std::int64_t value = std::max<std::int64_t>(0, initial.count());
    // Doubling stops at the cap, so a long outage never overflows.
    for (int n = 1; n < attempt && value < top; ++n)
        value *= 2;
    return std::chrono::milliseconds(std::min(value, top));
}

std::chrono::milliseconds ReconnectPolicy::delay(int attempt, std::mt19937_64 &random) const
{
    const std::int64_t top = ceiling(attempt).count();
    if (top <= 0)
        return std::chrono::milliseconds(0);
    // Full jitter: spreads the clients of a relay that just came back over the whole window.
    std::uniform_int_distribution<std::int64_t> distribution(0, top);
    return std::chrono::milliseconds(distribution(random));
}

} // namespace confab::client
