// confab-relay: parses the command line and runs the relay or one admin command.
#include "admincommands.h"
#include "commandline.h"
#include "relay.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace confab::relay;
using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"confab-relay"_s);
    QCoreApplication::setApplicationVersion(u"" CONFAB_VERSION ""_s);
    qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{category} %{type}: %{message}"_s);
    QTextStream out(stdout);
    QTextStream err(stderr);

    const ParsedCommand command = CommandLine::parse(QCoreApplication::arguments());
    switch (command.action) {
    case ParsedCommand::Action::ShowHelp:
    case ParsedCommand::Action::ShowVersion:
        out << command.text << Qt::endl;
        return EXIT_SUCCESS;
    case ParsedCommand::Action::Fail:
        err << command.text << Qt::endl;
        return 2;
    case ParsedCommand::Action::UserAdd:
        return AdminCommands(out, err).addUser(command);
    case ParsedCommand::Action::RoomCreate:
        return AdminCommands(out, err).createRoom(command);
    case ParsedCommand::Action::RoomAddMember:
        return AdminCommands(out, err).addRoomMember(command);
    case ParsedCommand::Action::TopicCreate:
        return AdminCommands(out, err).createTopic(command);
    case ParsedCommand::Action::Serve:
        break;
    }

    SignalWatcher signalWatcher;
    Relay relay(command.config);
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &relay, &Relay::shutdown);
    QObject::connect(&relay, &Relay::stopped, &app, [] { QCoreApplication::exit(EXIT_SUCCESS); });
    if (!relay.start()) {
        err << "confab-relay: " << relay.errorString() << Qt::endl;
        return EXIT_FAILURE;
    }
    // Scripts and tests wait for exactly this line (`listening on (\S+)`).
    out << "confab-relay listening on " << relay.url().toString() << Qt::endl;
    return QCoreApplication::exec();
}
