// confab-headless: a command-line Confab client for scripts and tests (see --help).
#include "client/account/account.h"
#include "client/clientengine.h"
#include "headlessclient.h"
#include "protocol/codec.h"
#include "stdinreader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QNetworkProxyFactory>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using confab::headless::HeadlessClient;

namespace {

constexpr int kExitUsage = 64;
constexpr int kExitDataDir = 3;

const char kDescription[] = R"(A Confab client without a window.

Environment:
  CONFAB_RELAY_URL   the relay, e.g. ws://127.0.0.1:8080/v1/ws (required)
  CONFAB_USERNAME    the user name (required)
  CONFAB_PASSWORD    the password; when unset, the first line of standard input

Once logged in, each line on standard input is a command:
  send <stream> <text>              send a chat message, e.g. "send room:general Hello there"
  reply <stream> <seq> <text>       answer message <seq>
  edit <stream> <seq> <text>        replace the text of your message <seq>
  delete <stream> <seq>             delete your message <seq>
  react <stream> <seq> <emoji>      react to message <seq> (unreact takes it back)
  read <stream> <seq>               move your read marker of <stream> to <seq>
  publish <topic> <priority> [<title> |] <body>
                                    publish a notification, e.g. "publish topic:ci 4 Build | failed"
  publish-json <json>               the same with every field: {"stream":"topic:ci","body":"...",
                                    "title":..,"priority":..,"tags":[..],"click":..,"actions":[..]}
  dismiss <topic> <seq> [all]       dismiss notification <seq> (all: and every older one)
  typing <stream> on|off            say that you are typing (or stopped)
  presence online|away              set your presence
  create-room <name> [private] [<title>]
  invite <room> <user> | join <room> | leave <room>
  members <stream>                  list a room's or conversation's members
  streams                           list the streams you can see
  dm <user>...                      open a direct conversation (prints its stream)
  history <stream> [<before>|head] [<limit>]
                                    the events before <before> (default: the newest), oldest first
  subscribe <stream> [<since> [<epoch>]]
                                    receive a stream's events (first those after <since>)
  unsubscribe <stream>
  quit                              wait for pending answers (at most 5 s), then exit (so does end
                                    of input)

Standard output gets one JSON object per line and event, "event" first: connected, subscribed,
synced, resync_needed, message, edited, deleted, reaction, read, notification, dismissed, member,
typing, presence, ack (with "kind", the command), history, members, streams, error,
disconnected. Exit status: 0 after quit, 1 when the relay cannot be reached or the
connection is lost, 2 for a wrong user name or password, 3 when the data folder cannot be used,
64 for a usage error.

With --data-dir, the client keeps a local store in that folder: requests are written to its
outbox first (a "queued" line, with the request's "key", says it is on disk) and sent again after
a reconnect or the next start until the relay acknowledges them; subscribed streams resume where
they left off; and a lost connection is retried (with backoff) instead of ending the client.
Nothing is written to the keychain.)";

int usageError(const QString &message)
{
    std::fprintf(stderr, "confab-headless: %s\n", qUtf8Printable(message));
    return kExitUsage;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QNetworkProxyFactory::setUseSystemConfiguration(true); // the system proxy, like the desktop app
    QCoreApplication::setApplicationName(u"confab-headless"_s);
    QCoreApplication::setApplicationVersion(QLatin1StringView(CONFAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kDescription));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption streamOption(u"stream"_s,
                                          u"Subscribe to <stream> (e.g. room:general); repeatable."_s,
                                          u"stream"_s);
    parser.addOption(streamOption);
    const QCommandLineOption dataDirOption(
        u"data-dir"_s, u"Keep a local store and a persistent outbox in <dir>, and reconnect after failures."_s,
        u"dir"_s);
    parser.addOption(dataDirOption);
    if (!parser.parse(app.arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unexpected argument \"%1\"; see --help"_s.arg(parser.positionalArguments().first()));

    const QStringList streams = parser.values(streamOption);
    for (const QString &stream : streams) {
        if (!confab::protocol::isValidStreamId(stream))
            return usageError(u"\"%1\" is not a stream id like room:general"_s.arg(stream));
    }
    const QUrl relayUrl(qEnvironmentVariable("CONFAB_RELAY_URL"), QUrl::StrictMode);
    if (relayUrl.isEmpty())
        return usageError(u"set CONFAB_RELAY_URL to the relay's address, e.g. ws://127.0.0.1:8080/v1/ws"_s);
    const QString userName = qEnvironmentVariable("CONFAB_USERNAME");
    if (userName.isEmpty())
        return usageError(u"set CONFAB_USERNAME to the user name"_s);

    confab::headless::StdinReader input;
    QString password = qEnvironmentVariable("CONFAB_PASSWORD");
    if (!qEnvironmentVariableIsSet("CONFAB_PASSWORD")) {
        const std::optional<QString> line = input.readLineNow();
        if (!line)
            return usageError(u"no password: set CONFAB_PASSWORD or give it as the first line of input"_s);
        password = *line;
    }

    // Without a data folder, a bare engine as ever; with one, an account around it.
    std::unique_ptr<confab::client::ClientEngine> bareEngine;
    std::unique_ptr<confab::client::Account> account;
    confab::client::ClientEngine *engine = nullptr;
    if (const QString dataDir = parser.value(dataDirOption); dataDir.isEmpty()) {
        bareEngine = std::make_unique<confab::client::ClientEngine>();
        engine = bareEngine.get();
    } else {
        confab::client::AccountSettings settings;
        settings.id = u"headless"_s;
        settings.relayUrl = relayUrl;
        settings.username = userName;
        settings.rememberCredentials = false;
        // No keychain (the password comes from the environment or stdin), no network monitor.
        account = std::make_unique<confab::client::Account>(settings, dataDir, nullptr, nullptr);
        if (const std::optional<QString> error = account->open()) {
            std::fprintf(stderr, "confab-headless: %s\n", qUtf8Printable(*error));
            return kExitDataDir;
        }
        engine = account->engine();
    }
    HeadlessClient client(engine, &input);
    if (account)
        client.useAccount(account.get());
    QObject::connect(&client, &HeadlessClient::finished, &app, [](int code) { QCoreApplication::exit(code); });
    // Start inside the event loop, so that even an immediate failure can end it.
    QMetaObject::invokeMethod(
        &client, [&] { client.start(relayUrl, userName, password, streams); }, Qt::QueuedConnection);
    return QCoreApplication::exec();
}
