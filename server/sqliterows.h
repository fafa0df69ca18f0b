#pragma once

#include "storedevent.h"
#include "streaminfo.h"

#include <QLatin1StringView>
#include <QSqlQuery>
#include <QString>

#include <optional>

// How the SQLite store's rows map to the store's value types, shared by the store and its batch
// writer. Each SELECT lists the *Columns constant first, in that order, so one reader fits all.
namespace confab::relay::sqliterows {

// FROM events e JOIN streams s ON s.id = e.stream
inline constexpr QLatin1StringView kEventColumns =
    QLatin1StringView("e.stream, e.seq, e.ts, e.type, e.sender, e.client_msg_id, e.target, e.expires_at, e.frame, s.epoch");
StoredEvent storedEvent(const QSqlQuery &query);

// FROM streams
inline constexpr QLatin1StringView kStreamColumns =
    QLatin1StringView("id, kind, visibility, title, epoch, first_seq, last_seq, created_by, created");
inline constexpr int kStreamColumnCount = 9;
StreamInfo streamInfo(const QSqlQuery &query);

// FROM scheduled
inline constexpr QLatin1StringView kScheduledColumns =
    QLatin1StringView("id, stream, sender, client_msg_id, deliver_at, expires_at, payload, created");
ScheduledNotification scheduled(const QSqlQuery &query);

// The words stored in the kind, visibility and state columns: stable, whatever the wire says.
QString kindName(protocol::StreamKind kind);
std::optional<protocol::StreamKind> kindOfId(QStringView streamId);
QString visibilityName(protocol::RoomVisibility visibility);
QString memberStateName(MemberState state);
MemberState memberStateFromName(QStringView name);

} // namespace confab::relay::sqliterows
