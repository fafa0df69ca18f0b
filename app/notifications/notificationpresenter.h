#pragma once

#include "notifications/notificationcoalescer.h"
#include "notifications/notificationpolicy.h"
#include "notifications/notificationrules.h"
#include "platform/desktopnotifier.h"
#include "protocol/notificationframes.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace confab::client {
class Account;
struct StoredMessage;
struct StoredNotification;
} // namespace confab::client

namespace confab::app {

// Raises desktop notifications for what arrives in the accounts: direct messages, messages that
// mention me and topic notifications, as the rules allow (NotificationPolicy), summarised during
// a catch-up and in floods (NotificationCoalescer). Answers clicks: the notification itself asks
// the app to open the stream at it (openRequested); a button runs the notification's action
// (open a URL, send an HTTP request).
class NotificationPresenter : public QObject
{
    Q_OBJECT

public:
    explicit NotificationPresenter(DesktopNotifier *notifier, QObject *parent = nullptr);
    ~NotificationPresenter() override;

    void addAccount(client::Account *account);
    void removeAccount(client::Account *account);

    NotificationRules rules() const { return m_rules; }
    void setRules(const NotificationRules &rules);
    // Who "me" is in an account (default: the account settings' user name).
    void setOwnUser(const QString &accountId, const QString &user);
    // The conversation the user has in front of them (window active, stream open; empty: none).
    // What arrives there live is already on screen and raises nothing; a catch-up still does.
    void setViewedStream(const QString &accountId, const QString &stream);

    NotificationCoalescer *coalescer() const { return m_coalescer; }
    DesktopNotifier *notifier() const { return m_notifier; }
    // For tests: the time the rules are evaluated at, how URLs are opened, where HTTP goes.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_urlOpener = std::move(opener); }
    void setNetworkAccessManager(QNetworkAccessManager *manager);

    int shownCount() const { return m_shownCount; }

    // What the accounts' signals feed in; public so that tests can drive them without a relay.
    void presentMessage(const QString &accountId, const client::StoredMessage &message, bool catchingUp);
    void presentNotification(
        const QString &accountId, const client::StoredNotification &notification, bool catchingUp);

Q_SIGNALS:
    // The user clicked a notification: show this stream (at seq; for a summary the oldest new one).
    void openRequested(const QString &accountId, const QString &stream, qint64 seq);
    void shown(const confab::app::DesktopNotification &notification);
    void suppressed(const QString &reason);
    // A notification's button ran (view: the URL was opened; http: the request was sent).
    void actionInvoked(const QString &label);
    // An http action's request ended; `error` is empty on success.
    void actionFinished(const QString &label, const QString &error);

private:
    // What a shown notification needs for its clicks, by key.
    struct Shown {
        QString accountId;
        QString stream;
        qint64 seq = 0;
        QList<protocol::NotificationAction> actions;
    };

    QDateTime now() const;
    QString ownUser(const QString &accountId) const;
    void show(const DesktopNotification &notification);
    void onActivated(const QString &key, const QString &actionId);
    void runAction(const Shown &shown, const protocol::NotificationAction &action);
    void remember(const QString &key, const Shown &shown);

    QPointer<DesktopNotifier> m_notifier;
    NotificationCoalescer *m_coalescer = nullptr;
    NotificationRules m_rules;
    QHash<QString, QPointer<client::Account>> m_accounts;
    QHash<QString, QString> m_ownUsers;
    QString m_viewedAccount;
    QString m_viewedStream;
    QHash<QString, Shown> m_shown;
    QStringList m_shownOrder; // oldest first, to forget the oldest past kRemembered
    std::function<QDateTime()> m_clock;
    std::function<bool(const QUrl &)> m_urlOpener;
    QPointer<QNetworkAccessManager> m_network;
    QNetworkAccessManager *m_ownNetwork = nullptr;
    int m_shownCount = 0;
};

} // namespace confab::app
