#pragma once

#include "httpexchange.h"

namespace confab::relay {

// One family of HTTP API routes (health, publishing, topic streams, the fallback transport,
// attachments, metrics). HttpApi asks each endpoint in turn whether it takes a request; the first
// that does gets it.
class HttpEndpoint
{
public:
    virtual ~HttpEndpoint() = default;

    // Whether this endpoint serves the request. Called with the head only (the body is still
    // unread, request.body is empty), so decide on method, path, query and headers.
    virtual bool matches(const HttpRequest &head) const = 0;
    // The largest body this endpoint accepts for this head, in bytes; a larger one is refused
    // with 413 before it is read. -1: the relay's default (config.maxHttpBodySize).
    virtual qint64 maxBodySize(const HttpRequest &head) const
    {
        Q_UNUSED(head)
        return -1;
    }
    // Answers the request (now or later), see HttpExchange.
    virtual void handle(HttpExchange *exchange) = 0;
};

} // namespace confab::relay
