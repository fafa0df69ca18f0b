# Sources of confab_relay owned by helper C (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
)
