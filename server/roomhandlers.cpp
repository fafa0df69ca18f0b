// ClientSession: rooms and direct conversations (create, invite, join, leave, open_dm), the
// member and stream lists, and presence.
#include "clientsession.h"
#include "eventstore.h"
#include "memberevents.h"
#include "presencetracker.h"
#include "streamhub.h"

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::MemberAction;
using protocol::MessageType;
using protocol::StreamKind;

void ClientSession::onCreateRoom(const protocol::CreateRoom &createRoom)
{
    const QString id = u"room:"_s + createRoom.name;
    if (!protocol::isValidStreamId(id)) {
        sendError(
            createRoom.id, ErrorCode::InvalidField, u"'%1' is not a valid room name"_s.arg(createRoom.name));
        return;
    }
    const StoreResult<std::optional<StreamInfo>> existing = m_services.store.stream(id);
    const StoreResult<std::optional<MemberState>> state = m_services.store.memberState(id, m_user);
    if (!existing.ok() || !state.ok()) {
        sendError(createRoom.id, ErrorCode::Internal, u"the relay could not read the rooms; try again"_s);
        return;
    }
    if (existing.value()) {
        // A repeat of our own creation (its ack was lost) succeeds again; anything else is a clash.
        if (existing.value()->createdBy == m_user && state.value() == MemberState::Joined)
            acknowledge(createRoom.id, id);
        else
            sendError(createRoom.id, ErrorCode::InvalidField, u"that room name is taken"_s);
        return;
    }
    QList<NewEvent> events = MemberEvents::change(id, m_user, m_user, MemberAction::Joined);
    events.first().ensureStream = NewStream { id, createRoom.visibility, createRoom.title, m_user };
    commit(createRoom.id, std::move(events),
        [this, requestId = createRoom.id, id](const QList<AppendOutcome> &) { acknowledge(requestId, id); });
}

void ClientSession::onInvite(const protocol::Invite &invite)
{
    if (protocol::streamKindOf(invite.stream) != StreamKind::Room) {
        sendError(invite.id, ErrorCode::InvalidField, u"only rooms take invitations; dm members are fixed"_s);
        return;
    }
    const std::optional<StreamInfo> room = allowed(invite.id, invite.stream, AccessPolicy::Use::Post);
    if (!room)
        return;
    const StoreResult<bool> exists = m_services.store.userExists(invite.user);
    const StoreResult<std::optional<MemberState>> state = m_services.store.memberState(room->id, invite.user);
    if (!exists.ok() || !state.ok()) {
        sendError(invite.id, ErrorCode::Internal, u"the relay could not read the members; try again"_s);
        return;
    }
    if (!exists.value()) {
        sendError(invite.id, ErrorCode::NotFound, u"no user %1"_s.arg(invite.user));
        return;
    }
    if (state.value()) {
        // Invited or joined already: nothing to store, and the answer is the same.
        acknowledge(invite.id, room->id);
        return;
    }
    commit(invite.id, MemberEvents::change(room->id, m_user, invite.user, MemberAction::Invited),
        [this, requestId = invite.id, id = room->id](
            const QList<AppendOutcome> &) { acknowledge(requestId, id); });
}

void ClientSession::onJoin(const protocol::Join &join)
{
    if (protocol::streamKindOf(join.stream) != StreamKind::Room) {
        sendError(join.id, ErrorCode::InvalidField, u"only rooms can be joined; open a dm with open_dm"_s);
        return;
    }
    const StoreResult<std::optional<StreamInfo>> room = m_services.store.stream(join.stream);
    const StoreResult<std::optional<MemberState>> state = m_services.store.memberState(join.stream, m_user);
    if (!room.ok() || !state.ok()) {
        sendError(join.id, ErrorCode::Internal, u"the relay could not read the room; try again"_s);
        return;
    }
    if (!room.value()) {
        sendError(join.id, ErrorCode::NotFound, AccessPolicy::hiddenMessage());
        return;
    }
    if (state.value() == MemberState::Joined) {
        acknowledge(join.id, join.stream);
        return;
    }
    if (room.value()->visibility == protocol::RoomVisibility::Private
        && state.value() != MemberState::Invited) {
        // The same answer as for a room that does not exist: outsiders cannot probe for it.
        refuseAccess(join.id, join.stream, AccessPolicy::Use::Read,
            { std::nullopt, ErrorCode::NotFound, AccessPolicy::hiddenMessage() });
        return;
    }
    commit(join.id, MemberEvents::change(join.stream, m_user, m_user, MemberAction::Joined),
        [this, requestId = join.id, id = join.stream](
            const QList<AppendOutcome> &) { acknowledge(requestId, id); });
}

void ClientSession::onLeave(const protocol::Leave &leave)
{
    if (protocol::streamKindOf(leave.stream) != StreamKind::Room) {
        sendError(leave.id, ErrorCode::InvalidField, u"only rooms can be left; dm members are fixed"_s);
        return;
    }
    const StoreResult<std::optional<StreamInfo>> room = m_services.store.stream(leave.stream);
    const StoreResult<std::optional<MemberState>> state = m_services.store.memberState(leave.stream, m_user);
    if (!room.ok() || !state.ok()) {
        sendError(leave.id, ErrorCode::Internal, u"the relay could not read the room; try again"_s);
        return;
    }
    if (!room.value() || (!state.value() && room.value()->visibility == protocol::RoomVisibility::Private)) {
        sendError(leave.id, ErrorCode::NotFound, AccessPolicy::hiddenMessage());
        return;
    }
    if (!state.value()) {
        sendError(leave.id, ErrorCode::Forbidden, u"you are not a member of this room"_s);
        return;
    }
    // The leaver's desktops still see their own `left` event, then stop receiving the room.
    commit(
        leave.id, MemberEvents::change(leave.stream, m_user, m_user, MemberAction::Left),
        [this, requestId = leave.id, id = leave.stream](
            const QList<AppendOutcome> &) { acknowledge(requestId, id); },
        [hub = &m_services.hub, stream = leave.stream, user = m_user] {
            hub->unsubscribeUser(stream, user);
        });
}

