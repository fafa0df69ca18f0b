#pragma once

#include "http/httpendpoint.h"

#include <functional>

namespace confab::relay {

// GET (and HEAD) /healthz: the process answers, so it is alive. /readyz: it can also reach its
// store, so it can take traffic (503 while it cannot). For load balancers and orchestrators.
class HealthEndpoint : public HttpEndpoint
{
public:
    explicit HealthEndpoint(std::function<bool()> storeReachable);

    bool matches(const HttpRequest &head) const override;
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

private:
    std::function<bool()> m_storeReachable;
};

} // namespace confab::relay
