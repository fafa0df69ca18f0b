#pragma once

#include "syncedlistmodel.h"

#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace confab::protocol {
struct Ack;
struct Error;
struct Members;
struct Presence;
} // namespace confab::protocol

namespace confab::client {
class Account;
}

namespace confab::app {

// The sidebar of one account: its rooms, direct conversations and notification topics (every
// stream its local store follows), in sections in that order and by name inside each, with unread
// and mention badges, the presence of the other person of a one-to-one conversation, and whether a
// topic is muted. Rows change one at a time as the account's streams change; the model resets only
// when it is given another account.
class StreamListModel : public SyncedListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("StreamListModel is created by AppViewModel")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalsChanged)
    Q_PROPERTY(int totalMentions READ totalMentions NOTIFY totalsChanged)

public:
    enum Role {
        StreamIdRole = Qt::UserRole + 1,
        KindRole,
        DisplayNameRole,
        SectionRole,
        UnreadRole,
        MentionsRole,
        PresenceRole,
        MutedRole,
        IsCurrentRole,
    };
    Q_ENUM(Role)

    explicit StreamListModel(QObject *parent = nullptr);
    ~StreamListModel() override;

    void setAccount(client::Account *account);
    client::Account *account() const;
    void setCurrentStream(const QString &stream);
    QString currentStream() const { return m_currentStream; }
    // Topic names ("backups") or ids ("topic:backups").
    void setMutedTopics(const QStringList &topics);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Muted topics do not count.
    int totalUnread() const { return m_totalUnread; }
    int totalMentions() const { return m_totalMentions; }
    Q_INVOKABLE QString streamAt(int row) const;
    Q_INVOKABLE int rowOf(const QString &stream) const;

    Q_INVOKABLE void createRoom(const QString &name);
    Q_INVOKABLE void joinRoom(const QString &name);
    Q_INVOKABLE void openDm(const QString &user);
    Q_INVOKABLE void subscribeTopic(const QString &name);

Q_SIGNALS:
    void countChanged();
    void totalsChanged();
    // A create/join/openDm/subscribeTopic could not be done, in plain words.
    void actionFailed(const QString &plainWords);
    // A stream created, joined or opened through this model is subscribed (the view may open it).
    void streamReady(const QString &stream);

private:
    struct Row {
        QString stream;
        QString kind;
        QString displayName;
        int unread = 0;
        int mentions = 0;
        QString presence;
        bool muted = false;
        bool isCurrent = false;
        friend bool operator==(const Row &, const Row &) = default;
    };
    enum class Action { CreateRoom, JoinRoom, OpenDm, SubscribeTopic };
    struct PendingAction {
        Action action;
        QString stream; // empty for openDm (the ack names it)
    };

    Row makeRow(const QString &stream) const;
    QString presenceFor(const QString &stream) const;
    void sortRows(QList<Row> &rows) const;
    void apply(QList<Row> target);
    void refreshStream(const QString &stream);
    void refreshPresence();
    void updateTotals();
    void requestPresence();
    void track(const QString &requestId, Action action, const QString &stream);
    void onAcknowledged(const QString &requestId, const protocol::Ack &ack);
    void onFailed(const protocol::Error &error);
    void onUnanswered(const QString &requestId);
    void onPresence(const protocol::Presence &presence);
    void onMembers(const protocol::Members &members);
    QString me() const;

    QPointer<client::Account> m_account;
    QList<QMetaObject::Connection> m_connections;
    QList<Row> m_rows;
    QString m_currentStream;
    QStringList m_mutedTopics;
    QHash<QString, QString> m_presence; // user -> "online" | "away" | "offline"
    QHash<QString, PendingAction> m_pending; // request id -> what it was for
    int m_totalUnread = 0;
    int m_totalMentions = 0;
};

} // namespace confab::app
