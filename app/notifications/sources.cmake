# Files of app/notifications (relative to app/), owned by that folder.
set(CONFAB_APP_NOTIFICATIONS_SOURCES
)
