// Screenshots of the real window (Main.qml with a real AppViewModel, offscreen, 1200x760) against
// the real relay, seeded with a realistic conversation: several people, a reply, reactions, a code
// block, a link, an edited message, unread and mention badges, a message of alice's that the relay
// refused (shown as failed), and notifications with priorities, tags and actions. Saved as
// $CONFAB_TEST_OUTPUT_DIR/screenshots/{light,dark}-{chat,notifications,settings,first-run}.png for
// the README and for people to look at; each is checked to show something (not one flat colour),
// and each dark one to be darker than its light one.
#include "appviewmodel.h"
#include "client/clientengine.h"
#include "mainwindow.h"
#include "modelrows.h"
#include "recordingnotifier.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "screenshotcheck.h"
#include "uiitems.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(Confab_ViewModelsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_PlatformPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ChatPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ListsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ShellPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;
using confab::app::AppViewModel;
using confab::client::ClientEngine;
using confab::client::NotificationDraft;
using confab::protocol::NotificationAction;
using confab::protocol::NotificationActionKind;

namespace {

constexpr int kWait = 30000;
const QSize kWindowSize(1200, 760);

QString screenshotDir()
{
    return qEnvironmentVariable("CONFAB_TEST_OUTPUT_DIR", QDir::tempPath()) + u"/screenshots"_s;
}

// One other person on their own connection.
class Person
{
public:
    explicit Person(const QString &name) : m_name(name)
    {
        QObject::connect(&m_engine, &ClientEngine::eventAcknowledged, &m_engine,
                         [this](const QString &key, const confab::protocol::Ack &ack) { m_acked.insert(key, ack.seq); });
        QObject::connect(&m_engine, &ClientEngine::requestAcknowledged, &m_engine,
                         [this](const QString &id, const confab::protocol::Ack &ack) { m_requests.insert(id, ack.stream); });
    }

    bool connect(const QUrl &url)
    {
        QSignalSpy authenticated(&m_engine, &ClientEngine::authenticated);
        m_engine.connectToRelay(url, m_name, relayadmin::passwordOf(m_name));
        return authenticated.wait(kWait);
    }

    // The seq of the message, or -1.
    qint64 say(const QString &stream, const QString &text, qint64 replyTo = 0)
    {
        return stored(replyTo > 0 ? m_engine.sendMessage(stream, text, replyTo) : m_engine.sendMessage(stream, text));
    }
    bool edit(const QString &stream, qint64 seq, const QString &text)
    {
        return stored(m_engine.editMessage(stream, seq, text)) > 0;
    }
    bool react(const QString &stream, qint64 seq, const QString &emoji)
    {
        return stored(m_engine.react(stream, seq, emoji)) > 0;
    }
    bool publish(const QString &topic, const NotificationDraft &draft)
    {
        return stored(m_engine.publish(topic, draft)) > 0;
    }
    // The dm's stream id, or empty.
    QString openDm(const QString &other)
    {
        const QString id = m_engine.openDm({ other });
        if (!QTest::qWaitFor([&] { return m_requests.contains(id); }, kWait))
            return {};
        return m_requests.value(id);
    }

private:
    // Waits for the relay to store the event sent under `key`; its seq, or -1.
    qint64 stored(const QString &key)
    {
        if (key.isEmpty() || !QTest::qWaitFor([&] { return m_acked.contains(key); }, kWait))
            return -1;
        return m_acked.value(key);
    }

    QString m_name;
    ClientEngine m_engine;
    QHash<QString, qint64> m_acked;
    QHash<QString, QString> m_requests;
};

NotificationDraft draft(const QString &title, const QString &body, int priority, const QStringList &tags)
{
    NotificationDraft d;
    d.title = title;
    d.body = body;
    d.priority = priority;
    d.tags = tags;
    return d;
}

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void firstRun();
    void seedConversation();
    void chat();
    void notifications();
    void settings();
    void darkIsDarker();

private:
    bool showWindow(AppViewModel *app);
    // Renders a fresh frame in each theme and saves light-NAME.png and dark-NAME.png.
    void shoot(AppViewModel *app, const QString &name);

    RelayProcess m_relay;
    RecordingNotifier m_notifier;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    std::unique_ptr<AppViewModel> m_app;
    QHash<QString, ImageStats> m_stats; // by file name
};

