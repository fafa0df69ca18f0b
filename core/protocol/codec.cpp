#include "codec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace confab::protocol {
namespace {

using namespace Qt::StringLiterals;

// Reads typed fields out of a JSON object; the first problem becomes the decode error.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object) : m_object(object) {}

    QString string(QLatin1StringView key, qsizetype maxLength, bool required = true)
    {
        const QJsonValue value = m_object.value(key);
        if (isAbsent(value)) {
            if (required)
                fail(ErrorCode::MissingField, "field '%1' is required"_L1, key);
            return {};
        }
        if (!value.isString()) {
            fail(ErrorCode::InvalidField, "field '%1' must be a string"_L1, key);
            return {};
        }
        QString text = value.toString();
        if (text.size() > maxLength) {
            fail(ErrorCode::TooLarge, "field '%1' is longer than %2 characters"_L1, key,
                 QString::number(maxLength));
            return {};
        }
        // JSON escapes can spell a lone surrogate ("\ud800"), which no UTF-8 encoder, store or
        // peer can carry faithfully; refuse it here rather than let it turn into U+FFFD later.
        if (!QStringView(text).isValidUtf16()) {
            fail(ErrorCode::InvalidField, "field '%1' is not valid Unicode"_L1, key);
            return {};
        }
        if (required && text.isEmpty())
            fail(ErrorCode::InvalidField, "field '%1' must not be empty"_L1, key);
        return text;
    }

    std::optional<qint64> integer(QLatin1StringView key, qint64 min, qint64 max, bool required = true)
    {
        const QJsonValue value = m_object.value(key);
        if (isAbsent(value)) {
            if (required)
                fail(ErrorCode::MissingField, "field '%1' is required"_L1, key);
            return std::nullopt;
        }
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || !std::isfinite(number) || number != std::trunc(number)
            || number < double(min) || number > double(max)) {
            fail(ErrorCode::InvalidField, "field '%1' must be an integer from %2 to %3"_L1, key,
                 QString::number(min), QString::number(max));
            return std::nullopt;
        }
        return qint64(number);
    }

    QJsonObject object(QLatin1StringView key)
    {
        const QJsonValue value = m_object.value(key);
        if (isAbsent(value)) {
            fail(ErrorCode::MissingField, "field '%1' is required"_L1, key);
            return {};
        }
        if (!value.isObject()) {
            fail(ErrorCode::InvalidField, "field '%1' must be an object"_L1, key);
            return {};
        }
        return value.toObject();
    }

    void check(bool condition, QLatin1StringView key, QLatin1StringView what)
    {
        if (!condition)
            fail(ErrorCode::InvalidField, "field '%1' %2"_L1, key, what);
    }

    template <typename... Args>
    void fail(ErrorCode code, QLatin1StringView format, Args... args)
    {
        if (m_error)
            return;
        QString message = format;
        ((message = message.arg(args)), ...);
        m_error = DecodeError{code, message, {}};
    }

    const std::optional<DecodeError> &error() const { return m_error; }

    // Many JSON writers emit null for an unset optional value; treat it as the absent field it means.
    static bool isAbsent(const QJsonValue &value) { return value.isUndefined() || value.isNull(); }

private:
    const QJsonObject &m_object;
    std::optional<DecodeError> m_error;
};

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
}

// A name starts with a letter or digit, so that `.`, `..` and `-x` never name anything: names end
// up in file names, URLs and command lines.
bool isValidName(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return false;
    const QChar first = name.front();
    if (!((first >= u'a' && first <= u'z') || (first >= u'0' && first <= u'9')))
        return false;
    return std::all_of(name.begin(), name.end(), isNameChar);
}

// A direct conversation is named by its members' user names, sorted and joined by `+`, so that each
// set of members has exactly one stream.
bool isValidDmName(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return false;
    QStringView previous;
    for (const QStringView member : name.tokenize(u'+')) {
        if (!isValidUserName(member) || (!previous.isEmpty() && previous.compare(member) >= 0))
            return false;
        previous = member;
    }
    return true;
}

QString readId(FieldReader &reader, QLatin1StringView key, bool required)
{
    QString id = reader.string(key, kMaxIdLength, required);
    if (!id.isEmpty())
        reader.check(isValidId(id), key, "must be printable ASCII without spaces"_L1);
    return id;
}

QString readStream(FieldReader &reader, bool required = true)
{
    QString stream = reader.string("stream"_L1, kMaxNameLength + 8, required);
    if (!stream.isEmpty())
        reader.check(isValidStreamId(stream), "stream"_L1, "is not a valid stream id"_L1);
    return stream;
}

Frame decodeHello(FieldReader &r, const QJsonObject &)
{
    Hello hello;
    hello.id = readId(r, "id"_L1, false);
    hello.protocol = int(r.integer("protocol"_L1, 1, 1'000'000).value_or(0));
    hello.client = r.string("client"_L1, kMaxNameLength * 2, false);
    const QJsonObject auth = r.object("auth"_L1);
    FieldReader authReader(auth);
    hello.username = authReader.string("username"_L1, kMaxNameLength);
    hello.password = authReader.string("password"_L1, kMaxSecretLength);
    if (authReader.error()) {
        const DecodeError &e = *authReader.error();
        r.fail(e.code, "auth: %1"_L1, e.message);
    }
    return hello;
}

