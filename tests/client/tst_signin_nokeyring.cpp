// SignIn where no keychain exists (a private D-Bus session without a Secret Service): the user is
// told in plain words that the password cannot be remembered, can still use the app for this
// session, and no secret is written to any file instead.
#include "client/account/signin.h"
#include "client/clientengine.h"
#include "client/credentialstore.h"
#include "relayprocess.h"
#include "secretscan.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::AccountSettings;
using confab::client::ClientEngine;
using confab::client::CredentialStore;
using confab::client::SignIn;

namespace {
constexpr int kWaitMs = 15000;
const QString kUser = u"bob"_s;
const QString kPassword = u"Bob-N0-Keyring-pw-41c9"_s;
} // namespace

class TestSignInNoKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void worksForThisSessionWithoutRememberingAnything();

private:
    QString m_fixtureDir;
    RelayProcess m_relay;
};

void TestSignInNoKeyring::initTestCase()
{
    bool ok = false;
    m_fixtureDir = fixtureDirOrComplaint(&ok);
    QVERIFY2(ok, qPrintable(m_fixtureDir));
    QVERIFY(qEnvironmentVariableIntValue("CONFAB_TEST_NO_KEYRING") == 1);
    QVERIFY(m_relay.addUser(kUser, kPassword));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestSignInNoKeyring::worksForThisSessionWithoutRememberingAnything()
{
    CredentialStore keychain(u"confab-test"_s);
    AccountSettings account;
    account.id = u"0b0b0b0b-0000-4000-8000-000000000b0b"_s;
    account.relayUrl = m_relay.url();
    account.username = kUser;
    account.rememberCredentials = true;

    ClientEngine engine;
    SignIn signIn(&engine, &keychain, account);
    QSignalSpy problems(&signIn, &SignIn::keychainProblemChanged);
    QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);

    // First start: the keychain is asked, has nothing (there is none), so the user is asked.
    signIn.connect();
    QVERIFY(needed.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(!signIn.keychainProblem().isEmpty(), kWaitMs);
    QCOMPARE(signIn.keychainProblem(),
        u"No keychain is available, so Confab cannot remember your password; "
        "you will be asked again next time."_s);
    QVERIFY(!problems.isEmpty());

    // The typed password works for this session...
    signIn.setPassword(kPassword);
    signIn.connect();
    QVERIFY(authenticated.wait(kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(issued.size(), 1, kWaitMs);
    const QString token = issued.constFirst().at(0).toString();
    QVERIFY(!signIn.keychainProblem().isEmpty());

    // ...and reconnects within it use the token held in memory.
    engine.disconnectFromRelay();
    signIn.connect();
    QVERIFY(authenticated.wait(kWaitMs));
    QCOMPARE(issued.size(), 1);

    // Nothing was written anywhere instead of the keychain.
    QCOMPARE(filesContaining(m_fixtureDir, kPassword), QStringList());
    QCOMPARE(filesContaining(m_fixtureDir, token), QStringList());
    QCOMPARE(filesContaining(m_relay.dataDir(), kPassword), QStringList()); // hashes only there

    // A new start (a new SignIn) has nothing remembered: it asks again, as it said it would.
    ClientEngine restarted;
    SignIn again(&restarted, &keychain, account);
    QSignalSpy neededAgain(&again, &SignIn::passwordNeeded);
    again.connect();
    QVERIFY(neededAgain.wait(kWaitMs));

    QSignalSpy signedOut(&signIn, &SignIn::signedOut);
    signIn.signOut();
    QVERIFY(signedOut.wait(kWaitMs));
}

QTEST_GUILESS_MAIN(TestSignInNoKeyring)
#include "tst_signin_nokeyring.moc"
