#include "histogram.h"

#include <algorithm>
#include <cmath>

namespace confab::relay {

namespace {

QByteArray number(double value)
{
    // Shortest form that reads back the same: "0.005", not "0.0050000000000000001".
    return QByteArray::number(value, 'g', 15);
}

} // namespace

Histogram::Histogram(QList<double> upperBounds) : m_bounds(std::move(upperBounds))
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_counts.fill(0, m_bounds.size() + 1);
}

void Histogram::observe(double value)
{
    // A clock that went backwards or a NaN must not poison the sum.
    if (!std::isfinite(value) || value < 0)
        value = 0;
    const auto bucket = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value) - m_bounds.cbegin();
    ++m_counts[bucket];
    m_sum += value;
    ++m_count;
}

void Histogram::render(QByteArray &out, const char *name) const
{
    qint64 cumulative = 0;
    for (qsizetype i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts.at(i);
        out += name;
        out += "_bucket{le=\"" + number(m_bounds.at(i)) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += name;
    out += "_bucket{le=\"+Inf\"} " + QByteArray::number(m_count) + '\n';
    out += name;
    out += "_sum " + number(m_sum) + '\n';
    out += name;
    out += "_count " + QByteArray::number(m_count) + '\n';
}

} // namespace confab::relay
