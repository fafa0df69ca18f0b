// The settings page's model: do-not-disturb modes switch notifications off when the user expects
// (with a fixed clock), topic rules reach the notification presenter, the theme follows the desktop
// only when asked to, "start on login" writes a real autostart entry, and the proxy is saved in the
// account.
#include "shell/appsettings.h"
#include "shell/settingsviewmodel.h"

#include "platform/autostart.h"
#include "platform/systemtheme.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/connection/networkmonitor.h"
#include "client/store/localstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace confab::app;

namespace {

// Friday 27 November 2026, local time.
QDateTime at(int hour, int minute)
{
    return QDateTime(QDate(2026, 11, 27), QTime(hour, minute));
}

struct Fixture {
    QTemporaryDir dir;
    AppSettings settings { dir.path() };
    SystemTheme theme { SystemTheme::Source::Manual };
    QDateTime now = at(12, 0);
    SettingsViewModel model { &settings, nullptr, &theme, nullptr };

    Fixture()
    {
        settings.load();
        model.setClock([this] { return now; });
    }
};

} // namespace

class TestSettingsViewModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dndNowAndOff();
    void dndUntilEndsByItself();
    void dndScheduleAcrossMidnight();
    void topicRulesGoOutInRulesChanged();
    void previewsAreARule();
    void themeFollowsTheDesktopOnlyForSystem();
    void startOnLoginWritesARealAutostartEntry();
    void settingsSurviveARestart();
    void topicsAndProxyOfTheCurrentAccount();
};

void TestSettingsViewModel::dndNowAndOff()
{
    Fixture f;
    QSignalSpy active(&f.model, &SettingsViewModel::dndActiveChanged);
    QSignalSpy rules(&f.model, &SettingsViewModel::rulesChanged);
    QCOMPARE(f.model.dndMode(), u"off"_s);
    QVERIFY(!f.model.dndActive());
    f.model.setDndMode(u"now"_s);
    QCOMPARE(f.model.dndMode(), u"now"_s);
    QVERIFY(f.model.dndActive());
    QCOMPARE(active.size(), 1);
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.last().at(0).value<NotificationRules>().dnd.mode, DoNotDisturb::Now);
    f.model.setDndMode(u"now"_s); // no change, no signal
    QCOMPARE(rules.size(), 1);
    f.model.setDndMode(u"bogus"_s);
    QCOMPARE(f.model.dndMode(), u"now"_s);
    f.model.setDndMode(u"off"_s);
    QVERIFY(!f.model.dndActive());
    QCOMPARE(active.size(), 2);
    QCOMPARE(rules.size(), 2);
}

void TestSettingsViewModel::dndUntilEndsByItself()
{
    Fixture f;
    f.model.setDndCheckInterval(std::chrono::milliseconds(20));
    f.model.setDndMode(u"until"_s); // no time given yet: an hour from now
    QVERIFY(f.model.dndActive());
    QCOMPARE(f.model.dndUntil(), at(13, 0));
    f.model.setDndUntil(at(12, 30));
    QCOMPARE(f.model.dndUntil(), at(12, 30));
    QVERIFY(f.model.dndActive());
    QSignalSpy active(&f.model, &SettingsViewModel::dndActiveChanged);
    f.now = at(12, 29);
    QTest::qWait(60); // a few ticks: still active
    QVERIFY(f.model.dndActive());
    f.now = at(12, 30);
    QTRY_VERIFY(!f.model.dndActive()); // the timer noticed, without any setter called
    QCOMPARE(active.size(), 1);
    QCOMPARE(f.model.dndMode(), u"until"_s); // the choice stays; it simply ended
}

