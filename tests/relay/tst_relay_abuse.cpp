// Bad input and abusive clients against the real relay process: each is refused, throttled or
// closed, and the relay goes on serving everybody else. The figures (connections refused or
// closed, unsent bytes, relay memory) are printed with qInfo for the release notes.
#include "manualwebsocket.h"
#include "protocol/codec.h"
#include "rawclient.h"
#include "relayprocess.h"
#include "tokenbucket.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace confab::protocol;
using confab::relay::TokenBucket;

namespace {

QString passwordOf(const QString &user)
{
    return user + u"-secret-pw"_s;
}

// Resident memory of a process in KiB (Linux), or -1.
qint64 rssKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression vmRss(u"VmRSS:\\s+(\\d+) kB"_s);
    const QRegularExpressionMatch match = vmRss.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

int countLines(const RelayProcess &relay, QByteArrayView needle)
{
    int count = 0;
    for (const QByteArray &line : relay.logLines())
        count += line.contains(needle) ? 1 : 0;
    return count;
}

bool isError(const std::optional<Frame> &frame, ErrorCode code)
{
    return frame && std::holds_alternative<Error>(*frame) && std::get<Error>(*frame).code == code;
}

} // namespace

class TestRelayAbuse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void tokenBucketRefillsAtItsRate();
    void oversizedMessageIsClosedWith1009();
    void malformedFramesEachGetATypedError();
    void errorBudgetClosesTheConnection();
    void errorBudgetForgivesAfterAQuietWindow();
    void floodIsRateLimited();
    void slowReaderIsDroppedWithBoundedUnsentBytes();
    void longReplayIsPacedUnderTheUnsentCap();
    void trickledHandshakeIsDroppedAtTheDeadline();
    void connectionsOverThePerAddressCapAreRefused();
    void peerThatStopsAnsweringPingsIsDropped();
    void lastAnswerGoesOutBeforeTheClientsClose();
    void originAllowlist();

private:
    bool startRelay(RelayProcess &relay, const QStringList &arguments);
    // A fresh client logs in and gets an answer: the relay still serves people.
    void verifyStillServing(RelayProcess &relay);

    QTemporaryDir m_dir;
};

void TestRelayAbuse::initTestCase()
{
    QVERIFY(m_dir.isValid());
    RelayProcess relay(m_dir.path());
    for (const QString &user : { u"alice"_s, u"bob"_s, u"carol"_s })
        QVERIFY2(relay.addUser(user, passwordOf(user)), qPrintable(user));
    QVERIFY(relay.createRoom(u"general"_s));
    for (const QString &user : { u"alice"_s, u"bob"_s, u"carol"_s }) {
        const auto added = relay.runCommand(
            { u"room"_s, u"add-member"_s, u"general"_s, user, u"--data-dir"_s, m_dir.path() });
        QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    }
}

bool TestRelayAbuse::startRelay(RelayProcess &relay, const QStringList &arguments)
{
    relay.setExtraArguments(arguments);
    if (!relay.start()) {
        qWarning("relay did not start: %s", qPrintable(relay.errorString()));
        return false;
    }
    return true;
}

void TestRelayAbuse::verifyStillServing(RelayProcess &relay)
{
    RawClient other;
    QVERIFY(other.login(relay.url(), u"carol"_s, passwordOf(u"carol"_s)));
    QVERIFY(other.quiet());
}

