# Sources of confab_relay owned by helper E (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
)
