#pragma once

// JSON building blocks for the codec tests: a valid wire object of every message type, and
// helpers to change one field of it by path ("auth/username", "actions/1/url").

// moc reads `//` inside a raw string literal as a comment and loses track of the namespaces
// below; it needs nothing from this file, so it does not see it.
#ifndef Q_MOC_RUN

#include "framesamples.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace confab::protocol::testing {

inline QByteArray describe(const DecodeResult &result)
{
    return result.ok() ? encode(result.frame()).left(300) : result.error().message.toUtf8();
}

inline QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Sets (or, with an undefined value, removes) the value at `path` inside `container`; a path
// segment that is a number indexes an array.
inline QJsonValue withValue(const QJsonValue &container, QStringView path, const QJsonValue &value)
{
    const qsizetype slash = path.indexOf(u'/');
    const QString head = path.left(slash).toString();
    bool isIndex = false;
    const int index = head.toInt(&isIndex);
    if (isIndex) {
        QJsonArray array = container.toArray();
        if (slash < 0) {
            if (value.isUndefined())
                array.removeAt(index);
            else
                array[index] = value;
        } else {
            array[index] = withValue(array.at(index), path.mid(slash + 1), value);
        }
        return array;
    }
    QJsonObject object = container.toObject();
    if (slash < 0) {
        if (value.isUndefined())
            object.remove(head);
        else
            object.insert(head, value);
    } else {
        object.insert(head, withValue(object.value(head), path.mid(slash + 1), value));
    }
    return object;
}

inline QJsonObject with(const QJsonObject &object, const QString &path, const QJsonValue &value)
{
    return withValue(object, path, value).toObject();
}

inline QJsonObject without(const QJsonObject &object, const QString &path)
{
    return with(object, path, QJsonValue(QJsonValue::Undefined));
}

