// The wire codec against its contract (docs/protocol.md): every frame type survives a round trip,
// every malformed input gets its documented error code (echoing the request id when readable), the
// validators accept exactly the documented ids and names, and the type and error tables are sound.

#include "fieldspecs.h"
#include "wirejson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QtTest/QTest>

using namespace confab::protocol;
using namespace confab::protocol::testing;
using namespace Qt::StringLiterals;

namespace {

// The id a decode error of a mutated base object must echo.
QString echoedId(const QJsonObject &base, const QString &mutatedPath)
{
    return mutatedPath == u"id" ? QString() : base.value("id"_L1).toString();
}

} // namespace

class TestCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void errorCodesRoundTrip_data();
    void errorCodesRoundTrip();
    void wireShape();
    void decodeErrors_data();
    void decodeErrors();
    void unknownFieldsAreIgnored_data();
    void unknownFieldsAreIgnored();
    void nullMeansAbsent();
    void duplicateKeysLastWins();
    void unknownErrorCodeDecodesAsInternal();
    void deepNesting_data();
    void deepNesting();
    void validIds_data();
    void validIds();
    void validStreamIds_data();
    void validStreamIds();
    void validUserNames_data();
    void validUserNames();
    void messageTypeTable_data();
    void messageTypeTable();
    void messageTypeTableIsSound();
    void errorCodeTableIsSound();
};

void TestCodec::roundTrip_data()
{
    QTest::addColumn<Frame>("frame");
    for (const auto &[name, frame] : sampleFrames())
        QTest::newRow(name.constData()) << frame;
}

void TestCodec::roundTrip()
{
    QFETCH(Frame, frame);
    const QByteArray bytes = encode(frame);
    QVERIFY(!bytes.contains('\n'));
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value("type"_L1).toString(), messageTypeName(typeOf(frame)));

    const DecodeResult result = decode(bytes);
    QVERIFY2(result.ok(), describe(result).constData());
    QCOMPARE(result.frame(), frame);
    QCOMPARE(encode(result.frame()), bytes);
}

void TestCodec::errorCodesRoundTrip_data()
{
    QTest::addColumn<ErrorCode>("code");
    for (int i = 0; i <= int(ErrorCode::Internal); ++i)
        QTest::newRow(qPrintable(errorCodeName(ErrorCode(i)))) << ErrorCode(i);
}

void TestCodec::errorCodesRoundTrip()
{
    QFETCH(ErrorCode, code);
    const Frame frame = Error { u"r-1"_s, code, u"words"_s, std::nullopt };
    const DecodeResult result = decode(encode(frame));
    QVERIFY(result.ok());
    QCOMPARE(result.frame(), frame);
    QVERIFY(encode(frame).contains(QByteArray("\"code\":\"" + errorCodeName(code).toLatin1() + '"')));
}

// The exact JSON a peer sees; optional fields that are unset stay off the wire.
void TestCodec::wireShape()
{
    const auto object = [](const Frame &frame) { return QJsonDocument::fromJson(encode(frame)).object(); };
    QCOMPARE(object(Subscribe { u"s1"_s, u"room:general"_s, std::nullopt }),
        (QJsonObject {
            { "type"_L1, "subscribe"_L1 }, { "id"_L1, "s1"_L1 }, { "stream"_L1, "room:general"_L1 } }));
    QCOMPARE(object(Ack { u"s1"_s, u"room:empty"_s, {}, u"e1"_s, 0, 0 }),
        (QJsonObject { { "type"_L1, "ack"_L1 }, { "id"_L1, "s1"_L1 }, { "stream"_L1, "room:empty"_L1 },
            { "epoch"_L1, "e1"_L1 } }));
    QCOMPARE(object(Hello { {}, 1, {}, u"alice"_s, u"pw"_s }),
        (QJsonObject { { "type"_L1, "hello"_L1 }, { "protocol"_L1, 1 },
            { "auth"_L1, QJsonObject { { "username"_L1, "alice"_L1 }, { "password"_L1, "pw"_L1 } } } }));
    QCOMPARE(object(Error { {}, ErrorCode::AuthFailed, u"no"_s, std::nullopt }),
        (QJsonObject {
            { "type"_L1, "error"_L1 }, { "code"_L1, "auth_failed"_L1 }, { "message"_L1, "no"_L1 } }));
    // Integers travel as plain JSON integers, never in exponent notation, up to 2^53 - 1.
    const QByteArray message = encode(
        Message { u"room:a"_s, u"e"_s, kMaxSafeInteger, 1'700'000'000'000, u"bob"_s, u"c"_s, u"t"_s });
    QVERIFY(message.contains("\"seq\":9007199254740991"));
    QVERIFY(message.contains("\"ts\":1700000000000"));
}

