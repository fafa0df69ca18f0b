// The codec under random input: whatever arrives from the network, decode returns either a frame
// that survives re-encoding unchanged or a typed error the relay can send back, and never crashes.
// Reproduce a failure with the seed printed at the start: CONFAB_TEST_SEED=<seed> tst_codec_fuzz.

#include "framesamples.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest/QTest>

#include <array>
#include <limits>

using namespace confab::protocol;
using namespace confab::protocol::testing;
using namespace Qt::StringLiterals;

namespace {

// Keys the codec reads, so that random objects often hit real fields with wrong values.
constexpr std::array kKeys { "type", "id", "protocol", "client", "auth", "username", "password", "user",
    "server", "time", "stream", "since", "client_msg_id", "text", "epoch", "seq", "ts", "sender", "code",
    "message", "retry_after_ms", "reply_to", "first_seq", "has_more", "scheduled", "deliver_at", "recovered",
    "before", "limit", "target", "emoji", "remove", "target_stream", "body", "title", "priority", "tags", "click",
    "icon", "actions", "action", "label", "url", "method", "headers", "clear", "expires_at", "all", "active",
    "status", "last_seen", "name", "visibility", "members", "streams", "kind", "member" };
constexpr std::array kTypes { "hello", "welcome", "subscribe", "send", "ack", "message", "error", "unsubscribe",
    "synced", "history", "edit", "edited", "delete", "deleted", "react", "reaction", "mark_read", "read", "publish",
    "notification", "dismiss", "dismissed", "set_typing", "typing", "set_presence", "presence", "create_room",
    "invite", "join", "leave", "member", "list_members", "members", "list_streams", "streams", "open_dm", "ping",
    "" };

class Fuzzer
{
public:
    explicit Fuzzer(quint32 seed) : m_rng(seed) { }

    int below(int n) { return int(m_rng.bounded(n)); }
    bool chance(int percent) { return below(100) < percent; }

    template<typename Container> const auto &pick(const Container &items)
    {
        return items[below(int(std::size(items)))];
    }

    QByteArray randomBytes()
    {
        static const QByteArray json = R"({}[]:,"\ 0123456789-+.eEtruefalsn)";
        QByteArray bytes(below(chance(90) ? 64 : 2048), Qt::Uninitialized);
        const bool jsonish = chance(60);
        for (char &c : bytes)
            c = jsonish && chance(80) ? json.at(below(int(json.size()))) : char(below(256));
        return bytes;
    }

    QString randomString()
    {
        static const QStringList pieces = { u"a"_s, u"Z"_s, u"0"_s, u"."_s, u"-"_s, u"_"_s, u"+"_s, u":"_s,
            u" "_s, u"/"_s, u"room:"_s, u"dm:"_s, u"topic:"_s, u"\""_s, u"\\"_s, u"\n"_s, u"\u0000"_s, u"é"_s,
            u"世"_s, u"😀"_s, u"\u0435"_s, QString(QChar(0xd800)), QString(QChar(0xdc00)) };
        switch (below(5)) {
        case 0:
            return {};
        case 1:
            return u"x"_s.repeated(pick(std::array { kMaxIdLength, kMaxIdLength + 1, kMaxNameLength + 8,
                kMaxSecretLength + 1, kMaxTextLength, kMaxTextLength + 1 }));
        default:
            break;
        }
        QString text;
        for (int i = below(12); i > 0; --i)
            text += pick(pieces);
        return text;
    }

    double randomNumber()
    {
        static constexpr std::array special { 0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e300,
            double(kMaxSafeInteger), double(kMaxSafeInteger) + 2, std::numeric_limits<double>::min(),
            1700000000000.0 };
        return chance(50) ? pick(special) : double(qint64(m_rng.generate64() >> below(64)) - below(1000));
    }

    QJsonValue randomJson(int depth)
    {
        switch (below(depth > 4 ? 5 : 7)) {
        case 0:
            return QJsonValue::Null;
        case 1:
            return chance(50);
        case 2:
            return randomNumber();
        case 3:
        case 4:
            return randomString();
        case 5: {
            QJsonArray array;
            for (int i = below(4); i > 0; --i)
                array.append(randomJson(depth + 1));
            return array;
        }
        default:
            return randomObject(depth + 1);
        }
    }

