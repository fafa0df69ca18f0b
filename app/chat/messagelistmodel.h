#pragma once

#include "client/account/attachmentfetcher.h"
#include "client/store/storedrecords.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>

namespace confab::app {

// The messages of the open conversation, oldest first (the view shows the newest at the bottom):
// the stored messages the chat view model has loaded, then the messages still in the outbox.
// The view model hands over the whole loaded window each time something changes; the model works
// out what changed and tells the view row by row (rows inserted, removed or changed; a reset only
// when a conversation is opened or closed), so the view keeps its scroll position and delegates.
// A message waiting in the outbox keeps its row when the relay acknowledges it: the row is
// identified by the message's client_msg_id, before and after.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The chat view model owns the message list")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        SeqRole = Qt::UserRole + 1,
        SenderRole,
        TextRole,
        HtmlRole,
        TimeRole,
        DayLabelRole,
        ShowDayRole,
        ShowSenderRole,
        IsOwnRole,
        EditedRole,
        DeletedRole,
        ReplyToRole,
        ReplySenderRole,
        ReplyPreviewRole,
        ReactionsRole,
        StatusRole,
        ErrorRole,
        OutboxKeyRole,
        MentionsMeRole,
        IsFirstUnreadRole,
        HasAttachmentRole,
        AttachmentNameRole,
        AttachmentTypeRole,
        AttachmentSizeRole,     // bytes
        AttachmentSizeTextRole, // "12 KB"
        IsImageRole,
        LocalUrlRole,           // file URL once downloaded (images are fetched when asked for this)
        AttachmentErrorRole,
    };
    Q_ENUM(Role)

    // Finds a message outside the loaded window (the one a reply answers).
    using Lookup = std::function<std::optional<client::StoredMessage>(qint64 seq)>;

    explicit MessageListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const;

    void setOwnUser(const QString &user);
    QString ownUser() const;
    void setLookup(Lookup lookup);
    // Where attachments come from (the open account's); null: no downloads.
    void setAttachmentFetcher(client::AttachmentFetcher *fetcher);
    // Downloads the attachment of `row` (a file link was clicked); localUrl changes when done.
    Q_INVOKABLE void fetchAttachment(int row);
    // The first unread message (0: none), marked by isFirstUnread.
    void setFirstUnreadSeq(qint64 seq);
    // "Now" for the day labels and grouping (tests); invalid: the clock.
    void setReferenceTime(const QDateTime &now);

    // Everything loaded: `stored` oldest first, `outbox` this stream's entries in send order.
    // reset() starts over (a conversation opened); update() changes only the rows that differ.
    void reset(const QList<client::StoredMessage> &stored, const QList<client::OutboxEntry> &outbox);
    void update(const QList<client::StoredMessage> &stored, const QList<client::OutboxEntry> &outbox);
    void clear();

    int rowOfSeq(qint64 seq) const; // -1 when not loaded
    qint64 oldestSeq() const; // lowest stored seq loaded, 0 when none
    qint64 newestSeq() const; // highest stored seq loaded, 0 when none
    int storedCount() const;
    // Users seen as senders in the loaded window (for @mention candidates).
    QStringList senders() const;

Q_SIGNALS:
    void countChanged();
    // update() added rows at the end. Emitted before the rows that left the window (older ones)
    // are removed, so a view that follows the newest message can move to the new rows first.
    void rowsAppended();

private:
    struct Row {
        QString identity; // stable across the outbox -> stored transition
        client::StoredMessage message;
        QString status; // sent | sending | failed
        QString error;
        QString outboxKey;
        QString dayLabel;
        bool showDay = false;
        bool showSender = false;
        QString replySender;
        QString replyPreview;
        bool mentionsMe = false;
        bool isFirstUnread = false;
        // The text as HTML, made when the view first asks for it (rendering markdown is the
        // costly part of a row, and most rows of a long flood are never on screen).
        mutable QString html;
        mutable bool htmlReady = false;
        bool sameAs(const Row &other) const;
    };

    QList<Row> buildRows(
        const QList<client::StoredMessage> &stored, const QList<client::OutboxEntry> &outbox) const;
    void decorate(QList<Row> &rows) const;
    void keepRenderedHtml(QList<Row> &rows) const;
    const QString &htmlOf(const Row &row) const;
    QString dayLabelFor(const QDate &day) const;
    QDateTime now() const;
    QVariant reactionsOf(const Row &row) const;
    void applyDiff(QList<Row> next);
    void appendNewRows(const QList<Row> &next);
    QVariant attachmentData(const client::StoredMessage &message, int role) const;
    void attachmentChanged(const QString &id);

    QList<Row> m_rows;
    QString m_ownUser;
    Lookup m_lookup;
    qint64 m_firstUnreadSeq = 0;
    QDateTime m_referenceTime;
    QPointer<client::AttachmentFetcher> m_fetcher;
    QMetaObject::Connection m_fetchedConnection;
    QMetaObject::Connection m_failedConnection;
};

} // namespace confab::app
