#pragma once

#include <QLatin1StringView>

namespace confab::protocol {

// The wire protocol's version, carried in hello and welcome. A relay answers a hello whose
// version it does not speak with `unsupported_protocol`.
inline constexpr int kProtocolVersion = 1;

// The WebSocket subprotocol both sides negotiate, and the path the relay serves it on.
inline constexpr QLatin1StringView kSubprotocol{"confab.v1"};
inline constexpr QLatin1StringView kWebSocketPath{"/v1/ws"};

// Validation limits of the codec. The relay's frame-size limit (a later, configurable setting)
// sits above these, so a frame that passes the socket can still be refused here with a typed error.
inline constexpr qsizetype kMaxIdLength = 64;
inline constexpr qsizetype kMaxNameLength = 64;
inline constexpr qsizetype kMaxSecretLength = 1024;
inline constexpr qsizetype kMaxTextLength = 16384;
inline constexpr qint64 kMaxSafeInteger = (qint64(1) << 53) - 1; // exact in a JSON number

} // namespace confab::protocol
