// GET /metrics on the real relay binary, read with the real curl: after a client has logged in,
// sent messages, someone has typed a wrong password and a flood has been rate limited, the
// counters an operator watches have moved, and Prometheus' own checker (promtool, from Debian's
// prometheus package) accepts the text without a single lint complaint.
#include "curlrun.h"
#include "rawclient.h"
#include "relayprocess.h"

#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kAlicePassword = u"wonder land"_s;

// The samples of an exposition, keyed by name and labels as written ("confab_connections{transport=\"websocket\"}").
QHash<QByteArray, double> samplesOf(const QByteArray &body)
{
    QHash<QByteArray, double> samples;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        if (space <= 0)
            continue;
        bool ok = false;
        const double value = line.mid(space + 1).toDouble(&ok);
        if (ok)
            samples.insert(line.left(space), value);
    }
    return samples;
}

struct PromtoolResult {
    int exitCode = -1;
    QByteArray output;
};

// `promtool check metrics` reads an exposition on stdin; it prints nothing and exits 0 when the
// text is valid and passes every lint rule.
PromtoolResult promtoolCheck(const QByteArray &body)
{
    QProcess promtool;
    promtool.setProcessChannelMode(QProcess::MergedChannels);
    promtool.start(QStandardPaths::findExecutable(u"promtool"_s), { u"check"_s, u"metrics"_s });
    if (!promtool.waitForStarted(10'000))
        return {};
    promtool.write(body);
    promtool.closeWriteChannel();
    if (!promtool.waitForFinished(30'000))
        return {};
    return { promtool.exitStatus() == QProcess::NormalExit ? promtool.exitCode() : -1, promtool.readAll() };
}

} // namespace

class TestRelayMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countersFollowWhatClientsDid();
    void onlyGetAndHeadAreServed();
    void turnedOffItIsNotFound();

private:
    static bool prepare(RelayProcess &relay);
    static QString metricsUrl(const RelayProcess &relay);
    static CurlResult scrape(const RelayProcess &relay);
};

void TestRelayMetrics::initTestCase()
{
    QVERIFY2(QFileInfo(RelayProcess::binaryPath()).isExecutable(), qPrintable(RelayProcess::binaryPath()));
    // Installed by scripts/install-deps.sh (Debian's prometheus package): a missing promtool is a
    // broken setup, not a reason to skip.
    QVERIFY2(!QStandardPaths::findExecutable(u"promtool"_s).isEmpty(), "promtool is not installed");
    QVERIFY2(!QStandardPaths::findExecutable(u"curl"_s).isEmpty(), "curl is not installed");
}

bool TestRelayMetrics::prepare(RelayProcess &relay)
{
    if (!relay.addUser(u"alice"_s, kAlicePassword) || !relay.createRoom(u"general"_s))
        return false;
    const auto added = relay.runAdmin({ u"room"_s, u"add-member"_s, u"general"_s, u"alice"_s });
    return added.finished && added.exitCode == 0;
}

QString TestRelayMetrics::metricsUrl(const RelayProcess &relay)
{
    return u"http://127.0.0.1:%1/metrics"_s.arg(relay.port());
}

CurlResult TestRelayMetrics::scrape(const RelayProcess &relay)
{
    return runCurl({ metricsUrl(relay) });
}

void TestRelayMetrics::countersFollowWhatClientsDid()
{
    constexpr int kMessages = 3;
    constexpr int kBurst = 20;
    constexpr int kFlood = 40;
    RelayProcess relay;
    QVERIFY(prepare(relay));
    // A small bucket refilled slowly: the flood below is mostly refused.
    relay.setExtraArguments({ u"--rate-burst"_s, QString::number(kBurst), u"--rate-per-second"_s, u"1"_s });
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));

    // Before anyone connects the text is already valid, with every family present.
    const CurlResult empty = scrape(relay);
    QCOMPARE(empty.status, 200);
    QVERIFY2(empty.header("content-type").startsWith("text/plain; version=0.0.4"), empty.header("content-type"));
    const PromtoolResult emptyCheck = promtoolCheck(empty.body);
    QVERIFY2(emptyCheck.exitCode == 0 && emptyCheck.output.isEmpty(), emptyCheck.output.constData());
    QHash<QByteArray, double> before = samplesOf(empty.body);
    QCOMPARE(before.value("confab_connections{transport=\"websocket\"}", -1), 0.0);
    QCOMPARE(before.value("confab_auth_failures_total", -1), 0.0);
    QVERIFY(before.contains("confab_store_commit_seconds_count"));
    QVERIFY(before.value("process_start_time_seconds") > 1.6e9);

    // Someone types a wrong password; the relay refuses and that connection goes.
    {
        RawClient mallory;
        QVERIFY(mallory.open(relay.url()));
        Hello hello;
        hello.id = u"hello"_s;
        hello.client = u"tst_relay_metrics"_s;
        hello.username = u"alice"_s;
        hello.password = u"not her password"_s;
        mallory.send(hello);
        const auto reply = mallory.nextAs<Error>();
        QVERIFY(reply);
        QCOMPARE(reply->code, ErrorCode::AuthFailed);
        mallory.socket().close();
        QVERIFY(mallory.waitForDisconnected());
    }

    // Alice logs in, listens to the room and writes to it: every message fans out to her.
    RawClient alice;
    QVERIFY(alice.login(relay.url(), u"alice"_s, kAlicePassword));
    QVERIFY(alice.subscribe(u"room:general"_s));
    for (int i = 0; i < kMessages; ++i) {
        const auto ack = alice.request(Send { u"send-%1"_s.arg(i), u"room:general"_s, u"c%1"_s.arg(i), u"hello %1"_s.arg(i) });
        QVERIFY(ack);
    }
    // Then floods: past the bucket, requests are answered with rate_limited.
    for (int i = 0; i < kFlood; ++i)
        alice.send(ListStreams { u"flood-%1"_s.arg(i) });
    int limited = 0;
    for (int i = 0; i < kFlood; ++i) {
        const auto reply = alice.next();
        QVERIFY(reply);
        if (std::holds_alternative<Error>(*reply) && std::get<Error>(*reply).code == ErrorCode::RateLimited)
            ++limited;
    }
    QVERIFY(limited > 0);

    // The wrong-password connection is over on the relay's side too: one session remains.
    CurlResult after;
    QHash<QByteArray, double> samples;
    QTRY_VERIFY_WITH_TIMEOUT((after = scrape(relay), samples = samplesOf(after.body),
                                 samples.value("confab_connections{transport=\"websocket\"}") == 1.0),
        10'000);
    QCOMPARE(after.status, 200);
    QCOMPARE(samples.value("confab_connections{transport=\"event-stream\"}", -1), 0.0);
    // hello + subscribe + the messages + the flood, and the wrong password's hello.
    QVERIFY2(samples.value("confab_frames_in_total") >= 1 + 1 + 1 + kMessages + kFlood,
        QByteArray::number(samples.value("confab_frames_in_total")).constData());
    // welcome, ack + synced, an ack and a message per send, an answer per flood request.
    QVERIFY(samples.value("confab_frames_out_total") >= 1 + 2 + 2 * kMessages + kFlood);
    QVERIFY(samples.value("confab_bytes_in_total") > 0);
    QVERIFY(samples.value("confab_bytes_out_total") > samples.value("confab_frames_out_total"));
    QVERIFY(samples.value("confab_auth_failures_total") >= 1);
    QVERIFY(samples.value("confab_rate_limited_total") >= limited);
    QVERIFY(samples.value("confab_connections_accepted_total") >= 2);
    QVERIFY(samples.value("confab_store_commit_seconds_count") >= 1);
    QVERIFY(samples.value("confab_store_commit_seconds_sum") > 0);
    QCOMPARE(samples.value("confab_store_commit_seconds_bucket{le=\"+Inf\"}"),
        samples.value("confab_store_commit_seconds_count"));
    QVERIFY(samples.value("confab_fanout_latency_seconds_count") >= kMessages);
    // The scrapes before this one were answered with 200 and counted.
    QVERIFY(samples.value("confab_http_requests_total{code=\"200\"}") >= 1);
    QVERIFY(samples.value("process_resident_memory_bytes") > 0);
    QVERIFY(samples.value("process_open_fds") > 0);

    const PromtoolResult check = promtoolCheck(after.body);
    QVERIFY2(check.exitCode == 0, check.output.constData());
    QVERIFY2(check.output.isEmpty(), check.output.constData()); // no lint problems either
    QVERIFY(relay.terminate());
}

void TestRelayMetrics::onlyGetAndHeadAreServed()
{
    RelayProcess relay;
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    const CurlResult head = runCurl({ u"-I"_s, metricsUrl(relay) });
    QCOMPARE(head.status, 200);
    QVERIFY(!head.body.contains("# HELP")); // curl -I puts the head where the body would be; no samples
    const CurlResult post = runCurl({ u"-X"_s, u"POST"_s, u"-d"_s, u"x"_s, metricsUrl(relay) });
    QCOMPARE(post.status, 405);
    QCOMPARE(post.header("allow"), "GET, HEAD");
    QVERIFY(relay.terminate());
}

void TestRelayMetrics::turnedOffItIsNotFound()
{
    RelayProcess relay;
    relay.setExtraArguments({ u"--metrics"_s, u"off"_s });
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    const CurlResult result = scrape(relay);
    QCOMPARE(result.status, 404);
    QVERIFY(!result.body.contains("confab_"));
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestRelayMetrics)
#include "tst_relay_metrics.moc"
