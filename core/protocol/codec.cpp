// The codec's entry points: parsing guards, dispatch by message type, and the frame helpers.
// The per-type decoders and encoders live in codecsession/chat/notifications/rooms.cpp.

#include "codec.h"

#include "codecparts.h"
#include "directencoder.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <array>

namespace confab::protocol {
namespace {

using namespace Qt::StringLiterals;
using detail::FieldReader;

using Decoder = Frame (*)(FieldReader &);

// In the order of the message type table: kDecoders[number - 1].
constexpr std::array<Decoder, 37> kDecoders{
    detail::decodeHello,        detail::decodeWelcome,     detail::decodeSubscribe,
    detail::decodeSend,         detail::decodeAck,         detail::decodeMessage,
    detail::decodeError,        detail::decodeUnsubscribe, detail::decodeSynced,
    detail::decodeHistory,      detail::decodeEdit,        detail::decodeEdited,
    detail::decodeDelete,       detail::decodeDeleted,     detail::decodeReact,
    detail::decodeReaction,     detail::decodeMarkRead,    detail::decodeRead,
    detail::decodePublish,      detail::decodeNotification, detail::decodeDismiss,
    detail::decodeDismissed,    detail::decodeSetTyping,   detail::decodeTyping,
    detail::decodeSetPresence,  detail::decodePresence,    detail::decodeCreateRoom,
    detail::decodeInvite,       detail::decodeJoin,        detail::decodeLeave,
    detail::decodeMember,       detail::decodeListMembers, detail::decodeMembers,
    detail::decodeListStreams,  detail::decodeStreams,     detail::decodeOpenDm,
    detail::decodeLogout,
};
static_assert(kDecoders.size() == std::variant_size_v<Frame>, "one decoder per frame type");

// Frames nest four levels deep (a notification action's headers); leave room for later fields
// without nearing the stack.
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

} // namespace

QByteArray encode(const Frame &frame)
{
    // The frames of every chat message skip the QJsonObject (directencoder.h says why).
    if (const auto *message = std::get_if<Message>(&frame)) {
        if (std::optional<QByteArray> bytes = detail::encodeDirectly(*message))
            return *std::move(bytes);
    } else if (const auto *ack = std::get_if<Ack>(&frame)) {
        if (std::optional<QByteArray> bytes = detail::encodeDirectly(*ack))
            return *std::move(bytes);
    }
    return encodeGenerally(frame);
}

QByteArray encodeGenerally(const Frame &frame)
{
    const QJsonObject object = std::visit([](const auto &f) { return detail::toJson(f); }, frame);
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
        if (const QString text = idValue.toString(); isValidId(text))
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
    Frame frame = kDecoders.at(std::size_t(*type) - 1)(reader);
    if (reader.error()) {
        DecodeError error = *reader.error();
        error.id = id;
        return error;
    }
    return frame;
}

MessageType typeOf(const Frame &frame)
{
    // The variant's alternatives follow the message type table (frames.h).
    return MessageType(int(frame.index()) + 1);
}

QString idOf(const Frame &frame)
{
    return std::visit(
        [](const auto &f) {
            if constexpr (requires { f.id; })
                return f.id;
            else
                return QString();
        },
        frame);
}

QString streamOf(const Frame &frame)
{
    return std::visit(
        [](const auto &f) {
            if constexpr (requires { f.stream; })
                return f.stream;
            else
                return QString();
        },
        frame);
}

} // namespace confab::protocol
