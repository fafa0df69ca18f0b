#pragma once

#include "httpapi.h"
#include "httptopicaccess.h"

#include "http/httpendpoint.h"

namespace confab::relay {

// Subscribing to topics over HTTP as ntfy serves it: GET /<topic>[,<topic>...]/json (one JSON
// object per line), /sse (Server-Sent Events) and /raw (one message body per line), with ?poll=1,
// ?since= and ntfy's filters. The request is signed in the way every HTTP API request is
// (HttpAuth), and needs Read access on every topic named (HttpTopicAccess: the first refusal is the
// answer). Then a TopicStreamSession serves the stream.
class TopicStreamEndpoint : public HttpEndpoint
{
public:
    TopicStreamEndpoint(const HttpApi::Services &services, HttpAuth &auth);

    bool matches(const HttpRequest &head) const override;
    // A subscription has no body.
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

private:
    HttpApi::Services m_services;
    HttpAuth &m_auth;
    HttpTopicAccess m_topicAccess;
};

} // namespace confab::relay
