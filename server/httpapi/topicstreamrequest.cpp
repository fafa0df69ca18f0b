#include "topicstreamrequest.h"

#include "httpapi.h"
#include "httptopicaccess.h"

#include "http/httprequest.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Each topic of a subscription costs a hub entry, an access check and a replay; ntfy's clients
// name a handful. Checked while splitting, so a path of thousands of names is refused early.
constexpr int kMaxTopics = 16;

std::optional<TopicStreamRequest::Format> formatFrom(const QString &segment)
{
    if (segment == "json"_L1)
        return TopicStreamRequest::Format::Json;
    if (segment == "sse"_L1)
        return TopicStreamRequest::Format::Sse;
    if (segment == "raw"_L1)
        return TopicStreamRequest::Format::Raw;
    return std::nullopt;
}

bool truthy(const QString &value)
{
    const QString v = value.trimmed().toLower();
    return v == "1"_L1 || v == "true"_L1 || v == "yes"_L1;
}

} // namespace

bool TopicStreamRequest::looksLikeSubscription(const HttpRequest &head)
{
    if (head.method != "GET")
        return false;
    const QStringList segments = head.pathSegments();
    if (segments.size() != 2 || !formatFrom(segments.at(1)))
        return false;
    // The API's own paths (/v1/..., /docs/...) are never topics.
    return !HttpApi::isReservedTopicName(segments.at(0));
}

std::variant<TopicStreamRequest, HttpResponse> TopicStreamRequest::parse(const HttpRequest &request, qint64 now)
{
    TopicStreamRequest result;
    const QStringList segments = request.pathSegments();
    if (segments.size() != 2 || !formatFrom(segments.at(1)))
        return HttpResponse::error(404, 40401, u"no such endpoint"_s);
    result.format = *formatFrom(segments.at(1));

    for (const QString &name : segments.at(0).split(u',', Qt::SkipEmptyParts)) {
        std::variant<QString, HttpResponse> streamId = HttpTopicAccess::streamIdForTopic(name);
        if (auto *error = std::get_if<HttpResponse>(&streamId))
            return std::move(*error);
        if (result.topicNames.contains(name))
            continue;
        if (result.topicNames.size() == kMaxTopics)
            return HttpResponse::error(400, 40010, u"at most %1 topics in one subscription"_s.arg(kMaxTopics));
        result.topicNames.append(name);
        result.streamIds.append(std::get<QString>(streamId));
    }
    if (result.topicNames.isEmpty())
        return HttpResponse::error(400, 40010, u"no topic given"_s);

    result.poll = truthy(TopicStreamFilter::parameter(request, {u"poll"_s, u"po"_s}).value_or(QString()));
    QString since = TopicStreamFilter::parameter(request, {u"since"_s, u"si"_s}).value_or(QString());
    // A reconnecting EventSource repeats the URL (perhaps since=all) and names the last id it saw
    // in Last-Event-ID: that is where it stopped, so it wins, or every reconnect would start over.
    if (result.format == Format::Sse && request.hasHeader("last-event-id")) {
        const QString lastId = QString::fromUtf8(request.header("last-event-id")).trimmed();
        if (!lastId.isEmpty())
            since = lastId;
    }
    const std::optional<TopicStreamSince> parsedSince = TopicStreamSince::parse(since, result.poll, now);
    if (!parsedSince) {
        return HttpResponse::error(400, 40008,
            u"invalid since: use all, latest, a message id, a unix time in seconds or a duration like 10m"_s);
    }
    result.since = *parsedSince;

    const std::optional<TopicStreamFilter> filter = TopicStreamFilter::fromRequest(request);
    if (!filter) {
        return HttpResponse::error(400, 40007,
            u"invalid priority filter: use 1 to 5 or min, low, default, high, urgent, max"_s);
    }
    result.filter = *filter;
    return result;
}

QByteArray TopicStreamRequest::contentType() const
{
    switch (format) {
    case Format::Json:
        return "application/x-ndjson; charset=utf-8";
    case Format::Sse:
        return "text/event-stream; charset=utf-8";
    case Format::Raw:
        return "text/plain; charset=utf-8";
    }
    return "text/plain; charset=utf-8";
}

QByteArray TopicStreamRequest::formatted(const QJsonObject &event) const
{
    switch (format) {
    case Format::Json:
        return NtfyMessage::jsonLine(event);
    case Format::Sse:
        return NtfyMessage::sseEvent(event);
    case Format::Raw:
        return NtfyMessage::rawLine(event);
    }
    return {};
}

} // namespace confab::relay