void TestRelayAbuse::tokenBucketRefillsAtItsRate()
{
    TokenBucket bucket(3, 2.0, 1000); // 3 at once, then one every 500 ms
    QVERIFY(bucket.take(1000));
    QVERIFY(bucket.take(1000));
    QVERIFY(bucket.take(1000));
    QVERIFY(!bucket.take(1000));
    QCOMPARE(bucket.msUntilNextToken(1000), 500);
    QCOMPARE(bucket.msUntilNextToken(1300), 200);
    QVERIFY(!bucket.take(1499));
    QVERIFY(bucket.take(1500));
    // A long pause refills to the burst, never beyond.
    QVERIFY(bucket.take(100'000));
    QVERIFY(bucket.take(100'000));
    QVERIFY(bucket.take(100'000));
    QVERIFY(!bucket.take(100'000));
}

void TestRelayAbuse::oversizedMessageIsClosedWith1009()
{
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--max-message-size"_s, u"32768"_s }));

    // Just under the limit: an ordinary (if useless) frame, answered and not fatal.
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    alice.sendBinary(QByteArray(30 * 1024, 'x'));
    QVERIFY(isError(alice.next(), ErrorCode::Malformed));
    QVERIFY(alice.isConnected());

    alice.sendBinary(QByteArray(40 * 1024, 'x'));
    QVERIFY(alice.waitForDisconnected());
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::malformedFramesEachGetATypedError()
{
    constexpr int kFrames = 10'000;
    RelayProcess relay(m_dir.path());
    // A budget and a rate large enough that every frame is answered, and none is throttled.
    QVERIFY(startRelay(relay,
        { u"--error-budget"_s, u"20000"_s, u"--rate-burst"_s, u"20000"_s, u"--rate-per-second"_s,
            u"20000"_s }));
    const qint64 rssBefore = rssKiB(relay.processId());

    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("malformed frames: seed %u", seed);
    QRandomGenerator random(seed);
    const QByteArray valid = encode(Send { u"m1"_s, u"room:general"_s, u"c1"_s, u"hello"_s, std::nullopt });
    auto malformed = [&](int i) -> QByteArray {
        switch (i % 5) {
        case 0: { // random bytes
            QByteArray bytes(1 + qsizetype(random.bounded(200)), Qt::Uninitialized);
            for (char &c : bytes)
                c = char(random.bounded(256));
            // A random '{' start could, in theory, parse: make sure it is not an object.
            bytes[0] = char(bytes[0] == '{' ? '}' : bytes[0]);
            return bytes;
        }
        case 1: // valid JSON cut short
            return valid.left(1 + qsizetype(random.bounded(quint32(valid.size() - 1))));
        case 2: { // nesting far deeper than any frame has, at the top or inside a field
            const int depth = 1 + int(random.bounded(5000));
            const QByteArray nested = QByteArray(depth, '[') + QByteArray(depth, ']');
            return random.bounded(2) ? nested : "{\"type\":\"send\",\"id\":\"d\",\"stream\":" + nested + "}";
        }
        case 3: { // a known type with fields of the wrong JSON type
            static const QByteArray kWrong[] = {
                R"({"type":"send","id":"w","stream":17,"client_msg_id":"c","text":"x"})",
                R"({"type":"subscribe","id":"w","stream":["room:general"]})",
                R"({"type":7,"id":"w"})",
                R"({"type":"history","id":"w","stream":"room:general","before":"yesterday"})",
                R"({"type":"send","id":{"nested":true},"stream":"room:general","client_msg_id":"c","text":"x"})",
            };
            return kWrong[random.bounded(5)];
        }
        default: // a type nobody defined
            return "{\"type\":\"frobnicate-" + QByteArray::number(random.bounded(1000)) + "\",\"id\":\"u\"}";
        }
    };

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kFrames; ++i)
        alice.sendBinary(malformed(i));
    QHash<ErrorCode, int> codes;
    for (int i = 0; i < kFrames; ++i) {
        const std::optional<Frame> reply = alice.next(10'000);
        QVERIFY2(reply && std::holds_alternative<Error>(*reply),
            qPrintable(u"frame %1 got no typed error (seed %2): %3"_s.arg(i).arg(seed).arg(
                QString::fromUtf8(alice.lastRawFrame().left(200)))));
        const Error &error = std::get<Error>(*reply);
        QVERIFY2(error.code != ErrorCode::Internal, qPrintable(error.message));
        ++codes[error.code];
    }
    QVERIFY(alice.isConnected());
    QVERIFY(alice.quiet());
    const qint64 rssAfter = rssKiB(relay.processId());
    QStringList summary;
    for (auto it = codes.cbegin(); it != codes.cend(); ++it)
        summary.append(u"%1 %2"_s.arg(errorCodeName(it.key())).arg(it.value()));
    qInfo("malformed frames: %d answered with typed errors in %lld ms (%s); relay RSS %lld KiB before, "
          "%lld KiB after",
        kFrames, timer.elapsed(), qPrintable(summary.join(u", "_s)), rssBefore, rssAfter);
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::errorBudgetClosesTheConnection()
{
    constexpr int kBudget = 25;
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--error-budget"_s, QString::number(kBudget) }));

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    for (int i = 0; i < 4 * kBudget; ++i)
        alice.sendBinary("not json " + QByteArray::number(i));
    int errors = 0;
    while (isError(alice.next(2000), ErrorCode::Malformed))
        ++errors;
    QVERIFY(alice.waitForDisconnected());
    QCOMPARE(errors, kBudget);
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    qInfo("error budget %d: connection closed with 1008 after %d error replies", kBudget, errors);
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

// A long-lived session that makes a mistake now and then is not closed: the budget counts errors
// within a window, and the first error after a quiet window starts a new count.
void TestRelayAbuse::errorBudgetForgivesAfterAQuietWindow()
{
    constexpr int kBudget = 5;
    constexpr int kWindowMs = 200;
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--error-budget"_s, QString::number(kBudget), u"--error-budget-window-ms"_s,
                                  QString::number(kWindowMs) }));
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer window;
        window.start();
        for (int i = 0; i < kBudget - 1; ++i) {
            alice.sendBinary("not json");
            QVERIFY(isError(alice.next(2000), ErrorCode::Malformed));
        }
        QVERIFY(alice.socket().state() == QAbstractSocket::ConnectedState);
        // Wait for the window to pass (the mechanism under test is the window itself).
        QTRY_VERIFY_WITH_TIMEOUT(window.elapsed() > kWindowMs + 50, 5000);
    }
    // A burst within one window still spends the budget.
    for (int i = 0; i < kBudget; ++i)
        alice.sendBinary("not json");
    QVERIFY(alice.waitForDisconnected());
    QCOMPARE(alice.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::floodIsRateLimited()
{
    constexpr int kBurst = 20;
    constexpr int kFlood = 60;
    RelayProcess relay(m_dir.path());
    QVERIFY(
        startRelay(relay, { u"--rate-burst"_s, QString::number(kBurst), u"--rate-per-second"_s, u"10"_s }));

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    for (int i = 0; i < kFlood; ++i)
        alice.send(ListStreams { u"flood-%1"_s.arg(i) });
    int answered = 0;
    int limited = 0;
    qint64 retryAfterMs = 0;
    for (int i = 0; i < kFlood; ++i) {
        const std::optional<Frame> reply = alice.next();
        QVERIFY(reply);
        QCOMPARE(idOf(*reply), u"flood-%1"_s.arg(i)); // every request answered, in order
        if (isError(reply, ErrorCode::RateLimited)) {
            ++limited;
            const Error &error = std::get<Error>(*reply);
            QVERIFY(error.retryAfterMs.has_value());
            QVERIFY(*error.retryAfterMs > 0 && *error.retryAfterMs <= 100);
            retryAfterMs = *error.retryAfterMs;
        } else {
            QVERIFY(std::holds_alternative<Streams>(*reply));
            ++answered;
        }
    }
    // The hello took one token; a refill may add one or two while the flood arrives.
    QVERIFY2(answered >= kBurst - 1 && answered <= kBurst + 3, qPrintable(QString::number(answered)));
    QCOMPARE(answered + limited, kFlood);
    qInfo("flood of %d requests (burst %d, 10/s): %d answered, %d rate_limited (retry_after_ms %lld)", kFlood,
        kBurst, answered, limited, retryAfterMs);

    // Waiting as told works.
    QTest::qWait(int(retryAfterMs) + 50);
    const auto after = alice.call(ListStreams { u"after"_s });
    QVERIFY(after && std::holds_alternative<Streams>(*after));
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::slowReaderIsDroppedWithBoundedUnsentBytes()
{
    constexpr qint64 kCap = 128 * 1024;
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay,
        { u"--max-unsent-bytes"_s, QString::number(kCap), u"--rate-burst"_s, u"100000"_s,
            u"--rate-per-second"_s, u"100000"_s, u"--heartbeat-interval-ms"_s, u"60000"_s }));
    const qint64 rssBefore = rssKiB(relay.processId());

    // The slow reader: a tiny kernel receive buffer, subscribed, then it stops reading.
    ManualWebSocket slow;
    QVERIFY(slow.connectTo(relay.port(), 4096));
    QVERIFY(slow.upgrade(relay.port()));
    QVERIFY(slow.login(u"bob"_s, passwordOf(u"bob"_s)));
    slow.sendFrame(encode(Subscribe { u"s"_s, u"room:general"_s, std::nullopt, {} }));
    QVERIFY(slow.nextFrame()); // ack
    QVERIFY(slow.nextFrame()); // synced
    slow.stopReading();

    // A well-behaved reader of the same room keeps up throughout.
    RawClient reader;
    QVERIFY(reader.login(relay.url(), u"carol"_s, passwordOf(u"carol"_s)));
    QVERIFY(reader.subscribe(u"room:general"_s));

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    const QString text(15'000, u'x');
    int sent = 0;
    const QByteArray dropped = "dropping slow consumer bob";
    // Bursts of 5 (75 KB) stay under the cap for a reader that keeps up, however loaded the
    // machine: a commit batch is fanned out in one go, before the relay writes any of it.
    while (countLines(relay, dropped) == 0 && sent < 4000) {
        for (int i = 0; i < 5; ++i, ++sent)
            alice.send(
                Send { u"f%1"_s.arg(sent), u"room:general"_s, u"flood-%1"_s.arg(sent), text, std::nullopt });
        QVERIFY(alice.roundTrip(20'000)); // the batch's acks come before its answer
        QVERIFY(alice.isConnected());
    }
    QTRY_COMPARE_WITH_TIMEOUT(countLines(relay, dropped), 1, 10'000);

    // The relay's own figure for the slow consumer is bounded by the cap plus one frame.
    qint64 figure = -1;
    static const QRegularExpression unsent(u"dropping slow consumer bob .*: (\\d+) bytes unsent"_s);
    for (const QByteArray &line : relay.logLines()) {
        const QRegularExpressionMatch match = unsent.match(QString::fromUtf8(line));
        if (match.hasMatch())
            figure = match.captured(1).toLongLong();
    }
    QVERIFY(figure > kCap);
    QVERIFY2(figure <= kCap + 20'000, qPrintable(QString::number(figure)));

    // The reader got every message, and the slow one learns of its end once it reads again.
    qint64 received = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            while (const auto frame = reader.next(0))
                received += std::holds_alternative<Message>(*frame) ? 1 : 0;
            return received == sent;
        }(),
        20'000);
    slow.socket().setReadBufferSize(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        (slow.socket().readAll(), slow.socket().state() == QAbstractSocket::UnconnectedState), 10'000);
    const qint64 rssAfter = rssKiB(relay.processId());
    qInfo("slow reader: dropped after %d messages of 15,000 characters with %lld bytes unsent (cap %lld); "
          "relay RSS %lld KiB before, %lld KiB after",
        sent, figure, kCap, rssBefore, rssAfter);
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::longReplayIsPacedUnderTheUnsentCap()
{
    // A catch-up thirty times the size of the unsent-bytes cap: the replay waits for the socket
    // to drain instead of queueing it all, so the reader is never mistaken for a slow consumer.
    constexpr qint64 kCap = 64 * 1024;
    constexpr int kMessages = 1000;
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay,
        { u"--max-unsent-bytes"_s, QString::number(kCap), u"--rate-burst"_s, u"100000"_s,
            u"--rate-per-second"_s, u"100000"_s }));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, passwordOf(u"bob"_s)));
    const auto before = bob.subscribe(u"room:general"_s);
    QVERIFY(before);
    const qint64 cursor = before->ack.seq;

    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    QVERIFY(bob.request(Unsubscribe { u"u"_s, u"room:general"_s }));
    const QString text(2000, u'r');
    for (int i = 0; i < kMessages; ++i)
        alice.send(Send { u"r%1"_s.arg(i), u"room:general"_s, u"replay-%1"_s.arg(i), text, std::nullopt });
    QVERIFY(alice.roundTrip(20'000));

    QElapsedTimer timer;
    timer.start();
    const auto back = bob.subscribe(u"room:general"_s, cursor);
    QVERIFY(back);
    QCOMPARE(back->replayed.size(), kMessages);
    QVERIFY(back->synced.recovered);
    QCOMPARE(back->synced.seq, cursor + kMessages);
    QCOMPARE(countLines(relay, "slow consumer"), 0);
    QVERIFY(bob.isConnected());
    qInfo("replay of %d events (~%d KiB) under a %lld KiB unsent cap took %lld ms, nobody dropped", kMessages,
        kMessages * 2, kCap / 1024, timer.elapsed());

    // History pages of the same stream: each fits under half the cap, however large the limit,
    // and paging on from the lowest seq sent walks back through every message.
    QSet<qint64> paged;
    std::optional<qint64> pageBefore;
    int pages = 0;
    for (bool more = true; more; ++pages) {
        bob.send(History { u"h%1"_s.arg(pages), u"room:general"_s, pageBefore, kMaxHistoryLimit });
        qsizetype pageSize = 0;
        std::optional<Ack> ack;
        while (!ack) {
            const auto frame = bob.next(10'000);
            QVERIFY(frame);
            if (const auto *message = std::get_if<Message>(&*frame)) {
                paged.insert(message->seq);
                ++pageSize;
            } else {
                QVERIFY(std::holds_alternative<Ack>(*frame));
                ack = std::get<Ack>(*frame);
            }
        }
        QVERIFY(pageSize > 0 && pageSize < kMaxHistoryLimit);
        QVERIFY2(qint64(pageSize) * 2000 <= kCap / 2, qPrintable(QString::number(pageSize)));
        QCOMPARE(ack->seq, *std::min_element(paged.cbegin(), paged.cend()));
        pageBefore = ack->seq;
        more = ack->hasMore.value_or(false);
    }
    for (qint64 seq = cursor + 1; seq <= cursor + kMessages; ++seq)
        QVERIFY2(paged.contains(seq), qPrintable(QString::number(seq)));
    QCOMPARE(countLines(relay, "slow consumer"), 0);
    QVERIFY(bob.isConnected());
    qInfo("history with limit %d under a %lld KiB cap: %d pages, nobody dropped", kMaxHistoryLimit, kCap / 1024,
        pages);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::trickledHandshakeIsDroppedAtTheDeadline()
{
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--handshake-timeout-ms"_s, u"500"_s }));

    ManualWebSocket trickler;
    QVERIFY(trickler.connectTo(relay.port()));
    const QByteArray request = ManualWebSocket::upgradeRequest(relay.port());
    qsizetype written = 0;
    QTimer drip;
    drip.setInterval(20); // the whole head would take about 4 s, far past the 0.5 s deadline
    connect(&drip, &QTimer::timeout, this, [&] {
        if (written < request.size() && trickler.socket().state() == QAbstractSocket::ConnectedState)
            trickler.socket().write(request.mid(written++, 1));
    });
    QElapsedTimer timer;
    timer.start();
    drip.start();
    QTRY_COMPARE_WITH_TIMEOUT(trickler.socket().state(), QAbstractSocket::UnconnectedState, 5000);
    const qint64 lasted = timer.elapsed();
    drip.stop();
    QVERIFY(written < request.size());
    QVERIFY2(lasted >= 400 && lasted < 3000, qPrintable(QString::number(lasted)));
    qInfo("trickled handshake: dropped after %lld ms having sent %lld of %lld bytes", lasted, qint64(written),
        qint64(request.size()));
    verifyStillServing(relay);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::connectionsOverThePerAddressCapAreRefused()
{
    constexpr int kCap = 4;
    constexpr int kBurst = 40;
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--max-connections-per-address"_s, QString::number(kCap) }));
    const qint64 rssBefore = rssKiB(relay.processId());

    // Up to the cap: a logged-in client, two open sockets, one still handshaking.
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 2; ++i) {
        open.push_back(std::make_unique<RawClient>());
        QVERIFY(open.back()->open(relay.url()));
    }
    QTcpSocket handshaking;
    handshaking.connectToHost(QHostAddress::LocalHost, relay.port());
    QVERIFY(handshaking.waitForConnected(5000));
    handshaking.write("GET /v1/ws HTTP/1.1\r\n");

    // A burst over the cap: every one refused, none upgraded.
    std::vector<std::unique_ptr<QTcpSocket>> burst;
    for (int i = 0; i < kBurst; ++i) {
        burst.push_back(std::make_unique<QTcpSocket>());
        burst.back()->connectToHost(QHostAddress::LocalHost, relay.port());
    }
    for (auto &socket : burst) {
        if (socket->waitForConnected(5000))
            socket->write(ManualWebSocket::upgradeRequest(relay.port()));
    }
    int refused = 0;
    for (auto &socket : burst) {
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 5000);
        const QByteArray answer = socket->readAll();
        QVERIFY2(!answer.contains(" 101 "), answer.constData());
        QVERIFY(answer.isEmpty() || answer.startsWith("HTTP/1.1 503 "));
        ++refused;
    }
    QCOMPARE(refused, kBurst);

    // Those under the cap still work.
    QVERIFY(alice.quiet());
    QVERIFY(handshaking.state() == QAbstractSocket::ConnectedState);
    // One log line for the burst (and one summary), not one per socket.
    QTRY_VERIFY_WITH_TIMEOUT(countLines(relay, "over the per-address cap") == 1, 5000);
    QCOMPARE(countLines(relay, "refusing connections from 127.0.0.1"), 1);

    // Closing connections frees their places.
    open.clear();
    handshaking.abort();
    RawClient later;
    QTRY_VERIFY_WITH_TIMEOUT(later.open(relay.url()), 5000);
    const qint64 rssAfter = rssKiB(relay.processId());
    qInfo("per-address cap %d: %d of a burst of %d refused; relay RSS %lld KiB before, %lld KiB after", kCap,
        refused, kBurst, rssBefore, rssAfter);
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::peerThatStopsAnsweringPingsIsDropped()
{
    RelayProcess relay(m_dir.path());
    QVERIFY(
        startRelay(relay, { u"--heartbeat-interval-ms"_s, u"200"_s, u"--heartbeat-timeout-ms"_s, u"300"_s }));

    // QWebSocket answers pings on its own: this one stays.
    RawClient alive;
    QVERIFY(alive.login(relay.url(), u"alice"_s, passwordOf(u"alice"_s)));

    ManualWebSocket silent;
    QVERIFY(silent.connectTo(relay.port()));
    QVERIFY(silent.upgrade(relay.port()));
    QVERIFY(silent.login(u"bob"_s, passwordOf(u"bob"_s)));
    QElapsedTimer timer;
    timer.start();
    // It reads (so it sees the pings and the end) but never answers.
    QTRY_VERIFY_WITH_TIMEOUT(
        (silent.nextFrame(0), silent.socket().state() == QAbstractSocket::UnconnectedState), 5000);
    QVERIFY(silent.pingsSeen() >= 1);
    qInfo("heartbeat 200 ms / 300 ms: silent peer dropped after %lld ms, %d ping(s) unanswered",
        timer.elapsed(), silent.pingsSeen());

    // Several heartbeat periods later the answering client is still there and served.
    QVERIFY(!QTest::qWaitFor([&] { return !alive.isConnected(); }, 1500));
    QVERIFY(alive.quiet());
    QVERIFY(relay.terminate());
}

void TestRelayAbuse::lastAnswerGoesOutBeforeTheClientsClose()
{
    // A request and a close frame in one write: QWebSocket answers the close itself and closes the
    // socket in the same turn, so the answer to the request must be out before that.
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, {}));
    ManualWebSocket client;
    QVERIFY(client.connectTo(relay.port()));
    QVERIFY(client.upgrade(relay.port()));
    QVERIFY(client.login(u"alice"_s, passwordOf(u"alice"_s)));
    client.sendFrame(encode(ListStreams { u"last"_s }));
    client.sendFrame(QByteArray("\x03\xe8", 2), 8); // close 1000, behind it in the same write
    const std::optional<ManualWebSocket::Frame> answer = client.nextFrame();
    QVERIFY(answer);
    QVERIFY2(answer->opcode == 1 || answer->opcode == 2, qPrintable(QString::number(answer->opcode)));
    const DecodeResult decoded = decode(answer->payload);
    QVERIFY(decoded.ok());
    QCOMPARE(idOf(decoded.frame()), u"last"_s);
    const std::optional<ManualWebSocket::Frame> close = client.nextFrame();
    QVERIFY(close);
    QCOMPARE(close->opcode, 8);
}

void TestRelayAbuse::originAllowlist()
{
    RelayProcess relay(m_dir.path());
    QVERIFY(startRelay(relay, { u"--allowed-origin"_s, u"https://chat.example.com"_s }));

    auto answerTo = [&](const QByteArray &origin) {
        ManualWebSocket client;
        if (!client.connectTo(relay.port()))
            return QByteArray();
        client.upgrade(relay.port(), origin);
        return client.answerHead().left(12);
    };
    QCOMPARE(answerTo("https://evil.example.net"), "HTTP/1.1 403"_ba);
    QCOMPARE(answerTo("null"), "HTTP/1.1 403"_ba);
    QCOMPARE(answerTo("https://chat.example.com"), "HTTP/1.1 101"_ba);
    // Native clients send no Origin at all.
    QCOMPARE(answerTo({}), "HTTP/1.1 101"_ba);
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestRelayAbuse)
#include "tst_relay_abuse.moc"
