#pragma once

#include "frames.h"
#include "messagetype.h"
#include "streamid.h"

#include <QByteArray>
#include <QByteArrayView>

#include <variant>

namespace confab::protocol {

// Why a frame could not be decoded. `id` carries the request id when the frame was an object
// with a valid string `id`, so the reply can echo it.
struct DecodeError {
    ErrorCode code = ErrorCode::Malformed;
    QString message;
    QString id;
    friend bool operator==(const DecodeError &, const DecodeError &) = default;
};

// The result of decoding: a frame or a typed error. Never throws.
class DecodeResult
{
public:
    DecodeResult(Frame frame) : m_value(std::move(frame)) {}
    DecodeResult(DecodeError error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<Frame>(m_value); }
    const Frame &frame() const { return std::get<Frame>(m_value); }
    const DecodeError &error() const { return std::get<DecodeError>(m_value); }

private:
    std::variant<Frame, DecodeError> m_value;
};

// Serializes one frame as compact UTF-8 JSON.
QByteArray encode(const Frame &frame);
// The same bytes, always through a QJsonObject; encode() writes chat messages and acks directly
// and must equal this for every frame (tst_codec_fuzz compares them).
QByteArray encodeGenerally(const Frame &frame);

// Parses and strictly validates one frame: a JSON object with a known `type` and every field of
// that type present with the right JSON type and within its limits. Unknown fields are ignored,
// so that newer peers can add optional fields. Safe on any input.
DecodeResult decode(QByteArrayView data);

// The message type of a frame.
MessageType typeOf(const Frame &frame);

// The request id of a frame (empty when it has none), e.g. to echo it in an error.
QString idOf(const Frame &frame);

// The `stream` field of a frame (empty when it has none). For read, dismissed and member events
// this is the stream they are stored in, not targetStream.
QString streamOf(const Frame &frame);

} // namespace confab::protocol
