#include "publishendpoint.h"

#include "commitqueue.h"
#include "http/httpexchange.h"
#include "httpapi/httpauth.h"
#include "httpapi/httptopicaccess.h"
#include "httpapi/ntfymessage.h"
#include "notificationevents.h"
#include "relayconfig.h"
#include "relaylog.h"

#include "protocol/codec.h"
#include "protocol/protocolversion.h"

#include <QDateTime>
#include <QPointer>
#include <QUuid>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

bool isPublishMethod(const QByteArray &method)
{
    return method == "POST" || method == "PUT";
}

// /<topic>/publish, /send and /trigger take GET too, as ntfy's do.
bool isPublishSuffix(const QString &segment)
{
    return segment == u"publish" || segment == u"send" || segment == u"trigger";
}

HttpResponse tooLarge(qint64 limitBytes)
{
    return HttpResponse::error(413, 41301,
        u"the message is too large: at most %1 characters and %2 bytes; attach a file with a Filename header"_s
            .arg(protocol::kMaxTextLength)
            .arg(limitBytes));
}

} // namespace

QString PublishEndpoint::anonymousSender()
{
    return u"anonymous"_s;
}

PublishEndpoint::PublishEndpoint(const HttpApi::Services &services, HttpAuth &auth)
    : m_services(services), m_auth(auth)
{
}

bool PublishEndpoint::matches(const HttpRequest &head) const
{
    const QStringList segments = head.pathSegments();
    if (segments.isEmpty())
        return head.method == "POST" && head.path == u"/";
    if (segments.size() == 1)
        return isPublishMethod(head.method);
    if (segments.size() == 2 && isPublishSuffix(segments.at(1)))
        return isPublishMethod(head.method) || head.method == "GET";
    return false;
}

qint64 PublishEndpoint::maxBodySize(const HttpRequest &head) const
{
    Q_UNUSED(head)
    // Room for the longest message in UTF-8 (4 bytes a character at worst) plus the JSON around
    // it; the text itself is checked against the message limit once read.
    return std::max<qint64>(m_services.config.maxMessageSize, protocol::kMaxTextLength * 4) + 16 * 1024;
}

void PublishEndpoint::handle(HttpExchange *exchange)
{
    m_auth.authenticate(exchange, [this, exchange](const std::optional<Identity> &identity) {
        publish(exchange, identity);
    });
}

void PublishEndpoint::publish(HttpExchange *exchange, const std::optional<Identity> &identity)
{
    const HttpRequest &request = exchange->request();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QStringList segments = request.pathSegments();
    const bool json = segments.isEmpty();
    const NtfyPublishRequest::Result parsed
        = json ? NtfyPublishRequest::fromJson(request.body, now) : NtfyPublishRequest::fromHttp(request, now);
    if (const auto *error = std::get_if<NtfyPublishRequest::Error>(&parsed)) {
        exchange->respond(HttpResponse::error(error->status, error->code, error->message));
        return;
    }
    const NtfyPublishRequest::Parsed &result = std::get<NtfyPublishRequest::Parsed>(parsed);
    const QString topic = json ? result.topic : segments.constFirst();
    const auto streamId = HttpTopicAccess::streamIdForTopic(topic);
    if (const auto *refusal = std::get_if<HttpResponse>(&streamId)) {
        exchange->respond(*refusal);
        return;
    }
    const QString &stream = std::get<QString>(streamId);

    protocol::Publish publish = result.publish;
    if (publish.body.size() > protocol::kMaxTextLength
        || publish.body.toUtf8().size() > m_services.config.maxMessageSize) {
        exchange->respond(tooLarge(m_services.config.maxMessageSize));
        return;
    }
    HttpTopicAccess access(m_services.access, m_services.accounts, m_services.store, m_services.config);
    const HttpTopicAccess::Verdict verdict = access.check(identity, stream, AccessPolicy::Use::Post);
    if (!verdict.allowed) {
        exchange->respond(verdict.error);
        return;
    }
    publish.id = u"http"_s;
    publish.stream = stream;
    publish.clientMsgId = u"http-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    // The codec checks every limit (tags, URLs, actions, title) exactly as for a WebSocket client.
    const protocol::DecodeResult checked = protocol::decode(protocol::encode(protocol::Frame(publish)));
    if (!checked.ok()) {
        exchange->respond(HttpResponse::error(400, 40000, checked.error().message));
        return;
    }
    if (!result.ignored.isEmpty())
        qCDebug(lcRelay).noquote() << "HTTP publish to" << stream << "ignored" << result.ignored.join(u", "_s);
    store(exchange, identity, stream, verdict.mayCreate, std::move(publish));
}

void PublishEndpoint::store(HttpExchange *exchange, const std::optional<Identity> &identity,
    const QString &streamId, bool createTopic, protocol::Publish publish)
{
    const QString sender = identity ? identity->user : anonymousSender();
    const bool scheduled = publish.deliverAt.has_value();
    NewEvent event = scheduled ? NotificationEvents::schedule(publish, sender) : NotificationEvents::append(publish, sender);
    if (createTopic)
        event.ensureStream = NewStream { streamId, {}, {}, identity ? identity->user : QString() };
    QPointer<HttpExchange> guarded(exchange);
    m_services.commits.enqueue({ std::move(event) },
        [guarded, publish, sender](const CommitQueue::Outcomes &outcomes) {
            HttpExchange *live = guarded.data();
            if (!live || live->isClosed() || live->isAnswered())
                return;
            if (!outcomes.ok() || outcomes.value().isEmpty()) {
                live->respond(HttpResponse::error(500, 50003, u"the notification could not be stored; try again"_s));
                return;
            }
            const AppendOutcome &outcome = outcomes.value().constFirst();
            switch (outcome.status) {
            case AppendStatus::Appended:
            case AppendStatus::Duplicate:
                if (const std::optional<QJsonObject> message = NtfyMessage::fromStoredEvent(outcome.event)) {
                    live->respond(HttpResponse::json(200, *message));
                    return;
                }
                break;
            case AppendStatus::Scheduled:
            case AppendStatus::DuplicateScheduled: {
                // Not in the topic yet: it gets its sequence number (and so its ntfy id) when it
                // is delivered. The answer shows it as it will be, at its delivery time.
                protocol::Notification notification = NotificationEvents::notificationFrom(publish, sender);
                notification.ts = publish.deliverAt.value_or(0);
                QJsonObject message = NtfyMessage::fromNotification(notification);
                message.insert("id"_L1, u"scheduled-%1"_s.arg(outcome.scheduled ? outcome.scheduled->id : 0));
                live->respond(HttpResponse::json(200, message));
                return;
            }
            case AppendStatus::NoSuchStream:
                live->respond(HttpResponse::error(404, 40402, u"the topic was removed; publish again to create it"_s));
                return;
            }
            live->respond(HttpResponse::error(500, 50003, u"the notification could not be stored; try again"_s));
        });
}

} // namespace confab::relay
