#include "commandline.h"

#include "configkeys.h"
#include "configloader.h"
#include "protocol/protocolversion.h"
#include "protocol/streamid.h"

#include <QCommandLineParser>
#include <QHash>

#include <limits>

namespace confab::relay {

using namespace Qt::StringLiterals;
using Action = ParsedCommand::Action;

namespace {

// One command: its words, how many operands follow them, and the options it takes besides the
// ones every command takes (--data-dir, --config, --log-format). `serve` and `check-config` also
// take every configuration flag.
struct CommandSpec {
    QStringList words;
    Action action;
    int minOperands;
    int maxOperands;
    QString usage;
    QStringList options;
};

const QList<CommandSpec> &commandSpecs()
{
    static const QList<CommandSpec> specs = {
        { { u"serve"_s }, Action::Serve, 0, 0, u"serve [settings]"_s, {} },
        { { u"check-config"_s }, Action::CheckConfig, 0, 0, u"check-config [--config FILE] [settings]"_s, {} },
        { { u"user"_s, u"add"_s }, Action::UserAdd, 1, 1, u"user add NAME [--role user|admin] [--if-missing]"_s,
            { u"role"_s, u"if-missing"_s } },
        { { u"user"_s, u"list"_s }, Action::UserList, 0, 0, u"user list"_s, {} },
        { { u"user"_s, u"remove"_s }, Action::UserRemove, 1, 1, u"user remove NAME"_s, {} },
        { { u"user"_s, u"password"_s }, Action::UserPassword, 1, 1, u"user password NAME"_s, {} },
        { { u"user"_s, u"role"_s }, Action::UserRole, 2, 2, u"user role NAME user|admin"_s, {} },
        { { u"user"_s, u"bulk"_s }, Action::UserBulk, 0, 0,
            u"user bulk --count N --prefix P [--token-file FILE] [--role user|admin]"_s,
            { u"count"_s, u"prefix"_s, u"token-file"_s, u"role"_s } },
        { { u"token"_s, u"create"_s }, Action::TokenCreate, 1, 1,
            u"token create USER [--label L] [--topic T:rw|r|w ...] [--expires-in DURATION]"_s,
            { u"label"_s, u"topic"_s, u"expires-in"_s } },
        { { u"token"_s, u"list"_s }, Action::TokenList, 0, 1, u"token list [USER]"_s, {} },
        { { u"token"_s, u"revoke"_s }, Action::TokenRevoke, 1, 1, u"token revoke ID"_s, {} },
        { { u"room"_s, u"create"_s }, Action::RoomCreate, 1, 1,
            u"room create NAME [--private] [--title T] [--if-missing]"_s,
            { u"private"_s, u"title"_s, u"if-missing"_s } },
        { { u"room"_s, u"add-member"_s }, Action::RoomAddMember, 2, 2, u"room add-member ROOM USER"_s, {} },
        { { u"topic"_s, u"create"_s }, Action::TopicCreate, 1, 1, u"topic create NAME [--if-missing]"_s,
            { u"if-missing"_s } },
        { { u"acl"_s, u"grant"_s }, Action::AclGrant, 3, 3,
            u"acl grant TOPIC user:NAME|token:ID read|write|read-write"_s, {} },
        { { u"acl"_s, u"revoke"_s }, Action::AclRevoke, 2, 2, u"acl revoke TOPIC user:NAME|token:ID"_s, {} },
        { { u"acl"_s, u"list"_s }, Action::AclList, 0, 1, u"acl list [TOPIC]"_s, {} },
        { { u"publish"_s }, Action::Publish, 2, 2,
            u"publish TOPIC MESSAGE [--title T] [--priority 1-5] [--tags a,b] [--click URL]"_s,
            { u"title"_s, u"priority"_s, u"tags"_s, u"click"_s } },
        { { u"status"_s }, Action::Status, 0, 0, u"status [--json]"_s, { u"json"_s } },
    };
    return specs;
}

const QStringList kEveryCommand = { u"help"_s, u"version"_s, u"data-dir"_s, u"config"_s, u"log-format"_s };

ParsedCommand failure(const QString &message, int exitCode = 2)
{
    ParsedCommand command;
    command.action = Action::Fail;
    command.exitCode = exitCode;
    command.text = message + u"\nTry 'confab-relay --help'."_s;
    return command;
}

QString helpText(const QCommandLineParser &parser)
{
    QString text = parser.helpText() + u"\nCommands (serve is the default):\n"_s;
    for (const CommandSpec &spec : commandSpecs())
        text += u"  confab-relay "_s + spec.usage + u'\n';
    text += u"\nEvery setting can also be a line `name = value` in the config file (--config FILE, else\n"
            "<data dir>/relay.conf) or an environment variable CONFAB_RELAY_NAME (e.g. CONFAB_RELAY_PORT);\n"
            "flags override the environment, which overrides the file. Passwords are never arguments:\n"
            "they come from the CONFAB_PASSWORD environment variable, else from the first line of stdin.\n"
            "publish and status talk to the running relay of the data dir over its control socket.\n"_s;
    return text;
}

const CommandSpec *matchCommand(const QStringList &positional)
{
    const CommandSpec *best = nullptr;
    for (const CommandSpec &spec : commandSpecs()) {
        if (positional.size() < spec.words.size() || positional.mid(0, spec.words.size()) != spec.words)
            continue;
        if (!best || spec.words.size() > best->words.size())
            best = &spec;
    }
    return best;
}

std::optional<TokenScope> parseScope(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString topic = text.left(colon);
    const QString access = text.mid(colon + 1);
    if (!topic.startsWith(u"topic:"))
        topic.prepend(u"topic:"_s);
    if (!protocol::isValidStreamId(topic) || protocol::streamKindOf(topic) != protocol::StreamKind::Topic)
        return std::nullopt;
    if (access == u"rw" || access == u"wr")
        return TokenScope { topic, true, true };
    if (access == u"r")
        return TokenScope { topic, true, false };
    if (access == u"w")
        return TokenScope { topic, false, true };
    return std::nullopt;
}

std::optional<QString> parseCommandOptions(const QCommandLineParser &parser, ParsedCommand &command)
{
    command.ifMissing = parser.isSet(u"if-missing"_s);
    command.privateRoom = parser.isSet(u"private"_s);
    command.json = parser.isSet(u"json"_s);
    command.title = parser.value(u"title"_s);
    command.label = parser.value(u"label"_s);
    command.prefix = parser.value(u"prefix"_s);
    command.tokenFile = parser.value(u"token-file"_s);
    command.click = parser.value(u"click"_s);
    if (parser.isSet(u"role"_s)) {
        command.role = roleFromName(parser.value(u"role"_s));
        if (!command.role)
            return u"--role: '%1' is not user or admin."_s.arg(parser.value(u"role"_s));
    }
    for (const QString &scope : parser.values(u"topic"_s)) {
        const auto parsed = parseScope(scope);
        if (!parsed)
            return u"--topic: '%1' is not TOPIC:rw, TOPIC:r or TOPIC:w with a valid topic name."_s.arg(scope);
        command.scopes.append(*parsed);
    }
    if (parser.isSet(u"expires-in"_s)) {
        command.expiresInMs = CommandLine::parseDuration(parser.value(u"expires-in"_s));
        if (!command.expiresInMs)
            return u"--expires-in: '%1' is not a duration like 90s, 15m, 12h, 30d or 2w."_s.arg(
                parser.value(u"expires-in"_s));
    }
    if (parser.isSet(u"count"_s)) {
        bool ok = false;
        command.count = parser.value(u"count"_s).toInt(&ok);
        if (!ok || command.count < 1 || command.count > 1'000'000)
            return u"--count: '%1' is not a number from 1 to 1000000."_s.arg(parser.value(u"count"_s));
    }
    if (parser.isSet(u"priority"_s)) {
        bool ok = false;
        const int priority = parser.value(u"priority"_s).toInt(&ok);
        if (!ok || priority < protocol::kMinPriority || priority > protocol::kMaxPriority)
            return u"--priority: '%1' is not a number from 1 to 5."_s.arg(parser.value(u"priority"_s));
        command.priority = priority;
    }
    for (const QString &tag : parser.value(u"tags"_s).split(u',', Qt::SkipEmptyParts)) {
        if (!tag.trimmed().isEmpty())
            command.tags.append(tag.trimmed());
    }
    if (command.action == Action::UserBulk && (!parser.isSet(u"count"_s) || command.prefix.isEmpty()))
        return u"user bulk needs --count N and --prefix P."_s;
    return std::nullopt;
}

// Every option the parser knows, by name: the common ones, every setting, and the commands' own.
QList<QCommandLineOption> allOptions()
{
    QList<QCommandLineOption> options = {
        QCommandLineOption({ u"h"_s, u"help"_s }, u"Show this help."_s),
        QCommandLineOption({ u"v"_s, u"version"_s }, u"Show the version."_s),
        QCommandLineOption(u"config"_s, u"Read settings from this INI file (default <data dir>/relay.conf)."_s,
            u"file"_s),
    };
    const RelayConfig defaults;
    for (const ConfigKey &key : ConfigKeys::all()) {
        const QString shown = key.name == u"data-dir" ? RelayConfig::defaultDataDir() : key.show(defaults);
        options.append(QCommandLineOption(key.name,
            u"%1 (default: %2)."_s.arg(key.description, shown.isEmpty() ? u"none"_s : shown), key.valueName));
    }
    options += {
        QCommandLineOption(u"allowed-origin"_s, u"Add one accepted browser origin (repeatable)."_s, u"origin"_s),
        QCommandLineOption(u"if-missing"_s, u"user add, room create, topic create: succeed if it exists."_s),
        QCommandLineOption(u"private"_s, u"room create: only invited members may join."_s),
        QCommandLineOption(u"title"_s, u"room create: display title; publish: notification title."_s, u"text"_s),
        QCommandLineOption(u"role"_s, u"user add, user bulk: user or admin (default user)."_s, u"role"_s),
        QCommandLineOption(u"label"_s, u"token create: a label to recognise the token by."_s, u"text"_s),
        QCommandLineOption(u"topic"_s, u"token create: allow TOPIC with r, w or rw (repeatable)."_s, u"topic:rw"_s),
        QCommandLineOption(u"expires-in"_s, u"token create: lifetime like 90s, 15m, 12h, 30d, 2w."_s, u"duration"_s),
        QCommandLineOption(u"count"_s, u"user bulk: how many users to create."_s, u"n"_s),
        QCommandLineOption(u"prefix"_s, u"user bulk: names are PREFIX1, PREFIX2..."_s, u"prefix"_s),
        QCommandLineOption(u"token-file"_s, u"user bulk: write name<TAB>token lines here (mode 0600)."_s, u"file"_s),
        QCommandLineOption(u"priority"_s, u"publish: 1 (min) to 5 (max), default 3."_s, u"1-5"_s),
        QCommandLineOption(u"tags"_s, u"publish: comma-separated tags."_s, u"a,b"_s),
        QCommandLineOption(u"click"_s, u"publish: URL opened when the notification is clicked."_s, u"url"_s),
        QCommandLineOption(u"json"_s, u"status: print JSON."_s),
    };
    return options;
}

} // namespace

std::optional<qint64> CommandLine::parseDuration(const QString &text)
{
    static const QList<std::pair<QString, qint64>> units = { { u"ms"_s, 1 }, { u"s"_s, 1000 },
        { u"m"_s, 60'000 }, { u"h"_s, 3'600'000 }, { u"d"_s, 86'400'000 }, { u"w"_s, 604'800'000 } };
    const QString trimmed = text.trimmed();
    // "ms" before "m" and "s": the first unit that fits the whole suffix wins.
    for (const auto &[unit, factor] : units) {
        if (!trimmed.endsWith(unit))
            continue;
        const QString number = trimmed.chopped(unit.size());
        bool ok = false;
        const qint64 n = number.toLongLong(&ok);
        if (!ok || n <= 0 || n > std::numeric_limits<qint64>::max() / 2 / factor)
            return std::nullopt;
        return n * factor;
    }
    return std::nullopt;
}

ParsedCommand CommandLine::parse(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Confab relay: authenticates users, stores and relays their messages and notifications."_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(allOptions());
    parser.addPositionalArgument(u"command"_s, u"One of the commands below (default: serve)."_s, u"[command]"_s);
    if (!parser.parse(arguments))
        return failure(parser.errorText());

    ParsedCommand command;
    if (parser.isSet(u"help"_s)) {
        command.action = Action::ShowHelp;
        command.text = helpText(parser);
        return command;
    }
    if (parser.isSet(u"version"_s)) {
        command.action = Action::ShowVersion;
        command.text = u"confab-relay " CONFAB_VERSION ""_s;
        return command;
    }

    const QStringList positional = parser.positionalArguments();
    const CommandSpec *spec = positional.isEmpty() ? &commandSpecs().constFirst() : matchCommand(positional);
    if (!spec) {
        QStringList usages;
        for (const CommandSpec &candidate : commandSpecs()) {
            if (candidate.words.constFirst() == positional.constFirst())
                usages.append(u"  confab-relay "_s + candidate.usage);
        }
        if (!usages.isEmpty())
            return failure(u"Usage:\n"_s + usages.join(u'\n'));
        return failure(u"Unknown command '%1'."_s.arg(positional.join(u' ')));
    }
    command.action = spec->action;
    command.operands = positional.mid(spec->words.size());
    if (command.operands.size() < spec->minOperands || command.operands.size() > spec->maxOperands)
        return failure(u"Usage: confab-relay "_s + spec->usage);

    // Options that belong to another command are mistakes worth pointing out, not silently ignored.
    const bool takesSettings = spec->action == Action::Serve || spec->action == Action::CheckConfig;
    QList<std::pair<QString, QString>> flags;
    QHash<QString, int> seen;
    for (const QString &name : parser.optionNames()) {
        const int index = seen[name]++;
        const bool setting = ConfigKeys::find(name) || name == u"allowed-origin";
        if (!kEveryCommand.contains(name) && !spec->options.contains(name) && !(setting && takesSettings)) {
            QStringList takers;
            for (const CommandSpec &candidate : commandSpecs()) {
                const bool candidateTakesSettings
                    = candidate.action == Action::Serve || candidate.action == Action::CheckConfig;
                if (candidate.options.contains(name) || (setting && candidateTakesSettings))
                    takers.append(u"'%1'"_s.arg(candidate.words.join(u' ')));
            }
            return failure(u"--%1 applies to %2 only."_s.arg(name, takers.join(u", "_s)));
        }
        if (setting)
            flags.append({ name, parser.values(name).value(index) });
    }

    const int configExitCode = spec->action == Action::CheckConfig ? 1 : 2;
    ConfigLoader::Sources sources;
    if (parser.isSet(u"config"_s))
        sources.configFile = parser.value(u"config"_s);
    sources.environment = environment;
    sources.flags = flags;
    const ConfigLoader::Result loaded = ConfigLoader::load(sources);
    if (loaded.error)
        return failure(*loaded.error, configExitCode);
    command.config = loaded.config;
    command.configFile = loaded.configFile;

    if (const auto error = parseCommandOptions(parser, command))
        return failure(*error);
    return command;
}

} // namespace confab::relay
