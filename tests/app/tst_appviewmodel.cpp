// AppViewModel against the real relay, without QML: what the window would show. A quick start
// signs alice in and opens a room; bob's message appears in the open conversation's model and
// another room's message counts as unread in the sidebar and the tray; a clicked notification opens
// its conversation and raises the window; the tray's "Do not disturb" reaches the settings; and the
// last account and conversation are open again after a restart.
#include "appviewmodel.h"
#include "client/account/accountmanager.h"
#include "client/clientengine.h"
#include "modelrows.h"
#include "notifications/notificationpresenter.h"
#include "recordingnotifier.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using confab::app::AppViewModel;
using confab::client::ClientEngine;

namespace {

constexpr int kWait = 30000;

} // namespace

class TestAppViewModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void freshStartHasNoAccounts();
    void quickStartShowsMessagesAndUnreadCounts();
    void clickedNotificationOpensItsConversation();
    void trayDoNotDisturbReachesTheSettings();
    void restartReopensTheLastConversation();

private:
    std::unique_ptr<AppViewModel> makeApp();
    bool startBob();
    qint64 bobSays(const QString &stream, const QString &text);

    RelayProcess m_relay;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    RecordingNotifier m_notifier;
    std::unique_ptr<ClientEngine> m_bob;
};

void TestAppViewModel::initTestCase()
{
    QVERIFY(m_config.isValid() && m_data.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"ops"_s, { u"alice"_s, u"bob"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    QVERIFY(startBob());
}

void TestAppViewModel::cleanupTestCase()
{
    m_bob.reset();
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<AppViewModel> TestAppViewModel::makeApp()
{
    // No keychain: the quick start remembers nothing anyway.
    return std::make_unique<AppViewModel>(m_config.path(), m_data.path(), nullptr, nullptr, &m_notifier);
}

bool TestAppViewModel::startBob()
{
    m_bob = std::make_unique<ClientEngine>();
    QSignalSpy authenticated(m_bob.get(), &ClientEngine::authenticated);
    m_bob->connectToRelay(m_relay.url(), u"bob"_s, relayadmin::passwordOf(u"bob"_s));
    return authenticated.wait(kWait);
}

qint64 TestAppViewModel::bobSays(const QString &stream, const QString &text)
{
    QSignalSpy acked(m_bob.get(), &ClientEngine::messageAcknowledged);
    m_bob->sendMessage(stream, text);
    if (!acked.wait(kWait))
        return -1;
    return acked.at(0).at(2).toLongLong();
}

void TestAppViewModel::freshStartHasNoAccounts()
{
    QTemporaryDir config;
    QTemporaryDir data;
    AppViewModel app(config.path(), data.path(), nullptr, nullptr, &m_notifier);
    QCOMPARE(app.load(), std::nullopt);
    QVERIFY(!app.hasAccounts()); // Main.qml shows the first-run page
    QCOMPARE(app.currentAccountId(), QString());
    QCOMPARE(app.streams()->rowCount(), 0);
    QCOMPARE(app.chat()->streamId(), QString());
    app.setCurrentView(u"nonsense"_s);
    QCOMPARE(app.currentView(), u"chat"_s);
    app.setCurrentView(u"settings"_s);
    QCOMPARE(app.currentView(), u"settings"_s);
}

void TestAppViewModel::quickStartShowsMessagesAndUnreadCounts()
{
    auto app = makeApp();
    QCOMPARE(app->load(), std::nullopt);
    QAbstractItemModelTester chatTester(app->chat()->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester streamsTester(app->streams(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy connected(app.get(), &AppViewModel::accountConnected);
    QCOMPARE(app->quickStart(m_relay.url(), u"alice"_s, relayadmin::passwordOf(u"alice"_s), u"room:general"_s),
             std::nullopt);
    QVERIFY(app->hasAccounts());
    QCOMPARE(app->chat()->streamId(), u"room:general"_s);
    app->startAll();
    QVERIFY(connected.wait(kWait));
    QCOMPARE(connected.at(0).at(1).toString(), u"alice"_s);

    // Bob writes in the open room: it shows in the conversation.
    QVERIFY(bobSays(u"room:general"_s, u"Morning, alice!"_s) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(app->chat()->messages(), "text", u"Morning, alice!"_s) >= 0, kWait);
    const int row = rowWhere(app->chat()->messages(), "text", u"Morning, alice!"_s);
    QCOMPARE(roleValue(app->chat()->messages(), row, "sender").toString(), u"bob"_s);

    // And in another room: the sidebar counts it, the tray too.
    QTRY_VERIFY_WITH_TIMEOUT(rowWhere(app->streams(), "streamId", u"room:ops"_s) >= 0, kWait);
    QVERIFY(bobSays(u"room:ops"_s, u"Deploy at noon"_s) > 0);
    QVERIFY(bobSays(u"room:ops"_s, u"@alice can you check?"_s) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleValue(app->streams(), rowWhere(app->streams(), "streamId", u"room:ops"_s), "unread").toInt(), 2, kWait);
    QCOMPARE(roleValue(app->streams(), rowWhere(app->streams(), "streamId", u"room:ops"_s), "mentions").toInt(), 1);
    QVERIFY(app->streams()->totalUnread() >= 2);
    QTRY_COMPARE(app->tray()->unread(), app->streams()->totalUnread());
    QCOMPARE(app->tray()->phase(), u"connected"_s);
    // The mention raised a desktop notification.
    QTRY_VERIFY_WITH_TIMEOUT(!m_notifier.shown().isEmpty(), kWait);

    // Opening the room from the sidebar: the conversation and the sidebar's current row follow.
    app->setCurrentView(u"search"_s);
    app->openStream(u"room:ops"_s);
    QCOMPARE(app->currentView(), u"chat"_s);
    QCOMPARE(app->chat()->streamId(), u"room:ops"_s);
    QTRY_VERIFY(rowWhere(app->chat()->messages(), "text", u"Deploy at noon"_s) >= 0);
    QVERIFY(roleValue(app->streams(), rowWhere(app->streams(), "streamId", u"room:ops"_s), "isCurrent").toBool());
}

void TestAppViewModel::clickedNotificationOpensItsConversation()
{
    auto app = makeApp();
    QCOMPARE(app->load(), std::nullopt);
    QVERIFY(app->hasAccounts());
    const QString accountId = app->currentAccountId();
    QVERIFY(!accountId.isEmpty());
    QSignalSpy raise(app.get(), &AppViewModel::raiseWindowRequested);
    app->openStream(u"room:general"_s);
    Q_EMIT app->presenter()->openRequested(accountId, u"room:ops"_s, 1);
    QCOMPARE(raise.count(), 1);
    QCOMPARE(app->chat()->streamId(), u"room:ops"_s);
    QCOMPARE(app->currentView(), u"chat"_s);
}

void TestAppViewModel::trayDoNotDisturbReachesTheSettings()
{
    auto app = makeApp();
    QCOMPARE(app->load(), std::nullopt);
    QVERIFY(!app->settings()->dndActive());
    app->tray()->toggleDnd();
    QVERIFY(app->settings()->dndActive());
    QVERIFY(app->tray()->dndActive());
    app->tray()->toggleDnd();
    QVERIFY(!app->settings()->dndActive());
    QVERIFY(!app->tray()->dndActive());
    QSignalSpy quit(app.get(), &AppViewModel::quitRequested);
    app->tray()->quit();
    QCOMPARE(quit.count(), 1);
}

void TestAppViewModel::restartReopensTheLastConversation()
{
    QString accountId;
    {
        auto app = makeApp();
        QCOMPARE(app->load(), std::nullopt);
        accountId = app->currentAccountId();
        app->openStream(u"room:ops"_s);
    }
    auto app = makeApp();
    QCOMPARE(app->load(), std::nullopt);
    QCOMPARE(app->currentAccountId(), accountId);
    QCOMPARE(app->chat()->streamId(), u"room:ops"_s);
    // The stored messages are there before any connection.
    QVERIFY(rowWhere(app->chat()->messages(), "text", u"Deploy at noon"_s) >= 0);
}

QTEST_MAIN(TestAppViewModel)
#include "tst_appviewmodel.moc"
