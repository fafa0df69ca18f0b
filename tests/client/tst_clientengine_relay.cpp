// The client engine end to end against the real relay process: what a desktop user notices when
// the relay restarts while they are away (exactly the missed messages, once), when someone edits
// or reacts, and when they read a room on one desktop (the other desktop agrees).
#include "client/clientengine.h"
#include "relayprocess.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
namespace proto = confab::protocol;

namespace {

constexpr int kWaitMs = 10000;
const QString kRoom = u"room:general"_s;

// An engine of one user, with spies on what the tests look at.
struct Desktop {
    explicit Desktop(const QString &user) : name(user) {}

    bool logIn(const QUrl &url)
    {
        QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
        engine.connectToRelay(url, name, name + u"-password"_s);
        return authenticated.wait(kWaitMs);
    }

    // Waits until the relay said `synced` for `stream` (counting from `from`).
    bool waitSynced(const QString &stream, qsizetype from = 0)
    {
        return QTest::qWaitFor([&] {
            for (qsizetype i = from; i < synced.size(); ++i) {
                if (synced.at(i).first().toString() == stream)
                    return true;
            }
            return false;
        }, kWaitMs);
    }

    QStringList texts(qsizetype from = 0) const
    {
        QStringList result;
        for (qsizetype i = from; i < messages.size(); ++i)
            result.append(messages.at(i).first().value<proto::Message>().text);
        return result;
    }

    // Sends and waits for the relay's acknowledgement; returns the message's seq (0 on failure).
    qint64 send(const QString &text)
    {
        QSignalSpy sent(&engine, &ClientEngine::messageAcknowledged);
        const QString key = engine.sendMessage(kRoom, text);
        if (!QTest::qWaitFor([&] { return !sent.isEmpty(); }, kWaitMs))
            return 0;
        return sent.first().at(1).toString() == key ? sent.first().at(2).toLongLong() : 0;
    }

    QString name;
    ClientEngine engine;
    QSignalSpy messages{&engine, &ClientEngine::messageReceived};
    QSignalSpy synced{&engine, &ClientEngine::synced};
    QSignalSpy resync{&engine, &ClientEngine::resyncNeeded};
    QSignalSpy edits{&engine, &ClientEngine::messageEdited};
    QSignalSpy reactions{&engine, &ClientEngine::reactionReceived};
    QSignalSpy markers{&engine, &ClientEngine::readMarkerReceived};
    QSignalSpy acknowledged{&engine, &ClientEngine::eventAcknowledged};
    QSignalSpy failed{&engine, &ClientEngine::requestFailed};
};

} // namespace

class TestClientEngineRelay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void awayDuringARestartGetsExactlyWhatItMissed();
    void editsAndReactionsReachEveryMember();
    void readMarkerReachesTheUsersOtherDesktop();

private:
    RelayProcess m_relay;
};

