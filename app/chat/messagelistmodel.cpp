#include "messagelistmodel.h"

#include "messagerenderer.h"

#include <QLocale>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::OutboxEntry;
using client::StoredMessage;

bool MessageListModel::Row::sameAs(const Row &o) const
{
    return message == o.message && status == o.status && error == o.error && outboxKey == o.outboxKey
        && dayLabel == o.dayLabel && showDay == o.showDay && showSender == o.showSender
        && replySender == o.replySender && replyPreview == o.replyPreview && mentionsMe == o.mentionsMe
        && isFirstUnread == o.isFirstUnread;
}

MessageListModel::MessageListModel(QObject *parent) : QAbstractListModel(parent) { }

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MessageListModel::count() const
{
    return int(m_rows.size());
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {
        { SeqRole, "seq" },
        { SenderRole, "sender" },
        { TextRole, "text" },
        { HtmlRole, "html" },
        { TimeRole, "time" },
        { DayLabelRole, "dayLabel" },
        { ShowDayRole, "showDay" },
        { ShowSenderRole, "showSender" },
        { IsOwnRole, "isOwn" },
        { EditedRole, "edited" },
        { DeletedRole, "deleted" },
        { ReplyToRole, "replyTo" },
        { ReplySenderRole, "replySender" },
        { ReplyPreviewRole, "replyPreview" },
        { ReactionsRole, "reactions" },
        { StatusRole, "status" },
        { ErrorRole, "error" },
        { OutboxKeyRole, "outboxKey" },
        { MentionsMeRole, "mentionsMe" },
        { IsFirstUnreadRole, "isFirstUnread" },
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

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const StoredMessage &m = row.message;
    switch (role) {
    case SeqRole:
        return m.seq;
    case SenderRole:
        return m.sender;
    case TextRole:
        return m.text;
    case HtmlRole:
        return htmlOf(row);
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(m.ts).toLocalTime();
    case DayLabelRole:
        return row.dayLabel;
    case ShowDayRole:
        return row.showDay;
    case ShowSenderRole:
        return row.showSender;
    case IsOwnRole:
        return !m_ownUser.isEmpty() && m.sender == m_ownUser;
    case EditedRole:
        return m.edited;
    case DeletedRole:
        return m.deleted;
    case ReplyToRole:
        return m.replyTo.value_or(0);
    case ReplySenderRole:
        return row.replySender;
    case ReplyPreviewRole:
        return row.replyPreview;
    case ReactionsRole:
        return reactionsOf(row);
    case StatusRole:
        return row.status;
    case ErrorRole:
        return row.error;
    case OutboxKeyRole:
        return row.outboxKey;
    case MentionsMeRole:
        return row.mentionsMe;
    case IsFirstUnreadRole:
        return row.isFirstUnread;
    case HasAttachmentRole:
    case AttachmentNameRole:
    case AttachmentTypeRole:
    case AttachmentSizeRole:
    case AttachmentSizeTextRole:
    case IsImageRole:
    case LocalUrlRole:
    case AttachmentErrorRole:
        return attachmentData(m, role);
    default:
        return {};
    }
}

QVariant MessageListModel::attachmentData(const StoredMessage &m, int role) const
{
    static_assert(AttachmentErrorRole - HasAttachmentRole == int(client::AttachmentFetcher::Field::Error));
    return client::AttachmentFetcher::field(m_fetcher.data(), m.attachment,
                                            client::AttachmentFetcher::Field(role - HasAttachmentRole));
}

void MessageListModel::setAttachmentFetcher(client::AttachmentFetcher *fetcher)
{
    if (m_fetcher == fetcher)
        return;
    disconnect(m_fetchedConnection);
    disconnect(m_failedConnection);
    m_fetcher = fetcher;
    if (fetcher) {
        m_fetchedConnection = connect(fetcher, &client::AttachmentFetcher::fetched, this,
            [this](const QString &id) { attachmentChanged(id); });
        m_failedConnection = connect(fetcher, &client::AttachmentFetcher::failed, this,
            [this](const QString &id) { attachmentChanged(id); });
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), { LocalUrlRole, AttachmentErrorRole });
}

