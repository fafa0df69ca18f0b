# Native notification backends, relative to app/platform/ (one per OS).
set(CONFAB_PLATFORM_NOTIFIER_SOURCES
)
