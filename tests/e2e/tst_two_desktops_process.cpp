// The real confab-relay process with two desktops' client engines: chat works across processes,
// a relay shutdown is reported to both desktops in plain words, and after a restart on the same
// data folder the conversation continues where it was (nothing acknowledged was lost).
#include "client/clientengine.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

class TwoDesktopsProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chatAcrossTheRealRelay();
    void relayRestartKeepsTheConversation();

private:
    void signIn(ClientEngine &engine, const QString &user);

    RelayProcess m_relay;
};

void TwoDesktopsProcess::initTestCase()
{
    QVERIFY2(m_relay.addUser(u"alice"_s, u"correct horse"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.addUser(u"bob"_s, u"battery staple"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.createRoom(u"general"_s), qPrintable(m_relay.errorString()));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TwoDesktopsProcess::signIn(ClientEngine &engine, const QString &user)
{
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    engine.connectToRelay(m_relay.url(), user,
                          user == u"alice"_s ? u"correct horse"_s : u"battery staple"_s);
    QVERIFY2(authenticated.wait(15000), qPrintable(engine.lastError()));
    // Only members read a room: join it (public), then subscribe; the relay keeps the order.
    engine.join(u"room:general"_s);
    engine.subscribe(u"room:general"_s);
    QVERIFY2(subscribed.wait(15000), qPrintable(engine.lastError()));
}

void TwoDesktopsProcess::chatAcrossTheRealRelay()
{
    ClientEngine alice;
    ClientEngine bob;
    signIn(alice, u"alice"_s);
    signIn(bob, u"bob"_s);

    QSignalSpy atBob(&bob, &ClientEngine::messageReceived);
    QSignalSpy atAlice(&alice, &ClientEngine::messageReceived);
    const QString id = alice.sendMessage(u"room:general"_s, u"Is the build green?"_s);
    QTRY_COMPARE_WITH_TIMEOUT(atBob.size(), 1, 10000);
    QCOMPARE(atBob.at(0).at(0).value<confab::protocol::Message>().text, u"Is the build green?"_s);
    QCOMPARE(atBob.at(0).at(0).value<confab::protocol::Message>().clientMsgId, id);

    bob.sendMessage(u"room:general"_s, u"All green."_s);
    QTRY_COMPARE_WITH_TIMEOUT(atAlice.size(), 2, 10000); // her own echo, then Bob's answer
    const auto answer = atAlice.at(1).at(0).value<confab::protocol::Message>();
    QCOMPARE(answer.sender, u"bob"_s);
    QCOMPARE(answer.seq, atAlice.at(0).at(0).value<confab::protocol::Message>().seq + 1);
}

void TwoDesktopsProcess::relayRestartKeepsTheConversation()
{
    ClientEngine alice;
    signIn(alice, u"alice"_s);
    QSignalSpy acked(&alice, &ClientEngine::messageAcknowledged);
    alice.sendMessage(u"room:general"_s, u"Before the restart"_s);
    QVERIFY(acked.wait(10000));
    const qint64 seqBefore = acked.at(0).at(2).toLongLong();

    QSignalSpy lost(&alice, &ClientEngine::connectionError);
    QVERIFY(m_relay.terminate());
    QCOMPARE(m_relay.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_relay.exitCode(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(alice.state(), ClientEngine::State::Disconnected, 10000);
    QVERIFY(!alice.lastError().isEmpty());

    QVERIFY2(m_relay.restart(), qPrintable(m_relay.errorString()));
    ClientEngine bob;
    signIn(bob, u"bob"_s);
    QSignalSpy bobAcked(&bob, &ClientEngine::messageAcknowledged);
    bob.sendMessage(u"room:general"_s, u"After the restart"_s);
    QVERIFY(bobAcked.wait(10000));
    QCOMPARE(bobAcked.at(0).at(2).toLongLong(), seqBefore + 1);
}

QTEST_GUILESS_MAIN(TwoDesktopsProcess)
#include "tst_two_desktops_process.moc"
