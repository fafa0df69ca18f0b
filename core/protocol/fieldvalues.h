#pragma once

#include <QString>

#include <optional>

namespace confab::protocol {

// The closed sets of string values some fields carry (a room's visibility, a presence status...),
// as enums with their wire names. Like the message type table they are append-only; a decoder
// refuses a name it does not know with `invalid_field`.

enum class RoomVisibility { Public, Private };
enum class PresenceStatus { Online, Away, Offline };
enum class MemberAction { Invited, Joined, Left };
enum class NotificationActionKind { View, Http };
enum class HttpMethod { Get, Post, Put, Delete, Patch };

QString roomVisibilityName(RoomVisibility visibility);
std::optional<RoomVisibility> roomVisibilityFromName(QStringView name);

QString presenceStatusName(PresenceStatus status);
std::optional<PresenceStatus> presenceStatusFromName(QStringView name);

QString memberActionName(MemberAction action);
std::optional<MemberAction> memberActionFromName(QStringView name);

QString notificationActionKindName(NotificationActionKind kind);
std::optional<NotificationActionKind> notificationActionKindFromName(QStringView name);

// Upper case on the wire ("POST"), as in HTTP.
QString httpMethodName(HttpMethod method);
std::optional<HttpMethod> httpMethodFromName(QStringView name);

} // namespace confab::protocol
