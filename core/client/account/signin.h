#pragma once

#include "accountsettings.h"
#include "client/clientengine.h"
#include "client/credentialstore.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace confab::client {

// Signs one account in, and decides what is remembered where. The password and the session
// token live in the OS keychain (through CredentialStore) when the user asked to be remembered
// and a keychain works; where none works, SignIn says so in plain words (keychainProblem) and
// keeps them in memory for this session only. It never writes a secret anywhere else.
//
// connect() is the ConnectionSupervisor's ConnectFunction: it uses the session token when it has
// one (reading the keychain first, once), else the password with a request for a new token, and
// stores the token the relay issues. A rejected token is forgotten and the password used instead;
// without a password it asks for one (passwordNeeded). signOut() logs out on the relay and
// deletes the account's secrets from the keychain.
class SignIn : public QObject
{
    Q_OBJECT

public:
    SignIn(ClientEngine *engine, CredentialStore *keychain, const AccountSettings &account,
           QObject *parent = nullptr);

    void setAccount(const AccountSettings &account);
    // From the sign-in form: use this password (and remember it when the account says so).
    void setPassword(const QString &password);
    void connect();
    void signOut();

    // How long the keychain may take to answer the reads of a sign-in (default 10 s). A keychain
    // that does not answer in time (a hung Secret Service) is given up on for this SignIn: the
    // sign-in goes on with what is known, and keychainProblem says why.
    void setKeychainTimeout(std::chrono::milliseconds timeout);

    bool hasCredentials() const;      // a token or a password is known (in memory)
    // The session token of the current sign-in (empty before the relay issued one or the keychain
    // gave it): the credential of the relay's HTTP requests (attachment downloads).
    QString sessionToken() const;
    QString keychainProblem() const;  // plain words when secrets cannot be remembered, else empty

    // Keychain keys of one account's secrets.
    static QString passwordKey(const QString &accountId);
    static QString tokenKey(const QString &accountId);
    static QString proxyPasswordKey(const QString &accountId);

Q_SIGNALS:
    void passwordNeeded(const QString &reason);           // plain words: why we ask
    void keychainProblemChanged(const QString &problem);
    void signedOut();                                     // logged out and secrets deleted

private:
    enum class Attempt { None, Token, Password };

    bool remembering() const;
    void readKeychain();
    void startAttempt();
    // What the engine's last failure means for the secrets; idempotent, so it does not matter
    // whether the engine's signal or the next connect() sees the failure first. `announce`: ask
    // for the password right away when it was wrong.
    void settleAttempt(bool announce);
    void forgetToken();
    void forgetPassword();
    void store(const QString &key, const QString &secret);
    void erase(const QString &key);
    void setKeychainProblem(const QString &problem);
    void onSecretRead(const QString &key, const QString &secret);
    void onKeychainFailed(const QString &key, CredentialStore::Operation operation,
                          CredentialStore::Failure failure, const QString &description);
    void onKeychainTimedOut();
    void onLoggedOut();
    void finishSignOutStep();
    bool isOwnKey(const QString &key) const;

    QPointer<ClientEngine> m_engine;
    QPointer<CredentialStore> m_keychain;
    AccountSettings m_account;
    QString m_password;
    QString m_token;
    QString m_proxyPassword;
    QString m_keychainProblem;
    QString m_needReason;          // why passwordNeeded, when the last attempt told us
    bool m_keychainRead = false;   // the keychain was asked for the secrets (once)
    int m_pendingReads = 0;
    QTimer m_readTimeout;          // bounds m_pendingReads
    bool m_connectWanted = false;  // connect() waits for the keychain reads
    Attempt m_attempt = Attempt::None; // the credential of the attempt not yet settled
    int m_signOutSteps = 0;        // logout and deletions still running
};

} // namespace confab::client
