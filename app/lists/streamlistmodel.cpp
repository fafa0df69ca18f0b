#include "streamlistmodel.h"

#include "client/account/account.h"
#include "client/store/localstore.h"
#include "protocol/streamid.h"
#include "streaminfo.h"

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using client::ClientEngine;

namespace {
QString sectionTitle(const QString &kind)
{
    if (kind == "room"_L1)
        return StreamListModel::tr("Rooms");
    if (kind == "dm"_L1)
        return StreamListModel::tr("Direct messages");
    return StreamListModel::tr("Topics");
}

} // namespace

StreamListModel::StreamListModel(QObject *parent)
    : SyncedListModel(parent)
{
}

StreamListModel::~StreamListModel() = default;

void StreamListModel::setAccount(client::Account *account)
{
    if (m_account == account && !m_connections.isEmpty())
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_pending.clear();
    m_presence.clear();

    beginResetModel();
    m_account = account;
    m_rows.clear();
    if (account) {
        for (const QString &stream : streaminfo::sidebarStreams(*account->store()))
            m_rows.append(makeRow(stream));
        sortRows(m_rows);
    }
    endResetModel();
    Q_EMIT countChanged();
    updateTotals();
    if (!account)
        return;

    ClientEngine *engine = account->engine();
    m_connections = {
        connect(account, &client::Account::streamChanged, this, &StreamListModel::refreshStream),
        // The account set the stream's cursor first (it connected earlier): the store knows it now.
        connect(engine, &ClientEngine::subscribed, this,
            [this](const QString &stream) {
                refreshStream(stream);
                // A subscription is answered by `subscribed`, not by an ack.
                for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
                    if (it->action == Action::SubscribeTopic && it->stream == stream) {
                        m_pending.erase(it);
                        Q_EMIT streamReady(stream);
                        break;
                    }
                }
            }),
        connect(engine, &ClientEngine::authenticated, this, &StreamListModel::requestPresence),
        connect(engine, &ClientEngine::stateChanged, this,
            [this](ClientEngine::State state) {
                if (state != ClientEngine::State::Disconnected)
                    return;
                // Whatever we knew is stale while we cannot hear about changes.
                m_presence.clear();
                refreshPresence();
            }),
        connect(engine, &ClientEngine::presenceChanged, this, &StreamListModel::onPresence),
        connect(engine, &ClientEngine::membersReceived, this, &StreamListModel::onMembers),
        connect(engine, &ClientEngine::requestAcknowledged, this, &StreamListModel::onAcknowledged),
        connect(engine, &ClientEngine::requestFailed, this, &StreamListModel::onFailed),
        connect(engine, &ClientEngine::requestUnanswered, this, &StreamListModel::onUnanswered),
    };
    requestPresence();
}

client::Account *StreamListModel::account() const
{
    return m_account;
}

void StreamListModel::setCurrentStream(const QString &stream)
{
    if (m_currentStream == stream)
        return;
    m_currentStream = stream;
    QList<Row> target = m_rows;
    for (Row &row : target)
        row.isCurrent = row.stream == stream;
    apply(target);
}

void StreamListModel::setMutedTopics(const QStringList &topics)
{
    m_mutedTopics = topics;
    QList<Row> target = m_rows;
    for (Row &row : target)
        row.muted = row.kind == "topic"_L1
            && (topics.contains(row.stream) || topics.contains(proto::streamName(row.stream)));
    apply(target);
}

int StreamListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant StreamListModel::data(const QModelIndex &index, int role) const
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
    case SectionRole:
        return sectionTitle(row.kind);
    case UnreadRole:
        return row.unread;
    case MentionsRole:
        return row.mentions;
    case PresenceRole:
        return row.presence;
    case MutedRole:
        return row.muted;
    case IsCurrentRole:
        return row.isCurrent;
    default:
        return {};
    }
}

QHash<int, QByteArray> StreamListModel::roleNames() const
{
    return {
        { StreamIdRole, "streamId" },
        { KindRole, "kind" },
        { DisplayNameRole, "displayName" },
        { SectionRole, "section" },
        { UnreadRole, "unread" },
        { MentionsRole, "mentions" },
        { PresenceRole, "presence" },
        { MutedRole, "muted" },
        { IsCurrentRole, "isCurrent" },
    };
}

