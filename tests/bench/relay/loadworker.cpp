#include "loadworker.h"

#include <boost/asio/read_until.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <istream>
#include <thread>

namespace confab::bench {

namespace net = boost::asio;

namespace {

std::uint64_t cpuMicros()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto micros = [](const timeval &t) {
        return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000 + static_cast<std::uint64_t>(t.tv_usec);
    };
    return micros(usage.ru_utime) + micros(usage.ru_stime);
}

} // namespace

LoadWorker::LoadWorker(const LoadOptions &options, int worker, int firstClient, std::vector<UserToken> tokens,
                       int controlIn, int controlOut)
    : m_options(options)
    , m_control(m_io, controlIn)
    , m_timer(m_io)
    , m_controlOut(controlOut)
    , m_worker(worker)
    , m_firstClient(firstClient)
    , m_tokens(std::move(tokens))
{
    m_events.ready = [this](LoadClient &, bool ok) {
        (ok ? m_ok : m_failed)++;
        if (ok)
            m_lastReadyNanos = monotonicNanos();
        if (m_phase == "connect" && --m_waiting == 0)
            finishPhase("done connect ok=" + std::to_string(m_ok) + " failed=" + std::to_string(m_failed)
                        + " last_ns=" + std::to_string(m_lastReadyNanos));
    };
    m_events.reply = [this](LoadClient &, bool ok) {
        (ok ? m_ok : m_failed)++;
        if (--m_waiting == 0)
            finishPhase("done " + m_phase + " ok=" + std::to_string(m_ok) + " failed=" + std::to_string(m_failed));
    };
    m_events.delivered = [this](std::uint64_t sent) {
        const std::uint64_t now = monotonicNanos();
        if (sent < m_runStart || sent > now)
            return;
        ++m_delivered;
        m_lastDelivery = m_lastActivity = now;
        m_deliveryLatency.record((now - sent) / 1000);
    };
    m_events.acked = [this](std::uint64_t sent, bool ok) {
        const std::uint64_t now = monotonicNanos();
        m_lastActivity = now;
        if (!ok) {
            ++m_ackErrors;
            return;
        }
        ++m_acked;
        if (sent >= m_runStart && sent <= now)
            m_ackLatency.record((now - sent) / 1000);
    };
    m_events.lost = [this](LoadClient &) { ++m_lost; };
    m_padding.assign(static_cast<std::size_t>(m_options.messageBytes), 'x');
}

int LoadWorker::run()
{
    readControl();
    if (m_options.pollMicros <= 0) {
        m_io.run();
        return 0;
    }
    // On loopback the relay's send also runs this process's receive path, and waking a process
    // asleep in epoll for every arrival is a good part of that; remote desktops cost it nothing.
    // Taking what is ready at a fixed pace instead adds at most the pace to each latency.
    const auto pace = std::chrono::microseconds(m_options.pollMicros);
    while (!m_io.stopped()) {
        m_io.poll(); // stops the context once stop() was called or no work is left
        if (!m_io.stopped())
            std::this_thread::sleep_for(pace);
    }
    return 0;
}

void LoadWorker::readControl()
{
    net::async_read_until(m_control, m_controlBuffer, '\n', [this](const boost::system::error_code &e, std::size_t) {
        if (e) {
            m_io.stop(); // the coordinator is gone
            return;
        }
        std::istream in(&m_controlBuffer);
        std::string command;
        std::getline(in, command);
        onCommand(command);
        readControl();
    });
}

void LoadWorker::onCommand(const std::string &command)
{
    m_phase = command;
    m_ok = m_failed = 0;
    if (command == "connect")
        startConnect();
    else if (command == "create" || command == "join" || command == "subscribe")
        startSetup(command);
    else if (command == "run")
        startRun();
    else if (command == "quit")
        m_io.stop();
}

void LoadWorker::report(const std::string &line)
{
    const std::string text = line + "\n";
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(m_controlOut, text.data() + written, text.size() - written);
        if (n <= 0)
            return;
        written += static_cast<std::size_t>(n);
    }
}

void LoadWorker::finishPhase(const std::string &line)
{
    m_timer.cancel();
    m_phase.clear();
    report(line);
}

void LoadWorker::startConnect()
{
    const auto relayAddress = net::ip::make_address(m_options.host);
    const net::ip::tcp::endpoint relay(relayAddress, m_options.port);
    const auto timeout = std::chrono::milliseconds(static_cast<long>(m_options.connectTimeoutSeconds * 1000));
    m_waiting = static_cast<int>(m_tokens.size());
    m_clients.reserve(m_tokens.size());
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        const int client = m_firstClient + static_cast<int>(i);
        const int source = 2 + client % m_options.sourceAddresses;
        ClientTarget target{ relay,
                             relayAddress.is_loopback() && relayAddress.is_v4()
                                 ? net::ip::make_address("127.0.0." + std::to_string(source))
                                 : net::ip::address_v4::any(),
                             m_options.host + ":" + std::to_string(m_options.port), m_options.path };
        auto loadClient = std::make_shared<LoadClient>(m_io, m_events, client);
        m_clients.push_back(loadClient);
        loadClient->start(target, m_tokens[i].token, timeout);
    }
    if (m_waiting == 0) {
        finishPhase("done connect ok=0 failed=0 last_ns=0");
        return;
    }
    // Clients still silent at the deadline count as failed.
    m_timer.expires_after(timeout + std::chrono::seconds(1));
    m_timer.async_wait([this](const boost::system::error_code &e) {
        if (e || m_phase != "connect")
            return;
        finishPhase("done connect ok=" + std::to_string(m_ok) + " failed=" + std::to_string(m_failed + m_waiting)
                    + " last_ns=" + std::to_string(m_lastReadyNanos));
    });
}

