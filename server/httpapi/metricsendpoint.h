#pragma once

#include "http/httpendpoint.h"

namespace confab::relay {

class RelayMetrics;

// GET (and HEAD) /metrics: the relay's counters in Prometheus text format 0.0.4. No credentials:
// Prometheus scrapes without them, and the numbers say how busy the relay is, nothing about who
// uses it or what they send. An operator who would rather not publish even that sets
// `metrics = off` (the path then answers 404) or keeps the port behind a proxy.
class MetricsEndpoint : public HttpEndpoint
{
public:
    MetricsEndpoint(const RelayMetrics &metrics, bool enabled);

    bool matches(const HttpRequest &head) const override;
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

private:
    const RelayMetrics &m_metrics;
    bool m_enabled;
};

} // namespace confab::relay