void TestCodec::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("id");

    const QJsonObject send = baseObject(u"send"_s);
    const QJsonObject subscribe = baseObject(u"subscribe"_s);
    const QJsonObject hello = baseObject(u"hello"_s);
    const QJsonObject message = baseObject(u"message"_s);
    const QString m1 = u"m1"_s, s1 = u"s1"_s, h1 = u"h1"_s, none;

    // Not a JSON object at all.
    QTest::newRow("empty") << QByteArray() << ErrorCode::Malformed << none;
    QTest::newRow("whitespace") << QByteArray(" \r\n\t") << ErrorCode::Malformed << none;
    QTest::newRow("utf-8 invalid byte")
        << QByteArray("{\"type\":\"send\",\"id\":\"m1\",\"text\":\"\xff\"}") << ErrorCode::Malformed << none;
    QTest::newRow("utf-8 overlong") << QByteArray("{\"type\":\"send\",\"text\":\"\xc0\xaf\"}")
                                    << ErrorCode::Malformed << none;
    QTest::newRow("utf-8 encoded surrogate")
        << QByteArray("{\"text\":\"\xed\xa0\x80\"}") << ErrorCode::Malformed << none;
    QTest::newRow("utf-8 cut sequence")
        << QByteArray("{\"text\":\"\xe2\x82\"}") << ErrorCode::Malformed << none;
    QTest::newRow("utf-8 outside strings") << QByteArray("{\xc3\xa9:1}") << ErrorCode::Malformed << none;
    const QByteArray full = json(send);
    for (qsizetype cut : { qsizetype(1), qsizetype(10), full.size() / 2, full.size() - 1 })
        QTest::addRow("truncated to %lld", qlonglong(cut)) << full.left(cut) << ErrorCode::Malformed << none;
    QTest::newRow("trailing garbage") << QByteArray(full + "x") << ErrorCode::Malformed << none;
    QTest::newRow("two objects") << QByteArray(full + full) << ErrorCode::Malformed << none;
    QTest::newRow("trailing NUL") << QByteArray(full + '\0') << ErrorCode::Malformed << none;
    QTest::newRow("array") << QByteArray("[" + full + "]") << ErrorCode::Malformed << none;
    QTest::newRow("string") << QByteArray("\"send\"") << ErrorCode::Malformed << none;
    QTest::newRow("number") << QByteArray("42") << ErrorCode::Malformed << none;
    QTest::newRow("true") << QByteArray("true") << ErrorCode::Malformed << none;
    QTest::newRow("null") << QByteArray("null") << ErrorCode::Malformed << none;
    QTest::newRow("NaN") << QByteArray(R"({"type":"ack","id":"a","seq":NaN})") << ErrorCode::Malformed
                         << none;
    QTest::newRow("1e400") << QByteArray(R"({"type":"ack","id":"a","seq":1e400})") << ErrorCode::Malformed
                           << none;
    QTest::newRow("single quotes") << QByteArray("{'type':'send'}") << ErrorCode::Malformed << none;

    // The type.
    QTest::newRow("type missing") << json(without(send, u"type"_s)) << ErrorCode::MissingField << m1;
    QTest::newRow("type null") << json(with(send, u"type"_s, QJsonValue::Null)) << ErrorCode::MissingField
                               << m1;
    for (const QJsonValue &wrong : wrongTypesFor(Kind::Text)) {
        QTest::addRow(
            "type as %s", QJsonDocument(QJsonArray { wrong }).toJson(QJsonDocument::Compact).constData())
            << json(with(send, u"type"_s, wrong)) << ErrorCode::InvalidField << m1;
    }
    for (const QString &name : { u"Send"_s, u"SEND"_s, u"send "_s, u""_s, u"ping"_s, u"sénd"_s, u"7"_s })
        QTest::addRow("type '%s'", qPrintable(name))
            << json(with(send, u"type"_s, name)) << ErrorCode::UnknownType << m1;

    // Every required field missing or null, every field with each wrong JSON type.
    for (const FieldSpec &field : fieldSpecs()) {
        const QJsonObject base = baseObject(QString::fromLatin1(field.type));
        const QString path = QString::fromLatin1(field.path);
        const QString id = echoedId(base, path);
        if (field.required) {
            QTest::addRow("%s: %s missing", field.type, field.path)
                << json(without(base, path)) << ErrorCode::MissingField << id;
            QTest::addRow("%s: %s null", field.type, field.path)
                << json(with(base, path, QJsonValue::Null)) << ErrorCode::MissingField << id;
        }
        for (const QJsonValue &wrong : wrongTypesFor(field.kind)) {
            QTest::addRow("%s: %s as %s", field.type, field.path,
                QJsonDocument(QJsonArray { wrong }).toJson(QJsonDocument::Compact).constData())
                << json(with(base, path, wrong)) << ErrorCode::InvalidField << id;
        }
        if (field.kind == Kind::Text || field.kind == Kind::Id || field.kind == Kind::Enum
            || field.kind == Kind::Url) {
            QTest::addRow("%s: %s with lone surrogate", field.type, field.path)
                << json(with(base, path, QString(QChar(0xd800)))) << ErrorCode::InvalidField << id;
        }
        if (field.required && field.kind != Kind::Object && field.kind != Kind::Integer && !isElement(field)) {
            QTest::addRow("%s: %s empty", field.type, field.path)
                << json(with(base, path, u""_s)) << ErrorCode::InvalidField << id;
        }
    }

    // Ids.
    const QString longId = repeated(u"a", kMaxIdLength + 1);
    QTest::newRow("id with space") << json(with(send, u"id"_s, u"m 1"_s)) << ErrorCode::InvalidField << none;
    QTest::newRow("id with tab") << json(with(send, u"id"_s, u"m\t1"_s)) << ErrorCode::InvalidField << none;
    QTest::newRow("id non-ASCII") << json(with(send, u"id"_s, u"mé"_s)) << ErrorCode::InvalidField << none;
    QTest::newRow("id too long") << json(with(send, u"id"_s, longId)) << ErrorCode::TooLarge << none;
    QTest::newRow("client_msg_id with space")
        << json(with(send, u"client_msg_id"_s, u"c 1"_s)) << ErrorCode::InvalidField << m1;
    QTest::newRow("client_msg_id too long")
        << json(with(send, u"client_msg_id"_s, longId)) << ErrorCode::TooLarge << m1;

    // Sequence numbers and other integers.
    const double tooLarge = double(kMaxSafeInteger) + 1;
    QTest::newRow("since negative") << json(with(subscribe, u"since"_s, -1)) << ErrorCode::InvalidField << s1;
    QTest::newRow("since fraction") << json(with(subscribe, u"since"_s, 0.5)) << ErrorCode::InvalidField
                                    << s1;
    QTest::newRow("since 2^53") << json(with(subscribe, u"since"_s, tooLarge)) << ErrorCode::InvalidField
                                << s1;
    QTest::newRow("since 1e300") << json(with(subscribe, u"since"_s, 1e300)) << ErrorCode::InvalidField << s1;
    QTest::newRow("since huge integer") << QByteArray(
        R"({"type":"subscribe","id":"s1","stream":"room:a","since":123456789012345678901234567890})")
                                        << ErrorCode::InvalidField << s1;
    QTest::newRow("seq 0 in message") << json(with(message, u"seq"_s, 0)) << ErrorCode::InvalidField << none;
    QTest::newRow("seq negative") << json(with(message, u"seq"_s, -5)) << ErrorCode::InvalidField << none;
    QTest::newRow("seq fraction") << json(with(message, u"seq"_s, 1.25)) << ErrorCode::InvalidField << none;
    QTest::newRow("seq 2^53") << json(with(message, u"seq"_s, tooLarge)) << ErrorCode::InvalidField << none;
    QTest::newRow("hello protocol 0") << json(with(hello, u"protocol"_s, 0)) << ErrorCode::InvalidField << h1;
    QTest::newRow("hello protocol -1")
        << json(with(hello, u"protocol"_s, -1)) << ErrorCode::InvalidField << h1;
    // welcome.limits.rate_per_second: a number above 0 (fractions allowed).
    const QJsonObject welcome = baseObject(u"welcome"_s);
    for (const QJsonValue &wrong : { QJsonValue(0), QJsonValue(-1), QJsonValue(u"100"_s), QJsonValue(true),
             QJsonValue(QJsonArray {}), QJsonValue(QJsonObject {}), QJsonValue(2e9) }) {
        QTest::addRow("welcome: limits/rate_per_second as %s",
            QJsonDocument(QJsonArray { wrong }).toJson(QJsonDocument::Compact).constData())
            << json(with(welcome, u"limits/rate_per_second"_s, wrong)) << ErrorCode::InvalidField << u"h1"_s;
    }

    // Stream ids.
    const QStringList badStreams = { u"ROOM:general"_s, u"room:General"_s, u"general"_s, u":general"_s,
        u"chan:general"_s, u"room:"_s, u"room:../x"_s, u"room:.."_s, u"room:."_s, u"room:-x"_s, u"room:_x"_s,
        u"room:a/b"_s, u"room:a b"_s, u"room: general"_s, u"room:general "_s, u"room:a:b"_s, u"room:a\\b"_s,
        u"room:a%2fb"_s, u"room:g\u0435neral"_s /* Cyrillic e */,
        u"room\uff1ageneral"_s /* fullwidth colon */, u"room:ｇeneral"_s /* fullwidth g */,
        u"room:general\u0000"_s, u"room:a+b"_s, u"topic:x+y"_s, u"dm:bob+alice"_s, u"dm:alice+alice"_s,
        u"dm:alice++bob"_s, u"dm:+alice"_s, u"dm:alice+"_s, u"dm:alice+Bob"_s,
        QString(u"room:"_s + repeated(u"a", kMaxNameLength + 1)) };
    for (const QString &stream : badStreams) {
        QTest::addRow("stream '%s'", stream.toUtf8().toPercentEncoding("/:+.").constData())
            << json(with(send, u"stream"_s, stream)) << ErrorCode::InvalidField << m1;
    }
    QTest::newRow("stream too long") << json(
        with(send, u"stream"_s, QString(u"room:"_s + repeated(u"a", kMaxStreamIdLength))))
                                     << ErrorCode::TooLarge << m1;

    // Length limits, counted in UTF-16 code units.
    QTest::newRow("text over limit") << json(with(send, u"text"_s, repeated(u"x", kMaxTextLength + 1)))
                                     << ErrorCode::TooLarge << m1;
    QTest::newRow("text over limit in emoji")
        << json(with(send, u"text"_s, QString(repeated(u"😀", kMaxTextLength / 2) + u"x"_s)))
        << ErrorCode::TooLarge << m1;
    QTest::newRow("password over limit")
        << json(with(hello, u"auth/password"_s, repeated(u"p", kMaxSecretLength + 1))) << ErrorCode::TooLarge
        << h1;
    QTest::newRow("token over limit")
        << json(with(without(without(hello, u"auth/username"_s), u"auth/password"_s), u"auth/token"_s,
               repeated(u"t", kMaxSecretLength + 1)))
        << ErrorCode::TooLarge << h1;
    QTest::newRow("token with a password")
        << json(with(hello, u"auth/token"_s, u"cfs_x"_s)) << ErrorCode::InvalidField << h1;
    QTest::newRow("empty token")
        << json(with(without(without(hello, u"auth/username"_s), u"auth/password"_s), u"auth/token"_s, u""_s))
        << ErrorCode::InvalidField << h1;
    QTest::newRow("username over limit")
        << json(with(hello, u"auth/username"_s, repeated(u"u", kMaxNameLength + 1))) << ErrorCode::TooLarge
        << h1;
    QTest::newRow("client over limit")
        << json(with(hello, u"client"_s, repeated(u"c", kMaxNameLength * 2 + 1))) << ErrorCode::TooLarge
        << h1;
    QTest::newRow("sender over limit") << json(with(message, u"sender"_s, repeated(u"s", kMaxNameLength + 1)))
                                       << ErrorCode::TooLarge << none;
    QTest::newRow("epoch over limit")
        << json(with(message, u"epoch"_s, repeated(u"e", kMaxIdLength + 1))) << ErrorCode::TooLarge << none;
}

