// The whole app end to end, as a user meets it: the real AppViewModel with Main.qml (offscreen),
// the real relay, a real Secret Service (gnome-keyring on the private bus of
// with-dbus-session.sh) and a notification service on that bus that records what it is asked to
// show. Alice signs in through the first-run form (password remembered in the keychain); bob, on
// another client, writes and publishes: the message shows in the open conversation, the unread badge
// counts, native notifications arrive with the right title, urgency and action buttons, clicking one
// opens the app at it, and do-not-disturb holds back a normal notification but lets an urgent one through.
#include "appviewmodel.h"
#include "client/clientengine.h"
#include "client/credentialstore.h"
#include "mainwindow.h"
#include "modelrows.h"
#include "notificationrecorderprocess.h"
#include "platform/desktopnotifier.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "uiitems.h"

#include <QAbstractItemModelTester>
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
using Record = NotificationRecorderProcess::Record;

namespace {

constexpr int kWait = 30000;

// The first record whose summary contains `text`, or nullptr.
const Record *findRecord(const QList<Record> &records, const QString &text)
{
    for (const Record &record : records) {
        if (record.summary.contains(text) || record.body.contains(text))
            return &record;
    }
    return nullptr;
}

} // namespace

class TestAppViewModelE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signInThroughTheFirstRunForm();
    void messagesShowAndCountAsUnread();
    void mentionRaisesANativeNotification();
    void publishedNotificationArrivesWithUrgencyAndActions();
    void clickingANotificationOpensTheApp();
    void doNotDisturbHoldsBackAllButUrgent();

private:
    qint64 bobPublishes(const QString &title, int priority, const QList<confab::protocol::NotificationAction> &actions = {});
    qint64 bobSays(const QString &stream, const QString &text);

    RelayProcess m_relay;
    NotificationRecorderProcess m_recorder;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    std::unique_ptr<confab::client::CredentialStore> m_keychain;
    std::unique_ptr<AppViewModel> m_app;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    std::unique_ptr<ClientEngine> m_bob;
};

void TestAppViewModelE2e::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("CONFAB_TEST_FIXTURE_DIR"), "run under tests/support/with-dbus-session.sh");
    QVERIFY(m_config.isValid() && m_data.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"ops"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"alerts"_s, { u"bob"_s }, { u"alice"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    // The notification service must own its name before the app picks its notifier.
    QVERIFY2(m_recorder.start(), qPrintable(m_recorder.errorString()));

    m_keychain = std::make_unique<confab::client::CredentialStore>(u"confab-e2e-test"_s);
    m_app = std::make_unique<AppViewModel>(m_config.path(), m_data.path(), m_keychain.get());
    QCOMPARE(m_app->notifier()->backendName(), u"freedesktop"_s);
    QCOMPARE(m_app->load(), std::nullopt);
    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_window = confab::app::loadMainWindow(*m_engine, m_app.get());
    QVERIFY(m_window);
    QVERIFY(QTest::qWaitForWindowExposed(m_window));

    m_bob = std::make_unique<ClientEngine>();
    QSignalSpy authenticated(m_bob.get(), &ClientEngine::authenticated);
    m_bob->connectToRelay(m_relay.url(), u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    QVERIFY(authenticated.wait(kWait));
}

void TestAppViewModelE2e::cleanupTestCase()
{
    m_engine.reset();
    m_app.reset();
    m_bob.reset();
    m_recorder.stop();
    QVERIFY(m_relay.terminate());
}

qint64 TestAppViewModelE2e::bobSays(const QString &stream, const QString &text)
{
    QSignalSpy acked(m_bob.get(), &ClientEngine::messageAcknowledged);
    m_bob->sendMessage(stream, text);
    if (!acked.wait(kWait))
        return -1;
    return acked.at(0).at(2).toLongLong();
}

qint64 TestAppViewModelE2e::bobPublishes(const QString &title, int priority,
                                         const QList<confab::protocol::NotificationAction> &actions)
{
    NotificationDraft draft;
    draft.title = title;
    draft.body = u"Details of "_s + title;
    draft.priority = priority;
    draft.tags = { u"backup"_s };
    draft.actions = actions;
    bool stored = false;
    QString key;
    const QMetaObject::Connection connection = connect(m_bob.get(), &ClientEngine::eventAcknowledged, this,
        [&](const QString &acked, const confab::protocol::Ack &) { stored = stored || acked == key; });
    key = m_bob->publish(u"topic:alerts"_s, draft);
    const bool done = QTest::qWaitFor([&] { return stored; }, kWait);
    disconnect(connection);
    if (!done)
        return -1;
    return 1;
}

void TestAppViewModelE2e::signInThroughTheFirstRunForm()
{
    QTRY_VERIFY(isShown(m_window, u"FirstRunPage"_s));
    QVERIFY(!m_app->hasAccounts());
    QSignalSpy ready(m_app->setup(), &confab::app::AccountSetupViewModel::accountReady);
    QSignalSpy connected(m_app.get(), &AppViewModel::accountConnected);
    m_app->setup()->setRelayUrl(m_relay.url().toString());
    m_app->setup()->setUserName(u"alice"_s);
    m_app->setup()->setPassword(relayadmin::passwordOf(u"alice"_s));
    m_app->setup()->setRemember(true);
    m_app->setup()->submit();
    QVERIFY2(ready.wait(kWait), qPrintable(m_app->setup()->error()));
    QVERIFY(m_app->hasAccounts());
    QCOMPARE(m_app->currentAccountId(), ready.at(0).at(0).toString());
    QCOMPARE(m_app->setup()->keychainWarning(), QString()); // the keychain works here
    QTRY_VERIFY(isShown(m_window, u"Sidebar"_s));
    QVERIFY(!isShown(m_window, u"FirstRunPage"_s));
    QTRY_COMPARE(m_app->tray()->phase(), u"connected"_s);
}

void TestAppViewModelE2e::messagesShowAndCountAsUnread()
{
    QAbstractItemModelTester chatTester(m_app->chat()->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester streamsTester(m_app->streams(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Membership: both rooms reach the sidebar without alice doing anything.
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", u"room:general"_s) >= 0, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", u"room:ops"_s) >= 0, kWait);
    m_app->openStream(u"room:general"_s);
    QCOMPARE(m_app->chat()->streamId(), u"room:general"_s);

    QVERIFY(bobSays(u"room:general"_s, u"Welcome aboard, alice"_s) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->chat()->messages(), "text", u"Welcome aboard, alice"_s) >= 0, kWait);

    QVERIFY(bobSays(u"room:ops"_s, u"The nightly job failed"_s) > 0);
    QVERIFY(bobSays(u"room:ops"_s, u"It is running again"_s) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleValue(m_app->streams(), rowWhere(m_app->streams(), "streamId", u"room:ops"_s), "unread").toInt(), 2,
        kWait);
    QTRY_COMPARE(m_app->tray()->unread(), m_app->streams()->totalUnread());
    QVERIFY(m_app->tray()->toolTip().contains(QString::number(m_app->streams()->totalUnread())));
}

void TestAppViewModelE2e::mentionRaisesANativeNotification()
{
    const int before = int(m_recorder.notifications().size());
    QVERIFY(bobSays(u"room:ops"_s, u"@alice can you look at the logs?"_s) > 0);
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kWait)));
    const Record *record = findRecord(m_recorder.notifications().mid(before), u"logs"_s);
    QVERIFY(record);
    QCOMPARE(record->appName, u"Confab"_s);
    QVERIFY2(record->summary.contains(u"bob"_s), qPrintable(record->summary));
    QCOMPARE(record->urgency, 1);
}

