#pragma once

#include "attachments/attachmentstore.h"
#include "httpapi.h"
#include "httptopicaccess.h"
#include "http/httpendpoint.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace confab::relay {

// Files attached to notifications and chat messages, over HTTP:
// - PUT|POST /<topic> with a file name (header Filename, X-Filename, File or F, or query filename,
//   file or f): the body is the file; it is stored and a notification carrying it is published to
//   the topic (the other ntfy publish headers apply; the text defaults to "You received a file:
//   <name>"). Answers ntfy's message JSON with an "attachment" object.
// - POST /v1/attachments?stream=<stream id>&filename=<name>: upload for a chat message (Post access
//   on the stream); 201 with the protocol's attachment object, which the client then sends.
// - GET|HEAD /v1/attachments/<id>: the file, to whoever may read its stream; 404 once expired.
// Every request signs in the way the whole HTTP API does (HttpAuth). The endpoint owns the
// AttachmentStore (its own connection to relay.db, files under <data dir>/attachments).
class AttachmentEndpoint : public HttpEndpoint
{
public:
    AttachmentEndpoint(const HttpApi::Services &services, HttpAuth &auth);
    ~AttachmentEndpoint() override;

    bool matches(const HttpRequest &head) const override;
    // Uploads take up to attachmentFileLimit; downloads have no body.
    qint64 maxBodySize(const HttpRequest &head) const override;
    void handle(HttpExchange *exchange) override;

    // The file name an upload to /<topic> carries; empty when none.
    static QString uploadFileName(const HttpRequest &request);
    // The attachment as ntfy shows it in a message: {"id","name","type","size","expires" (unix
    // seconds),"url" (absolute, from the request's Host)}.
    static QJsonObject ntfyAttachment(const protocol::Attachment &attachment, const HttpRequest &request);

private:
    enum class Route { None, TopicUpload, ChatUpload, Download };
    static Route routeOf(const HttpRequest &head);

    void download(HttpExchange *exchange, const std::optional<Identity> &who);
    void chatUpload(HttpExchange *exchange, const std::optional<Identity> &who);
    void topicUpload(HttpExchange *exchange, const std::optional<Identity> &who);
    // Read or Post access to a stream of any kind; the refusal to send when not allowed.
    std::optional<HttpResponse> refusal(const std::optional<Identity> &who, const QString &stream,
        AccessPolicy::Use use, bool *mayCreateTopic = nullptr);
    // The store's refusal of an upload as the HTTP answer.
    static HttpResponse uploadRefused(AttachmentStore::Refusal refusal, qint64 fileLimit);

    HttpApi::Services m_services;
    HttpAuth &m_auth;
    HttpTopicAccess m_topicAccess;
    std::unique_ptr<AttachmentStore> m_store; // null when it could not be opened (logged; 503)
};

} // namespace confab::relay
