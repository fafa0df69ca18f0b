#include "admincommands.h"

#include "aclcommands.h"
#include "controlclient.h"
#include "protocol/protocolversion.h"
#include "protocol/streamid.h"
#include "servicecommands.h"
#include "sqliteaccountstore.h"
#include "sqliteeventstore.h"
#include "streamcommands.h"
#include "tokencommands.h"
#include "usercommands.h"

#include <QFile>
#include <QJsonArray>

#include <termios.h>
#include <unistd.h>

namespace confab::relay {

using namespace Qt::StringLiterals;
using Action = ParsedCommand::Action;

namespace {

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

int AdminCommands::run()
{
    switch (m_command.action) {
    case Action::UserAdd:
        return UserCommands(*this).add();
    case Action::UserList:
        return UserCommands(*this).list();
    case Action::UserRemove:
        return UserCommands(*this).remove();
    case Action::UserPassword:
        return UserCommands(*this).setPassword();
    case Action::UserRole:
        return UserCommands(*this).setRole();
    case Action::UserBulk:
        return UserCommands(*this).bulk();
    case Action::TokenCreate:
        return TokenCommands(*this).create();
    case Action::TokenList:
        return TokenCommands(*this).list();
    case Action::TokenRevoke:
        return TokenCommands(*this).revoke();
    case Action::RoomCreate:
        return StreamCommands(*this).createRoom();
    case Action::RoomAddMember:
        return StreamCommands(*this).addRoomMember();
    case Action::TopicCreate:
        return StreamCommands(*this).createTopic();
    case Action::AclGrant:
        return AclCommands(*this).grant();
    case Action::AclRevoke:
        return AclCommands(*this).revoke();
    case Action::AclList:
        return AclCommands(*this).list();
    case Action::Publish:
        return ServiceCommands(*this).publish();
    case Action::Status:
        return ServiceCommands(*this).status();
    case Action::CheckConfig:
        return ServiceCommands(*this).checkConfig();
    case Action::Serve:
    case Action::ShowHelp:
    case Action::ShowVersion:
    case Action::Fail:
        break;
    }
    m_err << "Not an admin command." << Qt::endl;
    return kExitFailure;
}

std::optional<QString> AdminCommands::readPassword(const QString &user)
{
    QString password;
    if (qEnvironmentVariableIsSet("CONFAB_PASSWORD")) {
        password = qEnvironmentVariable("CONFAB_PASSWORD");
    } else if (::isatty(STDIN_FILENO) == 1) {
        m_err << "Password for " << user << ": " << Qt::flush;
        password = readLineFromStdin();
        m_err << Qt::endl;
    } else {
        password = readLineFromStdin();
    }
    if (password.isEmpty()) {
        m_err << "No password given for '" << user
              << "': set CONFAB_PASSWORD or write the password on the first line of stdin." << Qt::endl;
        return std::nullopt;
    }
    if (password.size() > protocol::kMaxSecretLength) {
        m_err << "The password is longer than " << protocol::kMaxSecretLength << " characters." << Qt::endl;
        return std::nullopt;
    }
    return password;
}

std::unique_ptr<AccountStore> AdminCommands::openAccounts()
{
    auto opened = SqliteAccountStore::open(config().dataDir);
    if (!opened.ok()) {
        m_err << "Cannot open the store in " << config().dataDir << ": " << opened.error().message << Qt::endl;
        return nullptr;
    }
    return std::move(opened.value());
}

std::unique_ptr<EventStore> AdminCommands::openEvents()
{
    auto opened = SqliteEventStore::open(config().dataDir);
    if (!opened.ok()) {
        m_err << "Cannot open the store in " << config().dataDir << ": " << opened.error().message << Qt::endl;
        return nullptr;
    }
    return std::move(opened.value());
}

int AdminCommands::storeFailure(const QString &what, const StoreError &error)
{
    m_err << "Cannot " << what << ": " << error.message << Qt::endl;
    return kExitFailure;
}

bool AdminCommands::checkUserName(const QString &name)
{
    if (protocol::isValidUserName(name))
        return true;
    m_err << "Invalid user name '" << name << "': use 1 to " << protocol::kMaxNameLength
          << " characters from a-z 0-9 . _ -, starting with a letter or digit." << Qt::endl;
    return false;
}

void AdminCommands::closeLiveSessions(const QStringList &tokenIds, const QString &user, const QString &reason)
{
    QJsonObject request { { "command"_L1, u"close-sessions"_s }, { "tokens"_L1, QJsonArray::fromStringList(tokenIds) } };
    if (!user.isEmpty())
        request.insert("user"_L1, user);
    if (!reason.isEmpty())
        request.insert("reason"_L1, reason);
    const ControlClient::Result result = ControlClient::request(config().dataDir, request);
    if (!result.relayRunning)
        return; // nothing is connected, so nothing to close
    if (!result.reply || !result.reply->value("ok"_L1).toBool()) {
        m_err << "Warning: the running relay did not close the affected connections ("
              << (result.reply ? result.reply->value("error"_L1).toString() : result.error)
              << "); restart it to be sure." << Qt::endl;
        return;
    }
    const int closed = result.reply->value("closed"_L1).toInt();
    if (closed > 0)
        m_out << "The running relay closed " << closed << " connection(s)." << Qt::endl;
}

} // namespace confab::relay