    QJsonObject randomObject(int depth)
    {
        QJsonObject object;
        if (chance(80))
            object.insert(
                "type"_L1, chance(90) ? QJsonValue(QLatin1StringView(pick(kTypes))) : randomJson(depth));
        for (int i = below(8); i > 0; --i) {
            const QString key = chance(85) ? QString::fromLatin1(pick(kKeys)) : randomString();
            object.insert(key, randomJson(depth));
        }
        return object;
    }

    // One valid frame with a field replaced, removed or added: the likeliest shape of a buggy peer.
    QByteArray corruptedFrame(const QByteArray &valid)
    {
        QJsonObject object = QJsonDocument::fromJson(valid).object();
        for (int i = 1 + below(3); i > 0; --i) {
            const QStringList keys = object.keys();
            const QString key = !keys.isEmpty() && chance(70) ? keys.at(below(int(keys.size())))
                                                              : QString::fromLatin1(pick(kKeys));
            if (chance(25))
                object.remove(key);
            else if (key == u"auth" && chance(70))
                object.insert(key, randomObject(2));
            else if (object.value(key).isArray() && chance(70))
                object.insert(key, QJsonArray { randomObject(2), randomJson(2) });
            else
                object.insert(key, randomJson(1));
        }
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }

    QByteArray mutated(QByteArray bytes, const QByteArray &other)
    {
        static const QByteArray special = QByteArray("\"{}[]:,\\-.e\0\xff\xc0\xed\x80", 16);
        for (int i = 1 + below(4); i > 0; --i) {
            const int at = below(int(bytes.size()) + 1);
            switch (below(8)) {
            case 0:
                if (at < bytes.size())
                    bytes[at] = char(bytes.at(at) ^ (1 << below(8)));
                break;
            case 1:
                if (at < bytes.size())
                    bytes[at] = special.at(below(int(special.size())));
                break;
            case 2:
                bytes.truncate(at);
                break;
            case 3:
                bytes.insert(at, special.at(below(int(special.size()))));
                break;
            case 4:
                bytes.insert(at, randomBytes().left(8));
                break;
            case 5:
                bytes.remove(at, below(16));
                break;
            case 6:
                bytes.insert(at, bytes.mid(below(int(bytes.size()) + 1), below(32)));
                break;
            default:
                bytes = bytes.left(at) + other.mid(below(int(other.size()) + 1));
                break;
            }
        }
        return bytes;
    }

