#include "attachmentendpoint.h"

#include "httpauth.h"
#include "ntfymessage.h"
#include "ntfypublishrequest.h"

#include "commitqueue.h"
#include "notificationevents.h"
#include "relayconfig.h"
#include "relaylog.h"

#include "protocol/streamid.h"

#include <QDateTime>
#include <QPointer>
#include <QUrl>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Who publishes a notification uploaded without credentials (anonymous-topic-access read-write).
const QString kAnonymousSender = u"anonymous"_s;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::optional<QString> firstOf(const HttpRequest &request, std::initializer_list<const char *> headers,
    std::initializer_list<const char *> queryItems)
{
    for (const char *name : headers) {
        if (request.hasHeader(name))
            return NtfyPublishRequest::headerText(request.header(name)).trimmed();
    }
    for (const char *name : queryItems) {
        const QString key = QString::fromLatin1(name);
        if (request.hasQueryItem(key))
            return request.queryValue(key).trimmed();
    }
    return std::nullopt;
}

// RFC 6266 / RFC 8187: an ASCII fallback (quotes and backslashes replaced) and the exact UTF-8 name.
QByteArray contentDisposition(const QString &name)
{
    QByteArray fallback;
    for (QChar c : name)
        fallback += (c.unicode() < 0x20 || c.unicode() > 0x7e || c == u'"' || c == u'\\') ? '_' : char(c.unicode());
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''"
        + QUrl::toPercentEncoding(name, QByteArray(), "!#$&+^`|");
}

} // namespace

AttachmentEndpoint::AttachmentEndpoint(const HttpApi::Services &services, HttpAuth &auth)
    : m_services(services)
    , m_auth(auth)
    , m_topicAccess(services.access, services.accounts, services.store, services.config)
{
    const RelayConfig &config = m_services.config;
    auto opened = AttachmentStore::open(config.dataDir,
        { config.attachmentFileLimit, config.attachmentTotalQuota, config.attachmentExpiry,
            config.attachmentPruneInterval });
    if (!opened.ok()) {
        qCWarning(lcRelay).noquote() << "attachments are unavailable:" << opened.error().message;
        return;
    }
    m_store = std::move(opened.value());
    m_store->pruneExpired(now());
    m_store->start();
}

AttachmentEndpoint::~AttachmentEndpoint() = default;

QString AttachmentEndpoint::uploadFileName(const HttpRequest &request)
{
    return firstOf(request, { "x-filename", "filename", "file", "f" }, { "filename", "file", "f" }).value_or(QString());
}

AttachmentEndpoint::Route AttachmentEndpoint::routeOf(const HttpRequest &head)
{
    const QStringList segments = head.pathSegments();
    const bool upload = head.method == "PUT" || head.method == "POST";
    if (segments.value(0) == "v1"_L1 && segments.value(1) == "attachments"_L1) {
        if (segments.size() == 2 && head.method == "POST")
            return Route::ChatUpload;
        if (segments.size() == 3 && (head.method == "GET" || head.method == "HEAD"))
            return Route::Download;
        return Route::None;
    }
    if (upload && segments.size() == 1 && !HttpApi::isReservedTopicName(segments.first())
        && !uploadFileName(head).isEmpty())
        return Route::TopicUpload;
    return Route::None;
}

bool AttachmentEndpoint::matches(const HttpRequest &head) const
{
    return routeOf(head) != Route::None;
}

qint64 AttachmentEndpoint::maxBodySize(const HttpRequest &head) const
{
    const Route route = routeOf(head);
    return route == Route::TopicUpload || route == Route::ChatUpload ? m_services.config.attachmentFileLimit : 0;
}

void AttachmentEndpoint::handle(HttpExchange *exchange)
{
    if (!m_store) {
        exchange->respond(HttpResponse::error(503, 50301, u"attachments are unavailable on this relay"_s));
        return;
    }
    const Route route = routeOf(exchange->request());
    m_auth.authenticate(exchange, [this, exchange = QPointer<HttpExchange>(exchange), route](
                                      const std::optional<Identity> &who) {
        HttpExchange *live = exchange.data(); // one read: optimised builds warn about a second
        if (!live || live->isClosed())
            return;
        switch (route) {
        case Route::Download:
            download(live, who);
            return;
        case Route::ChatUpload:
            chatUpload(live, who);
            return;
        case Route::TopicUpload:
            topicUpload(live, who);
            return;
        case Route::None:
            break;
        }
        exchange->respond(HttpResponse::error(404, 40401, u"page not found"_s));
    });
}

