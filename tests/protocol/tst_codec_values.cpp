// The codec's value rules for the fields of issue 3 (docs/protocol.md, "Field rules"): URLs,
// priorities, tags, action buttons, emoji, history limits, titles, dm member lists, presence
// statuses and booleans, each at and just past its limit; plus the stream id helpers, the enum
// name tables, and the exact wire shape of frames whose optional fields are unset.

#include "wirejson.h"

#include <QtTest/QTest>

using namespace confab::protocol;
using namespace confab::protocol::testing;
using namespace Qt::StringLiterals;

namespace {

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject wireObject(const Frame &frame)
{
    return QJsonDocument::fromJson(encode(frame)).object();
}

} // namespace

class TestCodecValues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void publishNeedsBodyOrTitle();
    void attachmentRules();
    void defaults();
    void wireShape();
    void storedAndEphemeralTypes();
    void frameHelpers();
    void streamIdHelpers();
    void enumNames();
};

// Edge values that are fine.
void TestCodecValues::accepted_data()
{
    QTest::addColumn<QByteArray>("input");
    const QJsonObject publish = baseObject(u"publish"_s);
    const QJsonObject history = baseObject(u"history"_s);
    const QJsonObject react = baseObject(u"react"_s);
    const QJsonObject openDm = baseObject(u"open_dm"_s);
    const QString longUrl = u"https://example.com/"_s + repeated(u"a", kMaxUrlLength - 20);
    QTest::newRow("url of 2048") << json(with(publish, u"click"_s, longUrl));
    QTest::newRow("http url with port and query")
        << json(with(publish, u"icon"_s, u"http://127.0.0.1:8080/i.png?size=64#x"_s));
    QTest::newRow("priority 1") << json(with(publish, u"priority"_s, 1));
    QTest::newRow("priority 5") << json(with(publish, u"priority"_s, 5));
    QTest::newRow("10 tags") << json(with(publish, u"tags"_s, strings(QStringList(kMaxTags, u"t"_s))));
    QTest::newRow("empty tags") << json(with(publish, u"tags"_s, QJsonArray()));
    QTest::newRow("tag of 32") << json(with(publish, u"tags/0"_s, repeated(u"t", kMaxTagLength)));
    QTest::newRow("3 actions") << json(with(publish, u"actions"_s,
        QJsonArray { publish.value("actions"_L1)[0], publish.value("actions"_L1)[0],
            publish.value("actions"_L1)[0] }));
    QTest::newRow("label of 64") << json(with(publish, u"actions/0/label"_s, repeated(u"l", kMaxActionLabelLength)));
    QTest::newRow("action body of 4096")
        << json(with(publish, u"actions/0/body"_s, repeated(u"b", kMaxActionBodyLength)));
    QJsonObject tenHeaders;
    for (int i = 0; i < kMaxActionHeaders; ++i)
        tenHeaders.insert(u"X-H%1"_s.arg(i), u"v"_s);
    QTest::newRow("10 headers") << json(with(publish, u"actions/0/headers"_s, tenHeaders));
    for (const char *method : { "GET", "POST", "PUT", "DELETE", "PATCH" })
        QTest::addRow("method %s", method) << json(with(publish, u"actions/0/method"_s, QString::fromLatin1(method)));
    QTest::newRow("title of 256") << json(with(publish, u"title"_s, repeated(u"T", kMaxNotificationTitleLength)));
    QTest::newRow("limit 1") << json(with(history, u"limit"_s, 1));
    QTest::newRow("limit 500") << json(with(history, u"limit"_s, kMaxHistoryLimit));
    QTest::newRow("emoji of 32") << json(with(react, u"emoji"_s, repeated(u"x", kMaxEmojiLength)));
    QTest::newRow("emoji with skin tone and ZWJ") << json(with(react, u"emoji"_s, u"👩🏽‍💻"_s));
    QTest::newRow("open_dm with one") << json(with(openDm, u"members"_s, strings({ u"bob"_s })));
    QTest::newRow("open_dm with 15") << json(with(openDm, u"members"_s, strings(maxDmMembers())));
    QTest::newRow("room title of 128") << json(
        with(baseObject(u"create_room"_s), u"title"_s, repeated(u"T", kMaxRoomTitleLength)));
}

void TestCodecValues::accepted()
{
    QFETCH(QByteArray, input);
    const DecodeResult result = decode(input);
    QVERIFY2(result.ok(), describe(result).constData());
    QCOMPARE(decode(encode(result.frame())).frame(), result.frame());
}

