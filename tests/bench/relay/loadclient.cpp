#include "loadclient.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <iostream>

namespace confab::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

bool contains(std::string_view frame, std::string_view needle)
{
    return frame.find(needle) != std::string_view::npos;
}

// The string value of "key":"..." (no escapes in the values this benchmark reads).
std::string_view stringField(std::string_view frame, std::string_view quotedKey)
{
    const auto at = frame.find(quotedKey);
    if (at == std::string_view::npos)
        return {};
    const auto start = at + quotedKey.size();
    const auto end = frame.find('"', start);
    return end == std::string_view::npos ? std::string_view{} : frame.substr(start, end - start);
}

std::uint64_t leadingNumber(std::string_view text)
{
    std::uint64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

int g_reportedErrors = 0;

} // namespace

LoadClient::LoadClient(net::io_context &io, const ClientEvents &events, int index)
    : m_socket(io)
    , m_events(events)
    , m_index(index)
{
}

void LoadClient::start(const ClientTarget &target, const std::string &token, std::chrono::milliseconds timeout)
{
    m_target = target;
    auto &tcpStream = beast::get_lowest_layer(m_socket);
    boost::system::error_code error;
    tcpStream.socket().open(tcp::v4(), error);
    if (!error)
        tcpStream.socket().bind(tcp::endpoint(target.source, 0), error);
    if (error) {
        fail("bind", error);
        return;
    }
    tcpStream.expires_after(timeout);
    tcpStream.async_connect(target.relay, [self = shared_from_this(), token, timeout](const boost::system::error_code &e) {
        if (e) {
            self->fail("connect", e);
            return;
        }
        self->onConnected(token, timeout);
    });
}

void LoadClient::onConnected(const std::string &token, std::chrono::milliseconds timeout)
{
    auto &tcpStream = beast::get_lowest_layer(m_socket);
    tcpStream.socket().set_option(tcp::no_delay(true));
    tcpStream.expires_never();
    websocket::stream_base::timeout limits{};
    limits.handshake_timeout = timeout;
    limits.idle_timeout = websocket::stream_base::none();
    limits.keep_alive_pings = false;
    m_socket.set_option(limits);
    m_socket.set_option(websocket::stream_base::decorator([](websocket::request_type &request) {
        request.set(beast::http::field::sec_websocket_protocol, "confab.v1");
    }));
    m_socket.text(true);
    m_socket.async_handshake(m_target.host, m_target.path,
        [self = shared_from_this(), token](const boost::system::error_code &e) {
            if (e) {
                self->fail("handshake", e);
                return;
            }
            self->send(std::make_shared<const std::string>(
                R"({"type":"hello","id":"h","protocol":1,"client":"confab-loadgen","auth":{"token":")" + token
                + R"("}})"));
            self->readNext();
        });
}

void LoadClient::request(const std::string &frame, const std::string &id)
{
    m_pendingId = id;
    send(std::make_shared<const std::string>(frame));
}

void LoadClient::send(std::shared_ptr<const std::string> frame)
{
    if (m_closed)
        return;
    m_writes.push_back(std::move(frame));
    if (!m_writing)
        writeNext();
}

void LoadClient::writeNext()
{
    if (m_writes.empty() || m_closed) {
        m_writing = false;
        return;
    }
    m_writing = true;
    m_socket.async_write(net::buffer(*m_writes.front()),
        [self = shared_from_this()](const boost::system::error_code &e, std::size_t) {
            if (e) {
                self->m_writing = false;
                self->fail("write", e);
                return;
            }
            self->m_writes.pop_front();
            self->writeNext();
        });
}

void LoadClient::readNext()
{
    m_socket.async_read(m_readBuffer, [self = shared_from_this()](const boost::system::error_code &e, std::size_t) {
        if (e) {
            self->fail("read", e);
            return;
        }
        const auto data = self->m_readBuffer.cdata();
        self->handleFrame(std::string_view(static_cast<const char *>(data.data()), data.size()));
        self->m_readBuffer.consume(self->m_readBuffer.size());
        self->readNext();
    });
}

void LoadClient::handleFrame(std::string_view frame)
{
    if (contains(frame, R"("type":"message")")) {
        const std::string_view text = stringField(frame, R"("text":")");
        if (const std::uint64_t sent = leadingNumber(text))
            m_events.delivered(sent);
        return;
    }
    const bool isAck = contains(frame, R"("type":"ack")");
    const bool isError = !isAck && contains(frame, R"("type":"error")");
    if (isAck || isError) {
        if (isError && g_reportedErrors < 5) {
            ++g_reportedErrors;
            std::cerr << "confab-loadgen: client " << m_index << " got " << frame << "\n";
        }
        const std::string_view id = stringField(frame, R"("id":")");
        if (!m_pendingId.empty() && id == m_pendingId) {
            m_pendingId.clear();
            m_events.reply(*this, isAck);
        } else if (!id.empty() && id.front() == 'm') {
            const auto dot = id.find('.');
            if (dot != std::string_view::npos)
                m_events.acked(leadingNumber(id.substr(dot + 1)), isAck);
        } else if (!m_ready && isError) {
            fail("hello", {});
        }
        return;
    }
    if (!m_ready && contains(frame, R"("type":"welcome")")) {
        m_ready = true;
        m_events.ready(*this, true);
    }
}

void LoadClient::fail(const char *stage, const boost::system::error_code &error)
{
    if (m_closed)
        return;
    m_closed = true;
    if (error && g_reportedErrors < 5) {
        ++g_reportedErrors;
        std::cerr << "confab-loadgen: client " << m_index << " " << stage << ": " << error.message() << "\n";
    }
    boost::system::error_code ignored;
    beast::get_lowest_layer(m_socket).socket().close(ignored);
    if (m_ready)
        m_events.lost(*this);
    else
        m_events.ready(*this, false);
}

void LoadClient::close()
{
    if (m_closed)
        return;
    m_closed = true;
    boost::system::error_code ignored;
    beast::get_lowest_layer(m_socket).socket().close(ignored);
}

} // namespace confab::bench
