// The app's own settings file: what the user chose survives a restart; a damaged file never stops
// the app (defaults, and a sentence saying so); keys from a newer Confab are not erased.
#include "shell/appsettings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::AppSettings;
using confab::app::DoNotDisturb;
using confab::app::NotificationRules;
using confab::app::TopicRule;

class TestAppSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsWithoutAFile();
    void roundTrip();
    void damagedFileGivesDefaultsAndAProblem_data();
    void damagedFileGivesDefaultsAndAProblem();
    void unknownKeysAreKept();
    void junkValuesFallBackToDefaults();
    void unwritableFolderIsAProblemNotACrash();

private:
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }
};

void TestAppSettings::defaultsWithoutAFile()
{
    QTemporaryDir dir;
    AppSettings settings(dir.path());
    settings.load();
    QVERIFY(settings.problem().isEmpty());
    QCOMPARE(settings.theme(), u"system"_s);
    QCOMPARE(settings.closeToTray(), true);
    QCOMPARE(settings.startOnLogin(), false);
    QCOMPARE(settings.offlineAlertMinutes(), 5);
    QCOMPARE(settings.showMessagePreviews(), true);
    QCOMPARE(settings.notificationRules(), NotificationRules {});
    QVERIFY(settings.lastAccountId().isEmpty());
    QVERIFY(!QFile::exists(settings.filePath())); // reading writes nothing
}

void TestAppSettings::roundTrip()
{
    QTemporaryDir dir;
    NotificationRules rules;
    rules.dnd.mode = DoNotDisturb::Schedule;
    rules.dnd.startMinutes = 22 * 60 + 30;
    rules.dnd.endMinutes = 6 * 60;
    rules.topics.insert(u"backups"_s, TopicRule { true, 1 });
    rules.topics.insert(u"ci"_s, TopicRule { false, 4 });
    {
        AppSettings settings(dir.path());
        settings.load();
        QSignalSpy changed(&settings, &AppSettings::changed);
        settings.setTheme(u"dark"_s);
        settings.setTheme(u"purple"_s); // not a theme: ignored
        settings.setCloseToTray(false);
        settings.setStartOnLogin(true);
        settings.setOfflineAlertMinutes(12);
        settings.setNotificationRules(rules);
        settings.setShowMessagePreviews(false);
        settings.setLastAccountId(u"acc-1"_s);
        settings.setLastStream(u"acc-1"_s, u"room:general"_s);
        settings.setLastStream(u"acc-2"_s, u"dm:alice+bob"_s);
        QCOMPARE(changed.size(), 9);
        settings.setTheme(u"dark"_s); // unchanged: no signal, no write
        QCOMPARE(changed.size(), 9);
        QVERIFY(settings.problem().isEmpty());
    }
    AppSettings reread(dir.path());
    reread.load();
    QVERIFY(reread.problem().isEmpty());
    QCOMPARE(reread.theme(), u"dark"_s);
    QCOMPARE(reread.closeToTray(), false);
    QCOMPARE(reread.startOnLogin(), true);
    QCOMPARE(reread.offlineAlertMinutes(), 12);
    QCOMPARE(reread.showMessagePreviews(), false);
    NotificationRules expected = rules;
    expected.showPreviews = false;
    QCOMPARE(reread.notificationRules(), expected);
    QCOMPARE(reread.notificationRules().topicRule(u"topic:ci"_s).minPriority, 4);
    QCOMPARE(reread.lastAccountId(), u"acc-1"_s);
    QCOMPARE(reread.lastStream(u"acc-1"_s), u"room:general"_s);
    QCOMPARE(reread.lastStream(u"acc-2"_s), u"dm:alice+bob"_s);
    QVERIFY(reread.lastStream(u"acc-3"_s).isEmpty());
}

void TestAppSettings::damagedFileGivesDefaultsAndAProblem_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("truncated") << QByteArray(R"({"theme": "dark", "closeToTray": fal)");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage \x01", 14);
    QTest::newRow("array") << QByteArray(R"(["theme", "dark"])");
    QTest::newRow("empty") << QByteArray();
}

void TestAppSettings::damagedFileGivesDefaultsAndAProblem()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    AppSettings settings(dir.path());
    writeFile(settings.filePath(), content);
    settings.load();
    QVERIFY(!settings.problem().isEmpty());
    qInfo().noquote() << settings.problem();
    QVERIFY(settings.problem().contains(u"default"_s));
    QCOMPARE(settings.theme(), u"system"_s);
    QCOMPARE(settings.closeToTray(), true);
    // The damaged file is kept aside; a change afterwards writes a good file.
    QVERIFY(QFile::exists(settings.filePath() + u".damaged"_s));
    settings.setTheme(u"light"_s);
    AppSettings reread(dir.path());
    reread.load();
    QVERIFY(reread.problem().isEmpty());
    QCOMPARE(reread.theme(), u"light"_s);
}

void TestAppSettings::unknownKeysAreKept()
{
    QTemporaryDir dir;
    AppSettings settings(dir.path());
    writeFile(settings.filePath(),
        R"({"theme": "light", "fromTheFuture": {"x": [1, 2, 3]}, "textScale": 1.25})");
    settings.load();
    QVERIFY(settings.problem().isEmpty());
    QCOMPARE(settings.theme(), u"light"_s);
    settings.setCloseToTray(false);

    QFile file(settings.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json.value(u"textScale"_s).toDouble(), 1.25);
    QCOMPARE(json.value(u"fromTheFuture"_s).toObject().value(u"x"_s).toArray().size(), 3);
    QCOMPARE(json.value(u"closeToTray"_s).toBool(true), false);
}

void TestAppSettings::junkValuesFallBackToDefaults()
{
    QTemporaryDir dir;
    AppSettings settings(dir.path());
    writeFile(settings.filePath(),
        R"({"theme": 7, "closeToTray": "yes", "offlineAlertMinutes": -3, "notifications": "loud",
            "lastStreams": [1], "lastAccountId": {"a": 1}, "showMessagePreviews": null})");
    settings.load();
    QCOMPARE(settings.theme(), u"system"_s);
    QCOMPARE(settings.closeToTray(), true);
    QCOMPARE(settings.offlineAlertMinutes(), 5);
    QCOMPARE(settings.notificationRules().dnd.mode, DoNotDisturb::Off);
    QVERIFY(settings.lastStream(u"a"_s).isEmpty());
    QVERIFY(settings.lastAccountId().isEmpty());
    QCOMPARE(settings.showMessagePreviews(), true);
    settings.setLastStream(u"a"_s, u"room:x"_s); // replaces the junk
    QCOMPARE(settings.lastStream(u"a"_s), u"room:x"_s);
}

void TestAppSettings::unwritableFolderIsAProblemNotACrash()
{
    QTemporaryDir dir;
    // A file where the config folder should be: nothing can be saved there.
    const QString blocked = dir.filePath(u"blocked"_s);
    writeFile(blocked, "x");
    AppSettings settings(blocked + u"/confab"_s);
    settings.load();
    QSignalSpy problem(&settings, &AppSettings::problemChanged);
    settings.setTheme(u"dark"_s);
    QCOMPARE(problem.size(), 1);
    QVERIFY(settings.problem().contains(u"could not save"_s));
    QCOMPARE(settings.theme(), u"dark"_s); // still applies for this session
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
