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

// A direct conversation has 2 to kMaxDmMembers people; `open_dm` names the others (1 less).
inline constexpr qsizetype kMaxDmMembers = 16;
// The longest stream id: a dm of kMaxDmMembers longest user names joined by `+`.
inline constexpr qsizetype kMaxStreamIdLength = 3 + kMaxDmMembers * kMaxNameLength + (kMaxDmMembers - 1);

inline constexpr int kDefaultHistoryLimit = 100;
inline constexpr int kMaxHistoryLimit = 500;

inline constexpr qsizetype kMaxEmojiLength = 32;
inline constexpr qsizetype kMaxRoomTitleLength = 128;
inline constexpr qsizetype kMaxNotificationTitleLength = 256;
inline constexpr qsizetype kMaxUrlLength = 2048;
inline constexpr qsizetype kMaxTags = 10;
inline constexpr qsizetype kMaxTagLength = 32;
inline constexpr qsizetype kMaxActions = 3;
inline constexpr qsizetype kMaxActionLabelLength = 64;
inline constexpr qsizetype kMaxActionHeaders = 10;
inline constexpr qsizetype kMaxActionHeaderNameLength = 64;
inline constexpr qsizetype kMaxActionHeaderValueLength = 1024;
inline constexpr qsizetype kMaxActionBodyLength = 4096;
inline constexpr int kMinPriority = 1;
inline constexpr int kDefaultPriority = 3;
inline constexpr int kMaxPriority = 5;

} // namespace confab::protocol
