#include "fieldvalues.h"

#include <array>
#include <utility>

namespace confab::protocol {
namespace {

template <typename Enum, std::size_t N>
QString nameIn(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueIn(const std::array<std::pair<Enum, const char *>, N> &table, QStringView name)
{
    for (const auto &[value, text] : table) {
        if (name == QLatin1StringView(text))
            return value;
    }
    return std::nullopt;
}

constexpr std::array kVisibilities{
    std::pair{RoomVisibility::Public, "public"},
    std::pair{RoomVisibility::Private, "private"},
};

constexpr std::array kStatuses{
    std::pair{PresenceStatus::Online, "online"},
    std::pair{PresenceStatus::Away, "away"},
    std::pair{PresenceStatus::Offline, "offline"},
};

constexpr std::array kMemberActions{
    std::pair{MemberAction::Invited, "invited"},
    std::pair{MemberAction::Joined, "joined"},
    std::pair{MemberAction::Left, "left"},
};

constexpr std::array kActionKinds{
    std::pair{NotificationActionKind::View, "view"},
    std::pair{NotificationActionKind::Http, "http"},
};

constexpr std::array kMethods{
    std::pair{HttpMethod::Get, "GET"},
    std::pair{HttpMethod::Post, "POST"},
    std::pair{HttpMethod::Put, "PUT"},
    std::pair{HttpMethod::Delete, "DELETE"},
    std::pair{HttpMethod::Patch, "PATCH"},
};

} // namespace

QString roomVisibilityName(RoomVisibility visibility) { return nameIn(kVisibilities, visibility); }
std::optional<RoomVisibility> roomVisibilityFromName(QStringView name) { return valueIn(kVisibilities, name); }

QString presenceStatusName(PresenceStatus status) { return nameIn(kStatuses, status); }
std::optional<PresenceStatus> presenceStatusFromName(QStringView name) { return valueIn(kStatuses, name); }

QString memberActionName(MemberAction action) { return nameIn(kMemberActions, action); }
std::optional<MemberAction> memberActionFromName(QStringView name) { return valueIn(kMemberActions, name); }

QString notificationActionKindName(NotificationActionKind kind) { return nameIn(kActionKinds, kind); }
std::optional<NotificationActionKind> notificationActionKindFromName(QStringView name)
{
    return valueIn(kActionKinds, name);
}

QString httpMethodName(HttpMethod method) { return nameIn(kMethods, method); }
std::optional<HttpMethod> httpMethodFromName(QStringView name) { return valueIn(kMethods, name); }

} // namespace confab::protocol