// Values that must be refused, with the code a peer gets back.
void TestCodecValues::rejected_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ErrorCode>("code");
    const ErrorCode invalid = ErrorCode::InvalidField, tooLarge = ErrorCode::TooLarge;
    const QJsonObject publish = baseObject(u"publish"_s);
    const QJsonObject notification = baseObject(u"notification"_s);

    // URLs: click, icon and action urls.
    const QStringList badUrls = { u"ftp://example.com/x"_s, u"javascript:alert(1)"_s, u"file:///etc/passwd"_s,
        u"/relative/path"_s, u"example.com"_s, u"https://"_s, u"https:///x"_s, u"http://exa mple.com/"_s,
        u"https://example.com/\nx"_s, u"mailto:a@example.com"_s, u"data:text/html,hi"_s,
        QString(u"https://example.com/"_s + repeated(u"a", kMaxUrlLength - 19)) };
    for (const QString &url : badUrls) {
        for (const char *path : { "click", "icon", "actions/0/url" }) {
            QTest::addRow("%s '%s'", path, qPrintable(url.left(30)))
                << json(with(publish, QString::fromLatin1(path), url)) << invalid;
        }
        QTest::addRow("notification click '%s'", qPrintable(url.left(30)))
            << json(with(notification, u"click"_s, url)) << invalid;
    }

    // Priority.
    for (const QJsonValue &priority : { QJsonValue(0), QJsonValue(6), QJsonValue(-1), QJsonValue(2.5),
             QJsonValue(u"3"_s) }) {
        QTest::addRow("priority %s", qPrintable(QString::fromUtf8(json({ { "p"_L1, priority } }))))
            << json(with(publish, u"priority"_s, priority)) << invalid;
        QTest::addRow("notification priority %s", qPrintable(QString::fromUtf8(json({ { "p"_L1, priority } }))))
            << json(with(notification, u"priority"_s, priority)) << invalid;
    }

    // Tags.
    QTest::newRow("11 tags") << json(with(publish, u"tags"_s, strings(QStringList(kMaxTags + 1, u"t"_s))))
                             << tooLarge;
    QTest::newRow("empty tag") << json(with(publish, u"tags/0"_s, u""_s)) << invalid;
    QTest::newRow("tag of 33") << json(with(publish, u"tags/0"_s, repeated(u"t", kMaxTagLength + 1))) << invalid;
    QTest::newRow("tag with newline") << json(with(publish, u"tags/0"_s, u"a\nb"_s)) << invalid;
    QTest::newRow("tag null") << json(with(publish, u"tags/0"_s, QJsonValue::Null)) << invalid;

    // Actions.
    const QJsonValue action = publish.value("actions"_L1)[0];
    QTest::newRow("4 actions") << json(with(publish, u"actions"_s, QJsonArray { action, action, action, action }))
                               << tooLarge;
    QTest::newRow("action kind 'open'") << json(with(publish, u"actions/0/action"_s, u"open"_s)) << invalid;
    QTest::newRow("action kind 'HTTP'") << json(with(publish, u"actions/0/action"_s, u"HTTP"_s)) << invalid;
    QTest::newRow("action without label") << json(without(publish, u"actions/0/label"_s))
                                          << ErrorCode::MissingField;
    QTest::newRow("label of 65") << json(with(publish, u"actions/0/label"_s, repeated(u"l", kMaxActionLabelLength + 1)))
                                 << tooLarge;
    QTest::newRow("label with control character") << json(with(publish, u"actions/0/label"_s, u"a\u0007"_s))
                                                  << invalid;
    for (const char *method : { "TRACE", "post", "CONNECT", " POST" })
        QTest::addRow("method '%s'", method)
            << json(with(publish, u"actions/0/method"_s, QString::fromLatin1(method))) << invalid;
    QJsonObject elevenHeaders;
    for (int i = 0; i <= kMaxActionHeaders; ++i)
        elevenHeaders.insert(u"X-H%1"_s.arg(i), u"v"_s);
    QTest::newRow("11 headers") << json(with(publish, u"actions/0/headers"_s, elevenHeaders)) << tooLarge;
    QTest::newRow("header name with space")
        << json(with(publish, u"actions/0/headers"_s, QJsonObject { { "X Token"_L1, "a"_L1 } })) << invalid;
    QTest::newRow("header name with colon")
        << json(with(publish, u"actions/0/headers"_s, QJsonObject { { "X-Token:"_L1, "a"_L1 } })) << invalid;
    QTest::newRow("header value with CRLF")
        << json(with(publish, u"actions/0/headers"_s, QJsonObject { { "X-Token"_L1, "a\r\nHost: evil"_L1 } }))
        << invalid;
    QTest::newRow("header value not a string")
        << json(with(publish, u"actions/0/headers"_s, QJsonObject { { "X-Token"_L1, 1 } })) << invalid;
    QTest::newRow("header value too long")
        << json(with(publish, u"actions/0/headers"_s,
               QJsonObject { { "X-Token"_L1, repeated(u"v", kMaxActionHeaderValueLength + 1) } }))
        << invalid;
    QTest::newRow("action body of 4097")
        << json(with(publish, u"actions/0/body"_s, repeated(u"b", kMaxActionBodyLength + 1))) << tooLarge;
    QTest::newRow("action clear 'yes'") << json(with(publish, u"actions/0/clear"_s, u"yes"_s)) << invalid;
    QTest::newRow("action null") << json(with(publish, u"actions/0"_s, QJsonValue::Null)) << invalid;

    // Titles and bodies.
    QTest::newRow("notification title of 257")
        << json(with(publish, u"title"_s, repeated(u"T", kMaxNotificationTitleLength + 1))) << tooLarge;
    QTest::newRow("title with newline") << json(with(publish, u"title"_s, u"a\nb"_s)) << invalid;
    QTest::newRow("body over limit") << json(with(publish, u"body"_s, repeated(u"b", kMaxTextLength + 1)))
                                     << tooLarge;
    QTest::newRow("room title of 129")
        << json(with(baseObject(u"create_room"_s), u"title"_s, repeated(u"T", kMaxRoomTitleLength + 1))) << tooLarge;
    QTest::newRow("edit text over limit")
        << json(with(baseObject(u"edit"_s), u"text"_s, repeated(u"x", kMaxTextLength + 1))) << tooLarge;

    // Stream kinds a request is limited to.
    QTest::newRow("publish to a room") << json(with(publish, u"stream"_s, u"room:general"_s)) << invalid;
    QTest::newRow("publish to a user") << json(with(publish, u"stream"_s, u"user:alice"_s)) << invalid;
    QTest::newRow("dismiss in a room")
        << json(with(baseObject(u"dismiss"_s), u"stream"_s, u"room:general"_s)) << invalid;
    for (const char *type : { "invite", "join", "leave" }) {
        for (const char *stream : { "topic:dev", "dm:alice+bob", "user:alice" }) {
            QTest::addRow("%s %s", type, stream) << json(with(baseObject(QString::fromLatin1(type)), u"stream"_s,
                QString::fromLatin1(stream))) << invalid;
        }
    }

    // Emoji.
    const QJsonObject react = baseObject(u"react"_s);
    QTest::newRow("emoji of 33") << json(with(react, u"emoji"_s, repeated(u"x", kMaxEmojiLength + 1))) << tooLarge;
    QTest::newRow("emoji empty") << json(with(react, u"emoji"_s, u""_s)) << invalid;
    QTest::newRow("emoji with tab") << json(with(react, u"emoji"_s, u"\t"_s)) << invalid;
    QTest::newRow("reaction emoji of 33")
        << json(with(baseObject(u"reaction"_s), u"emoji"_s, repeated(u"x", kMaxEmojiLength + 1))) << tooLarge;

    // History paging and sequence numbers.
    const QJsonObject history = baseObject(u"history"_s);
    for (const QJsonValue &limit : { QJsonValue(0), QJsonValue(kMaxHistoryLimit + 1), QJsonValue(-1),
             QJsonValue(1.5), QJsonValue(u"10"_s) }) {
        QTest::addRow("limit %s", qPrintable(QString::fromUtf8(json({ { "l"_L1, limit } }))))
            << json(with(history, u"limit"_s, limit)) << invalid;
    }
    QTest::newRow("before 0") << json(with(history, u"before"_s, 0)) << invalid;
    QTest::newRow("reply_to 0") << json(with(baseObject(u"send"_s), u"reply_to"_s, 0)) << invalid;
    QTest::newRow("message reply_to 0") << json(with(baseObject(u"message"_s), u"reply_to"_s, 0)) << invalid;
    for (const char *type : { "edit", "edited", "delete", "deleted", "react", "reaction", "read", "dismiss",
             "dismissed" }) {
        QTest::addRow("%s target 0", type) << json(with(baseObject(QString::fromLatin1(type)), u"target"_s, 0))
                                           << invalid;
    }
    QTest::newRow("mark_read seq 0") << json(with(baseObject(u"mark_read"_s), u"seq"_s, 0)) << invalid;
    QTest::newRow("synced seq -1") << json(with(baseObject(u"synced"_s), u"seq"_s, -1)) << invalid;

    // Booleans are JSON booleans.
    for (const QJsonValue &notBool : { QJsonValue(1), QJsonValue(0), QJsonValue(u"true"_s), QJsonValue(u"false"_s),
             QJsonValue(QJsonArray { true }) }) {
        const QString shown = QString::fromUtf8(json({ { "b"_L1, notBool } }));
        QTest::addRow("react remove %s", qPrintable(shown)) << json(with(react, u"remove"_s, notBool)) << invalid;
        QTest::addRow("synced recovered %s", qPrintable(shown))
            << json(with(baseObject(u"synced"_s), u"recovered"_s, notBool)) << invalid;
        QTest::addRow("set_typing active %s", qPrintable(shown))
            << json(with(baseObject(u"set_typing"_s), u"active"_s, notBool)) << invalid;
        QTest::addRow("ack has_more %s", qPrintable(shown))
            << json(with(baseObject(u"ack"_s), u"has_more"_s, notBool)) << invalid;
    }

    // Presence and membership values.
    QTest::newRow("set_presence offline")
        << json(with(baseObject(u"set_presence"_s), u"status"_s, u"offline"_s)) << invalid;
    for (const char *status : { "busy", "Online", "ONLINE", "" }) {
        QTest::addRow("presence '%s'", status)
            << json(with(baseObject(u"presence"_s), u"status"_s, QString::fromLatin1(status))) << invalid;
        QTest::addRow("set_presence '%s'", status)
            << json(with(baseObject(u"set_presence"_s), u"status"_s, QString::fromLatin1(status))) << invalid;
    }
    QTest::newRow("member action 'kicked'")
        << json(with(baseObject(u"member"_s), u"action"_s, u"kicked"_s)) << invalid;
    QTest::newRow("members status 'idle'")
        << json(with(baseObject(u"members"_s), u"members/0/status"_s, u"idle"_s)) << invalid;
    QTest::newRow("typing user 'Bob'") << json(with(baseObject(u"typing"_s), u"user"_s, u"Bob"_s)) << invalid;
    QTest::newRow("invite user 'a b'") << json(with(baseObject(u"invite"_s), u"user"_s, u"a b"_s)) << invalid;

    // Rooms and the stream list.
    const QJsonObject createRoom = baseObject(u"create_room"_s);
    for (const char *name : { "Dev", "room:dev", ".dev", "-dev", "a b", "dev/ops" }) {
        QTest::addRow("room name '%s'", name)
            << json(with(createRoom, u"name"_s, QString::fromLatin1(name))) << invalid;
    }
    QTest::newRow("room name of 65") << json(with(createRoom, u"name"_s, repeated(u"r", kMaxNameLength + 1)))
                                     << tooLarge;
    QTest::newRow("visibility 'secret'") << json(with(createRoom, u"visibility"_s, u"secret"_s)) << invalid;
    const QJsonObject streams = baseObject(u"streams"_s);
    QTest::newRow("summary kind mismatch") << json(with(streams, u"streams/0/kind"_s, u"topic"_s)) << invalid;
    QTest::newRow("summary kind unknown") << json(with(streams, u"streams/0/kind"_s, u"channel"_s)) << invalid;
    QTest::newRow("summary null") << json(with(streams, u"streams/0"_s, QJsonValue::Null)) << invalid;
    QTest::newRow("member info a string") << json(with(baseObject(u"members"_s), u"members/0"_s, u"alice"_s))
                                          << invalid;

    // open_dm members.
    const QJsonObject openDm = baseObject(u"open_dm"_s);
    QTest::newRow("open_dm nobody") << json(with(openDm, u"members"_s, QJsonArray())) << invalid;
    QTest::newRow("open_dm 16 others")
        << json(with(openDm, u"members"_s, strings(maxDmMembers() << u"zed"_s))) << tooLarge;
    QTest::newRow("open_dm bad name") << json(with(openDm, u"members"_s, strings({ u"Bob"_s }))) << invalid;
    QTest::newRow("open_dm stream id") << json(with(openDm, u"members"_s, strings({ u"user:bob"_s }))) << invalid;
    QTest::newRow("open_dm twice the same")
        << json(with(openDm, u"members"_s, strings({ u"bob"_s, u"carol"_s, u"bob"_s }))) << invalid;
    QTest::newRow("open_dm a string") << json(with(openDm, u"members"_s, u"bob"_s)) << invalid;
    QTest::newRow("open_dm null member") << json(with(openDm, u"members/1"_s, QJsonValue::Null)) << invalid;
}

