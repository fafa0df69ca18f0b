// The relay's epoll event loop: timers in deadline order, periodic and 0 ms timers, timers of a
// destroyed object, sockets both ways with their disconnection, posted events, and a wake-up from
// another thread. Everything the relay does runs on it; these are the rules the relay relies on.
#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <thread>

using namespace confab::relay;
using namespace Qt::StringLiterals;

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isTheApplicationsDispatcher();
    void singleShotTimersFireInDeadlineOrder();
    void periodicTimerRepeatsUntilStopped();
    void zeroTimerFiresOncePerTurn();
    void destroyedObjectLeavesNoTimer();
    void socketsCarryDataBothWaysAndSeeTheEnd();
    void anotherThreadWakesTheLoop();
};

void TestEpollEventDispatcher::isTheApplicationsDispatcher()
{
    QVERIFY(qobject_cast<EpollEventDispatcher *>(QCoreApplication::eventDispatcher()));
}

void TestEpollEventDispatcher::singleShotTimersFireInDeadlineOrder()
{
    QStringList order;
    QTimer::singleShot(60, this, [&] { order << u"60"_s; });
    QTimer::singleShot(20, this, [&] { order << u"20"_s; });
    QTimer::singleShot(40, Qt::PreciseTimer, this, [&] { order << u"40"_s; });
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QStringList{ u"20"_s, u"40"_s, u"60"_s }));
}

void TestEpollEventDispatcher::periodicTimerRepeatsUntilStopped()
{
    QTimer timer;
    timer.setInterval(5);
    int ticks = 0;
    connect(&timer, &QTimer::timeout, this, [&] {
        if (++ticks == 5)
            timer.stop();
    });
    timer.start();
    QVERIFY(timer.remainingTime() >= 0 && timer.remainingTime() <= 5);
    QTRY_VERIFY(!timer.isActive());
    QCOMPARE(ticks, 5);
    // Stopped means stopped: no tick after it.
    QTest::qWait(30);
    QCOMPARE(ticks, 5);
}

void TestEpollEventDispatcher::zeroTimerFiresOncePerTurn()
{
    QTimer zero;
    zero.setInterval(0);
    int ticks = 0;
    connect(&zero, &QTimer::timeout, this, [&] { ++ticks; });
    zero.start();
    QCoreApplication::processEvents();
    QCOMPARE(ticks, 1);
    QCoreApplication::processEvents();
    QCOMPARE(ticks, 2);
    zero.stop();
    QCoreApplication::processEvents();
    QCOMPARE(ticks, 2);
}

void TestEpollEventDispatcher::destroyedObjectLeavesNoTimer()
{
    auto *owner = new QObject;
    bool fired = false;
    auto *timer = new QTimer(owner);
    connect(timer, &QTimer::timeout, this, [&] { fired = true; });
    timer->start(10);
    owner->startTimer(10);
    QCOMPARE(QCoreApplication::eventDispatcher()->registeredTimers(owner).size(), 1);
    delete owner;
    QTest::qWait(40);
    QVERIFY(!fired);
}

void TestEpollEventDispatcher::socketsCarryDataBothWaysAndSeeTheEnd()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_VERIFY(server.hasPendingConnections());
    QTcpSocket *peer = server.nextPendingConnection();
    QVERIFY(peer);
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

    // Larger than a socket buffer, so the write notifier has to come back several times.
    const QByteArray big(4 * 1024 * 1024, 'x');
    client.write(big);
    QByteArray received;
    connect(peer, &QTcpSocket::readyRead, this, [&] { received += peer->readAll(); });
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), big.size(), 10'000);
    QCOMPARE(received, big);

    peer->write("pong");
    QTRY_COMPARE(client.bytesAvailable(), 4);
    QCOMPARE(client.readAll(), QByteArray("pong"));

    QSignalSpy ended(peer, &QTcpSocket::disconnected);
    client.disconnectFromHost();
    QVERIFY(ended.wait(5000));
}

void TestEpollEventDispatcher::anotherThreadWakesTheLoop()
{
    bool delivered = false;
    QElapsedTimer clock;
    clock.start();
    std::thread poster([this, &delivered] {
        QMetaObject::invokeMethod(this, [&delivered] { delivered = true; }, Qt::QueuedConnection);
    });
    // No timer is due: only the wake-up can end this wait early.
    QTRY_VERIFY_WITH_TIMEOUT(delivered, 5000);
    poster.join();
    QVERIFY(clock.elapsed() < 5000);
}

int main(int argc, char **argv)
{
    auto *dispatcher = new EpollEventDispatcher;
    if (!dispatcher->isValid())
        return 1;
    QCoreApplication::setEventDispatcher(dispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"
