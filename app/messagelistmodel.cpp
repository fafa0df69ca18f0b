#include "messagelistmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace confab::app {

MessageListModel::MessageListModel(QObject *parent) : QAbstractListModel(parent) { }

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return entry.text;
    case SeqRole:
        return entry.seq;
    case SenderRole:
        return entry.sender;
    case TimestampRole:
        return entry.timestamp;
    case IsOwnRole:
        return entry.local || (!m_ownUserName.isEmpty() && entry.sender == m_ownUserName);
    case ClientMsgIdRole:
        return entry.clientMsgId;
    case StatusRole:
        return statusName(entry.status);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        { SeqRole, "seq" },
        { SenderRole, "sender" },
        { TextRole, "text" },
        { TimestampRole, "timestamp" },
        { IsOwnRole, "isOwn" },
        { ClientMsgIdRole, "clientMsgId" },
        { StatusRole, "status" },
    };
}

void MessageListModel::setOwnUserName(const QString &userName)
{
    if (m_ownUserName == userName)
        return;
    m_ownUserName = userName;
    if (!m_entries.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), { IsOwnRole });
}

bool MessageListModel::addIncoming(const protocol::Message &message)
{
    // The echo of a message sent from here confirms it rather than repeating it.
    if (!message.clientMsgId.isEmpty() && message.sender == m_ownUserName) {
        const int row = rowOfLocal(message.clientMsgId);
        if (row >= 0) {
            confirm(row, message.seq, QDateTime::fromMSecsSinceEpoch(message.ts));
            return false;
        }
    }
    if (hasSeq(message.seq))
        return false;

    const int row = insertionRowFor(message.seq);
    beginInsertRows({}, row, row);
    m_entries.insert(m_entries.begin() + row,
        Entry { message.seq, message.sender, message.text, QDateTime::fromMSecsSinceEpoch(message.ts),
            message.clientMsgId, Status::Sent, false });
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

void MessageListModel::addOutgoing(const QString &clientMsgId, const QString &text, const QDateTime &sentAt)
{
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_entries.push_back(Entry { 0, m_ownUserName, text, sentAt, clientMsgId, Status::Sending, true });
    endInsertRows();
    Q_EMIT countChanged();
}

bool MessageListModel::markAcknowledged(const QString &clientMsgId, qint64 seq)
{
    const int row = rowOfLocal(clientMsgId);
    if (row < 0)
        return false;
    confirm(row, seq, {});
    return true;
}

QString MessageListModel::statusName(Status status)
{
    switch (status) {
    case Status::Sending:
        return u"sending"_s;
    case Status::Sent:
        return u"sent"_s;
    }
    return {};
}

// Stored messages form a prefix sorted by seq; the ones still sending follow it.
int MessageListModel::sentCount() const
{
    auto pending = std::find_if(m_entries.rbegin(), m_entries.rend(),
        [](const Entry &entry) { return entry.status == Status::Sent; });
    return static_cast<int>(std::distance(pending, m_entries.rend()));
}

int MessageListModel::insertionRowFor(qint64 seq) const
{
    const auto end = m_entries.begin() + sentCount();
    const auto it = std::upper_bound(
        m_entries.begin(), end, seq, [](qint64 value, const Entry &entry) { return value < entry.seq; });
    return static_cast<int>(std::distance(m_entries.begin(), it));
}

// Local messages sit near the end, so a backwards scan finds them after a few steps.
int MessageListModel::rowOfLocal(const QString &clientMsgId) const
{
    for (int row = rowCount() - 1; row >= 0; --row) {
        const Entry &entry = m_entries[static_cast<size_t>(row)];
        if (entry.local && entry.clientMsgId == clientMsgId)
            return row;
    }
    return -1;
}

bool MessageListModel::hasSeq(qint64 seq) const
{
    const auto end = m_entries.begin() + sentCount();
    const auto it = std::lower_bound(
        m_entries.begin(), end, seq, [](const Entry &entry, qint64 value) { return entry.seq < value; });
    return it != end && it->seq == seq;
}

void MessageListModel::confirm(int row, qint64 seq, const QDateTime &timestamp)
{
    Entry *entry = &m_entries[static_cast<size_t>(row)];
    QList<int> roles;
    if (entry->status == Status::Sending) {
        // Its sequence number decides its place among the stored messages.
        const int target = insertionRowFor(seq);
        if (target != row) {
            beginMoveRows({}, row, row, {}, target);
            std::rotate(m_entries.begin() + target, m_entries.begin() + row, m_entries.begin() + row + 1);
            endMoveRows();
            row = target;
            entry = &m_entries[static_cast<size_t>(row)];
        }
        entry->seq = seq;
        entry->status = Status::Sent;
        roles << SeqRole << StatusRole;
    }
    if (timestamp.isValid() && timestamp != entry->timestamp) {
        entry->timestamp = timestamp;
        roles << TimestampRole;
    }
    if (!roles.isEmpty())
        Q_EMIT dataChanged(index(row), index(row), roles);
}

} // namespace confab::app
