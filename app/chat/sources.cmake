# Files of app/chat (relative to app/), owned by that folder.
set(CONFAB_APP_CHAT_SOURCES
)