std::optional<HttpResponse> AttachmentEndpoint::refusal(
    const std::optional<Identity> &who, const QString &stream, AccessPolicy::Use use, bool *mayCreateTopic)
{
    if (protocol::streamKindOf(stream) == protocol::StreamKind::Topic) {
        const HttpTopicAccess::Verdict verdict = m_topicAccess.check(who, stream, use);
        if (!verdict.allowed)
            return verdict.error;
        if (mayCreateTopic)
            *mayCreateTopic = verdict.mayCreate;
        return std::nullopt;
    }
    if (!who)
        return HttpTopicAccess::unauthorized(u"sign in to use this stream's files"_s);
    const AccessPolicy::Verdict verdict = m_services.access.check(*who, stream, use);
    if (verdict.allowed())
        return std::nullopt;
    switch (verdict.code) {
    case protocol::ErrorCode::Forbidden:
        return HttpResponse::error(403, 40301, verdict.message);
    case protocol::ErrorCode::NotFound:
        return HttpResponse::error(404, 40404, AccessPolicy::hiddenMessage());
    default:
        return HttpResponse::error(500, 50001, u"the relay could not check access"_s);
    }
}

void AttachmentEndpoint::download(HttpExchange *exchange, const std::optional<Identity> &who)
{
    const QString id = exchange->request().pathSegments().value(2);
    const HttpResponse unknown = HttpResponse::error(404, 40402, u"no such attachment, or it has expired"_s);
    const std::optional<AttachmentStore::Record> record = m_store->find(id, now());
    if (!record) {
        // Without credentials the answer is the same 401 as for a file that exists, so an
        // anonymous caller learns nothing about which ids are taken.
        exchange->respond(who ? unknown : HttpTopicAccess::unauthorized(u"sign in to download files"_s));
        return;
    }
    if (std::optional<HttpResponse> refused = refusal(who, record->stream, AccessPolicy::Use::Read)) {
        exchange->respond(*refused);
        return;
    }
    const std::optional<QByteArray> bytes = m_store->read(id);
    if (!bytes) {
        exchange->respond(unknown);
        return;
    }
    HttpResponse response;
    response.status = 200;
    response.body = *bytes;
    response.withHeader("Content-Type", record->attachment.type.toUtf8())
        .withHeader("Content-Disposition", contentDisposition(record->attachment.name))
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Content-Security-Policy", "sandbox")
        .withHeader("Cache-Control", "private, max-age=300");
    exchange->respond(response);
}

HttpResponse AttachmentEndpoint::uploadRefused(AttachmentStore::Refusal refusal, qint64 fileLimit)
{
    switch (refusal) {
    case AttachmentStore::Refusal::TooLarge:
        return HttpResponse::error(413, 41301, u"the file is too large (at most %1 bytes)"_s.arg(fileLimit));
    case AttachmentStore::Refusal::QuotaFull:
        return HttpResponse::error(507, 50701, u"the relay's attachment storage is full; try again later"_s);
    case AttachmentStore::Refusal::BadName:
        return HttpResponse::error(400, 40041,
            u"the file name must be 1 to 255 characters without / \\ or control characters"_s);
    case AttachmentStore::Refusal::Failed:
        break;
    }
    return HttpResponse::error(500, 50002, u"the relay could not store the file"_s);
}

void AttachmentEndpoint::chatUpload(HttpExchange *exchange, const std::optional<Identity> &who)
{
    const HttpRequest &request = exchange->request();
    const QString stream = request.queryValue(u"stream"_s);
    if (!protocol::isValidStreamId(stream)) {
        exchange->respond(HttpResponse::error(400, 40042, u"?stream= must name a stream, e.g. room:general"_s));
        return;
    }
    const QString name = firstOf(request, { "x-filename", "filename" }, { "filename" }).value_or(QString());
    if (std::optional<HttpResponse> refused = refusal(who, stream, AccessPolicy::Use::Post)) {
        exchange->respond(*refused);
        return;
    }
    const AttachmentStore::AddResult added
        = m_store->add(stream, name, who ? who->user : kAnonymousSender, request.body, now());
    if (const auto *why = std::get_if<AttachmentStore::Refusal>(&added)) {
        exchange->respond(uploadRefused(*why, m_store->limits().fileLimit));
        return;
    }
    const auto &record = std::get<AttachmentStore::Record>(added);
    qCInfo(lcRelay).noquote() << "attachment" << record.attachment.id << "of" << record.attachment.size
                              << "bytes uploaded to" << stream << "by" << record.uploader;
    exchange->respond(HttpResponse::json(201, protocol::attachmentJson(record.attachment)));
}