void TestCodecValues::rejected()
{
    QFETCH(QByteArray, input);
    QFETCH(ErrorCode, code);
    const DecodeResult result = decode(input);
    QVERIFY2(!result.ok(), describe(result).constData());
    QCOMPARE(result.error().code, code);
    QVERIFY(!result.error().message.isEmpty());
    const QJsonObject object = QJsonDocument::fromJson(input).object();
    QCOMPARE(result.error().id, object.value("id"_L1).toString());
}

// A notification must say something: a body, a title, or both.
void TestCodecValues::publishNeedsBodyOrTitle()
{
    const QJsonObject publish = baseObject(u"publish"_s);
    QVERIFY(decode(json(without(publish, u"body"_s))).ok());
    QVERIFY(decode(json(without(publish, u"title"_s))).ok());
    QVERIFY(decode(json(with(publish, u"body"_s, u""_s))).ok());
    for (const QJsonObject &empty : { without(without(publish, u"body"_s), u"title"_s),
             with(without(publish, u"title"_s), u"body"_s, u""_s),
             with(with(publish, u"title"_s, u""_s), u"body"_s, u""_s) }) {
        const DecodeResult result = decode(json(empty));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::MissingField);
        QCOMPARE(result.error().id, u"p1"_s);
    }
    const DecodeResult notification
        = decode(json(without(without(baseObject(u"notification"_s), u"body"_s), u"title"_s)));
    QVERIFY(!notification.ok());
}