void MessageListModel::fetchAttachment(int row)
{
    if (row < 0 || row >= m_rows.size() || !m_fetcher)
        return;
    if (const std::optional<protocol::Attachment> &a = m_rows.at(row).message.attachment)
        m_fetcher->retry(*a);
}

void MessageListModel::attachmentChanged(const QString &id)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const std::optional<protocol::Attachment> &a = m_rows.at(i).message.attachment;
        if (a && a->id == id)
            Q_EMIT dataChanged(index(i), index(i), { LocalUrlRole, AttachmentErrorRole });
    }
}

QVariant MessageListModel::reactionsOf(const Row &row) const
{
    struct Entry {
        QString emoji;
        QStringList users;
    };
    QList<Entry> entries;
    for (auto it = row.message.reactions.cbegin(); it != row.message.reactions.cend(); ++it) {
        if (!it.value().isEmpty())
            entries.append({ it.key(), it.value() });
    }
    // Most used first; the emoji itself breaks ties so the order never jumps between updates.
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
        if (a.users.size() != b.users.size())
            return a.users.size() > b.users.size();
        return a.emoji < b.emoji;
    });
    QVariantList list;
    for (const Entry &e : std::as_const(entries)) {
        list.append(QVariantMap {
            { u"emoji"_s, e.emoji },
            { u"count"_s, int(e.users.size()) },
            { u"mine"_s, !m_ownUser.isEmpty() && e.users.contains(m_ownUser) },
            { u"users"_s, e.users },
        });
    }
    return list;
}

void MessageListModel::setOwnUser(const QString &user)
{
    m_ownUser = user;
}

QString MessageListModel::ownUser() const
{
    return m_ownUser;
}

void MessageListModel::setLookup(Lookup lookup)
{
    m_lookup = std::move(lookup);
}

void MessageListModel::setFirstUnreadSeq(qint64 seq)
{
    if (m_firstUnreadSeq == seq)
        return;
    m_firstUnreadSeq = seq;
    QList<Row> next = m_rows;
    decorate(next);
    applyDiff(std::move(next));
}

void MessageListModel::setReferenceTime(const QDateTime &now)
{
    m_referenceTime = now;
}

QDateTime MessageListModel::now() const
{
    return m_referenceTime.isValid() ? m_referenceTime : QDateTime::currentDateTime();
}

