#include "commandline.h"

#include <QCommandLineParser>

#include <functional>
#include <limits>

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
          "  serve                      Run the relay (the default).\n"
          "  user add NAME              Create a user. The password comes from the CONFAB_PASSWORD\n"
          "                             environment variable, else from the first line of stdin.\n"
          "  room create NAME           Create the room stream room:NAME (public unless --private;\n"
          "                             --title sets its display title).\n"
          "  room add-member ROOM USER  Make USER a member of room:ROOM (for private rooms).\n"
          "  topic create NAME          Create the notification topic topic:NAME.\n"_s;
}

// A whole number in [min, max] from an option's value.
std::optional<qint64> number(const QString &value, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    if (!ok || n < min || n > max)
        return std::nullopt;
    return n;
}

struct ServeOptions {
    QCommandLineOption listen { u"listen"_s, u"serve: address to listen on (default 127.0.0.1)."_s,
        u"address"_s };
    QCommandLineOption port { u"port"_s, u"serve: TCP port; 0 picks a free one (default 8080)."_s,
        u"port"_s };
    QCommandLineOption retentionDays { u"retention-days"_s,
        u"serve: keep events this many days per stream; 0 = no age limit (default 30)."_s, u"days"_s };
    QCommandLineOption retentionEvents { u"retention-events"_s,
        u"serve: keep at most this many events per stream; 0 = no limit (default 100000)."_s, u"count"_s };
    QCommandLineOption retentionInterval { u"retention-interval-ms"_s,
        u"serve: prune old events this often (default 60000)."_s, u"ms"_s };
    QCommandLineOption commitBatch { u"commit-batch"_s,
        u"serve: most requests committed in one transaction (default 256)."_s, u"count"_s };
    QCommandLineOption shutdownGrace { u"shutdown-grace-ms"_s,
        u"serve: wait this long for clients to close on shutdown (default 2000)."_s, u"ms"_s };

    QList<QCommandLineOption> all() const
    {
        return { listen, port, retentionDays, retentionEvents, retentionInterval, commitBatch,
            shutdownGrace };
    }
};

// Applies the serve options to the config; an error message when one is invalid.
std::optional<QString> applyServeOptions(
    const QCommandLineParser &parser, const ServeOptions &options, RelayConfig &config)
{
    if (parser.isSet(options.listen)) {
        const QString value = parser.value(options.listen);
        QHostAddress address;
        if (value == u"localhost")
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(value))
            return u"--listen: '%1' is not an IP address."_s.arg(value);
        config.listenAddress = address;
    }
    if (parser.isSet(options.port)) {
        const auto port = number(parser.value(options.port), 0, 65535);
        if (!port)
            return u"--port: '%1' is not a port number (0-65535)."_s.arg(parser.value(options.port));
        config.port = quint16(*port);
    }
    constexpr qint64 kIntMax = std::numeric_limits<int>::max();
    const struct {
        const QCommandLineOption &option;
        qint64 min;
        qint64 max;
        std::function<void(qint64)> apply;
    } numeric[] = {
        { options.retentionDays, 0, 1'000'000, [&](qint64 n) { config.retentionDays = int(n); } },
        { options.retentionEvents, 0, std::numeric_limits<qint64>::max(),
            [&](qint64 n) { config.retentionEvents = n; } },
        { options.retentionInterval, 1, kIntMax,
            [&](qint64 n) { config.retentionInterval = std::chrono::milliseconds(n); } },
        { options.commitBatch, 1, 100'000, [&](qint64 n) { config.maxCommitBatch = int(n); } },
        { options.shutdownGrace, 0, kIntMax,
            [&](qint64 n) { config.shutdownGrace = std::chrono::milliseconds(n); } },
    };
    for (const auto &entry : numeric) {
        if (!parser.isSet(entry.option))
            continue;
        const QString value = parser.value(entry.option);
        const auto n = number(value, entry.min, entry.max);
        if (!n)
            return u"--%1: '%2' is not a number from %3 to %4."_s.arg(entry.option.names().constFirst(),
                value, QString::number(entry.min), QString::number(entry.max));
        entry.apply(*n);
    }
    return std::nullopt;
}

} // namespace

