// The wire codec against its contract (docs/protocol.md): every frame type survives a round trip,
// every malformed input gets its documented error code (echoing the request id when readable), the
// validators accept exactly the documented ids and names, and the type and error tables are sound.

#include "framesamples.h"

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

QByteArray describe(const DecodeResult &result)
{
    return result.ok() ? encode(result.frame()).left(300) : result.error().message.toUtf8();
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// `path` is a key, or "auth/username" for a key inside hello's auth object.
QJsonObject with(QJsonObject object, const QString &path, const QJsonValue &value)
{
    const qsizetype slash = path.indexOf(u'/');
    if (slash < 0) {
        if (value.isUndefined())
            object.remove(path);
        else
            object.insert(path, value);
        return object;
    }
    const QString outer = path.left(slash);
    object.insert(outer, with(object.value(outer).toObject(), path.mid(slash + 1), value));
    return object;
}

QJsonObject without(const QJsonObject &object, const QString &path)
{
    return with(object, path, QJsonValue(QJsonValue::Undefined));
}

QJsonObject baseObject(const QString &type)
{
    const QJsonObject bases[] = {
        { { "type"_L1, "hello"_L1 }, { "id"_L1, "h1"_L1 }, { "protocol"_L1, 1 },
            { "client"_L1, "confab/0.1.0"_L1 },
            { "auth"_L1, QJsonObject { { "username"_L1, "alice"_L1 }, { "password"_L1, "secret"_L1 } } } },
        { { "type"_L1, "welcome"_L1 }, { "id"_L1, "h1"_L1 }, { "protocol"_L1, 1 }, { "user"_L1, "alice"_L1 },
            { "server"_L1, "confab-relay/0.1.0"_L1 }, { "time"_L1, 1700000000000.0 } },
        { { "type"_L1, "subscribe"_L1 }, { "id"_L1, "s1"_L1 }, { "stream"_L1, "room:general"_L1 },
            { "since"_L1, 42 } },
        { { "type"_L1, "send"_L1 }, { "id"_L1, "m1"_L1 }, { "stream"_L1, "room:general"_L1 },
            { "client_msg_id"_L1, "c-1"_L1 }, { "text"_L1, "hi"_L1 } },
        { { "type"_L1, "ack"_L1 }, { "id"_L1, "m1"_L1 }, { "stream"_L1, "room:general"_L1 },
            { "client_msg_id"_L1, "c-1"_L1 }, { "epoch"_L1, "e1"_L1 }, { "seq"_L1, 43 },
            { "ts"_L1, 1700000000000.0 } },
        { { "type"_L1, "message"_L1 }, { "stream"_L1, "room:general"_L1 }, { "epoch"_L1, "e1"_L1 },
            { "seq"_L1, 43 }, { "ts"_L1, 1700000000000.0 }, { "sender"_L1, "alice"_L1 },
            { "client_msg_id"_L1, "c-1"_L1 }, { "text"_L1, "hi"_L1 } },
        { { "type"_L1, "error"_L1 }, { "id"_L1, "m1"_L1 }, { "code"_L1, "rate_limited"_L1 },
            { "message"_L1, "slow down"_L1 }, { "retry_after_ms"_L1, 500 } },
    };
    for (const QJsonObject &base : bases) {
        if (base.value("type"_L1).toString() == type)
            return base;
    }
    qFatal("no base object for %s", qPrintable(type));
}

enum class Kind { Id, Text, Stream, Integer, Object };

struct FieldSpec {
    const char *type;
    const char *path;
    Kind kind;
    bool required;
};

// Every field the codec reads, as docs/protocol.md lists them.
constexpr FieldSpec kFields[] = {
    { "hello", "id", Kind::Id, false },
    { "hello", "protocol", Kind::Integer, true },
    { "hello", "client", Kind::Text, false },
    { "hello", "auth", Kind::Object, true },
    { "hello", "auth/username", Kind::Text, true },
    { "hello", "auth/password", Kind::Text, true },
    { "welcome", "id", Kind::Id, false },
    { "welcome", "protocol", Kind::Integer, true },
    { "welcome", "user", Kind::Text, true },
    { "welcome", "server", Kind::Text, false },
    { "welcome", "time", Kind::Integer, true },
    { "subscribe", "id", Kind::Id, true },
    { "subscribe", "stream", Kind::Stream, true },
    { "subscribe", "since", Kind::Integer, false },
    { "send", "id", Kind::Id, true },
    { "send", "stream", Kind::Stream, true },
    { "send", "client_msg_id", Kind::Id, true },
    { "send", "text", Kind::Text, true },
    { "ack", "id", Kind::Id, true },
    { "ack", "stream", Kind::Stream, false },
    { "ack", "client_msg_id", Kind::Id, false },
    { "ack", "epoch", Kind::Text, false },
    { "ack", "seq", Kind::Integer, false },
    { "ack", "ts", Kind::Integer, false },
    { "message", "stream", Kind::Stream, true },
    { "message", "epoch", Kind::Text, true },
    { "message", "seq", Kind::Integer, true },
    { "message", "ts", Kind::Integer, true },
    { "message", "sender", Kind::Text, true },
    { "message", "client_msg_id", Kind::Id, true },
    { "message", "text", Kind::Text, true },
    { "error", "id", Kind::Id, false },
    { "error", "code", Kind::Text, true },
    { "error", "message", Kind::Text, false },
    { "error", "retry_after_ms", Kind::Integer, false },
};

QList<QJsonValue> wrongTypesFor(Kind kind)
{
    const QJsonValue number(7), boolean(true), array(QJsonArray { u"x"_s }),
        object(QJsonObject { { "a"_L1, 1 } });
    const QJsonValue text(u"7"_s);
    switch (kind) {
    case Kind::Id:
    case Kind::Text:
    case Kind::Stream:
        return { number, boolean, array, object };
    case Kind::Integer:
        return { text, boolean, array, object, QJsonValue(1.5) };
    case Kind::Object:
        return { text, number, boolean, array };
    }
    return {};
}

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
    for (const FieldSpec &field : kFields) {
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
        if (field.kind == Kind::Text || field.kind == Kind::Id) {
            QTest::addRow("%s: %s with lone surrogate", field.type, field.path)
                << json(with(base, path, QString(QChar(0xd800)))) << ErrorCode::InvalidField << id;
        }
        if (field.required && field.kind != Kind::Object && field.kind != Kind::Integer) {
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
        with(send, u"stream"_s, QString(u"room:"_s + repeated(u"a", 100))))
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
    for (const char *type : { "hello", "welcome", "subscribe", "send", "ack", "message", "error" }) {
        QTest::addRow("%s: string", type) << QString::fromLatin1(type) << u"x_new"_s << QJsonValue(u"v"_s);
        QTest::addRow("%s: nested", type)
            << QString::fromLatin1(type) << u"x_new"_s
            << QJsonValue(QJsonObject { { "a"_L1, QJsonArray { 1, u"b"_s, QJsonValue() } } });
    }
    QTest::newRow("hello: inside auth") << u"hello"_s << u"auth/token"_s << QJsonValue(u"t"_s);
    QTest::newRow("message: id") << u"message"_s << u"id"_s << QJsonValue(u"not used"_s);
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
    for (const FieldSpec &field : kFields) {
        if (field.required)
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
    for (const QString &good : { u"room:general"_s, u"room:a"_s, u"room:0day"_s, u"room:dev.team_2-b"_s,
             u"topic:backups"_s, u"dm:alice"_s, u"dm:alice+bob"_s, u"dm:a+b.c+c_d"_s,
             QString(u"room:"_s + repeated(u"a", kMaxNameLength)) }) {
        QTest::addRow("%s", qPrintable(good.left(20))) << good << true;
    }
    for (const QString &bad : { u""_s, u":"_s, u"room"_s, u"room:"_s, u"Room:a"_s, u"room:A"_s, u"rooms:a"_s,
             u"room:.."_s, u"room:.hidden"_s, u"room:../etc"_s, u"room:a/b"_s, u"dm:b+a"_s, u"dm:a+a"_s,
             u"dm:a+"_s, u"topic:a+b"_s, u"room:a:b"_s, u"room:\u00e9"_s,
             QString(u"room:"_s + repeated(u"a", kMaxNameLength + 1)) }) {
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
    QCOMPARE(names.size(), 7);
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