// An attachment's fields are checked where a peer could abuse them: the url only ever points at the
// relay's download path for that id, the name cannot be a path, the type is a MIME type. With an
// attachment a chat message may have no text.
void TestCodecValues::attachmentRules()
{
    const QJsonObject publish = baseObject(u"publish"_s);
    QVERIFY(decode(json(publish)).ok());
    const auto refused = [](const QJsonObject &object, ErrorCode code) {
        const DecodeResult result = decode(json(object));
        return !result.ok() && result.error().code == code;
    };
    const ErrorCode invalid = ErrorCode::InvalidField;
    QVERIFY(refused(with(publish, u"attachment/url"_s, u"/v1/attachments/other"_s), invalid));
    QVERIFY(refused(with(publish, u"attachment/url"_s, u"https://evil.example/v1/attachments/a1B-_9"_s), invalid));
    QVERIFY(refused(with(publish, u"attachment/url"_s, u"/v1/attachments/"_s), invalid));
    QVERIFY(refused(with(publish, u"attachment/url"_s, u"/v1/attachments/a1B-_9/../x"_s), invalid));
    QVERIFY(refused(with(with(publish, u"attachment/id"_s, u"a/b"_s), u"attachment/url"_s, u"/v1/attachments/a/b"_s),
        invalid));
    QVERIFY(refused(with(publish, u"attachment/id"_s, repeated(u"a", kMaxAttachmentIdLength + 1)),
        ErrorCode::TooLarge));
    for (const QString &name : { u"../etc/passwd"_s, u"a\\b"_s, u"."_s, u".."_s, u"line\nbreak"_s,
             repeated(u"n", kMaxAttachmentNameLength + 1) }) {
        const DecodeResult result = decode(json(with(publish, u"attachment/name"_s, name)));
        QVERIFY2(!result.ok(), qPrintable(name));
    }
    QVERIFY(decode(json(with(publish, u"attachment/name"_s, repeated(u"n", kMaxAttachmentNameLength)))).ok());
    for (const QString &type : { u"image"_s, u"/png"_s, u"image/"_s, u"image/png; x=1"_s, u"a b/c"_s })
        QVERIFY2(refused(with(publish, u"attachment/type"_s, type), invalid), qPrintable(type));
    QVERIFY(refused(with(publish, u"attachment/size"_s, -1), invalid));
    QVERIFY(refused(with(publish, u"attachment"_s, QJsonObject {}), ErrorCode::MissingField));

    // Send and message: the text becomes optional with an attachment, and only then.
    const QJsonObject attachment = publish.value("attachment"_L1).toObject();
    const QJsonObject send = baseObject(u"send"_s);
    QVERIFY(!decode(json(without(send, u"text"_s))).ok());
    const DecodeResult fileOnly = decode(json(with(without(send, u"text"_s), u"attachment"_s, attachment)));
    QVERIFY2(fileOnly.ok(), describe(fileOnly).constData());
    QCOMPARE(std::get<Send>(fileOnly.frame()).attachment->url, u"/v1/attachments/a1B-_9"_s);
    QCOMPARE(std::get<Send>(fileOnly.frame()).attachment->size, 1234);
    const QJsonObject message = baseObject(u"message"_s);
    QVERIFY(decode(json(with(with(message, u"text"_s, u""_s), u"attachment"_s, attachment))).ok());
    QVERIFY(!decode(json(with(message, u"text"_s, u""_s))).ok());

    // Absent stays absent on the wire.
    QVERIFY(!wireObject(std::get<Send>(decode(json(send)).frame())).contains("attachment"_L1));
    QCOMPARE(wireObject(std::get<Send>(fileOnly.frame())).value("attachment"_L1).toObject(), attachment);
}

