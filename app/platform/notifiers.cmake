# Native notification backends, relative to app/platform/ (one per OS).
set(CONFAB_PLATFORM_NOTIFIER_SOURCES
    desktopnotifier.cpp desktopnotifier.h
    desktopnotifier_tray.cpp traynotifier.h
)
if(UNIX AND NOT APPLE)
    list(APPEND CONFAB_PLATFORM_NOTIFIER_SOURCES desktopnotifier_linux.cpp freedesktopnotifier.h)
endif()
