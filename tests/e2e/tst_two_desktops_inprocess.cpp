// Two desktops' client engines and a relay in one process: a message typed on one desktop is
// acknowledged after it is stored and shows up on the other, exactly once.
#include "client/clientengine.h"
#include "relay.h"
#include "relayconfig.h"
#include "authenticator.h"
#include "eventstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

class TwoDesktopsInProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void messageReachesTheOtherDesktop();
    void sendersOwnEchoCarriesTheAcknowledgedSequence();
    void wrongPasswordIsReportedInPlainWords();

private:
    void connectAndSubscribe(ClientEngine &engine, const QString &user);

    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<confab::relay::Relay> m_relay;
};

void TwoDesktopsInProcess::init()
{
    m_dataDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dataDir->isValid());
    confab::relay::RelayConfig config;
    config.port = 0;
    config.dataDir = m_dataDir->path();
    m_relay = std::make_unique<confab::relay::Relay>(config);
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
    QVERIFY(m_relay->authenticator()->addUser(u"alice"_s, u"alice-secret"_s).ok());
    QVERIFY(m_relay->authenticator()->addUser(u"bob"_s, u"bob-secret"_s).ok());
    QVERIFY(m_relay->store()->createStream(u"room:general"_s).ok());
}

void TwoDesktopsInProcess::cleanup()
{
    m_relay.reset();
    m_dataDir.reset();
}

void TwoDesktopsInProcess::connectAndSubscribe(ClientEngine &engine, const QString &user)
{
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    engine.connectToRelay(m_relay->url(), user, user + u"-secret"_s);
    QVERIFY2(authenticated.wait(10000), qPrintable(engine.lastError()));
    // Only members read a room: join it (public), then subscribe; the relay keeps the order.
    engine.join(u"room:general"_s);
    engine.subscribe(u"room:general"_s);
    QVERIFY(subscribed.wait(10000));
    QCOMPARE(engine.state(), ClientEngine::State::Connected);
    QCOMPARE(engine.userName(), user);
}

void TwoDesktopsInProcess::messageReachesTheOtherDesktop()
{
    ClientEngine alice;
    ClientEngine bob;
    connectAndSubscribe(alice, u"alice"_s);
    connectAndSubscribe(bob, u"bob"_s);

    QSignalSpy acked(&alice, &ClientEngine::messageAcknowledged);
    QSignalSpy bobReceived(&bob, &ClientEngine::messageReceived);
    const QString clientMsgId = alice.sendMessage(u"room:general"_s, u"Lunch at **noon**? 🍜"_s);
    QVERIFY(!clientMsgId.isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(bobReceived.size(), 1, 5000);
    const auto message = bobReceived.at(0).at(0).value<confab::protocol::Message>();
    QCOMPARE(message.sender, u"alice"_s);
    QCOMPARE(message.text, u"Lunch at **noon**? 🍜"_s);
    QCOMPARE(message.clientMsgId, clientMsgId);
    QVERIFY(message.seq >= 1); // the room's earlier events are the two joins

    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 1, 5000);
    QCOMPARE(acked.at(0).at(1).toString(), clientMsgId);
    QCOMPARE(acked.at(0).at(2).toLongLong(), message.seq);

    // Later messages get the next sequence numbers, and nothing arrives twice: frames on one socket
    // are ordered, so once the third message is in, any duplicate of the first two would be too.
    bob.sendMessage(u"room:general"_s, u"Yes!"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bobReceived.size(), 2, 5000);
    alice.sendMessage(u"room:general"_s, u"See you there."_s);
    QTRY_COMPARE_WITH_TIMEOUT(bobReceived.size(), 3, 5000);
    QList<qint64> seqs;
    for (const auto &signal : bobReceived)
        seqs.append(signal.at(0).value<confab::protocol::Message>().seq);
    QCOMPARE(seqs, (QList<qint64>{message.seq, message.seq + 1, message.seq + 2}));
    QCOMPARE(bobReceived.at(1).at(0).value<confab::protocol::Message>().sender, u"bob"_s);
}

void TwoDesktopsInProcess::sendersOwnEchoCarriesTheAcknowledgedSequence()
{
    ClientEngine alice;
    connectAndSubscribe(alice, u"alice"_s);
    QSignalSpy acked(&alice, &ClientEngine::messageAcknowledged);
    QSignalSpy echoed(&alice, &ClientEngine::messageReceived);
    const QString id = alice.sendMessage(u"room:general"_s, u"note to self"_s);
    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), 1, 5000);
    const auto echo = echoed.at(0).at(0).value<confab::protocol::Message>();
    QCOMPARE(echo.clientMsgId, id);
    QCOMPARE(echo.seq, acked.at(0).at(2).toLongLong());
}

void TwoDesktopsInProcess::wrongPasswordIsReportedInPlainWords()
{
    ClientEngine mallory;
    QSignalSpy failed(&mallory, &ClientEngine::connectionError);
    mallory.connectToRelay(m_relay->url(), u"alice"_s, u"not-her-password"_s);
    QVERIFY(failed.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(mallory.state(), ClientEngine::State::Disconnected, 5000);
    QVERIFY2(mallory.lastError().contains(u"password"_s, Qt::CaseInsensitive), qPrintable(mallory.lastError()));
}

QTEST_GUILESS_MAIN(TwoDesktopsInProcess)
#include "tst_two_desktops_inprocess.moc"
