#include "accountlistmodel.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/connection/connectionstatus.h"
#include "streaminfo.h"

namespace confab::app {

using namespace Qt::StringLiterals;

AccountListModel::AccountListModel(QObject *parent)
    : SyncedListModel(parent)
{
}

AccountListModel::~AccountListModel() = default;

namespace {
QString relayHostOf(const QUrl &url)
{
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}
} // namespace

QString AccountListModel::displayNameOf(const client::AccountSettings &settings)
{
    return settings.displayName.isEmpty() ? u"%1 @ %2"_s.arg(settings.username, relayHostOf(settings.relayUrl))
                                          : settings.displayName;
}

void AccountListModel::setAccountManager(client::AccountManager *manager)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    beginResetModel();
    m_manager = manager;
    m_rows.clear();
    if (manager) {
        for (client::Account *account : manager->accounts())
            m_rows.append(makeRow(account));
    }
    endResetModel();
    Q_EMIT countChanged();
    if (!manager)
        return;
    m_connections.append(connect(manager, &client::AccountManager::accountAdded, this, [this](client::Account *account) {
        watch(account);
        rebuild();
    }));
    m_connections.append(
        connect(manager, &client::AccountManager::accountRemoved, this, [this] { rebuild(); }));
    for (client::Account *account : manager->accounts())
        watch(account);
}

void AccountListModel::watch(client::Account *account)
{
    // Connections to the account end with it (it is the sender); a rebuild reads whatever is left.
    m_connections.append(connect(account, &client::Account::connectionStatusChanged, this, [this] { rebuild(); }));
    m_connections.append(connect(account, &client::Account::streamChanged, this, [this] { rebuild(); }));
}

void AccountListModel::rebuild()
{
    QList<Row> target;
    if (m_manager) {
        for (client::Account *account : m_manager->accounts())
            target.append(makeRow(account));
    }
    const qsizetype before = m_rows.size();
    syncRows(m_rows, target, [](const Row &row) { return row.id; });
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

void AccountListModel::setCurrentAccountId(const QString &id)
{
    if (m_currentId == id)
        return;
    m_currentId = id;
    rebuild();
}

AccountListModel::Row AccountListModel::makeRow(client::Account *account) const
{
    const client::AccountSettings settings = account->settings();
    Row row;
    row.id = settings.id;
    row.userName = settings.username;
    row.relayHost = relayHostOf(settings.relayUrl);
    row.displayName = displayNameOf(settings);
    row.phase = client::phaseName(account->connectionStatus().phase);
    if (!client::transportDescription(account->connectionStatus().transport).isEmpty())
        row.transportText = tr("via HTTP fallback");
    for (const QString &stream : streaminfo::sidebarStreams(*account->store()))
        row.unread += streaminfo::unreadCount(*account->store(), stream);
    row.isCurrent = row.id == m_currentId;
    return row;
}

int AccountListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant AccountListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return row.displayName;
    case AccountIdRole:
        return row.id;
    case UserNameRole:
        return row.userName;
    case RelayHostRole:
        return row.relayHost;
    case PhaseRole:
        return row.phase;
    case UnreadRole:
        return row.unread;
    case IsCurrentRole:
        return row.isCurrent;
    case TransportTextRole:
        return row.transportText;
    default:
        return {};
    }
}

QHash<int, QByteArray> AccountListModel::roleNames() const
{
    return {
        { AccountIdRole, "accountId" },
        { DisplayNameRole, "displayName" },
        { UserNameRole, "userName" },
        { RelayHostRole, "relayHost" },
        { PhaseRole, "phase" },
        { UnreadRole, "unread" },
        { IsCurrentRole, "isCurrent" },
        { TransportTextRole, "transportText" },
    };
}

QString AccountListModel::accountIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

int AccountListModel::rowOf(const QString &accountId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == accountId)
            return int(i);
    }
    return -1;
}

} // namespace confab::app
