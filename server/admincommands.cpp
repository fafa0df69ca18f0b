#include "admincommands.h"

#include "authenticator.h"
#include "relaylog.h"
#include "sqliteeventstore.h"

#include "protocol/codec.h"

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
    termios saved{};
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
        m_err << "User '" << command.name << "' already exists (use --if-missing to accept that)." << Qt::endl;
        return kExitFailure;
    }
    qCInfo(lcRelayAudit).noquote() << "user" << command.name << "added by the admin CLI";
    m_out << "Added user '" << command.name << "'." << Qt::endl;
    return EXIT_SUCCESS;
}

int AdminCommands::createRoom(const ParsedCommand &command)
{
    const QString streamId = u"room:"_s + command.name;
    if (!protocol::isValidStreamId(streamId)) {
        m_err << "Invalid room name '" << command.name << "': use 1 to " << protocol::kMaxNameLength
              << " characters from a-z 0-9 . _ -." << Qt::endl;
        return kExitFailure;
    }
    auto store = SqliteEventStore::open(command.config.dataDir);
    if (!store.ok()) {
        m_err << "Cannot open the store: " << store.error().message << Qt::endl;
        return kExitFailure;
    }
    const StoreResult<bool> created = store.value()->createStream(streamId);
    if (!created.ok()) {
        m_err << "Cannot create room '" << command.name << "': " << created.error().message << Qt::endl;
        return kExitFailure;
    }
    if (!created.value()) {
        if (command.ifMissing) {
            m_out << "Room " << streamId << " already exists." << Qt::endl;
            return EXIT_SUCCESS;
        }
        m_err << "Room " << streamId << " already exists (use --if-missing to accept that)." << Qt::endl;
        return kExitFailure;
    }
    qCInfo(lcRelayAudit).noquote() << "stream" << streamId << "created by the admin CLI";
    m_out << "Created room " << streamId << '.' << Qt::endl;
    return EXIT_SUCCESS;
}

} // namespace confab::relay
