#include "client/clientengine.h"
#include "mainwindow.h"
#include "messagelistmodel.h"
#include "relayprocess.h"
#include "rootviewmodel.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(Confab_ViewModelsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;
using confab::app::MessageListModel;
using confab::app::RootViewModel;

namespace {

confab::protocol::Message message(qint64 seq, const QString &sender, const QTime &time, const QString &text)
{
    confab::protocol::Message m;
    m.stream = u"room:general"_s;
    m.seq = seq;
    m.ts = QDateTime(QDate::currentDate(), time).toMSecsSinceEpoch();
    m.sender = sender;
    m.clientMsgId = u"msg-%1"_s.arg(seq);
    m.text = text;
    return m;
}

// A loopback URL on which nothing listens, so connecting fails at once and for certain.
QUrl unreachableRelayUrl()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {};
    const quint16 port = server.serverPort();
    server.close();
    return QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(port));
}

// Renders one fresh frame and saves it as test-output/screenshots/NAME.png for people to look at.
QString saveScreenshot(QQuickWindow *window, const QString &name)
{
    QSignalSpy frames(window, &QQuickWindow::frameSwapped);
    window->update();
    if (!frames.wait(5000))
        return {};
    const QImage image = window->grabWindow();
    if (image.isNull() || image.size() != window->size() * window->devicePixelRatio())
        return {};
    const QString dir = qEnvironmentVariable("CONFAB_TEST_OUTPUT_DIR", QDir::tempPath()) + u"/screenshots"_s;
    const QString path = dir + u"/"_s + name + u".png"_s;
    if (!QDir().mkpath(dir) || !image.save(path))
        return {};
    qInfo("screenshot: %s", qPrintable(path));
    return path;
}

QQuickItem *item(QQuickWindow *window, const QString &objectName)
{
    // ApplicationWindow parents its content to the window object, not to contentItem().
    return window->findChild<QQuickItem *>(objectName);
}

} // namespace

class TestAppWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offlineWindowShowsRoomMessagesAndComposer()
    {
        confab::client::ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        const QUrl relayUrl = unreachableRelayUrl();
        QVERIFY(relayUrl.isValid());
        root.start(relayUrl, u"alice"_s, u"secret"_s);

        MessageListModel *messages = root.messages();
        messages->addIncoming(message(1, u"bob"_s, QTime(9, 30), u"Morning! Is the build green again?"_s));
        messages->addIncoming(
            message(2, u"alice"_s, QTime(9, 31), u"Yes, the relay tests pass on all three platforms now."_s));
        messages->addIncoming(message(3, u"carol"_s, QTime(9, 34),
            u"Great. Careful with this one: <b>not bold</b> & <script>alert(1)</script>"_s));
        messages->addIncoming(message(4, u"bob"_s, QTime(9, 36),
            u"I will look at the packaging next. Long messages wrap inside their bubble "
            "instead of running off the edge of the window, which is what you would expect."_s));
        messages->addOutgoing(
            u"local-1"_s, u"Thanks, both of you!"_s, QDateTime(QDate::currentDate(), QTime(9, 37)));

        QQmlApplicationEngine qml;
        QQuickWindow *window = confab::app::loadMainWindow(qml, &root);
        QVERIFY(window);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(window->isVisible());
        QVERIFY(window->title().contains(u"general"_s));

        // The failed connection is visible, and nothing can be sent meanwhile.
        QTRY_COMPARE_WITH_TIMEOUT(
            root.connectionState(), RootViewModel::ConnectionState::Disconnected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!root.connectionError().isEmpty(), 10000);
        QQuickItem *sendButton = item(window, u"sendButton"_s);
        QVERIFY(sendButton);
        QVERIFY(!sendButton->isEnabled());
        QQuickItem *roomName = item(window, u"roomNameLabel"_s);
        QVERIFY(roomName);
        QCOMPARE(roomName->property("text").toString(), u"general"_s);
        QQuickItem *list = item(window, u"messageList"_s);
        QVERIFY(list);
        QTRY_COMPARE(list->property("count").toInt(), 5);

        QVERIFY(!saveScreenshot(window, u"appwindow-offline"_s).isEmpty());
    }

    // Typing in the real window and pressing Enter posts the message through a real relay, and
    // what other people write shows up.
    void typingAndEnterSendsThroughTheRelay()
    {
        RelayProcess relay;
        QVERIFY(relay.addUser(u"alice"_s, u"alice-pw"_s));
        QVERIFY(relay.addUser(u"bob"_s, u"bob-pw"_s));
        QVERIFY(relay.createRoom(u"general"_s));
        QVERIFY2(relay.start(), qPrintable(relay.errorString()));

        confab::client::ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        QSignalSpy subscribed(&engine, &confab::client::ClientEngine::subscribed);
        root.start(relay.url(), u"alice"_s, u"alice-pw"_s);

        confab::client::ClientEngine bob;
        QSignalSpy bobSubscribed(&bob, &confab::client::ClientEngine::subscribed);
        QSignalSpy bobAuthenticated(&bob, &confab::client::ClientEngine::authenticated);
        bob.connectToRelay(relay.url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(bobAuthenticated.wait(10000));
        bob.join(u"room:general"_s); // only members read a room
        bob.subscribe(u"room:general"_s);

        QQmlApplicationEngine qml;
        QQuickWindow *window = confab::app::loadMainWindow(qml, &root);
        QVERIFY(window);
        window->show();
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        QVERIFY(subscribed.size() > 0 || subscribed.wait(10000));
        QVERIFY(bobSubscribed.size() > 0 || bobSubscribed.wait(10000));

        QQuickItem *sendButton = item(window, u"sendButton"_s);
        QVERIFY(sendButton);
        QQuickItem *input = item(window, u"composerInput"_s);
        QVERIFY(input);
        QTRY_VERIFY(input->hasActiveFocus());

        bob.sendMessage(u"room:general"_s, u"Hi Alice, are you there?"_s);
        MessageListModel *messages = root.messages();
        QTRY_COMPARE(messages->rowCount(), 1);

        // QTest::keyClicks exists for widgets only.
        for (const char c : "Yes! Typing in the window works."_L1)
            QTest::keyClick(window, c);
        QTRY_VERIFY(sendButton->isEnabled());
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE(messages->rowCount(), 2);
        QCOMPARE(input->property("text").toString(), QString());
        const QModelIndex own = messages->index(1);
        QCOMPARE(own.data(MessageListModel::TextRole).toString(), u"Yes! Typing in the window works."_s);
        QVERIFY(own.data(MessageListModel::IsOwnRole).toBool());
        QTRY_COMPARE(messages->index(1).data(MessageListModel::StatusRole).toString(), u"sent"_s);

        bob.sendMessage(u"room:general"_s, u"Great, then the walking skeleton walks."_s);
        QTRY_COMPARE(messages->rowCount(), 3);
        QTRY_COMPARE(item(window, u"messageList"_s)->property("count").toInt(), 3);
        QVERIFY(!saveScreenshot(window, u"appwindow-online"_s).isEmpty());
    }
};

QTEST_MAIN(TestAppWindow)
#include "tst_appwindow.moc"