void TestCodec::decodeErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(ErrorCode, code);
    QFETCH(QString, id);
    const DecodeResult result = decode(input);
    QVERIFY2(!result.ok(), describe(result).constData());
    QCOMPARE(result.error().code, code);
    QCOMPARE(result.error().id, id);
    QVERIFY(!result.error().message.isEmpty());
    // The relay answers with exactly this error; that reply must itself be a valid frame.
    const Frame reply
        = Error { result.error().id, result.error().code, result.error().message, std::nullopt };
    const DecodeResult replyResult = decode(encode(reply));
    QVERIFY(replyResult.ok());
    QCOMPARE(replyResult.frame(), reply);
}

void TestCodec::unknownFieldsAreIgnored_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("value");
    for (const MessageTypeInfo &info : messageTypes()) {
        const char *type = info.name;
        QTest::addRow("%s: string", type) << QString::fromLatin1(type) << u"x_new"_s << QJsonValue(u"v"_s);
        QTest::addRow("%s: nested", type)
            << QString::fromLatin1(type) << u"x_new"_s
            << QJsonValue(QJsonObject { { "a"_L1, QJsonArray { 1, u"b"_s, QJsonValue() } } });
    }
    QTest::newRow("hello: inside auth") << u"hello"_s << u"auth/x_new"_s << QJsonValue(u"t"_s);
    QTest::newRow("message: id") << u"message"_s << u"id"_s << QJsonValue(u"not used"_s);
    QTest::newRow("publish: inside an action") << u"publish"_s << u"actions/0/icon"_s << QJsonValue(u"x"_s);
    QTest::newRow("notification: method of a view action")
        << u"notification"_s << u"actions/0/method"_s << QJsonValue(u"TRACE"_s);
    QTest::newRow("streams: inside a summary") << u"streams"_s << u"streams/0/unread"_s << QJsonValue(3);
    QTest::newRow("members: inside a member") << u"members"_s << u"members/0/role"_s << QJsonValue(u"admin"_s);
}

