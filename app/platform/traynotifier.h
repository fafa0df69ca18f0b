#pragma once

#include "platform/desktopnotifier.h"

#include <QPointer>

class QSystemTrayIcon;

namespace confab::app {

// Notifications as the tray icon's balloon messages (Windows, macOS, and Linux without a
// notification service). One message at a time and no buttons: a click on the message activates
// the last one shown with "default".
class TrayNotifier : public DesktopNotifier
{
    Q_OBJECT

public:
    explicit TrayNotifier(QSystemTrayIcon *tray, QObject *parent = nullptr);

    void show(const DesktopNotification &notification) override;
    void withdraw(const QString &key) override;
    QString backendName() const override;

    QString lastKey() const { return m_lastKey; }
    // How long a balloon stays, by priority: urgent ones longer.
    static int durationMsFor(int priority);

private:
    void onMessageClicked();

    QPointer<QSystemTrayIcon> m_tray;
    QString m_lastKey;
};

} // namespace confab::app
