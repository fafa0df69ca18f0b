#pragma once

#include "identity.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

namespace confab::relay {

class Authenticator;
class HttpExchange;
class RelayMetrics;

// Who an HTTP request comes from, the three ways ntfy's clients say it: `Authorization: Bearer
// <token>` (a session or API token), `Authorization: Basic` (user name and password, Argon2 on
// the authenticator's pool, throttled like a WebSocket login), or the `auth` query parameter
// holding one of those header values base64url-encoded (for clients that cannot set headers).
class HttpAuth
{
public:
    HttpAuth(Authenticator &authenticator, RelayMetrics &metrics);

    // Calls `done` (later, on the exchange's thread) with the identity, or with nothing when the
    // request carried no credentials at all (anonymous: the endpoint decides). Wrong or malformed
    // credentials, throttling and store failures are answered here (401 with WWW-Authenticate,
    // 429 with Retry-After, 500) and `done` is never called; nor is it when the peer has gone.
    void authenticate(HttpExchange *exchange, std::function<void(const std::optional<Identity> &)> done);

private:
    Authenticator &m_authenticator;
    RelayMetrics &m_metrics;
};

} // namespace confab::relay
