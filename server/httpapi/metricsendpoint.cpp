#include "metricsendpoint.h"

#include "metrics/relaymetrics.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

MetricsEndpoint::MetricsEndpoint(const RelayMetrics &metrics, bool enabled) : m_metrics(metrics), m_enabled(enabled) {}

bool MetricsEndpoint::matches(const HttpRequest &head) const
{
    // Every method: a POST to /metrics learns it is read-only (405) rather than that it is a topic.
    return m_enabled && head.path == u"/metrics";
}

qint64 MetricsEndpoint::maxBodySize(const HttpRequest &head) const
{
    // A scrape sends nothing; any other method is read (up to the default) only to be told 405.
    return head.method == "GET" || head.method == "HEAD" ? 0 : -1;
}

void MetricsEndpoint::handle(HttpExchange *exchange)
{
    const QByteArray &method = exchange->request().method;
    if (method != "GET" && method != "HEAD") {
        exchange->respond(HttpResponse::error(405, 40501, u"/metrics is read-only: use GET"_s)
                              .withHeader("Allow", "GET, HEAD"));
        return;
    }
    HttpResponse response;
    response.status = 200;
    response.body = m_metrics.render();
    response.withHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .withHeader("Cache-Control", "no-store");
    exchange->respond(response);
}

} // namespace confab::relay