void TestScreenshots::initTestCase()
{
    QVERIFY(m_config.isValid() && m_data.isValid());
    QVERIFY(QDir().mkpath(screenshotDir()));
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"design"_s, { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"releases"_s, { u"alice"_s, u"dave"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"backups"_s, { u"bob"_s }, { u"alice"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"deploys"_s, { u"dave"_s }, { u"alice"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestScreenshots::cleanupTestCase()
{
    m_engine.reset();
    m_app.reset();
    m_relay.terminate();
}

bool TestScreenshots::showWindow(AppViewModel *app)
{
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_window = confab::app::loadMainWindow(*m_engine, app);
    if (!m_window)
        return false;
    m_window->resize(kWindowSize);
    return QTest::qWaitForWindowExposed(m_window);
}

void TestScreenshots::shoot(AppViewModel *app, const QString &name)
{
    for (const QString &theme : { u"light"_s, u"dark"_s }) {
        app->settings()->setTheme(theme);
        QCOMPARE(app->settings()->darkTheme(), theme == "dark"_L1);
        // Let bindings, images and the list views settle, then render one fresh frame.
        QSignalSpy frames(m_window, &QQuickWindow::frameSwapped);
        m_window->requestUpdate();
        QVERIFY(frames.wait(5000));
        QTest::qWait(0);
        m_window->requestUpdate();
        frames.wait(1000);
        const QImage image = m_window->grabWindow();
        QCOMPARE(image.size(), kWindowSize * m_window->devicePixelRatio());
        const QString file = theme + u"-"_s + name + u".png"_s;
        const QString path = screenshotDir() + u"/"_s + file;
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
        const ImageStats stats = imageStats(image);
        QVERIFY2(stats.dominantShare < 0.97, qPrintable(u"%1 is nearly blank"_s.arg(file)));
        m_stats.insert(file, stats);
    }
}

void TestScreenshots::firstRun()
{
    QTemporaryDir config;
    QTemporaryDir data;
    AppViewModel app(config.path(), data.path(), nullptr, nullptr, &m_notifier);
    QCOMPARE(app.load(), std::nullopt);
    QVERIFY(showWindow(&app));
    QTRY_VERIFY(isShown(m_window, u"FirstRunPage"_s));
    app.setup()->setRelayUrl(u"chat.example.org"_s);
    app.setup()->setUserName(u"alice"_s);
    shoot(&app, u"first-run"_s);
    m_engine.reset();
    m_window = nullptr;
}

void TestScreenshots::seedConversation()
{
    Person bob(u"bob"_s), carol(u"carol"_s), dave(u"dave"_s);
    QVERIFY(bob.connect(m_relay.url()));
    QVERIFY(carol.connect(m_relay.url()));
    QVERIFY(dave.connect(m_relay.url()));
    const QString design = u"room:design"_s;

    QVERIFY(carol.say(design, u"Morning! The new sidebar mockups are in the shared folder."_s) > 0);
    const qint64 badges = bob.say(design,
        u"Nice. I left a few comments on the **badge colours**: the mention badge should stand out more."_s);
    QVERIFY(badges > 0);
    QVERIFY(bob.say(design, u"The spec is here: https://example.org/design/sidebar"_s) > 0);
    const qint64 snippet = dave.say(design,
        u"This is how the count is computed:\n\n```cpp\nconst int unread = store.cacheState(stream).unread;\n"
        "badge.visible = unread > 0;\n```"_s);
    QVERIFY(snippet > 0);
    const qint64 reply = carol.say(design, u"Agreed, I'll try the accent colour and share a screenshot."_s, badges);
    QVERIFY(reply > 0);
    const qint64 typo = dave.say(design, u"Typo in the spec fixde"_s);
    QVERIFY(typo > 0);
    QVERIFY(dave.edit(design, typo, u"Typo in the spec fixed, thanks for spotting it"_s));
    QVERIFY(bob.react(design, snippet, u"👍"_s));
    QVERIFY(carol.react(design, snippet, u"👍"_s));
    QVERIFY(bob.react(design, reply, u"🎉"_s));

    QVERIFY(bob.say(u"room:general"_s, u"Lunch at 12:30 today?"_s) > 0);
    QVERIFY(carol.say(u"room:general"_s, u"@alice are you joining us?"_s) > 0);
    QVERIFY(dave.say(u"room:releases"_s, u"1.4.0 is tagged, release notes are in the wiki."_s) > 0);
    const QString dm = bob.openDm(u"alice"_s);
    QVERIFY(!dm.isEmpty());
    QVERIFY(bob.say(dm, u"Could you review my pull request when you have a minute?"_s) > 0);

    // Alice's app: signed in, in the design room.
    m_app = std::make_unique<AppViewModel>(m_config.path(), m_data.path(), nullptr, nullptr, &m_notifier);
    QCOMPARE(m_app->load(), std::nullopt);
    QSignalSpy connected(m_app.get(), &AppViewModel::accountConnected);
    QCOMPARE(m_app->quickStart(m_relay.url(), u"alice"_s, relayadmin::passwordOf(u"alice"_s), design), std::nullopt);
    m_app->startAll();
    QVERIFY(connected.wait(kWait));
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->chat()->messages(), "text",
                                      u"Typo in the spec fixed, thanks for spotting it"_s) >= 0, kWait);
    for (const QString &stream : { u"room:general"_s, u"room:releases"_s, dm })
        QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", stream) >= 0, kWait);
    m_app->streams()->subscribeTopic(u"backups"_s);
    m_app->streams()->subscribeTopic(u"deploys"_s);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", u"topic:backups"_s) >= 0, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", u"topic:deploys"_s) >= 0, kWait);
    m_app->openStream(design); // the sidebar's subscriptions may have opened another one

    // Alice answers; a reply to a message that does not exist is refused and shows as failed.
    m_app->chat()->send(u"Looks great! Let's ship the sidebar this week."_s);
    m_app->chat()->send(u"I'll send the slides tonight."_s, 999999);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->chat()->messages(), "status", u"failed"_s) >= 0, kWait);

    // Notifications with priorities, tags and actions.
    NotificationDraft failed = draft(u"Backup failed on db-2"_s,
        u"pg_dump exited with status 1 after 42 minutes. The previous backup is 26 hours old."_s, 5,
        { u"backup"_s, u"database"_s });
    NotificationAction logs;
    logs.action = NotificationActionKind::View;
    logs.label = u"Open logs"_s;
    logs.url = u"https://ops.example.org/logs/db-2"_s;
    NotificationAction rerun;
    rerun.action = NotificationActionKind::Http;
    rerun.label = u"Run again"_s;
    rerun.url = u"https://ops.example.org/api/backups/db-2/run"_s;
    failed.actions = { logs, rerun };
    QVERIFY(bob.publish(u"topic:backups"_s, failed));
    NotificationDraft disk = draft(u"Disk 85% full on files-1"_s, u"/srv is at 85%; 120 GB left."_s, 4, { u"disk"_s });
    disk.click = u"https://ops.example.org/hosts/files-1"_s;
    QVERIFY(bob.publish(u"topic:backups"_s, disk));
    QVERIFY(bob.publish(u"topic:backups"_s, draft(u"Nightly backup finished"_s,
        u"All 14 databases were saved in 18 minutes."_s, 3, { u"backup"_s })));
    QVERIFY(dave.publish(u"topic:deploys"_s, draft(u"Deployed web 1.4.0 to production"_s,
        u"Rolled out to 6 of 6 hosts."_s, 3, { u"deploy"_s, u"web"_s })));
    QVERIFY(dave.publish(u"topic:deploys"_s, draft(u"Weekly dependency report"_s,
        u"3 packages have updates."_s, 2, { u"report"_s })));
    QTRY_COMPARE_WITH_TIMEOUT(m_app->notifications()->rowCount(), 5, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(m_app->streams()->totalUnread() >= 3, kWait);
}

