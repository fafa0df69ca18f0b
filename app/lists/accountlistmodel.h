#pragma once

#include "syncedlistmodel.h"

#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace confab::client {
class Account;
class AccountManager;
struct AccountSettings;
struct ConnectionStatus;
} // namespace confab::client

namespace confab::app {

// The accounts of the app, in the order they were added: who, on which relay, how its connection
// stands (the banner's phase words) and how many unread messages it holds, for the account
// switcher. Rows come and go with the manager's accounts.
class AccountListModel : public SyncedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AccountListModel is created by AppViewModel")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        AccountIdRole = Qt::UserRole + 1,
        DisplayNameRole,
        UserNameRole,
        RelayHostRole,
        PhaseRole,
        UnreadRole,
        IsCurrentRole,
        TransportTextRole, // "via HTTP fallback" while a proxy blocks WebSocket; empty otherwise
    };
    Q_ENUM(Role)

    explicit AccountListModel(QObject *parent = nullptr);
    ~AccountListModel() override;

    void setAccountManager(client::AccountManager *manager);
    void setCurrentAccountId(const QString &id);
    QString currentAccountId() const { return m_currentId; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE QString accountIdAt(int row) const;
    Q_INVOKABLE int rowOf(const QString &accountId) const;

    // "alice @ relay.example:8443", or the label the user gave the account.
    static QString displayNameOf(const client::AccountSettings &settings);

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        QString id;
        QString displayName;
        QString userName;
        QString relayHost;
        QString phase;
        int unread = 0;
        bool isCurrent = false;
        QString transportText;
        friend bool operator==(const Row &, const Row &) = default;
    };

    Row makeRow(client::Account *account) const;
    void watch(client::Account *account);
    void rebuild();

    QPointer<client::AccountManager> m_manager;
    QList<QMetaObject::Connection> m_connections;
    QList<Row> m_rows;
    QString m_currentId;
};

} // namespace confab::app