void TestSettingsViewModel::dndScheduleAcrossMidnight()
{
    Fixture f;
    f.model.setDndCheckInterval(std::chrono::milliseconds(20));
    f.model.setDndStartMinutes(22 * 60);
    f.model.setDndEndMinutes(7 * 60);
    f.model.setDndMode(u"schedule"_s);
    QCOMPARE(f.model.dndStartMinutes(), 22 * 60);
    QCOMPARE(f.model.dndEndMinutes(), 7 * 60);
    QVERIFY(!f.model.dndActive()); // noon
    f.now = at(22, 0);
    QTRY_VERIFY(f.model.dndActive());
    f.now = at(23, 59);
    QTest::qWait(60);
    QVERIFY(f.model.dndActive());
    f.now = QDateTime(QDate(2026, 11, 28), QTime(6, 59));
    QTest::qWait(60);
    QVERIFY(f.model.dndActive());
    f.now = QDateTime(QDate(2026, 11, 28), QTime(7, 0));
    QTRY_VERIFY(!f.model.dndActive());
    // Out-of-range minutes are clamped to the day.
    f.model.setDndEndMinutes(5000);
    QCOMPARE(f.model.dndEndMinutes(), 24 * 60 - 1);
}

void TestSettingsViewModel::topicRulesGoOutInRulesChanged()
{
    Fixture f;
    QSignalSpy rules(&f.model, &SettingsViewModel::rulesChanged);
    QSignalSpy topicRules(&f.model, &SettingsViewModel::topicRulesChanged);
    QVERIFY(!f.model.topicMuted(u"backups"_s));
    QCOMPARE(f.model.topicMinPriority(u"backups"_s), 1);

    f.model.setTopicMuted(u"backups"_s, true);
    QVERIFY(f.model.topicMuted(u"backups"_s));
    QVERIFY(f.model.topicMuted(u"topic:backups"_s)); // the stream id names the same topic
    QCOMPARE(rules.size(), 1);
    QCOMPARE(topicRules.size(), 1);
    QVERIFY(rules.last().at(0).value<NotificationRules>().topicRule(u"backups"_s).muted);

    f.model.setTopicMinPriority(u"topic:ci"_s, 4);
    QCOMPARE(f.model.topicMinPriority(u"ci"_s), 4);
    QCOMPARE(rules.size(), 2);
    const NotificationRules sent = rules.last().at(0).value<NotificationRules>();
    QCOMPARE(sent.topicRule(u"ci"_s).minPriority, 4);
    QVERIFY(sent.topicRule(u"backups"_s).muted);
    QCOMPARE(sent, f.model.rules());

    f.model.setTopicMinPriority(u"ci"_s, 9); // clamped to urgent
    QCOMPARE(f.model.topicMinPriority(u"ci"_s), 5);
    f.model.setTopicMuted(u"backups"_s, false);
    f.model.setTopicMinPriority(u"ci"_s, 1);
    QVERIFY(f.model.rules().topics.isEmpty()); // back to defaults: nothing left to store
    QCOMPARE(rules.size(), 5);
}

void TestSettingsViewModel::previewsAreARule()
{
    Fixture f;
    QSignalSpy rules(&f.model, &SettingsViewModel::rulesChanged);
    QSignalSpy previews(&f.model, &SettingsViewModel::showMessagePreviewsChanged);
    QVERIFY(f.model.showMessagePreviews());
    f.model.setShowMessagePreviews(false);
    QVERIFY(!f.model.showMessagePreviews());
    QCOMPARE(previews.size(), 1);
    QCOMPARE(rules.size(), 1);
    QVERIFY(!rules.last().at(0).value<NotificationRules>().showPreviews);
}

