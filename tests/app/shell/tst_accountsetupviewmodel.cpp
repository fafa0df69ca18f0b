// First run against the real relay: the right password gives a connected account; a wrong one, a
// closed port or a typo leave nothing behind and say what went wrong; a self-signed relay asks
// whether to trust its certificate (showing the fingerprint openssl prints), and trusting it
// connects while cancelling leaves nothing. Runs on a private D-Bus session, once with a real
// keyring and once without any (CONFAB_TEST_NO_KEYRING=1): then the page warns that the password
// will not be remembered, and signing in still works.
#include "shell/accountsetupviewmodel.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "client/connection/networkmonitor.h"
#include "client/credentialstore.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::AccountSetupViewModel;
using namespace confab::client;

namespace {
constexpr int kWaitMs = 30000;
const QString kUser = u"alice"_s;

bool noKeyring()
{
    return qEnvironmentVariable("CONFAB_TEST_NO_KEYRING") == u"1"_s;
}
} // namespace

class TestAccountSetupViewModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void normalizesRelayAddresses_data();
    void normalizesRelayAddresses();
    void rightPasswordMakesAConnectedAccount();
    void wrongPasswordLeavesNothing();
    void closedPortIsUnreachable();
    void invalidInputIsRefusedBeforeTrying();
    void selfSignedRelayAsksForTrust();

private:
    void fill(AccountSetupViewModel &setup, const QString &url, const QString &password);
    // No account left in the manager nor in accounts.json.
    bool nothingLeft() const;
    bool makeCertificate();
    QString openSslFingerprint() const;
    QString readSecret(const QString &key);

    RelayProcess m_relay;
    RelayProcess m_tlsRelay;
    QTemporaryDir m_certs;
    CredentialStore m_keychain { u"confab-test-setup"_s };
    ManualNetworkMonitor m_network;
    std::unique_ptr<QTemporaryDir> m_config;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<AccountManager> m_manager;
};

