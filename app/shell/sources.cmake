# Files of app/shell (relative to app/), owned by that folder.
set(CONFAB_APP_SHELL_SOURCES
)
