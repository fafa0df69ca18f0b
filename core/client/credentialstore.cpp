#include "credentialstore.h"

#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "confab.client.keychain", QtInfoMsg)

// A key no account can have (accounts contain '@'), read only to learn whether a keychain answers.
const QString kProbeKey = u"keychain-availability-probe"_s;

QString noKeychainMessage()
{
    return u"No keychain is available; the password will not be remembered."_s;
}

} // namespace

CredentialStore::CredentialStore(QObject *parent) : CredentialStore(u"confab"_s, parent) {}

CredentialStore::CredentialStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

QString CredentialStore::accountName(const QString &userName, const QUrl &relayUrl)
{
    const QUrl origin = relayUrl.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                          | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    return userName + u'@' + origin.toString();
}

QString CredentialStore::service() const
{
    return m_service;
}

CredentialStore::Availability CredentialStore::availability() const
{
    return m_availability;
}

QString CredentialStore::availabilityMessage() const
{
    return m_availability == Availability::Unavailable ? noKeychainMessage() : QString();
}

// Every call gets a fresh job that deletes itself once it has answered: QtKeychain jobs are
// one-shot, and reusing one would pile up handlers.
void CredentialStore::checkAvailability()
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(kProbeKey);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *finished) {
        // The probe key is never stored, so "not found" is the healthy answer.
        const QKeychain::Error error = finished->error();
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound
            || error == QKeychain::AccessDenied || error == QKeychain::AccessDeniedByUser) {
            setAvailability(Availability::Available);
        } else {
            qCInfo(lcKeychain).noquote() << "no keychain:" << finished->errorString();
            setAvailability(Availability::Unavailable);
        }
        Q_EMIT availabilityChecked(m_availability);
    });
    job->start();
}

void CredentialStore::readPassword(const QString &account)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, job, account] {
        if (settle(job, account, Operation::Read))
            Q_EMIT passwordRead(account, job->textData());
    });
    job->start();
}

void CredentialStore::writePassword(const QString &account, const QString &password)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(account);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job, account] {
        if (settle(job, account, Operation::Write))
            Q_EMIT passwordWritten(account);
    });
    job->start();
}

void CredentialStore::deletePassword(const QString &account)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, job, account] {
        if (settle(job, account, Operation::Delete))
            Q_EMIT passwordDeleted(account);
    });
    job->start();
}

bool CredentialStore::settle(QKeychain::Job *job, const QString &account, Operation operation)
{
    Failure failure = Failure::Other;
    QString description;
    switch (job->error()) {
    case QKeychain::NoError:
        setAvailability(Availability::Available);
        return true;
    case QKeychain::EntryNotFound:
        setAvailability(Availability::Available);
        failure = Failure::NotFound;
        description = u"No password is stored for %1."_s.arg(account);
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        setAvailability(Availability::Available);
        failure = Failure::AccessDenied;
        description = u"Access to the keychain was denied; it may be locked."_s;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        failure = Failure::Unavailable;
        break;
    case QKeychain::OtherError:
    case QKeychain::CouldNotDeleteEntry:
        // On Linux a missing Secret Service shows up as OtherError (a D-Bus error) within
        // milliseconds; once the keychain has answered, the same code is a real failure.
        if (job->error() == QKeychain::OtherError && m_availability != Availability::Available) {
            failure = Failure::Unavailable;
        } else {
            description = u"The keychain failed: %1"_s.arg(job->errorString());
        }
        break;
    }
    if (failure == Failure::Unavailable) {
        qCInfo(lcKeychain).noquote() << "no keychain:" << job->errorString();
        setAvailability(Availability::Unavailable);
        description = noKeychainMessage();
    }
    qCDebug(lcKeychain) << operation << account << "failed:" << failure << job->errorString();
    Q_EMIT failed(account, operation, failure, description);
    return false;
}

void CredentialStore::setAvailability(Availability availability)
{
    if (m_availability == availability)
        return;
    m_availability = availability;
    Q_EMIT availabilityChanged(availability);
}

} // namespace confab::client
