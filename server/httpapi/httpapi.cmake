# Sources of confab_relay owned by helper A (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    httpapi/httpapi.cpp httpapi/httpapi.h
    httpapi/healthendpoint.cpp httpapi/healthendpoint.h
)
