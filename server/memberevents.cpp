#include "memberevents.h"

#include "protocol/codec.h"

namespace confab::relay {

namespace {

NewEvent memberEvent(const QString &storedIn, const QString &conversation, const QString &actor,
    const QString &user, protocol::MemberAction action)
{
    protocol::Member member;
    member.sender = actor;
    member.targetStream = conversation;
    member.user = user;
    member.action = action;
    NewEvent event;
    event.stream = storedIn;
    event.type = protocol::MessageType::Member;
    event.sender = actor;
    event.encode = encoderFor(std::move(member));
    if (storedIn == conversation) {
        std::optional<MemberState> state; // nullopt: left
        if (action == protocol::MemberAction::Invited)
            state = MemberState::Invited;
        else if (action == protocol::MemberAction::Joined)
            state = MemberState::Joined;
        event.member = MemberChange { conversation, user, state };
    } else {
        // User streams exist for everyone, lazily.
        event.ensureStream = NewStream { storedIn, {}, {}, user };
    }
    return event;
}

} // namespace

QList<NewEvent> MemberEvents::change(
    const QString &conversation, const QString &actor, const QString &user, protocol::MemberAction action)
{
    return { memberEvent(conversation, conversation, actor, user, action),
        memberEvent(protocol::userStreamId(user), conversation, actor, user, action) };
}

} // namespace confab::relay
