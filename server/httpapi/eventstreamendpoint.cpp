#include "eventstreamendpoint.h"

#include "eventstreamtransport.h"
#include "relayconfig.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

const QString kEventsPath = u"/v1/events"_s;
const QString kFramesPath = u"/v1/frames"_s;
constexpr QByteArrayView kSessionHeader = "x-confab-session";

// 32 random bytes from the system's generator, base64url without padding (43 characters).
QByteArray newSecret()
{
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words))
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray keyOf(const QByteArray &secret)
{
    return QCryptographicHash::hash(secret, QCryptographicHash::Sha256);
}

} // namespace

EventStreamEndpoint::EventStreamEndpoint(
    const RelayConfig &config, std::function<void(SessionTransport *)> openSession, QObject *parent)
    : QObject(parent), m_config(config), m_openSession(std::move(openSession))
{
}

EventStreamEndpoint::~EventStreamEndpoint() = default;

bool EventStreamEndpoint::matches(const HttpRequest &head) const
{
    return head.path == kEventsPath || head.path == kFramesPath;
}

qint64 EventStreamEndpoint::maxBodySize(const HttpRequest &head) const
{
    if (head.path == kFramesPath && head.method == "POST")
        return m_config.maxFramesPostSize;
    return -1;
}

void EventStreamEndpoint::handle(HttpExchange *exchange)
{
    const HttpRequest &request = exchange->request();
    if (request.path == kEventsPath) {
        if (request.method != "GET") {
            exchange->respond(HttpResponse::error(405, 40501, u"use GET to open the event stream"_s)
                    .withHeader("Allow"_ba, "GET"_ba));
            return;
        }
        openStream(exchange);
        return;
    }
    if (request.method != "POST") {
        exchange->respond(HttpResponse::error(405, 40501, u"use POST to send frames"_s)
                .withHeader("Allow"_ba, "POST"_ba));
        return;
    }
    takeFrames(exchange);
}

void EventStreamEndpoint::openStream(HttpExchange *exchange)
{
    const QByteArray secret = newSecret();
    const QByteArray key = keyOf(secret);
    auto *transport = new EventStreamTransport(
        exchange, secret, m_config.heartbeatInterval.count(), m_config.maxMessageSize);
    m_streams.insert(key, transport);
    connect(transport, &SessionTransport::disconnected, this, [this, key] { m_streams.remove(key); });
    // The relay takes the transport (and refuses it when it is shutting down).
    m_openSession(transport);
}

void EventStreamEndpoint::takeFrames(HttpExchange *exchange)
{
    const QByteArray secret = exchange->request().header(kSessionHeader).trimmed();
    if (secret.isEmpty()) {
        exchange->respond(HttpResponse::error(400, 40080, u"X-Confab-Session header missing"_s));
        return;
    }
    const auto found = m_streams.constFind(keyOf(secret));
    EventStreamTransport *transport = found == m_streams.constEnd() ? nullptr : found->data();
    if (!transport || transport->isEnded()) {
        exchange->respond(HttpResponse::error(404, 40401, u"no such session; open a new event stream"_s));
        return;
    }
    // The exchange outlives this call (the connection deletes it later), but a frame may close
    // the session and its stream; the POST is answered regardless.
    switch (transport->receive(exchange->request().body)) {
    case EventStreamTransport::Received::Taken:
        exchange->respond(HttpResponse { 204, {}, {} });
        return;
    case EventStreamTransport::Received::TooLarge:
        exchange->respond(HttpResponse::error(413, 41301,
            u"a frame is larger than the relay's largest message (%1 bytes)"_s.arg(m_config.maxMessageSize)));
        return;
    }
}

} // namespace confab::relay
