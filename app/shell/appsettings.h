#pragma once

#include "notifications/notificationrules.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace confab::app {

// The app's own settings (not an account's: those live in accounts.json), in
// <configDir>/settings.json. Every change is written at once, atomically (QSaveFile), so a crash
// never leaves half a file. A missing file means defaults; a damaged one also means defaults, is
// kept aside as settings.json.damaged for whoever wants to look, and problem() says so in plain
// words. Keys this version does not know are kept, so an older Confab does not erase a newer
// one's settings.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    explicit AppSettings(const QString &configDir, QObject *parent = nullptr);

    // Reads the file (a missing one is not a problem); problem() says what went wrong, if anything.
    void load();
    QString filePath() const;
    // Plain words about the last load or save that failed, empty when all is well.
    QString problem() const;

    QString theme() const; // "system" | "light" | "dark"
    void setTheme(const QString &theme);
    NotificationRules notificationRules() const;
    void setNotificationRules(const NotificationRules &rules);
    bool closeToTray() const;
    void setCloseToTray(bool enabled);
    // Only a mirror of what was last set: the autostart entry itself is the truth.
    bool startOnLogin() const;
    void setStartOnLogin(bool enabled);
    int offlineAlertMinutes() const;
    void setOfflineAlertMinutes(int minutes);
    bool showMessagePreviews() const; // the same as notificationRules().showPreviews
    void setShowMessagePreviews(bool show);
    QString lastAccountId() const;
    void setLastAccountId(const QString &id);
    QString lastStream(const QString &accountId) const;
    void setLastStream(const QString &accountId, const QString &stream);

Q_SIGNALS:
    void changed();
    void problemChanged();

private:
    void save();
    void setProblem(const QString &problem);
    // Stores a value under `key` and saves when it differs from what is there.
    void put(const QString &key, const QJsonValue &value);

    QString m_filePath;
    QJsonObject m_json; // everything in the file, unknown keys included
    QString m_problem;
};

} // namespace confab::app
