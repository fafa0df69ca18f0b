// confab-loadgen against the real relay, small: what the benchmarks report must be true. Every
// client logs in with a token from `user bulk`, every message published is acknowledged and
// reaches every subscriber exactly as counted, and a relay that refuses the tokens shows up as
// failed connections (and a failing exit), not as a benchmark that quietly measured nothing.
#include "relayprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;

class TestRelayLoadgen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void smallRoomsDeliverEveryMessageToEveryMember();
    void fanOutReachesEverySubscriber_data();
    void fanOutReachesEverySubscriber();
    void stormReportsTheRelaysMemory();
    void refusedTokensAreFailures();

private:
    struct Run
    {
        int exitCode = -1;
        std::map<QString, double> result;
        QByteArray output;
    };
    bool startRelay(RelayProcess &relay, int users, const QStringList &extraArguments = {});
    Run runLoadgen(const RelayProcess &relay, const QStringList &arguments, const QString &tokens = {});
    QString m_loadgen;
};

void TestRelayLoadgen::initTestCase()
{
    m_loadgen = QFileInfo(RelayProcess::binaryPath()).dir().filePath(u"confab-loadgen"_s);
    QVERIFY2(QFileInfo(m_loadgen).isExecutable(), qPrintable(m_loadgen));
}

bool TestRelayLoadgen::startRelay(RelayProcess &relay, int users, const QStringList &extraArguments)
{
    const auto bulk = relay.runAdmin({ u"user"_s, u"bulk"_s, u"--count"_s, QString::number(users), u"--prefix"_s,
                                       u"load"_s, u"--token-file"_s, relay.dataDir() + u"/tokens.tsv"_s });
    if (!bulk.finished || bulk.exitCode != 0)
        return false;
    relay.setExtraArguments(QStringList { u"--rate-burst"_s, u"100000"_s, u"--rate-per-second"_s, u"100000"_s,
                                u"--max-connections-per-address"_s, u"0"_s }
        + extraArguments);
    return relay.start();
}

