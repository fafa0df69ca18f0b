// confab-relay: parses the command line and runs the relay or one admin command.
#include "admincommands.h"
#include "commandline.h"
#include "logformat.h"
#include "relay.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

#ifdef Q_OS_LINUX
#include "epolleventdispatcher.h"
#endif

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <sys/stat.h>
#endif

using namespace confab::relay;
using namespace Qt::StringLiterals;

#ifdef Q_OS_UNIX
namespace {

// Every connection is a file: a relay for thousands of desktops needs the hard limit, not the
// soft one (often 1,024).
void raiseOpenFilesLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace
#endif

int main(int argc, char *argv[])
{
#ifdef Q_OS_UNIX
    // The data folder holds password hashes, token hashes and every message: whatever the relay or
    // an admin command creates (the folder, relay.db and its WAL, token files) is the owner's alone.
    ::umask(0077);
    raiseOpenFilesLimit();
#endif
    // Qt's glib event dispatcher walks a list of every socket notifier whenever one changes, so a
    // broadcast to N connections costs O(N^2). The relay uses nothing from glib: it takes Qt's own
    // dispatcher unless the environment already says which one to use.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
#ifdef Q_OS_LINUX
    // With thousands of connections even Qt's own dispatcher costs O(N) per turn of the loop and
    // per timer change; the epoll one does not. CONFAB_RELAY_EVENT_LOOP=qt keeps Qt's.
    if (qEnvironmentVariable("CONFAB_RELAY_EVENT_LOOP") != "qt"_L1) {
        auto *dispatcher = new EpollEventDispatcher;
        if (dispatcher->isValid())
            QCoreApplication::setEventDispatcher(dispatcher);
        else
            delete dispatcher;
    }
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"confab-relay"_s);
    QCoreApplication::setApplicationVersion(u"" CONFAB_VERSION ""_s);
    // Text until the configuration says otherwise: whatever is logged while reading it is readable.
    LogFormat::install(LogFormat::Style::Text);
    QTextStream out(stdout);
    QTextStream err(stderr);

    const ParsedCommand command = CommandLine::parse(QCoreApplication::arguments());
    switch (command.action) {
    case ParsedCommand::Action::ShowHelp:
    case ParsedCommand::Action::ShowVersion:
        out << command.text << Qt::endl;
        return EXIT_SUCCESS;
    case ParsedCommand::Action::Fail:
        err << "confab-relay: " << command.text << Qt::endl;
        return command.exitCode;
    case ParsedCommand::Action::Serve:
        break;
    default:
        LogFormat::install(command.config.jsonLogs ? LogFormat::Style::Json : LogFormat::Style::Text);
        return AdminCommands(command, out, err).run();
    }

    LogFormat::install(command.config.jsonLogs ? LogFormat::Style::Json : LogFormat::Style::Text);
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
