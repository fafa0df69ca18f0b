#pragma once

#include <QByteArray>
#include <QList>

namespace confab::relay {

// A Prometheus histogram: fixed upper bounds (seconds), a count per bucket, the sum and the count
// of every observation. Renders the _bucket (cumulative, ending with +Inf), _sum and _count
// samples; the caller writes the HELP and TYPE lines.
class Histogram
{
public:
    explicit Histogram(QList<double> upperBounds);

    void observe(double value);
    qint64 count() const { return m_count; }
    double sum() const { return m_sum; }

    void render(QByteArray &out, const char *name) const;

private:
    QList<double> m_bounds;   // ascending
    QList<qint64> m_counts;   // per bucket, not cumulative; one more than bounds (+Inf)
    double m_sum = 0;
    qint64 m_count = 0;
};

} // namespace confab::relay
