#pragma once
// LatencyHistogram: latencies in microseconds, 10 us buckets up to 10 s (one overflow bucket),
// cheap to record (an increment) and to merge across worker processes (sums of counts). The
// exact maximum is kept beside the buckets.
#include <cstdint>
#include <string>
#include <vector>

namespace confab::bench {

class LatencyHistogram
{
public:
    static constexpr std::uint64_t kBucketMicros = 10;
    static constexpr std::size_t kBuckets = 1'000'000;

    LatencyHistogram();

    void record(std::uint64_t micros);
    void merge(const LatencyHistogram &other);

    std::uint64_t count() const { return m_count; }
    std::uint64_t maxMicros() const { return m_max; }
    // The upper edge of the bucket holding the q-th quantile (0 < q <= 1), in microseconds.
    std::uint64_t percentileMicros(double q) const;

    // One line of "bucket:count" pairs (only the non-empty ones) and the maximum, for the pipe
    // from a worker to the coordinator.
    std::string serialize() const;
    static LatencyHistogram parse(const std::string &line);

private:
    std::vector<std::uint32_t> m_buckets;
    std::uint64_t m_count = 0;
    std::uint64_t m_max = 0;
};

} // namespace confab::bench
