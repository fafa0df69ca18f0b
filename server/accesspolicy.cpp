#include "accesspolicy.h"

#include "accountstore.h"
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

AccessPolicy::Verdict hidden()
{
    return refuse(ErrorCode::NotFound, AccessPolicy::hiddenMessage());
}

AccessPolicy::Verdict storeFailure(const StoreError &error)
{
    qCWarning(lcRelayStore).noquote() << "access check failed:" << error.message;
    return refuse(ErrorCode::Internal, u"the relay could not read the stream; try again"_s);
}

} // namespace

QString AccessPolicy::hiddenMessage()
{
    return u"no such stream, or you may not use it"_s;
}

AccessPolicy::Verdict AccessPolicy::check(const Identity &identity, const QString &streamId, Use use)
{
    const std::optional<StreamKind> kind = protocol::streamKindOf(streamId);
    // Never echo the id: it may be a probe built from someone else's private name.
    if (!kind)
        return refuse(ErrorCode::InvalidField, u"not a valid stream id"_s);
    if (identity.isApiToken() && *kind != StreamKind::Topic)
        return refuse(ErrorCode::Forbidden, u"API tokens may only use topics"_s);

    switch (*kind) {
    case StreamKind::User:
        if (streamId != protocol::userStreamId(identity.user))
            return hidden();
        if (use == Use::Post)
            return refuse(ErrorCode::Forbidden, u"user streams are written by the relay only"_s);
        return ownUserStream(identity.user, streamId);
    case StreamKind::Topic:
        return checkTopic(identity, streamId, use);
    case StreamKind::Dm:
        // The id names the members, so a stranger is told no without touching the store.
        if (!protocol::dmMembers(streamId).contains(identity.user))
            return hidden();
        return lookup(streamId);
    case StreamKind::Room:
        return checkRoom(identity, streamId);
    }
    return refuse(ErrorCode::InvalidField, u"not a valid stream id"_s);
}

AccessPolicy::Verdict AccessPolicy::checkRoom(const Identity &identity, const QString &streamId)
{
    Verdict verdict = lookup(streamId);
    if (!verdict.allowed())
        return verdict;
    const StoreResult<std::optional<MemberState>> state = m_store.memberState(streamId, identity.user);
    if (!state.ok())
        return storeFailure(state.error());
    if (state.value() == MemberState::Joined)
        return verdict;
    // A public room is listed for everyone: saying "join first" reveals nothing. A private one
    // is invisible to outsiders, invited people included until they join.
    if (verdict.stream->visibility == protocol::RoomVisibility::Private)
        return hidden();
    return refuse(ErrorCode::Forbidden, u"join the room first"_s);
}

std::optional<AccessPolicy::TopicRights> AccessPolicy::topicRights(const Identity &identity, const QString &topic)
{
    TopicRights rights;
    if (identity.role == Role::Admin) {
        rights = { true, true };
    } else {
        const StoreResult<QList<AclEntry>> entries = m_accounts.acl(topic);
        if (!entries.ok()) {
            qCWarning(lcRelayStore).noquote() << "reading the ACL failed:" << entries.error().message;
            return std::nullopt;
        }
        if (entries.value().isEmpty()) {
            using TopicAccess = RelayConfig::TopicAccess;
            rights.read = m_config.defaultTopicAccess != TopicAccess::None;
            rights.write = m_config.defaultTopicAccess == TopicAccess::ReadWrite;
        } else {
            const QString asUser = userPrincipal(identity.user);
            const QString asToken = identity.tokenId.isEmpty() ? QString() : tokenPrincipal(identity.tokenId);
            for (const AclEntry &entry : entries.value()) {
                if (entry.principal == asUser || (!asToken.isEmpty() && entry.principal == asToken)) {
                    rights.read = rights.read || entry.read;
                    rights.write = rights.write || entry.write;
                }
            }
        }
    }
    if (identity.isApiToken()) {
        // The scopes narrow whatever the owner may do; they never widen it.
        bool scopedRead = false;
        bool scopedWrite = false;
        for (const TokenScope &scope : identity.scopes) {
            if (scope.topic == topic) {
                scopedRead = scopedRead || scope.read;
                scopedWrite = scopedWrite || scope.write;
            }
        }
        rights.read = rights.read && scopedRead;
        rights.write = rights.write && scopedWrite;
    }
    return rights;
}

AccessPolicy::Verdict AccessPolicy::checkTopic(const Identity &identity, const QString &streamId, Use use)
{
    const std::optional<TopicRights> rights = topicRights(identity, streamId);
    if (!rights)
        return refuse(ErrorCode::Internal, u"the relay could not read the access list; try again"_s);
    // A publisher that may write but not read (a script's write-only token) still learns the topic
    // exists from its own publish: that is what it was given.
    if (!rights->read && !(use == Use::Post && rights->write))
        return hidden();
    Verdict verdict = lookup(streamId);
    if (!verdict.allowed())
        return verdict;
    if (use == Use::Post && !rights->write)
        return refuse(ErrorCode::Forbidden, u"you may read this topic but not publish to it"_s);
    return verdict;
}

bool AccessPolicy::mayList(const Identity &identity, const StreamListing &listing)
{
    switch (listing.info.kind) {
    case StreamKind::Topic: {
        const std::optional<TopicRights> rights = topicRights(identity, listing.info.id);
        return rights && (rights->read || rights->write);
    }
    case StreamKind::User:
        return !identity.isApiToken() && listing.info.id == protocol::userStreamId(identity.user);
    case StreamKind::Room:
        if (identity.isApiToken())
            return false;
        return listing.info.visibility == protocol::RoomVisibility::Public || listing.membership.has_value();
    case StreamKind::Dm:
        return !identity.isApiToken() && protocol::dmMembers(listing.info.id).contains(identity.user);
    }
    return false;
}

AccessPolicy::Verdict AccessPolicy::lookup(const QString &streamId)
{
    const StoreResult<std::optional<StreamInfo>> info = m_store.stream(streamId);
    if (!info.ok())
        return storeFailure(info.error());
    if (!info.value())
        return hidden();
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
