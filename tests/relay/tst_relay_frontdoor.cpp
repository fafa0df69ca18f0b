// The front door: only WebSocket upgrades at /v1/ws with the confab.v1 subprotocol get in; a
// wrong upgrade gets a plain HTTP answer, every other path goes to the HTTP API (whose JSON 404
// is seen here), and a silent connection is dropped.
#include "rawclient.h"

#include "http/httpheadparser.h"
#include "relay.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::relay::Relay;
using confab::relay::RelayConfig;
using confab::relay::HttpHeadParser;

class TestRelayFrontDoor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void requestHeadParsing_data();
    void requestHeadParsing();
    void webSocketWithSubprotocolIsAccepted();
    void wrongPathIsRefused();
    void missingOrWrongSubprotocolIsRefused_data();
    void missingOrWrongSubprotocolIsRefused();
    void plainHttpGetsAnHttpAnswer_data();
    void plainHttpGetsAnHttpAnswer();
    void silentConnectionIsDropped();
    void slowHeadIsDroppedAtTheDeadline();

private:
    QByteArray exchange(const QByteArray &request);

    QTemporaryDir m_dir;
    std::unique_ptr<Relay> m_relay;
};

void TestRelayFrontDoor::initTestCase()
{
    RelayConfig config;
    config.dataDir = m_dir.path();
    config.port = 0;
    config.handshakeTimeout = std::chrono::milliseconds(300);
    config.maxRequestHeadSize = 2048;
    m_relay = std::make_unique<Relay>(config);
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
}

void TestRelayFrontDoor::cleanupTestCase()
{
    m_relay.reset();
}

void TestRelayFrontDoor::requestHeadParsing_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("upgrade") << "GET /v1/ws?x=1 HTTP/1.1\r\nHost: a\r\nUpgrade: WebSocket\r\n\r\n"_ba << true << "/v1/ws"_ba;
    QTest::newRow("no headers") << "GET / HTTP/1.0\r\n\r\n"_ba << true << "/"_ba;
    QTest::newRow("percent-encoded") << "GET /a%20b?x=1+2 HTTP/1.1\r\n\r\n"_ba << true << "/a b"_ba;
    QTest::newRow("bare LF") << "GET / HTTP/1.1\nHost: a\n\n"_ba << false << QByteArray();
    QTest::newRow("no terminator") << "GET / HTTP/1.1\r\nHost: a\r\n"_ba << false << QByteArray();
    QTest::newRow("absolute form") << "GET http://x/ HTTP/1.1\r\n\r\n"_ba << false << QByteArray();
    QTest::newRow("header without colon") << "GET / HTTP/1.1\r\nHost a\r\n\r\n"_ba << false << QByteArray();
    QTest::newRow("space in header name") << "GET / HTTP/1.1\r\nHo st: a\r\n\r\n"_ba << false << QByteArray();
    QTest::newRow("not http") << "\x16\x03\x01\x02\x00\r\n\r\n"_ba << false << QByteArray();
}

void TestRelayFrontDoor::requestHeadParsing()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, valid);
    QFETCH(QByteArray, path);
    HttpHeadParser parser(2048);
    parser.feed(head);
    QCOMPARE(parser.isHeadComplete(), valid);
    QCOMPARE(parser.failed() || !parser.isHeadComplete(), !valid);
    if (!valid)
        return;
    QCOMPARE(parser.head().path.toUtf8(), path);
    if (path == "/v1/ws")
        QVERIFY(parser.head().headerHasToken("UPGRADE", "websocket"));
    if (path == "/a b")
        QCOMPARE(parser.head().queryValue(u"x"_s), u"1 2"_s);
}

void TestRelayFrontDoor::webSocketWithSubprotocolIsAccepted()
{
    RawClient client;
    QVERIFY(client.open(m_relay->url(), {u"other.v9"_s, u"confab.v1"_s}));
    QCOMPARE(client.socket().subprotocol(), u"confab.v1"_s);
}

void TestRelayFrontDoor::wrongPathIsRefused()
{
    QUrl url = m_relay->url();
    url.setPath(u"/v2/ws"_s);
    RawClient client;
    QVERIFY(!client.open(url));
    // Not the WebSocket path: the HTTP API answers (and would keep the connection without close).
    QVERIFY(exchange("GET /v2/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n"
                     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Protocol: confab.v1\r\n\r\n")
                .startsWith("HTTP/1.1 404 "));
}

void TestRelayFrontDoor::missingOrWrongSubprotocolIsRefused_data()
{
    QTest::addColumn<QStringList>("subprotocols");
    QTest::newRow("none") << QStringList();
    QTest::newRow("other") << QStringList{u"chat.v2"_s};
    QTest::newRow("prefix") << QStringList{u"confab.v10"_s};
}

void TestRelayFrontDoor::missingOrWrongSubprotocolIsRefused()
{
    QFETCH(QStringList, subprotocols);
    RawClient client;
    QVERIFY(!client.open(m_relay->url(), subprotocols));
    QCOMPARE(m_relay->sessionCount(), 0);
}

void TestRelayFrontDoor::plainHttpGetsAnHttpAnswer_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::newRow("other path") << "GET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"_ba
                                << "HTTP/1.1 404 Not Found"_ba;
    QTest::newRow("no upgrade") << "GET /v1/ws HTTP/1.1\r\nHost: x\r\n\r\n"_ba << "HTTP/1.1 426 Upgrade Required"_ba;
    QTest::newRow("post") << "POST /v1/ws HTTP/1.1\r\nContent-Length: 0\r\n\r\n"_ba << "HTTP/1.1 426 Upgrade Required"_ba;
    QTest::newRow("garbage") << "hello there\r\n\r\n"_ba << "HTTP/1.1 400 Bad Request"_ba;
    QTest::newRow("huge head") << "GET /v1/ws HTTP/1.1\r\nX-Big: "_ba + QByteArray(4096, 'a')
                               << "HTTP/1.1 431 Request Header Fields Too Large"_ba;
}

void TestRelayFrontDoor::plainHttpGetsAnHttpAnswer()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);
    const QByteArray response = exchange(request);
    QVERIFY2(response.startsWith(QByteArray(statusLine + "\r\n")), response.constData());
    QVERIFY(response.contains("Connection: close\r\n"));
}

void TestRelayFrontDoor::silentConnectionIsDropped()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_relay->port());
    QVERIFY(socket.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
}

void TestRelayFrontDoor::slowHeadIsDroppedAtTheDeadline()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_relay->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /v1/ws HTTP/1.1\r\nHost: x\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(socket.readAll().isEmpty());
    // And the relay keeps serving.
    RawClient client;
    QVERIFY(client.open(m_relay->url()));
}

QByteArray TestRelayFrontDoor::exchange(const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_relay->port());
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(request);
    QByteArray response;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { response += socket.readAll(); });
    // An empty answer (no close in time) fails the caller's comparison.
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 5000))
        return {};
    return response + socket.readAll();
}

QTEST_GUILESS_MAIN(TestRelayFrontDoor)
#include "tst_relay_frontdoor.moc"