void TestCodec::unknownFieldsAreIgnored()
{
    QFETCH(QString, type);
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    const QJsonObject base = baseObject(type);
    const DecodeResult plain = decode(json(base));
    const DecodeResult extended = decode(json(with(base, path, value)));
    QVERIFY(plain.ok());
    QVERIFY(extended.ok());
    QCOMPARE(extended.frame(), plain.frame());
}

void TestCodec::nullMeansAbsent()
{
    for (const FieldSpec &field : fieldSpecs()) {
        if (field.required || isElement(field))
            continue;
        const QJsonObject base
            = without(baseObject(QString::fromLatin1(field.type)), QString::fromLatin1(field.path));
        const DecodeResult absent = decode(json(base));
        const DecodeResult null = decode(json(with(base, QString::fromLatin1(field.path), QJsonValue::Null)));
        QVERIFY2(absent.ok() && null.ok(), field.path);
        QCOMPARE(null.frame(), absent.frame());
    }
}

// Qt's parser, like JavaScript's JSON.parse, keeps the last of repeated keys. Peers must not send
// duplicates; this pins what happens when one does.
void TestCodec::duplicateKeysLastWins()
{
    const DecodeResult result = decode(
        R"({"type":"subscribe","id":"s1","stream":"room:a","type":"send","client_msg_id":"c","text":"t"})");
    QVERIFY(result.ok());
    QCOMPARE(result.frame(), Frame(Send { u"s1"_s, u"room:a"_s, u"c"_s, u"t"_s }));
    const DecodeResult twice = decode(R"({"type":"ack","id":"a","seq":1,"seq":-1})");
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, ErrorCode::InvalidField);
}