// Absent optional fields decode to the documented defaults.
void TestCodecValues::defaults()
{
    const auto frameOf = [](const QByteArray &input) {
        const DecodeResult result = decode(input);
        return result.ok() ? result.frame() : Frame(Error {});
    };
    const History history = std::get<History>(frameOf(R"({"type":"history","id":"h","stream":"room:a"})"));
    QCOMPARE(history.limit, kDefaultHistoryLimit);
    QCOMPARE(history.before, std::nullopt);
    const React react = std::get<React>(
        frameOf(R"({"type":"react","id":"r","stream":"room:a","client_msg_id":"c","target":1,"emoji":"x"})"));
    QCOMPARE(react.remove, false);
    const Publish publish
        = std::get<Publish>(frameOf(R"({"type":"publish","id":"p","stream":"topic:a","client_msg_id":"c","body":"b"})"));
    QCOMPARE(publish.priority, std::nullopt);
    QVERIFY(publish.tags.isEmpty() && publish.actions.isEmpty() && publish.title.isEmpty());
    const CreateRoom room = std::get<CreateRoom>(frameOf(R"({"type":"create_room","id":"c","name":"x"})"));
    QCOMPARE(room.visibility, RoomVisibility::Public);
    const Publish http = std::get<Publish>(frameOf(
        R"({"type":"publish","id":"p","stream":"topic:a","client_msg_id":"c","body":"b",)"
        R"("actions":[{"action":"http","label":"Go","url":"https:\/\/example.com"}]})"));
    QCOMPARE(http.actions.value(0).method, HttpMethod::Post);
    QCOMPARE(http.actions.value(0).clear, false);
    const Dismiss dismiss = std::get<Dismiss>(frameOf(R"({"type":"dismiss","id":"d","stream":"topic:a","target":3})"));
    QCOMPARE(dismiss.all, false);
    const Ack ack = std::get<Ack>(frameOf(R"({"type":"ack","id":"a"})"));
    QCOMPARE(ack.scheduled, false);
    QCOMPARE(ack.hasMore, std::nullopt);
    QCOMPARE(ack.firstSeq, std::nullopt);
}

