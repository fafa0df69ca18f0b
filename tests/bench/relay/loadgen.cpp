// confab-loadgen: a load generator that speaks confab.v1. It forks worker processes (each under its
// open-files limit, each on its own source addresses), drives them through the phases of one run
// (a connection storm of token logins, optional idle time for the relay's memory, rooms created,
// joined and subscribed, then publishing at a fixed rate), and prints what it measured: storm
// time and failures, the relay's memory per connection and CPU, deliveries per second, delivery
// and acknowledgement latency, and its own CPU. The last line, "RESULT key=value ...", is for
// scripts/bench-relay.sh.
#include "latencyhistogram.h"
#include "loadoptions.h"
#include "loadworker.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

using namespace confab::bench;

namespace {

struct WorkerPipe
{
    pid_t pid = 0;
    int commandFd = -1;
    FILE *replies = nullptr;
};

std::vector<UserToken> readTokens(const std::string &file)
{
    std::vector<UserToken> tokens;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.find('\t');
        if (tab != std::string::npos)
            tokens.push_back({ line.substr(0, tab), line.substr(tab + 1) });
    }
    return tokens;
}

// key=value pairs of a "done ..." line.
std::map<std::string, std::uint64_t> fields(const std::string &line)
{
    std::map<std::string, std::uint64_t> values;
    std::istringstream in(line);
    std::string word;
    while (in >> word) {
        const auto equals = word.find('=');
        if (equals != std::string::npos)
            values[word.substr(0, equals)] = std::stoull(word.substr(equals + 1));
    }
    return values;
}

std::string readLine(WorkerPipe &worker)
{
    char *buffer = nullptr;
    size_t capacity = 0;
    const ssize_t length = getline(&buffer, &capacity, worker.replies);
    std::string line = length > 0 ? std::string(buffer, static_cast<std::size_t>(length)) : std::string();
    free(buffer);
    if (!line.empty() && line.back() == '\n')
        line.pop_back();
    return line;
}

void tell(std::vector<WorkerPipe> &workers, const std::string &command)
{
    const std::string line = command + "\n";
    for (WorkerPipe &worker : workers) {
        if (::write(worker.commandFd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            std::cerr << "confab-loadgen: worker " << worker.pid << " is gone\n";
    }
}

// Sends a phase to every worker and sums the counters of their answers.
std::map<std::string, std::uint64_t> phase(std::vector<WorkerPipe> &workers, const std::string &name,
                                           std::vector<std::map<std::string, std::uint64_t>> *each = nullptr)
{
    tell(workers, name);
    std::map<std::string, std::uint64_t> total;
    for (WorkerPipe &worker : workers) {
        const std::string line = readLine(worker);
        if (line.rfind("done " + name, 0) != 0) {
            std::cerr << "confab-loadgen: worker " << worker.pid << " answered '" << line << "' to " << name << "\n";
            continue;
        }
        const auto values = fields(line);
        if (each)
            each->push_back(values);
        for (const auto &[key, value] : values)
            total[key] += value;
    }
    return total;
}

long relayRssKiB(int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

// utime + stime of a process, in microseconds.
std::uint64_t processCpuMicros(int pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = content.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream in(content.substr(close + 2));
    std::string field;
    std::uint64_t utime = 0;
    std::uint64_t stime = 0;
    // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
    for (int i = 3; i <= 15 && in >> field; ++i) {
        if (i == 14)
            utime = std::stoull(field);
        if (i == 15)
            stime = std::stoull(field);
    }
    return (utime + stime) * 1'000'000 / static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK));
}

void raiseOpenFilesLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::vector<WorkerPipe> forkWorkers(const LoadOptions &options, const std::vector<UserToken> &tokens)
{
    std::vector<WorkerPipe> workers;
    for (int w = 0; w < options.workers; ++w) {
        const int first = static_cast<int>(static_cast<long>(options.clients) * w / options.workers);
        const int last = static_cast<int>(static_cast<long>(options.clients) * (w + 1) / options.workers);
        int toWorker[2];
        int fromWorker[2];
        if (pipe(toWorker) != 0 || pipe(fromWorker) != 0) {
            perror("confab-loadgen: pipe");
            std::exit(1);
        }
        std::cout.flush();
        const pid_t pid = fork();
        if (pid < 0) {
            perror("confab-loadgen: fork");
            std::exit(1);
        }
        if (pid == 0) {
            for (const WorkerPipe &other : workers) {
                close(other.commandFd);
                fclose(other.replies);
            }
            close(toWorker[1]);
            close(fromWorker[0]);
            LoadWorker worker(options, w, first,
                              std::vector<UserToken>(tokens.begin() + first, tokens.begin() + last),
                              toWorker[0], fromWorker[1]);
            std::_Exit(worker.run());
        }
        close(toWorker[0]);
        close(fromWorker[1]);
        workers.push_back({ pid, toWorker[1], fdopen(fromWorker[0], "r") });
    }
    return workers;
}

double ms(std::uint64_t micros)
{
    return static_cast<double>(micros) / 1000.0;
}

} // namespace

