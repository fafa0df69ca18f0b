#include "ntfyactions.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::NotificationAction;
using protocol::NotificationActionKind;
using Actions = QList<NotificationAction>;
using Result = std::variant<Actions, QString>;

namespace {

// One action's fields, split on ',' outside quotes, and the actions on ';'. A quote opens only at
// the start of a field or right after '=' (so "Don't" stays as it is), and ends at the same quote.
QList<QStringList> splitShortForm(const QString &text, QString *error)
{
    QList<QStringList> actions;
    QStringList fields;
    QString field;
    QChar quote;
    bool quotedField = false; // the field had quotes: keep its spaces
    auto endField = [&] {
        const QString value = quotedField ? field : field.trimmed();
        fields.append(value);
        field.clear();
        quotedField = false;
    };
    for (const QChar c : text) {
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                field.append(c);
            continue;
        }
        if ((c == u'"' || c == u'\'') && (field.trimmed().isEmpty() || field.endsWith(u'='))) {
            if (field.trimmed().isEmpty())
                field.clear();
            quote = c;
            quotedField = true;
            continue;
        }
        if (c == u',') {
            endField();
        } else if (c == u';') {
            endField();
            actions.append(fields);
            fields.clear();
        } else {
            field.append(c);
        }
    }
    if (!quote.isNull()) {
        *error = u"an action has a quote that is never closed"_s;
        return {};
    }
    endField();
    actions.append(fields);
    // Drop empty actions (a trailing ';') but not empty fields inside one.
    QList<QStringList> nonEmpty;
    for (const QStringList &action : actions) {
        bool any = false;
        for (const QString &f : action)
            any = any || !f.isEmpty();
        if (any)
            nonEmpty.append(action);
    }
    return nonEmpty;
}

bool isKnownKey(const QString &key)
{
    static const QStringList keys = { u"action"_s, u"label"_s, u"url"_s, u"clear"_s, u"method"_s, u"body"_s,
        u"intent"_s };
    return keys.contains(key) || key.startsWith(u"headers."_s) || key.startsWith(u"extras."_s);
}

std::optional<bool> readBool(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v == u"true" || v == u"yes" || v == u"1")
        return true;
    if (v == u"false" || v == u"no" || v == u"0" || v.isEmpty())
        return false;
    return std::nullopt;
}

QString broadcastRefusal()
{
    return u"broadcast actions start Android intents; confab desktops cannot run them: use view or http"_s;
}

std::optional<NotificationActionKind> kindOf(const QString &name, QString *error)
{
    const QString n = name.trimmed().toLower();
    if (n == u"broadcast") {
        *error = broadcastRefusal();
        return std::nullopt;
    }
    const auto kind = protocol::notificationActionKindFromName(n);
    if (!kind)
        *error = u"unknown action '%1': use view or http"_s.arg(name.left(32));
    return kind;
}

std::optional<protocol::HttpMethod> methodOf(const QString &name, QString *error)
{
    const auto method = protocol::httpMethodFromName(name.trimmed().toUpper());
    if (!method)
        *error = u"unknown method '%1' in an http action: use GET, POST, PUT, DELETE or PATCH"_s.arg(name.left(16));
    return method;
}

// Sets one named field; false (with *error) when it cannot.
bool setField(NotificationAction &action, const QString &key, const QString &value, QString *error)
{
    if (key == u"action") {
        const auto kind = kindOf(value, error);
        if (!kind)
            return false;
        action.action = *kind;
    } else if (key == u"label") {
        action.label = value;
    } else if (key == u"url") {
        action.url = value;
    } else if (key == u"clear") {
        const auto clear = readBool(value);
        if (!clear) {
            *error = u"clear must be true or false"_s;
            return false;
        }
        action.clear = *clear;
    } else if (key == u"method") {
        const auto method = methodOf(value, error);
        if (!method)
            return false;
        action.method = *method;
    } else if (key == u"body") {
        action.body = value;
    } else if (key.startsWith(u"headers.")) {
        const QString name = key.mid(8);
        if (name.isEmpty()) {
            *error = u"a header of an http action needs a name: headers.Name=value"_s;
            return false;
        }
        action.headers.insert(name, value);
    } else if (key == u"intent" || key.startsWith(u"extras.")) {
        *error = broadcastRefusal();
        return false;
    }
    return true;
}