// A newer relay may send error codes this client does not know yet: they read as `internal`.
void TestCodec::unknownErrorCodeDecodesAsInternal()
{
    const DecodeResult result
        = decode(R"({"type":"error","id":"m9","code":"quota_exceeded","message":"full"})");
    QVERIFY(result.ok());
    QCOMPARE(result.frame(), Frame(Error { u"m9"_s, ErrorCode::Internal, u"full"_s, std::nullopt }));
}

void TestCodec::deepNesting_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("ok");
    const auto nested = [](int depth, char open, char close, const QByteArray &inner = "1") {
        QByteArray prefix;
        for (int i = 0; i < depth; ++i)
            prefix += open == '{' ? QByteArray(R"({"a":)") : QByteArray(1, open);
        return QByteArray(prefix + inner + QByteArray(depth, close));
    };
    const QByteArray frameStart = R"({"type":"subscribe","id":"s1","stream":"room:a","x":)";
    QTest::newRow("100000 arrays") << nested(100'000, '[', ']') << false;
    QTest::newRow("100000 objects") << nested(100'000, '{', '}') << false;
    QTest::newRow("100000 unclosed arrays") << QByteArray(100'000, '[') << false;
    QTest::newRow("frame with 31 nested arrays inside")
        << QByteArray(frameStart + nested(31, '[', ']') + '}') << true;
    QTest::newRow("frame with 32 nested arrays inside")
        << QByteArray(frameStart + nested(32, '[', ']') + '}') << false;
    QTest::newRow("frame with 5000 nested arrays inside")
        << QByteArray(frameStart + nested(5000, '[', ']') + '}') << false;
    // Brackets inside strings are text, not nesting.
    QTest::newRow("brackets in text")
        << json(with(baseObject(u"send"_s), u"text"_s, repeated(u"[{", 5000))) << true;
    QTest::newRow("escaped quote then brackets")
        << json(with(baseObject(u"send"_s), u"text"_s, u"\\\"["_s.repeated(3000))) << true;
}

void TestCodec::deepNesting()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, ok);
    const DecodeResult result = decode(input);
    QCOMPARE(result.ok(), ok);
    if (!ok)
        QCOMPARE(result.error().code, ErrorCode::Malformed);
}

void TestCodec::validIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("short") << u"1"_s << true;
    QTest::newRow("uuid") << u"3f2b8c1e-9d4a-4e0f-8a51-0c7d2e9b6a13"_s << true;
    QTest::newRow("punctuation") << u"!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\""_s << true;
    QTest::newRow("max length") << repeated(u"9", kMaxIdLength) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("too long") << repeated(u"9", kMaxIdLength + 1) << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("newline") << u"a\nb"_s << false;
    QTest::newRow("DEL") << u"a\u007fb"_s << false;
    QTest::newRow("non-ASCII") << u"ä"_s << false;
    QTest::newRow("NUL") << QString(QChar(0)) << false;
}

