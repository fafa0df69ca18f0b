#include "ntfypublishrequest.h"

#include "ntfyactions.h"

#include "protocol/protocolversion.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cmath>

namespace confab::relay {

using namespace Qt::StringLiterals;
using Error = NtfyPublishRequest::Error;
using Parsed = NtfyPublishRequest::Parsed;

namespace {

std::optional<QString> strictUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// The first of these names present as a header, then as a lower-case query parameter, as ntfy's
// readParam looks them up.
std::optional<QString> param(const HttpRequest &request, const QList<const char *> &names)
{
    for (const char *name : names) {
        const QByteArray lower = QByteArray(name).toLower();
        if (request.hasHeader(lower))
            return NtfyPublishRequest::headerText(request.header(lower)).trimmed();
    }
    for (const char *name : names) {
        const QString lower = QString::fromLatin1(name).toLower();
        if (request.hasQueryItem(lower))
            return request.queryValue(lower).trimmed();
    }
    return std::nullopt;
}

Error error(int status, int code, const QString &message)
{
    return Error { status, code, message };
}

QStringList splitTags(const QString &text)
{
    QStringList tags;
    for (const QString &tag : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = tag.trimmed();
        if (!trimmed.isEmpty())
            tags.append(trimmed);
    }
    return tags;
}

// The fields both forms share, once each is known as text. false: *failure is set.
bool applyPriority(Parsed &parsed, const QString &text, Error *failure)
{
    if (text.isEmpty())
        return true;
    const std::optional<int> priority = NtfyPublishRequest::parsePriority(text);
    if (!priority) {
        *failure = error(400, 40007,
            u"invalid priority '%1': use 1 to 5 or min, low, default, high, urgent, max"_s.arg(text.left(32)));
        return false;
    }
    parsed.publish.priority = *priority;
    return true;
}

bool applyDelay(Parsed &parsed, const QString &text, qint64 now, Error *failure)
{
    if (text.isEmpty())
        return true;
    const std::optional<qint64> at = NtfyPublishRequest::parseDeliveryTime(text, now);
    if (!at) {
        *failure = error(400, 40004,
            u"cannot read the delivery time '%1': use a duration (30m, 2h, 1d, 1h30m), a unix timestamp "
            u"in seconds or an ISO 8601 date-time"_s.arg(text.left(64)));
        return false;
    }
    if (*at <= now) {
        *failure = error(400, 40005, u"the delivery time '%1' has already passed"_s.arg(text.left(64)));
        return false;
    }
    if (*at > protocol::kMaxSafeInteger) {
        *failure = error(400, 40006, u"the delivery time '%1' is too far away"_s.arg(text.left(64)));
        return false;
    }
    parsed.publish.deliverAt = *at;
    return true;
}

bool applyActions(Parsed &parsed, const std::variant<QList<protocol::NotificationAction>, QString> &actions,
    Error *failure)
{
    if (const QString *why = std::get_if<QString>(&actions)) {
        *failure = error(400, 40018, u"invalid actions: %1"_s.arg(*why));
        return false;
    }
    parsed.publish.actions = std::get<QList<protocol::NotificationAction>>(actions);
    return true;
}

// The default message when none came, as ntfy's.
void defaultBody(Parsed &parsed)
{
    if (parsed.publish.body.isEmpty())
        parsed.publish.body = u"triggered"_s;
}

qint64 unitMs(const QString &unit)
{
    static const QList<std::pair<QStringList, qint64>> units = {
        { { u"s"_s, u"sec"_s, u"secs"_s, u"second"_s, u"seconds"_s }, 1000 },
        { { u"m"_s, u"min"_s, u"mins"_s, u"minute"_s, u"minutes"_s }, 60'000 },
        { { u"h"_s, u"hr"_s, u"hrs"_s, u"hour"_s, u"hours"_s }, 3'600'000 },
        { { u"d"_s, u"day"_s, u"days"_s }, 86'400'000 },
        { { u"w"_s, u"week"_s, u"weeks"_s }, 7 * 86'400'000LL },
    };
    for (const auto &[names, ms] : units) {
        if (names.contains(unit))
            return ms;
    }
    return 0;
}

} // namespace

std::optional<int> NtfyPublishRequest::parsePriority(const QString &text)
{
    const QString t = text.trimmed().toLower();
    static const QList<std::pair<QString, int>> words = { { u"1"_s, 1 }, { u"2"_s, 2 }, { u"3"_s, 3 },
        { u"4"_s, 4 }, { u"5"_s, 5 }, { u"min"_s, 1 }, { u"low"_s, 2 }, { u"default"_s, 3 }, { u"high"_s, 4 },
        { u"urgent"_s, 5 }, { u"max"_s, 5 } };
    for (const auto &[word, value] : words) {
        if (t == word)
            return value;
    }
    return std::nullopt;
}

std::optional<qint64> NtfyPublishRequest::parseDeliveryTime(const QString &text, qint64 now)
{
    QString t = text.trimmed().toLower();
    if (t.startsWith(u"in "))
        t = t.mid(3).trimmed();
    if (t.isEmpty() || t.size() > 64)
        return std::nullopt;
    // A plain number is a unix timestamp in seconds, as ntfy reads it.
    static const QRegularExpression digits(u"^\\d{1,12}$"_s);
    if (digits.match(t).hasMatch())
        return t.toLongLong() * 1000;
    // One or more <number><unit> parts: "30m", "1h30m", "2 hours", "1d 2h".
    static const QRegularExpression part(u"\\G\\s*(\\d{1,9})\\s*([a-z]+)\\s*,?"_s);
    qint64 total = 0;
    qsizetype at = 0;
    bool any = false;
    QRegularExpressionMatchIterator it = part.globalMatch(t);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const qint64 ms = unitMs(match.captured(2));
        if (ms == 0)
            break;
        total += match.captured(1).toLongLong() * ms;
        at = match.capturedEnd();
        any = true;
        if (total > protocol::kMaxSafeInteger)
            return std::nullopt;
    }
    if (any && at == t.size())
        return now + total;
    // A date-time: 2026-11-27T18:00:00Z, with an offset, or without (UTC).
    QDateTime when = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (when.isValid()) {
        if (when.timeSpec() == Qt::LocalTime)
            when.setTimeSpec(Qt::UTC);
        return when.toMSecsSinceEpoch();
    }
    return std::nullopt;
}

QString NtfyPublishRequest::headerText(const QByteArray &value)
{
    const QString text = strictUtf8(value).value_or(QString::fromLatin1(value));
    if (!text.contains(u"=?"))
        return text;
    // RFC 2047 encoded words; the white space between two of them is not part of the text.
    static const QRegularExpression word(u"=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=(\\s+(?==\\?))?"_s);
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = word.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString charset = match.captured(1).toLower();
        QByteArray data = match.captured(3).toLatin1();
        QByteArray decoded;
        if (match.captured(2).toLower() == u"b") {
            decoded = QByteArray::fromBase64(data);
        } else {
            data.replace('_', ' ');
            decoded = QByteArray::fromPercentEncoding(data, '=');
        }
        std::optional<QString> piece;
        if (charset == u"utf-8" || charset == u"us-ascii")
            piece = strictUtf8(decoded);
        else if (charset == u"iso-8859-1" || charset == u"latin1")
            piece = QString::fromLatin1(decoded);
        if (!piece)
            continue; // left as it was
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += *piece;
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

NtfyPublishRequest::Result NtfyPublishRequest::fromHttp(const HttpRequest &request, qint64 now)
{
    Parsed parsed;
    Error failure;
    const std::optional<QString> message = param(request, { "x-message", "message", "m" });
    if (message) {
        if (!request.body.trimmed().isEmpty())
            return error(400, 40000,
                u"the message came both as a parameter and as the body; send a file with a Filename header"_s);
        parsed.publish.body = *message;
    } else {
        const std::optional<QString> body = strictUtf8(request.body);
        if (!body)
            return error(400, 40011,
                u"the message must be UTF-8 text; send a file with a Filename header to attach it"_s);
        QString text = *body;
        while (!text.isEmpty() && text.back().isSpace())
            text.chop(1);
        parsed.publish.body = text;
    }
    parsed.publish.title = param(request, { "x-title", "title", "ti", "t" }).value_or(QString());
    if (!applyPriority(parsed, param(request, { "x-priority", "priority", "prio", "p" }).value_or(QString()), &failure))
        return failure;
    parsed.publish.tags = splitTags(param(request, { "x-tags", "tags", "tag", "ta" }).value_or(QString()));
    parsed.publish.click = param(request, { "x-click", "click" }).value_or(QString());
    parsed.publish.icon = param(request, { "x-icon", "icon" }).value_or(QString());
    if (!applyActions(parsed, NtfyActions::parse(param(request, { "x-actions", "actions", "action" }).value_or(QString())),
            &failure))
        return failure;
    const QString delay = param(request, { "x-delay", "delay", "x-at", "at", "x-in", "in" }).value_or(QString());
    if (!applyDelay(parsed, delay, now, &failure))
        return failure;
    const QString markdown = param(request, { "x-markdown", "markdown", "md" }).value_or(QString()).toLower();
    parsed.markdown = markdown == u"1" || markdown == u"yes" || markdown == u"true"
        || request.header("content-type").trimmed().toLower().startsWith("text/markdown");
    const QList<std::pair<QString, QList<const char *>>> ignored = {
        { u"email"_s, { "x-email", "x-e-mail", "email", "e-mail", "mail", "e" } },
        { u"call"_s, { "x-call", "call" } },
        { u"cache"_s, { "x-cache", "cache" } },
        { u"firebase"_s, { "x-firebase", "firebase" } },
        { u"unifiedpush"_s, { "x-unifiedpush", "unifiedpush", "up" } },
        { u"attach"_s, { "x-attach", "attach", "a" } },
        { u"template"_s, { "x-template", "template", "tpl" } },
        { u"poll-id"_s, { "x-poll-id", "poll-id" } },
    };
    for (const auto &[name, names] : ignored) {
        if (param(request, names))
            parsed.ignored.append(name);
    }
    defaultBody(parsed);
    return parsed;
}

NtfyPublishRequest::Result NtfyPublishRequest::fromJson(const QByteArray &body, qint64 now)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(400, 40017, u"the body must be a JSON object: {\"topic\": ..., \"message\": ...}"_s);
    const QJsonObject o = document.object();
    Parsed parsed;
    Error failure;
    // A field of the wrong type is refused rather than guessed at.
    auto text = [&](const char *key, QString *out) {
        const QJsonValue value = o.value(QLatin1StringView(key));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString()) {
            failure = error(400, 40017, u"\"%1\" must be a string"_s.arg(QLatin1StringView(key)));
            return false;
        }
        *out = value.toString();
        return true;
    };
    if (!text("topic", &parsed.topic) || !text("message", &parsed.publish.body) || !text("title", &parsed.publish.title)
        || !text("click", &parsed.publish.click) || !text("icon", &parsed.publish.icon))
        return failure;
    if (parsed.topic.isEmpty())
        return error(400, 40009, u"\"topic\" is required when publishing JSON to /"_s);
    const QJsonValue priority = o.value("priority"_L1);
    if (priority.isDouble()) {
        const double p = priority.toDouble();
        if (!(p >= 1 && p <= 5) || p != std::floor(p))
            return error(400, 40007, u"invalid priority: use 1 to 5 or min, low, default, high, urgent, max"_s);
        parsed.publish.priority = int(p);
    } else if (priority.isString()) {
        if (!applyPriority(parsed, priority.toString(), &failure))
            return failure;
    } else if (!priority.isUndefined() && !priority.isNull()) {
        return error(400, 40007, u"invalid priority: use 1 to 5 or min, low, default, high, urgent, max"_s);
    }
    const QJsonValue tags = o.value("tags"_L1);
    if (tags.isArray()) {
        for (const QJsonValue &tag : tags.toArray()) {
            if (!tag.isString())
                return error(400, 40017, u"\"tags\" must be an array of strings"_s);
            if (!tag.toString().trimmed().isEmpty())
                parsed.publish.tags.append(tag.toString().trimmed());
        }
    } else if (tags.isString()) {
        parsed.publish.tags = splitTags(tags.toString());
    } else if (!tags.isUndefined() && !tags.isNull()) {
        return error(400, 40017, u"\"tags\" must be an array of strings"_s);
    }
    const QJsonValue actions = o.value("actions"_L1);
    if (actions.isArray()) {
        if (!applyActions(parsed, NtfyActions::fromJson(actions.toArray()), &failure))
            return failure;
    } else if (actions.isString()) {
        if (!applyActions(parsed, NtfyActions::parse(actions.toString()), &failure))
            return failure;
    } else if (!actions.isUndefined() && !actions.isNull()) {
        return error(400, 40018, u"invalid actions: \"actions\" must be an array of action objects"_s);
    }
    QString delay;
    if (!text("delay", &delay))
        return failure;
    if (delay.isEmpty()) {
        const QJsonValue at = o.value("at"_L1).isUndefined() ? o.value("in"_L1) : o.value("at"_L1);
        if (at.isString())
            delay = at.toString();
        else if (at.isDouble())
            delay = QString::number(qint64(at.toDouble()));
    }
    if (!applyDelay(parsed, delay, now, &failure))
        return failure;
    parsed.markdown = o.value("markdown"_L1).toBool();
    for (const char *key : { "email", "call", "cache", "firebase", "attach", "filename" }) {
        if (o.contains(QLatin1StringView(key)))
            parsed.ignored.append(QString::fromLatin1(key));
    }
    defaultBody(parsed);
    return parsed;
}

} // namespace confab::relay
