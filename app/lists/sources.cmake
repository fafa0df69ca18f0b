# Files of app/lists (relative to app/), owned by that folder.
set(CONFAB_APP_LISTS_SOURCES
)
