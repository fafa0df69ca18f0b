#pragma once

#include "client/clientengine.h"
#include "client/connection/connectionstatus.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace confab::client {
class Account;
class AccountManager;
} // namespace confab::client

namespace confab::app {

// The first-run page and "add account": takes a relay address, a user name and a password, makes
// the account and tries it once. Success is an account that connected (accountReady); any failure
// leaves nothing behind and says in plain words what went wrong and what kind of problem it is,
// so the page can point at the field to fix. A relay with a certificate the system does not trust
// is not an error but a question: the certificate is described (fingerprint to compare with the
// admin's) and the user trusts it, which pins exactly that certificate in the account, or cancels.
class AccountSetupViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AccountSetupViewModel is created by the application")

    Q_PROPERTY(QString relayUrl READ relayUrl WRITE setRelayUrl NOTIFY relayUrlChanged)
    Q_PROPERTY(QString userName READ userName WRITE setUserName NOTIFY userNameChanged)
    Q_PROPERTY(QString password READ password WRITE setPassword NOTIFY passwordChanged)
    Q_PROPERTY(bool remember READ remember WRITE setRemember NOTIFY rememberChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    Q_PROPERTY(QString errorKind READ errorKind NOTIFY stateChanged)
    Q_PROPERTY(QString keychainWarning READ keychainWarning NOTIFY keychainWarningChanged)
    Q_PROPERTY(bool needsTrust READ needsTrust NOTIFY stateChanged)
    Q_PROPERTY(QString certificateFingerprint READ certificateFingerprint NOTIFY stateChanged)
    Q_PROPERTY(QString certificateSubject READ certificateSubject NOTIFY stateChanged)
    Q_PROPERTY(QString certificateIssuer READ certificateIssuer NOTIFY stateChanged)
    Q_PROPERTY(QString certificateExpires READ certificateExpires NOTIFY stateChanged)
    Q_PROPERTY(QStringList certificateProblems READ certificateProblems NOTIFY stateChanged)

public:
    explicit AccountSetupViewModel(client::AccountManager *manager, QObject *parent = nullptr);
    ~AccountSetupViewModel() override;

    QString relayUrl() const;
    void setRelayUrl(const QString &url);
    QString userName() const;
    void setUserName(const QString &name);
    QString password() const;
    void setPassword(const QString &password);
    bool remember() const;
    void setRemember(bool remember);

    bool busy() const;
    QString error() const;
    QString errorKind() const;
    QString keychainWarning() const;
    bool needsTrust() const;
    QString certificateFingerprint() const;
    QString certificateSubject() const;
    QString certificateIssuer() const;
    QString certificateExpires() const;
    QStringList certificateProblems() const;

    // What the user typed as a relay address, as the WebSocket URL the engine needs:
    // "relay.example:8443" -> wss://relay.example:8443/v1/ws, http(s) -> ws(s), no path -> /v1/ws.
    // nullopt when it cannot be a relay address.
    static std::optional<QUrl> normalizedRelayUrl(const QString &text);

    Q_INVOKABLE void submit();
    Q_INVOKABLE void trustCertificate();
    Q_INVOKABLE void rejectCertificate();
    // Back to an empty form (abandoning an attempt in progress).
    Q_INVOKABLE void reset();

    // Tests: applied to the trial account before it starts (e.g. a short connect timeout).
    void setConnectTimeout(std::chrono::milliseconds timeout);

Q_SIGNALS:
    void relayUrlChanged();
    void userNameChanged();
    void passwordChanged();
    void rememberChanged();
    void stateChanged();
    void keychainWarningChanged();
    void accountReady(const QString &accountId);

private:
    // By value: abandoning the attempt changes the status the message may come from.
    void fail(const QString &kind, QString message);
    void abandonAttempt();
    void onStatusChanged(client::ConnectionStatus status); // a copy: see fail()
    void setKeychainWarning(const QString &warning);

    QPointer<client::AccountManager> m_manager;
    QPointer<client::Account> m_account; // the account being tried
    QList<QMetaObject::Connection> m_attemptConnections;
    QString m_relayUrl;
    QString m_userName;
    QString m_password;
    bool m_remember = true;
    bool m_busy = false;
    QString m_error;
    QString m_errorKind;
    QString m_keychainWarning;
    std::optional<client::ClientEngine::CertificateInfo> m_certificate;
    std::optional<std::chrono::milliseconds> m_connectTimeout;
};

} // namespace confab::app
