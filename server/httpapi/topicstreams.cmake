# Sources of confab_relay owned by helper C (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    httpapi/ntfymessage.cpp httpapi/ntfymessage.h
    httpapi/topicstreamendpoint.cpp httpapi/topicstreamendpoint.h
    httpapi/topicstreamfilter.cpp httpapi/topicstreamfilter.h
    httpapi/topicstreamgrant.cpp httpapi/topicstreamgrant.h
    httpapi/topicstreamposition.cpp httpapi/topicstreamposition.h
    httpapi/topicstreamrequest.cpp httpapi/topicstreamrequest.h
    httpapi/topicstreamsession.cpp httpapi/topicstreamsession.h
    httpapi/topicstreamsince.cpp httpapi/topicstreamsince.h
)
