// The relay's command line, as an admin meets it: --version, --help, every admin subcommand with
// its happy path and its clear error, and the commands that talk to a running relay (publish,
// status, and the revocations that close live connections).
#include "rawclient.h"
#include "relayprocess.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

class TestRelayCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionPrintsNameAndVersion();
    void helpListsTheCommands();
    void userAddWithoutPasswordFailsClearly();
    void userAddTakesPasswordFromEnvironment();
    void userAddRefusesBadNames();
    void existingUserFailsUnlessIfMissing();
    void roomCreate();
    void privateRoomAndMembers();
    void topicCreate();
    void serveOptionsAreValidated_data();
    void serveOptionsAreValidated();
    void unknownCommandsAndOptionsFail_data();
    void unknownCommandsAndOptionsFail();
    void userRolesAndList();
    void userPasswordAndRemove();
    void tokensCreateListRevoke();
    void aclGrantRevokeList();
    void publishAndStatusNeedARunningRelay();
    void publishReachesASubscriber();
    void statusCountsConnections();
    void bulkUsersLogInWithTheirTokens();
    void revocationClosesLiveConnections();
    void oneRelayPerDataDir();
    void longDataDirPathStillHasAControlSocket();

private:
    RelayProcess m_relay; // only its data folder and runCommand() are used
};

void TestRelayCli::versionPrintsNameAndVersion()
{
    const auto result = m_relay.runCommand({u"--version"_s});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.standardOutput, "confab-relay 0.1.0\n"_ba);
}

void TestRelayCli::helpListsTheCommands()
{
    const auto result = m_relay.runCommand({u"--help"_s});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    for (const char *expected : {"serve", "user add NAME", "room create NAME", "room add-member ROOM USER",
                                 "topic create NAME", "--private", "--title", "--if-missing", "--data-dir", "--port",
                                 "--listen", "--retention-days", "--retention-events", "--retention-interval-ms",
                                 "--commit-batch", "CONFAB_PASSWORD"})
        QVERIFY2(result.standardOutput.contains(expected), expected);
}

void TestRelayCli::userAddWithoutPasswordFailsClearly()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"CONFAB_PASSWORD"_s);
    const auto result = m_relay.runCommand({u"user"_s, u"add"_s, u"carol"_s, u"--data-dir"_s, m_relay.dataDir()},
                                           {}, environment);
    QVERIFY(result.finished);
    QVERIFY(result.exitCode != 0);
    QVERIFY2(result.standardError.contains("No password given"), result.standardError.constData());
    QVERIFY(result.standardError.contains("CONFAB_PASSWORD"));
    // Nothing was created: adding her properly now works.
    QVERIFY(m_relay.addUser(u"carol"_s, u"secret"_s));
}

void TestRelayCli::userAddTakesPasswordFromEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CONFAB_PASSWORD"_s, u"from env"_s);
    const auto result = m_relay.runCommand({u"user"_s, u"add"_s, u"dave"_s, u"--data-dir"_s, m_relay.dataDir()},
                                           {}, environment);
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(!result.standardOutput.contains("from env"));
    QVERIFY(!result.standardError.contains("from env"));
}

void TestRelayCli::userAddRefusesBadNames()
{
    const auto result = m_relay.runCommand({u"user"_s, u"add"_s, u"Eve Smith"_s, u"--data-dir"_s, m_relay.dataDir()},
                                           "pw\n");
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("Invalid user name"));
}

void TestRelayCli::existingUserFailsUnlessIfMissing()
{
    QVERIFY(m_relay.addUser(u"frank"_s, u"one"_s));
    QVERIFY(!m_relay.addUser(u"frank"_s, u"two"_s));
    const auto result = m_relay.runCommand(
        {u"user"_s, u"add"_s, u"frank"_s, u"--if-missing"_s, u"--data-dir"_s, m_relay.dataDir()}, "two\n");
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("already exists"));
}

void TestRelayCli::roomCreate()
{
    QVERIFY(m_relay.createRoom(u"ops"_s));
    QVERIFY(!m_relay.createRoom(u"ops"_s));
    auto result = m_relay.runCommand({u"room"_s, u"create"_s, u"ops"_s, u"--if-missing"_s, u"--data-dir"_s,
                                      m_relay.dataDir()});
    QCOMPARE(result.exitCode, 0);
    result = m_relay.runCommand({u"room"_s, u"create"_s, u"No Spaces"_s, u"--data-dir"_s, m_relay.dataDir()});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("Invalid room name"));
}

