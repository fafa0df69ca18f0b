# Sources of confab_relay owned by helper B (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    httpapi/httpauth.h httpapi/httpauth.cpp
    httpapi/httptopicaccess.h httpapi/httptopicaccess.cpp
    httpapi/ntfyactions.h httpapi/ntfyactions.cpp
    httpapi/ntfypublishrequest.h httpapi/ntfypublishrequest.cpp
    httpapi/publishendpoint.h httpapi/publishendpoint.cpp
)
