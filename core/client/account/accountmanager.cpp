#include "accountmanager.h"

#include "account.h"
#include "client/connection/systemnetworkmonitor.h"
#include "client/credentialstore.h"
#include "client/store/localstore.h"
#include "signin.h"

#include <QDir>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

#include <memory>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {
Q_LOGGING_CATEGORY(lcAccounts, "confab.client.accounts")

// How long a removed account may take to log out on the relay before it goes anyway.
constexpr auto kSignOutGrace = std::chrono::seconds(10);
} // namespace

AccountManager::AccountManager(const QString &configDir, const QString &dataDir, CredentialStore *keychain,
    NetworkMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_configDir(configDir)
    , m_dataDir(dataDir)
    , m_keychain(keychain)
    , m_monitor(monitor ? monitor : new SystemNetworkMonitor(this))
    , m_list(QDir(configDir).filePath(u"accounts.json"_s))
{ }

AccountManager::~AccountManager() = default;

std::optional<QString> AccountManager::load()
{
    if (const std::optional<QString> error = m_list.load())
        return error;
    for (const AccountSettings &settings : m_list.accounts()) {
        if (account(settings.id))
            continue;
        QString error;
        if (!createAccount(settings, &error))
            Q_EMIT problem(settings.id, error);
    }
    return std::nullopt;
}

QList<Account *> AccountManager::accounts() const
{
    return m_accounts;
}

Account *AccountManager::account(const QString &id) const
{
    for (Account *account : m_accounts) {
        if (account->settings().id == id)
            return account;
    }
    return nullptr;
}

QString AccountManager::dataFolder(const QString &id) const
{
    return QDir(m_dataDir).filePath(u"accounts/"_s + id);
}

NetworkMonitor *AccountManager::networkMonitor() const
{
    return m_monitor;
}

Account *AccountManager::add(AccountSettings settings, QString *error)
{
    settings.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_list.upsert(settings);
    if (const std::optional<QString> saveError = m_list.save()) {
        m_list.remove(settings.id);
        if (error)
            *error = *saveError;
        return nullptr;
    }
    Account *created = createAccount(settings, error);
    if (!created) {
        // An account that cannot open its store would fail again at every start.
        m_list.remove(settings.id);
        m_list.save();
        QDir(dataFolder(settings.id)).removeRecursively();
    }
    return created;
}

std::optional<QString> AccountManager::update(const AccountSettings &settings)
{
    Account *existing = account(settings.id);
    if (!existing)
        return u"There is no account %1."_s.arg(settings.id);
    const std::optional<AccountSettings> before = m_list.find(settings.id);
    // The stored messages, positions and outbox belong to one user on one relay: another user or
    // relay would mix them up (and resend this user's outbox as someone else).
    if (before
        && (before->relayUrl.adjusted(QUrl::RemoveFragment) != settings.relayUrl.adjusted(QUrl::RemoveFragment)
            || before->username != settings.username)) {
        return u"An account's relay address and user name cannot be changed; add a new account for "
               "another relay or user instead."_s;
    }
    m_list.upsert(settings);
    if (const std::optional<QString> error = m_list.save()) {
        if (before)
            m_list.upsert(*before);
        return error;
    }
    existing->setSettings(settings);
    return std::nullopt;
}

bool AccountManager::remove(const QString &id, bool deleteData, QString *error)
{
    Account *removed = account(id);
    if (!removed && !m_list.find(id)) {
        if (error)
            *error = u"There is no account %1."_s.arg(id);
        return false;
    }
    const std::optional<AccountSettings> before = m_list.find(id);
    m_list.remove(id);
    if (const std::optional<QString> saveError = m_list.save()) {
        if (before)
            m_list.upsert(*before);
        if (error)
            *error = *saveError;
        return false;
    }
    const QString folder = dataFolder(id);
    if (!removed) {
        if (deleteData)
            QDir(folder).removeRecursively();
        Q_EMIT accountRemoved(id);
        return true;
    }
    m_accounts.removeOne(removed);
    Q_EMIT accountRemoved(id);

    // The account goes once the relay ended its session and the keychain forgot its secrets
    // (SignIn does both), or after a grace period when the relay cannot be reached.
    auto *grace = new QTimer(removed);
    grace->setSingleShot(true);
    const auto done = std::make_shared<bool>(false);
    const auto finish = [removed, folder, deleteData, done] {
        if (std::exchange(*done, true))
            return;
        removed->stop();
        removed->store()->close();
        if (deleteData && !QDir(folder).removeRecursively())
            qCWarning(lcAccounts).noquote() << "could not delete" << QDir::toNativeSeparators(folder);
        removed->deleteLater();
    };
    connect(removed->signIn(), &SignIn::signedOut, removed, finish);
    connect(grace, &QTimer::timeout, removed, finish);
    grace->start(kSignOutGrace);
    removed->signOut();
    return true;
}

void AccountManager::startAll()
{
    for (Account *account : m_accounts)
        account->start();
}

void AccountManager::stopAll()
{
    for (Account *account : m_accounts)
        account->stop();
}

Account *AccountManager::createAccount(const AccountSettings &settings, QString *error)
{
    auto *created = new Account(settings, dataFolder(settings.id), m_keychain, m_monitor, this);
    if (const std::optional<QString> openError = created->open()) {
        qCWarning(lcAccounts).noquote() << "cannot open account" << settings.id << ":" << *openError;
        if (error)
            *error = *openError;
        created->deleteLater();
        return nullptr;
    }
    const QString id = settings.id;
    connect(created, &Account::problem, this,
        [this, id](const QString &description) { Q_EMIT problem(id, description); });
    m_accounts.append(created);
    Q_EMIT accountAdded(created);
    return created;
}

} // namespace confab::client
