// A flood from the relay: thousands of frames at once (a busy room after a reconnect, a bot gone
// wild). The engine must handle them in arrival order without holding the event loop until the
// last one is done, or the app on the same thread freezes; and a close or a disconnect must not
// reorder or leak frames across sessions.
#include "client/clientengine.h"
#include "scriptedrelay.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;
namespace proto = confab::protocol;

namespace {

const QStringList kConfabSubprotocol{u"confab.v1"_s};
constexpr int kWaitMs = 20000;
// What applying one message to the local store costs, give or take: the engine's listeners are
// slow, which is what makes a flood freeze the app.
constexpr qint64 kHandlerCostNs = 200'000;

proto::Message chatMessage(qint64 seq)
{
    proto::Message message;
    message.stream = u"room:general"_s;
    message.epoch = u"e1"_s;
    message.seq = seq;
    message.ts = 1'700'000'000'000 + seq;
    message.sender = u"alice"_s;
    message.clientMsgId = u"alice-%1"_s.arg(seq);
    message.text = u"message number %1 of the flood"_s.arg(seq);
    return message;
}

void sendFlood(ScriptedRelay &relay, qint64 first, qint64 last)
{
    for (qint64 seq = first; seq <= last; ++seq)
        relay.send(chatMessage(seq));
}

// Records the seq of every message the engine delivers, taking kHandlerCostNs for each.
class SlowListener : public QObject
{
public:
    explicit SlowListener(ClientEngine *engine)
    {
        connect(engine, &ClientEngine::messageReceived, this, [this](const proto::Message &message) {
            seqs.append(message.seq);
            QElapsedTimer busy;
            busy.start();
            while (busy.nsecsElapsed() < kHandlerCostNs) {
            }
            if (onMessage)
                onMessage(message);
        });
    }
    QList<qint64> seqs;
    std::function<void(const proto::Message &)> onMessage;
};

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> seqs;
    for (qint64 seq = first; seq <= last; ++seq)
        seqs.append(seq);
    return seqs;
}

} // namespace

class TestClientEngineFlood : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void floodLeavesTheEventLoopRunning();
    void framesBeforeACloseAreHandledFirst();
    void framesOfAReleasedConnectionNeverReachTheNext();
};

void TestClientEngineFlood::floodLeavesTheEventLoopRunning()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    SlowListener listener(&engine);

    // A timer stands in for the UI: how many messages were handled each time it got to run.
    QList<qsizetype> handledAtTick;
    QTimer tick;
    tick.setInterval(1);
    connect(&tick, &QTimer::timeout, this, [&] { handledAtTick.append(listener.seqs.size()); });
    tick.start();

    constexpr int kFlood = 2000; // 400 ms of handling at kHandlerCostNs
    sendFlood(relay, 1, kFlood);
    QTRY_COMPARE_WITH_TIMEOUT(listener.seqs.size(), qsizetype(kFlood), kWaitMs);
    tick.stop();

    QCOMPARE(listener.seqs, range(1, kFlood)); // every one, once, in order
    // The timer ran again and again while the flood was being handled, never after more than a
    // slice of it (a turn handles 8 to 32 ms worth: 40 to 160 messages here; the socket alone
    // hands over hundreds at a time).
    qsizetype ticksDuringFlood = 0;
    qsizetype largestStep = 0;
    for (qsizetype i = 1; i < handledAtTick.size(); ++i) {
        largestStep = std::max(largestStep, handledAtTick.at(i) - handledAtTick.at(i - 1));
        if (handledAtTick.at(i) > 0 && handledAtTick.at(i) < kFlood)
            ++ticksDuringFlood;
    }
    qInfo() << "timer ticks during the flood:" << ticksDuringFlood
            << "most messages handled between two ticks:" << largestStep;
    QVERIFY2(ticksDuringFlood >= 8, qPrintable(u"only %1 ticks"_s.arg(ticksDuringFlood)));
    QVERIFY2(largestStep <= 300, qPrintable(u"%1 messages without a tick"_s.arg(largestStep)));
}

void TestClientEngineFlood::framesBeforeACloseAreHandledFirst()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    SlowListener listener(&engine);
    qsizetype handledAtError = -1;
    connect(&engine, &ClientEngine::connectionError, this, [&] { handledAtError = listener.seqs.size(); });

    // The relay sends a flood and closes right behind it: the close waits for the flood.
    constexpr int kFlood = 800;
    sendFlood(relay, 1, kFlood);
    const QString expected = u"The relay at 127.0.0.1:%1 is shutting down or restarting."_s.arg(relay.url().port());
    QTest::ignoreMessage(QtWarningMsg, qPrintable(expected));
    relay.peer()->close(QWebSocketProtocol::CloseCodeGoingAway, u"shutting down"_s);

    QTRY_VERIFY_WITH_TIMEOUT(handledAtError >= 0, kWaitMs);
    QCOMPARE(handledAtError, qsizetype(kFlood));
    QCOMPARE(listener.seqs, range(1, kFlood));
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(engine.lastError(), expected);
    // What was handled moved the stream's position: the next session resumes after it.
    QCOMPARE(engine.streamPosition(u"room:general"_s)->seq, qint64(kFlood));
}

void TestClientEngineFlood::framesOfAReleasedConnectionNeverReachTheNext()
{
    ScriptedRelay relay(kConfabSubprotocol);
    QVERIFY(relay.listen());
    ClientEngine engine;
    QVERIFY(relay.logIn(engine, kWaitMs));
    SlowListener listener(&engine);

    // The person signs out halfway through a flood (the app disconnects from a handler).
    constexpr int kFlood = 1000;
    constexpr int kHandledBeforeDisconnect = 50;
    listener.onMessage = [&](const proto::Message &message) {
        if (message.seq == kHandledBeforeDisconnect)
            engine.disconnectFromRelay();
    };
    sendFlood(relay, 1, kFlood);
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), ClientEngine::State::Disconnected, kWaitMs);
    listener.onMessage = nullptr;

    // A new session: the first message it sends comes after anything left of the old one, so
    // once it arrived, a stale frame would have arrived too.
    QVERIFY(relay.logIn(engine, kWaitMs));
    relay.send(chatMessage(kFlood + 1));
    QTRY_VERIFY_WITH_TIMEOUT(listener.seqs.contains(kFlood + 1), kWaitMs);
    QList<qint64> expected = range(1, kHandledBeforeDisconnect);
    expected.append(kFlood + 1);
    QCOMPARE(listener.seqs, expected);
}

QTEST_GUILESS_MAIN(TestClientEngineFlood)
#include "tst_clientengine_flood.moc"
