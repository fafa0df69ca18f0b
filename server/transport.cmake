# Sources of confab_relay owned by helper D1 (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    sessiontransport.h
    websockettransport.cpp websockettransport.h
    parallelsends.cpp parallelsends.h
    eventstreamtransport.cpp eventstreamtransport.h
    httpapi/eventstreamendpoint.cpp httpapi/eventstreamendpoint.h
)
