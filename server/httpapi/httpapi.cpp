#include "httpapi.h"

#include "attachmentendpoint.h"
#include "eventstreamendpoint.h"
#include "healthendpoint.h"
#include "httpauth.h"
#include "metricsendpoint.h"
#include "publishendpoint.h"
#include "relayconfig.h"
#include "topicstreamendpoint.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

HttpApi::HttpApi(Services services, QObject *parent) : QObject(parent), m_services(std::move(services))
{
    // Credentials (helper B's HttpAuth), shared by every endpoint that takes them; made first.
    m_auth = std::make_unique<HttpAuth>(m_services.authenticator, m_services.metrics);

    // The endpoints, in the order they are tried: the first whose matches() is true serves the
    // request. One line each; keep this order (specific paths before the catch-all topic routes).
    // 1. health: GET|HEAD /healthz, /readyz
    m_endpoints.push_back(std::make_unique<HealthEndpoint>(m_services.storeReachable));
    // 2. metrics: GET /metrics (helper F)
    m_endpoints.push_back(std::make_unique<MetricsEndpoint>(m_services.metrics, m_services.config.metricsEnabled));
    // 3. fallback transport: GET /v1/events, POST /v1/frames (helper D1)
    m_endpoints.push_back(std::make_unique<EventStreamEndpoint>(m_services.config, m_services.openSession));
    // 4. attachments: /v1/attachments..., PUT|POST /<topic> with a file name (helper E)
    m_endpoints.push_back(std::make_unique<AttachmentEndpoint>(m_services, *m_auth));
    // 5. topic streams: GET /<topics>/json|sse|raw (helper C)
    m_endpoints.push_back(std::make_unique<TopicStreamEndpoint>(m_services, *m_auth));
    // 6. publish: POST|PUT /<topic>, POST / with JSON (helper B)
    m_endpoints.push_back(std::make_unique<PublishEndpoint>(m_services, *m_auth));
}

HttpApi::~HttpApi() = default;

HttpEndpoint *HttpApi::endpointFor(const HttpRequest &head) const
{
    for (const auto &endpoint : m_endpoints) {
        if (endpoint->matches(head))
            return endpoint.get();
    }
    return nullptr;
}

qint64 HttpApi::maxBodySize(const HttpRequest &head) const
{
    const HttpEndpoint *endpoint = endpointFor(head);
    const qint64 limit = endpoint ? endpoint->maxBodySize(head) : -1;
    // A request nobody serves is read (up to the default) so that the connection stays usable
    // for the next one; its answer is 404 either way.
    return limit < 0 ? m_services.config.maxHttpBodySize : limit;
}

void HttpApi::handle(HttpExchange *exchange)
{
    if (HttpEndpoint *endpoint = endpointFor(exchange->request())) {
        endpoint->handle(exchange);
        return;
    }
    exchange->respond(HttpResponse::error(404, 40401, u"page not found"_s));
}

bool HttpApi::isReservedTopicName(const QString &name)
{
    static const QStringList reserved { u"v1"_s, u"healthz"_s, u"readyz"_s, u"metrics"_s, u"docs"_s, u"file"_s };
    return reserved.contains(name, Qt::CaseInsensitive);
}

} // namespace confab::relay
