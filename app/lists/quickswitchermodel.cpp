#include "quickswitchermodel.h"

#include "accountlistmodel.h"
#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "streaminfo.h"

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;

QuickSwitcherModel::QuickSwitcherModel(QObject *parent)
    : SyncedListModel(parent)
{
}

QuickSwitcherModel::~QuickSwitcherModel() = default;

int QuickSwitcherModel::matchRank(const QString &name, const QString &filter)
{
    if (filter.isEmpty())
        return 0;
    const QString haystack = name.toCaseFolded();
    const QString needle = filter.toCaseFolded();
    if (haystack.startsWith(needle))
        return 0;
    for (qsizetype from = haystack.indexOf(needle); from > 0; from = haystack.indexOf(needle, from + 1)) {
        if (!haystack.at(from - 1).isLetterOrNumber())
            return 1;
    }
    qsizetype at = 0;
    for (const QChar c : needle) {
        at = haystack.indexOf(c, at);
        if (at < 0)
            return -1;
        ++at;
    }
    return 2;
}

void QuickSwitcherModel::setAccountManager(client::AccountManager *manager)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    beginResetModel();
    m_manager = manager;
    m_rows.clear();
    endResetModel();
    if (manager) {
        m_connections.append(connect(manager, &client::AccountManager::accountAdded, this,
            [this](client::Account *account) {
                watch(account);
                scheduleRebuild();
            }));
        m_connections.append(
            connect(manager, &client::AccountManager::accountRemoved, this, &QuickSwitcherModel::scheduleRebuild));
        for (client::Account *account : manager->accounts())
            watch(account);
    }
    rebuild();
}

void QuickSwitcherModel::watch(client::Account *account)
{
    m_connections.append(
        connect(account, &client::Account::streamChanged, this, &QuickSwitcherModel::scheduleRebuild));
}

void QuickSwitcherModel::setFilter(const QString &filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged();
    rebuild(); // at once: the user is typing and looks at the result
}

void QuickSwitcherModel::scheduleRebuild()
{
    // A catch-up changes many streams in one turn of the event loop: one rebuild for all of them.
    if (std::exchange(m_rebuildQueued, true))
        return;
    QMetaObject::invokeMethod(this, [this] { rebuild(); }, Qt::QueuedConnection);
}

void QuickSwitcherModel::rebuild()
{
    m_rebuildQueued = false;
    struct Candidate {
        Row row;
        int rank = 0;
    };
    QList<Candidate> candidates;
    const QString filter = m_filter.trimmed();
    const QList<client::Account *> accounts = m_manager ? m_manager->accounts() : QList<client::Account *>();
    for (client::Account *account : accounts) {
        const client::AccountSettings settings = account->settings();
        const QString accountName = AccountListModel::displayNameOf(settings);
        for (const QString &stream : streaminfo::sidebarStreams(*account->store())) {
            const QString name = streaminfo::displayName(stream, settings.username);
            const int rank = matchRank(name, filter);
            if (rank < 0)
                continue;
            Candidate candidate;
            candidate.rank = rank;
            candidate.row = { stream, streaminfo::kindOf(stream), name, settings.id, accountName,
                streaminfo::unreadCount(*account->store(), stream) };
            candidates.append(candidate);
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.rank != b.rank)
            return a.rank < b.rank;
        if ((a.row.unread > 0) != (b.row.unread > 0))
            return a.row.unread > 0;
        const int byName = a.row.displayName.compare(b.row.displayName, Qt::CaseInsensitive);
        if (byName != 0)
            return byName < 0;
        return a.row.accountId + a.row.stream < b.row.accountId + b.row.stream;
    });
    QList<Row> target;
    for (qsizetype i = 0; i < candidates.size() && i < kMaxRows; ++i)
        target.append(candidates.at(i).row);
    const qsizetype before = m_rows.size();
    syncRows(m_rows, target, [](const Row &row) -> QString { return row.accountId + u'\n' + row.stream; });
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

int QuickSwitcherModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant QuickSwitcherModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return row.displayName;
    case StreamIdRole:
        return row.stream;
    case KindRole:
        return row.kind;
    case AccountIdRole:
        return row.accountId;
    case AccountNameRole:
        return row.accountName;
    case UnreadRole:
        return row.unread;
    default:
        return {};
    }
}

QHash<int, QByteArray> QuickSwitcherModel::roleNames() const
{
    return {
        { StreamIdRole, "streamId" },
        { KindRole, "kind" },
        { DisplayNameRole, "displayName" },
        { AccountIdRole, "accountId" },
        { AccountNameRole, "accountName" },
        { UnreadRole, "unread" },
    };
}

QString QuickSwitcherModel::streamAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).stream : QString();
}

QString QuickSwitcherModel::accountAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).accountId : QString();
}

} // namespace confab::app
