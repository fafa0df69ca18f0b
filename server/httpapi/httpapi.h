#pragma once

#include "http/httpendpoint.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace confab::relay {

class AccessPolicy;
class AccountStore;
class Authenticator;
class CommitQueue;
class EventStore;
class HttpAuth;
class RelayMetrics;
class SessionRegistry;
class SessionTransport;
class StreamHub;
struct RelayConfig;

// The relay's HTTP API: every request the front door does not upgrade to a WebSocket comes here
// and goes to the first endpoint that matches it (404 when none does). The endpoints are built
// here, in the order they are tried, from the services the relay shares with its sessions.
class HttpApi : public QObject
{
    Q_OBJECT

public:
    struct Services {
        EventStore &store;
        StreamHub &hub;
        Authenticator &authenticator;
        CommitQueue &commits;
        AccessPolicy &access;
        AccountStore &accounts;
        SessionRegistry &sessions;
        RelayMetrics &metrics;
        const RelayConfig &config;
        // The fallback transport's event stream opened a session: the relay runs a ClientSession
        // on it exactly as on an upgraded WebSocket (it takes ownership).
        std::function<void(SessionTransport *)> openSession;
        // Whether the store answers (for /readyz).
        std::function<bool()> storeReachable;
    };

    HttpApi(Services services, QObject *parent = nullptr);
    ~HttpApi() override;

    // The body limit for this head (see HttpEndpoint::maxBodySize).
    qint64 maxBodySize(const HttpRequest &head) const;
    void handle(HttpExchange *exchange);

    // Topic names the API's own paths use; a topic may not be called this.
    static bool isReservedTopicName(const QString &name);

private:
    HttpEndpoint *endpointFor(const HttpRequest &head) const;

    Services m_services;
    std::unique_ptr<HttpAuth> m_auth;
    std::vector<std::unique_ptr<HttpEndpoint>> m_endpoints;
};

} // namespace confab::relay
