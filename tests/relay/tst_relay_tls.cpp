// TLS on the real relay process: wss:// works with a test certificate; TLS 1.2 and 1.3 succeed,
// TLS 1.1 and non-AEAD suites are refused (the refusal checked against a positive control that
// shows the client really can speak TLS 1.1); a bad certificate stops the relay from starting.
#include "rawclient.h"
#include "relay.h"
#include "relayprocess.h"

#include <QProcess>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct OpensslRun {
    bool finished = false;
    int exitCode = -1;
    QString output; // stdout and stderr
};

OpensslRun openssl(const QStringList &arguments, int timeoutMs = 15'000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"openssl"_s, arguments);
    OpensslRun run;
    if (!process.waitForStarted())
        return run;
    process.closeWriteChannel(); // s_client: end of input, so it closes once the handshake is done
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished)
        process.kill();
    run.exitCode = process.exitCode();
    run.output = QString::fromUtf8(process.readAll());
    return run;
}

QString passwordOf(const QString &user)
{
    return user + u"-secret-pw"_s;
}

} // namespace

class TestRelayTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void relayAnnouncesWss();
    void wssWorksWithTheTestCertificate();
    void protocolVersions_data();
    void protocolVersions();
    void tls11ClientWorksAgainstAServerThatAllowsIt();
    void nonAeadCipherIsRefused();
    void plainWebSocketToTheTlsPortIsDropped();
    void badCertificateOrKeyStopsTheStart_data();
    void badCertificateOrKeyStopsTheStart();
    void badCertificateStopsTheProcess();

private:
    OpensslRun connectWith(quint16 port, const QStringList &options);

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    std::unique_ptr<RelayProcess> m_relay;
};

void TestRelayTls::initTestCase()
{
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
        QSKIP("openssl is not installed");
    QVERIFY(m_dir.isValid());
    m_cert = m_dir.filePath(u"cert.pem"_s);
    m_key = m_dir.filePath(u"key.pem"_s);
    const OpensslRun made = openssl(
        { u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
            u"-nodes"_s, u"-keyout"_s, m_key, u"-out"_s, m_cert, u"-days"_s, u"2"_s, u"-subj"_s,
            u"/CN=localhost"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1,DNS:localhost"_s });
    QVERIFY2(made.finished && made.exitCode == 0, qPrintable(made.output));

    m_relay = std::make_unique<RelayProcess>(m_dir.filePath(u"data"_s));
    QVERIFY(m_relay->addUser(u"alice"_s, passwordOf(u"alice"_s)));
    m_relay->setExtraArguments({ u"--tls-cert"_s, m_cert, u"--tls-key"_s, m_key });
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
}

void TestRelayTls::cleanupTestCase()
{
    if (m_relay)
        QVERIFY(m_relay->terminate());
}

OpensslRun TestRelayTls::connectWith(quint16 port, const QStringList &options)
{
    return openssl(
        QStringList { u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(port), u"-brief"_s } + options);
}

void TestRelayTls::relayAnnouncesWss()
{
    QCOMPARE(m_relay->url().scheme(), u"wss"_s);
}

void TestRelayTls::wssWorksWithTheTestCertificate()
{
    // The client trusts exactly the test certificate, and checks the host name against it.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(m_cert));
    RawClient client;
    client.socket().setSslConfiguration(tls);
    QVERIFY(client.login(m_relay->url(), u"alice"_s, passwordOf(u"alice"_s)));
    QVERIFY(client.quiet());
    const QSslConfiguration used = client.socket().sslConfiguration();
    QCOMPARE(used.sessionProtocol(), QSsl::TlsV1_3);
    qInfo("wss: logged in over %s", qPrintable(used.sessionCipher().name()));

    // Without trusting it, the same client refuses the relay (the certificate is really checked).
    RawClient untrusting;
    QVERIFY(!untrusting.open(m_relay->url()));
}

void TestRelayTls::protocolVersions_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("protocol");
    QTest::newRow("TLS 1.1") << QStringList { u"-tls1_1"_s, u"-cipher"_s, u"DEFAULT@SECLEVEL=0"_s } << false
                             << QString();
    QTest::newRow("TLS 1.2") << QStringList { u"-tls1_2"_s } << true << u"TLSv1.2"_s;
    QTest::newRow("TLS 1.3") << QStringList { u"-tls1_3"_s } << true << u"TLSv1.3"_s;
}

void TestRelayTls::protocolVersions()
{
    QFETCH(QStringList, options);
    QFETCH(bool, accepted);
    QFETCH(QString, protocol);
    const OpensslRun run = connectWith(m_relay->port(), options);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode == 0, accepted);
    if (accepted) {
        QVERIFY2(run.output.contains(u"Protocol version: "_s + protocol), qPrintable(run.output));
        // TLS 1.2 must have negotiated an ECDHE AEAD suite.
        if (protocol == u"TLSv1.2") {
            QVERIFY2(run.output.contains(u"Ciphersuite: ECDHE-"_s), qPrintable(run.output));
            QVERIFY2(run.output.contains(u"-GCM-"_s) || run.output.contains(u"CHACHA20-POLY1305"_s),
                qPrintable(run.output));
        }
    }
    QVERIFY(m_relay->isRunning());
}