TestRelayLoadgen::Run TestRelayLoadgen::runLoadgen(const RelayProcess &relay, const QStringList &arguments,
                                                   const QString &tokens)
{
    QProcess process;
    process.setProgram(m_loadgen);
    process.setArguments(QStringList{ u"--url"_s, relay.url().toString(), u"--tokens"_s,
                                      tokens.isEmpty() ? relay.dataDir() + u"/tokens.tsv"_s : tokens,
                                      u"--relay-pid"_s, QString::number(relay.processId()), u"--workers"_s, u"2"_s,
                                      u"--sources"_s, u"2"_s, u"--connect-timeout"_s, u"10"_s }
                         + arguments);
    process.start();
    Run run;
    // With the event loop running: the relay's log lines are read meanwhile (a relay whose pipe
    // fills up stops answering, and a storm of a few hundred logins fills one).
    QSignalSpy finished(&process, &QProcess::finished);
    if (!finished.wait(90'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.output = process.readAllStandardOutput();
    for (const QByteArray &line : run.output.split('\n')) {
        if (!line.startsWith("RESULT "))
            continue;
        for (const QByteArray &pair : line.mid(7).split(' ')) {
            const qsizetype equals = pair.indexOf('=');
            if (equals > 0)
                run.result[QString::fromLatin1(pair.left(equals))] = pair.mid(equals + 1).toDouble();
        }
    }
    if (run.result.empty() || run.exitCode != 0)
        qWarning().noquote() << run.output << process.readAllStandardError();
    return run;
}

void TestRelayLoadgen::smallRoomsDeliverEveryMessageToEveryMember()
{
    RelayProcess relay;
    QVERIFY2(startRelay(relay, 40), qPrintable(relay.errorString()));
    const Run run = runLoadgen(relay, { u"--clients"_s, u"40"_s, u"--room-size"_s, u"4"_s, u"--rate"_s, u"400"_s,
                                        u"--duration"_s, u"1"_s, u"--drain-quiet-ms"_s, u"300"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.result.at(u"connected"_s), 40.0);
    QCOMPARE(run.result.at(u"connect_failed"_s), 0.0);
    const double sent = run.result.at(u"sent"_s);
    QVERIFY2(sent >= 300 && sent <= 400, qPrintable(QString::number(sent)));
    QCOMPARE(run.result.at(u"acked"_s), sent);
    QCOMPARE(run.result.at(u"refused"_s), 0.0);
    QCOMPARE(run.result.at(u"lost"_s), 0.0);
    // Ten rooms of four, each member subscribed: four deliveries per message, the sender's own too.
    QCOMPARE(run.result.at(u"expected"_s), sent * 4);
    QCOMPARE(run.result.at(u"delivered"_s), sent * 4);
    QVERIFY(run.result.at(u"p99_ms"_s) >= run.result.at(u"p50_ms"_s));
    QVERIFY(run.result.at(u"max_ms"_s) >= run.result.at(u"p99_ms"_s));
}

void TestRelayLoadgen::fanOutReachesEverySubscriber_data()
{
    QTest::addColumn<int>("subscribers");
    QTest::addColumn<int>("sendThreads");
    QTest::newRow("30 subscribers") << 30 << 0;
    // Past 256 clients in one turn, the relay's send threads write the fan-out with it.
    QTest::newRow("600 subscribers, two send threads") << 600 << 2;
}

void TestRelayLoadgen::fanOutReachesEverySubscriber()
{
    QFETCH(int, subscribers);
    QFETCH(int, sendThreads);
    RelayProcess relay;
    const int clients = subscribers + 1;
    QVERIFY2(startRelay(relay, clients, { u"--send-threads"_s, QString::number(sendThreads) }),
        qPrintable(relay.errorString()));
    const Run run = runLoadgen(relay, { u"--clients"_s, QString::number(clients), u"--publishers"_s, u"1"_s,
                                        u"--rate"_s, u"100"_s, u"--duration"_s, u"1"_s, u"--drain-quiet-ms"_s, u"300"_s });
    QCOMPARE(run.exitCode, 0);
    const double acked = run.result.at(u"acked"_s);
    QVERIFY(acked >= 75);
    QCOMPARE(run.result.at(u"delivered"_s), acked * subscribers);
    QVERIFY(run.result.at(u"deliveries_per_s"_s) > 0);
}

void TestRelayLoadgen::stormReportsTheRelaysMemory()
{
    RelayProcess relay;
    QVERIFY2(startRelay(relay, 200), qPrintable(relay.errorString()));
    const Run run = runLoadgen(relay, { u"--clients"_s, u"200"_s, u"--idle-seconds"_s, u"0.2"_s });
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.result.at(u"connected"_s), 200.0);
    QVERIFY(run.result.at(u"storm_s"_s) > 0);
    // The relay holds 200 sessions: its memory grew, by some KiB each.
    QVERIFY(run.result.at(u"rss_after_kib"_s) > run.result.at(u"rss_before_kib"_s));
    QVERIFY(run.result.at(u"kib_per_connection"_s) > 0);
}

void TestRelayLoadgen::refusedTokensAreFailures()
{
    RelayProcess relay;
    QVERIFY2(startRelay(relay, 10), qPrintable(relay.errorString()));
    QTemporaryDir dir;
    QFile forged(dir.filePath(u"forged.tsv"_s));
    QVERIFY(forged.open(QIODevice::WriteOnly));
    for (int i = 1; i <= 10; ++i)
        forged.write("load" + QByteArray::number(i) + "\tcfs_not-a-real-token\n");
    forged.close();
    const Run run = runLoadgen(relay, { u"--clients"_s, u"10"_s }, forged.fileName());
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.result.at(u"connected"_s), 0.0);
    QCOMPARE(run.result.at(u"connect_failed"_s), 10.0);
}

QTEST_GUILESS_MAIN(TestRelayLoadgen)
#include "tst_relay_loadgen.moc"
