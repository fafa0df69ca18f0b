# Sources of confab_relay owned by helper F (issue 7). Paths relative to server/.
target_sources(confab_relay PRIVATE
    metrics/relaymetrics.cpp metrics/relaymetrics.h
    metrics/histogram.cpp metrics/histogram.h
    metrics/processstats.cpp metrics/processstats.h
    metrics/prometheustext.h
    httpapi/metricsendpoint.cpp httpapi/metricsendpoint.h
)
