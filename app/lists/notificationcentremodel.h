#pragma once

#include "notificationactionrunner.h"
#include "syncedlistmodel.h"

#include "client/store/storedrecords.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace confab::client {
class Account;
class AttachmentFetcher;
}

namespace confab::app {

// The notification centre of one account: its notifications that are not dismissed, newest first,
// filtered by topic and minimum priority. Dismissing goes through the account (so the user's other
// desktops clear the same ones); the row leaves at once, and a dismissal made on another desktop
// removes it here when it arrives. Clicks and action buttons open the URL or make the HTTP request.
class NotificationCentreModel : public SyncedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("NotificationCentreModel is created by AppViewModel")
    Q_PROPERTY(QString topicFilter READ topicFilter WRITE setTopicFilter NOTIFY topicFilterChanged)
    Q_PROPERTY(int minPriority READ minPriority WRITE setMinPriority NOTIFY minPriorityChanged)
    Q_PROPERTY(QStringList topics READ topics NOTIFY topicsChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int undismissedCount READ undismissedCount NOTIFY undismissedCountChanged)

public:
    enum Role {
        TopicRole = Qt::UserRole + 1,
        StreamRole,
        SeqRole,
        TitleRole,
        BodyRole,
        PriorityRole,
        PriorityNameRole,
        TagsRole,
        TimeRole,
        ClickRole,
        ActionsRole,
        DismissedRole,
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

    // The newest this many are read from the store.
    static constexpr int kLimit = 1000;

    explicit NotificationCentreModel(QObject *parent = nullptr);
    ~NotificationCentreModel() override;

    void setAccount(client::Account *account);
    // Tests replace the browser.
    void setUrlOpener(NotificationActionRunner::UrlOpener opener);

    QString topicFilter() const { return m_topicFilter; }
    void setTopicFilter(const QString &topic); // a name ("backups") or id; "" = every topic
    int minPriority() const { return m_minPriority; }
    void setMinPriority(int priority); // clamped to 1..5
    QStringList topics() const { return m_topics; }
    int undismissedCount() const { return int(m_all.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void dismiss(int row);
    Q_INVOKABLE void dismissAll(); // what the filters show
    Q_INVOKABLE void openClick(int row);
    // Downloads the attachment of `row` (a file link was clicked); localUrl changes when done.
    Q_INVOKABLE void fetchAttachment(int row);
    Q_INVOKABLE void invokeAction(int row, int index);
    Q_INVOKABLE int rowForSeq(const QString &stream, qint64 seq) const;

    // "min" | "low" | "default" | "high" | "urgent", translated.
    static QString priorityName(int priority);

Q_SIGNALS:
    void topicFilterChanged();
    void minPriorityChanged();
    void topicsChanged();
    void countChanged();
    void undismissedCountChanged();
    // An action or link could not be carried out, in plain words.
    void actionFailed(const QString &plainWords);
    // An http action was answered with success.
    void actionFinished(const QString &label);

private:
    void scheduleReload();
    void reload();
    void applyFilter();
    bool isHidden(const client::StoredNotification &notification) const;
    void hide(const QString &stream, qint64 seq, bool upTo);
    QVariant attachmentData(const client::StoredNotification &notification, int role) const;
    void attachmentChanged(const QString &id);

    QPointer<client::Account> m_account;
    QPointer<client::AttachmentFetcher> m_fetcher;
    QList<QMetaObject::Connection> m_connections;
    NotificationActionRunner *m_runner = nullptr;
    QList<client::StoredNotification> m_all;  // undismissed, newest first
    QList<client::StoredNotification> m_rows; // m_all through the filters
    QSet<QPair<QString, qint64>> m_hiddenOne; // dismissed here, not yet confirmed by the relay
    QHash<QString, qint64> m_hiddenUpTo;      // topic -> dismiss-all target, likewise
    QString m_topicFilter;
    int m_minPriority = 1;
    QStringList m_topics;
    bool m_reloadQueued = false;
};

} // namespace confab::app
