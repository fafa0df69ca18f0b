#pragma once

#include "relayconfig.h"

#include <QString>
#include <QStringList>

namespace confab::relay {

// What the command line asks for, already validated.
struct ParsedCommand {
    enum class Action { Serve, UserAdd, RoomCreate, ShowHelp, ShowVersion, Fail };

    Action action = Action::Fail;
    RelayConfig config;
    QString name;           // the user of `user add`, the room of `room create`
    bool ifMissing = false; // `--if-missing`: an existing user or room is not an error
    QString text;           // the help text, the version line, or why parsing failed
};

// Parses `confab-relay [serve|user add NAME|room create NAME] [options]` with QCommandLineParser.
// Pure: prints nothing and never exits, so main() decides what goes to stdout or stderr.
class CommandLine
{
public:
    static ParsedCommand parse(const QStringList &arguments);
};

} // namespace confab::relay