// What goes on the wire: unset optional fields stay off it, required ones are always there.
void TestCodecValues::wireShape()
{
    QCOMPARE(wireObject(Publish { u"p"_s, u"topic:a"_s, u"c"_s, u"b"_s }),
        (QJsonObject { { "type"_L1, "publish"_L1 }, { "id"_L1, "p"_L1 }, { "stream"_L1, "topic:a"_L1 },
            { "client_msg_id"_L1, "c"_L1 }, { "body"_L1, "b"_L1 } }));
    QCOMPARE(wireObject(Ack { u"p"_s, u"topic:a"_s, u"c"_s, {}, 0, 0, std::nullopt, std::nullopt, true, 99 }),
        (QJsonObject { { "type"_L1, "ack"_L1 }, { "id"_L1, "p"_L1 }, { "stream"_L1, "topic:a"_L1 },
            { "client_msg_id"_L1, "c"_L1 }, { "scheduled"_L1, true }, { "deliver_at"_L1, 99 } }));
    QCOMPARE(wireObject(Ack { u"h"_s, u"room:a"_s, {}, u"e"_s, 0, 0, 1, false }),
        (QJsonObject { { "type"_L1, "ack"_L1 }, { "id"_L1, "h"_L1 }, { "stream"_L1, "room:a"_L1 },
            { "epoch"_L1, "e"_L1 }, { "first_seq"_L1, 1 }, { "has_more"_L1, false } }));
    QCOMPARE(wireObject(React { u"r"_s, u"room:a"_s, u"c"_s, 4, u"x"_s }),
        (QJsonObject { { "type"_L1, "react"_L1 }, { "id"_L1, "r"_L1 }, { "stream"_L1, "room:a"_L1 },
            { "client_msg_id"_L1, "c"_L1 }, { "target"_L1, 4 }, { "emoji"_L1, "x"_L1 } }));
    QCOMPARE(wireObject(Reaction { u"room:a"_s, u"e"_s, 5, 6, u"bob"_s, u"c"_s, 4, u"x"_s, false }).value("remove"_L1),
        QJsonValue(false));
    QCOMPARE(wireObject(Member { u"room:a"_s, u"e"_s, 1, 2, u"bob"_s, {}, u"room:a"_s, u"bob"_s, MemberAction::Left }),
        (QJsonObject { { "type"_L1, "member"_L1 }, { "stream"_L1, "room:a"_L1 }, { "epoch"_L1, "e"_L1 },
            { "seq"_L1, 1 }, { "ts"_L1, 2 }, { "sender"_L1, "bob"_L1 }, { "target_stream"_L1, "room:a"_L1 },
            { "user"_L1, "bob"_L1 }, { "action"_L1, "left"_L1 } }));
    QCOMPARE(wireObject(SetTyping { {}, u"room:a"_s, false }),
        (QJsonObject { { "type"_L1, "set_typing"_L1 }, { "stream"_L1, "room:a"_L1 }, { "active"_L1, false } }));
    QCOMPARE(wireObject(CreateRoom { u"c"_s, u"x"_s }).value("visibility"_L1), QJsonValue(u"public"_s));
    QCOMPARE(wireObject(History { u"h"_s, u"room:a"_s }).value("limit"_L1), QJsonValue(kDefaultHistoryLimit));
    // A view action carries no HTTP fields, an http action always names its method.
    const QJsonObject notification = wireObject(fullNotification(1));
    const QJsonArray actions = notification.value("actions"_L1).toArray();
    QCOMPARE(actions.at(0).toObject(),
        (QJsonObject { { "action"_L1, "view"_L1 }, { "label"_L1, "Open portal"_L1 },
            { "url"_L1, "https://example.com/backups/42"_L1 } }));
    QCOMPARE(actions.at(2).toObject().value("method"_L1), QJsonValue(u"POST"_s));
    QCOMPARE(actions.at(1).toObject().value("headers"_L1).toObject().value("X-Trace"_L1), QJsonValue(u"1"_s));
    QCOMPARE(notification.value("priority"_L1), QJsonValue(1));
}

