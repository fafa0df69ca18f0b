#pragma once

#include "accountsettings.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace confab::client {

class Account;
class CredentialStore;
class NetworkMonitor;

// Every account of the app at once, each with its own store and connection. The list lives in
// <configDir>/accounts.json (AccountList); each account keeps its data in
// <dataDir>/accounts/<id>. One keychain and one network monitor serve them all: the caller's,
// or a SystemNetworkMonitor of the manager's own when it gives none.
//
// Accounts are opened when loaded or added; starting their connections is the caller's choice
// (startAll()). Removing an account signs it out (the relay ends the session), deletes its
// secrets from the keychain and, when asked, its data folder.
class AccountManager : public QObject
{
    Q_OBJECT

public:
    AccountManager(const QString &configDir, const QString &dataDir, CredentialStore *keychain,
        NetworkMonitor *monitor = nullptr, QObject *parent = nullptr);
    ~AccountManager() override;

    // Reads the list and opens every account in it; nullopt on success, else the reason in plain
    // words. An account whose store cannot be opened stays in the file but is left out here, and
    // problem() says why.
    std::optional<QString> load();

    QList<Account *> accounts() const;
    Account *account(const QString &id) const;
    QString dataFolder(const QString &id) const;
    NetworkMonitor *networkMonitor() const;

    // Saves a new account (with a new id, whatever settings.id says) and opens it; nullptr with
    // the reason in `error` when it cannot be saved or opened.
    Account *add(AccountSettings settings, QString *error = nullptr);
    // Saves changed settings of an existing account and applies them.
    std::optional<QString> update(const AccountSettings &settings);
    // Signs out, deletes the secrets and (with deleteData) the data folder; false when unknown.
    bool remove(const QString &id, bool deleteData, QString *error = nullptr);

    void startAll();
    void stopAll();

Q_SIGNALS:
    void accountAdded(confab::client::Account *account);
    void accountRemoved(const QString &id);
    void problem(const QString &accountId, const QString &description); // plain words

private:
    Account *createAccount(const AccountSettings &settings, QString *error);

    QString m_configDir;
    QString m_dataDir;
    QPointer<CredentialStore> m_keychain;
    NetworkMonitor *m_monitor = nullptr;
    AccountList m_list;
    QList<Account *> m_accounts; // children of this manager
};

} // namespace confab::client