void TestAccountSetupViewModel::initTestCase()
{
    QVERIFY(relayadmin::addUsers(m_relay, { kUser }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestAccountSetupViewModel::init()
{
    m_config = std::make_unique<QTemporaryDir>();
    m_data = std::make_unique<QTemporaryDir>();
    m_manager = std::make_unique<AccountManager>(m_config->path(), m_data->path(), &m_keychain, &m_network);
    QVERIFY(!m_manager->load());
}

void TestAccountSetupViewModel::cleanup()
{
    m_manager.reset();
    // A removed account's secrets are deleted by keychain jobs (children of the store) that may
    // still be running: let them finish, or the store would go away under them at exit.
    QTRY_VERIFY_WITH_TIMEOUT(m_keychain.findChildren<QObject *>().isEmpty(), 15000);
}

void TestAccountSetupViewModel::fill(AccountSetupViewModel &setup, const QString &url, const QString &password)
{
    setup.setRelayUrl(url);
    setup.setUserName(kUser);
    setup.setPassword(password);
}

bool TestAccountSetupViewModel::nothingLeft() const
{
    if (!m_manager->accounts().isEmpty())
        return false;
    QFile list(QDir(m_config->path()).filePath(u"accounts.json"_s));
    if (!list.open(QIODevice::ReadOnly))
        return true;
    return !list.readAll().contains(kUser.toUtf8());
}

QString TestAccountSetupViewModel::readSecret(const QString &key)
{
    QSignalSpy read(&m_keychain, &CredentialStore::passwordRead);
    QSignalSpy failed(&m_keychain, &CredentialStore::failed);
    m_keychain.readPassword(key);
    if (!QTest::qWaitFor([&] { return !read.isEmpty() || !failed.isEmpty(); }, kWaitMs))
        return u"(the keychain did not answer)"_s;
    return read.isEmpty() ? QString() : read.first().at(1).toString();
}

void TestAccountSetupViewModel::normalizesRelayAddresses_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bare host") << u"relay.example.org"_s << u"wss://relay.example.org/v1/ws"_s;
    QTest::newRow("host and port") << u" relay.example.org:8443 "_s << u"wss://relay.example.org:8443/v1/ws"_s;
    QTest::newRow("https") << u"https://relay.example.org"_s << u"wss://relay.example.org/v1/ws"_s;
    QTest::newRow("http") << u"http://127.0.0.1:8080/"_s << u"ws://127.0.0.1:8080/v1/ws"_s;
    QTest::newRow("full ws") << u"ws://127.0.0.1:8080/v1/ws"_s << u"ws://127.0.0.1:8080/v1/ws"_s;
    QTest::newRow("own path") << u"wss://example.org/confab/v1/ws"_s << u"wss://example.org/confab/v1/ws"_s;
    QTest::newRow("upper-case scheme") << u"WSS://example.org"_s << u"wss://example.org/v1/ws"_s;
    QTest::newRow("ftp") << u"ftp://example.org"_s << QString();
    QTest::newRow("empty") << u"   "_s << QString();
    QTest::newRow("spaces") << u"relay example org"_s << QString();
    QTest::newRow("no host") << u"wss://"_s << QString();
    QTest::newRow("user info") << u"wss://bob:pw@example.org"_s << QString();
}

void TestAccountSetupViewModel::normalizesRelayAddresses()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const std::optional<QUrl> url = AccountSetupViewModel::normalizedRelayUrl(input);
    if (expected.isEmpty())
        QVERIFY2(!url, qPrintable(url ? url->toString() : QString()));
    else
        QCOMPARE(url.value_or(QUrl()).toString(), expected);
}

void TestAccountSetupViewModel::rightPasswordMakesAConnectedAccount()
{
    AccountSetupViewModel setup(m_manager.get());
    QSignalSpy ready(&setup, &AccountSetupViewModel::accountReady);
    QCOMPARE(setup.remember(), true);
    // What a user types: the address as the admin gave it, without the path.
    fill(setup, u"http://127.0.0.1:%1"_s.arg(m_relay.port()), relayadmin::passwordOf(kUser));
    setup.submit();
    QVERIFY(setup.busy());
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY2(setup.error().isEmpty(), qPrintable(setup.error()));
    QVERIFY(!setup.busy());
    QVERIFY(setup.password().isEmpty()); // not kept in the form

    const QString id = ready.first().at(0).toString();
    Account *account = m_manager->account(id);
    QVERIFY(account);
    QCOMPARE(account->connectionStatus().phase, ConnectionStatus::Phase::Connected);
    QCOMPARE(account->settings().username, kUser);
    QCOMPARE(account->settings().relayUrl, m_relay.url());
    QCOMPARE(m_manager->accounts().size(), 1);

    if (noKeyring()) {
        // No keychain: the page says the password will not be remembered, and it still signed in.
        QTRY_VERIFY_WITH_TIMEOUT(!setup.keychainWarning().isEmpty(), kWaitMs);
        qInfo().noquote() << "keychain warning:" << setup.keychainWarning();
        QVERIFY(setup.keychainWarning().contains(u"keychain"_s, Qt::CaseInsensitive));
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(readSecret(SignIn::passwordKey(id)), relayadmin::passwordOf(kUser), kWaitMs);
        QVERIFY(setup.keychainWarning().isEmpty());
    }

    // The same account again is refused before trying.
    fill(setup, m_relay.url().toString(), relayadmin::passwordOf(kUser));
    setup.submit();
    QCOMPARE(setup.errorKind(), u"invalid"_s);
    QCOMPARE(m_manager->accounts().size(), 1);
}

void TestAccountSetupViewModel::wrongPasswordLeavesNothing()
{
    if (noKeyring())
        QSKIP("covered with the keyring");
    AccountSetupViewModel setup(m_manager.get());
    QSignalSpy ready(&setup, &AccountSetupViewModel::accountReady);
    fill(setup, m_relay.url().toString(), u"not-the-password"_s);
    setup.submit();
    QTRY_COMPARE_WITH_TIMEOUT(setup.errorKind(), u"wrongPassword"_s, kWaitMs);
    QCOMPARE(setup.error(), u"Wrong user name or password."_s);
    QVERIFY(!setup.busy());
    QVERIFY(ready.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(), kWaitMs);

    // Fixing the password and trying again works.
    setup.setPassword(relayadmin::passwordOf(kUser));
    setup.submit();
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(setup.errorKind().isEmpty());
    QCOMPARE(m_manager->accounts().size(), 1);
}

void TestAccountSetupViewModel::closedPortIsUnreachable()
{
    if (noKeyring())
        QSKIP("covered with the keyring");
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nobody listens there now

    AccountSetupViewModel setup(m_manager.get());
    fill(setup, u"ws://127.0.0.1:%1"_s.arg(port), u"whatever"_s);
    setup.submit();
    QTRY_COMPARE_WITH_TIMEOUT(setup.errorKind(), u"unreachable"_s, kWaitMs);
    qInfo().noquote() << setup.error();
    QVERIFY(setup.error().startsWith(u"Cannot reach the relay at 127.0.0.1:%1: "_s.arg(port)));
    QCOMPARE(setup.error().count(u"Cannot reach"_s), 1); // said once, not echoed
    QVERIFY(!setup.busy());
    QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(), kWaitMs);
}

