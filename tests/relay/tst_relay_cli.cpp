// The relay's command line, as an admin meets it: --version, --help, and user add / room create
// with their failure modes.
#include "relayprocess.h"

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

QTEST_GUILESS_MAIN(TestRelayCli)
#include "tst_relay_cli.moc"