void TestCodec::validIds()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidId(id), valid);
}

void TestCodec::validStreamIds_data()
{
    QTest::addColumn<QString>("stream");
    QTest::addColumn<bool>("valid");
    QStringList sixteen, seventeen;
    for (int i = 0; i < kMaxDmMembers + 1; ++i)
        (i < kMaxDmMembers ? sixteen : seventeen).append(repeated(u"u", kMaxNameLength - 2) + QString::number(10 + i));
    seventeen = sixteen + seventeen;
    for (const QString &good : { u"room:general"_s, u"room:a"_s, u"room:0day"_s, u"room:dev.team_2-b"_s,
             u"topic:backups"_s, u"dm:alice+bob"_s, u"dm:a+b.c+c_d"_s, u"user:alice"_s, u"user:j.doe_2-x"_s,
             QString(u"room:"_s + repeated(u"a", kMaxNameLength)), QString(u"dm:"_s + sixteen.join(u'+')) }) {
        QTest::addRow("%s", qPrintable(good.left(20))) << good << true;
    }
    for (const QString &bad : { u""_s, u":"_s, u"room"_s, u"room:"_s, u"Room:a"_s, u"room:A"_s, u"rooms:a"_s,
             u"room:.."_s, u"room:.hidden"_s, u"room:../etc"_s, u"room:a/b"_s, u"dm:b+a"_s, u"dm:a+a"_s,
             u"dm:a+"_s, u"topic:a+b"_s, u"room:a:b"_s, u"room:\u00e9"_s, u"dm:alice"_s, u"user:"_s,
             u"user:Alice"_s, u"user:a+b"_s, u"user:.x"_s, u"users:alice"_s,
             QString(u"room:"_s + repeated(u"a", kMaxNameLength + 1)), QString(u"dm:"_s + seventeen.join(u'+')) }) {
        QTest::addRow("not %s", qPrintable(bad.left(20))) << bad << false;
    }
}

