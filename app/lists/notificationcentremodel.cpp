#include "notificationcentremodel.h"

#include "client/account/account.h"
#include "client/account/attachmentfetcher.h"
#include "client/store/localstore.h"
#include "protocol/streamid.h"
#include "streaminfo.h"

#include <QDateTime>
#include <QLocale>
#include <QUrl>
#include <QVariantMap>

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;
using client::StoredNotification;

namespace {
QString topicName(const QString &topic)
{
    const QString bare = topic.trimmed();
    return bare.startsWith("topic:"_L1) ? bare.mid(6) : bare;
}

QVariantList actionsOf(const StoredNotification &notification)
{
    QVariantList actions;
    for (const proto::NotificationAction &action : notification.actions) {
        actions.append(QVariantMap {
            { u"label"_s, action.label },
            { u"kind"_s, proto::notificationActionKindName(action.action) },
            { u"url"_s, action.url },
            { u"method"_s,
                action.action == proto::NotificationActionKind::Http ? proto::httpMethodName(action.method) : QString() },
        });
    }
    return actions;
}
} // namespace

NotificationCentreModel::NotificationCentreModel(QObject *parent)
    : SyncedListModel(parent), m_runner(new NotificationActionRunner(this))
{
    connect(m_runner, &NotificationActionRunner::failed, this, &NotificationCentreModel::actionFailed);
    connect(m_runner, &NotificationActionRunner::finished, this,
        [this](const QString &label) { Q_EMIT actionFinished(label); });
}

NotificationCentreModel::~NotificationCentreModel() = default;

QString NotificationCentreModel::priorityName(int priority)
{
    switch (std::clamp(priority, 1, 5)) {
    case 1:
        return tr("min");
    case 2:
        return tr("low");
    case 4:
        return tr("high");
    case 5:
        return tr("urgent");
    default:
        return tr("default");
    }
}

void NotificationCentreModel::setAccount(client::Account *account)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_hiddenOne.clear();
    m_hiddenUpTo.clear();
    beginResetModel();
    m_account = account;
    m_all.clear();
    m_rows.clear();
    endResetModel();
    m_fetcher = client::AttachmentFetcher::forAccount(account);
    if (m_fetcher) {
        m_connections.append(connect(m_fetcher, &client::AttachmentFetcher::fetched, this,
            [this](const QString &id) { attachmentChanged(id); }));
        m_connections.append(connect(m_fetcher, &client::AttachmentFetcher::failed, this,
            [this](const QString &id) { attachmentChanged(id); }));
    }
    if (account) {
        m_connections.append(connect(account, &client::Account::streamChanged, this, [this](const QString &stream) {
            // Dismissals land on the topic too (the account names the target stream).
            if (streaminfo::kindOf(stream) == "topic"_L1)
                scheduleReload();
        }));
    }
    reload();
    Q_EMIT countChanged();
}

void NotificationCentreModel::setUrlOpener(NotificationActionRunner::UrlOpener opener)
{
    m_runner->setUrlOpener(std::move(opener));
}

void NotificationCentreModel::setTopicFilter(const QString &topic)
{
    const QString name = topicName(topic);
    if (m_topicFilter == name)
        return;
    m_topicFilter = name;
    Q_EMIT topicFilterChanged();
    applyFilter();
}

void NotificationCentreModel::setMinPriority(int priority)
{
    priority = std::clamp(priority, 1, 5);
    if (m_minPriority == priority)
        return;
    m_minPriority = priority;
    Q_EMIT minPriorityChanged();
    applyFilter();
}

void NotificationCentreModel::scheduleReload()
{
    if (std::exchange(m_reloadQueued, true))
        return;
    QMetaObject::invokeMethod(this, [this] { reload(); }, Qt::QueuedConnection);
}

bool NotificationCentreModel::isHidden(const StoredNotification &notification) const
{
    if (m_hiddenOne.contains({ notification.stream, notification.seq }))
        return true;
    const auto upTo = m_hiddenUpTo.constFind(notification.stream);
    return upTo != m_hiddenUpTo.cend() && notification.seq <= *upTo;
}

void NotificationCentreModel::reload()
{
    m_reloadQueued = false;
    const int undismissedBefore = undismissedCount();
    m_all.clear();
    QStringList topics;
    if (m_account) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<StoredNotification> stored = m_account->store()->notifications({}, false, kLimit);
        // The store hands them out oldest first; the centre shows the newest on top.
        for (auto it = stored.crbegin(); it != stored.crend(); ++it) {
            if (isHidden(*it) || (it->expiresAt && *it->expiresAt <= now))
                continue;
            m_all.append(*it);
        }
        for (const QString &stream : streaminfo::sidebarStreams(*m_account->store())) {
            if (streaminfo::kindOf(stream) == "topic"_L1)
                topics.append(proto::streamName(stream));
        }
        for (const StoredNotification &notification : std::as_const(m_all)) {
            const QString name = proto::streamName(notification.stream);
            if (!topics.contains(name))
                topics.append(name);
        }
        std::sort(topics.begin(), topics.end());
    }
    if (topics != m_topics) {
        m_topics = topics;
        Q_EMIT topicsChanged();
    }
    if (undismissedCount() != undismissedBefore)
        Q_EMIT undismissedCountChanged();
    applyFilter();
}

