# Files of app/platform (relative to app/), owned by that folder.
set(CONFAB_APP_PLATFORM_SOURCES
)
