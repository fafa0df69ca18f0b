#include "loadoptions.h"

#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>

namespace confab::bench {

namespace {

void printUsage()
{
    std::cerr << "usage: confab-loadgen --url ws://HOST:PORT/v1/ws --tokens FILE [options]\n"
                 "  --clients N          authenticated connections (default 100)\n"
                 "  --workers N          load processes (default 2); each stays under its open-files limit\n"
                 "  --sources N          source addresses 127.0.0.2 .. 127.0.0.(N+1) (default 4)\n"
                 "  --room-size N        members per room; 0 = one room of every client (default 0)\n"
                 "  --publishers N       the last N clients only publish; 0 = every client publishes and subscribes\n"
                 "  --room-prefix P      room names P0, P1, ... (default bench)\n"
                 "  --rate R             messages per second over all publishers; 0 = connection storm only\n"
                 "  --duration S         seconds of publishing (default 5)\n"
                 "  --message-bytes N    text length of each message (default 128)\n"
                 "  --idle-seconds S     idle time after the storm before reading the relay's memory\n"
                 "  --relay-pid PID      the relay's process, for its memory and CPU\n"
                 "  --label NAME         names the relay in the report (default relay)\n"
                 "  --connect-timeout S  per connection, handshake and hello included (default 30)\n"
                 "  --drain-quiet-ms N   the run ends this long after the last delivery (default 1000; ten times\n"
                 "                       as long for a process without publishers)\n"
                 "  --max-drain S        ... or this long after publishing stopped (default 15)\n"
                 "  --poll-us N          take what the sockets hold every N microseconds instead of waking\n"
                 "                       up for each arrival (default 0: wake up for each)\n";
}

bool parseUrl(const std::string &url, LoadOptions &options)
{
    const std::string scheme = "ws://";
    if (url.rfind(scheme, 0) != 0)
        return false;
    const std::string rest = url.substr(scheme.size());
    const auto slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    options.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const auto colon = authority.rfind(':');
    if (colon == std::string::npos)
        return false;
    options.host = authority.substr(0, colon);
    const long port = std::strtol(authority.c_str() + colon + 1, nullptr, 10);
    if (port <= 0 || port > 65535)
        return false;
    options.port = static_cast<std::uint16_t>(port);
    return true;
}

} // namespace

std::optional<LoadOptions> parseLoadOptions(int argc, char **argv)
{
    LoadOptions options;
    bool urlGiven = false;
    const std::map<std::string, std::function<bool(const std::string &)>> handlers = {
        { "--url", [&](const std::string &v) { urlGiven = parseUrl(v, options); return urlGiven; } },
        { "--tokens", [&](const std::string &v) { options.tokenFile = v; return !v.empty(); } },
        { "--clients", [&](const std::string &v) { options.clients = std::atoi(v.c_str()); return options.clients > 0; } },
        { "--workers", [&](const std::string &v) { options.workers = std::atoi(v.c_str()); return options.workers > 0; } },
        { "--sources", [&](const std::string &v) { options.sourceAddresses = std::atoi(v.c_str()); return options.sourceAddresses > 0 && options.sourceAddresses < 250; } },
        { "--room-size", [&](const std::string &v) { options.roomSize = std::atoi(v.c_str()); return options.roomSize >= 0; } },
        { "--publishers", [&](const std::string &v) { options.publishers = std::atoi(v.c_str()); return options.publishers >= 0; } },
        { "--room-prefix", [&](const std::string &v) { options.roomPrefix = v; return !v.empty(); } },
        { "--rate", [&](const std::string &v) { options.rate = std::atof(v.c_str()); return options.rate >= 0; } },
        { "--duration", [&](const std::string &v) { options.durationSeconds = std::atof(v.c_str()); return options.durationSeconds > 0; } },
        { "--message-bytes", [&](const std::string &v) { options.messageBytes = std::atoi(v.c_str()); return options.messageBytes >= 32 && options.messageBytes <= 16000; } },
        { "--idle-seconds", [&](const std::string &v) { options.idleSeconds = std::atof(v.c_str()); return options.idleSeconds >= 0; } },
        { "--relay-pid", [&](const std::string &v) { options.relayPid = std::atoi(v.c_str()); return options.relayPid >= 0; } },
        { "--label", [&](const std::string &v) { options.label = v; return !v.empty(); } },
        { "--connect-timeout", [&](const std::string &v) { options.connectTimeoutSeconds = std::atof(v.c_str()); return options.connectTimeoutSeconds > 0; } },
        { "--poll-us", [&](const std::string &v) { options.pollMicros = std::atoi(v.c_str()); return options.pollMicros >= 0; } },
        { "--drain-quiet-ms", [&](const std::string &v) { options.drainQuietMillis = std::atoi(v.c_str()); return options.drainQuietMillis > 0; } },
        { "--max-drain", [&](const std::string &v) { options.maxDrainSeconds = std::atof(v.c_str()); return options.maxDrainSeconds > 0; } },
    };
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--help" || name == "-h") {
            printUsage();
            return std::nullopt;
        }
        const auto handler = handlers.find(name);
        if (handler == handlers.end() || i + 1 >= argc) {
            std::cerr << "confab-loadgen: unknown option or missing value: " << name << "\n";
            printUsage();
            return std::nullopt;
        }
        const std::string value = argv[++i];
        if (!handler->second(value)) {
            std::cerr << "confab-loadgen: bad value for " << name << ": " << value << "\n";
            return std::nullopt;
        }
    }
    if (!urlGiven || options.tokenFile.empty()) {
        std::cerr << "confab-loadgen: --url and --tokens are required\n";
        printUsage();
        return std::nullopt;
    }
    if (options.publishers >= options.clients) {
        std::cerr << "confab-loadgen: --publishers must leave at least one subscriber\n";
        return std::nullopt;
    }
    return options;
}

} // namespace confab::bench