QString StreamListModel::streamAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).stream : QString();
}

int StreamListModel::rowOf(const QString &stream) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).stream == stream)
            return int(i);
    }
    return -1;
}

StreamListModel::Row StreamListModel::makeRow(const QString &stream) const
{
    const StreamInfo info = streaminfo::read(*m_account->store(), stream, me(), true);
    Row row;
    row.stream = stream;
    row.kind = info.kind;
    row.displayName = info.displayName;
    row.unread = info.unread;
    row.mentions = info.mentions;
    row.presence = presenceFor(stream);
    row.muted = row.kind == "topic"_L1
        && (m_mutedTopics.contains(stream) || m_mutedTopics.contains(proto::streamName(stream)));
    row.isCurrent = stream == m_currentStream;
    return row;
}

QString StreamListModel::presenceFor(const QString &stream) const
{
    QStringList others = proto::dmMembers(stream);
    others.removeAll(me());
    if (others.size() != 1)
        return {};
    return m_presence.value(others.first());
}

void StreamListModel::sortRows(QList<Row> &rows) const
{
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        const int sectionA = streaminfo::sectionOrder(a.kind);
        const int sectionB = streaminfo::sectionOrder(b.kind);
        if (sectionA != sectionB)
            return sectionA < sectionB;
        const int byName = a.displayName.compare(b.displayName, Qt::CaseInsensitive);
        if (byName != 0)
            return byName < 0;
        return a.stream < b.stream;
    });
}

void StreamListModel::apply(QList<Row> target)
{
    sortRows(target);
    const qsizetype before = m_rows.size();
    syncRows(m_rows, target, [](const Row &row) { return row.stream; });
    if (m_rows.size() != before)
        Q_EMIT countChanged();
    updateTotals();
}

void StreamListModel::refreshStream(const QString &stream)
{
    if (!m_account)
        return;
    const bool shown = streaminfo::sectionOrder(streaminfo::kindOf(stream)) < 3
        && m_account->store()->cursor(stream).has_value();
    QList<Row> target = m_rows;
    const int existing = rowOf(stream);
    if (existing >= 0)
        target.removeAt(existing);
    if (shown)
        target.append(makeRow(stream));
    apply(target);
    if (existing < 0 && shown && streaminfo::kindOf(stream) == "dm"_L1
        && m_account->engine()->state() == ClientEngine::State::Connected)
        m_account->engine()->listMembers(stream);
}

void StreamListModel::refreshPresence()
{
    QList<Row> target = m_rows;
    for (Row &row : target)
        row.presence = presenceFor(row.stream);
    apply(target);
}

void StreamListModel::updateTotals()
{
    int unread = 0;
    int mentions = 0;
    for (const Row &row : std::as_const(m_rows)) {
        if (row.muted)
            continue;
        unread += row.unread;
        mentions += row.mentions;
    }
    if (unread == m_totalUnread && mentions == m_totalMentions)
        return;
    m_totalUnread = unread;
    m_totalMentions = mentions;
    Q_EMIT totalsChanged();
}

void StreamListModel::requestPresence()
{
    if (!m_account || m_account->engine()->state() != ClientEngine::State::Connected)
        return;
    // The members reply carries each member's presence; later changes come as presence events.
    for (const Row &row : std::as_const(m_rows)) {
        if (row.kind == "dm"_L1)
            m_account->engine()->listMembers(row.stream);
    }
}

void StreamListModel::onPresence(const proto::Presence &presence)
{
    m_presence.insert(presence.user, proto::presenceStatusName(presence.status));
    refreshPresence();
}

void StreamListModel::onMembers(const proto::Members &members)
{
    if (rowOf(members.stream) < 0)
        return;
    for (const proto::MemberInfo &member : members.members)
        m_presence.insert(member.user, proto::presenceStatusName(member.status));
    refreshPresence();
}

QString StreamListModel::me() const
{
    return m_account ? m_account->settings().username : QString();
}

} // namespace confab::app
