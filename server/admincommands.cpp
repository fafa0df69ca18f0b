#include "admincommands.h"

#include "authenticator.h"
#include "protocol/codec.h"
#include "relaylog.h"
#include "sqliteeventstore.h"

#include <QFile>

#include <termios.h>
#include <unistd.h>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

constexpr int kExitFailure = 1;

QString readLineFromStdin()
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved {};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    QFile in;
    QByteArray line;
    if (in.open(stdin, QIODevice::ReadOnly))
        line = in.readLine(protocol::kMaxSecretLength * 4 + 2);
    if (terminal)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace

QString AdminCommands::readPassword()
{
    if (qEnvironmentVariableIsSet("CONFAB_PASSWORD"))
        return qEnvironmentVariable("CONFAB_PASSWORD");
    if (::isatty(STDIN_FILENO) == 1) {
        m_err << "Password: " << Qt::flush;
        const QString password = readLineFromStdin();
        m_err << Qt::endl;
        return password;
    }
    return readLineFromStdin();
}

int AdminCommands::addUser(const ParsedCommand &command)
{
    if (!protocol::isValidUserName(command.name)) {
        m_err << "Invalid user name '" << command.name << "': use 1 to " << protocol::kMaxNameLength
              << " characters from a-z 0-9 . _ -, starting with a letter or digit." << Qt::endl;
        return kExitFailure;
    }
    const QString password = readPassword();
    if (password.isEmpty()) {
        m_err << "No password given for '" << command.name
              << "': set CONFAB_PASSWORD or write the password on the first line of stdin." << Qt::endl;
        return kExitFailure;
    }
    if (password.size() > protocol::kMaxSecretLength) {
        m_err << "The password is longer than " << protocol::kMaxSecretLength << " characters." << Qt::endl;
        return kExitFailure;
    }

    auto store = SqliteEventStore::open(command.config.dataDir);
    if (!store.ok()) {
        m_err << "Cannot open the store: " << store.error().message << Qt::endl;
        return kExitFailure;
    }
    Authenticator authenticator(*store.value());
    const StoreResult<bool> added = authenticator.addUser(command.name, password);
    if (!added.ok()) {
        m_err << "Cannot add user '" << command.name << "': " << added.error().message << Qt::endl;
        return kExitFailure;
    }
    if (!added.value()) {
        if (command.ifMissing) {
            m_out << "User '" << command.name << "' already exists." << Qt::endl;
            return EXIT_SUCCESS;
        }
        m_err << "User '" << command.name << "' already exists (use --if-missing to accept that)."
              << Qt::endl;
        return kExitFailure;
    }
    qCInfo(lcRelayAudit).noquote() << "user" << command.name << "added by the admin CLI";
    m_out << "Added user '" << command.name << "'." << Qt::endl;
    return EXIT_SUCCESS;
}

int AdminCommands::createRoom(const ParsedCommand &command)
{
    return createStream(command, u"room"_s);
}

int AdminCommands::createTopic(const ParsedCommand &command)
{
    return createStream(command, u"topic"_s);
}

int AdminCommands::createStream(const ParsedCommand &command, const QString &kind)
{
    const QString streamId = kind + u':' + command.name;
    const QString noun = kind == u"room" ? u"Room"_s : u"Topic"_s;
    if (!protocol::isValidStreamId(streamId)) {
        m_err << "Invalid " << kind << " name '" << command.name << "': use 1 to " << protocol::kMaxNameLength
              << " characters from a-z 0-9 . _ -, starting with a letter or digit." << Qt::endl;
        return kExitFailure;
    }
    if (command.title.size() > protocol::kMaxRoomTitleLength) {
        m_err << "The title is longer than " << protocol::kMaxRoomTitleLength << " characters." << Qt::endl;
        return kExitFailure;
    }
    auto store = SqliteEventStore::open(command.config.dataDir);
    if (!store.ok()) {
        m_err << "Cannot open the store: " << store.error().message << Qt::endl;
        return kExitFailure;
    }
    const auto visibility
        = command.privateRoom ? protocol::RoomVisibility::Private : protocol::RoomVisibility::Public;
    const StoreResult<bool> created
        = store.value()->createStream(NewStream { streamId, visibility, command.title, {} });
    if (!created.ok()) {
        m_err << "Cannot create " << streamId << ": " << created.error().message << Qt::endl;
        return kExitFailure;
    }
    if (!created.value()) {
        if (command.ifMissing) {
            m_out << noun << ' ' << streamId << " already exists." << Qt::endl;
            return EXIT_SUCCESS;
        }
        m_err << noun << ' ' << streamId << " already exists (use --if-missing to accept that)." << Qt::endl;
        return kExitFailure;
    }
    qCInfo(lcRelayAudit).noquote() << "stream" << streamId << "created by the admin CLI";
    m_out << "Created " << kind << ' ' << streamId << (command.privateRoom ? " (private)." : ".") << Qt::endl;
    return EXIT_SUCCESS;
}

int AdminCommands::addRoomMember(const ParsedCommand &command)
{
    const QString streamId = u"room:"_s + command.name;
    if (!protocol::isValidStreamId(streamId) || !protocol::isValidUserName(command.member)) {
        m_err << "Usage: confab-relay room add-member ROOM USER (valid room and user names)." << Qt::endl;
        return kExitFailure;
    }
    auto opened = SqliteEventStore::open(command.config.dataDir);
    if (!opened.ok()) {
        m_err << "Cannot open the store: " << opened.error().message << Qt::endl;
        return kExitFailure;
    }
    EventStore &store = *opened.value();
    const StoreResult<std::optional<StreamInfo>> room = store.stream(streamId);
    const StoreResult<bool> user = store.userExists(command.member);
    const StoreResult<std::optional<MemberState>> state = store.memberState(streamId, command.member);
    if (!room.ok() || !user.ok() || !state.ok()) {
        m_err << "Cannot read the store." << Qt::endl;
        return kExitFailure;
    }
    if (!room.value()) {
        m_err << "No room " << streamId << " (create it with 'room create')." << Qt::endl;
        return kExitFailure;
    }
    if (!user.value()) {
        m_err << "No user '" << command.member << "' (add it with 'user add')." << Qt::endl;
        return kExitFailure;
    }
    if (state.value() == MemberState::Joined) {
        m_out << "'" << command.member << "' is already a member of " << streamId << '.' << Qt::endl;
        return EXIT_SUCCESS;
    }
    // The membership only, no `member` event: this process is not the serving relay, so an event
    // written here would never reach live subscribers, who would then see a gap in the seqs.
    const StoreResult<bool> added = store.setMember(streamId, command.member, MemberState::Joined);
    if (!added.ok()) {
        m_err << "Cannot add the member: " << added.error().message << Qt::endl;
        return kExitFailure;
    }
    qCInfo(lcRelayAudit).noquote() << "user" << command.member << "added to" << streamId
                                   << "by the admin CLI";
    m_out << "Added '" << command.member << "' to " << streamId << '.' << Qt::endl;
    return EXIT_SUCCESS;
}

} // namespace confab::relay
