#pragma once

#include "notifications/notificationrules.h"

#include "client/account/accountsettings.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <functional>

namespace confab::client {
class Account;
class AccountManager;
} // namespace confab::client

namespace confab::app {

class AppSettings;
class Autostart;
class SystemTheme;

// The settings page: do not disturb, per-topic mute and minimum priority, theme, start on login,
// tray and offline alert, message previews, the current account's proxy, signing out and removing
// accounts. Every change is saved at once (AppSettings; the proxy in the account's own settings),
// and the notification rules go out in rulesChanged() to whoever raises notifications.
// Dependencies are injected (the autostart entry and the desktop theme differ per OS, and tests
// use stand-ins); any of them may be null, the settings then only remember the choice.
class SettingsViewModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("SettingsViewModel is created by the application")

    Q_PROPERTY(QString dndMode READ dndMode WRITE setDndMode NOTIFY dndChanged)
    Q_PROPERTY(QDateTime dndUntil READ dndUntil WRITE setDndUntil NOTIFY dndChanged)
    Q_PROPERTY(int dndStartMinutes READ dndStartMinutes WRITE setDndStartMinutes NOTIFY dndChanged)
    Q_PROPERTY(int dndEndMinutes READ dndEndMinutes WRITE setDndEndMinutes NOTIFY dndChanged)
    Q_PROPERTY(bool dndActive READ dndActive NOTIFY dndActiveChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(bool darkTheme READ darkTheme NOTIFY darkThemeChanged)
    Q_PROPERTY(bool startOnLogin READ startOnLogin WRITE setStartOnLogin NOTIFY startOnLoginChanged)
    Q_PROPERTY(bool closeToTray READ closeToTray WRITE setCloseToTray NOTIFY closeToTrayChanged)
    Q_PROPERTY(int offlineAlertMinutes READ offlineAlertMinutes WRITE setOfflineAlertMinutes
                   NOTIFY offlineAlertMinutesChanged)
    Q_PROPERTY(bool showMessagePreviews READ showMessagePreviews WRITE setShowMessagePreviews
                   NOTIFY showMessagePreviewsChanged)
    Q_PROPERTY(QStringList topics READ topics NOTIFY topicsChanged)
    Q_PROPERTY(QString proxyMode READ proxyMode WRITE setProxyMode NOTIFY proxyChanged)
    Q_PROPERTY(QString proxyHost READ proxyHost WRITE setProxyHost NOTIFY proxyChanged)
    Q_PROPERTY(int proxyPort READ proxyPort WRITE setProxyPort NOTIFY proxyChanged)
    Q_PROPERTY(QString proxyUser READ proxyUser WRITE setProxyUser NOTIFY proxyChanged)
    // Plain words when a setting could not be applied or saved (additive to the contract).
    Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)

public:
    using Clock = std::function<QDateTime()>;

    SettingsViewModel(AppSettings *settings, Autostart *autostart, SystemTheme *systemTheme,
                      client::AccountManager *accounts, QObject *parent = nullptr);

    // The account whose topics and proxy are shown (nullptr: none).
    void setAccount(client::Account *account);

    // Tests: a fixed clock, and how often dndActive is looked at again (default one minute).
    void setClock(Clock clock);
    void setDndCheckInterval(std::chrono::milliseconds interval);

    NotificationRules rules() const;

    QString dndMode() const;
    void setDndMode(const QString &mode);
    QDateTime dndUntil() const;
    void setDndUntil(const QDateTime &until);
    int dndStartMinutes() const;
    void setDndStartMinutes(int minutes);
    int dndEndMinutes() const;
    void setDndEndMinutes(int minutes);
    bool dndActive() const;

    QString theme() const;
    void setTheme(const QString &theme);
    bool darkTheme() const;

    bool startOnLogin() const;
    void setStartOnLogin(bool enabled);
    bool closeToTray() const;
    void setCloseToTray(bool enabled);
    int offlineAlertMinutes() const;
    void setOfflineAlertMinutes(int minutes);
    bool showMessagePreviews() const;
    void setShowMessagePreviews(bool show);

    QStringList topics() const;
    Q_INVOKABLE bool topicMuted(const QString &topic) const;
    Q_INVOKABLE void setTopicMuted(const QString &topic, bool muted);
    Q_INVOKABLE int topicMinPriority(const QString &topic) const;
    Q_INVOKABLE void setTopicMinPriority(const QString &topic, int priority);

    QString proxyMode() const;
    void setProxyMode(const QString &mode);
    QString proxyHost() const;
    void setProxyHost(const QString &host);
    int proxyPort() const;
    void setProxyPort(int port);
    QString proxyUser() const;
    void setProxyUser(const QString &user);
    Q_INVOKABLE void setProxyPassword(const QString &password);
    // Saves the proxy fields in the current account and reconnects it through them.
    Q_INVOKABLE void applyProxy();

    Q_INVOKABLE void signOut(const QString &accountId);
    Q_INVOKABLE void removeAccount(const QString &accountId, bool deleteData);

    QString problem() const;

Q_SIGNALS:
    void dndChanged();
    void dndActiveChanged();
    void themeChanged();
    void darkThemeChanged();
    void startOnLoginChanged();
    void closeToTrayChanged();
    void offlineAlertMinutesChanged();
    void showMessagePreviewsChanged();
    void topicsChanged();
    void topicRulesChanged();
    void proxyChanged();
    void problemChanged();
    // Every change of what is raised as a desktop notification (for NotificationPresenter).
    void rulesChanged(const confab::app::NotificationRules &rules);

private:
    void changeRules(const std::function<void(NotificationRules &)> &change);
    void updateDndActive();
    void updateDarkTheme();
    void reloadTopics();
    void loadProxy();
    void setProblem(const QString &problem);

    QPointer<AppSettings> m_settings;
    Autostart *m_autostart = nullptr;
    QPointer<SystemTheme> m_systemTheme;
    QPointer<client::AccountManager> m_accounts;
    QPointer<client::Account> m_account;
    QMetaObject::Connection m_streamConnection;
    Clock m_clock;
    QTimer m_dndTimer;
    bool m_dndActive = false;
    bool m_darkTheme = false;
    QStringList m_topics;
    client::ProxySettings m_proxy; // the fields being edited, applied by applyProxy()
    QString m_proxyPassword;
    QString m_problem;
};

} // namespace confab::app