    Frame randomFrame()
    {
        const auto integer = [this] {
            return pick(std::array<qint64, 7> {
                -1, 0, 1, 42, kMaxSafeInteger, kMaxSafeInteger + 1, qint64(m_rng.bounded(1'000'000)) });
        };
        // Values that fit many fields at once (an id, a stream, a user name, a URL...), so that random
        // frames often decode and the round trip is checked on real content.
        static const QStringList fitting = { u"ok-1"_s, u"alice"_s, u"room:general"_s, u"topic:backups"_s,
            u"user:alice"_s, u"https://example.com/x"_s };
        const auto string = [this] { return chance(50) ? randomString() : pick(fitting); };
        const auto optionalInteger
            = [this, integer] { return chance(50) ? std::optional(integer()) : std::optional<qint64>(); };
        const auto boolean = [this] { return chance(50); };
        if (chance(75))
            return randomIssue3Frame(integer, optionalInteger, string, boolean);
        switch (below(9)) {
        case 0:
            return Hello { string(), int(integer()), string(), string(), string(), {}, boolean() };
        case 7:
            return Hello { string(), int(integer()), string(), {}, {}, string() };
        case 8:
            return Logout { string() };
        case 1:
            return Welcome { string(), int(integer()), string(), string(), integer(), string(), optionalInteger() };
        case 2:
            return Subscribe { string(), string(), chance(50) ? std::optional(integer()) : std::nullopt };
        case 3:
            return Send { string(), string(), string(), string() };
        case 4:
            return Ack { string(), string(), string(), string(), integer(), integer() };
        case 5:
            return Message { string(), string(), integer(), integer(), string(), string(), string() };
        default:
            return Error { string(), ErrorCode(below(int(ErrorCode::Internal) + 1)), string(),
                chance(50) ? std::optional(integer()) : std::nullopt };
        }
    }

private:
    // One of the frames issue 3 added (types 8 to 36), with random field values.
    template<typename Integer, typename OptionalInteger, typename String, typename Boolean>
    Frame randomIssue3Frame(Integer integer, OptionalInteger optionalInteger, String string, Boolean boolean)
    {
        const auto strings = [&] {
            QStringList list;
            for (int i = below(4); i > 0; --i)
                list.append(string());
            return list;
        };
        const auto actions = [&] {
            QList<NotificationAction> list;
            for (int i = below(5); i > 0; --i) {
                NotificationAction action { NotificationActionKind::View, string(), string() };
                action.clear = boolean();
                if (chance(50)) { // only http actions carry method, headers and body
                    action.action = NotificationActionKind::Http;
                    action.method = HttpMethod(below(5));
                    if (chance(50))
                        action.headers.insert(string(), string());
                    action.body = string();
                }
                list.append(action);
            }
            return list;
        };
        const auto status = [this] { return PresenceStatus(below(3)); };
        switch (below(29)) {
        case 0: return Unsubscribe { string(), string() };
        case 1: return Synced { string(), string(), integer(), boolean() };
        case 2: return History { string(), string(), optionalInteger(), int(integer()) };
        case 3: return Edit { string(), string(), string(), integer(), string() };
        case 4: return Edited { string(), string(), integer(), integer(), string(), string(), integer(), string() };
        case 5: return Delete { string(), string(), string(), integer() };
        case 6: return Deleted { string(), string(), integer(), integer(), string(), string(), integer() };
        case 7: return React { string(), string(), string(), integer(), string(), boolean() };
        case 8:
            return Reaction { string(), string(), integer(), integer(), string(), string(), integer(), string(),
                boolean() };
        case 9: return MarkRead { string(), string(), integer() };
        case 10: return Read { string(), string(), integer(), integer(), string(), string(), string(), integer() };
        case 11: {
            const std::optional<qint64> priority = optionalInteger();
            return Publish { string(), string(), string(), string(), string(),
                priority ? std::optional(int(*priority)) : std::nullopt, strings(), string(), string(), actions(),
                optionalInteger(), optionalInteger() };
        }
        case 12:
            return Notification { string(), string(), integer(), integer(), string(), string(), string(), string(),
                int(integer()), strings(), string(), string(), actions(), optionalInteger() };
        case 13: return Dismiss { string(), string(), integer(), boolean() };
        case 14:
            return Dismissed { string(), string(), integer(), integer(), string(), string(), string(), integer(),
                boolean() };
        case 15: return SetTyping { string(), string(), boolean() };
        case 16: return Typing { string(), string(), boolean() };
        case 17: return SetPresence { string(), status() };
        case 18: return Presence { string(), status(), optionalInteger() };
        case 19: return CreateRoom { string(), string(), RoomVisibility(below(2)), string() };
        case 20: return Invite { string(), string(), string() };
        case 21: return Join { string(), string() };
        case 22: return Leave { string(), string() };
        case 23:
            return Member { string(), string(), integer(), integer(), string(), string(), string(), string(),
                MemberAction(below(3)) };
        case 24: return ListMembers { string(), string() };
        case 25: {
            QList<MemberInfo> members;
            for (int i = below(4); i > 0; --i)
                members.append(MemberInfo { string(), status(), optionalInteger() });
            return Members { string(), string(), members };
        }
        case 26: return ListStreams { string() };
        case 27: {
            QList<StreamSummary> streams;
            for (int i = below(4); i > 0; --i) {
                streams.append(StreamSummary { string(), StreamKind(below(4)), string(),
                    chance(50) ? std::optional(RoomVisibility(below(2))) : std::nullopt, boolean(), string(),
                    integer() });
            }
            return Streams { string(), streams };
        }
        default: return OpenDm { string(), strings() };
        }
    }

    QRandomGenerator m_rng;
};