void TestSettingsViewModel::themeFollowsTheDesktopOnlyForSystem()
{
    Fixture f;
    QSignalSpy dark(&f.model, &SettingsViewModel::darkThemeChanged);
    QCOMPARE(f.model.theme(), u"system"_s);
    QVERIFY(!f.model.darkTheme());
    f.theme.setPrefersDark(true); // the desktop switches to dark
    QVERIFY(f.model.darkTheme());
    QCOMPARE(dark.size(), 1);
    f.model.setTheme(u"light"_s);
    QVERIFY(!f.model.darkTheme());
    f.theme.setPrefersDark(false);
    f.theme.setPrefersDark(true); // ignored while "light" is chosen
    QVERIFY(!f.model.darkTheme());
    f.model.setTheme(u"dark"_s);
    QVERIFY(f.model.darkTheme());
    f.theme.setPrefersDark(false);
    QVERIFY(f.model.darkTheme());
    f.model.setTheme(u"neon"_s);
    QCOMPARE(f.model.theme(), u"dark"_s);
    f.model.setTheme(u"system"_s);
    QVERIFY(!f.model.darkTheme());
    QCOMPARE(dark.size(), 4);
}

void TestSettingsViewModel::startOnLoginWritesARealAutostartEntry()
{
#ifndef Q_OS_LINUX
    QSKIP("the autostart entry checked here is the Linux one");
#endif
    QTemporaryDir xdg;
    const QByteArray previous = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", xdg.path().toLocal8Bit());
    const std::unique_ptr<Autostart> autostart =
        Autostart::createForPlatform(u"/opt/confab/bin/confab"_s);
    Fixture f;
    SettingsViewModel model(&f.settings, autostart.get(), &f.theme, nullptr);
    const QString entry = xdg.filePath(u"autostart/confab.desktop"_s);

    QSignalSpy changed(&model, &SettingsViewModel::startOnLoginChanged);
    QVERIFY(!model.startOnLogin());
    model.setStartOnLogin(true);
    QVERIFY(model.startOnLogin());
    QVERIFY(QFile::exists(entry));
    QFile file(entry);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY2(text.contains(u"/opt/confab/bin/confab"_s) && text.contains(u"--minimized"_s), qPrintable(text));
    QVERIFY(f.settings.startOnLogin());
    QCOMPARE(changed.size(), 1);

    // The user removes the entry with the desktop's own tools: the switch shows the truth.
    QVERIFY(QFile::remove(entry));
    QVERIFY(!model.startOnLogin());
    model.setStartOnLogin(true);
    QVERIFY(QFile::exists(entry));
    model.setStartOnLogin(false);
    QVERIFY(!QFile::exists(entry));
    QVERIFY(!model.startOnLogin());
    QVERIFY(model.problem().isEmpty());

    // A folder that cannot be written: a plain-words problem, and the switch stays off.
    QFile blocker(xdg.filePath(u"autostart"_s));
    QVERIFY(QDir(xdg.filePath(u"autostart"_s)).removeRecursively());
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
    blocker.close();
    model.setStartOnLogin(true);
    QVERIFY(!model.startOnLogin());
    QVERIFY(!model.problem().isEmpty());
    qInfo().noquote() << model.problem();

    if (previous.isNull())
        qunsetenv("XDG_CONFIG_HOME");
    else
        qputenv("XDG_CONFIG_HOME", previous);
}

void TestSettingsViewModel::settingsSurviveARestart()
{
    QTemporaryDir dir;
    SystemTheme theme(SystemTheme::Source::Manual);
    {
        AppSettings settings(dir.path());
        settings.load();
        SettingsViewModel model(&settings, nullptr, &theme, nullptr);
        model.setTheme(u"dark"_s);
        model.setCloseToTray(false);
        model.setOfflineAlertMinutes(15);
        model.setDndMode(u"now"_s);
        model.setTopicMuted(u"backups"_s, true);
    }
    AppSettings settings(dir.path());
    settings.load();
    SettingsViewModel model(&settings, nullptr, &theme, nullptr);
    QCOMPARE(model.theme(), u"dark"_s);
    QVERIFY(model.darkTheme());
    QVERIFY(!model.closeToTray());
    QCOMPARE(model.offlineAlertMinutes(), 15);
    QCOMPARE(model.dndMode(), u"now"_s);
    QVERIFY(model.dndActive());
    QVERIFY(model.topicMuted(u"backups"_s));
}

