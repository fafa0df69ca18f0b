#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace confab::bench {

LatencyHistogram::LatencyHistogram()
    : m_buckets(kBuckets + 1, 0)
{
}

void LatencyHistogram::record(std::uint64_t micros)
{
    const std::size_t bucket = std::min<std::uint64_t>(micros / kBucketMicros, kBuckets);
    ++m_buckets[bucket];
    ++m_count;
    m_max = std::max(m_max, micros);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (std::size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

std::uint64_t LatencyHistogram::percentileMicros(double q) const
{
    if (m_count == 0)
        return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(m_count)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min<std::uint64_t>((i + 1) * kBucketMicros, m_max);
    }
    return m_max;
}

std::string LatencyHistogram::serialize() const
{
    std::ostringstream out;
    out << m_max;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        if (m_buckets[i] != 0)
            out << ' ' << i << ':' << m_buckets[i];
    }
    return out.str();
}

LatencyHistogram LatencyHistogram::parse(const std::string &line)
{
    LatencyHistogram histogram;
    std::istringstream in(line);
    in >> histogram.m_max;
    std::string pair;
    while (in >> pair) {
        const auto colon = pair.find(':');
        if (colon == std::string::npos)
            continue;
        const std::size_t bucket = std::stoull(pair.substr(0, colon));
        const std::uint32_t count = static_cast<std::uint32_t>(std::stoul(pair.substr(colon + 1)));
        if (bucket < histogram.m_buckets.size()) {
            histogram.m_buckets[bucket] += count;
            histogram.m_count += count;
        }
    }
    return histogram;
}

} // namespace confab::bench