bool isDecodeErrorCode(ErrorCode code)
{
    return code == ErrorCode::Malformed || code == ErrorCode::UnknownType || code == ErrorCode::MissingField
        || code == ErrorCode::InvalidField || code == ErrorCode::TooLarge;
}

} // namespace

class TestCodecFuzz : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void randomBytes();
    void mutatedFrames();
    void randomJson();
    void corruptedFrames();
    void randomFrames();
    void directEncodingMatchesTheGeneralOne();
    void cleanupTestCase();

private:
    // Each test function gets its own generator, so one can be rerun alone with the same seed.
    Fuzzer fuzzer(quint32 salt) const { return Fuzzer(m_seed ^ (salt * 0x9e3779b9u)); }
    QString check(const QByteArray &input);
    void checkAll(const QByteArray &input);

    quint32 m_seed = 0;
    QList<QByteArray> m_corpus;
    int m_inputs = 0;
    int m_frames = 0;
};

void TestCodecFuzz::initTestCase()
{
    bool fromEnv = false;
    m_seed = qEnvironmentVariable("CONFAB_TEST_SEED").toUInt(&fromEnv);
    if (!fromEnv)
        m_seed = quint32(QDateTime::currentMSecsSinceEpoch());
    qInfo("seed %u (rerun with CONFAB_TEST_SEED=%u)", m_seed, m_seed);
    for (const auto &[name, frame] : sampleFrames())
        m_corpus.append(encode(frame));
}

// The invariants; an empty result means the input was handled correctly.
QString TestCodecFuzz::check(const QByteArray &input)
{
    ++m_inputs;
    const DecodeResult result = decode(input);
    if (!result.ok()) {
        const DecodeError &error = result.error();
        if (!isDecodeErrorCode(error.code))
            return u"unexpected error code "_s + errorCodeName(error.code);
        if (error.message.isEmpty())
            return u"error without a message"_s;
        if (!error.id.isEmpty() && !isValidId(error.id))
            return u"echoed an invalid id"_s;
        // The relay echoes this error to the peer: it must be a valid frame itself.
        const Frame reply = Error { error.id, error.code, error.message, std::nullopt };
        const DecodeResult replyResult = decode(encode(reply));
        if (!replyResult.ok() || !(replyResult.frame() == reply))
            return u"the error reply does not round-trip: "_s + QString::fromUtf8(encode(reply));
        return {};
    }
    ++m_frames;
    const QByteArray encoded = encode(result.frame());
    const DecodeResult again = decode(encoded);
    if (!again.ok())
        return u"re-encoded frame does not decode: "_s + again.error().message;
    if (!(again.frame() == result.frame()))
        return u"re-encoded frame differs: "_s + QString::fromUtf8(encoded.left(300));
    if (encode(again.frame()) != encoded)
        return u"encoding is not stable"_s;
    return {};
}

void TestCodecFuzz::checkAll(const QByteArray &input)
{
    const QString problem = check(input);
    QVERIFY2(problem.isEmpty(),
        qPrintable(problem + u"\n  seed "_s + QString::number(m_seed) + u", input (base64) "_s
            + QString::fromLatin1(input.left(4096).toBase64())));
}

void TestCodecFuzz::randomBytes()
{
    Fuzzer f = fuzzer(1);
    for (int i = 0; i < 5000; ++i) {
        checkAll(f.randomBytes());
        if (QTest::currentTestFailed())
            return;
    }
}

void TestCodecFuzz::mutatedFrames()
{
    Fuzzer f = fuzzer(2);
    for (int i = 0; i < 8000; ++i) {
        checkAll(f.mutated(f.pick(m_corpus), f.pick(m_corpus)));
        if (QTest::currentTestFailed())
            return;
    }
}

