#pragma once

#include "http/httpendpoint.h"
#include "httpapi/httpapi.h"
#include "httpapi/ntfypublishrequest.h"
#include "identity.h"

#include <optional>

namespace confab::relay {

class HttpAuth;

// ntfy's publish API: POST or PUT /<topic> (the message as body, the rest in headers or query
// parameters), GET/POST/PUT /<topic>/publish|send|trigger (for webhooks that can only GET), and
// POST / with a JSON object naming the topic. The notification is stored through the commit queue
// exactly as a WebSocket client's publish (sequenced, fanned out, resumable; scheduled when a
// delay is given), and the answer is ntfy's message JSON. A topic that does not exist yet is
// created by the first publish of someone who may write there.
class PublishEndpoint : public HttpEndpoint
{
public:
    PublishEndpoint(const HttpApi::Services &services, HttpAuth &auth);

    bool matches(const HttpRequest &head) const override;
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

    // The sender an anonymous publish is stored with ("anonymous"; a sender must be a user name).
    static QString anonymousSender();

private:
    void publish(HttpExchange *exchange, const std::optional<Identity> &identity);
    void store(HttpExchange *exchange, const std::optional<Identity> &identity, const QString &streamId,
        bool createTopic, protocol::Publish publish);

    HttpApi::Services m_services;
    HttpAuth &m_auth;
};

} // namespace confab::relay
