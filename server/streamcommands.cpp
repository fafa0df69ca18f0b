#include "streamcommands.h"

#include "admincommands.h"
#include "auditlog.h"
#include "protocol/protocolversion.h"
#include "protocol/streamid.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

int StreamCommands::createRoom()
{
    return createStream(u"room"_s);
}

int StreamCommands::createTopic()
{
    return createStream(u"topic"_s);
}

int StreamCommands::createStream(const QString &kind)
{
    const ParsedCommand &command = m_admin.command();
    const QString name = m_admin.operand(0);
    const QString streamId = kind + u':' + name;
    const QString noun = kind == u"room" ? u"Room"_s : u"Topic"_s;
    if (!protocol::isValidStreamId(streamId)) {
        m_admin.err() << "Invalid " << kind << " name '" << name << "': use 1 to " << protocol::kMaxNameLength
                      << " characters from a-z 0-9 . _ -, starting with a letter or digit." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (command.title.size() > protocol::kMaxRoomTitleLength) {
        m_admin.err() << "The title is longer than " << protocol::kMaxRoomTitleLength << " characters." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto store = m_admin.openEvents();
    if (!store)
        return AdminCommands::kExitFailure;
    const auto visibility = command.privateRoom ? protocol::RoomVisibility::Private : protocol::RoomVisibility::Public;
    const StoreResult<bool> created = store->createStream(NewStream { streamId, visibility, command.title, {} });
    if (!created.ok())
        return m_admin.storeFailure(u"create %1"_s.arg(streamId), created.error());
    if (!created.value()) {
        if (command.ifMissing) {
            m_admin.out() << noun << ' ' << streamId << " already exists." << Qt::endl;
            return EXIT_SUCCESS;
        }
        m_admin.err() << noun << ' ' << streamId << " already exists (use --if-missing to accept that)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    AuditLog::write("stream.created"_L1, { { "stream"_L1, streamId }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Created " << kind << ' ' << streamId << (command.privateRoom ? " (private)." : ".") << Qt::endl;
    return EXIT_SUCCESS;
}

int StreamCommands::addRoomMember()
{
    const QString streamId = u"room:"_s + m_admin.operand(0);
    const QString member = m_admin.operand(1);
    if (!protocol::isValidStreamId(streamId) || !protocol::isValidUserName(member)) {
        m_admin.err() << "Usage: confab-relay room add-member ROOM USER (valid room and user names)." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    auto opened = m_admin.openEvents();
    if (!opened)
        return AdminCommands::kExitFailure;
    EventStore &store = *opened;
    const StoreResult<std::optional<StreamInfo>> room = store.stream(streamId);
    const StoreResult<bool> user = store.userExists(member);
    const StoreResult<std::optional<MemberState>> state = store.memberState(streamId, member);
    if (!room.ok() || !user.ok() || !state.ok()) {
        m_admin.err() << "Cannot read the store." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (!room.value()) {
        m_admin.err() << "No room " << streamId << " (create it with 'room create')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (!user.value()) {
        m_admin.err() << "No user '" << member << "' (add it with 'user add')." << Qt::endl;
        return AdminCommands::kExitFailure;
    }
    if (state.value() == MemberState::Joined) {
        m_admin.out() << "'" << member << "' is already a member of " << streamId << '.' << Qt::endl;
        return EXIT_SUCCESS;
    }
    // The membership only, no `member` event: this process is not the serving relay, so an event
    // written here would never reach live subscribers, who would then see a gap in the seqs.
    const StoreResult<bool> added = store.setMember(streamId, member, MemberState::Joined);
    if (!added.ok())
        return m_admin.storeFailure(u"add the member"_s, added.error());
    AuditLog::write("member.added"_L1, { { "user"_L1, member }, { "stream"_L1, streamId }, { "by"_L1, u"admin CLI"_s } });
    m_admin.out() << "Added '" << member << "' to " << streamId << '.' << Qt::endl;
    return EXIT_SUCCESS;
}

} // namespace confab::relay
