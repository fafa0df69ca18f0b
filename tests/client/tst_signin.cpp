// SignIn against a real relay and a real Secret Service (gnome-keyring on a private D-Bus session,
// tests/support/with-dbus-session.sh): what a user notices is that they type their password once,
// stay signed in across restarts, are asked again only when it matters, and that signing out
// really ends the session and removes the secrets.
#include "client/account/signin.h"
#include "client/clientengine.h"
#include "client/credentialstore.h"
#include "relayprocess.h"
#include "secretscan.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using confab::client::AccountSettings;
using confab::client::ClientEngine;
using confab::client::CredentialStore;
using confab::client::SignIn;

namespace {
constexpr int kWaitMs = 15000;
const QString kUser = u"alice"_s;
const QString kPassword = u"Alice-S3cret-pw-7f2e"_s;

// The secret under `key`, or nullopt when the keychain has none (or failed).
std::optional<QString> readSecret(CredentialStore &keychain, const QString &key)
{
    QSignalSpy read(&keychain, &CredentialStore::passwordRead);
    QSignalSpy failed(&keychain, &CredentialStore::failed);
    keychain.readPassword(key);
    const auto answered = [&] {
        for (const QVariantList &args : std::as_const(read))
            if (args.at(0).toString() == key)
                return true;
        for (const QVariantList &args : std::as_const(failed))
            if (args.at(0).toString() == key)
                return true;
        return false;
    };
    if (!QTest::qWaitFor(answered, kWaitMs))
        return std::nullopt;
    for (const QVariantList &args : std::as_const(read))
        if (args.at(0).toString() == key)
            return args.at(1).toString();
    return std::nullopt;
}

bool writeSecret(CredentialStore &keychain, const QString &key, const QString &secret)
{
    QSignalSpy written(&keychain, &CredentialStore::passwordWritten);
    keychain.writePassword(key, secret);
    return written.wait(kWaitMs);
}

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void remembersPasswordAndTokenInTheKeychainOnly();
    void newSignInConnectsFromTheKeychainAlone();
    void revokedTokenFallsBackToTheStoredPassword();
    void wrongStoredPasswordAsksForThePassword();
    void signOutEndsTheSessionAndDeletesTheSecrets();
    void proxyPasswordOfANewAccountIsRemembered();
    void hungKeychainDoesNotBlockSignIn(); // last: it stops the Secret Service for a while

private:
    bool connectWith(SignIn &signIn, ClientEngine &engine);
    bool revokeSessionTokens();

    QString m_fixtureDir;
    RelayProcess m_relay;
    AccountSettings m_account;
    CredentialStore m_keychain { u"confab-test"_s };
};

void TestSignIn::initTestCase()
{
    bool ok = false;
    m_fixtureDir = fixtureDirOrComplaint(&ok);
    QVERIFY2(ok, qPrintable(m_fixtureDir));
    QVERIFY(m_relay.addUser(kUser, kPassword));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    m_account.id = u"9d1c3f4e-0000-4000-8000-00000000a11c"_s;
    m_account.relayUrl = m_relay.url();
    m_account.username = kUser;
    m_account.rememberCredentials = true;
}

bool TestSignIn::connectWith(SignIn &signIn, ClientEngine &engine)
{
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    signIn.connect();
    if (!authenticated.wait(kWaitMs)) {
        qWarning().noquote() << "not connected:" << engine.lastError();
        return false;
    }
    return true;
}

bool TestSignIn::revokeSessionTokens()
{
    const RelayProcess::CommandResult list = m_relay.runAdmin({ u"token"_s, u"list"_s, kUser });
    if (!list.finished || list.exitCode != 0)
        return false;
    int revoked = 0;
    const QList<QByteArray> lines = list.standardOutput.split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 3 || fields.at(0) == "ID" || fields.at(2) != "session")
            continue;
        const RelayProcess::CommandResult revoke
            = m_relay.runAdmin({ u"token"_s, u"revoke"_s, QString::fromLatin1(fields.at(0)) });
        if (!revoke.finished || revoke.exitCode != 0)
            return false;
        ++revoked;
    }
    return revoked > 0;
}

