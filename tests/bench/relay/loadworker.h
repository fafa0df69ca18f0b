#pragma once
// LoadWorker: one load-generating process. It owns a slice of the clients and runs the phases the
// coordinator names on its control pipe (connect, create, join, subscribe, run, quit), answering
// each with a "done <phase> ..." line; a run also sends its latency histograms.
#include "latencyhistogram.h"
#include "loadclient.h"
#include "loadoptions.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace confab::bench {

// The clock every process of a run stamps and measures with: steady_clock is CLOCK_MONOTONIC,
// one clock for the whole machine, so a send time taken in one worker means the same in another.
inline std::uint64_t monotonicNanos()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}

struct UserToken
{
    std::string user;
    std::string token;
};

class LoadWorker
{
public:
    LoadWorker(const LoadOptions &options, int worker, int firstClient, std::vector<UserToken> tokens,
               int controlIn, int controlOut);
    int run();

private:
    void readControl();
    void onCommand(const std::string &command);
    void startConnect();
    void startSetup(const std::string &phase);
    void startRun();
    void publishTick();
    void drainTick();
    void finishPhase(const std::string &line);
    void report(const std::string &line);

    bool isPublisher(int client) const;
    bool isSubscriber(int client) const;
    int roomOf(int client) const;
    bool createsRoom(int client) const;
    std::string roomStream(int client) const;

    const LoadOptions &m_options;
    boost::asio::io_context m_io;
    boost::asio::posix::stream_descriptor m_control;
    boost::asio::streambuf m_controlBuffer;
    boost::asio::steady_timer m_timer;
    int m_controlOut;
    int m_worker;
    int m_firstClient;
    std::vector<UserToken> m_tokens;
    std::vector<std::shared_ptr<LoadClient>> m_clients;
    ClientEvents m_events;

    std::string m_phase;
    int m_waiting = 0;
    int m_ok = 0;
    int m_failed = 0;
    std::uint64_t m_lastReadyNanos = 0;

    std::vector<LoadClient *> m_publishers;
    std::size_t m_nextPublisher = 0;
    double m_rate = 0;
    std::uint64_t m_runStart = 0;
    std::uint64_t m_runEnd = 0;
    std::uint64_t m_lastActivity = 0;
    std::uint64_t m_lastDelivery = 0;
    std::uint64_t m_sent = 0;
    std::uint64_t m_acked = 0;
    std::uint64_t m_ackErrors = 0;
    std::uint64_t m_delivered = 0;
    std::uint64_t m_lost = 0;
    std::uint64_t m_cpuAtStart = 0;
    bool m_running = false;
    std::string m_padding;
    LatencyHistogram m_deliveryLatency;
    LatencyHistogram m_ackLatency;
};

} // namespace confab::bench