Frame decodeWelcome(FieldReader &r, const QJsonObject &)
{
    Welcome welcome;
    welcome.id = readId(r, "id"_L1, false);
    welcome.protocol = int(r.integer("protocol"_L1, 1, 1'000'000).value_or(0));
    welcome.user = r.string("user"_L1, kMaxNameLength);
    welcome.server = r.string("server"_L1, kMaxNameLength * 2, false);
    welcome.time = r.integer("time"_L1, 0, kMaxSafeInteger).value_or(0);
    return welcome;
}

Frame decodeSubscribe(FieldReader &r, const QJsonObject &)
{
    Subscribe subscribe;
    subscribe.id = readId(r, "id"_L1, true);
    subscribe.stream = readStream(r);
    subscribe.since = r.integer("since"_L1, 0, kMaxSafeInteger, false);
    return subscribe;
}

Frame decodeSend(FieldReader &r, const QJsonObject &)
{
    Send send;
    send.id = readId(r, "id"_L1, true);
    send.stream = readStream(r);
    send.clientMsgId = readId(r, "client_msg_id"_L1, true);
    send.text = r.string("text"_L1, kMaxTextLength);
    return send;
}

Frame decodeAck(FieldReader &r, const QJsonObject &)
{
    Ack ack;
    ack.id = readId(r, "id"_L1, true);
    ack.stream = readStream(r, false);
    ack.clientMsgId = readId(r, "client_msg_id"_L1, false);
    ack.epoch = r.string("epoch"_L1, kMaxIdLength, false);
    ack.seq = r.integer("seq"_L1, 0, kMaxSafeInteger, false).value_or(0);
    ack.ts = r.integer("ts"_L1, 0, kMaxSafeInteger, false).value_or(0);
    return ack;
}

Frame decodeMessage(FieldReader &r, const QJsonObject &)
{
    Message message;
    message.stream = readStream(r);
    message.epoch = r.string("epoch"_L1, kMaxIdLength);
    message.seq = r.integer("seq"_L1, 1, kMaxSafeInteger).value_or(0);
    message.ts = r.integer("ts"_L1, 0, kMaxSafeInteger).value_or(0);
    message.sender = r.string("sender"_L1, kMaxNameLength);
    message.clientMsgId = readId(r, "client_msg_id"_L1, true);
    message.text = r.string("text"_L1, kMaxTextLength);
    return message;
}

Frame decodeError(FieldReader &r, const QJsonObject &)
{
    Error error;
    error.id = readId(r, "id"_L1, false);
    const QString code = r.string("code"_L1, kMaxNameLength);
    if (!code.isEmpty()) {
        // An unknown code from a newer relay still decodes, as `internal`, keeping its message.
        error.code = errorCodeFromName(code).value_or(ErrorCode::Internal);
    }
    error.message = r.string("message"_L1, kMaxTextLength, false);
    error.retryAfterMs = r.integer("retry_after_ms"_L1, 0, kMaxSafeInteger, false);
    return error;
}

using Decoder = Frame (*)(FieldReader &, const QJsonObject &);

// Frames nest two levels deep (hello's auth); leave room for later fields without nearing the stack.
constexpr int kMaxDepth = 32;

// QJsonDocument parses recursively and allows 1024 levels, enough to overflow a small thread stack
// (a worker thread, a sanitizer build). Counting brackets outside strings is exact for every valid
// JSON prefix, and the parser stops at the first invalid byte, so it never nests deeper than this count.
bool nestsDeeperThan(QByteArrayView data, int limit)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : data) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

// Peer-supplied text quoted in an error message: printable ASCII only, so it cannot forge log lines
// or split a surrogate pair, and short.
QString printable(const QString &text)
{
    QString result = text.left(kMaxNameLength);
    for (QChar &c : result) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            c = u'?';
    }
    return result;
}

Decoder decoderFor(MessageType type)
{
    switch (type) {
    case MessageType::Hello: return decodeHello;
    case MessageType::Welcome: return decodeWelcome;
    case MessageType::Subscribe: return decodeSubscribe;
    case MessageType::Send: return decodeSend;
    case MessageType::Ack: return decodeAck;
    case MessageType::Message: return decodeMessage;
    case MessageType::Error: return decodeError;
    }
    return nullptr;
}

