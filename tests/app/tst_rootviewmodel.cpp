#include "client/clientengine.h"
#include "messagelistmodel.h"
#include "relayprocess.h"
#include "rootviewmodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::MessageListModel;
using confab::app::RootViewModel;
using confab::client::ClientEngine;

namespace {

QVariant value(const MessageListModel *model, int row, MessageListModel::Role role)
{
    return model->data(model->index(row), role);
}

} // namespace

// The view model against a real relay: what the chat window shows as messages are sent and received.
class TestRootViewModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_relay.addUser(u"alice"_s, u"alice-pw"_s));
        QVERIFY(m_relay.addUser(u"bob"_s, u"bob-pw"_s));
        QVERIFY(m_relay.createRoom(u"general"_s));
        QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    }

    void cleanupTestCase() { QVERIFY(m_relay.terminate()); }

    void startsDisconnectedAndNamesTheRoom()
    {
        ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        QCOMPARE(root.connectionState(), RootViewModel::ConnectionState::Disconnected);
        QCOMPARE(root.roomName(), u"general"_s);
        QCOMPARE(root.streamId(), u"room:general"_s);
        QVERIFY(root.messages());
        QCOMPARE(root.messages()->rowCount(), 0);
        // Nothing can be sent before the connection is up.
        QVERIFY(!root.sendMessage(u"hello"_s));
        QCOMPARE(root.messages()->rowCount(), 0);
    }

    void connectsAndSignsIn()
    {
        ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        QSignalSpy states(&root, &RootViewModel::connectionStateChanged);
        root.start(m_relay.url(), u"alice"_s, u"alice-pw"_s);
        QTRY_COMPARE(root.connectionState(), RootViewModel::ConnectionState::Connected);
        QCOMPARE(states.first().size(), 0);
        QCOMPARE(root.userName(), u"alice"_s);
        QVERIFY(root.connectionError().isEmpty());
    }

    void wrongPasswordIsShown()
    {
        ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        root.start(m_relay.url(), u"alice"_s, u"wrong"_s);
        QTRY_VERIFY(!root.connectionError().isEmpty());
        QTRY_COMPARE(root.connectionState(), RootViewModel::ConnectionState::Disconnected);
    }

    void sentMessageShowsAtOnceThenOnceAsSent()
    {
        ClientEngine engine;
        RootViewModel root(&engine, u"room:general"_s);
        QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
        QSignalSpy received(&engine, &ClientEngine::messageReceived);
        root.start(m_relay.url(), u"alice"_s, u"alice-pw"_s);
        QVERIFY(subscribed.wait(10000));

        QVERIFY(!root.sendMessage(u"   \n "_s));
        QVERIFY(root.sendMessage(u"  hello everyone \n"_s));
        MessageListModel *messages = root.messages();
        QCOMPARE(messages->rowCount(), 1);
        QCOMPARE(value(messages, 0, MessageListModel::TextRole).toString(), u"hello everyone"_s);
        QCOMPARE(value(messages, 0, MessageListModel::StatusRole).toString(), u"sending"_s);
        QCOMPARE(value(messages, 0, MessageListModel::IsOwnRole).toBool(), true);

        QTRY_COMPARE(value(messages, 0, MessageListModel::StatusRole).toString(), u"sent"_s);
        QVERIFY(value(messages, 0, MessageListModel::SeqRole).toLongLong() > 0);
        // The relay's echo of our own message updates the row instead of adding one.
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(messages->rowCount(), 1);
    }

    void otherPeoplesMessagesAppear()
    {
        ClientEngine aliceEngine;
        RootViewModel alice(&aliceEngine, u"room:general"_s);
        QSignalSpy aliceSubscribed(&aliceEngine, &ClientEngine::subscribed);
        alice.start(m_relay.url(), u"alice"_s, u"alice-pw"_s);
        QVERIFY(aliceSubscribed.wait(10000));

        ClientEngine bobEngine;
        RootViewModel bob(&bobEngine, u"room:general"_s);
        QSignalSpy bobSubscribed(&bobEngine, &ClientEngine::subscribed);
        bob.start(m_relay.url(), u"bob"_s, u"bob-pw"_s);
        QVERIFY(bobSubscribed.wait(10000));

        // The room opens with its recent history (earlier tests' messages); the new one comes last.
        MessageListModel *messages = alice.messages();
        QVERIFY(bob.sendMessage(u"<b>hi</b> alice"_s));
        const auto newest = [messages] { return messages->rowCount() - 1; };
        QTRY_COMPARE(value(messages, newest(), MessageListModel::TextRole).toString(), u"<b>hi</b> alice"_s);
        const int last = newest();
        QCOMPARE(value(messages, last, MessageListModel::SenderRole).toString(), u"bob"_s);
        QCOMPARE(value(messages, last, MessageListModel::IsOwnRole).toBool(), false);
        QCOMPARE(value(messages, last, MessageListModel::StatusRole).toString(), u"sent"_s);
        QVERIFY(value(messages, last, MessageListModel::TimestampRole).toDateTime().isValid());
        int copies = 0;
        for (int row = 0; row < messages->rowCount(); ++row)
            copies += value(messages, row, MessageListModel::TextRole).toString() == u"<b>hi</b> alice"_s;
        QCOMPARE(copies, 1);
    }

private:
    RelayProcess m_relay;
};

QTEST_GUILESS_MAIN(TestRootViewModel)
#include "tst_rootviewmodel.moc"
