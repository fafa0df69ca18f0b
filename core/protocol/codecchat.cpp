// Encoding and decoding of the conversation frames: send and message, edits, deletions,
// reactions, read markers and typing.

#include "codecparts.h"

namespace confab::protocol::detail {

using namespace Qt::StringLiterals;
using Need = FieldReader::Need;

Frame decodeSend(FieldReader &r)
{
    Send send;
    send.id = r.id("id"_L1, Need::Required);
    send.stream = r.stream();
    send.clientMsgId = r.id("client_msg_id"_L1, Need::Required);
    send.attachment = readAttachment(r);
    // A message may be just the file.
    send.text = r.string("text"_L1, kMaxTextLength, send.attachment ? Need::Optional : Need::Required);
    send.replyTo = r.integer("reply_to"_L1, 1, kMaxSafeInteger, Need::Optional);
    return send;
}

QJsonObject toJson(const Send &f)
{
    QJsonObject o{{"type"_L1, "send"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
                  {"client_msg_id"_L1, f.clientMsgId}, {"text"_L1, f.text}};
    putIfSet(o, "reply_to"_L1, f.replyTo);
    putAttachment(o, f.attachment);
    return o;
}

Frame decodeMessage(FieldReader &r)
{
    Message message;
    readEventFields(r, message, Need::Required);
    message.attachment = readAttachment(r);
    message.text = r.string("text"_L1, kMaxTextLength, message.attachment ? Need::Optional : Need::Required);
    message.replyTo = r.integer("reply_to"_L1, 1, kMaxSafeInteger, Need::Optional);
    return message;
}

QJsonObject toJson(const Message &f)
{
    QJsonObject o = eventObject("message"_L1, f);
    o.insert("text"_L1, f.text);
    putIfSet(o, "reply_to"_L1, f.replyTo);
    putAttachment(o, f.attachment);
    return o;
}

Frame decodeEdit(FieldReader &r)
{
    Edit edit;
    edit.id = r.id("id"_L1, Need::Required);
    edit.stream = r.stream();
    edit.clientMsgId = r.id("client_msg_id"_L1, Need::Required);
    edit.target = r.seq("target"_L1);
    edit.text = r.string("text"_L1, kMaxTextLength);
    return edit;
}

QJsonObject toJson(const Edit &f)
{
    QJsonObject o{{"type"_L1, "edit"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
                  {"client_msg_id"_L1, f.clientMsgId}, {"text"_L1, f.text}};
    putInteger(o, "target"_L1, f.target);
    return o;
}

Frame decodeEdited(FieldReader &r)
{
    Edited edited;
    readEventFields(r, edited, Need::Required);
    edited.target = r.seq("target"_L1);
    edited.text = r.string("text"_L1, kMaxTextLength);
    return edited;
}

QJsonObject toJson(const Edited &f)
{
    QJsonObject o = eventObject("edited"_L1, f);
    putInteger(o, "target"_L1, f.target);
    o.insert("text"_L1, f.text);
    return o;
}

Frame decodeDelete(FieldReader &r)
{
    Delete deletion;
    deletion.id = r.id("id"_L1, Need::Required);
    deletion.stream = r.stream();
    deletion.clientMsgId = r.id("client_msg_id"_L1, Need::Required);
    deletion.target = r.seq("target"_L1);
    return deletion;
}

QJsonObject toJson(const Delete &f)
{
    QJsonObject o{{"type"_L1, "delete"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
                  {"client_msg_id"_L1, f.clientMsgId}};
    putInteger(o, "target"_L1, f.target);
    return o;
}

Frame decodeDeleted(FieldReader &r)
{
    Deleted deleted;
    readEventFields(r, deleted, Need::Required);
    deleted.target = r.seq("target"_L1);
    return deleted;
}

QJsonObject toJson(const Deleted &f)
{
    QJsonObject o = eventObject("deleted"_L1, f);
    putInteger(o, "target"_L1, f.target);
    return o;
}

Frame decodeReact(FieldReader &r)
{
    React react;
    react.id = r.id("id"_L1, Need::Required);
    react.stream = r.stream();
    react.clientMsgId = r.id("client_msg_id"_L1, Need::Required);
    react.target = r.seq("target"_L1);
    react.emoji = r.label("emoji"_L1, kMaxEmojiLength);
    react.remove = r.boolean("remove"_L1, Need::Optional).value_or(false);
    return react;
}

QJsonObject toJson(const React &f)
{
    QJsonObject o{{"type"_L1, "react"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
                  {"client_msg_id"_L1, f.clientMsgId}, {"emoji"_L1, f.emoji}};
    putInteger(o, "target"_L1, f.target);
    if (f.remove)
        o.insert("remove"_L1, true);
    return o;
}

Frame decodeReaction(FieldReader &r)
{
    Reaction reaction;
    readEventFields(r, reaction, Need::Required);
    reaction.target = r.seq("target"_L1);
    reaction.emoji = r.label("emoji"_L1, kMaxEmojiLength);
    reaction.remove = r.boolean("remove"_L1, Need::Required).value_or(false);
    return reaction;
}

QJsonObject toJson(const Reaction &f)
{
    QJsonObject o = eventObject("reaction"_L1, f);
    putInteger(o, "target"_L1, f.target);
    o.insert("emoji"_L1, f.emoji);
    o.insert("remove"_L1, f.remove);
    return o;
}

Frame decodeMarkRead(FieldReader &r)
{
    MarkRead markRead;
    markRead.id = r.id("id"_L1, Need::Required);
    markRead.stream = r.stream();
    markRead.seq = r.seq("seq"_L1);
    return markRead;
}

QJsonObject toJson(const MarkRead &f)
{
    QJsonObject o{{"type"_L1, "mark_read"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
    putInteger(o, "seq"_L1, f.seq);
    return o;
}

Frame decodeRead(FieldReader &r)
{
    Read read;
    readEventFields(r, read, Need::Optional);
    read.targetStream = r.stream("target_stream"_L1);
    read.target = r.seq("target"_L1);
    return read;
}

QJsonObject toJson(const Read &f)
{
    QJsonObject o = eventObject("read"_L1, f);
    o.insert("target_stream"_L1, f.targetStream);
    putInteger(o, "target"_L1, f.target);
    return o;
}

Frame decodeSetTyping(FieldReader &r)
{
    SetTyping typing;
    typing.id = r.id("id"_L1, Need::Optional);
    typing.stream = r.stream();
    typing.active = r.boolean("active"_L1, Need::Required).value_or(false);
    return typing;
}

QJsonObject toJson(const SetTyping &f)
{
    QJsonObject o{{"type"_L1, "set_typing"_L1}, {"stream"_L1, f.stream}, {"active"_L1, f.active}};
    putIfSet(o, "id"_L1, f.id);
    return o;
}

Frame decodeTyping(FieldReader &r)
{
    Typing typing;
    typing.stream = r.stream();
    typing.user = r.userName("user"_L1);
    typing.active = r.boolean("active"_L1, Need::Required).value_or(false);
    return typing;
}

QJsonObject toJson(const Typing &f)
{
    return {{"type"_L1, "typing"_L1}, {"stream"_L1, f.stream}, {"user"_L1, f.user}, {"active"_L1, f.active}};
}

} // namespace confab::protocol::detail