void TestSignIn::remembersPasswordAndTokenInTheKeychainOnly()
{
    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, m_account);
    QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);

    // Nothing remembered yet: it asks, in plain words, after looking in the keychain.
    signIn.connect();
    QVERIFY(needed.wait(kWaitMs));
    QVERIFY(needed.constFirst().at(0).toString().contains(kUser));
    QVERIFY(!signIn.hasCredentials());
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);

    signIn.setPassword(kPassword);
    QVERIFY(connectWith(signIn, engine));
    QTRY_COMPARE_WITH_TIMEOUT(issued.size(), 1, kWaitMs);
    const QString token = issued.constFirst().at(0).toString();
    QVERIFY(token.startsWith(u"cfs_"_s));
    QVERIFY(issued.constFirst().at(1).toDateTime() > QDateTime::currentDateTimeUtc());
    QVERIFY(signIn.keychainProblem().isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(
        readSecret(m_keychain, SignIn::tokenKey(m_account.id)).value_or(QString()), token, kWaitMs);
    QCOMPARE(readSecret(m_keychain, SignIn::passwordKey(m_account.id)).value_or(QString()), kPassword);
    QCOMPARE(filesContaining(m_fixtureDir, kPassword), QStringList());
    QCOMPARE(filesContaining(m_fixtureDir, token), QStringList());
    QCOMPARE(filesContaining(m_relay.dataDir(), token), QStringList()); // the relay keeps hashes only
    engine.disconnectFromRelay();
}

void TestSignIn::newSignInConnectsFromTheKeychainAlone()
{
    // A restart: new engine, new SignIn, nothing typed.
    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, m_account);
    QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    QVERIFY(connectWith(signIn, engine));
    QCOMPARE(engine.userName(), kUser);
    QVERIFY(needed.isEmpty());
    QVERIFY(issued.isEmpty()); // it signed in with the token, not the password
    engine.disconnectFromRelay();
}

void TestSignIn::revokedTokenFallsBackToTheStoredPassword()
{
    const QString oldToken = readSecret(m_keychain, SignIn::tokenKey(m_account.id)).value_or(QString());
    QVERIFY(!oldToken.isEmpty());
    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, m_account);
    QVERIFY(connectWith(signIn, engine));

    // An admin revokes the session: the live connection ends, and the engine says why.
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    QVERIFY(revokeSessionTokens());
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::TokenRejected);
    QVERIFY2(engine.lastError().contains(u"sign in again"_s), qPrintable(engine.lastError()));

    // The next attempt (the supervisor's) uses the remembered password and gets a new token.
    QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    QVERIFY(connectWith(signIn, engine));
    QVERIFY(needed.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(issued.size(), 1, kWaitMs);
    const QString newToken = issued.constFirst().at(0).toString();
    QVERIFY(newToken != oldToken);
    QTRY_COMPARE_WITH_TIMEOUT(
        readSecret(m_keychain, SignIn::tokenKey(m_account.id)).value_or(QString()), newToken, kWaitMs);
    engine.disconnectFromRelay();

    // The old token is of no use to anyone any more.
    ClientEngine stale;
    QSignalSpy staleErrors(&stale, &ClientEngine::connectionError);
    stale.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, {}, oldToken });
    QVERIFY(staleErrors.wait(kWaitMs));
    QCOMPARE(stale.lastFailure(), ClientEngine::Failure::TokenRejected);
}

void TestSignIn::wrongStoredPasswordAsksForThePassword()
{
    AccountSettings other = m_account;
    other.id = u"9d1c3f4e-0000-4000-8000-0000000b0b00"_s;
    QVERIFY(writeSecret(m_keychain, SignIn::passwordKey(other.id), u"not-the-password"_s));

    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, other);
    QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
    signIn.connect();
    QVERIFY(needed.wait(kWaitMs));
    QCOMPARE(needed.constFirst().at(0).toString(), u"Wrong user name or password."_s);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::AuthFailed);
    QVERIFY(!signIn.hasCredentials());
    // The wrong password is no longer remembered, so the next start asks instead of failing again.
    QTRY_VERIFY_WITH_TIMEOUT(!readSecret(m_keychain, SignIn::passwordKey(other.id)), kWaitMs);

    signIn.setPassword(kPassword);
    QVERIFY(connectWith(signIn, engine));
    QTRY_COMPARE_WITH_TIMEOUT(
        readSecret(m_keychain, SignIn::passwordKey(other.id)).value_or(QString()), kPassword, kWaitMs);
    QSignalSpy signedOut(&signIn, &SignIn::signedOut);
    signIn.signOut();
    QVERIFY(signedOut.wait(kWaitMs));
}

