# Tray, start on login and system theme, relative to app/platform/ (one file per OS).
set(CONFAB_PLATFORM_INTEGRATION_SOURCES
    autostart.cpp autostart.h
    systemtheme.cpp systemtheme.h
    traystate.cpp traystate.h
    trayicon.cpp trayicon.h
)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    list(APPEND CONFAB_PLATFORM_INTEGRATION_SOURCES autostart_linux.cpp systemtheme_linux.cpp)
elseif(WIN32)
    list(APPEND CONFAB_PLATFORM_INTEGRATION_SOURCES autostart_windows.cpp systemtheme_other.cpp)
elseif(APPLE)
    list(APPEND CONFAB_PLATFORM_INTEGRATION_SOURCES autostart_macos.cpp systemtheme_other.cpp)
else()
    # Other freedesktop systems (the BSDs) use the same autostart folder and portal as Linux.
    list(APPEND CONFAB_PLATFORM_INTEGRATION_SOURCES autostart_linux.cpp systemtheme_linux.cpp)
endif()
