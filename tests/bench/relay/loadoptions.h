#pragma once
// LoadOptions: what one confab-loadgen run does, from its command line.
#include <cstdint>
#include <optional>
#include <string>

namespace confab::bench {

struct LoadOptions
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string path = "/v1/ws";
    std::string tokenFile;
    std::string label = "relay";
    int clients = 100;
    int workers = 2;
    int sourceAddresses = 4;      // connections spread over 127.0.0.2 ... 127.0.0.(1+N)
    int roomSize = 0;             // 0: every client in one room
    int publishers = 0;           // 0: every client publishes and subscribes; else the last N only publish
    std::string roomPrefix = "bench";
    double rate = 0;              // messages per second over all publishers; 0: connect only
    double durationSeconds = 5;
    int messageBytes = 128;       // length of each message's text
    double idleSeconds = 0;       // after the storm, before the relay's memory is read
    int relayPid = 0;             // 0: no memory or CPU figures for the relay
    double connectTimeoutSeconds = 30;
    int drainQuietMillis = 1000;  // the run ends this long after the last delivery
    double maxDrainSeconds = 15;  // ... or this long after publishing stopped (a relay far behind)
    int pollMicros = 0;           // 0: each process sleeps in epoll until a socket is ready; else it
                                  // takes what is ready every N microseconds (fewer wakeups, which
                                  // the sender pays for on loopback)
};

// Parses argv; on an error or --help returns nothing after printing to stderr.
std::optional<LoadOptions> parseLoadOptions(int argc, char **argv);

} // namespace confab::bench
