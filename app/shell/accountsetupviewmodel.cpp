#include "accountsetupviewmodel.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimer>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::ClientEngine;
using client::ConnectionStatus;
using Phase = ConnectionStatus::Phase;

namespace {

QString hostForPeople(const QUrl &url)
{
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

bool validUserName(const QString &name)
{
    static const QRegularExpression pattern(u"^[a-z0-9._-]{1,64}$"_s);
    return pattern.match(name).hasMatch();
}

} // namespace

AccountSetupViewModel::AccountSetupViewModel(client::AccountManager *manager, QObject *parent)
    : QObject(parent), m_manager(manager)
{ }

AccountSetupViewModel::~AccountSetupViewModel()
{
    // A half-made account must not survive the window that was making it.
    if (m_account && m_manager) {
        for (const QMetaObject::Connection &connection : std::as_const(m_attemptConnections))
            disconnect(connection);
        m_manager->remove(m_account->settings().id, true);
    }
}

std::optional<QUrl> AccountSetupViewModel::normalizedRelayUrl(const QString &text)
{
    QString input = text.trimmed();
    if (input.isEmpty() || input.contains(u' '))
        return std::nullopt;
    if (!input.contains(u"://"_s))
        input.prepend(u"wss://"_s);
    QUrl url(input, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (scheme == u"https"_s)
        url.setScheme(u"wss"_s);
    else if (scheme == u"ws"_s || scheme == u"wss"_s)
        url.setScheme(scheme);
    else
        return std::nullopt;
    if (url.path().isEmpty() || url.path() == u"/"_s)
        url.setPath(u"/v1/ws"_s);
    url.setFragment({});
    return url;
}

QString AccountSetupViewModel::relayUrl() const
{
    return m_relayUrl;
}

void AccountSetupViewModel::setRelayUrl(const QString &url)
{
    if (url == m_relayUrl)
        return;
    m_relayUrl = url;
    Q_EMIT relayUrlChanged();
}

QString AccountSetupViewModel::userName() const
{
    return m_userName;
}

void AccountSetupViewModel::setUserName(const QString &name)
{
    if (name == m_userName)
        return;
    m_userName = name;
    Q_EMIT userNameChanged();
}

QString AccountSetupViewModel::password() const
{
    return m_password;
}

void AccountSetupViewModel::setPassword(const QString &password)
{
    if (password == m_password)
        return;
    m_password = password;
    Q_EMIT passwordChanged();
}

bool AccountSetupViewModel::remember() const
{
    return m_remember;
}

void AccountSetupViewModel::setRemember(bool remember)
{
    if (remember == m_remember)
        return;
    m_remember = remember;
    Q_EMIT rememberChanged();
}

bool AccountSetupViewModel::busy() const
{
    return m_busy;
}

QString AccountSetupViewModel::error() const
{
    return m_error;
}

QString AccountSetupViewModel::errorKind() const
{
    return m_errorKind;
}

QString AccountSetupViewModel::keychainWarning() const
{
    return m_keychainWarning;
}

bool AccountSetupViewModel::needsTrust() const
{
    return m_certificate.has_value();
}

QString AccountSetupViewModel::certificateFingerprint() const
{
    return m_certificate ? m_certificate->fingerprint : QString();
}

QString AccountSetupViewModel::certificateSubject() const
{
    return m_certificate ? m_certificate->subject : QString();
}

QString AccountSetupViewModel::certificateIssuer() const
{
    return m_certificate ? m_certificate->issuer : QString();
}

QString AccountSetupViewModel::certificateExpires() const
{
    if (!m_certificate || !m_certificate->expires.isValid())
        return {};
    return QLocale().toString(m_certificate->expires.toLocalTime(), QLocale::LongFormat);
}

QStringList AccountSetupViewModel::certificateProblems() const
{
    return m_certificate ? m_certificate->problems : QStringList();
}

void AccountSetupViewModel::setConnectTimeout(std::chrono::milliseconds timeout)
{
    m_connectTimeout = timeout;
}

void AccountSetupViewModel::submit()
{
    if (m_busy || m_certificate)
        return;
    m_error.clear();
    m_errorKind.clear();
    const std::optional<QUrl> url = normalizedRelayUrl(m_relayUrl);
    const QString user = m_userName.trimmed();
    if (!m_manager)
        return fail(u"invalid"_s, tr("Confab cannot add accounts right now."));
    if (!url)
        return fail(u"invalid"_s,
            tr("Enter the relay's address, for example wss://relay.example.org or relay.example.org:8443."));
    if (!validUserName(user))
        return fail(u"invalid"_s,
            tr("A user name uses only lower-case letters, digits, dots, dashes and underscores."));
    if (m_password.isEmpty())
        return fail(u"invalid"_s, tr("Enter your password."));
    for (const client::Account *existing : m_manager->accounts()) {
        const client::AccountSettings settings = existing->settings();
        if (settings.username == user && settings.relayUrl == *url)
            return fail(u"invalid"_s, tr("%1 at %2 is already set up.").arg(user, hostForPeople(*url)));
    }

    client::AccountSettings settings;
    settings.relayUrl = *url;
    settings.username = user;
    settings.rememberCredentials = m_remember;
    QString addError;
    client::Account *account = m_manager->add(settings, &addError);
    if (!account)
        return fail(u"storage"_s, tr("Confab could not save the account: %1").arg(addError));

    m_account = account;
    m_busy = true;
    Q_EMIT stateChanged();
    m_attemptConnections.append(connect(account, &client::Account::connectionStatusChanged, this,
        &AccountSetupViewModel::onStatusChanged));
    m_attemptConnections.append(connect(account->signIn(), &client::SignIn::keychainProblemChanged, this,
        &AccountSetupViewModel::setKeychainWarning));
    if (m_connectTimeout)
        account->engine()->setConnectTimeout(*m_connectTimeout);
    account->signIn()->setPassword(m_password);
    setKeychainWarning(account->signIn()->keychainProblem());
    account->start();
}

void AccountSetupViewModel::onStatusChanged(ConnectionStatus status)
{
    client::Account *account = m_account;
    if (!account)
        return;
    const ClientEngine::Failure failure = account->engine()->lastFailure();
    switch (status.phase) {
    case Phase::Idle:
    case Phase::Connecting:
        return;
    case Phase::Connected: {
        const QString id = account->settings().id;
        // The account is the app's now; only the keychain warning stays worth showing.
        for (const QMetaObject::Connection &connection : std::as_const(m_attemptConnections))
            disconnect(connection);
        m_attemptConnections.clear();
        m_account.clear();
        m_busy = false;
        m_password.clear();
        Q_EMIT passwordChanged();
        Q_EMIT stateChanged();
        Q_EMIT accountReady(id);
        return;
    }
    case Phase::Stopped:
        if (failure == ClientEngine::Failure::UntrustedCertificate) {
            m_certificate = account->engine()->untrustedCertificate();
            m_busy = false;
            Q_EMIT stateChanged();
            return;
        }
        if (failure == ClientEngine::Failure::AuthFailed || failure == ClientEngine::Failure::TokenRejected)
            return fail(u"wrongPassword"_s, tr("Wrong user name or password."));
        return fail(u"unreachable"_s, status.lastError.isEmpty()
                ? tr("Cannot sign in at %1.").arg(hostForPeople(account->settings().relayUrl))
                : status.lastError);
    case Phase::WaitingToRetry:
        // The first attempt of a new account failed: retrying in the background would only hide
        // a typo in the address, so say what happened and let the user fix it.
    {
        // The engine's own words usually say it already ("Cannot reach the relay at …: why").
        const QString host = hostForPeople(account->settings().relayUrl);
        const QString prefix = tr("Cannot reach the relay at %1: ").arg(host);
        if (status.lastError.startsWith(prefix))
            return fail(u"unreachable"_s, status.lastError);
        return fail(u"unreachable"_s,
            prefix + (status.lastError.isEmpty() ? tr("no answer.") : status.lastError));
    }
    case Phase::Offline:
        return fail(u"unreachable"_s,
            tr("Cannot reach the relay at %1: this computer is not connected to a network.")
                .arg(hostForPeople(account->settings().relayUrl)));
    }
}

void AccountSetupViewModel::trustCertificate()
{
    if (!m_certificate || !m_account || !m_manager)
        return;
    client::AccountSettings settings = m_account->settings();
    settings.pinnedCertificate = m_certificate->sha256;
    if (const std::optional<QString> error = m_manager->update(settings))
        return fail(u"storage"_s, tr("Confab could not save the account: %1").arg(*error));
    m_certificate.reset();
    m_busy = true;
    Q_EMIT stateChanged();
    m_account->supervisor()->retryNow();
}

void AccountSetupViewModel::rejectCertificate()
{
    if (!m_certificate)
        return;
    fail(u"certificate"_s,
        tr("You did not trust the relay's certificate, so Confab did not connect. Ask the relay's "
           "administrator for its fingerprint if you are unsure."));
}

void AccountSetupViewModel::reset()
{
    abandonAttempt();
    m_busy = false;
    m_error.clear();
    m_errorKind.clear();
    m_certificate.reset();
    setRelayUrl({});
    setUserName({});
    setPassword({});
    setRemember(true);
    setKeychainWarning({});
    Q_EMIT stateChanged();
}

void AccountSetupViewModel::fail(const QString &kind, QString message)
{
    abandonAttempt();
    m_busy = false;
    m_certificate.reset();
    m_errorKind = kind;
    m_error = std::move(message);
    Q_EMIT stateChanged();
}

void AccountSetupViewModel::abandonAttempt()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_attemptConnections))
        disconnect(connection);
    m_attemptConnections.clear();
    if (!m_account)
        return;
    QPointer<client::Account> account = m_account;
    m_account.clear();
    account->stop();
    if (!m_manager)
        return;
    // Not from inside the account's own signal: removing signs it out and deletes it later.
    QTimer::singleShot(0, m_manager.data(), [manager = m_manager, account] {
        if (manager && account)
            manager->remove(account->settings().id, true);
    });
}

void AccountSetupViewModel::setKeychainWarning(const QString &warning)
{
    if (warning == m_keychainWarning)
        return;
    m_keychainWarning = warning;
    Q_EMIT keychainWarningChanged();
}

} // namespace confab::app
