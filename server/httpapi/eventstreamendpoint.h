#pragma once

#include "http/httpendpoint.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace confab::relay {

class EventStreamTransport;
class SessionTransport;
struct RelayConfig;

// The fallback transport's two routes. GET /v1/events opens a session: an event stream whose
// first event names a random secret; the relay runs a ClientSession on it as on a WebSocket.
// POST /v1/frames with X-Confab-Session: <secret> hands the body's frames (one per line) to that
// session; its answers come on the event stream. The secret is the only key to a session, so it
// is never logged and is looked up by its hash.
class EventStreamEndpoint : public QObject, public HttpEndpoint
{
    Q_OBJECT

public:
    EventStreamEndpoint(const RelayConfig &config, std::function<void(SessionTransport *)> openSession,
        QObject *parent = nullptr);
    ~EventStreamEndpoint() override;

    bool matches(const HttpRequest &head) const override;
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

private:
    void openStream(HttpExchange *exchange);
    void takeFrames(HttpExchange *exchange);

    const RelayConfig &m_config;
    std::function<void(SessionTransport *)> m_openSession;
    // SHA-256 of the secret -> its open stream.
    QHash<QByteArray, QPointer<EventStreamTransport>> m_streams;
};

} // namespace confab::relay
