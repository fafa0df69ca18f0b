#include "platform/desktopnotifier.h"

#include "platform/traynotifier.h"

#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
#include "platform/freedesktopnotifier.h"
#endif

namespace confab::app {

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) { }

DesktopNotifier::~DesktopNotifier() = default;

std::unique_ptr<DesktopNotifier> DesktopNotifier::createForPlatform(QSystemTrayIcon *tray, QObject *parent)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (FreedesktopNotifier::serviceAvailable())
        return std::make_unique<FreedesktopNotifier>(QDBusConnection::sessionBus(), parent);
#endif
    return std::make_unique<TrayNotifier>(tray, parent);
}

} // namespace confab::app
