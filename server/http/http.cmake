# Sources of confab_relay owned by helper A (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    http/httprequest.h http/httpresponse.h http/httpexchange.h http/httpendpoint.h
)
