// MessageListModel: how the rows are made from the store's messages and the outbox entries, and
// the parts of each row that depend on its neighbours (day and sender headers, replies).
#include "messagelistmodel.h"
#include "messagerenderer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace confab::app {

using namespace Qt::StringLiterals;
using client::OutboxEntry;
using client::StoredMessage;

namespace {

// A new header after this much silence, even from the same sender.
constexpr qint64 kGroupGapMs = 5 * 60 * 1000;
constexpr int kReplyPreviewChars = 80;

QString identityOf(const QString &sender, const QString &clientMsgId, qint64 seq)
{
    if (clientMsgId.isEmpty())
        return u"#%1"_s.arg(seq);
    return sender + u'\n' + clientMsgId;
}

} // namespace

QList<MessageListModel::Row> MessageListModel::buildRows(
    const QList<StoredMessage> &stored, const QList<OutboxEntry> &outbox) const
{
    QList<Row> rows;
    rows.reserve(stored.size() + outbox.size());
    QSet<QString> identities;
    QHash<qint64, qsizetype> rowOfSeq;
    for (const StoredMessage &message : stored) {
        Row row;
        row.message = message;
        row.status = u"sent"_s;
        row.identity = identityOf(message.sender, message.clientMsgId, message.seq);
        if (identities.contains(row.identity))
            row.identity = identityOf({}, {}, message.seq); // never two rows with one identity
        identities.insert(row.identity);
        rowOfSeq.insert(message.seq, rows.size());
        rows.append(row);
    }
    for (const OutboxEntry &entry : outbox) {
        const QJsonObject frame = QJsonDocument::fromJson(entry.frame).object();
        const QString type = frame.value("type"_L1).toString();
        const bool failed = entry.state == OutboxEntry::State::Failed;
        if (type == "send"_L1) {
            Row row;
            row.identity = identityOf(m_ownUser, entry.key, 0);
            if (identities.contains(row.identity))
                continue; // acknowledged and stored; the outbox entry goes in a moment
            row.message.stream = entry.stream;
            row.message.ts = entry.createdAt;
            row.message.sender = m_ownUser;
            row.message.clientMsgId = entry.key;
            row.message.text = entry.text;
            if (const qint64 replyTo = frame.value("reply_to"_L1).toInteger(); replyTo > 0)
                row.message.replyTo = replyTo;
            row.status = failed ? u"failed"_s : u"sending"_s;
            row.error = entry.error;
            row.outboxKey = entry.key;
            identities.insert(row.identity);
            rows.append(row);
            continue;
        }
        if (type != "edit"_L1 && type != "delete"_L1 && type != "react"_L1)
            continue;
        // A change to a message: the message's row shows that it is on its way, or was refused.
        const auto it = rowOfSeq.constFind(frame.value("target"_L1).toInteger());
        if (it == rowOfSeq.cend())
            continue;
        Row &target = rows[*it];
        if (target.status == "failed"_L1 && !failed)
            continue; // a refusal stays visible until retried or discarded
        target.status = failed ? u"failed"_s : u"sending"_s;
        target.error = entry.error;
        target.outboxKey = entry.key;
        if (type == "edit"_L1 && !failed) {
            target.message.text = entry.text;
            target.message.edited = true;
        }
    }
    decorate(rows);
    return rows;
}

void MessageListModel::decorate(QList<Row> &rows) const
{
    QHash<qint64, qsizetype> rowOfSeq;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows.at(i).message.seq > 0)
            rowOfSeq.insert(rows.at(i).message.seq, i);
    }
    const QRegularExpression mention = MessageRenderer::mentionPattern(m_ownUser);
    QDate previousDay;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        Row &row = rows[i];
        const StoredMessage &m = row.message;
        const QDate day = QDateTime::fromMSecsSinceEpoch(m.ts).toLocalTime().date();
        row.showDay = i == 0 || day != previousDay;
        row.dayLabel = dayLabelFor(day);
        const StoredMessage *previous = i > 0 ? &rows.at(i - 1).message : nullptr;
        row.showSender = row.showDay || !previous || previous->sender != m.sender
            || m.ts - previous->ts > kGroupGapMs || m.ts < previous->ts;
        previousDay = day;
        row.mentionsMe
            = !m_ownUser.isEmpty() && m.sender != m_ownUser && !m.deleted && mention.match(m.text).hasMatch();
        row.isFirstUnread = m_firstUnreadSeq > 0 && m.seq == m_firstUnreadSeq;
        row.replySender.clear();
        row.replyPreview.clear();
        if (!m.replyTo)
            continue;
        std::optional<StoredMessage> answered;
        if (const auto it = rowOfSeq.constFind(*m.replyTo); it != rowOfSeq.cend())
            answered = rows.at(*it).message;
        else if (m_lookup)
            answered = m_lookup(*m.replyTo);
        if (!answered) {
            row.replyPreview = tr("An earlier message");
            continue;
        }
        row.replySender = answered->sender;
        row.replyPreview = answered->deleted
            ? tr("Deleted message")
            : MessageRenderer::toPlainPreview(answered->text, kReplyPreviewChars);
    }
}

void MessageListModel::keepRenderedHtml(QList<Row> &rows) const
{
    // Rendering is the expensive part: keep what was rendered for the same text; the rest is
    // rendered when shown (htmlOf()).
    QHash<QString, const Row *> old;
    for (const Row &row : m_rows) {
        if (row.htmlReady)
            old.insert(row.identity, &row);
    }
    for (Row &row : rows) {
        const Row *before = old.value(row.identity);
        if (before && before->message.text == row.message.text
            && before->message.deleted == row.message.deleted) {
            row.html = before->html;
            row.htmlReady = true;
        }
    }
}

const QString &MessageListModel::htmlOf(const Row &row) const
{
    if (!row.htmlReady) {
        // A deleted message shows no text.
        row.html = row.message.deleted ? QString() : MessageRenderer::toHtml(row.message.text, m_ownUser);
        row.htmlReady = true;
    }
    return row.html;
}

} // namespace confab::app
