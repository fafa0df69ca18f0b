#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace QKeychain {
class Job;
}

namespace confab::client {

// Keeps account passwords in the operating system's keychain (the Secret Service on Linux, the
// Keychain on macOS, the Credential Manager on Windows) through QtKeychain. Every call is
// asynchronous and answers with exactly one signal: its success signal or failed(). Where no
// keychain exists the store says so in plain words and remembers nothing: there is deliberately
// no fallback file, so a password is never written anywhere in plain text.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    enum class Availability {
        Unknown,     // nothing has been asked of the keychain yet
        Available,   // the keychain answered
        Unavailable, // there is no keychain; availabilityMessage() says so in plain words
    };
    Q_ENUM(Availability)

    enum class Operation { Read, Write, Delete };
    Q_ENUM(Operation)

    enum class Failure {
        NotFound,     // no password is stored under this account
        Unavailable,  // there is no keychain at all
        AccessDenied, // the keychain is locked or the user refused access
        Other,        // anything else; the description has the details
    };
    Q_ENUM(Failure)

    // `service` names the application in the keychain; tests may use their own.
    explicit CredentialStore(QObject *parent = nullptr);
    explicit CredentialStore(const QString &service, QObject *parent = nullptr);

    // The keychain key of one account: "<user>@<scheme>://<host>:<port>", e.g. "demo@ws://host:8080".
    static QString accountName(const QString &userName, const QUrl &relayUrl);

    QString service() const;
    Availability availability() const;
    // Plain words for the user when the keychain is unavailable, empty otherwise.
    QString availabilityMessage() const;

    // Asks the keychain whether it is there; answers with availabilityChecked().
    void checkAvailability();
    void readPassword(const QString &account);
    void writePassword(const QString &account, const QString &password);
    void deletePassword(const QString &account);

Q_SIGNALS:
    void availabilityChanged(confab::client::CredentialStore::Availability availability);
    void availabilityChecked(confab::client::CredentialStore::Availability availability);
    void passwordRead(const QString &account, const QString &password);
    void passwordWritten(const QString &account);
    void passwordDeleted(const QString &account);
    void failed(const QString &account, confab::client::CredentialStore::Operation operation,
                confab::client::CredentialStore::Failure failure, const QString &description);

private:
    // Sorts a finished job's error into a verdict and a failure; true when the job succeeded.
    bool settle(QKeychain::Job *job, const QString &account, Operation operation);
    void setAvailability(Availability availability);

    QString m_service;
    Availability m_availability = Availability::Unknown;
};

} // namespace confab::client