void AttachmentEndpoint::topicUpload(HttpExchange *exchange, const std::optional<Identity> &who)
{
    const HttpRequest &request = exchange->request();
    const auto topic = HttpTopicAccess::streamIdForTopic(request.pathSegments().value(0));
    if (const auto *bad = std::get_if<HttpResponse>(&topic)) {
        exchange->respond(*bad);
        return;
    }
    const QString stream = std::get<QString>(topic);
    bool mayCreate = false;
    if (std::optional<HttpResponse> refused = refusal(who, stream, AccessPolicy::Use::Post, &mayCreate)) {
        exchange->respond(*refused);
        return;
    }
    // The other publish fields as ntfy takes them; the body is the file, not the message.
    HttpRequest head = request;
    head.body.clear();
    const NtfyPublishRequest::Result parsed = NtfyPublishRequest::fromHttp(head, now());
    if (const auto *error = std::get_if<NtfyPublishRequest::Error>(&parsed)) {
        exchange->respond(HttpResponse::error(error->status, error->code, error->message));
        return;
    }
    protocol::Publish publish = std::get<NtfyPublishRequest::Parsed>(parsed).publish;
    const QString name = uploadFileName(request);
    const QString sender = who ? who->user : kAnonymousSender;
    const AttachmentStore::AddResult added = m_store->add(stream, name, sender, request.body, now());
    if (const auto *why = std::get_if<AttachmentStore::Refusal>(&added)) {
        exchange->respond(uploadRefused(*why, m_store->limits().fileLimit));
        return;
    }
    const protocol::Attachment attachment = std::get<AttachmentStore::Record>(added).attachment;
    if (!firstOf(request, { "x-message", "message", "m" }, { "message", "m" }))
        publish.body = u"You received a file: %1"_s.arg(name);
    publish.stream = stream;
    publish.clientMsgId = u"attachment-"_s + attachment.id;
    publish.attachment = attachment;

    const bool scheduled = publish.deliverAt && *publish.deliverAt > now();
    NewEvent event = scheduled ? NotificationEvents::schedule(publish, sender) : NotificationEvents::append(publish, sender);
    if (mayCreate)
        event.ensureStream = NewStream{ stream, {}, {}, sender };
    QPointer<HttpExchange> guarded(exchange);
    m_services.commits.enqueue({ event },
        [guarded, publish, sender, attachment](const CommitQueue::Outcomes &outcomes) {
            HttpExchange *live = guarded.data(); // one read: optimised builds warn about a second
            if (!live || live->isClosed())
                return;
            if (!outcomes.ok() || outcomes.value().isEmpty()) {
                live->respond(HttpResponse::error(500, 50003, u"the relay could not store the notification"_s));
                return;
            }
            const AppendOutcome &outcome = outcomes.value().constFirst();
            QJsonObject message;
            if (outcome.status == AppendStatus::Appended || outcome.status == AppendStatus::Duplicate)
                message = NtfyMessage::fromStoredEvent(outcome.event).value_or(QJsonObject());
            if (message.isEmpty())
                message = NtfyMessage::fromNotification(NotificationEvents::notificationFrom(publish, sender));
            message.insert("attachment"_L1, ntfyAttachment(attachment, live->request()));
            live->respond(HttpResponse::json(200, message));
        });
}

QJsonObject AttachmentEndpoint::ntfyAttachment(const protocol::Attachment &attachment, const HttpRequest &request)
{
    const QByteArray host = request.header("host");
    const bool hostUsable = !host.isEmpty() && !host.contains('/') && !host.contains('@') && !host.contains(' ');
    const QString origin
        = hostUsable ? (request.tls ? u"https://"_s : u"http://"_s) + QString::fromLatin1(host) : QString();
    return QJsonObject{ { "id"_L1, attachment.id }, { "name"_L1, attachment.name }, { "type"_L1, attachment.type },
        { "size"_L1, attachment.size }, { "expires"_L1, attachment.expires / 1000 },
        { "url"_L1, QString(origin + attachment.url) } };
}

} // namespace confab::relay
