#include "signin.h"

#include "client/connectionerrors.h"

#include <QLoggingCategory>

#include <algorithm>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcSignIn, "confab.client.signin", QtInfoMsg)

QString noKeychainProblem()
{
    return u"No keychain is available, so Confab cannot remember your password; "
           "you will be asked again next time."_s;
}

constexpr auto kDefaultKeychainTimeout = std::chrono::seconds(10);

QString tokenRejectedReason()
{
    return u"Your saved sign-in has expired or was revoked; please sign in again."_s;
}

} // namespace

SignIn::SignIn(
    ClientEngine *engine, CredentialStore *keychain, const AccountSettings &account, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_keychain(keychain)
    , m_account(account)
    , m_proxyPassword(account.proxy.password)
{
    m_readTimeout.setSingleShot(true);
    m_readTimeout.setInterval(kDefaultKeychainTimeout);
    QObject::connect(&m_readTimeout, &QTimer::timeout, this, &SignIn::onKeychainTimedOut);
    if (m_engine) {
        QObject::connect(m_engine, &ClientEngine::sessionTokenIssued, this,
            [this](const QString &token, const QDateTime &) {
                m_token = token;
                if (remembering())
                    store(tokenKey(m_account.id), token);
            });
        QObject::connect(m_engine, &ClientEngine::authenticated, this, [this] { m_needReason.clear(); });
        QObject::connect(m_engine, &ClientEngine::connectionError, this, [this] { settleAttempt(true); });
        QObject::connect(m_engine, &ClientEngine::loggedOut, this, &SignIn::onLoggedOut);
    }
    if (m_keychain) {
        QObject::connect(m_keychain, &CredentialStore::passwordRead, this, &SignIn::onSecretRead);
        QObject::connect(m_keychain, &CredentialStore::failed, this, &SignIn::onKeychainFailed);
        QObject::connect(m_keychain, &CredentialStore::passwordWritten, this, [this](const QString &key) {
            if (isOwnKey(key))
                setKeychainProblem({});
        });
        QObject::connect(m_keychain, &CredentialStore::passwordDeleted, this, [this](const QString &key) {
            if (isOwnKey(key) && m_signOutSteps > 0)
                finishSignOutStep();
        });
    }
    // A proxy password given with a new account (AccountManager::add) is remembered like one
    // changed later through setAccount(); the accounts file never holds it.
    if (!m_proxyPassword.isEmpty() && remembering())
        store(proxyPasswordKey(m_account.id), m_proxyPassword);
}

void SignIn::setAccount(const AccountSettings &account)
{
    const bool stoppedRemembering = m_account.rememberCredentials && !account.rememberCredentials;
    const bool otherUser = account.username != m_account.username || account.relayUrl != m_account.relayUrl;
    if (otherUser) {
        m_token.clear();
        m_password.clear();
    }
    if (!account.proxy.password.isEmpty() && account.proxy.password != m_proxyPassword) {
        m_proxyPassword = account.proxy.password;
        if (account.rememberCredentials && m_keychain)
            store(proxyPasswordKey(account.id), m_proxyPassword);
    }
    m_account = account;
    if (stoppedRemembering && m_keychain) {
        // The user no longer wants them kept: what this session knows stays in memory only.
        erase(passwordKey(m_account.id));
        erase(tokenKey(m_account.id));
        erase(proxyPasswordKey(m_account.id));
        setKeychainProblem({});
    }
}

void SignIn::setPassword(const QString &password)
{
    m_password = password;
    m_needReason.clear();
    if (remembering())
        store(passwordKey(m_account.id), password);
}

void SignIn::connect()
{
    if (!m_engine)
        return;
    settleAttempt(false); // startAttempt() asks for the password itself when needed
    if (remembering() && !m_keychainRead) {
        // Once per SignIn: the keychain may answer slowly (or ask the user to unlock it).
        m_connectWanted = true;
        readKeychain();
        return;
    }
    if (m_pendingReads > 0) {
        m_connectWanted = true;
        return;
    }
    startAttempt();
}

void SignIn::startAttempt()
{
    m_connectWanted = false;
    if (m_account.proxy.mode == ProxySettings::Mode::Http
        || m_account.proxy.mode == ProxySettings::Mode::Socks5) {
        ProxySettings proxy = m_account.proxy;
        proxy.password = m_proxyPassword;
        m_engine->setProxy(proxy.toNetworkProxy());
    }
    ClientEngine::Credentials credentials { m_account.username };
    if (!m_token.isEmpty()) {
        credentials.token = m_token;
        m_attempt = Attempt::Token;
    } else if (!m_password.isEmpty()) {
        credentials.password = m_password;
        credentials.requestToken = true;
        m_attempt = Attempt::Password;
    } else {
        m_attempt = Attempt::None;
        const QString reason = !m_needReason.isEmpty()
            ? m_needReason
            : u"Enter the password of %1 at %2."_s.arg(m_account.username, relayAddress(m_account.relayUrl));
        Q_EMIT passwordNeeded(reason);
        return;
    }
    qCDebug(lcSignIn).noquote() << "signing in" << m_account.id << "with"
                                << (m_attempt == Attempt::Token ? "the session token" : "the password");
    m_engine->connectToRelay(m_account.relayUrl, credentials);
}

void SignIn::settleAttempt(bool announce)
{
    if (!m_engine || m_attempt == Attempt::None || m_engine->state() != ClientEngine::State::Disconnected)
        return;
    const Attempt attempt = m_attempt;
    m_attempt = Attempt::None;
    switch (m_engine->lastFailure()) {
    case ClientEngine::Failure::TokenRejected:
        // At sign-in, or later while connected (revoked or expired meanwhile): either way the
        // token is dead, also one the relay issued during a password session.
        qCInfo(lcSignIn).noquote() << "the session token of" << m_account.id << "was rejected";
        forgetToken();
        if (m_password.isEmpty())
            m_needReason = tokenRejectedReason();
        break;
    case ClientEngine::Failure::AuthFailed:
        if (attempt == Attempt::Password) {
            forgetPassword();
            m_needReason = u"Wrong user name or password."_s;
            if (announce)
                Q_EMIT passwordNeeded(m_needReason);
        } else {
            forgetToken();
        }
        break;
    default:
        break;
    }
}

void SignIn::signOut()
{
    m_connectWanted = false;
    m_attempt = Attempt::None;
    m_signOutSteps = 1; // the logout
    const QString id = m_account.id;
    m_token.clear();
    m_password.clear();
    m_proxyPassword.clear();
    m_keychainRead = true; // nothing left to read
    if (m_keychain) {
        m_signOutSteps += 3;
        m_keychain->deletePassword(passwordKey(id));
        m_keychain->deletePassword(tokenKey(id));
        m_keychain->deletePassword(proxyPasswordKey(id));
    }
    if (m_engine)
        m_engine->logout(); // answers with loggedOut(), also without a connection
    else
        finishSignOutStep();
}

void SignIn::onLoggedOut()
{
    if (m_signOutSteps > 0) {
        m_token.clear();
        finishSignOutStep();
        return;
    }
    // Signed out from elsewhere (another desktop or an admin): the token is dead, the password
    // (if remembered) still signs in again.
    forgetToken();
}

void SignIn::finishSignOutStep()
{
    if (m_signOutSteps <= 0)
        return;
    if (--m_signOutSteps == 0) {
        qCInfo(lcSignIn).noquote() << "signed out of" << m_account.id;
        Q_EMIT signedOut();
    }
}

QString SignIn::sessionToken() const
{
    return m_token;
}

bool SignIn::hasCredentials() const
{
    return !m_token.isEmpty() || !m_password.isEmpty();
}

QString SignIn::keychainProblem() const
{
    return m_keychainProblem;
}

QString SignIn::passwordKey(const QString &accountId)
{
    return accountId + u"/password"_s;
}

QString SignIn::tokenKey(const QString &accountId)
{
    return accountId + u"/token"_s;
}

QString SignIn::proxyPasswordKey(const QString &accountId)
{
    return accountId + u"/proxy-password"_s;
}

bool SignIn::remembering() const
{
    return m_keychain && m_account.rememberCredentials;
}

bool SignIn::isOwnKey(const QString &key) const
{
    return key == passwordKey(m_account.id) || key == tokenKey(m_account.id)
        || key == proxyPasswordKey(m_account.id);
}

void SignIn::setKeychainTimeout(std::chrono::milliseconds timeout)
{
    m_readTimeout.setInterval(std::max(timeout, std::chrono::milliseconds(1)));
}

void SignIn::onKeychainTimedOut()
{
    if (m_pendingReads == 0)
        return;
    qCInfo(lcSignIn).noquote() << "the keychain did not answer in time for" << m_account.id;
    // Late answers are ignored from now on (m_pendingReads is 0): this sign-in does not wait.
    m_pendingReads = 0;
    setKeychainProblem(u"The keychain did not answer within %1 seconds, so Confab could not read your "
                       "saved password; enter it, or unlock or restart the keychain."_s
                           .arg(qMax(1, int(m_readTimeout.intervalAsDuration().count() / 1000))));
    if (m_connectWanted)
        startAttempt();
}

void SignIn::readKeychain()
{
    m_keychainRead = true;
    m_pendingReads = 3;
    m_readTimeout.start();
    m_keychain->readPassword(tokenKey(m_account.id));
    m_keychain->readPassword(passwordKey(m_account.id));
    m_keychain->readPassword(proxyPasswordKey(m_account.id));
}

void SignIn::onSecretRead(const QString &key, const QString &secret)
{
    if (!isOwnKey(key) || m_pendingReads == 0)
        return;
    // What the user typed in this session wins over what was remembered.
    if (key == tokenKey(m_account.id) && m_token.isEmpty())
        m_token = secret;
    else if (key == passwordKey(m_account.id) && m_password.isEmpty())
        m_password = secret;
    else if (key == proxyPasswordKey(m_account.id) && m_proxyPassword.isEmpty())
        m_proxyPassword = secret;
    if (--m_pendingReads == 0) {
        m_readTimeout.stop();
        if (m_connectWanted)
            startAttempt();
    }
}

void SignIn::onKeychainFailed(const QString &key, CredentialStore::Operation operation,
    CredentialStore::Failure failure, const QString &description)
{
    if (!isOwnKey(key))
        return;
    switch (failure) {
    case CredentialStore::Failure::NotFound:
        break; // nothing remembered yet, or already deleted
    case CredentialStore::Failure::Unavailable:
        setKeychainProblem(noKeychainProblem());
        break;
    case CredentialStore::Failure::AccessDenied:
    case CredentialStore::Failure::Other:
        qCInfo(lcSignIn).noquote() << "keychain" << operation << "failed:" << description;
        setKeychainProblem(u"Confab could not use the keychain (%1), so it cannot remember your password; "
                           "you will be asked again next time."_s.arg(description));
        break;
    }
    if (operation == CredentialStore::Operation::Read && m_pendingReads > 0) {
        if (--m_pendingReads == 0) {
            m_readTimeout.stop();
            if (m_connectWanted)
                startAttempt();
        }
    } else if (operation == CredentialStore::Operation::Delete && m_signOutSteps > 0) {
        finishSignOutStep();
    }
}

void SignIn::forgetToken()
{
    m_token.clear();
    if (m_keychain)
        erase(tokenKey(m_account.id));
}

void SignIn::forgetPassword()
{
    m_password.clear();
    if (m_keychain)
        erase(passwordKey(m_account.id));
}

void SignIn::store(const QString &key, const QString &secret)
{
    // A keychain known to be missing is not asked again and again; the problem is already shown.
    if (!m_keychain || m_keychain->availability() == CredentialStore::Availability::Unavailable) {
        setKeychainProblem(noKeychainProblem());
        return;
    }
    m_keychain->writePassword(key, secret);
}

void SignIn::erase(const QString &key)
{
    if (m_keychain && m_keychain->availability() != CredentialStore::Availability::Unavailable)
        m_keychain->deletePassword(key);
}

void SignIn::setKeychainProblem(const QString &problem)
{
    if (m_keychainProblem == problem)
        return;
    m_keychainProblem = problem;
    Q_EMIT keychainProblemChanged(problem);
}

} // namespace confab::client
