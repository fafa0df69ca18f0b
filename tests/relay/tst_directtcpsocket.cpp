// DirectTcpSocket: what the kernel takes at once is not copied into Qt's queue, what it does not
// take queues behind it in order, and bytesWritten() still adds up to every byte, reported on a
// later turn (writers paced by it, such as the HTTP streams, go on).
#include "directtcpsocket.h"
#include "tcplistener.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace confab::relay;

class TestDirectTcpSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theListenerHandsOutDirectSockets();
    void aSmallWriteGoesStraightToThePeer();
    void aLargeWriteQueuesTheRestInOrder();
    void writingToAClosedPeerReportsAnError();

private:
    QByteArray randomBytes(qsizetype size);
    QByteArray readAll(QTcpSocket &peer, qsizetype size);

    std::unique_ptr<TcpListener> m_listener;
    std::unique_ptr<QTcpSocket> m_peer;
    QPointer<QTcpSocket> m_accepted;
    QRandomGenerator m_random;
};

void TestDirectTcpSocket::init()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    m_random.seed(seed);
    m_listener = std::make_unique<TcpListener>();
    QVERIFY(m_listener->listen(QHostAddress::LocalHost, 0));
    m_peer = std::make_unique<QTcpSocket>();
    m_peer->connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
    QVERIFY(m_peer->waitForConnected(5000));
    QTRY_VERIFY(m_listener->hasPendingConnections());
    m_accepted = m_listener->nextPendingConnection();
    QVERIFY(m_accepted);
}

void TestDirectTcpSocket::cleanup()
{
    delete m_accepted.data();
    m_peer.reset();
    m_listener.reset();
}

QByteArray TestDirectTcpSocket::randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(m_random.bounded(256));
    return bytes;
}

QByteArray TestDirectTcpSocket::readAll(QTcpSocket &peer, qsizetype size)
{
    // With the event loop running: the writer's queue drains only through it.
    QByteArray received;
    QSignalSpy readable(&peer, &QTcpSocket::readyRead);
    for (received += peer.readAll(); received.size() < size; received += peer.readAll()) {
        if (!peer.bytesAvailable() && !readable.wait(5000))
            break;
    }
    return received;
}

void TestDirectTcpSocket::theListenerHandsOutDirectSockets()
{
    QVERIFY(qobject_cast<DirectTcpSocket *>(m_accepted.data()));
}

void TestDirectTcpSocket::aSmallWriteGoesStraightToThePeer()
{
    QSignalSpy written(m_accepted.data(), &QTcpSocket::bytesWritten);
    const QByteArray message = randomBytes(300);
    QCOMPARE(m_accepted->write(message), message.size());
#ifdef Q_OS_LINUX
    // In the kernel already: nothing waits in Qt, and the report comes on a later turn, never
    // from inside write().
    QCOMPARE(m_accepted->bytesToWrite(), 0);
    QCOMPARE(written.size(), 0);
#endif
    QCOMPARE(readAll(*m_peer, message.size()), message);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(written.first().first().toLongLong(), message.size());
}

void TestDirectTcpSocket::aLargeWriteQueuesTheRestInOrder()
{
    // Far more than the kernel's socket buffers hold while the peer does not read: part goes
    // direct, the rest queues in Qt, and later writes queue behind it.
    QSignalSpy written(m_accepted.data(), &QTcpSocket::bytesWritten);
    QByteArray sent;
    for (int i = 0; i < 5; ++i) {
        const QByteArray chunk = randomBytes(i == 0 ? 16 * 1024 * 1024 : m_random.bounded(1, 5000));
        QCOMPARE(m_accepted->write(chunk), chunk.size());
        sent += chunk;
    }
    QVERIFY(m_accepted->bytesToWrite() > 0);
    const QByteArray received = readAll(*m_peer, sent.size());
    QCOMPARE(received.size(), sent.size());
    QVERIFY(received == sent);
    QTRY_COMPARE(m_accepted->bytesToWrite(), 0);
    qint64 reported = 0;
    QTRY_VERIFY([&] {
        reported = 0;
        for (const QList<QVariant> &signal : written)
            reported += signal.first().toLongLong();
        return reported == sent.size();
    }());
}

void TestDirectTcpSocket::writingToAClosedPeerReportsAnError()
{
    QSignalSpy disconnected(m_accepted.data(), &QTcpSocket::disconnected);
    m_peer->abort();
    // The reset may take a write or two to surface; the socket must fail the usual way (no
    // SIGPIPE, no crash) and drop the connection.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            if (m_accepted->state() == QAbstractSocket::ConnectedState)
                m_accepted->write(randomBytes(1000));
            return !disconnected.isEmpty();
        }(),
        10000);
}

QTEST_GUILESS_MAIN(TestDirectTcpSocket)
#include "tst_directtcpsocket.moc"