void TestRelayCli::privateRoomAndMembers()
{
    const QString dir = m_relay.dataDir();
    auto result = m_relay.runCommand(
        {u"room"_s, u"create"_s, u"board"_s, u"--private"_s, u"--title"_s, u"Board room"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("private"));
    QVERIFY(m_relay.addUser(u"henry"_s, u"pw"_s));
    result = m_relay.runCommand({u"room"_s, u"add-member"_s, u"board"_s, u"henry"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 0);
    // Again: already a member, still fine.
    result = m_relay.runCommand({u"room"_s, u"add-member"_s, u"board"_s, u"henry"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("already"));
    result = m_relay.runCommand({u"room"_s, u"add-member"_s, u"board"_s, u"nobody"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No user"));
    result = m_relay.runCommand({u"room"_s, u"add-member"_s, u"nowhere"_s, u"henry"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No room"));
    // Options that belong elsewhere are refused, not ignored.
    result = m_relay.runCommand({u"topic"_s, u"create"_s, u"x"_s, u"--private"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 2);
}

void TestRelayCli::topicCreate()
{
    const QString dir = m_relay.dataDir();
    auto result = m_relay.runCommand({u"topic"_s, u"create"_s, u"alerts"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("topic:alerts"));
    result = m_relay.runCommand({u"topic"_s, u"create"_s, u"alerts"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 1);
    result = m_relay.runCommand({u"topic"_s, u"create"_s, u"alerts"_s, u"--if-missing"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 0);
    result = m_relay.runCommand({u"topic"_s, u"create"_s, u"Bad Name"_s, u"--data-dir"_s, dir});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("Invalid topic name"));
}

void TestRelayCli::serveOptionsAreValidated_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("negative retention days") << QStringList{u"--retention-days"_s, u"-1"_s};
    QTest::newRow("retention events not a number") << QStringList{u"--retention-events"_s, u"many"_s};
    QTest::newRow("zero interval") << QStringList{u"--retention-interval-ms"_s, u"0"_s};
    QTest::newRow("zero batch") << QStringList{u"--commit-batch"_s, u"0"_s};
    QTest::newRow("serve option on an admin command")
        << QStringList{u"room"_s, u"create"_s, u"x"_s, u"--retention-days"_s, u"3"_s};
}

void TestRelayCli::serveOptionsAreValidated()
{
    QFETCH(QStringList, arguments);
    const auto result = m_relay.runCommand(arguments + QStringList{u"--data-dir"_s, m_relay.dataDir()});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.standardError.contains("confab-relay --help"));
}

void TestRelayCli::unknownCommandsAndOptionsFail_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown command") << QStringList{u"launch"_s};
    QTest::newRow("unknown option") << QStringList{u"--colour"_s};
    QTest::newRow("bad port") << QStringList{u"--port"_s, u"70000"_s};
    QTest::newRow("bad address") << QStringList{u"--listen"_s, u"not-an-ip"_s};
    QTest::newRow("user without name") << QStringList{u"user"_s, u"add"_s};
    QTest::newRow("password as argument") << QStringList{u"user"_s, u"add"_s, u"gina"_s, u"hunter2"_s};
}

void TestRelayCli::unknownCommandsAndOptionsFail()
{
    QFETCH(QStringList, arguments);
    const auto result = m_relay.runCommand(arguments + QStringList{u"--data-dir"_s, m_relay.dataDir()});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.standardError.contains("confab-relay --help"));
    QVERIFY(result.standardOutput.isEmpty());
}

namespace {

QProcessEnvironment withPassword(const QString &password)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"CONFAB_PASSWORD"_s, password);
    return environment;
}

// The table row of `name` in a `user list` / `token list` / `acl list` output, split on spaces.
QStringList rowOf(const QByteArray &output, const QString &first)
{
    for (const QByteArray &line : output.split('\n')) {
        const QStringList cells = QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
        if (cells.value(0) == first)
            return cells;
    }
    return {};
}

// The id in "Created API token ID for ..." (token create's stderr).
QString createdTokenId(const QByteArray &standardError)
{
    static const QRegularExpression created(u"Created API token (\\S+) for"_s);
    return created.match(QString::fromUtf8(standardError)).captured(1);
}

// A hello with a token instead of a password; the welcome's user, or nothing.
std::optional<QString> loginWithToken(RawClient &client, const QUrl &url, const QString &token)
{
    if (!client.open(url))
        return std::nullopt;
    confab::protocol::Hello hello;
    hello.id = u"login"_s;
    hello.client = u"tst_relay_cli"_s;
    hello.token = token;
    client.send(hello);
    const auto welcome = client.nextAs<confab::protocol::Welcome>();
    return welcome ? std::optional<QString>(welcome->user) : std::nullopt;
}

} // namespace

void TestRelayCli::userRolesAndList()
{
    auto result = m_relay.runAdmin({u"user"_s, u"add"_s, u"ivy"_s, u"--role"_s, u"admin"_s}, {}, withPassword(u"pw"_s));
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("(admin)"));
    QVERIFY(m_relay.addUser(u"jack"_s, u"pw"_s));
    result = m_relay.runAdmin({u"user"_s, u"list"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(rowOf(result.standardOutput, u"ivy"_s).value(1), u"admin"_s);
    QCOMPARE(rowOf(result.standardOutput, u"jack"_s).value(1), u"user"_s);
    QCOMPARE(rowOf(result.standardOutput, u"jack"_s).last(), u"never"_s); // never seen yet

    result = m_relay.runAdmin({u"user"_s, u"role"_s, u"jack"_s, u"admin"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(rowOf(m_relay.runAdmin({u"user"_s, u"list"_s}).standardOutput, u"jack"_s).value(1), u"admin"_s);

    result = m_relay.runAdmin({u"user"_s, u"role"_s, u"jack"_s, u"boss"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("Unknown role 'boss'"));
    result = m_relay.runAdmin({u"user"_s, u"role"_s, u"nobody"_s, u"admin"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No user 'nobody'"));
    result = m_relay.runAdmin({u"user"_s, u"add"_s, u"kim"_s, u"--role"_s, u"boss"_s}, "pw\n");
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.standardError.contains("--role"));
}

void TestRelayCli::userPasswordAndRemove()
{
    QVERIFY(m_relay.addUser(u"lena"_s, u"old"_s));
    auto result = m_relay.runAdmin({u"user"_s, u"password"_s, u"lena"_s}, "new\n");
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("Changed the password of 'lena'"));
    QVERIFY(!result.standardOutput.contains("new") && !result.standardError.contains("new\n"));
    result = m_relay.runAdmin({u"user"_s, u"password"_s, u"lena"_s}, {});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No password given"));
    result = m_relay.runAdmin({u"user"_s, u"password"_s, u"nobody"_s}, "x\n");
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No user 'nobody'"));

    result = m_relay.runAdmin({u"user"_s, u"remove"_s, u"lena"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(rowOf(m_relay.runAdmin({u"user"_s, u"list"_s}).standardOutput, u"lena"_s).isEmpty());
    result = m_relay.runAdmin({u"user"_s, u"remove"_s, u"lena"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No user 'lena'"));
}

void TestRelayCli::tokensCreateListRevoke()
{
    QVERIFY(m_relay.addUser(u"mia"_s, u"pw"_s));
    QCOMPARE(m_relay.runAdmin({u"topic"_s, u"create"_s, u"builds"_s}).exitCode, 0);
    auto result = m_relay.runAdmin({u"token"_s, u"create"_s, u"mia"_s, u"--label"_s, u"ci"_s, u"--topic"_s,
                                    u"builds:w"_s, u"--expires-in"_s, u"30d"_s});
    QCOMPARE(result.exitCode, 0);
    // The secret alone on stdout, for `TOKEN=$(confab-relay token create ...)`.
    const QByteArray secret = result.standardOutput.trimmed();
    QVERIFY2(secret.startsWith("cfa_") && !secret.contains('\n'), result.standardOutput.constData());
    QVERIFY(result.standardError.contains("shown only this once"));
    const QString id = createdTokenId(result.standardError);
    QVERIFY(!id.isEmpty());

    result = m_relay.runAdmin({u"token"_s, u"list"_s, u"mia"_s});
    QCOMPARE(result.exitCode, 0);
    const QStringList row = rowOf(result.standardOutput, id);
    QCOMPARE(row.value(1), u"mia"_s);
    QCOMPARE(row.value(2), u"api"_s);
    QCOMPARE(row.value(3), u"ci"_s);
    QCOMPARE(row.last(), u"topic:builds:w"_s);
    QVERIFY(!result.standardOutput.contains(secret));
    QVERIFY(!rowOf(m_relay.runAdmin({u"token"_s, u"list"_s}).standardOutput, id).isEmpty());

    result = m_relay.runAdmin({u"token"_s, u"create"_s, u"nobody"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No user 'nobody'"));
    result = m_relay.runAdmin({u"token"_s, u"create"_s, u"mia"_s, u"--topic"_s, u"nowhere:r"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No topic topic:nowhere"));
    result = m_relay.runAdmin({u"token"_s, u"create"_s, u"mia"_s, u"--topic"_s, u"builds:x"_s});
    QCOMPARE(result.exitCode, 2);
    result = m_relay.runAdmin({u"token"_s, u"create"_s, u"mia"_s, u"--expires-in"_s, u"soon"_s});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.standardError.contains("--expires-in"));
    result = m_relay.runAdmin({u"token"_s, u"list"_s, u"nobody"_s});
    QCOMPARE(result.exitCode, 1);

    result = m_relay.runAdmin({u"token"_s, u"revoke"_s, id});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(rowOf(m_relay.runAdmin({u"token"_s, u"list"_s}).standardOutput, id).isEmpty());
    result = m_relay.runAdmin({u"token"_s, u"revoke"_s, id});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("No token"));
}

void TestRelayCli::aclGrantRevokeList()
{
    QVERIFY(m_relay.addUser(u"nina"_s, u"pw"_s));
    QCOMPARE(m_relay.runAdmin({u"topic"_s, u"create"_s, u"ops"_s}).exitCode, 0);
    auto result = m_relay.runAdmin({u"token"_s, u"create"_s, u"nina"_s, u"--topic"_s, u"ops:w"_s});
    QCOMPARE(result.exitCode, 0);
    const QString tokenPrincipal = u"token:"_s + createdTokenId(result.standardError);

    QCOMPARE(m_relay.runAdmin({u"acl"_s, u"grant"_s, u"ops"_s, u"user:nina"_s, u"read-write"_s}).exitCode, 0);
    QCOMPARE(m_relay.runAdmin({u"acl"_s, u"grant"_s, u"topic:ops"_s, tokenPrincipal, u"write"_s}).exitCode, 0);
    result = m_relay.runAdmin({u"acl"_s, u"list"_s, u"ops"_s});
    QCOMPARE(result.exitCode, 0);
    const QStringList userRow = rowOf(result.standardOutput, u"topic:ops"_s);
    QVERIFY(result.standardOutput.contains("user:nina"));
    QVERIFY(result.standardOutput.contains(tokenPrincipal.toUtf8()));
    QVERIFY(!userRow.isEmpty());

    const struct {
        QStringList arguments;
        const char *error;
    } refused[] = {
        { {u"acl"_s, u"grant"_s, u"nowhere"_s, u"user:nina"_s, u"read"_s}, "No topic topic:nowhere" },
        { {u"acl"_s, u"grant"_s, u"ops"_s, u"user:ghost"_s, u"read"_s}, "No user 'ghost'" },
        { {u"acl"_s, u"grant"_s, u"ops"_s, u"token:0000000000000000"_s, u"read"_s}, "No token" },
        { {u"acl"_s, u"grant"_s, u"ops"_s, u"nina"_s, u"read"_s}, "Invalid principal 'nina'" },
        { {u"acl"_s, u"grant"_s, u"ops"_s, u"user:nina"_s, u"admin"_s}, "Unknown access 'admin'" },
        { {u"acl"_s, u"grant"_s, u"Bad Topic"_s, u"user:nina"_s, u"read"_s}, "Invalid topic" },
    };
    for (const auto &attempt : refused) {
        result = m_relay.runAdmin(attempt.arguments);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.standardError.contains(attempt.error), result.standardError.constData());
    }

    QCOMPARE(m_relay.runAdmin({u"acl"_s, u"revoke"_s, u"ops"_s, u"user:nina"_s}).exitCode, 0);
    result = m_relay.runAdmin({u"acl"_s, u"revoke"_s, u"ops"_s, u"user:nina"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("has no entry"));
    result = m_relay.runAdmin({u"acl"_s, u"list"_s});
    QVERIFY(!result.standardOutput.contains("user:nina"));
    QVERIFY(result.standardOutput.contains(tokenPrincipal.toUtf8()));
}

void TestRelayCli::publishAndStatusNeedARunningRelay()
{
    const QByteArray expected = "no relay running for " + m_relay.dataDir().toUtf8();
    auto result = m_relay.runAdmin({u"status"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains(expected), result.standardError.constData());
    result = m_relay.runAdmin({u"publish"_s, u"alerts"_s, u"hello"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains(expected), result.standardError.constData());
    result = m_relay.runAdmin({u"publish"_s, u"alerts"_s, u"hello"_s, u"--priority"_s, u"9"_s});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.standardError.contains("--priority"));
}

void TestRelayCli::publishReachesASubscriber()
{
    RelayProcess relay;
    QVERIFY(relay.addUser(u"olga"_s, u"pw"_s));
    QCOMPARE(relay.runAdmin({u"topic"_s, u"create"_s, u"deploys"_s}).exitCode, 0);
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient olga;
    QVERIFY(olga.login(relay.url(), u"olga"_s, u"pw"_s));
    QVERIFY(olga.subscribe(u"topic:deploys"_s));

    auto result = relay.runAdmin({u"publish"_s, u"deploys"_s, u"Backup done"_s, u"--title"_s, u"Nightly"_s,
                                  u"--priority"_s, u"4"_s, u"--tags"_s, u"db,backup"_s, u"--click"_s,
                                  u"https://example.com/runs/7"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.standardOutput.contains("Published to topic:deploys (seq 1)"));
    const auto notification = olga.nextAs<confab::protocol::Notification>();
    QVERIFY(notification);
    QCOMPARE(notification->stream, u"topic:deploys"_s);
    QCOMPARE(notification->body, u"Backup done"_s);
    QCOMPARE(notification->title, u"Nightly"_s);
    QCOMPARE(notification->priority, 4);
    QCOMPARE(notification->tags, (QStringList{u"db"_s, u"backup"_s}));
    QCOMPARE(notification->click, u"https://example.com/runs/7"_s);
    QCOMPARE(notification->sender, u"relay"_s);
    QCOMPARE(notification->seq, 1);

    result = relay.runAdmin({u"publish"_s, u"nothing"_s, u"x"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains("no topic topic:nothing"), result.standardError.constData());
    QVERIFY(olga.quiet());
    QVERIFY(relay.terminate());
}

void TestRelayCli::statusCountsConnections()
{
    RelayProcess relay;
    QVERIFY(relay.addUser(u"pia"_s, u"pw"_s));
    QVERIFY(relay.addUser(u"quinn"_s, u"pw"_s));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    RawClient pia, quinn, anonymous;
    QVERIFY(pia.login(relay.url(), u"pia"_s, u"pw"_s));
    QVERIFY(quinn.login(relay.url(), u"quinn"_s, u"pw"_s));
    QVERIFY(anonymous.open(relay.url())); // upgraded, not logged in
    QTcpSocket halfway; // connected, its upgrade request not sent yet
    halfway.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(halfway.waitForConnected(5000));

    auto status = [&relay] {
        const auto result = relay.runAdmin({u"status"_s, u"--json"_s});
        return QJsonDocument::fromJson(result.standardOutput).object();
    };
    QTRY_COMPARE_WITH_TIMEOUT(status().value("connections"_L1).toInt(), 3, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(status().value("handshaking"_L1).toInt(), 1, 10'000);
    const QJsonObject report = status();
    QCOMPARE(report.value("refused_over_cap"_L1).toInt(), 0);
    QCOMPARE(report.value("sessions"_L1).toInt(), 2);
    QCOMPARE(report.value("users_online"_L1).toInt(), 2);
    QCOMPARE(report.value("connections_per_address"_L1).toObject().value("127.0.0.1"_L1).toInt(), 4);
    QVERIFY(report.value("store_bytes"_L1).toInteger() > 0);
    QVERIFY(report.value("uptime_ms"_L1).toInteger() >= 0);
    QVERIFY(report.contains("unsent_bytes_total"_L1) && report.contains("unsent_bytes_max"_L1));
    QCOMPARE(report.value("url"_L1).toString(), relay.url().toString());

    const auto text = relay.runAdmin({u"status"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.standardOutput.contains("connections:         3 upgraded, 1 in their handshake"),
             text.standardOutput.constData());

    quinn.socket().close();
    QVERIFY(quinn.waitForDisconnected());
    QTRY_COMPARE_WITH_TIMEOUT(status().value("connections"_L1).toInt(), 2, 10'000);
    QVERIFY(relay.terminate());
}

void TestRelayCli::bulkUsersLogInWithTheirTokens()
{
    RelayProcess relay;
    const QString tokenFile = relay.dataDir() + u"/tokens.tsv"_s;
    auto result = relay.runAdmin({u"user"_s, u"bulk"_s, u"--count"_s, u"300"_s, u"--prefix"_s, u"load"_s,
                                  u"--token-file"_s, tokenFile});
    QCOMPARE(result.exitCode, 0);
    QFile file(tokenFile);
    QCOMPARE(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser),
             QFile::ReadOwner | QFile::WriteOwner); // 0600: nobody else reads the tokens
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 300);
    QVERIFY(!result.standardOutput.contains("cfs_")); // in the file only

    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    for (const qsizetype index : {qsizetype(0), qsizetype(149), qsizetype(299)}) {
        const QList<QByteArray> fields = lines.at(index).split('\t');
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.at(0), "load" + QByteArray::number(index + 1));
        RawClient client;
        QCOMPARE(loginWithToken(client, relay.url(), QString::fromUtf8(fields.at(1))),
                 std::optional<QString>(QString::fromUtf8(fields.at(0))));
    }

    result = relay.runAdmin({u"user"_s, u"bulk"_s, u"--count"_s, u"3"_s, u"--prefix"_s, u"load"_s});
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.standardError.contains("already exists"));
    result = relay.runAdmin({u"user"_s, u"bulk"_s, u"--prefix"_s, u"x"_s});
    QCOMPARE(result.exitCode, 2);
    result = relay.runAdmin({u"user"_s, u"list"_s});
    QVERIFY(rowOf(result.standardOutput, u"load300"_s).join(u' ').contains(u"token login only"_s));
    QVERIFY(relay.terminate());
}

void TestRelayCli::revocationClosesLiveConnections()
{
    RelayProcess relay;
    QVERIFY(relay.addUser(u"rita"_s, u"pw"_s));
    QVERIFY(relay.addUser(u"sam"_s, u"pw"_s));
    QCOMPARE(relay.runAdmin({u"topic"_s, u"create"_s, u"metrics"_s}).exitCode, 0);
    auto result = relay.runAdmin({u"token"_s, u"create"_s, u"rita"_s, u"--topic"_s, u"metrics:rw"_s});
    QCOMPARE(result.exitCode, 0);
    const QString secret = QString::fromUtf8(result.standardOutput.trimmed());
    const QString id = createdTokenId(result.standardError);
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    RawClient script, bystander, sam;
    QCOMPARE(loginWithToken(script, relay.url(), secret), std::optional<QString>(u"rita"_s));
    QVERIFY(bystander.login(relay.url(), u"rita"_s, u"pw"_s));
    QVERIFY(sam.login(relay.url(), u"sam"_s, u"pw"_s));

    // Revoking the token closes the script's connection at once, and only that one.
    result = relay.runAdmin({u"token"_s, u"revoke"_s, id});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(script.waitForDisconnected());
    QVERIFY(bystander.isConnected());
    RawClient again;
    QCOMPARE(loginWithToken(again, relay.url(), secret), std::nullopt);

    // Removing a user closes every connection of theirs.
    result = relay.runAdmin({u"user"_s, u"remove"_s, u"sam"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(sam.waitForDisconnected());
    QVERIFY(bystander.isConnected());
    QVERIFY(bystander.quiet());
    QVERIFY(relay.terminate());
}

void TestRelayCli::oneRelayPerDataDir()
{
    RelayProcess first;
    QVERIFY2(first.start(), qPrintable(first.errorString()));
    RelayProcess second(first.dataDir());
    QVERIFY(!second.start());
    bool explained = false;
    for (const QByteArray &line : second.logLines())
        explained = explained || line.contains("another relay is already serving");
    QVERIFY(explained);
    // A relay that was killed leaves its control socket behind; the next one takes it over.
    QVERIFY(first.kill());
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QCOMPARE(second.runAdmin({u"status"_s}).exitCode, 0);
    QVERIFY(second.terminate());
}

void TestRelayCli::longDataDirPathStillHasAControlSocket()
{
    // Unix socket paths hold about 107 bytes; a deeper data folder still gets publish and status.
    QTemporaryDir base;
    const QString deep = base.filePath(QString(120, u'd'));
    RelayProcess relay(deep);
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    const auto result = relay.runAdmin({u"status"_s, u"--json"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(result.standardOutput).object().value("url"_L1).toString(), relay.url().toString());
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestRelayCli)
#include "tst_relay_cli.moc"
