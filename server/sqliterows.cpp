#include "sqliterows.h"

#include "sqlitestatements.h"

#include <QVariant>

namespace confab::relay::sqliterows {

using namespace Qt::StringLiterals;

namespace {

QString textOrEmpty(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString();
}

} // namespace

StoredEvent storedEvent(const QSqlQuery &query)
{
    StoredEvent event;
    event.stream = query.value(0).toString();
    event.seq = query.value(1).toLongLong();
    event.ts = query.value(2).toLongLong();
    event.type = static_cast<protocol::MessageType>(query.value(3).toInt());
    event.sender = query.value(4).toString();
    event.clientMsgId = textOrEmpty(query.value(5));
    event.target = optionalInt(query.value(6));
    event.expiresAt = optionalInt(query.value(7));
    event.frame = query.value(8).toByteArray();
    event.epoch = query.value(9).toString();
    return event;
}

StreamInfo streamInfo(const QSqlQuery &query)
{
    StreamInfo info;
    info.id = query.value(0).toString();
    info.kind = kindOfId(info.id).value_or(protocol::StreamKind::Room);
    info.visibility = query.value(2).toString() == "private"_L1 ? protocol::RoomVisibility::Private
                                                                : protocol::RoomVisibility::Public;
    info.title = query.value(3).toString();
    info.epoch = query.value(4).toString();
    info.firstSeq = query.value(5).toLongLong();
    info.lastSeq = query.value(6).toLongLong();
    info.createdBy = query.value(7).toString();
    info.created = query.value(8).toLongLong();
    return info;
}

ScheduledNotification scheduled(const QSqlQuery &query)
{
    ScheduledNotification scheduled;
    scheduled.id = query.value(0).toLongLong();
    scheduled.stream = query.value(1).toString();
    scheduled.sender = query.value(2).toString();
    scheduled.clientMsgId = textOrEmpty(query.value(3));
    scheduled.deliverAt = query.value(4).toLongLong();
    scheduled.expiresAt = optionalInt(query.value(5));
    scheduled.payload = query.value(6).toByteArray();
    scheduled.created = query.value(7).toLongLong();
    return scheduled;
}

QString kindName(protocol::StreamKind kind)
{
    switch (kind) {
    case protocol::StreamKind::Room:
        return u"room"_s;
    case protocol::StreamKind::Dm:
        return u"dm"_s;
    case protocol::StreamKind::Topic:
        return u"topic"_s;
    case protocol::StreamKind::User:
        return u"user"_s;
    }
    return u"room"_s;
}

std::optional<protocol::StreamKind> kindOfId(QStringView streamId)
{
    const qsizetype colon = streamId.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const QStringView prefix = streamId.left(colon);
    if (prefix == u"room")
        return protocol::StreamKind::Room;
    if (prefix == u"dm")
        return protocol::StreamKind::Dm;
    if (prefix == u"topic")
        return protocol::StreamKind::Topic;
    if (prefix == u"user")
        return protocol::StreamKind::User;
    return std::nullopt;
}

QString visibilityName(protocol::RoomVisibility visibility)
{
    return visibility == protocol::RoomVisibility::Private ? u"private"_s : u"public"_s;
}

QString memberStateName(MemberState state)
{
    return state == MemberState::Invited ? u"invited"_s : u"joined"_s;
}

MemberState memberStateFromName(QStringView name)
{
    return name == u"invited" ? MemberState::Invited : MemberState::Joined;
}

} // namespace confab::relay::sqliterows
