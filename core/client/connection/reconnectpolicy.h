#pragma once

#include <chrono>
#include <random>

namespace confab::client {

// When to try again after failed attempts: exponential backoff with full jitter. The n-th retry
// in a row waits a uniformly random time in [0, min(cap, initial * 2^(n-1))]; a connection that
// stays up for `stableAfter` resets the count. Pure (no timers), with an injectable seed, so tests
// check the schedule without waiting for it.
struct ReconnectPolicy {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds cap{30'000};
    std::chrono::milliseconds stableAfter{60'000};

    // The ceiling of the delay before retry number `attempt` (1-based).
    std::chrono::milliseconds ceiling(int attempt) const;
    // A delay drawn for retry number `attempt` from `random`.
    std::chrono::milliseconds delay(int attempt, std::mt19937_64 &random) const;
};

} // namespace confab::client