void TestAppViewModelE2e::publishedNotificationArrivesWithUrgencyAndActions()
{
    QSignalSpy ready(m_app->streams(), &confab::app::StreamListModel::streamReady);
    m_app->streams()->subscribeTopic(u"alerts"_s);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->streams(), "streamId", u"topic:alerts"_s) >= 0, kWait);

    const int before = int(m_recorder.notifications().size());
    confab::protocol::NotificationAction view;
    view.action = confab::protocol::NotificationActionKind::View;
    view.label = u"Open dashboard"_s;
    view.url = u"https://dashboard.example/backups"_s;
    QVERIFY(bobPublishes(u"Backup finished late"_s, 4, { view }) > 0);
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kWait)));
    const Record *record = findRecord(m_recorder.notifications().mid(before), u"Backup finished late"_s);
    QVERIFY(record);
    QCOMPARE(record->urgency, 2); // priority 4: critical
    QVERIFY(record->actionIds().contains(u"default"_s));
    QVERIFY2(record->actionLabels().contains(u"Open dashboard"_s), qPrintable(record->actions.join(u", "_s)));
    // And it is in the notification centre.
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->notifications(), "title", u"Backup finished late"_s) >= 0, kWait);
}

void TestAppViewModelE2e::clickingANotificationOpensTheApp()
{
    const QList<Record> records = m_recorder.notifications();
    const Record *record = findRecord(records, u"Backup finished late"_s);
    QVERIFY(record);
    m_app->setCurrentView(u"settings"_s);
    QSignalSpy raise(m_app.get(), &AppViewModel::raiseWindowRequested);
    m_recorder.invoke(record->id, u"default"_s);
    QVERIFY(raise.wait(kWait));
    QCOMPARE(m_app->currentView(), u"notifications"_s);
}

void TestAppViewModelE2e::doNotDisturbHoldsBackAllButUrgent()
{
    m_app->settings()->setDndMode(u"now"_s);
    QVERIFY(m_app->settings()->dndActive());
    QVERIFY(m_app->tray()->dndActive());

    const int before = int(m_recorder.notifications().size());
    QVERIFY(bobPublishes(u"Disk 80% full"_s, 3) > 0);
    QVERIFY(bobPublishes(u"Disk full: writes failing"_s, 5) > 0);
    // Both reach the notification centre...
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->notifications(), "title", u"Disk full: writes failing"_s) >= 0, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(m_app->notifications(), "title", u"Disk 80% full"_s) >= 0, kWait);
    // ...but only the urgent one reaches the desktop, published after the other one.
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kWait)));
    const QList<Record> shown = m_recorder.notifications().mid(before);
    const Record *urgent = findRecord(shown, u"Disk full: writes failing"_s);
    QVERIFY(urgent);
    QCOMPARE(urgent->urgency, 2);
    QVERIFY(!findRecord(shown, u"Disk 80% full"_s));

    m_app->settings()->setDndMode(u"off"_s);
    QVERIFY(!m_app->tray()->dndActive());
}

QTEST_MAIN(TestAppViewModelE2e)
#include "tst_appviewmodel_e2e.moc"
