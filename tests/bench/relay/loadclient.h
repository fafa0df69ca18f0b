#pragma once
// LoadClient: one authenticated Confab connection of the load generator. It connects from a given
// source address, upgrades with Boost.Beast's WebSocket handshake (offering confab.v1), logs in
// with a session token, and from then on reads and writes WebSocket frames on the socket itself:
// Beast's per-message read costs about 4 us, which made the generator, not the relay, the
// bottleneck at a few hundred thousand deliveries per second. The frames it reads are only the
// relay's (unmasked, RFC 6455 section 5.2); it answers pings and masks what it sends. It
// recognises only what the benchmark measures (welcome, acks and errors by request id, messages by
// the send time at the start of their text) without parsing whole JSON documents.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
    // Sends one text message (the frame's JSON).
    void send(std::string_view frame);
    void close();

    int index() const { return m_index; }
    bool isReady() const { return m_ready && !m_closed; }
    std::size_t queuedBytes() const { return m_outbox.size() + m_writing.size(); }

private:
    void fail(const char *stage, const boost::system::error_code &error);
    void onConnected(const std::string &token, std::chrono::milliseconds timeout);
    void readNext();
    // Handles every complete frame at the start of the input; false when the relay broke the rules.
    bool parseFrames();
    void handleMessage(std::string_view frame);
    void queueFrame(unsigned char opcode, std::string_view payload);
    void writeNext();

    std::optional<boost::beast::websocket::stream<boost::beast::tcp_stream>> m_handshake;
    boost::asio::ip::tcp::socket m_socket;
    std::vector<char> m_input;
    std::size_t m_inputUsed = 0;
    std::string m_fragments; // a message split over continuation frames
    std::string m_outbox;    // framed bytes waiting for the write in flight
    std::string m_writing;   // the write in flight
    std::uint64_t m_maskState;
    const ClientEvents &m_events;
    ClientTarget m_target;
    std::string m_pendingId;
    int m_index;
    bool m_ready = false;
    bool m_closed = false;
    bool m_upgraded = false;
};

} // namespace confab::bench