void TestScreenshots::chat()
{
    QVERIFY(m_app);
    QVERIFY(showWindow(m_app.get()));
    m_app->openStream(u"room:design"_s);
    QTRY_VERIFY(isShown(m_window, u"ChatPage"_s));
    shoot(m_app.get(), u"chat"_s);
}

void TestScreenshots::notifications()
{
    QVERIFY(m_window);
    m_app->setCurrentView(u"notifications"_s);
    QTRY_VERIFY(isShown(m_window, u"NotificationCentrePage"_s));
    shoot(m_app.get(), u"notifications"_s);
}

void TestScreenshots::settings()
{
    QVERIFY(m_window);
    m_app->setCurrentView(u"settings"_s);
    QTRY_VERIFY(isShown(m_window, u"SettingsPage"_s));
    shoot(m_app.get(), u"settings"_s);
}

void TestScreenshots::darkIsDarker()
{
    for (const QString &name : { u"first-run"_s, u"chat"_s, u"notifications"_s, u"settings"_s }) {
        const QString light = u"light-"_s + name + u".png"_s;
        const QString dark = u"dark-"_s + name + u".png"_s;
        QVERIFY2(m_stats.contains(light) && m_stats.contains(dark), qPrintable(name));
        QVERIFY2(m_stats.value(dark).averageLightness + 40 < m_stats.value(light).averageLightness,
                 qPrintable(u"%1: dark %2, light %3"_s.arg(name)
                                .arg(m_stats.value(dark).averageLightness)
                                .arg(m_stats.value(light).averageLightness)));
    }
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