void ClientSession::onListMembers(const protocol::ListMembers &listMembers)
{
    const std::optional<StreamKind> kind = protocol::streamKindOf(listMembers.stream);
    if (kind != StreamKind::Room && kind != StreamKind::Dm) {
        sendError(listMembers.id, ErrorCode::InvalidField, u"only rooms and dms have members"_s);
        return;
    }
    // A public room's members are no secret; a private room's or a dm's are for its members.
    const StoreResult<std::optional<StreamInfo>> info = m_services.store.stream(listMembers.stream);
    const bool isPublicRoom = info.ok() && info.value() && kind == StreamKind::Room
        && info.value()->visibility == protocol::RoomVisibility::Public;
    if (!isPublicRoom && !allowed(listMembers.id, listMembers.stream, AccessPolicy::Use::Read))
        return;
    const StoreResult<QList<Member>> members = m_services.store.members(listMembers.stream);
    if (!members.ok()) {
        sendError(listMembers.id, ErrorCode::Internal, u"the relay could not read the members; try again"_s);
        return;
    }
    protocol::Members reply;
    reply.id = listMembers.id;
    reply.stream = listMembers.stream;
    for (const Member &member : members.value()) {
        if (member.state != MemberState::Joined)
            continue;
        const protocol::PresenceStatus status = m_services.presence.status(member.user);
        const std::optional<qint64> lastSeen = status == protocol::PresenceStatus::Offline
            ? m_services.presence.lastSeen(member.user)
            : std::nullopt;
        reply.members.append(protocol::MemberInfo { member.user, status, lastSeen });
    }
    sendFrame(reply);
}

void ClientSession::onListStreams(const protocol::ListStreams &listStreams)
{
    // The user's own stream is always in the list: reading it creates it. API tokens have none.
    if (!m_identity.isApiToken()
        && !allowed(listStreams.id, protocol::userStreamId(m_user), AccessPolicy::Use::Read))
        return;
    const StoreResult<QList<StreamListing>> listings = m_services.store.listStreams(m_user);
    if (!listings.ok()) {
        sendError(listStreams.id, ErrorCode::Internal, u"the relay could not read the streams; try again"_s);
        return;
    }
    protocol::Streams reply;
    reply.id = listStreams.id;
    for (const StreamListing &listing : listings.value()) {
        // Topics hidden by their ACL, and everything but topics for API tokens, stay out.
        if (!m_services.access.mayList(m_identity, listing))
            continue;
        protocol::StreamSummary summary;
        summary.stream = listing.info.id;
        summary.kind = listing.info.kind;
        summary.title = listing.info.title;
        if (listing.info.kind == StreamKind::Room)
            summary.visibility = listing.info.visibility;
        // Topics and one's own stream are open to the user without any membership.
        summary.member = listing.info.kind == StreamKind::Topic || listing.info.kind == StreamKind::User
            || listing.membership == MemberState::Joined;
        summary.epoch = listing.info.epoch;
        summary.seq = listing.info.lastSeq;
        reply.streams.append(summary);
    }
    sendFrame(reply);
}

void ClientSession::onOpenDm(const protocol::OpenDm &openDm)
{
    const QString id = protocol::dmStreamId(openDm.members + QStringList { m_user });
    if (id.isEmpty()) {
        sendError(openDm.id, ErrorCode::InvalidField,
            u"a dm has 2 to %1 people, named by valid user names"_s.arg(protocol::kMaxDmMembers));
        return;
    }
    const QStringList people = protocol::dmMembers(id);
    for (const QString &person : people) {
        const StoreResult<bool> exists = m_services.store.userExists(person);
        if (!exists.ok()) {
            sendError(openDm.id, ErrorCode::Internal, u"the relay could not read the users; try again"_s);
            return;
        }
        if (!exists.value()) {
            sendError(openDm.id, ErrorCode::NotFound, u"no user %1"_s.arg(person));
            return;
        }
    }
    const StoreResult<std::optional<StreamInfo>> existing = m_services.store.stream(id);
    if (!existing.ok()) {
        sendError(openDm.id, ErrorCode::Internal, u"the relay could not read the streams; try again"_s);
        return;
    }
    if (existing.value()) {
        acknowledge(openDm.id, id);
        return;
    }
    QList<NewEvent> events;
    for (const QString &person : people)
        events += MemberEvents::change(id, m_user, person, MemberAction::Joined);
    events.first().ensureStream = NewStream { id, {}, {}, m_user };
    commit(openDm.id, std::move(events),
        [this, requestId = openDm.id, id](const QList<AppendOutcome> &) { acknowledge(requestId, id); });
}

void ClientSession::onSetPresence(const protocol::SetPresence &setPresence)
{
    if (setPresence.status == protocol::PresenceStatus::Offline) {
        // Offline is what the relay says when the last connection goes, not something to claim.
        if (!setPresence.id.isEmpty())
            sendError(setPresence.id, ErrorCode::InvalidField, u"status must be online or away"_s);
        return;
    }
    m_services.presence.setStatus(m_user, setPresence.status);
}

} // namespace confab::relay
