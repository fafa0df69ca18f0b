// HTTP on the relay's WebSocket port (issue 7): the real binary, real curl for what scripts do,
// and a raw socket for what curl will not send (malformed, slow, pipelined, too large).
#include "curlrun.h"
#include "rawclient.h"
#include "relayprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// One response as read from a raw socket.
struct RawResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
};

// Takes complete responses (with Content-Length, or 1xx) off the front of `bytes`.
QList<RawResponse> takeResponses(QByteArray &bytes)
{
    QList<RawResponse> responses;
    for (;;) {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        if (end < 0)
            return responses;
        const QList<QByteArray> lines = bytes.first(end).split('\n');
        RawResponse response;
        response.status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                response.headers.append({ lines.at(i).first(colon).toLower(), lines.at(i).mid(colon + 1).trimmed() });
        }
        const qint64 length = response.header("content-length").toLongLong();
        if (bytes.size() < end + 4 + length)
            return responses;
        response.body = bytes.mid(end + 4, length);
        bytes.remove(0, end + 4 + length);
        responses.append(response);
    }
}

QJsonObject jsonOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

} // namespace

class TestRelayHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void healthAndReadiness();
    void headAnswersWithoutABody();
    void unknownPathIsAJson404();
    void chunkedUploadIsReadAndTheConnectionKeptAlive();
    void keepAliveServesSeveralRequests();
    void http10GetsConnectionClose();
    void pipelinedRequestsAreAnsweredInOrder();
    void tooLargeHeadIs431();
    void tooLargeBodyIs413BeforeItIsRead();
    void tooLargeChunkedBodyIs413();
    void expectContinueGetsRefusedEarly();
    void slowRequestIs408();
    void idleKeepAliveConnectionIsClosed();
    void malformedRequestsAre400_data();
    void malformedRequestsAre400();
    void webSocketStillWorksOnTheSamePort();

private:
    QString url(const QString &path) const { return u"http://127.0.0.1:%1%2"_s.arg(m_relay.port()).arg(path); }
    bool connectRaw(QTcpSocket &socket);
    // Reads from `socket` until `count` responses are complete or it closes (up to 5 s).
    QList<RawResponse> readResponses(QTcpSocket &socket, int count);

    RelayProcess m_relay;
};

void TestRelayHttp::initTestCase()
{
    m_relay.setExtraArguments({ u"--http-request-timeout-ms"_s, u"800"_s, u"--max-http-body-size"_s, u"4096"_s,
                                u"--max-request-head-size"_s, u"2048"_s });
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestRelayHttp::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

bool TestRelayHttp::connectRaw(QTcpSocket &socket)
{
    socket.connectToHost(QHostAddress::LocalHost, m_relay.port());
    return socket.waitForConnected(5000);
}

QList<RawResponse> TestRelayHttp::readResponses(QTcpSocket &socket, int count)
{
    QByteArray bytes;
    QList<RawResponse> responses;
    // Whether or not all came in time: the caller compares what did.
    static_cast<void>(QTest::qWaitFor(
        [&] {
            bytes += socket.readAll();
            responses += takeResponses(bytes);
            return responses.size() >= count || socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000));
    bytes += socket.readAll();
    responses += takeResponses(bytes);
    return responses;
}

void TestRelayHttp::healthAndReadiness()
{
    const CurlResult health = runCurl({ url(u"/healthz"_s) });
    QVERIFY2(health.ran && health.exitCode == 0, health.standardError.constData());
    QCOMPARE(health.status, 200);
    QCOMPARE(health.header("content-type"), "application/json"_ba);
    QCOMPARE(jsonOf(health.body), QJsonObject({ { u"healthy"_s, true } }));
    QVERIFY(!health.header("date").isEmpty());

    const CurlResult ready = runCurl({ url(u"/readyz"_s) });
    QCOMPARE(ready.status, 200);
    QCOMPARE(jsonOf(ready.body), QJsonObject({ { u"ready"_s, true } }));
}

void TestRelayHttp::headAnswersWithoutABody()
{
    const CurlResult head = runCurl({ u"-I"_s, url(u"/healthz"_s) });
    QVERIFY2(head.ran && head.exitCode == 0, head.standardError.constData());
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("content-length"), "17"_ba); // {"healthy":true}\n
    QVERIFY(!head.body.contains("healthy")); // curl -I writes the head where the body would go

    // On one connection: had the HEAD answer carried a body, it would be read as the next answer.
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray bytes;
    QTRY_VERIFY_WITH_TIMEOUT((bytes += socket.readAll()).contains("{\"ready\":true}"), 5000);
    QVERIFY(bytes.startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(bytes.count("HTTP/1.1 200 OK"), 2);
    QVERIFY(!bytes.contains("healthy"));
}

void TestRelayHttp::unknownPathIsAJson404()
{
    const CurlResult result = runCurl({ url(u"/v1/no/such/thing"_s) });
    QCOMPARE(result.status, 404);
    const QJsonObject error = jsonOf(result.body);
    QCOMPARE(error.value(u"code"_s).toInt(), 40401);
    QCOMPARE(error.value(u"http"_s).toInt(), 404);
    QVERIFY(!error.value(u"error"_s).toString().isEmpty());
}

void TestRelayHttp::chunkedUploadIsReadAndTheConnectionKeptAlive()
{
    // curl -T - sends its standard input chunked; then it asks again on the same connection.
    const CurlResult result = runCurl({ u"-v"_s, u"-T"_s, u"-"_s, url(u"/v1/nowhere"_s), u"--next"_s, url(u"/healthz"_s) },
                                      std::chrono::seconds(20), QByteArray(3000, 'x'));
    QVERIFY2(result.ran && result.exitCode == 0, result.standardError.constData());
    QVERIFY(result.standardError.contains("Transfer-Encoding: chunked"));
    // -D and -o apply to the first transfer only; the second shows in the verbose log.
    QCOMPARE(result.status, 404);
    QVERIFY(result.standardError.contains("< HTTP/1.1 200 OK"));
    QVERIFY2(result.standardError.contains("Re-using existing connection")
                 || result.standardError.contains("Reusing existing connection"),
             result.standardError.constData());

    // The same on a raw socket, where the 404 for the chunked body can be seen too.
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
                 "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const QList<RawResponse> responses = readResponses(socket, 2);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses.at(0).status, 404);
    QCOMPARE(responses.at(1).status, 200);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void TestRelayHttp::keepAliveServesSeveralRequests()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    for (int i = 0; i < 3; ++i) {
        socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const QList<RawResponse> responses = readResponses(socket, 1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 200);
        QCOMPARE(responses.first().header("connection"), "keep-alive"_ba);
    }
    // Connection: close is honoured.
    socket.write("GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const QList<RawResponse> last = readResponses(socket, 1);
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.first().header("connection"), "close"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
}

void TestRelayHttp::http10GetsConnectionClose()
{
    const CurlResult result = runCurl({ u"--http1.0"_s, url(u"/healthz"_s) });
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("connection"), "close"_ba);

    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("GET /healthz HTTP/1.0\r\n\r\n");
    const QList<RawResponse> responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
}

void TestRelayHttp::pipelinedRequestsAreAnsweredInOrder()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                 "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n");
    const QList<RawResponse> responses = readResponses(socket, 3);
    QCOMPARE(responses.size(), 3);
    QCOMPARE(jsonOf(responses.at(0).body), QJsonObject({ { u"healthy"_s, true } }));
    QCOMPARE(responses.at(1).status, 404);
    QCOMPARE(jsonOf(responses.at(2).body), QJsonObject({ { u"ready"_s, true } }));
}

