#pragma once

#include "topicstreamfilter.h"
#include "topicstreamsince.h"

#include "http/httpresponse.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <variant>

namespace confab::relay {

struct HttpRequest;

// What a GET /<topics>/<json|sse|raw> asks for, read from the request alone (no store, no
// credentials): the topics (comma-separated in the path, as ntfy takes them), the format, whether
// it is a poll (?poll=1: send what matches and end), where it starts (?since=, or for SSE the
// Last-Event-ID header a reconnecting EventSource sends) and the filters.
struct TopicStreamRequest {
    enum class Format { Json, Sse, Raw };

    QStringList topicNames; // "alerts", in the order given, without repeats
    QStringList streamIds;  // "topic:alerts", same order
    Format format = Format::Json;
    bool poll = false;
    TopicStreamSince since = {};
    TopicStreamFilter filter = {};

    // Whether the head has the shape of a topic subscription (the endpoint matches on it).
    static bool looksLikeSubscription(const HttpRequest &head);
    // The request, or the error answer (400 with ntfy's codes: 40010 bad topic name, 40008 bad
    // since, 40007 bad priority filter). `now` in ms since the Unix epoch.
    static std::variant<TopicStreamRequest, HttpResponse> parse(const HttpRequest &request, qint64 now);

    QByteArray contentType() const;
    // One event (message, open, keepalive) in this request's format (see NtfyMessage).
    QByteArray formatted(const QJsonObject &event) const;
};

} // namespace confab::relay
