// A relay with a self-signed certificate: refused until the user trusts that exact certificate
// (a pin), then it connects; a changed certificate is refused again, in words that say so. The
// fingerprint shown is the one `openssl x509 -fingerprint -sha256` prints, so a user can compare it
// with what the relay's administrator tells them.
#include "client/clientengine.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

namespace {
constexpr int kWaitMs = 15000;
const QString kUser = u"dave"_s;
const QString kRoom = u"room:tls"_s;
} // namespace

class TestClientEngineTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusedUntilTrustedThenConnects();
    void changedCertificateIsRefusedAgain();
    void pinForAnotherHostNameFitsOnlyThatCertificate();

private:
    // Makes a self-signed certificate and key named `name` for `san`; empty on failure.
    bool makeCertificate(const QString &name, const QString &commonName, const QString &san);
    QString openSslFingerprint(const QString &name);
    bool serve(const QString &name);
    ClientEngine::CertificateInfo refusedCertificate(ClientEngine &engine);
    bool connectAndExchange(ClientEngine &engine, const QString &text);

    QString m_openssl;
    QTemporaryDir m_dir;
    RelayProcess m_relay;
    QByteArray m_pinA;
};

void TestClientEngineTls::initTestCase()
{
    m_openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (m_openssl.isEmpty())
        QSKIP("openssl is not installed");
    QVERIFY(m_dir.isValid());
    QVERIFY(makeCertificate(u"a"_s, u"127.0.0.1"_s, u"IP:127.0.0.1"_s));
    QVERIFY(makeCertificate(u"b"_s, u"127.0.0.1"_s, u"IP:127.0.0.1"_s));
    QVERIFY(makeCertificate(u"other-host"_s, u"relay.example"_s, u"DNS:relay.example"_s));
    QVERIFY(relayadmin::addUsers(m_relay, { kUser }));
    QVERIFY(relayadmin::addRoom(m_relay, u"tls"_s, { kUser }));
}

bool TestClientEngineTls::makeCertificate(const QString &name, const QString &commonName, const QString &san)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    openssl.start(m_openssl,
        { u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
            u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=%1/O=Confab Test"_s.arg(commonName),
            u"-addext"_s, u"subjectAltName=%1"_s.arg(san), u"-keyout"_s, m_dir.filePath(name + u".key"_s),
            u"-out"_s, m_dir.filePath(name + u".pem"_s) });
    return openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit
        && openssl.exitCode() == 0;
}

QString TestClientEngineTls::openSslFingerprint(const QString &name)
{
    QProcess openssl;
    openssl.start(m_openssl,
        { u"x509"_s, u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s, u"-in"_s,
            m_dir.filePath(name + u".pem"_s) });
    if (!openssl.waitForFinished(30000))
        return {};
    // "sha256 Fingerprint=AB:CD:..." (OpenSSL 3) or "SHA256 Fingerprint=..." (1.1).
    const QString line = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
    return line.mid(line.indexOf(u'=') + 1);
}

bool TestClientEngineTls::serve(const QString &name)
{
    m_relay.setExtraArguments({ u"--tls-cert"_s, m_dir.filePath(name + u".pem"_s), u"--tls-key"_s,
        m_dir.filePath(name + u".key"_s) });
    const bool started = m_relay.isRunning() ? m_relay.restart(true) : m_relay.start();
    if (!started)
        qWarning().noquote() << m_relay.errorString();
    return started && m_relay.url().scheme() == u"wss"_s;
}

ClientEngine::CertificateInfo TestClientEngineTls::refusedCertificate(ClientEngine &engine)
{
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    engine.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, relayadmin::passwordOf(kUser) });
    if (!errors.wait(kWaitMs))
        return {};
    qInfo().noquote() << "refused with:" << engine.lastError();
    if (engine.lastFailure() != ClientEngine::Failure::UntrustedCertificate)
        return {};
    return engine.untrustedCertificate();
}

bool TestClientEngineTls::connectAndExchange(ClientEngine &engine, const QString &text)
{
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    engine.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, relayadmin::passwordOf(kUser) });
    if (!authenticated.wait(kWaitMs)) {
        qWarning().noquote() << "not connected:" << engine.lastError();
        return false;
    }
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    engine.subscribe(kRoom);
    if (!subscribed.wait(kWaitMs))
        return false;
    engine.sendMessage(kRoom, text);
    return QTest::qWaitFor(
        [&] {
            for (const QVariantList &args : std::as_const(received))
                if (args.at(0).value<confab::protocol::Message>().text == text)
                    return true;
            return false;
        },
        kWaitMs);
}

void TestClientEngineTls::refusedUntilTrustedThenConnects()
{
    QVERIFY(serve(u"a"_s));
    ClientEngine engine;
    const ClientEngine::CertificateInfo info = refusedCertificate(engine);
    QVERIFY(!info.sha256.isEmpty());
    const QString expected = openSslFingerprint(u"a"_s);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(info.fingerprint, expected);
    QCOMPARE(info.sha256.size(), 32);
    QCOMPARE(info.subject, u"127.0.0.1"_s);
    QCOMPARE(info.issuer, u"127.0.0.1"_s);
    QVERIFY(info.expires > QDateTime::currentDateTimeUtc());
    QVERIFY(info.problems.contains(u"The certificate is self-signed."_s));
    QVERIFY(engine.lastError().contains(expected)); // the user can compare it
    QVERIFY(!engine.lastError().contains(u"changed"_s));
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);

    // The user trusts exactly this certificate.
    m_pinA = info.sha256;
    engine.setPinnedCertificate(m_pinA);
    QCOMPARE(engine.pinnedCertificate(), m_pinA);
    QVERIFY(connectAndExchange(engine, u"over a pinned wss connection"_s));
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::None);
    engine.disconnectFromRelay();
}

void TestClientEngineTls::changedCertificateIsRefusedAgain()
{
    QVERIFY(!m_pinA.isEmpty());
    QVERIFY(serve(u"b"_s)); // same address, another certificate
    ClientEngine engine;
    engine.setPinnedCertificate(m_pinA);
    const ClientEngine::CertificateInfo info = refusedCertificate(engine);
    QVERIFY(!info.sha256.isEmpty());
    QVERIFY(info.sha256 != m_pinA);
    QCOMPARE(info.fingerprint, openSslFingerprint(u"b"_s));
    QVERIFY2(engine.lastError().contains(u"changed since you trusted it"_s), qPrintable(engine.lastError()));
    QVERIFY(engine.lastError().contains(info.fingerprint));
}

void TestClientEngineTls::pinForAnotherHostNameFitsOnlyThatCertificate()
{
    QVERIFY(serve(u"other-host"_s)); // a certificate for relay.example, served at 127.0.0.1
    ClientEngine engine;
    const ClientEngine::CertificateInfo info = refusedCertificate(engine);
    QVERIFY(!info.sha256.isEmpty());
    QCOMPARE(info.subject, u"relay.example"_s);
    QVERIFY(info.problems.contains(u"The certificate is for another host name."_s));

    // Another certificate's pin does not open the door...
    engine.setPinnedCertificate(m_pinA);
    QVERIFY(!refusedCertificate(engine).sha256.isEmpty());
    QVERIFY(engine.lastError().contains(u"changed"_s));
    // ...this one's does, host name and all, because it is exactly the certificate the user trusted.
    engine.setPinnedCertificate(info.sha256);
    QVERIFY(connectAndExchange(engine, u"pinned despite the host name"_s));
}

QTEST_GUILESS_MAIN(TestClientEngineTls)
#include "tst_clientengine_tls.moc"