void TestCodecValues::storedAndEphemeralTypes()
{
    const QList<MessageType> stored = { MessageType::Message, MessageType::Edited, MessageType::Deleted,
        MessageType::Reaction, MessageType::Read, MessageType::Notification, MessageType::Dismissed,
        MessageType::Member };
    const QList<MessageType> ephemeral
        = { MessageType::SetTyping, MessageType::Typing, MessageType::SetPresence, MessageType::Presence };
    for (const MessageTypeInfo &info : messageTypes()) {
        QCOMPARE(isStoredEvent(info.type), stored.contains(info.type));
        QCOMPARE(isEphemeral(info.type), ephemeral.contains(info.type));
        if (isStoredEvent(info.type))
            QCOMPARE(info.direction, Direction::RelayToClient);
    }
}

void TestCodecValues::frameHelpers()
{
    for (const auto &[name, frame] : sampleFrames()) {
        const QJsonObject object = wireObject(frame);
        QCOMPARE(idOf(frame), object.value("id"_L1).toString());
        QCOMPARE(streamOf(frame), object.value("stream"_L1).toString());
        QCOMPARE(messageTypeName(typeOf(frame)), object.value("type"_L1).toString());
    }
}

void TestCodecValues::streamIdHelpers()
{
    QCOMPARE(streamKindOf(u"room:general"), StreamKind::Room);
    QCOMPARE(streamKindOf(u"dm:alice+bob"), StreamKind::Dm);
    QCOMPARE(streamKindOf(u"topic:backups"), StreamKind::Topic);
    QCOMPARE(streamKindOf(u"user:alice"), StreamKind::User);
    QCOMPARE(streamKindOf(u"dm:bob+alice"), std::nullopt);
    QCOMPARE(streamKindOf(u"chan:x"), std::nullopt);
    QCOMPARE(streamName(u"room:general"), u"general"_s);
    QCOMPARE(streamName(u"dm:alice+bob"), u"alice+bob"_s);
    QCOMPARE(streamName(u"room:Nope"), QString());
    QCOMPARE(userStreamId(u"alice"_s), u"user:alice"_s);
    QVERIFY(isValidStreamId(userStreamId(u"alice"_s)));
    // A set of people has exactly one dm, whatever the order or repetitions.
    QCOMPARE(dmStreamId({ u"carol"_s, u"alice"_s, u"bob"_s }), u"dm:alice+bob+carol"_s);
    QCOMPARE(dmStreamId({ u"bob"_s, u"alice"_s, u"bob"_s }), u"dm:alice+bob"_s);
    QCOMPARE(dmStreamId({ u"alice"_s }), QString());
    QCOMPARE(dmStreamId({ u"alice"_s, u"alice"_s }), QString());
    QCOMPARE(dmStreamId({ u"alice"_s, u"Bob"_s }), QString());
    QStringList many = maxDmMembers();
    QCOMPARE(dmMembers(dmStreamId(many + QStringList { u"alice"_s })).size(), kMaxDmMembers);
    QCOMPARE(dmStreamId(many + QStringList { u"alice"_s, u"bob"_s }), QString());
    QCOMPARE(dmMembers(u"dm:alice+bob+carol"), (QStringList { u"alice"_s, u"bob"_s, u"carol"_s }));
    QCOMPARE(dmMembers(u"room:general"), QStringList());
    QCOMPARE(dmMembers(u"dm:bob+alice"), QStringList());
    QVERIFY(isValidName(u"general"));
    QVERIFY(!isValidName(u"General"));
}