int main(int argc, char **argv)
{
    const auto parsed = parseLoadOptions(argc, argv);
    if (!parsed)
        return 2;
    LoadOptions options = *parsed;
    const std::vector<UserToken> tokens = readTokens(options.tokenFile);
    if (static_cast<int>(tokens.size()) < options.clients) {
        std::cerr << "confab-loadgen: " << options.tokenFile << " holds " << tokens.size() << " tokens, "
                  << options.clients << " needed\n";
        return 2;
    }
    if (options.clients / options.workers > 18'000) {
        std::cerr << "confab-loadgen: more than 18,000 clients per worker would hit the open-files limit: raise --workers\n";
        return 2;
    }
    raiseOpenFilesLimit();
    std::ostringstream result;
    result << "RESULT label=" << options.label << " clients=" << options.clients;

    const long rssBefore = options.relayPid ? relayRssKiB(options.relayPid) : -1;
    std::vector<WorkerPipe> workers = forkWorkers(options, tokens);

    std::printf("[%s] %d clients from %d worker processes, %d source addresses\n", options.label.c_str(),
                options.clients, options.workers, options.sourceAddresses);
    const std::uint64_t stormStart = monotonicNanos();
    std::vector<std::map<std::string, std::uint64_t>> perWorker;
    const auto storm = phase(workers, "connect", &perWorker);
    std::uint64_t lastReady = 0;
    for (const auto &values : perWorker)
        lastReady = std::max(lastReady, values.at("last_ns"));
    const double stormSeconds = lastReady > stormStart ? static_cast<double>(lastReady - stormStart) / 1e9 : 0;
    const std::uint64_t connected = storm.count("ok") ? storm.at("ok") : 0;
    const std::uint64_t failedConnect = storm.count("failed") ? storm.at("failed") : 0;
    std::printf("[%s] connection storm: %" PRIu64 " authenticated, %" PRIu64 " failed, in %.2f s\n",
                options.label.c_str(), connected, failedConnect, stormSeconds);
    result << " connected=" << connected << " connect_failed=" << failedConnect << " storm_s=" << stormSeconds;

    if (options.idleSeconds > 0 && options.relayPid) {
        // A benchmark's deliberate idle period: the relay settles before its memory is read.
        std::this_thread::sleep_for(std::chrono::duration<double>(options.idleSeconds));
        const long rssAfter = relayRssKiB(options.relayPid);
        const double perConnection = connected ? static_cast<double>(rssAfter - rssBefore) / static_cast<double>(connected) : 0;
        std::printf("[%s] relay memory: %ld KiB before, %ld KiB with %" PRIu64 " idle connections: %.1f KiB each\n",
                    options.label.c_str(), rssBefore, rssAfter, connected, perConnection);
        result << " rss_before_kib=" << rssBefore << " rss_after_kib=" << rssAfter << " kib_per_connection=" << perConnection;
    }

    if (options.rate > 0) {
        for (const char *setup : { "create", "join", "subscribe" }) {
            const auto done = phase(workers, setup);
            const std::uint64_t failed = done.count("failed") ? done.at("failed") : 0;
            if (failed)
                std::printf("[%s] %s: %" PRIu64 " failed\n", options.label.c_str(), setup, failed);
        }
        const std::uint64_t relayCpuBefore = options.relayPid ? processCpuMicros(options.relayPid) : 0;
        const std::uint64_t runStart = monotonicNanos();
        perWorker.clear();
        tell(workers, "run");
        std::map<std::string, std::uint64_t> total;
        LatencyHistogram delivery;
        LatencyHistogram ack;
        std::uint64_t lastDelivery = 0;
        std::vector<double> workerCpu;
        for (WorkerPipe &worker : workers) {
            const auto values = fields(readLine(worker));
            for (const auto &[key, value] : values)
                total[key] += value;
            lastDelivery = std::max(lastDelivery, values.count("last_delivery_ns") ? values.at("last_delivery_ns") : 0);
            workerCpu.push_back(values.count("cpu_us") ? ms(values.at("cpu_us")) : 0);
            for (LatencyHistogram *histogram : { &delivery, &ack }) {
                const std::string line = readLine(worker);
                const auto space = line.find(' ', 5);
                if (space != std::string::npos)
                    histogram->merge(LatencyHistogram::parse(line.substr(space + 1)));
            }
        }
        const std::uint64_t relayCpu = options.relayPid ? processCpuMicros(options.relayPid) - relayCpuBefore : 0;
        const double window = lastDelivery > runStart ? static_cast<double>(lastDelivery - runStart) / 1e9 : options.durationSeconds;
        const double deliveriesPerSecond = static_cast<double>(total["delivered"]) / window;
        const double acksPerSecond = static_cast<double>(total["acked"]) / window;
        std::printf("[%s] published %" PRIu64 " messages at %.0f/s for %.1f s: %" PRIu64 " acknowledged (%.0f/s), %" PRIu64
                    " refused, %" PRIu64 " connections lost\n",
                    options.label.c_str(), total["sent"], options.rate, options.durationSeconds, total["acked"],
                    acksPerSecond, total["ack_errors"], total["lost"]);
        // Every subscriber of the room gets every message (room-size rooms all subscribe).
        const std::uint64_t perMessage = options.roomSize > 0 ? static_cast<std::uint64_t>(options.roomSize)
                                                              : static_cast<std::uint64_t>(options.clients - options.publishers);
        const std::uint64_t expected = total["acked"] * perMessage;
        std::printf("[%s] delivered %" PRIu64 " of %" PRIu64 " (%.0f/s); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                    options.label.c_str(), total["delivered"], expected, deliveriesPerSecond, ms(delivery.percentileMicros(0.5)),
                    ms(delivery.percentileMicros(0.99)), ms(delivery.maxMicros()));
        std::printf("[%s] acknowledgement latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", options.label.c_str(),
                    ms(ack.percentileMicros(0.5)), ms(ack.percentileMicros(0.99)), ms(ack.maxMicros()));
        const double relayCpuPercent = 100.0 * static_cast<double>(relayCpu) / (window * 1e6);
        std::printf("[%s] CPU over %.2f s: relay %.0f%%, load workers", options.label.c_str(), window, relayCpuPercent);
        double maxWorker = 0;
        for (double cpu : workerCpu) {
            const double percent = 100.0 * cpu / (window * 1000.0);
            maxWorker = std::max(maxWorker, percent);
            std::printf(" %.0f%%", percent);
        }
        std::printf("\n");
        result << " sent=" << total["sent"] << " acked=" << total["acked"] << " refused=" << total["ack_errors"]
               << " lost=" << total["lost"] << " delivered=" << total["delivered"] << " expected=" << expected
               << " deliveries_per_s=" << static_cast<long>(deliveriesPerSecond)
               << " acks_per_s=" << static_cast<long>(acksPerSecond)
               << " p50_ms=" << ms(delivery.percentileMicros(0.5)) << " p99_ms=" << ms(delivery.percentileMicros(0.99))
               << " max_ms=" << ms(delivery.maxMicros()) << " ack_p50_ms=" << ms(ack.percentileMicros(0.5))
               << " ack_p99_ms=" << ms(ack.percentileMicros(0.99)) << " relay_cpu_pct=" << static_cast<long>(relayCpuPercent)
               << " worker_cpu_max_pct=" << static_cast<long>(maxWorker);
    }
    tell(workers, "quit");
    for (WorkerPipe &worker : workers) {
        close(worker.commandFd);
        fclose(worker.replies);
        int status = 0;
        waitpid(worker.pid, &status, 0);
    }
    std::printf("%s\n", result.str().c_str());
    return connected == static_cast<std::uint64_t>(options.clients) ? 0 : 1;
}