void TestAccountSetupViewModel::invalidInputIsRefusedBeforeTrying()
{
    if (noKeyring())
        QSKIP("covered with the keyring");
    AccountSetupViewModel setup(m_manager.get());
    QSignalSpy state(&setup, &AccountSetupViewModel::stateChanged);
    fill(setup, u"ftp://example.org"_s, u"pw"_s);
    setup.submit();
    QCOMPARE(setup.errorKind(), u"invalid"_s);
    QVERIFY(!setup.error().isEmpty());
    QVERIFY(!setup.busy());
    fill(setup, m_relay.url().toString(), QString());
    setup.submit();
    QCOMPARE(setup.errorKind(), u"invalid"_s);
    QCOMPARE(setup.error(), u"Enter your password."_s);
    setup.setUserName(u"Alice Smith"_s);
    setup.setPassword(u"pw"_s);
    setup.submit();
    QCOMPARE(setup.errorKind(), u"invalid"_s);
    QVERIFY(m_manager->accounts().isEmpty());
    QCOMPARE(state.size(), 3);

    setup.reset();
    QVERIFY(setup.relayUrl().isEmpty() && setup.userName().isEmpty() && setup.password().isEmpty());
    QVERIFY(setup.error().isEmpty() && setup.errorKind().isEmpty());
}

bool TestAccountSetupViewModel::makeCertificate()
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty() || !m_certs.isValid())
        return false;
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(openssl,
        { u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
            u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1/O=Confab Setup Test"_s, u"-addext"_s,
            u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s, m_certs.filePath(u"relay.key"_s), u"-out"_s,
            m_certs.filePath(u"relay.pem"_s) });
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit
        && process.exitCode() == 0;
}

QString TestAccountSetupViewModel::openSslFingerprint() const
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(u"openssl"_s),
        { u"x509"_s, u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s, u"-in"_s, m_certs.filePath(u"relay.pem"_s) });
    if (!process.waitForFinished(30000))
        return {};
    const QString line = QString::fromLatin1(process.readAllStandardOutput()).trimmed();
    return line.mid(line.indexOf(u'=') + 1);
}

void TestAccountSetupViewModel::selfSignedRelayAsksForTrust()
{
    if (noKeyring())
        QSKIP("covered with the keyring");
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
        QSKIP("openssl is not installed");
    QVERIFY(makeCertificate());
    QVERIFY(relayadmin::addUsers(m_tlsRelay, { kUser }));
    m_tlsRelay.setExtraArguments({ u"--tls-cert"_s, m_certs.filePath(u"relay.pem"_s), u"--tls-key"_s,
        m_certs.filePath(u"relay.key"_s) });
    QVERIFY2(m_tlsRelay.start(), qPrintable(m_tlsRelay.errorString()));
    QCOMPARE(m_tlsRelay.url().scheme(), u"wss"_s);
    const QString fingerprint = openSslFingerprint();
    QVERIFY(!fingerprint.isEmpty());

    AccountSetupViewModel setup(m_manager.get());
    QSignalSpy ready(&setup, &AccountSetupViewModel::accountReady);
    const QString address = u"127.0.0.1:%1"_s.arg(m_tlsRelay.port()); // no scheme: wss is assumed
    fill(setup, address, relayadmin::passwordOf(kUser));
    setup.submit();
    QTRY_VERIFY_WITH_TIMEOUT(setup.needsTrust(), kWaitMs);
    QVERIFY(!setup.busy());
    QVERIFY(setup.error().isEmpty());
    QCOMPARE(setup.certificateFingerprint(), fingerprint);
    QCOMPARE(setup.certificateSubject(), u"127.0.0.1"_s);
    QCOMPARE(setup.certificateIssuer(), u"127.0.0.1"_s);
    QVERIFY(!setup.certificateExpires().isEmpty());
    QVERIFY(setup.certificateProblems().contains(u"The certificate is self-signed."_s));

    // Cancel: nothing is left, and the page says why it did not connect.
    setup.rejectCertificate();
    QVERIFY(!setup.needsTrust());
    QCOMPARE(setup.errorKind(), u"certificate"_s);
    QTRY_VERIFY_WITH_TIMEOUT(nothingLeft(), kWaitMs);
    QVERIFY(ready.isEmpty());

    // Again, and this time trust it: connected, with exactly that certificate pinned.
    setup.setPassword(relayadmin::passwordOf(kUser));
    setup.submit();
    QTRY_VERIFY_WITH_TIMEOUT(setup.needsTrust(), kWaitMs);
    QVERIFY(setup.errorKind().isEmpty());
    setup.trustCertificate();
    QVERIFY(setup.busy());
    QVERIFY(ready.wait(kWaitMs));
    Account *account = m_manager->account(ready.first().at(0).toString());
    QVERIFY(account);
    QCOMPARE(account->connectionStatus().phase, ConnectionStatus::Phase::Connected);
    QCOMPARE(account->settings().pinnedCertificate.toHex(':').toUpper(), fingerprint.toLatin1());
    QVERIFY(m_tlsRelay.terminate());
}

QTEST_GUILESS_MAIN(TestAccountSetupViewModel)
#include "tst_accountsetupviewmodel.moc"