void TestRelayHttp::tooLargeHeadIs431()
{
    const CurlResult result = runCurl({ u"-H"_s, u"X-Big: "_s + QString(3000, u'a'), url(u"/healthz"_s) });
    QCOMPARE(result.status, 431);
}

void TestRelayHttp::tooLargeBodyIs413BeforeItIsRead()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    // Ten megabytes announced, a few bytes sent: the answer comes without waiting for the rest.
    socket.write("POST /v1/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\nabc");
    const QList<RawResponse> responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 413);
    QCOMPARE(jsonOf(responses.first().body).value(u"http"_s).toInt(), 413);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);

    const CurlResult curl = runCurl({ u"--data-binary"_s, QString(5000, u'b'), url(u"/v1/anything"_s) });
    QCOMPARE(curl.status, 413);
}

void TestRelayHttp::tooLargeChunkedBodyIs413()
{
    const CurlResult result = runCurl({ u"-T"_s, u"-"_s, url(u"/v1/anything"_s) }, std::chrono::seconds(20),
                                      QByteArray(20000, 'c'));
    QCOMPARE(result.status, 413);
}

void TestRelayHttp::expectContinueGetsRefusedEarly()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("POST /v1/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
    QList<RawResponse> responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 100);
    socket.write(QByteArray(100, 'd'));
    responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 404);

    QTcpSocket refused;
    QVERIFY(connectRaw(refused));
    refused.write("POST /v1/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n");
    responses = readResponses(refused, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 413);
}

void TestRelayHttp::slowRequestIs408()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("POST /v1/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    QElapsedTimer timer;
    timer.start();
    const QList<RawResponse> responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 408);
    QVERIFY(timer.elapsed() >= 500);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);

    // A second request on a kept-alive connection that stalls in its head.
    QTcpSocket second;
    QVERIFY(connectRaw(second));
    second.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHo");
    const QList<RawResponse> two = readResponses(second, 2);
    QCOMPARE(two.size(), 2);
    QCOMPARE(two.at(0).status, 200);
    QCOMPARE(two.at(1).status, 408);
}

void TestRelayHttp::idleKeepAliveConnectionIsClosed()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(readResponses(socket, 1).size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(socket.readAll().isEmpty()); // closed quietly, no 408 for an idle connection
}

void TestRelayHttp::malformedRequestsAre400_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("garbage") << "hello there\r\n\r\n"_ba;
    QTest::newRow("bare LF") << "GET /healthz HTTP/1.1\nHost: x\n\n"_ba;
    QTest::newRow("absolute form") << "GET http://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n"_ba;
    QTest::newRow("HTTP/2.0") << "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n"_ba;
    QTest::newRow("bad content length") << "POST /a HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"_ba;
    QTest::newRow("two content lengths") << "POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"_ba;
    QTest::newRow("bad chunk size") << "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n"_ba;
    QTest::newRow("space in field name") << "GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n"_ba;
}

void TestRelayHttp::malformedRequestsAre400()
{
    QFETCH(QByteArray, request);
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(request);
    const QList<RawResponse> responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 400);
    QCOMPARE(responses.first().header("connection"), "close"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    // And the relay is still there.
    QCOMPARE(runCurl({ url(u"/healthz"_s) }).status, 200);
}

void TestRelayHttp::webSocketStillWorksOnTheSamePort()
{
    QVERIFY(m_relay.addUser(u"alice"_s, u"correct horse"_s));
    RawClient client;
    QVERIFY(client.login(m_relay.url(), u"alice"_s, u"correct horse"_s));
    QCOMPARE(runCurl({ url(u"/healthz"_s) }).status, 200);
}

QTEST_GUILESS_MAIN(TestRelayHttp)
#include "tst_relay_http.moc"
