#pragma once
// LoadClient: one authenticated Confab connection of the load generator, on Boost.Beast's
// WebSocket client. It connects from a given source address, offers confab.v1, logs in with a
// session token, and from then on reads every frame: it recognises only what the benchmark
// measures (welcome, acks and errors by request id, messages by the send time at the start of
// their text) without parsing whole JSON documents, so the generator stays cheap per frame.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace confab::bench {

class LoadClient;

// What a client reports to its worker. The worker owns it and outlives every client.
struct ClientEvents
{
    std::function<void(LoadClient &, bool ok)> ready;          // welcome, or the connection failed first
    std::function<void(LoadClient &, bool ok)> reply;          // ack or error of the pending setup request
    std::function<void(std::uint64_t sentNanos)> delivered;    // a message this benchmark sent
    std::function<void(std::uint64_t sentNanos, bool ok)> acked; // ack or error of a send
    std::function<void(LoadClient &)> lost;                    // the connection ended after welcome
};

struct ClientTarget
{
    boost::asio::ip::tcp::endpoint relay;
    boost::asio::ip::address source;
    std::string host;
    std::string path;
};

class LoadClient : public std::enable_shared_from_this<LoadClient>
{
public:
    LoadClient(boost::asio::io_context &io, const ClientEvents &events, int index);

    void start(const ClientTarget &target, const std::string &token, std::chrono::milliseconds timeout);
    // A setup request (create_room, join, subscribe): its ack or error goes to ClientEvents::reply.
    void request(const std::string &frame, const std::string &id);
    void send(std::shared_ptr<const std::string> frame);
    void close();

    int index() const { return m_index; }
    bool isReady() const { return m_ready && !m_closed; }
    std::size_t queuedWrites() const { return m_writes.size(); }

private:
    void fail(const char *stage, const boost::system::error_code &error);
    void onConnected(const std::string &token, std::chrono::milliseconds timeout);
    void readNext();
    void handleFrame(std::string_view frame);
    void writeNext();

    boost::beast::websocket::stream<boost::beast::tcp_stream> m_socket;
    boost::beast::flat_buffer m_readBuffer;
    std::deque<std::shared_ptr<const std::string>> m_writes;
    const ClientEvents &m_events;
    ClientTarget m_target;
    std::string m_pendingId;
    int m_index;
    bool m_ready = false;
    bool m_closed = false;
    bool m_writing = false;
};

} // namespace confab::bench
