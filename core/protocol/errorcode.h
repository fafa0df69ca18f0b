#pragma once

#include <QString>

#include <optional>

namespace confab::protocol {

// Typed error codes carried by `error` frames. Append-only: a code, once released, keeps its
// name and meaning. docs/protocol.md lists each one with the situations that produce it.
enum class ErrorCode {
    Malformed,           // the frame is not a JSON object (bad UTF-8, bad JSON, an array...)
    UnknownType,         // `type` names no message type this side knows
    MissingField,        // a required field is absent
    InvalidField,        // a field has the wrong JSON type, length or format
    UnexpectedType,      // a known type that is not valid here (wrong direction, or out of order)
    UnsupportedProtocol, // hello asked for a protocol version the relay does not speak
    NotAuthenticated,    // a request before a successful hello
    AuthFailed,          // unknown user or wrong password (the same reply for both)
    NotFound,            // the stream does not exist
    Forbidden,           // the stream exists but this user may not use it this way
    TooLarge,            // the frame or a field exceeds a size limit
    RateLimited,         // too many requests; `retry_after_ms` says when to try again
    Internal,            // the relay failed (a store error); the request may be retried
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(QStringView name);

} // namespace confab::protocol
