// Encoding and decoding of the frames about people and places: presence, rooms and their
// members, the stream list and direct conversations.

#include "codecparts.h"

#include <QSet>

#include <limits>

namespace confab::protocol::detail {

using namespace Qt::StringLiterals;
using Need = FieldReader::Need;

namespace {

template <typename Element, typename ReadElement>
QList<Element> readObjects(FieldReader &r, QLatin1StringView key, ReadElement readElement)
{
    // No count limit of its own: a reply's size is bounded by the relay's frame limit.
    const QJsonArray array = r.array(key, std::numeric_limits<qsizetype>::max(), Need::Required);
    QList<Element> elements;
    elements.reserve(array.size());
    for (qsizetype i = 0; i < array.size() && !r.failed(); ++i) {
        const QString path = r.elementPath(key, i);
        if (!array.at(i).isObject()) {
            r.fail(ErrorCode::InvalidField, u"field '%1' must be an object"_s.arg(path));
            break;
        }
        FieldReader element(array.at(i).toObject(), path, r);
        elements.append(readElement(element));
    }
    return elements;
}

MemberInfo readMemberInfo(FieldReader &r)
{
    MemberInfo info;
    info.user = r.userName("user"_L1);
    info.status = r.named("status"_L1, presenceStatusFromName, Need::Required).value_or(PresenceStatus::Offline);
    info.lastSeen = r.time("last_seen"_L1, Need::Optional);
    return info;
}

StreamSummary readStreamSummary(FieldReader &r)
{
    StreamSummary summary;
    summary.stream = r.stream();
    summary.kind = r.named("kind"_L1, streamKindFromName, Need::Required).value_or(StreamKind::Room);
    if (!r.failed())
        r.check(streamKindOf(summary.stream) == summary.kind, "kind"_L1, "does not match the stream id"_L1);
    summary.title = r.label("title"_L1, kMaxNotificationTitleLength, Need::Optional);
    summary.visibility = r.named("visibility"_L1, roomVisibilityFromName, Need::Optional);
    summary.member = r.boolean("member"_L1, Need::Required).value_or(false);
    summary.epoch = r.string("epoch"_L1, kMaxIdLength);
    summary.seq = r.integer("seq"_L1, 0, kMaxSafeInteger).value_or(0);
    return summary;
}

} // namespace

Frame decodeSetPresence(FieldReader &r)
{
    SetPresence presence;
    presence.id = r.id("id"_L1, Need::Optional);
    presence.status = r.named("status"_L1, presenceStatusFromName, Need::Required).value_or(PresenceStatus::Online);
    // Offline is what the relay concludes when the last connection goes, not something to claim.
    r.check(presence.status != PresenceStatus::Offline, "status"_L1, "must be online or away"_L1);
    return presence;
}

QJsonObject toJson(const SetPresence &f)
{
    QJsonObject o{{"type"_L1, "set_presence"_L1}, {"status"_L1, presenceStatusName(f.status)}};
    putIfSet(o, "id"_L1, f.id);
    return o;
}

Frame decodePresence(FieldReader &r)
{
    Presence presence;
    presence.user = r.userName("user"_L1);
    presence.status = r.named("status"_L1, presenceStatusFromName, Need::Required).value_or(PresenceStatus::Online);
    presence.lastSeen = r.time("last_seen"_L1, Need::Optional);
    return presence;
}

QJsonObject toJson(const Presence &f)
{
    QJsonObject o{{"type"_L1, "presence"_L1}, {"user"_L1, f.user}, {"status"_L1, presenceStatusName(f.status)}};
    putIfSet(o, "last_seen"_L1, f.lastSeen);
    return o;
}

Frame decodeCreateRoom(FieldReader &r)
{
    CreateRoom room;
    room.id = r.id("id"_L1, Need::Required);
    room.name = r.string("name"_L1, kMaxNameLength);
    if (!room.name.isEmpty())
        r.check(isValidName(room.name), "name"_L1, "is not a valid room name"_L1);
    room.visibility = r.named("visibility"_L1, roomVisibilityFromName, Need::Optional).value_or(RoomVisibility::Public);
    room.title = r.label("title"_L1, kMaxRoomTitleLength, Need::Optional);
    return room;
}

QJsonObject toJson(const CreateRoom &f)
{
    QJsonObject o{{"type"_L1, "create_room"_L1}, {"id"_L1, f.id}, {"name"_L1, f.name},
                  {"visibility"_L1, roomVisibilityName(f.visibility)}};
    putIfSet(o, "title"_L1, f.title);
    return o;
}

Frame decodeInvite(FieldReader &r)
{
    Invite invite;
    invite.id = r.id("id"_L1, Need::Required);
    invite.stream = r.stream("stream"_L1, StreamKind::Room);
    invite.user = r.userName("user"_L1);
    return invite;
}

QJsonObject toJson(const Invite &f)
{
    return {{"type"_L1, "invite"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}, {"user"_L1, f.user}};
}

Frame decodeJoin(FieldReader &r)
{
    Join join;
    join.id = r.id("id"_L1, Need::Required);
    join.stream = r.stream("stream"_L1, StreamKind::Room);
    return join;
}

QJsonObject toJson(const Join &f)
{
    return {{"type"_L1, "join"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
}

Frame decodeLeave(FieldReader &r)
{
    Leave leave;
    leave.id = r.id("id"_L1, Need::Required);
    leave.stream = r.stream("stream"_L1, StreamKind::Room);
    return leave;
}

QJsonObject toJson(const Leave &f)
{
    return {{"type"_L1, "leave"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
}

Frame decodeMember(FieldReader &r)
{
    Member member;
    readEventFields(r, member, Need::Optional);
    member.targetStream = r.stream("target_stream"_L1);
    member.user = r.userName("user"_L1);
    member.action = r.named("action"_L1, memberActionFromName, Need::Required).value_or(MemberAction::Joined);
    return member;
}

QJsonObject toJson(const Member &f)
{
    QJsonObject o = eventObject("member"_L1, f);
    o.insert("target_stream"_L1, f.targetStream);
    o.insert("user"_L1, f.user);
    o.insert("action"_L1, memberActionName(f.action));
    return o;
}

Frame decodeListMembers(FieldReader &r)
{
    ListMembers list;
    list.id = r.id("id"_L1, Need::Required);
    list.stream = r.stream();
    return list;
}

QJsonObject toJson(const ListMembers &f)
{
    return {{"type"_L1, "list_members"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}};
}

Frame decodeMembers(FieldReader &r)
{
    Members members;
    members.id = r.id("id"_L1, Need::Required);
    members.stream = r.stream();
    members.members = readObjects<MemberInfo>(r, "members"_L1, readMemberInfo);
    return members;
}

QJsonObject toJson(const Members &f)
{
    QJsonArray array;
    for (const MemberInfo &info : f.members) {
        QJsonObject o{{"user"_L1, info.user}, {"status"_L1, presenceStatusName(info.status)}};
        putIfSet(o, "last_seen"_L1, info.lastSeen);
        array.append(o);
    }
    return {{"type"_L1, "members"_L1}, {"id"_L1, f.id}, {"stream"_L1, f.stream}, {"members"_L1, array}};
}

Frame decodeListStreams(FieldReader &r)
{
    ListStreams list;
    list.id = r.id("id"_L1, Need::Required);
    return list;
}

QJsonObject toJson(const ListStreams &f)
{
    return {{"type"_L1, "list_streams"_L1}, {"id"_L1, f.id}};
}

Frame decodeStreams(FieldReader &r)
{
    Streams streams;
    streams.id = r.id("id"_L1, Need::Required);
    streams.streams = readObjects<StreamSummary>(r, "streams"_L1, readStreamSummary);
    return streams;
}

QJsonObject toJson(const Streams &f)
{
    QJsonArray array;
    for (const StreamSummary &summary : f.streams) {
        QJsonObject o{{"stream"_L1, summary.stream}, {"kind"_L1, streamKindName(summary.kind)},
                      {"member"_L1, summary.member}, {"epoch"_L1, summary.epoch}};
        putInteger(o, "seq"_L1, summary.seq);
        putIfSet(o, "title"_L1, summary.title);
        if (summary.visibility)
            o.insert("visibility"_L1, roomVisibilityName(*summary.visibility));
        array.append(o);
    }
    return {{"type"_L1, "streams"_L1}, {"id"_L1, f.id}, {"streams"_L1, array}};
}

Frame decodeOpenDm(FieldReader &r)
{
    OpenDm open;
    open.id = r.id("id"_L1, Need::Required);
    const QJsonArray array = r.array("members"_L1, kMaxDmMembers - 1, Need::Required);
    r.check(r.failed() || !array.isEmpty(), "members"_L1, "must name at least one user"_L1);
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.size() && !r.failed(); ++i) {
        const QString user = array.at(i).toString();
        if (!array.at(i).isString() || !isValidUserName(user) || seen.contains(user)) {
            r.fail(ErrorCode::InvalidField,
                   u"field '%1' must be a user name, each named once"_s.arg(r.elementPath("members"_L1, i)));
            break;
        }
        seen.insert(user);
        open.members.append(user);
    }
    return open;
}

QJsonObject toJson(const OpenDm &f)
{
    return {{"type"_L1, "open_dm"_L1}, {"id"_L1, f.id}, {"members"_L1, QJsonArray::fromStringList(f.members)}};
}

} // namespace confab::protocol::detail