void putIfSet(QJsonObject &object, QLatin1StringView key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

QJsonObject toJson(const Hello &f)
{
    QJsonObject o{{"type"_L1, "hello"_L1}, {"protocol"_L1, f.protocol},
                  {"auth"_L1, QJsonObject{{"username"_L1, f.username}, {"password"_L1, f.password}}}};
    putIfSet(o, "id"_L1, f.id);
    putIfSet(o, "client"_L1, f.client);
    return o;
}

QJsonObject toJson(const Welcome &f)
{
    QJsonObject o{{"type"_L1, "welcome"_L1}, {"protocol"_L1, f.protocol}, {"user"_L1, f.user},
                  {"time"_L1, double(f.time)}};
    putIfSet(o, "id"_L1, f.id);
    putIfSet(o, "server"_L1, f.server);
    return o;
}

QJsonObject toJson(const Subscribe &f)
{
    QJsonObject o{{"type"_L1, "subscribe"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
    if (f.since)
        o.insert("since"_L1, double(*f.since));
    return o;
}

QJsonObject toJson(const Send &f)
{
    return {{"type"_L1, "send"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream},
            {"client_msg_id"_L1, f.clientMsgId}, {"text"_L1, f.text}};
}

QJsonObject toJson(const Ack &f)
{
    QJsonObject o{{"type"_L1, "ack"_L1}, {"id"_L1, f.id}};
    putIfSet(o, "stream"_L1, f.stream);
    putIfSet(o, "client_msg_id"_L1, f.clientMsgId);
    putIfSet(o, "epoch"_L1, f.epoch);
    if (f.seq)
        o.insert("seq"_L1, double(f.seq));
    if (f.ts)
        o.insert("ts"_L1, double(f.ts));
    return o;
}

QJsonObject toJson(const Message &f)
{
    return {{"type"_L1, "message"_L1}, {"stream"_L1, f.stream}, {"epoch"_L1, f.epoch},
            {"seq"_L1, double(f.seq)}, {"ts"_L1, double(f.ts)}, {"sender"_L1, f.sender},
            {"client_msg_id"_L1, f.clientMsgId}, {"text"_L1, f.text}};
}

QJsonObject toJson(const Error &f)
{
    QJsonObject o{{"type"_L1, "error"_L1}, {"code"_L1, errorCodeName(f.code)}, {"message"_L1, f.message}};
    putIfSet(o, "id"_L1, f.id);
    if (f.retryAfterMs)
        o.insert("retry_after_ms"_L1, double(*f.retryAfterMs));
    return o;
}

} // namespace

QByteArray encode(const Frame &frame)
{
    const QJsonObject object = std::visit([](const auto &f) { return toJson(f); }, frame);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

DecodeResult decode(QByteArrayView data)
{
    if (nestsDeeperThan(data, kMaxDepth))
        return DecodeError{ErrorCode::Malformed, u"nested deeper than %1 levels"_s.arg(kMaxDepth), {}};
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(data.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return DecodeError{ErrorCode::Malformed, u"not valid JSON: "_s + parseError.errorString(), {}};
    if (!document.isObject())
        return DecodeError{ErrorCode::Malformed, u"a frame must be a JSON object"_s, {}};

    const QJsonObject object = document.object();
    // Read the id first, so that every later error can echo it.
    QString id;
    if (const QJsonValue idValue = object.value("id"_L1); idValue.isString()) {
        if (const QString text = idValue.toString(); text.size() <= kMaxIdLength && isValidId(text))
            id = text;
    }

    const QJsonValue typeValue = object.value("type"_L1);
    if (FieldReader::isAbsent(typeValue))
        return DecodeError{ErrorCode::MissingField, u"field 'type' is required"_s, id};
    if (!typeValue.isString())
        return DecodeError{ErrorCode::InvalidField, u"field 'type' must be a string"_s, id};
    const std::optional<MessageType> type = messageTypeFromName(typeValue.toString());
    if (!type) {
        return DecodeError{ErrorCode::UnknownType,
                           u"unknown message type '%1'"_s.arg(printable(typeValue.toString())), id};
    }

    FieldReader reader(object);
    Frame frame = decoderFor(*type)(reader, object);
    if (reader.error()) {
        DecodeError error = *reader.error();
        error.id = id;
        return error;
    }
    return frame;
}

MessageType typeOf(const Frame &frame)
{
    return std::visit(
        [](const auto &f) {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, Hello>) return MessageType::Hello;
            else if constexpr (std::is_same_v<T, Welcome>) return MessageType::Welcome;
            else if constexpr (std::is_same_v<T, Subscribe>) return MessageType::Subscribe;
            else if constexpr (std::is_same_v<T, Send>) return MessageType::Send;
            else if constexpr (std::is_same_v<T, Ack>) return MessageType::Ack;
            else if constexpr (std::is_same_v<T, Message>) return MessageType::Message;
            else return MessageType::Error;
        },
        frame);
}

bool isValidId(QStringView id)
{
    if (id.isEmpty() || id.size() > kMaxIdLength)
        return false;
    for (QChar c : id) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

bool isValidStreamId(QStringView stream)
{
    const qsizetype colon = stream.indexOf(u':');
    if (colon <= 0)
        return false;
    const QStringView kind = stream.left(colon);
    const QStringView name = stream.mid(colon + 1);
    if (kind == u"room" || kind == u"topic")
        return isValidName(name);
    if (kind == u"dm")
        return isValidDmName(name);
    return false;
}

bool isValidUserName(QStringView name)
{
    return isValidName(name);
}

} // namespace confab::protocol