void TestCodecValues::enumNames()
{
    const auto checkTable = [](auto nameOf, auto fromName, auto values, const QStringList &names) {
        for (qsizetype i = 0; i < names.size(); ++i) {
            QCOMPARE(nameOf(values.at(i)), names.at(i));
            QCOMPARE(fromName(names.at(i)), std::optional(values.at(i)));
            QCOMPARE(fromName(QString(names.at(i).toUpper() + u"x"_s)), std::nullopt);
        }
        QCOMPARE(fromName(u""), std::nullopt);
    };
    checkTable(roomVisibilityName, roomVisibilityFromName,
        QList { RoomVisibility::Public, RoomVisibility::Private }, { u"public"_s, u"private"_s });
    checkTable(presenceStatusName, presenceStatusFromName,
        QList { PresenceStatus::Online, PresenceStatus::Away, PresenceStatus::Offline },
        { u"online"_s, u"away"_s, u"offline"_s });
    checkTable(memberActionName, memberActionFromName,
        QList { MemberAction::Invited, MemberAction::Joined, MemberAction::Left },
        { u"invited"_s, u"joined"_s, u"left"_s });
    checkTable(notificationActionKindName, notificationActionKindFromName,
        QList { NotificationActionKind::View, NotificationActionKind::Http }, { u"view"_s, u"http"_s });
    checkTable(httpMethodName, httpMethodFromName,
        QList { HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Delete, HttpMethod::Patch },
        { u"GET"_s, u"POST"_s, u"PUT"_s, u"DELETE"_s, u"PATCH"_s });
    checkTable(streamKindName, streamKindFromName,
        QList { StreamKind::Room, StreamKind::Dm, StreamKind::Topic, StreamKind::User },
        { u"room"_s, u"dm"_s, u"topic"_s, u"user"_s });
}

QTEST_GUILESS_MAIN(TestCodecValues)
#include "tst_codec_values.moc"