ParsedCommand CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Confab relay: authenticates users, stores and relays their messages."_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({ u"h"_s, u"help"_s }, u"Show this help."_s);
    const QCommandLineOption versionOption({ u"v"_s, u"version"_s }, u"Show the version."_s);
    const QCommandLineOption dataDirOption(
        u"data-dir"_s, u"Folder of relay.db (default %1)."_s.arg(RelayConfig::defaultDataDir()), u"dir"_s);
    const QCommandLineOption ifMissingOption(
        u"if-missing"_s, u"user add, room create, topic create: succeed if it already exists."_s);
    const QCommandLineOption privateOption(u"private"_s, u"room create: only invited members may join."_s);
    const QCommandLineOption titleOption(u"title"_s, u"room create: the room's display title."_s, u"title"_s);
    const ServeOptions serve;
    parser.addOptions(
        { helpOption, versionOption, dataDirOption, ifMissingOption, privateOption, titleOption });
    parser.addOptions(serve.all());
    parser.addPositionalArgument(u"command"_s,
        u"serve (default), user add, room create, room add-member, topic create."_s, u"[command]"_s);

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

    command.config.dataDir
        = parser.isSet(dataDirOption) ? parser.value(dataDirOption) : RelayConfig::defaultDataDir();
    if (command.config.dataDir.isEmpty())
        return failure(u"--data-dir must not be empty."_s);
    command.ifMissing = parser.isSet(ifMissingOption);
    command.privateRoom = parser.isSet(privateOption);
    command.title = parser.value(titleOption);

    const QStringList positional = parser.positionalArguments();
    const QString verb = positional.value(0);
    const QString sub = positional.value(1);
    using Action = ParsedCommand::Action;
    if (positional.isEmpty() || (verb == u"serve" && positional.size() == 1)) {
        command.action = Action::Serve;
    } else if (verb == u"user" && sub == u"add" && positional.size() == 3) {
        command.action = Action::UserAdd;
    } else if (verb == u"room" && sub == u"create" && positional.size() == 3) {
        command.action = Action::RoomCreate;
    } else if (verb == u"room" && sub == u"add-member" && positional.size() == 4) {
        command.action = Action::RoomAddMember;
        command.member = positional.at(3);
    } else if (verb == u"topic" && sub == u"create" && positional.size() == 3) {
        command.action = Action::TopicCreate;
    } else if (verb == u"user" && (positional.size() < 2 || sub == u"add")) {
        return failure(u"Usage: confab-relay user add NAME"_s);
    } else if (verb == u"room" && (positional.size() < 2 || sub == u"create")) {
        return failure(u"Usage: confab-relay room create NAME [--private] [--title T] [--if-missing]"_s);
    } else if (verb == u"room" && sub == u"add-member") {
        return failure(u"Usage: confab-relay room add-member ROOM USER"_s);
    } else if (verb == u"topic" && (positional.size() < 2 || sub == u"create")) {
        return failure(u"Usage: confab-relay topic create NAME [--if-missing]"_s);
    } else {
        return failure(u"Unknown command '%1'."_s.arg(positional.join(u' ')));
    }
    if (command.action != Action::Serve)
        command.name = positional.at(2);

    // Options that belong to another command are mistakes worth pointing out, not silently ignored.
    const bool takesIfMissing = command.action == Action::UserAdd || command.action == Action::RoomCreate
        || command.action == Action::TopicCreate;
    if (command.ifMissing && !takesIfMissing)
        return failure(u"--if-missing applies to 'user add', 'room create' and 'topic create' only."_s);
    if ((parser.isSet(privateOption) || parser.isSet(titleOption)) && command.action != Action::RoomCreate)
        return failure(u"--private and --title apply to 'room create' only."_s);
    if (command.action != Action::Serve) {
        for (const QCommandLineOption &option : serve.all()) {
            if (parser.isSet(option))
                return failure(u"--%1 applies to 'serve' only."_s.arg(option.names().constFirst()));
        }
        return command;
    }
    if (const auto error = applyServeOptions(parser, serve, command.config))
        return failure(*error);
    return command;
}

} // namespace confab::relay
