#pragma once

#include "chat/chatviewmodel.h"
#include "lists/accountlistmodel.h"
#include "lists/notificationcentremodel.h"
#include "lists/quickswitchermodel.h"
#include "lists/searchmodel.h"
#include "lists/streamlistmodel.h"
#include "platform/traystate.h"
#include "shell/accountsetupviewmodel.h"
#include "shell/connectionbannerviewmodel.h"
#include "shell/settingsviewmodel.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

namespace confab::client {
class Account;
class AccountManager;
class CredentialStore;
class NetworkMonitor;
} // namespace confab::client

namespace confab::app {

class AppSettings;
class Autostart;
class DesktopNotifier;
class MessageLog;
class NotificationPresenter;
class SystemTheme;
class TrayIcon;

// The one object Main.qml gets (`required property AppViewModel app`): it owns the accounts and
// every view model, and keeps them pointed at the current account. It is also where the parts meet:
// the settings' notification rules reach the presenter and the tray, the tray's unread count and
// connection state follow the accounts, a clicked notification opens its message, the sidebar
// follows the open conversation, and the last account and conversation are reopened at the next
// start. Nothing here draws: QML presents, these objects decide.
class AppViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AppViewModel is created by the application")

    Q_PROPERTY(bool hasAccounts READ hasAccounts NOTIFY hasAccountsChanged)
    Q_PROPERTY(confab::app::AccountListModel *accounts READ accounts CONSTANT)
    Q_PROPERTY(QString currentAccountId READ currentAccountId WRITE setCurrentAccountId NOTIFY currentAccountIdChanged)
    Q_PROPERTY(confab::app::StreamListModel *streams READ streams CONSTANT)
    Q_PROPERTY(confab::app::QuickSwitcherModel *switcher READ switcher CONSTANT)
    Q_PROPERTY(confab::app::ChatViewModel *chat READ chat CONSTANT)
    Q_PROPERTY(confab::app::NotificationCentreModel *notifications READ notifications CONSTANT)
    Q_PROPERTY(confab::app::SearchModel *search READ search CONSTANT)
    Q_PROPERTY(confab::app::ConnectionBannerViewModel *connection READ connection CONSTANT)
    Q_PROPERTY(confab::app::SettingsViewModel *settings READ settings CONSTANT)
    Q_PROPERTY(confab::app::AccountSetupViewModel *setup READ setup CONSTANT)
    Q_PROPERTY(confab::app::TrayState *tray READ tray CONSTANT)
    Q_PROPERTY(QString currentView READ currentView WRITE setCurrentView NOTIFY currentViewChanged)
    Q_PROPERTY(bool keepRunningInTray READ keepRunningInTray NOTIFY keepRunningInTrayChanged)

public:
    // `notifier` nullptr: the platform's own (D-Bus notifications on Linux, else the tray's).
    // `monitor` nullptr: the system's network reachability.
    AppViewModel(const QString &configDir, const QString &dataDir, client::CredentialStore *keychain,
                 client::NetworkMonitor *monitor = nullptr, DesktopNotifier *notifier = nullptr,
                 QObject *parent = nullptr);
    ~AppViewModel() override;

    // Reads the saved accounts and settings and reopens the last account and conversation;
    // nullopt when all went well, else what went wrong in plain words (the app still runs).
    std::optional<QString> load();
    // Connects every account (after load() and any quick start).
    void startAll();
    // The environment's quick start (scripts, the demo, end-to-end tests): the account of
    // `userName` on `relayUrl` (made when missing, remembering nothing) gets `password` for this
    // session, becomes the current account, and `stream` is joined, subscribed and opened.
    std::optional<QString> quickStart(const QUrl &relayUrl, const QString &userName,
                                      const QString &password, const QString &stream);

    bool hasAccounts() const;
    AccountListModel *accounts() const { return m_accountList; }
    QString currentAccountId() const { return m_currentAccountId; }
    void setCurrentAccountId(const QString &id);
    StreamListModel *streams() const { return m_streams; }
    QuickSwitcherModel *switcher() const { return m_switcher; }
    ChatViewModel *chat() const { return m_chat; }
    NotificationCentreModel *notifications() const { return m_notifications; }
    SearchModel *search() const { return m_search; }
    ConnectionBannerViewModel *connection() const { return m_connection; }
    SettingsViewModel *settings() const { return m_settings; }
    AccountSetupViewModel *setup() const { return m_setup; }
    TrayState *tray() const { return m_tray; }
    QString currentView() const { return m_currentView; }
    void setCurrentView(const QString &view);
    bool keepRunningInTray() const;

    client::AccountManager *accountManager() const { return m_manager; }
    client::Account *currentAccount() const;
    NotificationPresenter *presenter() const { return m_presenter; }
    AppSettings *appSettings() const { return m_appSettings; }
    DesktopNotifier *notifier() const { return m_notifier; }

    Q_INVOKABLE void openStream(const QString &stream);
    Q_INVOKABLE void openSearchResult(int row);
    Q_INVOKABLE void quit();

Q_SIGNALS:
    void hasAccountsChanged();
    void currentAccountIdChanged();
    void currentViewChanged();
    void keepRunningInTrayChanged();
    // Show, raise and activate the window: the tray's "Open", a clicked notification.
    void raiseWindowRequested();
    // quit() was asked for (the tray's or the window's Quit); main() ends the event loop.
    void quitRequested();
    // Show the notification centre's row `row` (a search result or a clicked notification).
    void notificationPositionRequested(int row);
    // An account signed in (each time it connects).
    void accountConnected(const QString &accountId, const QString &userName);

private:
    void wireAccount(client::Account *account);
    void onAccountRemoved(const QString &id);
    // Tells the presenter which conversation the user is reading (none when the window is not active).
    void updateViewedStream();
    void onSetupReady(const QString &accountId);
    void onOpenRequested(const QString &accountId, const QString &stream, qint64 seq);
    void applyRules();
    void updateTrayPhase();
    void updateHasAccounts();
    void updateKeepRunningInTray();

    client::AccountManager *m_manager = nullptr;
    AppSettings *m_appSettings = nullptr;
    std::unique_ptr<Autostart> m_autostart;
    SystemTheme *m_theme = nullptr;
    TrayState *m_tray = nullptr;
    TrayIcon *m_trayIcon = nullptr; // only when the desktop has a tray
    std::unique_ptr<DesktopNotifier> m_ownNotifier;
    DesktopNotifier *m_notifier = nullptr;
    NotificationPresenter *m_presenter = nullptr;
    SettingsViewModel *m_settings = nullptr;
    AccountSetupViewModel *m_setup = nullptr;
    ConnectionBannerViewModel *m_connection = nullptr;
    AccountListModel *m_accountList = nullptr;
    StreamListModel *m_streams = nullptr;
    QuickSwitcherModel *m_switcher = nullptr;
    ChatViewModel *m_chat = nullptr;
    NotificationCentreModel *m_notifications = nullptr;
    SearchModel *m_search = nullptr;
    MessageLog *m_messageLog = nullptr;

    // Accounts the first-run form is still trying (added, not yet signed in): not shown as
    // accounts until accountReady, so the form stays while it tries.
    QSet<QString> m_trialAccounts;
    QString m_justAdded; // the last account added, until the form says whether it is its trial

    QString m_currentAccountId;
    QString m_currentView = QStringLiteral("chat");
    bool m_hasAccounts = false;
    bool m_keepRunningInTray = false;
};

} // namespace confab::app