QString MessageListModel::dayLabelFor(const QDate &day) const
{
    const QDate today = now().toLocalTime().date();
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

void MessageListModel::reset(const QList<StoredMessage> &stored, const QList<OutboxEntry> &outbox)
{
    const qsizetype before = m_rows.size();
    beginResetModel();
    m_rows.clear();
    QList<Row> rows = buildRows(stored, outbox);
    m_rows = std::move(rows);
    endResetModel();
    if (before != m_rows.size())
        Q_EMIT countChanged();
}

void MessageListModel::clear()
{
    reset({}, {});
}

void MessageListModel::update(const QList<StoredMessage> &stored, const QList<OutboxEntry> &outbox)
{
    QList<Row> rows = buildRows(stored, outbox);
    keepRenderedHtml(rows);
    applyDiff(std::move(rows));
}

void MessageListModel::applyDiff(QList<Row> next)
{
    const qsizetype before = m_rows.size();
    QHash<QString, qsizetype> nextIndex;
    for (qsizetype i = 0; i < next.size(); ++i)
        nextIndex.insert(next.at(i).identity, i);

    // 0. New messages at the bottom go in before the rows that left the window go out. In a
    // flood every row is new: removed first, the view would lay the new rows out where the old
    // ones were (the top of the new rows), then again at the bottom once it follows them.
    // Appended first, a view that follows the newest message moves to them (rowsAppended) and
    // builds only what it shows there; the old rows then leave from above, out of sight.
    appendNewRows(next);

    // 1. Rows that are gone (a discarded outbox entry, the window moving), in ranges from the end.
    for (qsizetype i = m_rows.size() - 1; i >= 0;) {
        if (nextIndex.contains(m_rows.at(i).identity)) {
            --i;
            continue;
        }
        qsizetype first = i;
        while (first > 0 && !nextIndex.contains(m_rows.at(first - 1).identity))
            --first;
        beginRemoveRows({}, int(first), int(i));
        m_rows.remove(first, i - first + 1);
        endRemoveRows();
        i = first - 1;
    }

    // 2. The rows left must keep their order; if not (an outbox entry acknowledged out of send
    // order, which hardly happens), start over.
    qsizetype last = -1;
    for (const Row &row : std::as_const(m_rows)) {
        const qsizetype at = nextIndex.value(row.identity);
        if (at <= last) {
            beginResetModel();
            m_rows = std::move(next);
            endResetModel();
            if (before != m_rows.size())
                Q_EMIT countChanged();
            return;
        }
        last = at;
    }

    // 3. New rows, in runs: older pages at the top, new messages at the bottom.
    qsizetype j = 0;
    for (qsizetype i = 0; i < next.size();) {
        if (j < m_rows.size() && m_rows.at(j).identity == next.at(i).identity) {
            ++i;
            ++j;
            continue;
        }
        qsizetype end = i;
        while (end < next.size() && (j >= m_rows.size() || m_rows.at(j).identity != next.at(end).identity))
            ++end;
        beginInsertRows({}, int(j), int(j + end - i - 1));
        for (qsizetype k = i; k < end; ++k)
            m_rows.insert(j + (k - i), next.at(k));
        endInsertRows();
        j += end - i;
        i = end;
    }

    // 4. Changed rows (edits, reactions, acknowledgements, grouping of neighbours), in ranges.
    for (qsizetype i = 0; i < next.size();) {
        // The HTML follows from the text (sameAs compares it), so it needs no comparing.
        if (m_rows.at(i).sameAs(next.at(i))) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < next.size() && !m_rows.at(end).sameAs(next.at(end))) {
            m_rows[end] = next.at(end);
            ++end;
        }
        Q_EMIT dataChanged(index(int(i)), index(int(end - 1)));
        i = end;
    }
    if (before != m_rows.size())
        Q_EMIT countChanged();
}

void MessageListModel::appendNewRows(const QList<Row> &next)
{
    QSet<QString> current;
    current.reserve(m_rows.size());
    for (const Row &row : std::as_const(m_rows))
        current.insert(row.identity);
    qsizetype first = next.size();
    while (first > 0 && !current.contains(next.at(first - 1).identity))
        --first;
    if (first == next.size())
        return;
    const qsizetype at = m_rows.size();
    beginInsertRows({}, int(at), int(at + next.size() - first - 1));
    m_rows.append(next.mid(first));
    endInsertRows();
    Q_EMIT rowsAppended();
}

int MessageListModel::rowOfSeq(qint64 seq) const
{
    if (seq <= 0)
        return -1;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).message.seq == seq)
            return int(i);
    }
    return -1;
}

qint64 MessageListModel::oldestSeq() const
{
    for (const Row &row : m_rows) {
        if (row.message.seq > 0)
            return row.message.seq;
    }
    return 0;
}

qint64 MessageListModel::newestSeq() const
{
    for (auto it = m_rows.crbegin(); it != m_rows.crend(); ++it) {
        if (it->message.seq > 0)
            return it->message.seq;
    }
    return 0;
}

int MessageListModel::storedCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return r.message.seq > 0; }));
}

QStringList MessageListModel::senders() const
{
    QStringList users;
    for (const Row &row : m_rows) {
        if (!row.message.sender.isEmpty() && !users.contains(row.message.sender))
            users.append(row.message.sender);
    }
    return users;
}

} // namespace confab::app
