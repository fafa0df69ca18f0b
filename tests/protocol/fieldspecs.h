#pragma once

// The table of every field the codec reads, per message type, with its JSON kind and whether it is
// required: tst_codec breaks each one in every way (absent, null, wrong JSON type, empty, lone
// surrogate) and expects the documented error code.

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace confab::protocol::testing {

using namespace Qt::StringLiterals;

// Enum: a string naming one of a closed set; Url: an absolute http(s) URL string.
enum class Kind { Id, Text, Stream, Integer, Object, Bool, Array, Enum, Url };

struct FieldSpec {
    const char *type;
    const char *path; // "auth/username", "actions/0/url" (inside the base object's first element)
    Kind kind;
    bool required;
};

// Array elements ("tags/0") are neither required nor nullable: null inside an array is a bad element.
inline bool isElement(const FieldSpec &field)
{
    return QByteArrayView(field.path).endsWith("/0");
}

// Every field the codec reads, as docs/protocol.md lists them.
inline QList<FieldSpec> fieldSpecs()
{
    QList<FieldSpec> fields = {
        { "hello", "id", Kind::Id, false },
        { "hello", "protocol", Kind::Integer, true },
        { "hello", "client", Kind::Text, false },
        { "hello", "auth", Kind::Object, true },
        { "hello", "auth/username", Kind::Text, true },
        { "hello", "auth/password", Kind::Text, true },
        { "hello", "auth/new_token", Kind::Bool, false },
        { "welcome", "id", Kind::Id, false },
        { "welcome", "protocol", Kind::Integer, true },
        { "welcome", "user", Kind::Text, true },
        { "welcome", "server", Kind::Text, false },
        { "welcome", "time", Kind::Integer, true },
        { "welcome", "token", Kind::Text, false },
        { "welcome", "token_expires", Kind::Integer, false },
        { "welcome", "limits", Kind::Object, false },
        { "welcome", "limits/max_message_bytes", Kind::Integer, false },
        { "welcome", "limits/rate_burst", Kind::Integer, false },
        { "subscribe", "id", Kind::Id, true },
        { "subscribe", "stream", Kind::Stream, true },
        { "subscribe", "since", Kind::Integer, false },
        { "subscribe", "epoch", Kind::Text, false },
        { "send", "id", Kind::Id, true },
        { "send", "stream", Kind::Stream, true },
        { "send", "client_msg_id", Kind::Id, true },
        { "send", "text", Kind::Text, true },
        { "send", "reply_to", Kind::Integer, false },
        { "ack", "id", Kind::Id, true },
        { "ack", "stream", Kind::Stream, false },
        { "ack", "client_msg_id", Kind::Id, false },
        { "ack", "epoch", Kind::Text, false },
        { "ack", "seq", Kind::Integer, false },
        { "ack", "ts", Kind::Integer, false },
        { "ack", "first_seq", Kind::Integer, false },
        { "ack", "has_more", Kind::Bool, false },
        { "ack", "scheduled", Kind::Bool, false },
        { "ack", "deliver_at", Kind::Integer, false },
        { "message", "text", Kind::Text, true },
        { "message", "reply_to", Kind::Integer, false },
        { "error", "id", Kind::Id, false },
        { "error", "code", Kind::Text, true },
        { "error", "message", Kind::Text, false },
        { "error", "retry_after_ms", Kind::Integer, false },
        { "unsubscribe", "id", Kind::Id, true },
        { "unsubscribe", "stream", Kind::Stream, true },
        { "synced", "stream", Kind::Stream, true },
        { "synced", "epoch", Kind::Text, true },
        { "synced", "seq", Kind::Integer, true },
        { "synced", "recovered", Kind::Bool, true },
        { "history", "id", Kind::Id, true },
        { "history", "stream", Kind::Stream, true },
        { "history", "before", Kind::Integer, false },
        { "history", "limit", Kind::Integer, false },
        { "edit", "id", Kind::Id, true },
        { "edit", "stream", Kind::Stream, true },
        { "edit", "client_msg_id", Kind::Id, true },
        { "edit", "target", Kind::Integer, true },
        { "edit", "text", Kind::Text, true },
        { "edited", "target", Kind::Integer, true },
        { "edited", "text", Kind::Text, true },
        { "delete", "id", Kind::Id, true },
        { "delete", "stream", Kind::Stream, true },
        { "delete", "client_msg_id", Kind::Id, true },
        { "delete", "target", Kind::Integer, true },
        { "deleted", "target", Kind::Integer, true },
        { "react", "id", Kind::Id, true },
        { "react", "stream", Kind::Stream, true },
        { "react", "client_msg_id", Kind::Id, true },
        { "react", "target", Kind::Integer, true },
        { "react", "emoji", Kind::Text, true },
        { "react", "remove", Kind::Bool, false },
        { "reaction", "target", Kind::Integer, true },
        { "reaction", "emoji", Kind::Text, true },
        { "reaction", "remove", Kind::Bool, true },
        { "mark_read", "id", Kind::Id, true },
        { "mark_read", "stream", Kind::Stream, true },
        { "mark_read", "seq", Kind::Integer, true },
        { "read", "target_stream", Kind::Stream, true },
        { "read", "target", Kind::Integer, true },
        { "publish", "id", Kind::Id, true },
        { "publish", "stream", Kind::Stream, true },
        { "publish", "client_msg_id", Kind::Id, true },
        { "publish", "priority", Kind::Integer, false },
        { "publish", "deliver_at", Kind::Integer, false },
        { "publish", "expires_at", Kind::Integer, false },
        { "notification", "priority", Kind::Integer, true },
        { "notification", "expires_at", Kind::Integer, false },
        { "dismiss", "id", Kind::Id, true },
        { "dismiss", "stream", Kind::Stream, true },
        { "dismiss", "target", Kind::Integer, true },
        { "dismiss", "all", Kind::Bool, false },
        { "dismissed", "target_stream", Kind::Stream, true },
        { "dismissed", "target", Kind::Integer, true },
        { "dismissed", "all", Kind::Bool, true },
        { "set_typing", "id", Kind::Id, false },
        { "set_typing", "stream", Kind::Stream, true },
        { "set_typing", "active", Kind::Bool, true },
        { "typing", "stream", Kind::Stream, true },
        { "typing", "user", Kind::Text, true },
        { "typing", "active", Kind::Bool, true },
        { "set_presence", "id", Kind::Id, false },
        { "set_presence", "status", Kind::Enum, true },
        { "presence", "user", Kind::Text, true },
        { "presence", "status", Kind::Enum, true },
        { "presence", "last_seen", Kind::Integer, false },
        { "create_room", "id", Kind::Id, true },
        { "create_room", "name", Kind::Text, true },
        { "create_room", "visibility", Kind::Enum, false },
        { "create_room", "title", Kind::Text, false },
        { "invite", "id", Kind::Id, true },
        { "invite", "stream", Kind::Stream, true },
        { "invite", "user", Kind::Text, true },
        { "join", "id", Kind::Id, true },
        { "join", "stream", Kind::Stream, true },
        { "leave", "id", Kind::Id, true },
        { "leave", "stream", Kind::Stream, true },
        { "member", "target_stream", Kind::Stream, true },
        { "member", "user", Kind::Text, true },
        { "member", "action", Kind::Enum, true },
        { "list_members", "id", Kind::Id, true },
        { "list_members", "stream", Kind::Stream, true },
        { "members", "id", Kind::Id, true },
        { "members", "stream", Kind::Stream, true },
        { "members", "members", Kind::Array, true },
        { "members", "members/0", Kind::Object, false },
        { "members", "members/0/user", Kind::Text, true },
        { "members", "members/0/status", Kind::Enum, true },
        { "members", "members/1/last_seen", Kind::Integer, false },
        { "list_streams", "id", Kind::Id, true },
        { "streams", "id", Kind::Id, true },
        { "streams", "streams", Kind::Array, true },
        { "streams", "streams/0", Kind::Object, false },
        { "streams", "streams/0/stream", Kind::Stream, true },
        { "streams", "streams/0/kind", Kind::Enum, true },
        { "streams", "streams/0/title", Kind::Text, false },
        { "streams", "streams/0/visibility", Kind::Enum, false },
        { "streams", "streams/0/member", Kind::Bool, true },
        { "streams", "streams/0/epoch", Kind::Text, true },
        { "streams", "streams/0/seq", Kind::Integer, true },
        { "open_dm", "id", Kind::Id, true },
        { "open_dm", "members", Kind::Array, true },
        { "open_dm", "members/0", Kind::Text, false },
        { "logout", "id", Kind::Id, true },
    };
    // The fields every stored event carries; client_msg_id is optional where the relay makes the
    // event without one (read markers, dismissals, membership changes).
    for (const char *type : { "message", "edited", "deleted", "reaction", "read", "notification", "dismissed",
             "member" }) {
        const bool relayMade = QByteArrayView(type) == "read" || QByteArrayView(type) == "dismissed"
            || QByteArrayView(type) == "member";
        fields += { { type, "stream", Kind::Stream, true }, { type, "epoch", Kind::Text, true },
            { type, "seq", Kind::Integer, true }, { type, "ts", Kind::Integer, true },
            { type, "sender", Kind::Text, true }, { type, "client_msg_id", Kind::Id, !relayMade } };
    }
    // The content publish and notification share.
    for (const char *type : { "publish", "notification" }) {
        fields += { { type, "body", Kind::Text, false }, { type, "title", Kind::Text, false },
            { type, "tags", Kind::Array, false }, { type, "tags/0", Kind::Text, false },
            { type, "click", Kind::Url, false }, { type, "icon", Kind::Url, false },
            { type, "actions", Kind::Array, false }, { type, "actions/0", Kind::Object, false },
            { type, "actions/0/action", Kind::Enum, true }, { type, "actions/0/label", Kind::Text, true },
            { type, "actions/0/url", Kind::Url, true }, { type, "actions/0/clear", Kind::Bool, false } };
    }
    // The attachment publish and notification carry (send and message: tst_codec_values, since
    // there it makes the text optional).
    for (const char *type : { "publish", "notification" }) {
        fields += { { type, "attachment", Kind::Object, false }, { type, "attachment/id", Kind::Id, true },
            { type, "attachment/name", Kind::Text, true }, { type, "attachment/type", Kind::Text, true },
            { type, "attachment/size", Kind::Integer, true }, { type, "attachment/url", Kind::Text, true },
            { type, "attachment/expires", Kind::Integer, true } };
    }
    fields += { { "publish", "actions/0/method", Kind::Enum, false },
        { "publish", "actions/0/headers", Kind::Object, false }, { "publish", "actions/0/body", Kind::Text, false } };
    return fields;
}

inline QList<QJsonValue> wrongTypesFor(Kind kind)
{
    const QJsonValue number(7), boolean(true), array(QJsonArray { u"x"_s }),
        object(QJsonObject { { "a"_L1, 1 } });
    const QJsonValue text(u"7"_s);
    switch (kind) {
    case Kind::Id:
    case Kind::Text:
    case Kind::Stream:
    case Kind::Enum:
    case Kind::Url:
        return { number, boolean, array, object };
    case Kind::Integer:
        return { text, boolean, array, object, QJsonValue(1.5) };
    case Kind::Object:
        return { text, number, boolean, array };
    case Kind::Bool:
        return { text, QJsonValue(u"true"_s), number, QJsonValue(0), array, object };
    case Kind::Array:
        return { text, number, boolean, object };
    }
    return {};
}

} // namespace confab::protocol::testing
