#pragma once

#include "messagelistmodel.h"
#include "typingtracker.h"

#include <QElapsedTimer>
#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <optional>

namespace confab::client {
class Account;
}

namespace confab::protocol {
struct Members;
struct Typing;
} // namespace confab::protocol

namespace confab::app {

// The open conversation of one account: its messages (a window of the newest ones plus the
// older pages the user scrolled back to, never the whole history), what the composer can do
// (send, reply, edit, delete, react, retry or discard a refused message), who is typing, who can
// be mentioned, and where the unread messages start. Everything goes through the Account (its
// store and outbox); the engine is used only for what is not stored (typing, members).
class ChatViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The app view model owns the chat")
    Q_PROPERTY(QString streamId READ streamId NOTIFY openedChanged)
    Q_PROPERTY(QString title READ title NOTIFY openedChanged)
    Q_PROPERTY(QString kind READ kind NOTIFY openedChanged)
    Q_PROPERTY(bool canSend READ canSend NOTIFY openedChanged)
    Q_PROPERTY(confab::app::MessageListModel *messages READ messages CONSTANT)
    Q_PROPERTY(QString typingText READ typingText NOTIFY typingTextChanged)
    Q_PROPERTY(qint64 firstUnreadSeq READ firstUnreadSeq NOTIFY firstUnreadSeqChanged)
    Q_PROPERTY(int unreadCount READ unreadCount NOTIFY unreadCountChanged)
    Q_PROPERTY(bool hasOlder READ hasOlder NOTIFY hasOlderChanged)
    Q_PROPERTY(bool loadingOlder READ loadingOlder NOTIFY loadingOlderChanged)
    Q_PROPERTY(QStringList members READ members NOTIFY membersChanged)
    // Whether the view shows the newest message and follows new ones (the page says so). While
    // it does, the window stays small: new messages push the oldest ones out of it (scrolling up
    // brings them back from the cache), so a busy room costs no more than a quiet one.
    Q_PROPERTY(bool atNewest READ atNewest WRITE setAtNewest NOTIFY atNewestChanged)

public:
    explicit ChatViewModel(QObject *parent = nullptr);
    ~ChatViewModel() override;

    void open(client::Account *account, const QString &stream);
    void close();
    client::Account *account() const;

    QString streamId() const;
    QString title() const;
    QString kind() const;
    bool canSend() const;
    MessageListModel *messages();
    QString typingText() const;
    qint64 firstUnreadSeq() const;
    int unreadCount() const;
    bool hasOlder() const;
    bool loadingOlder() const;
    QStringList members() const;
    bool atNewest() const;
    void setAtNewest(bool atNewest);

    // Tests shorten these: how long a typing signal lasts without a refresh (default 6 s), and
    // how often "I am typing" is sent while typing goes on (default 3 s).
    void setTypingExpiry(std::chrono::milliseconds expiry);
    void setTypingInterval(std::chrono::milliseconds interval);

    Q_INVOKABLE void send(const QString &text, qint64 replyTo = 0);
    Q_INVOKABLE void edit(qint64 seq, const QString &text);
    Q_INVOKABLE void remove(qint64 seq);
    Q_INVOKABLE void toggleReaction(qint64 seq, const QString &emoji);
    Q_INVOKABLE void loadOlder();
    Q_INVOKABLE void markAllRead();
    Q_INVOKABLE void jumpToFirstUnread();
    Q_INVOKABLE void jumpTo(qint64 seq);
    Q_INVOKABLE void retry(const QString &outboxKey);
    Q_INVOKABLE void discard(const QString &outboxKey);
    Q_INVOKABLE void setTyping(bool active);
    Q_INVOKABLE QStringList mentionCandidates(const QString &prefix) const;

Q_SIGNALS:
    void openedChanged();
    void typingTextChanged();
    void firstUnreadSeqChanged();
    void unreadCountChanged();
    void hasOlderChanged();
    void loadingOlderChanged();
    void membersChanged();
    void atNewestChanged();
    // The view scrolls to this row (e.g. positionViewAtIndex(row, ListView.Center)).
    void positionRequested(int row);

private:
    QString ownUser() const;
    QList<client::StoredMessage> loadWindow();
    QList<client::OutboxEntry> outboxOfStream() const;
    void reload();
    void refreshCounts();
    qint64 findFirstUnread() const;
    void onOlderLoaded(const QString &stream, bool reachedStart);
    void onTyping(const protocol::Typing &typing);
    void onMembers(const protocol::Members &members);
    void requestMembers();
    void addMembers(const QStringList &users);
    void widenTo(qint64 lowSeq);
    bool jumpWithinCache(qint64 seq);
    void setLoadingOlder(bool loading);
    void setHasOlder(bool hasOlder);

    QPointer<client::Account> m_account;
    QList<QMetaObject::Connection> m_connections;
    QString m_stream;
    QString m_kind;
    QString m_title;
    MessageListModel m_messages;
    TypingTracker m_typing;
    qint64 m_lowSeq = 0; // the window: stored messages from this seq up to the newest (0: newest page)
    QString m_epoch; // of the stream's history when the window was set
    QList<client::OutboxEntry> m_outbox; // the stream's entries the rows showed at the last reload
    qint64 m_newestLoaded = 0; // the newest stored seq the window held after the last reload
    bool m_atNewest = false;
    qint64 m_firstUnreadSeq = 0;
    qint64 m_markedSeq = 0; // the last markRead() sent while open
    int m_unreadCount = 0;
    bool m_hasOlder = false;
    bool m_loadingOlder = false;
    std::optional<qint64> m_olderBefore; // the oldest seq shown when loadOlder() asked the account
    std::optional<qint64> m_pendingJump;
    int m_jumpAttempts = 0;
    QStringList m_members;
    bool m_membersReceived = false;
    QString m_membersRequest;
    bool m_typingActive = false;
    QElapsedTimer m_typingSent;
    std::chrono::milliseconds m_typingInterval { 3000 };
};

} // namespace confab::app
