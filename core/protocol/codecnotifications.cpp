// Encoding and decoding of the notification frames: publish, notification (with tags and action
// buttons), dismiss and dismissed.

#include "codecparts.h"

#include <algorithm>

namespace confab::protocol::detail {

using namespace Qt::StringLiterals;
using Need = FieldReader::Need;

namespace {

// An HTTP header name is an RFC 9110 token.
bool isHeaderName(QStringView name)
{
    static const QLatin1StringView punctuation("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && name.size() <= kMaxActionHeaderNameLength
        && std::all_of(name.begin(), name.end(), [](QChar c) {
               return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                   || punctuation.contains(c);
           });
}

// No control characters, so a value can never smuggle a second header line into a request.
bool isHeaderValue(QStringView value)
{
    return value.size() <= kMaxActionHeaderValueLength && value.isValidUtf16()
        && std::none_of(value.begin(), value.end(),
                        [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

QMap<QString, QString> readHeaders(FieldReader &a, const QString &path)
{
    const QJsonObject object = a.object("headers"_L1, Need::Optional);
    if (object.size() > kMaxActionHeaders) {
        a.fail(ErrorCode::TooLarge, u"field '%1.headers' has more than %2 entries"_s.arg(path).arg(kMaxActionHeaders));
        return {};
    }
    QMap<QString, QString> headers;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = it.key();
        if (!isHeaderName(name) || !it.value().isString() || !isHeaderValue(it.value().toString())) {
            a.fail(ErrorCode::InvalidField,
                   u"field '%1.headers' must map header names to single-line strings of at most %2 characters"_s
                       .arg(path)
                       .arg(kMaxActionHeaderValueLength));
            return {};
        }
        headers.insert(name, it.value().toString());
    }
    return headers;
}

QList<NotificationAction> readActions(FieldReader &r)
{
    const QJsonArray array = r.array("actions"_L1, kMaxActions, Need::Optional);
    QList<NotificationAction> actions;
    for (qsizetype i = 0; i < array.size() && !r.failed(); ++i) {
        const QString path = r.elementPath("actions"_L1, i);
        if (!array.at(i).isObject()) {
            r.fail(ErrorCode::InvalidField, u"field '%1' must be an object"_s.arg(path));
            break;
        }
        FieldReader a(array.at(i).toObject(), path, r);
        NotificationAction action;
        action.action = a.named("action"_L1, notificationActionKindFromName, Need::Required)
                            .value_or(NotificationActionKind::View);
        action.label = a.label("label"_L1, kMaxActionLabelLength);
        action.url = a.url("url"_L1, Need::Required);
        action.clear = a.boolean("clear"_L1, Need::Optional).value_or(false);
        if (action.action == NotificationActionKind::Http) {
            action.method = a.named("method"_L1, httpMethodFromName, Need::Optional).value_or(HttpMethod::Post);
            action.headers = readHeaders(a, path);
            action.body = a.string("body"_L1, kMaxActionBodyLength, Need::Optional);
        }
        actions.append(action);
    }
    return actions;
}

QJsonArray actionsJson(const QList<NotificationAction> &actions)
{
    QJsonArray array;
    for (const NotificationAction &action : actions) {
        QJsonObject o{{"action"_L1, notificationActionKindName(action.action)}, {"label"_L1, action.label},
                      {"url"_L1, action.url}};
        if (action.clear)
            o.insert("clear"_L1, true);
        if (action.action == NotificationActionKind::Http) {
            o.insert("method"_L1, httpMethodName(action.method));
            if (!action.headers.isEmpty()) {
                QJsonObject headers;
                for (auto it = action.headers.cbegin(); it != action.headers.cend(); ++it)
                    headers.insert(it.key(), it.value());
                o.insert("headers"_L1, headers);
            }
            putIfSet(o, "body"_L1, action.body);
        }
        array.append(o);
    }
    return array;
}

QStringList readTags(FieldReader &r)
{
    const QJsonArray array = r.array("tags"_L1, kMaxTags, Need::Optional);
    QStringList tags;
    for (qsizetype i = 0; i < array.size() && !r.failed(); ++i) {
        const QString tag = array.at(i).toString();
        const bool printable = std::none_of(tag.begin(), tag.end(), [](QChar c) { return c.unicode() < 0x20; });
        if (!array.at(i).isString() || tag.isEmpty() || tag.size() > kMaxTagLength || !tag.isValidUtf16()
            || !printable) {
            r.fail(ErrorCode::InvalidField, u"field '%1' must be a string of 1 to %2 characters"_s
                                                .arg(r.elementPath("tags"_L1, i))
                                                .arg(kMaxTagLength));
            break;
        }
        tags.append(tag);
    }
    return tags;
}

// The content publish and notification share: body, title, tags, click, icon and actions.
template <typename Content>
void readContent(FieldReader &r, Content &content)
{
    content.body = r.string("body"_L1, kMaxTextLength, Need::Optional);
    content.title = r.label("title"_L1, kMaxNotificationTitleLength, Need::Optional);
    if (!r.failed() && content.body.isEmpty() && content.title.isEmpty())
        r.fail(ErrorCode::MissingField, u"field 'body' is required when there is no title"_s);
    content.tags = readTags(r);
    content.click = r.url("click"_L1, Need::Optional);
    content.icon = r.url("icon"_L1, Need::Optional);
    content.actions = readActions(r);
}

template <typename Content>
void writeContent(QJsonObject &o, const Content &content)
{
    o.insert("body"_L1, content.body);
    putIfSet(o, "title"_L1, content.title);
    if (!content.tags.isEmpty())
        o.insert("tags"_L1, QJsonArray::fromStringList(content.tags));
    putIfSet(o, "click"_L1, content.click);
    putIfSet(o, "icon"_L1, content.icon);
    if (!content.actions.isEmpty())
        o.insert("actions"_L1, actionsJson(content.actions));
}

} // namespace

Frame decodePublish(FieldReader &r)
{
    Publish publish;
    publish.id = r.id("id"_L1, Need::Required);
    publish.stream = r.stream("stream"_L1, StreamKind::Topic);
    publish.clientMsgId = r.id("client_msg_id"_L1, Need::Required);
    readContent(r, publish);
    if (const auto priority = r.integer("priority"_L1, kMinPriority, kMaxPriority, Need::Optional))
        publish.priority = int(*priority);
    publish.deliverAt = r.time("deliver_at"_L1, Need::Optional);
    publish.expiresAt = r.time("expires_at"_L1, Need::Optional);
    publish.attachment = readAttachment(r);
    return publish;
}

QJsonObject toJson(const Publish &f)
{
    QJsonObject o{{"type"_L1, "publish"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
                  {"client_msg_id"_L1, f.clientMsgId}};
    writeContent(o, f);
    if (f.priority)
        o.insert("priority"_L1, *f.priority);
    putIfSet(o, "deliver_at"_L1, f.deliverAt);
    putIfSet(o, "expires_at"_L1, f.expiresAt);
    putAttachment(o, f.attachment);
    return o;
}

Frame decodeNotification(FieldReader &r)
{
    Notification notification;
    readEventFields(r, notification, Need::Required);
    readContent(r, notification);
    notification.priority = int(r.integer("priority"_L1, kMinPriority, kMaxPriority).value_or(kDefaultPriority));
    notification.expiresAt = r.time("expires_at"_L1, Need::Optional);
    notification.attachment = readAttachment(r);
    return notification;
}

QJsonObject toJson(const Notification &f)
{
    QJsonObject o = eventObject("notification"_L1, f);
    writeContent(o, f);
    o.insert("priority"_L1, f.priority);
    putIfSet(o, "expires_at"_L1, f.expiresAt);
    putAttachment(o, f.attachment);
    return o;
}

Frame decodeDismiss(FieldReader &r)
{
    Dismiss dismiss;
    dismiss.id = r.id("id"_L1, Need::Required);
    dismiss.stream = r.stream("stream"_L1, StreamKind::Topic);
    dismiss.target = r.seq("target"_L1);
    dismiss.all = r.boolean("all"_L1, Need::Optional).value_or(false);
    return dismiss;
}

QJsonObject toJson(const Dismiss &f)
{
    QJsonObject o{{"type"_L1, "dismiss"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
    putInteger(o, "target"_L1, f.target);
    if (f.all)
        o.insert("all"_L1, true);
    return o;
}

Frame decodeDismissed(FieldReader &r)
{
    Dismissed dismissed;
    readEventFields(r, dismissed, Need::Optional);
    dismissed.targetStream = r.stream("target_stream"_L1);
    dismissed.target = r.seq("target"_L1);
    dismissed.all = r.boolean("all"_L1, Need::Required).value_or(false);
    return dismissed;
}

QJsonObject toJson(const Dismissed &f)
{
    QJsonObject o = eventObject("dismissed"_L1, f);
    o.insert("target_stream"_L1, f.targetStream);
    putInteger(o, "target"_L1, f.target);
    o.insert("all"_L1, f.all);
    return o;
}

} // namespace confab::protocol::detail