// A valid wire object of the type named `type`, with every field the type has (so that each can be
// removed or broken in turn).
inline QJsonObject baseObject(const QString &type)
{
    using namespace Qt::StringLiterals;
    const auto parse = [](const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); };
    const QJsonObject bases[] = {
        parse(R"({"type":"hello","id":"h1","protocol":1,"client":"confab/0.1.0",
                  "auth":{"username":"alice","password":"secret","new_token":true}})"),
        parse(R"({"type":"welcome","id":"h1","protocol":1,"user":"alice","server":"confab-relay/0.1.0",
                  "time":1700000000000,"token":"cfs_x","token_expires":1700000000001,
                  "limits":{"max_message_bytes":65536,"rate_burst":200,"rate_per_second":100}})"),
        parse(R"({"type":"subscribe","id":"s1","stream":"room:general","since":42,"epoch":"e1"})"),
        parse(R"({"type":"send","id":"m1","stream":"room:general","client_msg_id":"c-1","text":"hi","reply_to":41})"),
        parse(R"({"type":"ack","id":"m1","stream":"room:general","client_msg_id":"c-1","epoch":"e1","seq":43,
                  "ts":1700000000000,"first_seq":1,"has_more":true,"scheduled":true,"deliver_at":1700000060000})"),
        parse(R"({"type":"message","stream":"room:general","epoch":"e1","seq":43,"ts":1700000000000,
                  "sender":"alice","client_msg_id":"c-1","text":"hi","reply_to":41})"),
        parse(R"({"type":"error","id":"m1","code":"rate_limited","message":"slow down","retry_after_ms":500})"),
        parse(R"({"type":"unsubscribe","id":"u1","stream":"room:general"})"),
        parse(R"({"type":"synced","stream":"room:general","epoch":"e1","seq":57,"recovered":true})"),
        parse(R"({"type":"history","id":"hi1","stream":"room:general","before":101,"limit":50})"),
        parse(R"({"type":"edit","id":"ed1","stream":"room:general","client_msg_id":"c-2","target":43,"text":"fixed"})"),
        parse(R"({"type":"edited","stream":"room:general","epoch":"e1","seq":44,"ts":1700000000000,
                  "sender":"alice","client_msg_id":"c-2","target":43,"text":"fixed"})"),
        parse(R"({"type":"delete","id":"de1","stream":"room:general","client_msg_id":"c-3","target":43})"),
        parse(R"({"type":"deleted","stream":"room:general","epoch":"e1","seq":45,"ts":1700000000000,
                  "sender":"alice","client_msg_id":"c-3","target":43})"),
        parse(R"({"type":"react","id":"re1","stream":"room:general","client_msg_id":"c-4","target":43,
                  "emoji":"👍","remove":false})"),
        parse(R"({"type":"reaction","stream":"room:general","epoch":"e1","seq":46,"ts":1700000000000,
                  "sender":"bob","client_msg_id":"c-4","target":43,"emoji":"👍","remove":false})"),
        parse(R"({"type":"mark_read","id":"mr1","stream":"room:general","seq":46})"),
        parse(R"({"type":"read","stream":"user:alice","epoch":"u1","seq":3,"ts":1700000000000,"sender":"alice",
                  "client_msg_id":"c-5","target_stream":"room:general","target":46})"),
        parse(R"({"type":"publish","id":"p1","stream":"topic:backups","client_msg_id":"c-6","body":"done",
                  "title":"Backup","priority":4,"tags":["backup"],"click":"https://example.com/b",
                  "icon":"https://example.com/i.png",
                  "actions":[{"action":"http","label":"Retry","url":"https://example.com/retry","method":"PUT",
                              "headers":{"X-Token":"abc"},"body":"{}","clear":true}],
                  "deliver_at":1700000060000,"expires_at":1700086400000,
                  "attachment":{"id":"a1B-_9","name":"backup.log","type":"text/plain","size":1234,
                                "url":"/v1/attachments/a1B-_9","expires":1700086400000}})"),
        parse(R"({"type":"notification","stream":"topic:backups","epoch":"e3","seq":9,"ts":1700000000000,
                  "sender":"alice","client_msg_id":"c-6","body":"done","title":"Backup","priority":4,
                  "tags":["backup"],"click":"https://example.com/b","icon":"https://example.com/i.png",
                  "actions":[{"action":"view","label":"Open","url":"https://example.com/b","clear":false}],
                  "attachment":{"id":"a1B-_9","name":"backup.log","type":"text/plain","size":1234,
                                "url":"/v1/attachments/a1B-_9","expires":1700086400000},
                  "expires_at":1700086400000})"),
        parse(R"({"type":"dismiss","id":"ds1","stream":"topic:backups","target":9,"all":true})"),
        parse(R"({"type":"dismissed","stream":"user:alice","epoch":"u1","seq":4,"ts":1700000000000,
                  "sender":"alice","client_msg_id":"c-7","target_stream":"topic:backups","target":9,"all":true})"),
        parse(R"({"type":"set_typing","id":"t1","stream":"room:general","active":true})"),
        parse(R"({"type":"typing","stream":"room:general","user":"bob","active":true})"),
        parse(R"({"type":"set_presence","id":"sp1","status":"away"})"),
        parse(R"({"type":"presence","user":"bob","status":"offline","last_seen":1700000000000})"),
        parse(R"({"type":"create_room","id":"cr1","name":"dev","visibility":"private","title":"Developers"})"),
        parse(R"({"type":"invite","id":"in1","stream":"room:dev","user":"carol"})"),
        parse(R"({"type":"join","id":"jo1","stream":"room:dev"})"),
        parse(R"({"type":"leave","id":"le1","stream":"room:dev"})"),
        parse(R"({"type":"member","stream":"room:dev","epoch":"e4","seq":2,"ts":1700000000000,"sender":"alice",
                  "client_msg_id":"c-8","target_stream":"room:dev","user":"carol","action":"invited"})"),
        parse(R"({"type":"list_members","id":"lm1","stream":"room:dev"})"),
        parse(R"({"type":"members","id":"lm1","stream":"room:dev",
                  "members":[{"user":"alice","status":"online"},
                             {"user":"carol","status":"offline","last_seen":1700000000000}]})"),
        parse(R"({"type":"list_streams","id":"ls1"})"),
        parse(R"({"type":"streams","id":"ls1",
                  "streams":[{"stream":"room:dev","kind":"room","title":"Developers","visibility":"private",
                              "member":true,"epoch":"e4","seq":2}]})"),
        parse(R"({"type":"open_dm","id":"od1","members":["bob","carol"]})"),
        parse(R"({"type":"logout","id":"l1"})"),
    };
    for (const QJsonObject &base : bases) {
        if (base.value("type"_L1).toString() == type)
            return base;
    }
    qFatal("no base object for %s", qPrintable(type));
}

} // namespace confab::protocol::testing

#endif // Q_MOC_RUN
