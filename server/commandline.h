#pragma once

#include "accountstore.h"
#include "relayconfig.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

// What the command line asks for, already validated (syntax only: whether a user exists is the
// command's business).
struct ParsedCommand {
    enum class Action {
        Serve,
        CheckConfig,
        UserAdd,
        UserList,
        UserRemove,
        UserPassword,
        UserRole,
        UserBulk,
        TokenCreate,
        TokenList,
        TokenRevoke,
        RoomCreate,
        RoomAddMember,
        TopicCreate,
        AclGrant,
        AclRevoke,
        AclList,
        Publish,
        Status,
        ShowHelp,
        ShowVersion,
        Fail,
    };

    Action action = Action::Fail;
    RelayConfig config;     // file < environment < flags
    QString configFile;     // the config file that was read, if any
    QStringList operands;   // what follows the command words: `user role NAME ROLE` -> NAME, ROLE

    bool ifMissing = false;        // user add, room create, topic create: existing is fine
    bool privateRoom = false;      // room create --private
    QString title;                 // room create, publish --title
    std::optional<Role> role;      // user add, user bulk --role
    QString label;                 // token create --label
    QList<TokenScope> scopes;      // token create --topic T:rw (repeatable)
    std::optional<qint64> expiresInMs; // token create --expires-in 30d
    int count = 0;                 // user bulk --count
    QString prefix;                // user bulk --prefix
    QString tokenFile;             // user bulk --token-file
    std::optional<int> priority;   // publish --priority 1-5
    QStringList tags;              // publish --tags a,b
    QString click;                 // publish --click URL
    bool json = false;             // status --json

    QString text;     // the help text, the version line, or why parsing failed
    int exitCode = 2; // for Fail: 2 = usage or configuration error (check-config: 1)
};

// Parses `confab-relay [COMMAND] [options]` with QCommandLineParser and ConfigLoader. Pure: prints
// nothing and never exits, so main() decides what goes to stdout or stderr.
class CommandLine
{
public:
    static ParsedCommand parse(const QStringList &arguments,
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    // "90s", "15m", "12h", "30d", "2w", "500ms" -> milliseconds; nothing for anything else.
    static std::optional<qint64> parseDuration(const QString &text);
};

} // namespace confab::relay
