#pragma once

#include <QByteArray>

#include <optional>

namespace confab::relay {

// The standard process_* metrics every Prometheus client library exports, read from /proc on
// Linux (cheap: a few small files per scrape); elsewhere only what the relay knows itself.
class ProcessStats
{
public:
    // When the process started, in seconds since the epoch (from /proc/self/stat and the boot time).
    static std::optional<double> startTimeSeconds();
    // Appends process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
    // process_open_fds and process_max_fds, each with HELP and TYPE, for those it can read.
    static void render(QByteArray &out);
};

} // namespace confab::relay
