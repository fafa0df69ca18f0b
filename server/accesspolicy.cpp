#include "accesspolicy.h"

#include "eventstore.h"
#include "relaylog.h"

namespace confab::relay {

using namespace Qt::StringLiterals;
using protocol::ErrorCode;
using protocol::StreamKind;

namespace {

AccessPolicy::Verdict refuse(ErrorCode code, const QString &message)
{
    return { std::nullopt, code, message };
}

AccessPolicy::Verdict storeFailure(const StoreError &error)
{
    qCWarning(lcRelayStore).noquote() << "access check failed:" << error.message;
    return refuse(ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
}

} // namespace

AccessPolicy::Verdict AccessPolicy::check(const QString &user, const QString &streamId, Use use)
{
    const std::optional<StreamKind> kind = protocol::streamKindOf(streamId);
    if (!kind)
        return refuse(ErrorCode::InvalidField, u"'%1' is not a stream id"_s.arg(streamId));

    switch (*kind) {
    case StreamKind::User:
        if (streamId != protocol::userStreamId(user))
            return refuse(ErrorCode::Forbidden, u"%1 belongs to another user"_s.arg(streamId));
        if (use == Use::Post)
            return refuse(ErrorCode::Forbidden, u"user streams are written by the relay only"_s);
        return ownUserStream(user, streamId);
    case StreamKind::Topic:
        return lookup(streamId);
    case StreamKind::Dm:
        // The id names the members, so a stranger is told no without touching the store.
        if (!protocol::dmMembers(streamId).contains(user))
            return refuse(ErrorCode::Forbidden, u"you are not a member of %1"_s.arg(streamId));
        return lookup(streamId);
    case StreamKind::Room: {
        Verdict verdict = lookup(streamId);
        if (!verdict.allowed())
            return verdict;
        const StoreResult<std::optional<MemberState>> state = m_store.memberState(streamId, user);
        if (!state.ok())
            return storeFailure(state.error());
        if (state.value() != MemberState::Joined) {
            const bool isPrivate = verdict.stream->visibility == protocol::RoomVisibility::Private;
            return refuse(ErrorCode::Forbidden,
                isPrivate ? u"%1 is private: you need an invitation, then join it"_s.arg(streamId)
                          : u"join %1 first"_s.arg(streamId));
        }
        return verdict;
    }
    }
    return refuse(ErrorCode::InvalidField, u"'%1' is not a stream id"_s.arg(streamId));
}

AccessPolicy::Verdict AccessPolicy::lookup(const QString &streamId)
{
    const StoreResult<std::optional<StreamInfo>> info = m_store.stream(streamId);
    if (!info.ok())
        return storeFailure(info.error());
    if (!info.value())
        return refuse(ErrorCode::NotFound, u"no stream %1"_s.arg(streamId));
    return { info.value(), ErrorCode::Internal, {} };
}

AccessPolicy::Verdict AccessPolicy::ownUserStream(const QString &user, const QString &streamId)
{
    Verdict verdict = lookup(streamId);
    if (verdict.allowed() || verdict.code != ErrorCode::NotFound)
        return verdict;
    const StoreResult<bool> created = m_store.createStream(NewStream { streamId, {}, {}, user });
    if (!created.ok())
        return storeFailure(created.error());
    return lookup(streamId);
}

} // namespace confab::relay