void NotificationCentreModel::applyFilter()
{
    QList<StoredNotification> target;
    for (const StoredNotification &notification : std::as_const(m_all)) {
        if (!m_topicFilter.isEmpty() && proto::streamName(notification.stream) != m_topicFilter)
            continue;
        if (notification.priority < m_minPriority)
            continue;
        target.append(notification);
    }
    const qsizetype before = m_rows.size();
    syncRows(m_rows, target,
        [](const StoredNotification &n) { return QPair<QString, qint64>(n.stream, n.seq); });
    if (m_rows.size() != before)
        Q_EMIT countChanged();
}

int NotificationCentreModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant NotificationCentreModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoredNotification &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case TopicRole:
        return proto::streamName(row.stream);
    case StreamRole:
        return row.stream;
    case SeqRole:
        return row.seq;
    case BodyRole:
        return row.body;
    case PriorityRole:
        return std::clamp(row.priority, 1, 5);
    case PriorityNameRole:
        return priorityName(row.priority);
    case TagsRole:
        return row.tags;
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(row.ts).toLocalTime();
    case ClickRole:
        return row.click;
    case ActionsRole:
        return actionsOf(row);
    case DismissedRole:
        return row.dismissed;
    case HasAttachmentRole:
    case AttachmentNameRole:
    case AttachmentTypeRole:
    case AttachmentSizeRole:
    case AttachmentSizeTextRole:
    case IsImageRole:
    case LocalUrlRole:
    case AttachmentErrorRole:
        return attachmentData(row, role);
    default:
        return {};
    }
}

QVariant NotificationCentreModel::attachmentData(const StoredNotification &notification, int role) const
{
    static_assert(AttachmentErrorRole - HasAttachmentRole == int(client::AttachmentFetcher::Field::Error));
    return client::AttachmentFetcher::field(m_fetcher.data(), notification.attachment,
                                            client::AttachmentFetcher::Field(role - HasAttachmentRole));
}

void NotificationCentreModel::fetchAttachment(int row)
{
    if (row < 0 || row >= m_rows.size() || !m_fetcher)
        return;
    if (const std::optional<proto::Attachment> &a = m_rows.at(row).attachment)
        m_fetcher->retry(*a);
}

void NotificationCentreModel::attachmentChanged(const QString &id)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const std::optional<proto::Attachment> &a = m_rows.at(i).attachment;
        if (a && a->id == id)
            Q_EMIT dataChanged(index(i), index(i), { LocalUrlRole, AttachmentErrorRole });
    }
}

QHash<int, QByteArray> NotificationCentreModel::roleNames() const
{
    return {
        { TopicRole, "topic" },
        { StreamRole, "stream" },
        { SeqRole, "seq" },
        { TitleRole, "title" },
        { BodyRole, "body" },
        { PriorityRole, "priority" },
        { PriorityNameRole, "priorityName" },
        { TagsRole, "tags" },
        { TimeRole, "time" },
        { ClickRole, "click" },
        { ActionsRole, "actions" },
        { DismissedRole, "dismissed" },
        { HasAttachmentRole, "hasAttachment" },
        { AttachmentNameRole, "attachmentName" },
        { AttachmentTypeRole, "attachmentType" },
        { AttachmentSizeRole, "attachmentSize" },
        { AttachmentSizeTextRole, "attachmentSizeText" },
        { IsImageRole, "isImage" },
        { LocalUrlRole, "localUrl" },
        { AttachmentErrorRole, "attachmentError" },
    };
}

void NotificationCentreModel::hide(const QString &stream, qint64 seq, bool upTo)
{
    if (upTo) {
        qint64 &target = m_hiddenUpTo[stream];
        target = std::max(target, seq);
    } else {
        m_hiddenOne.insert({ stream, seq });
    }
}

void NotificationCentreModel::dismiss(int row)
{
    if (!m_account || row < 0 || row >= m_rows.size())
        return;
    const StoredNotification notification = m_rows.at(row);
    m_account->dismiss(notification.stream, notification.seq);
    hide(notification.stream, notification.seq, false);
    reload();
}

void NotificationCentreModel::dismissAll()
{
    if (!m_account || m_rows.isEmpty())
        return;
    if (m_minPriority <= 1) {
        // Everything of a topic up to its newest shown one: one request per topic.
        QHash<QString, qint64> newest;
        for (const StoredNotification &notification : std::as_const(m_rows))
            newest[notification.stream] = std::max(newest.value(notification.stream), notification.seq);
        for (auto it = newest.cbegin(); it != newest.cend(); ++it) {
            m_account->dismiss(it.key(), it.value(), true);
            hide(it.key(), it.value(), true);
        }
    } else {
        // Lower priorities are filtered out, not seen: dismiss only what is shown.
        for (const StoredNotification &notification : std::as_const(m_rows)) {
            m_account->dismiss(notification.stream, notification.seq);
            hide(notification.stream, notification.seq, false);
        }
    }
    reload();
}

void NotificationCentreModel::openClick(int row)
{
    if (row < 0 || row >= m_rows.size() || m_rows.at(row).click.isEmpty())
        return;
    m_runner->open(QUrl(m_rows.at(row).click));
}

void NotificationCentreModel::invokeAction(int row, int index)
{
    if (row < 0 || row >= m_rows.size())
        return;
    const StoredNotification notification = m_rows.at(row);
    if (index < 0 || index >= notification.actions.size())
        return;
    const proto::NotificationAction &action = notification.actions.at(index);
    if (m_runner->run(action) && action.clear)
        dismiss(row);
}

int NotificationCentreModel::rowForSeq(const QString &stream, qint64 seq) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).stream == stream && m_rows.at(i).seq == seq)
            return int(i);
    }
    return -1;
}

} // namespace confab::app