void TestCodec::validStreamIds()
{
    QFETCH(QString, stream);
    QFETCH(bool, valid);
    QCOMPARE(isValidStreamId(stream), valid);
}

void TestCodec::validUserNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("alice") << u"alice"_s << true;
    QTest::newRow("digits first") << u"42nd"_s << true;
    QTest::newRow("punctuation inside") << u"j.doe_2-x"_s << true;
    QTest::newRow("max length") << repeated(u"a", kMaxNameLength) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("too long") << repeated(u"a", kMaxNameLength + 1) << false;
    QTest::newRow("uppercase") << u"Alice"_s << false;
    QTest::newRow("leading dot") << u".alice"_s << false;
    QTest::newRow("leading dash") << u"-alice"_s << false;
    QTest::newRow("leading underscore") << u"_alice"_s << false;
    QTest::newRow("plus") << u"a+b"_s << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("at") << u"a@b"_s << false;
    QTest::newRow("non-ASCII") << u"zoë"_s << false;
}

void TestCodec::validUserNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(isValidUserName(name), valid);
}

void TestCodec::messageTypeTable_data()
{
    QTest::addColumn<MessageType>("type");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("number");
    QTest::addColumn<Direction>("direction");
    // What docs/protocol.md promises; a change here breaks released peers.
    QTest::newRow("hello") << MessageType::Hello << u"hello"_s << 1 << Direction::ClientToRelay;
    QTest::newRow("welcome") << MessageType::Welcome << u"welcome"_s << 2 << Direction::RelayToClient;
    QTest::newRow("subscribe") << MessageType::Subscribe << u"subscribe"_s << 3 << Direction::ClientToRelay;
    QTest::newRow("send") << MessageType::Send << u"send"_s << 4 << Direction::ClientToRelay;
    QTest::newRow("ack") << MessageType::Ack << u"ack"_s << 5 << Direction::RelayToClient;
    QTest::newRow("message") << MessageType::Message << u"message"_s << 6 << Direction::RelayToClient;
    QTest::newRow("error") << MessageType::Error << u"error"_s << 7 << Direction::RelayToClient;
    QTest::newRow("unsubscribe") << MessageType::Unsubscribe << u"unsubscribe"_s << 8 << Direction::ClientToRelay;
    QTest::newRow("synced") << MessageType::Synced << u"synced"_s << 9 << Direction::RelayToClient;
    QTest::newRow("history") << MessageType::History << u"history"_s << 10 << Direction::ClientToRelay;
    QTest::newRow("edit") << MessageType::Edit << u"edit"_s << 11 << Direction::ClientToRelay;
    QTest::newRow("edited") << MessageType::Edited << u"edited"_s << 12 << Direction::RelayToClient;
    QTest::newRow("delete") << MessageType::Delete << u"delete"_s << 13 << Direction::ClientToRelay;
    QTest::newRow("deleted") << MessageType::Deleted << u"deleted"_s << 14 << Direction::RelayToClient;
    QTest::newRow("react") << MessageType::React << u"react"_s << 15 << Direction::ClientToRelay;
    QTest::newRow("reaction") << MessageType::Reaction << u"reaction"_s << 16 << Direction::RelayToClient;
    QTest::newRow("mark_read") << MessageType::MarkRead << u"mark_read"_s << 17 << Direction::ClientToRelay;
    QTest::newRow("read") << MessageType::Read << u"read"_s << 18 << Direction::RelayToClient;
    QTest::newRow("publish") << MessageType::Publish << u"publish"_s << 19 << Direction::ClientToRelay;
    QTest::newRow("notification") << MessageType::Notification << u"notification"_s << 20 << Direction::RelayToClient;
    QTest::newRow("dismiss") << MessageType::Dismiss << u"dismiss"_s << 21 << Direction::ClientToRelay;
    QTest::newRow("dismissed") << MessageType::Dismissed << u"dismissed"_s << 22 << Direction::RelayToClient;
    QTest::newRow("set_typing") << MessageType::SetTyping << u"set_typing"_s << 23 << Direction::ClientToRelay;
    QTest::newRow("typing") << MessageType::Typing << u"typing"_s << 24 << Direction::RelayToClient;
    QTest::newRow("set_presence") << MessageType::SetPresence << u"set_presence"_s << 25 << Direction::ClientToRelay;
    QTest::newRow("presence") << MessageType::Presence << u"presence"_s << 26 << Direction::RelayToClient;
    QTest::newRow("create_room") << MessageType::CreateRoom << u"create_room"_s << 27 << Direction::ClientToRelay;
    QTest::newRow("invite") << MessageType::Invite << u"invite"_s << 28 << Direction::ClientToRelay;
    QTest::newRow("join") << MessageType::Join << u"join"_s << 29 << Direction::ClientToRelay;
    QTest::newRow("leave") << MessageType::Leave << u"leave"_s << 30 << Direction::ClientToRelay;
    QTest::newRow("member") << MessageType::Member << u"member"_s << 31 << Direction::RelayToClient;
    QTest::newRow("list_members") << MessageType::ListMembers << u"list_members"_s << 32 << Direction::ClientToRelay;
    QTest::newRow("members") << MessageType::Members << u"members"_s << 33 << Direction::RelayToClient;
    QTest::newRow("list_streams") << MessageType::ListStreams << u"list_streams"_s << 34 << Direction::ClientToRelay;
    QTest::newRow("streams") << MessageType::Streams << u"streams"_s << 35 << Direction::RelayToClient;
    QTest::newRow("open_dm") << MessageType::OpenDm << u"open_dm"_s << 36 << Direction::ClientToRelay;
    QTest::newRow("logout") << MessageType::Logout << u"logout"_s << 37 << Direction::ClientToRelay;
}

