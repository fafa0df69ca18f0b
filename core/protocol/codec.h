#pragma once

#include "frames.h"
#include "messagetype.h"

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

// Parses and strictly validates one frame: a JSON object with a known `type` and every field of
// that type present with the right JSON type and within its limits. Unknown fields are ignored,
// so that newer peers can add optional fields. Safe on any input.
DecodeResult decode(QByteArrayView data);

// The message type of a frame.
MessageType typeOf(const Frame &frame);

// A request id or client_msg_id: 1 to kMaxIdLength printable ASCII characters, no spaces.
bool isValidId(QStringView id);

// A stream id: `<kind>:<name>` with kind `room`, `dm` or `topic`. Room and topic names are 1 to
// kMaxNameLength characters from [a-z0-9._-] starting with a letter or digit; a dm name is the
// sorted list of its distinct members' user names joined by `+`, so each set of people has exactly
// one conversation.
bool isValidStreamId(QStringView stream);

// A user name: 1 to kMaxNameLength characters from [a-z0-9._-], starting with a letter or digit.
bool isValidUserName(QStringView name);

} // namespace confab::protocol