void TestRelayTls::tls11ClientWorksAgainstAServerThatAllowsIt()
{
    // The positive control for the TLS 1.1 refusal: the same client command succeeds against a
    // server that does speak TLS 1.1, so the relay's refusal is the relay's doing.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(u"openssl"_s,
        { u"s_server"_s, u"-accept"_s, u"127.0.0.1:%1"_s.arg(port), u"-cert"_s, m_cert, u"-key"_s, m_key,
            u"-tls1_1"_s, u"-cipher"_s, u"DEFAULT@SECLEVEL=0"_s, u"-naccept"_s, u"1"_s });
    QVERIFY(server.waitForStarted());
    QByteArray serverOutput;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     serverOutput += server.readAll();
                     return serverOutput.contains("ACCEPT") || server.state() == QProcess::NotRunning;
                 },
                 10'000)
            && serverOutput.contains("ACCEPT"),
        serverOutput.constData());
    const OpensslRun run = connectWith(port, { u"-tls1_1"_s, u"-cipher"_s, u"DEFAULT@SECLEVEL=0"_s });
    server.kill();
    server.waitForFinished();
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.output.contains(u"Protocol version: TLSv1.1"_s), qPrintable(run.output));
}

void TestRelayTls::nonAeadCipherIsRefused()
{
    // CBC suites with SHA-1 or SHA-256 MACs: offered by the client, refused by the relay.
    const OpensslRun run = connectWith(m_relay->port(),
        { u"-tls1_2"_s, u"-cipher"_s,
            u"ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA"_s });
    QVERIFY(run.finished);
    QVERIFY2(run.exitCode != 0, qPrintable(run.output));
}

void TestRelayTls::plainWebSocketToTheTlsPortIsDropped()
{
    QUrl plain = m_relay->url();
    plain.setScheme(u"ws"_s);
    RawClient client;
    QVERIFY(!client.open(plain));
    // And the relay goes on serving TLS clients.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(m_cert));
    RawClient secure;
    secure.socket().setSslConfiguration(tls);
    QVERIFY(secure.login(m_relay->url(), u"alice"_s, passwordOf(u"alice"_s)));
}

void TestRelayTls::badCertificateOrKeyStopsTheStart_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // in the error message
    const QString missing = m_dir.filePath(u"missing.pem"_s);
    QTest::newRow("missing certificate") << missing << m_key << missing;
    QTest::newRow("missing key") << m_cert << missing << missing;
    QTest::newRow("key as certificate") << m_key << m_key << u"no PEM certificate"_s;
    QTest::newRow("certificate as key") << m_cert << m_cert << u"no unencrypted PEM private key"_s;
    QTest::newRow("key only") << QString() << m_key << u"both a certificate and a key"_s;
}

void TestRelayTls::badCertificateOrKeyStopsTheStart()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    QTemporaryDir data;
    confab::relay::RelayConfig config;
    config.dataDir = data.path();
    config.port = 0;
    config.tlsCertificateFile = certificate;
    config.tlsKeyFile = key;
    confab::relay::Relay relay(config);
    QVERIFY(!relay.start());
    QVERIFY2(relay.errorString().contains(expected), qPrintable(relay.errorString()));
    QVERIFY(!relay.isRunning());
}

void TestRelayTls::badCertificateStopsTheProcess()
{
    RelayProcess relay; // its own data folder: the one of m_relay is in use
    const QString missing = m_dir.filePath(u"missing.pem"_s);
    relay.setExtraArguments({ u"--tls-cert"_s, missing, u"--tls-key"_s, m_key });
    QVERIFY(!relay.start());
    QVERIFY(!relay.isRunning());
    QVERIFY(relay.exitCode() != 0);
    bool named = false;
    for (const QByteArray &line : relay.logLines())
        named = named || line.contains(missing.toUtf8());
    QVERIFY2(named, relay.logLines().join('\n').constData());
}

QTEST_GUILESS_MAIN(TestRelayTls)
#include "tst_relay_tls.moc"
