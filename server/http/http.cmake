# Sources of confab_relay owned by helper A (issue 7). Paths relative to server/.
# Boost.Beast parses HTTP; it is header-only and only http/httpheadparser.cpp includes it.
find_package(Boost 1.74 REQUIRED)
target_sources(confab_relay PRIVATE
    http/httprequest.cpp http/httprequest.h
    http/httpresponse.cpp http/httpresponse.h
    http/httpexchange.cpp http/httpexchange.h
    http/httpendpoint.h
    http/httpheadparser.cpp http/httpheadparser.h
    http/httpconnection.cpp http/httpconnection.h
)
target_link_libraries(confab_relay PRIVATE Boost::headers)