void TestSignIn::signOutEndsTheSessionAndDeletesTheSecrets()
{
    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, m_account);
    QVERIFY(connectWith(signIn, engine));
    const QString token = readSecret(m_keychain, SignIn::tokenKey(m_account.id)).value_or(QString());
    QVERIFY(!token.isEmpty());
    QVERIFY(writeSecret(m_keychain, SignIn::proxyPasswordKey(m_account.id), u"proxy-secret"_s));

    QSignalSpy signedOut(&signIn, &SignIn::signedOut);
    QSignalSpy loggedOut(&engine, &ClientEngine::loggedOut);
    signIn.signOut();
    QVERIFY(signedOut.wait(kWaitMs));
    QCOMPARE(loggedOut.size(), 1);
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::LoggedOut);
    QVERIFY(!signIn.hasCredentials());

    QVERIFY(!readSecret(m_keychain, SignIn::passwordKey(m_account.id)));
    QVERIFY(!readSecret(m_keychain, SignIn::tokenKey(m_account.id)));
    QVERIFY(!readSecret(m_keychain, SignIn::proxyPasswordKey(m_account.id)));

    // The relay ended the session too: the token is refused.
    ClientEngine later;
    QSignalSpy errors(&later, &ClientEngine::connectionError);
    later.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, {}, token });
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(later.lastFailure(), ClientEngine::Failure::TokenRejected);

    // And a new SignIn has nothing to go on: it asks.
    ClientEngine fresh;
    SignIn again(&fresh, &m_keychain, m_account);
    QSignalSpy needed(&again, &SignIn::passwordNeeded);
    again.connect();
    QVERIFY(needed.wait(kWaitMs));
}

void TestSignIn::proxyPasswordOfANewAccountIsRemembered()
{
    // AccountManager::add builds the SignIn with the proxy password typed into the new account.
    AccountSettings account = m_account;
    account.id = u"9d1c3f4e-0000-4000-8000-0000000070c5"_s;
    account.proxy.mode = confab::client::ProxySettings::Mode::Http;
    account.proxy.host = u"127.0.0.1"_s;
    account.proxy.port = 3128;
    account.proxy.user = u"proxyuser"_s;
    account.proxy.password = u"Proxy-Pa55-at-creation"_s;
    ClientEngine engine;
    SignIn signIn(&engine, &m_keychain, account);
    QTRY_COMPARE_WITH_TIMEOUT(
        readSecret(m_keychain, SignIn::proxyPasswordKey(account.id)).value_or(QString()),
        account.proxy.password, kWaitMs);
    QCOMPARE(filesContaining(m_fixtureDir, account.proxy.password), QStringList());

    // And a restart (the settings file holds no password) finds it there.
    AccountSettings reloaded = account;
    reloaded.proxy.password.clear();
    ClientEngine restarted;
    SignIn again(&restarted, &m_keychain, reloaded);
    QSignalSpy needed(&again, &SignIn::passwordNeeded);
    again.connect(); // no password or token for this id: it reads the keychain, then asks
    QVERIFY(needed.wait(kWaitMs));
    QCOMPARE(restarted.proxy().password(), account.proxy.password);
}

void TestSignIn::hungKeychainDoesNotBlockSignIn()
{
    // A Secret Service that stops answering (stopped, like a hung daemon): the D-Bus calls get no
    // reply. The sign-in must not wait for them longer than its timeout.
    QDBusConnectionInterface *bus = QDBusConnection::sessionBus().interface();
    QVERIFY(bus);
    const QDBusReply<uint> pid = bus->servicePid(u"org.freedesktop.secrets"_s);
    QVERIFY2(pid.isValid() && pid.value() > 0, "no Secret Service on the test's session bus");
    QVERIFY(::kill(pid_t(pid.value()), SIGSTOP) == 0);
    const auto resume = qScopeGuard([&] { ::kill(pid_t(pid.value()), SIGCONT); });

    AccountSettings account = m_account;
    account.id = u"9d1c3f4e-0000-4000-8000-0000000068a9"_s;
    {
        // Nothing known: after the timeout it asks for the password, and says why.
        ClientEngine engine;
        SignIn signIn(&engine, &m_keychain, account);
        signIn.setKeychainTimeout(std::chrono::milliseconds(300));
        QSignalSpy needed(&signIn, &SignIn::passwordNeeded);
        signIn.connect();
        QVERIFY(needed.wait(5000));
        QVERIFY2(signIn.keychainProblem().contains(u"did not answer"_s), qPrintable(signIn.keychainProblem()));
    }
    {
        // The password typed in this session: it signs in with it.
        ClientEngine engine;
        SignIn signIn(&engine, &m_keychain, account);
        signIn.setKeychainTimeout(std::chrono::milliseconds(300));
        QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
        signIn.setPassword(kPassword);
        signIn.connect();
        QVERIFY(authenticated.wait(5000));
        QVERIFY(signIn.keychainProblem().contains(u"did not answer"_s));
        engine.disconnectFromRelay();
    }
    // Let the keychain answer the calls it left hanging before the store goes away with the test
    // (its jobs are its children; one destroyed mid-call would crash the test at exit).
    ::kill(pid_t(pid.value()), SIGCONT);
    QTRY_VERIFY_WITH_TIMEOUT(m_keychain.findChildren<QObject *>().isEmpty(), 15000);
}

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
