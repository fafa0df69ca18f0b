#include "commandline.h"

#include <QCommandLineParser>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

ParsedCommand failure(const QString &message)
{
    ParsedCommand command;
    command.action = ParsedCommand::Action::Fail;
    command.text = message + u"\nTry 'confab-relay --help'."_s;
    return command;
}

QString helpText(const QCommandLineParser &parser)
{
    return parser.helpText()
        + u"\nCommands:\n"
          "  serve                Run the relay (the default).\n"
          "  user add NAME        Create a user. The password comes from the CONFAB_PASSWORD\n"
          "                       environment variable, else from the first line of stdin.\n"
          "  room create NAME     Create the room stream room:NAME.\n"_s;
}

} // namespace

ParsedCommand CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Confab relay: authenticates users, stores and relays their messages."_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption versionOption({u"v"_s, u"version"_s}, u"Show the version."_s);
    const QCommandLineOption listenOption(u"listen"_s, u"Address to listen on (default 127.0.0.1)."_s,
                                          u"address"_s);
    const QCommandLineOption portOption(u"port"_s, u"TCP port; 0 picks a free one (default 8080)."_s,
                                        u"port"_s);
    const QCommandLineOption dataDirOption(u"data-dir"_s, u"Folder of relay.db (default %1)."_s.arg(
                                                              RelayConfig::defaultDataDir()),
                                           u"dir"_s);
    const QCommandLineOption ifMissingOption(u"if-missing"_s,
                                             u"user add, room create: succeed if it already exists."_s);
    parser.addOptions({helpOption, versionOption, listenOption, portOption, dataDirOption, ifMissingOption});
    parser.addPositionalArgument(u"command"_s, u"serve (default), user add NAME, room create NAME."_s,
                                 u"[command]"_s);

    if (!parser.parse(arguments))
        return failure(parser.errorText());

    ParsedCommand command;
    if (parser.isSet(helpOption)) {
        command.action = ParsedCommand::Action::ShowHelp;
        command.text = helpText(parser);
        return command;
    }
    if (parser.isSet(versionOption)) {
        command.action = ParsedCommand::Action::ShowVersion;
        command.text = u"confab-relay " CONFAB_VERSION ""_s;
        return command;
    }

    command.config.dataDir = parser.isSet(dataDirOption) ? parser.value(dataDirOption)
                                                         : RelayConfig::defaultDataDir();
    if (command.config.dataDir.isEmpty())
        return failure(u"--data-dir must not be empty."_s);
    command.ifMissing = parser.isSet(ifMissingOption);

    const QStringList positional = parser.positionalArguments();
    const QString verb = positional.value(0);
    if (positional.isEmpty() || (verb == u"serve" && positional.size() == 1)) {
        command.action = ParsedCommand::Action::Serve;
        if (command.ifMissing)
            return failure(u"--if-missing applies to 'user add' and 'room create' only."_s);
    } else if ((verb == u"user" || verb == u"room") && positional.size() == 3) {
        const QString expected = verb == u"user" ? u"add"_s : u"create"_s;
        if (positional.at(1) != expected)
            return failure(u"Unknown command '%1 %2'."_s.arg(verb, positional.at(1)));
        command.action = verb == u"user" ? ParsedCommand::Action::UserAdd : ParsedCommand::Action::RoomCreate;
        command.name = positional.at(2);
        if (parser.isSet(listenOption) || parser.isSet(portOption))
            return failure(u"--listen and --port apply to 'serve' only."_s);
        return command;
    } else if (verb == u"user" || verb == u"room") {
        return failure(u"Usage: confab-relay %1 %2 NAME"_s.arg(verb, verb == u"user" ? u"add"_s : u"create"_s));
    } else {
        return failure(u"Unknown command '%1'."_s.arg(positional.join(u' ')));
    }

    if (parser.isSet(listenOption)) {
        const QString value = parser.value(listenOption);
        QHostAddress address;
        if (value == u"localhost")
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(value))
            return failure(u"--listen: '%1' is not an IP address."_s.arg(value));
        command.config.listenAddress = address;
    }
    if (parser.isSet(portOption)) {
        bool ok = false;
        const uint port = parser.value(portOption).toUInt(&ok);
        if (!ok || port > 65535)
            return failure(u"--port: '%1' is not a port number (0-65535)."_s.arg(parser.value(portOption)));
        command.config.port = quint16(port);
    }
    return command;
}

} // namespace confab::relay