void TestCodecFuzz::randomJson()
{
    Fuzzer f = fuzzer(3);
    for (int i = 0; i < 4000; ++i) {
        const QJsonValue value = f.chance(70) ? QJsonValue(f.randomObject(1)) : f.randomJson(1);
        QByteArray input = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
        input = input.mid(1, input.size() - 2); // any value at the top, not just objects and arrays
        if (f.chance(5)) // around the nesting limit
            input = QByteArray(30 + f.below(6), '[') + input + QByteArray(30 + f.below(6), ']');
        checkAll(input);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestCodecFuzz::corruptedFrames()
{
    Fuzzer f = fuzzer(4);
    for (int i = 0; i < 4000; ++i) {
        checkAll(f.corruptedFrame(f.pick(m_corpus)));
        if (QTest::currentTestFailed())
            return;
    }
}

// Frames built in memory with random field values: when their encoding decodes, it must decode to
// exactly the frame that was encoded (nothing silently dropped, truncated or rounded).
void TestCodecFuzz::randomFrames()
{
    Fuzzer f = fuzzer(5);
    for (int i = 0; i < 4000; ++i) {
        const Frame frame = f.randomFrame();
        const QByteArray encoded = encode(frame);
        QCOMPARE(encoded, encodeGenerally(frame));
        checkAll(encoded);
        if (QTest::currentTestFailed())
            return;
        const DecodeResult result = decode(encoded);
        QVERIFY2(!result.ok() || result.frame() == frame,
            qPrintable(
                u"seed "_s + QString::number(m_seed) + u": "_s + QString::fromUtf8(encoded.left(300))));
    }
}

// Messages and acks are written without a QJsonObject (core/protocol/directencoder.cpp): the
// bytes must be QJsonDocument's, for any text a person or a script can send, every optional field
// set or not, and integers up to and past 2^53 (where the general path takes over).
void TestCodecFuzz::directEncodingMatchesTheGeneralOne()
{
    Fuzzer f = fuzzer(6);
    const auto text = [&f] {
        QString result;
        for (int i = f.below(f.chance(90) ? 24 : 400); i > 0; --i) {
            switch (f.below(8)) {
            case 0: result += QChar(char16_t(f.below(0x20))); break;            // control characters
            case 1: result += QChar(char16_t(f.chance(50) ? u'"' : u'\\')); break;
            case 2: result += QChar(char16_t(0xd800 + f.below(0x800))); break;  // a surrogate, alone or not
            case 3: result += u"\U0001F600\u00e9\u20ac"_s; break;                // pairs, 2- and 3-byte UTF-8
            case 4: result += QChar(char16_t(0x80 + f.below(0xff80))); break;
            default: result += QChar(char16_t(0x20 + f.below(0x5f))); break;
            }
        }
        return result;
    };
    const auto integer = [&f]() -> qint64 {
        switch (f.below(4)) {
        case 0: return f.below(1000);
        case 1: return qint64(1) << 53; // the first the direct path hands back
        case 2: return (qint64(1) << 53) - 1 - f.below(10);
        default: return 1'700'000'000'000 + f.below(1'000'000'000);
        }
    };
    for (int i = 0; i < 4000; ++i) {
        Message message;
        message.stream = text();
        message.epoch = text();
        message.seq = integer();
        message.ts = integer();
        message.sender = text();
        message.clientMsgId = f.chance(30) ? QString() : text();
        message.text = text();
        if (f.chance(50))
            message.replyTo = integer();
        QCOMPARE(encode(message), encodeGenerally(message));

        Ack ack;
        ack.id = text();
        ack.stream = f.chance(30) ? QString() : text();
        ack.clientMsgId = f.chance(30) ? QString() : text();
        ack.epoch = f.chance(30) ? QString() : text();
        ack.seq = f.chance(20) ? 0 : integer();
        ack.ts = f.chance(20) ? 0 : integer();
        if (f.chance(30))
            ack.firstSeq = integer();
        if (f.chance(30))
            ack.hasMore = f.chance(50);
        ack.scheduled = f.chance(20);
        if (f.chance(30))
            ack.deliverAt = integer();
        QCOMPARE(encode(ack), encodeGenerally(ack));
    }
}

void TestCodecFuzz::cleanupTestCase()
{
    qInfo("%d inputs, %d decoded to frames", m_inputs, m_frames);
    QVERIFY(m_inputs >= 20'000);
}

QTEST_GUILESS_MAIN(TestCodecFuzz)
#include "tst_codec_fuzz.moc"
