#pragma once

#include "relayconfig.h"

#include <QString>
#include <QStringList>

namespace confab::relay {

// What the command line asks for, already validated.
struct ParsedCommand {
    enum class Action { Serve, UserAdd, RoomCreate, RoomAddMember, TopicCreate, ShowHelp, ShowVersion, Fail };

    Action action = Action::Fail;
    RelayConfig config;
    QString name; // the user of `user add`, the room of `room create`/`add-member`, the topic
    QString member; // the user of `room add-member ROOM USER`
    bool ifMissing = false; // `--if-missing`: an existing user, room or topic is not an error
    bool privateRoom = false; // `room create --private`
    QString title; // `room create --title T`
    QString text; // the help text, the version line, or why parsing failed
};

// Parses `confab-relay [serve | user add NAME | room create NAME | room add-member ROOM USER |
// topic create NAME] [options]` with QCommandLineParser. Pure: prints nothing and never exits, so
// main() decides what goes to stdout or stderr.
class CommandLine
{
public:
    static ParsedCommand parse(const QStringList &arguments);
};

} // namespace confab::relay