void TestCodec::messageTypeTable()
{
    QFETCH(MessageType, type);
    QFETCH(QString, name);
    QFETCH(int, number);
    QFETCH(Direction, direction);
    QCOMPARE(int(type), number);
    QCOMPARE(messageTypeName(type), name);
    QCOMPARE(messageTypeFromName(name), std::optional(type));
    QCOMPARE(messageDirection(type), direction);
    const auto samples = sampleFrames();
    QVERIFY2(std::any_of(samples.cbegin(), samples.cend(),
                 [&](const auto &entry) { return typeOf(entry.second) == type; }),
        "every type has a sample frame");
}

void TestCodec::messageTypeTableIsSound()
{
    QSet<QString> names;
    int expected = 1;
    for (const MessageTypeInfo &info : messageTypes()) {
        const QString name = QString::fromLatin1(info.name);
        QVERIFY2(!names.contains(name), info.name);
        names.insert(name);
        QCOMPARE(int(info.type), expected++);
        QVERIFY(QRegularExpression(u"^[a-z][a-z_]*$"_s).match(name).hasMatch());
        QCOMPARE(messageTypeFromName(name), std::optional(info.type));
        QCOMPARE(messageTypeName(info.type), name);
        QCOMPARE(messageDirection(info.type), info.direction);
    }
    QCOMPARE(names.size(), 37);
    QCOMPARE(qsizetype(names.size()), qsizetype(std::variant_size_v<Frame>));
    for (const QString &unknown : { u""_s, u"Hello"_s, u"hello "_s, u"hell"_s, u"1"_s })
        QVERIFY(!messageTypeFromName(unknown));
}

void TestCodec::errorCodeTableIsSound()
{
    const QStringList expected = { u"malformed"_s, u"unknown_type"_s, u"missing_field"_s, u"invalid_field"_s,
        u"unexpected_type"_s, u"unsupported_protocol"_s, u"not_authenticated"_s, u"auth_failed"_s,
        u"not_found"_s, u"forbidden"_s, u"too_large"_s, u"rate_limited"_s, u"internal"_s };
    QSet<QString> seen;
    for (int i = 0; i < expected.size(); ++i) {
        const ErrorCode code = ErrorCode(i);
        QCOMPARE(errorCodeName(code), expected.at(i));
        QVERIFY(!seen.contains(expected.at(i)));
        seen.insert(expected.at(i));
        QCOMPARE(errorCodeFromName(expected.at(i)), std::optional(code));
    }
    QCOMPARE(ErrorCode(expected.size() - 1), ErrorCode::Internal);
    for (const QString &unknown : { u""_s, u"Malformed"_s, u"internal "_s, u"quota_exceeded"_s })
        QVERIFY(!errorCodeFromName(unknown));
}

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
