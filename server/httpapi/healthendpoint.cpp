#include "healthendpoint.h"

#include <QJsonObject>

namespace confab::relay {

using namespace Qt::StringLiterals;

HealthEndpoint::HealthEndpoint(std::function<bool()> storeReachable) : m_storeReachable(std::move(storeReachable)) {}

bool HealthEndpoint::matches(const HttpRequest &head) const
{
    return (head.path == u"/healthz" || head.path == u"/readyz") && (head.method == "GET" || head.method == "HEAD");
}

qint64 HealthEndpoint::maxBodySize(const HttpRequest &head) const
{
    Q_UNUSED(head)
    return 0; // a probe has nothing to send
}

void HealthEndpoint::handle(HttpExchange *exchange)
{
    HttpResponse response;
    if (exchange->request().path == u"/healthz") {
        response = HttpResponse::json(200, QJsonObject { { u"healthy"_s, true } });
    } else if (m_storeReachable && m_storeReachable()) {
        response = HttpResponse::json(200, QJsonObject { { u"ready"_s, true } });
    } else {
        response = HttpResponse::json(
            503, QJsonObject { { u"ready"_s, false }, { u"error"_s, u"the event store does not answer"_s } });
    }
    // A probe must see the state now, not a cached answer.
    response.withHeader("Cache-Control", "no-store");
    exchange->respond(response);
}

} // namespace confab::relay