void TestSettingsViewModel::topicsAndProxyOfTheCurrentAccount()
{
    QTemporaryDir config;
    QTemporaryDir data;
    confab::client::ManualNetworkMonitor network;
    confab::client::AccountManager manager(config.path(), data.path(), nullptr, &network);
    QVERIFY(!manager.load());
    confab::client::AccountSettings accountSettings;
    accountSettings.relayUrl = QUrl(u"ws://127.0.0.1:9/v1/ws"_s);
    accountSettings.username = u"alice"_s;
    accountSettings.rememberCredentials = false;
    QString error;
    confab::client::Account *account = manager.add(accountSettings, &error);
    QVERIFY2(account, qPrintable(error));
    for (const QString &topic : { u"topic:zeta"_s, u"topic:backups"_s, u"topic:Alerts"_s }) {
        confab::protocol::Notification notification;
        notification.stream = topic;
        notification.epoch = u"e1"_s;
        notification.seq = 1;
        notification.ts = QDateTime::currentMSecsSinceEpoch();
        notification.sender = u"ci"_s;
        notification.body = u"done"_s;
        QVERIFY(account->store()->apply(notification));
    }

    Fixture f;
    SettingsViewModel model(&f.settings, nullptr, &f.theme, &manager);
    QSignalSpy topics(&model, &SettingsViewModel::topicsChanged);
    QVERIFY(model.topics().isEmpty());
    model.setAccount(account);
    QCOMPARE(topics.size(), 1);
    QCOMPARE(model.topics(), (QStringList { u"Alerts"_s, u"backups"_s, u"zeta"_s }));

    QCOMPARE(model.proxyMode(), u"system"_s);
    model.setProxyMode(u"http"_s);
    model.setProxyHost(u"proxy.lan"_s);
    model.setProxyPort(70000); // clamped
    QCOMPARE(model.proxyPort(), 65535);
    model.setProxyPort(3128);
    model.setProxyUser(u"carol"_s);
    model.setProxyPassword(u"secret"_s);
    QCOMPARE(account->settings().proxy.mode, confab::client::ProxySettings::Mode::System); // not yet applied
    model.applyProxy();
    QVERIFY2(model.problem().isEmpty(), qPrintable(model.problem()));
    const confab::client::ProxySettings saved = account->settings().proxy;
    QCOMPARE(saved.mode, confab::client::ProxySettings::Mode::Http);
    QCOMPARE(saved.host, u"proxy.lan"_s);
    QCOMPARE(saved.port, quint16(3128));
    QCOMPARE(saved.user, u"carol"_s);
    // Saved in accounts.json (without the password), so it survives a restart.
    QFile list(config.filePath(u"accounts.json"_s));
    QVERIFY(list.open(QIODevice::ReadOnly));
    const QByteArray json = list.readAll();
    QVERIFY(json.contains("proxy.lan"));
    QVERIFY(!json.contains("secret"));

    // An explicit proxy without a host is refused in plain words.
    model.setProxyHost(u" "_s);
    model.applyProxy();
    QVERIFY(!model.problem().isEmpty());
    QCOMPARE(account->settings().proxy.host, u"proxy.lan"_s);

    // Another account's fields replace these; none: defaults.
    model.setAccount(nullptr);
    QCOMPARE(model.proxyMode(), u"system"_s);
    QVERIFY(model.topics().isEmpty());
    model.setAccount(account);
    QCOMPARE(model.proxyHost(), u"proxy.lan"_s);

    // Removing the account through the page.
    QSignalSpy removed(&manager, &confab::client::AccountManager::accountRemoved);
    model.removeAccount(account->settings().id, true);
    QCOMPARE(removed.size(), 1);
    QVERIFY(manager.accounts().isEmpty());
}

QTEST_MAIN(TestSettingsViewModel)
#include "tst_settingsviewmodel.moc"