std::optional<NotificationAction> readShortAction(const QStringList &fields, QString *error)
{
    NotificationAction action;
    bool haveKind = false;
    bool haveLabel = false;
    bool haveUrl = false;
    int position = 0;
    for (const QString &field : fields) {
        const qsizetype eq = field.indexOf(u'=');
        const QString rawKey = eq > 0 ? field.left(eq).trimmed() : QString();
        const QString key = rawKey.toLower();
        if (eq > 0 && isKnownKey(key)) {
            // Keys are case-insensitive; the header names inside them keep their case.
            const QString named = key.startsWith(u"headers.") ? u"headers."_s + rawKey.mid(8) : key;
            if (!setField(action, named, field.mid(eq + 1), error))
                return std::nullopt;
            haveKind = haveKind || key == u"action";
            haveLabel = haveLabel || key == u"label";
            haveUrl = haveUrl || key == u"url";
            continue;
        }
        // Positional: action, label, url, in that order, each only while not named yet.
        if (!haveKind && position == 0) {
            if (!setField(action, u"action"_s, field, error))
                return std::nullopt;
            haveKind = true;
        } else if (!haveLabel && position <= 1) {
            action.label = field;
            haveLabel = true;
        } else if (!haveUrl && position <= 2) {
            action.url = field;
            haveUrl = true;
        } else {
            *error = u"cannot read '%1' in an action: after action, label and url come key=value pairs"_s.arg(
                field.left(40));
            return std::nullopt;
        }
        ++position;
    }
    if (!haveKind) {
        *error = u"an action must start with view or http"_s;
        return std::nullopt;
    }
    if (!haveLabel || action.label.trimmed().isEmpty()) {
        *error = u"an action needs a label"_s;
        return std::nullopt;
    }
    if (!haveUrl || action.url.trimmed().isEmpty()) {
        *error = u"an action needs a URL"_s;
        return std::nullopt;
    }
    return action;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return {};
}

} // namespace

Result NtfyActions::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Actions {};
    if (trimmed.startsWith(u'[')) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isArray())
            return u"actions that start with '[' must be a JSON array of action objects"_s;
        return fromJson(document.array());
    }
    QString error;
    const QList<QStringList> split = splitShortForm(trimmed, &error);
    if (!error.isEmpty())
        return error;
    Actions actions;
    for (const QStringList &fields : split) {
        const std::optional<NotificationAction> action = readShortAction(fields, &error);
        if (!action)
            return error;
        actions.append(*action);
    }
    return actions;
}

Result NtfyActions::fromJson(const QJsonArray &array)
{
    Actions actions;
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return u"each action must be a JSON object"_s;
        const QJsonObject object = value.toObject();
        NotificationAction action;
        QString error;
        if (!object.value("action"_L1).isString())
            return u"each action needs \"action\": \"view\" or \"http\""_s;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key = it.key();
            if (key == u"headers") {
                if (!it.value().isObject())
                    return u"an action's \"headers\" must be an object of strings"_s;
                const QJsonObject headers = it.value().toObject();
                for (auto h = headers.begin(); h != headers.end(); ++h) {
                    if (!h.value().isString())
                        return u"an action's \"headers\" must be an object of strings"_s;
                    action.headers.insert(h.key(), h.value().toString());
                }
            } else if (key == u"extras" || key == u"intent") {
                return broadcastRefusal();
            } else if (key == u"clear" && !it.value().isBool() && !it.value().isString()) {
                return u"an action's \"clear\" must be true or false"_s;
            } else if (isKnownKey(key)) {
                if (!it.value().isString() && !it.value().isBool() && !it.value().isDouble())
                    return u"an action's \"%1\" must be a string"_s.arg(key);
                if (!setField(action, key, jsonText(it.value()), &error))
                    return error;
            }
            // Unknown keys (ntfy's "id" and future ones) are ignored, as ntfy does.
        }
        if (action.label.trimmed().isEmpty())
            return u"an action needs a label"_s;
        if (action.url.trimmed().isEmpty())
            return u"an action needs a URL"_s;
        actions.append(action);
    }
    return actions;
}

} // namespace confab::relay