bool LoadWorker::isPublisher(int client) const
{
    return m_options.publishers == 0 || client >= m_options.clients - m_options.publishers;
}

bool LoadWorker::isSubscriber(int client) const
{
    return m_options.publishers == 0 || client < m_options.clients - m_options.publishers;
}

int LoadWorker::roomOf(int client) const
{
    return m_options.roomSize == 0 ? 0 : client / m_options.roomSize;
}

bool LoadWorker::createsRoom(int client) const
{
    return m_options.roomSize == 0 ? client == 0 : client % m_options.roomSize == 0;
}

std::string LoadWorker::roomStream(int client) const
{
    return "room:" + m_options.roomPrefix + std::to_string(roomOf(client));
}

void LoadWorker::startSetup(const std::string &phase)
{
    m_waiting = 0;
    for (const auto &client : m_clients) {
        if (!client->isReady())
            continue;
        const int index = client->index();
        std::string frame;
        if (phase == "create" && createsRoom(index)) {
            frame = R"({"type":"create_room","id":"c","name":")" + m_options.roomPrefix
                    + std::to_string(roomOf(index)) + R"(","visibility":"public"})";
            client->request(frame, "c");
        } else if (phase == "join" && !createsRoom(index)) {
            client->request(R"({"type":"join","id":"j","stream":")" + roomStream(index) + R"("})", "j");
        } else if (phase == "subscribe" && isSubscriber(index)) {
            client->request(R"({"type":"subscribe","id":"s","stream":")" + roomStream(index) + R"("})", "s");
        } else {
            continue;
        }
        ++m_waiting;
    }
    if (m_waiting == 0)
        finishPhase("done " + phase + " ok=0 failed=0");
}

void LoadWorker::startRun()
{
    for (const auto &client : m_clients) {
        if (client->isReady() && isPublisher(client->index()))
            m_publishers.push_back(client.get());
    }
    const int totalPublishers = m_options.publishers == 0 ? m_options.clients : m_options.publishers;
    m_rate = m_options.rate * static_cast<double>(m_publishers.size()) / totalPublishers;
    m_runStart = monotonicNanos();
    m_runEnd = m_runStart + static_cast<std::uint64_t>(m_options.durationSeconds * 1e9);
    m_lastActivity = m_runStart;
    m_cpuAtStart = cpuMicros();
    m_running = true;
    publishTick();
}

void LoadWorker::publishTick()
{
    const std::uint64_t now = monotonicNanos();
    if (now >= m_runEnd || m_publishers.empty()) {
        m_running = false;
        drainTick();
        return;
    }
    const double elapsed = static_cast<double>(now - m_runStart) / 1e9;
    const auto due = static_cast<std::uint64_t>(std::floor(elapsed * m_rate));
    while (m_sent < due) {
        LoadClient *publisher = m_publishers[m_nextPublisher++ % m_publishers.size()];
        const std::uint64_t stamp = monotonicNanos();
        const std::string counter = std::to_string(m_sent);
        std::string text = std::to_string(stamp) + ' ';
        text.append(m_padding, 0, m_padding.size() > text.size() ? m_padding.size() - text.size() : 0);
        publisher->send(R"({"type":"send","id":"m)" + counter + '.' + std::to_string(stamp) + R"(","stream":")"
                        + roomStream(publisher->index()) + R"(","client_msg_id":"w)" + std::to_string(m_worker) + 'n'
                        + counter + R"(","text":")" + text + R"("})");
        ++m_sent;
    }
    m_timer.expires_after(std::chrono::milliseconds(1));
    m_timer.async_wait([this](const boost::system::error_code &e) {
        if (!e)
            publishTick();
    });
}

void LoadWorker::drainTick()
{
    const std::uint64_t now = monotonicNanos();
    const std::uint64_t quiet = static_cast<std::uint64_t>(m_options.drainQuietMillis) * 1'000'000;
    // A worker without publishers cannot tell when the others are done: one of them may have been
    // held up for a while (a busy machine) and still send what was due before its run ended, so
    // such a worker waits ten quiet spells instead of one.
    const bool allAcked = !m_publishers.empty() && m_acked + m_ackErrors >= m_sent;
    // A worker without publishers still listens for the whole run.
    const bool published = now >= m_runEnd;
    const bool quietEnough = now - m_lastActivity >= quiet && (allAcked || now - m_lastActivity >= 10 * quiet);
    const bool drainedTooLong = published && now - m_runEnd >= static_cast<std::uint64_t>(m_options.maxDrainSeconds * 1e9);
    if (published && (quietEnough || drainedTooLong)) {
        const std::uint64_t cpu = cpuMicros() - m_cpuAtStart;
        finishPhase("done run sent=" + std::to_string(m_sent) + " acked=" + std::to_string(m_acked)
                    + " ack_errors=" + std::to_string(m_ackErrors) + " delivered=" + std::to_string(m_delivered)
                    + " lost=" + std::to_string(m_lost) + " cpu_us=" + std::to_string(cpu)
                    + " last_delivery_ns=" + std::to_string(m_lastDelivery));
        report("hist delivery " + m_deliveryLatency.serialize());
        report("hist ack " + m_ackLatency.serialize());
        return;
    }
    m_timer.expires_after(std::chrono::milliseconds(50));
    m_timer.async_wait([this](const boost::system::error_code &e) {
        if (!e)
            drainTick();
    });
}

} // namespace confab::bench
