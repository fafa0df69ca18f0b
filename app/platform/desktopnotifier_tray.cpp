#include "platform/traynotifier.h"

#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace confab::app {

TrayNotifier::TrayNotifier(QSystemTrayIcon *tray, QObject *parent) : DesktopNotifier(parent), m_tray(tray)
{
    if (m_tray)
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::onMessageClicked);
}

int TrayNotifier::durationMsFor(int priority)
{
    if (priority >= 5)
        return 30000;
    if (priority >= 4)
        return 15000;
    return 8000;
}

void TrayNotifier::show(const DesktopNotification &notification)
{
    m_lastKey = notification.key;
    // Without a tray (or a host showing it) there is nowhere to show a balloon; the notification
    // centre still has everything.
    if (!m_tray || !QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return;
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (notification.priority >= 5)
        icon = QSystemTrayIcon::Critical;
    else if (notification.priority >= 4)
        icon = QSystemTrayIcon::Warning;
    // Balloons are plain text on every platform: no escaping needed.
    m_tray->showMessage(notification.title, notification.body, icon, durationMsFor(notification.priority));
}

void TrayNotifier::withdraw(const QString &key)
{
    // A balloon cannot be taken back; at least a later click must not open what was withdrawn.
    if (key == m_lastKey)
        m_lastKey.clear();
}

QString TrayNotifier::backendName() const
{
    return u"tray"_s;
}

void TrayNotifier::onMessageClicked()
{
    if (!m_lastKey.isEmpty())
        Q_EMIT activated(m_lastKey, u"default"_s);
}

} // namespace confab::app
