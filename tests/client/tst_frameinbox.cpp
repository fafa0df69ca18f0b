// FrameInbox alone (core/client/transport/frameinbox.h): the order frames and transport events
// are handled in, the per-turn budget, and what clear() drops.
#include "client/transport/frameinbox.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QtTest>

#include <numeric>

using namespace Qt::StringLiterals;
using confab::client::FrameInbox;

namespace {

constexpr int kWaitMs = 10000;

void spend(qint64 nanoseconds)
{
    QElapsedTimer busy;
    busy.start();
    while (busy.nsecsElapsed() < nanoseconds) {
    }
}

QByteArray frame(int n)
{
    return QByteArray::number(n);
}

} // namespace

class TestFrameInbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFewFramesAreHandledAtOnce();
    void aFloodIsSpreadOverTurnsInOrder();
    void aLongTurnElsewhereIsNotFollowedByFramesAtOnce();
    void eventsWaitForTheFramesBeforeThem();
    void clearDropsWhatWaits();
};

void TestFrameInbox::aFewFramesAreHandledAtOnce()
{
    QList<QByteArray> handled;
    FrameInbox inbox([&](QByteArrayView data) { handled.append(data.toByteArray()); });
    inbox.push(frame(1));
    inbox.push(frame(2));
    QCOMPARE(handled, QList<QByteArray>({frame(1), frame(2)})); // no waiting for the next turn
    bool ran = false;
    inbox.after([&] { ran = true; });
    QVERIFY(ran);
    QVERIFY(inbox.isEmpty());
}

void TestFrameInbox::aFloodIsSpreadOverTurnsInOrder()
{
    QList<int> handled;
    FrameInbox inbox([&](QByteArrayView data) {
        handled.append(data.toByteArray().toInt());
        spend(100'000);
    });
    inbox.setBudget(std::chrono::milliseconds(2));
    constexpr int kFlood = 500; // 50 ms of work, 2 ms per turn

    QList<qsizetype> handledAtTick;
    QTimer tick;
    tick.setInterval(0);
    connect(&tick, &QTimer::timeout, this, [&] { handledAtTick.append(handled.size()); });
    tick.start();
    for (int n = 0; n < kFlood; ++n)
        inbox.push(frame(n));
    QVERIFY(handled.size() < kFlood);
    QTRY_COMPARE_WITH_TIMEOUT(handled.size(), qsizetype(kFlood), kWaitMs);
    tick.stop();

    QList<int> expected(kFlood);
    std::iota(expected.begin(), expected.end(), 0);
    QCOMPARE(handled, expected);
    qsizetype largestStep = 0;
    for (qsizetype i = 1; i < handledAtTick.size(); ++i)
        largestStep = std::max(largestStep, handledAtTick.at(i) - handledAtTick.at(i - 1));
    QVERIFY2(largestStep <= 100, qPrintable(u"%1 frames in one turn"_s.arg(largestStep)));
}

void TestFrameInbox::aLongTurnElsewhereIsNotFollowedByFramesAtOnce()
{
    // A frame makes the app lay out an update (posted, 40 ms), as a room update in a flood does.
    // A timer that fell due meanwhile (painting, input) runs before the next slice of frames, not
    // after it: else a person waits for the update and that slice back to back.
    QStringList log;
    int handled = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(1);
    connect(&tick, &QTimer::timeout, this, [&] { log.append(u"tick"_s); });
    FrameInbox inbox([&](QByteArrayView) {
        if (++handled == 60) { // in a later turn than the push() that handled the first frames
            tick.start();
            QMetaObject::invokeMethod(
                this,
                [&] {
                    log.append(u"update"_s);
                    spend(40'000'000);
                },
                Qt::QueuedConnection);
        }
        log.append(u"frame"_s);
        spend(100'000);
    });
    inbox.setBudget(std::chrono::milliseconds(2));
    constexpr int kFlood = 300; // 30 ms of work
    for (int n = 0; n < kFlood; ++n)
        inbox.push(frame(n));
    QTRY_COMPARE_WITH_TIMEOUT(handled, kFlood, kWaitMs);
    tick.stop();
    const qsizetype at = log.indexOf(u"update"_s);
    QVERIFY2(at >= 0 && at + 1 < log.size(), qPrintable(log.join(u' ')));
    QVERIFY2(log.at(at + 1) == u"tick"_s, qPrintable(log.mid(at, 10).join(u' ')));
}

void TestFrameInbox::eventsWaitForTheFramesBeforeThem()
{
    QList<QString> log;
    FrameInbox inbox([&](QByteArrayView data) {
        log.append(QString::fromLatin1(data));
        spend(100'000);
    });
    inbox.setBudget(std::chrono::milliseconds(1));
    for (int n = 0; n < 100; ++n)
        inbox.push(frame(n));
    inbox.after([&] { log.append(u"closed"_s); });
    inbox.push(frame(100)); // nothing follows a close in practice; if it did, it stays in order
    QVERIFY(!log.contains(u"closed"_s));
    QTRY_COMPARE_WITH_TIMEOUT(log.size(), 102, kWaitMs);
    QCOMPARE(log.at(100), u"closed"_s);
    QCOMPARE(log.at(99), u"99"_s);
    QCOMPARE(log.at(101), u"100"_s);
}

void TestFrameInbox::clearDropsWhatWaits()
{
    QList<int> handled;
    FrameInbox *inboxPointer = nullptr;
    FrameInbox inbox([&](QByteArrayView data) {
        handled.append(data.toByteArray().toInt());
        spend(100'000);
        if (handled.size() == 30)
            inboxPointer->clear(); // the transport is released while its frames wait
    });
    inboxPointer = &inbox;
    inbox.setBudget(std::chrono::milliseconds(1));
    for (int n = 0; n < 200; ++n)
        inbox.push(frame(n));
    bool closed = false;
    inbox.after([&] { closed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(inbox.isEmpty(), kWaitMs);
    // A frame of the next connection: handled, and nothing of the old one before it.
    inbox.push(frame(1000));
    QTRY_COMPARE_WITH_TIMEOUT(handled.size(), qsizetype(31), kWaitMs);
    QCOMPARE(handled.last(), 1000);
    QCOMPARE(handled.at(29), 29);
    QVERIFY(!closed);
}

QTEST_GUILESS_MAIN(TestFrameInbox)
#include "tst_frameinbox.moc"