void TestClientEngineRelay::initTestCase()
{
    for (const QString &user : {u"alice"_s, u"bob"_s})
        QVERIFY(m_relay.addUser(user, user + u"-password"_s));
    QVERIFY(m_relay.createRoom(u"general"_s));
    for (const QString &user : {u"alice"_s, u"bob"_s}) {
        const RelayProcess::CommandResult added = m_relay.runCommand(
            {u"room"_s, u"add-member"_s, u"general"_s, user, u"--data-dir"_s, m_relay.dataDir()});
        QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    }
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestClientEngineRelay::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

void TestClientEngineRelay::awayDuringARestartGetsExactlyWhatItMissed()
{
    Desktop alice(u"alice"_s);
    Desktop bob(u"bob"_s);
    alice.engine.subscribe(kRoom);
    bob.engine.subscribe(kRoom);
    QVERIFY(alice.logIn(m_relay.url()));
    QVERIFY(bob.logIn(m_relay.url()));
    QVERIFY(alice.waitSynced(kRoom));
    QVERIFY(bob.waitSynced(kRoom));

    for (const QString &text : {u"one"_s, u"two"_s, u"three"_s})
        QVERIFY(alice.send(text) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts(), (QStringList{u"one"_s, u"two"_s, u"three"_s}), kWaitMs);
    const auto bobWas = bob.engine.streamPosition(kRoom);
    QVERIFY(bobWas);

    // Bob closes his laptop; the relay restarts; alice reconnects and goes on talking.
    bob.engine.disconnectFromRelay();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"shutting down|was lost|closed the connection"_s));
    QVERIFY(m_relay.restart(true));
    QTRY_COMPARE_WITH_TIMEOUT(alice.engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    const qsizetype aliceSynced = alice.synced.size();
    QVERIFY(alice.logIn(m_relay.url()));
    QVERIFY(alice.waitSynced(kRoom, aliceSynced));
    const qint64 four = alice.send(u"four"_s);
    const qint64 five = alice.send(u"five"_s);
    QCOMPARE(five, four + 1);

    // Bob comes back: his engine resumes from where it was and gets exactly the two he missed.
    const qsizetype bobHad = bob.messages.size();
    const qsizetype bobSynced = bob.synced.size();
    QVERIFY(bob.logIn(m_relay.url()));
    QVERIFY(bob.waitSynced(kRoom, bobSynced));
    const QList<QVariant> marker = bob.synced.last();
    QCOMPARE(marker.at(3).toBool(), true); // recovered
    QCOMPARE(marker.at(1).toString(), bobWas->epoch);
    QCOMPARE(marker.at(2).toLongLong(), five);
    QCOMPARE(bob.texts(bobHad), (QStringList{u"four"_s, u"five"_s}));
    QCOMPARE(bob.resync.size(), 0);

    // Live again: a sixth message arrives once, on both.
    QVERIFY(alice.send(u"six"_s) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(bob.texts(bobHad), (QStringList{u"four"_s, u"five"_s, u"six"_s}), kWaitMs);
    QCOMPARE(alice.texts().count(u"six"_s), 1);
    QCOMPARE(alice.failed.size(), 0);
    QCOMPARE(bob.failed.size(), 0);
}

void TestClientEngineRelay::editsAndReactionsReachEveryMember()
{
    Desktop alice(u"alice"_s);
    Desktop bob(u"bob"_s);
    alice.engine.subscribe(kRoom);
    bob.engine.subscribe(kRoom);
    QVERIFY(alice.logIn(m_relay.url()));
    QVERIFY(bob.logIn(m_relay.url()));
    QVERIFY(alice.waitSynced(kRoom));
    QVERIFY(bob.waitSynced(kRoom));

    const qint64 seq = alice.send(u"meeting at 3"_s);
    QVERIFY(seq > 0);
    const QString editKey = alice.engine.editMessage(kRoom, seq, u"meeting at 4"_s);
    const QString reactKey = bob.engine.react(kRoom, seq, u"👍"_s);

    for (Desktop *desktop : {&alice, &bob}) {
        QTRY_COMPARE_WITH_TIMEOUT(desktop->edits.size(), 1, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(desktop->reactions.size(), 1, kWaitMs);
        const auto edit = desktop->edits.first().first().value<proto::Edited>();
        QCOMPARE(edit.target, seq);
        QCOMPARE(edit.text, u"meeting at 4"_s);
        QCOMPARE(edit.sender, u"alice"_s);
        QCOMPARE(edit.clientMsgId, editKey);
        const auto reaction = desktop->reactions.first().first().value<proto::Reaction>();
        QCOMPARE(reaction.target, seq);
        QCOMPARE(reaction.emoji, u"👍"_s);
        QCOMPARE(reaction.sender, u"bob"_s);
        QCOMPARE(reaction.clientMsgId, reactKey);
        QVERIFY(!reaction.remove);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!alice.acknowledged.isEmpty() && alice.acknowledged.last().first() == editKey,
                             kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!bob.acknowledged.isEmpty() && bob.acknowledged.last().first() == reactKey,
                             kWaitMs);

    // Only the author may edit: bob's attempt is refused, and nobody sees a change.
    QSignalSpy refused(&bob.engine, &ClientEngine::eventFailed);
    const QString forged = bob.engine.editMessage(kRoom, seq, u"cancelled"_s);
    QVERIFY(refused.wait(kWaitMs));
    QCOMPARE(refused.first().at(0).toString(), forged);
    QCOMPARE(refused.first().at(1).value<proto::Error>().code, proto::ErrorCode::Forbidden);
    QCOMPARE(alice.edits.size(), 1);
}

void TestClientEngineRelay::readMarkerReachesTheUsersOtherDesktop()
{
    Desktop laptop(u"alice"_s);
    Desktop desktop(u"alice"_s);
    for (Desktop *machine : {&laptop, &desktop}) {
        machine->engine.subscribe(kRoom);
        machine->engine.subscribe(u"user:alice"_s);
        QVERIFY(machine->logIn(m_relay.url()));
        QVERIFY(machine->waitSynced(u"user:alice"_s));
        QVERIFY(machine->waitSynced(kRoom));
    }
    const qint64 seq = laptop.send(u"read me"_s);
    QVERIFY(seq > 0);

    const QString key = laptop.engine.markRead(kRoom, seq);
    for (Desktop *machine : {&laptop, &desktop}) {
        QTRY_COMPARE_WITH_TIMEOUT(machine->markers.size(), 1, kWaitMs);
        const auto marker = machine->markers.first().first().value<proto::Read>();
        QCOMPARE(marker.stream, u"user:alice"_s);
        QCOMPARE(marker.targetStream, kRoom);
        QCOMPARE(marker.target, seq);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!laptop.acknowledged.isEmpty() && laptop.acknowledged.last().first() == key,
                             kWaitMs);
    QCOMPARE(laptop.acknowledged.last().at(1).value<proto::Ack>().stream, u"user:alice"_s);

    // The other desktop was away when the marker moved again: it catches up on reconnect.
    desktop.engine.disconnectFromRelay();
    const qint64 next = laptop.send(u"and me"_s);
    laptop.engine.markRead(kRoom, next);
    QTRY_COMPARE_WITH_TIMEOUT(laptop.markers.size(), 2, kWaitMs);
    QVERIFY(desktop.logIn(m_relay.url()));
    QTRY_COMPARE_WITH_TIMEOUT(desktop.markers.size(), 2, kWaitMs);
    QCOMPARE(desktop.markers.last().first().value<proto::Read>().target, next);
    QCOMPARE(desktop.texts().count(u"read me"_s), 1);
}

QTEST_GUILESS_MAIN(TestClientEngineRelay)
#include "tst_clientengine_relay.moc"
