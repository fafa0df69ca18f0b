#include "storedjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonArray parseArray(const QString &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
    return document.isArray() ? document.array() : QJsonArray();
}

} // namespace

QString StoredJson::fromTags(const QStringList &tags)
{
    return compact(QJsonArray::fromStringList(tags));
}

QStringList StoredJson::toTags(const QString &json)
{
    QStringList tags;
    for (const QJsonValue &value : parseArray(json)) {
        if (value.isString())
            tags.append(value.toString());
    }
    return tags;
}

QString StoredJson::fromActions(const QList<protocol::NotificationAction> &actions)
{
    QJsonArray array;
    for (const protocol::NotificationAction &action : actions) {
        QJsonObject headers;
        for (auto it = action.headers.cbegin(); it != action.headers.cend(); ++it)
            headers.insert(it.key(), it.value());
        array.append(QJsonObject {
            { u"action"_s, protocol::notificationActionKindName(action.action) },
            { u"label"_s, action.label },
            { u"url"_s, action.url },
            { u"method"_s, protocol::httpMethodName(action.method) },
            { u"headers"_s, headers },
            { u"body"_s, action.body },
            { u"clear"_s, action.clear },
        });
    }
    return compact(array);
}

QList<protocol::NotificationAction> StoredJson::toActions(const QString &json)
{
    QList<protocol::NotificationAction> actions;
    for (const QJsonValue &value : parseArray(json)) {
        const QJsonObject object = value.toObject();
        protocol::NotificationAction action;
        action.action = protocol::notificationActionKindFromName(object.value(u"action"_s).toString())
                            .value_or(protocol::NotificationActionKind::View);
        action.label = object.value(u"label"_s).toString();
        action.url = object.value(u"url"_s).toString();
        action.method = protocol::httpMethodFromName(object.value(u"method"_s).toString())
                            .value_or(protocol::HttpMethod::Post);
        const QJsonObject headers = object.value(u"headers"_s).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            action.headers.insert(it.key(), it.value().toString());
        action.body = object.value(u"body"_s).toString();
        action.clear = object.value(u"clear"_s).toBool();
        actions.append(action);
    }
    return actions;
}

QVariant StoredJson::fromAttachment(const std::optional<protocol::Attachment> &attachment)
{
    if (!attachment)
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(QJsonDocument(protocol::attachmentJson(*attachment)).toJson(QJsonDocument::Compact));
}

std::optional<protocol::Attachment> StoredJson::toAttachment(const QVariant &column)
{
    if (column.isNull())
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(column.toString().toUtf8());
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    protocol::Attachment attachment;
    attachment.id = object.value(u"id"_s).toString();
    attachment.name = object.value(u"name"_s).toString();
    attachment.type = object.value(u"type"_s).toString();
    attachment.size = object.value(u"size"_s).toInteger();
    attachment.url = object.value(u"url"_s).toString();
    attachment.expires = object.value(u"expires"_s).toInteger();
    // The same checks as the codec: a damaged row must not become a download of some other path.
    if (!protocol::isAttachmentId(attachment.id) || !protocol::isAttachmentName(attachment.name)
        || !protocol::isMimeType(attachment.type) || attachment.size < 0
        || attachment.url != protocol::kAttachmentUrlPrefix + attachment.id)
        return std::nullopt;
    return attachment;
}

} // namespace confab::client
