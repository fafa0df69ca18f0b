// The real main window (Main.qml with a real AppViewModel) offscreen: without accounts it opens
// on the first-run page; with an account signed in to the real relay it shows the sidebar and the
// conversation, with the message another person sent.
#include "appviewmodel.h"
#include "mainwindow.h"
#include "modelrows.h"
#include "recordingnotifier.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "uiitems.h"

#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Confab_ViewModelsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_PlatformPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ChatPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ListsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ShellPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;
using confab::app::AppViewModel;
using confab::client::ClientEngine;

class TestAppWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutAccountsTheFirstRunPageFillsTheWindow()
    {
        QTemporaryDir config;
        QTemporaryDir data;
        RecordingNotifier notifier;
        AppViewModel app(config.path(), data.path(), nullptr, nullptr, &notifier);
        QCOMPARE(app.load(), std::nullopt);
        QQmlApplicationEngine engine;
        QQuickWindow *window = confab::app::loadMainWindow(engine, &app);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_VERIFY(isShown(window, u"FirstRunPage"_s));
        QVERIFY(!isShown(window, u"Sidebar"_s));
    }

    void signedInWindowShowsTheSidebarAndTheConversation()
    {
        RelayProcess relay;
        QVERIFY(relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s }));
        QVERIFY(relayadmin::addRoom(relay, u"general"_s, { u"alice"_s, u"bob"_s }));
        QVERIFY2(relay.start(), qPrintable(relay.errorString()));

        QTemporaryDir config;
        QTemporaryDir data;
        RecordingNotifier notifier;
        AppViewModel app(config.path(), data.path(), nullptr, nullptr, &notifier);
        QCOMPARE(app.load(), std::nullopt);
        QQmlApplicationEngine engine;
        QQuickWindow *window = confab::app::loadMainWindow(engine, &app);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTRY_VERIFY(isShown(window, u"FirstRunPage"_s));

        QSignalSpy connected(&app, &AppViewModel::accountConnected);
        QCOMPARE(app.quickStart(relay.url(), u"alice"_s, relayadmin::passwordOf(u"alice"_s), u"room:general"_s),
                 std::nullopt);
        app.startAll();
        QVERIFY(connected.wait(30000));
        QTRY_VERIFY(isShown(window, u"Sidebar"_s));
        QVERIFY(isShown(window, u"ChatPage"_s));
        QVERIFY(!isShown(window, u"FirstRunPage"_s));

        ClientEngine bob;
        QSignalSpy authenticated(&bob, &ClientEngine::authenticated);
        bob.connectToRelay(relay.url(), u"bob"_s, relayadmin::passwordOf(u"bob"_s));
        QVERIFY(authenticated.wait(30000));
        bob.sendMessage(u"room:general"_s, u"Hello from bob"_s);
        QTRY_VERIFY_WITH_TIMEOUT(rowWhere(app.chat()->messages(), "text", u"Hello from bob"_s) >= 0, 30000);
        // The sidebar lists the room.
        QTRY_VERIFY(rowWhere(app.streams(), "streamId", u"room:general"_s) >= 0);
        QVERIFY(window->title().contains(u"Confab"_s));
    }
};

QTEST_MAIN(TestAppWindow)
#include "tst_appwindow.moc"
