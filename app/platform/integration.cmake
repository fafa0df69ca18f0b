# Tray, start on login and system theme, relative to app/platform/ (one file per OS).
set(CONFAB_PLATFORM_INTEGRATION_SOURCES
)
