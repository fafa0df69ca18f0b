#include "loadclient.h"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <cstring>
#include <iostream>

namespace confab::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

constexpr unsigned char kContinuation = 0x0;
constexpr unsigned char kText = 0x1;
constexpr unsigned char kBinary = 0x2;
constexpr unsigned char kClose = 0x8;
constexpr unsigned char kPing = 0x9;

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
    : m_handshake(std::in_place, io)
    , m_socket(io)
    , m_input(64 * 1024)
    , m_maskState(0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(index + 1))
    , m_events(events)
    , m_index(index)
{
}

void LoadClient::start(const ClientTarget &target, const std::string &token, std::chrono::milliseconds timeout)
{
    m_target = target;
    auto &tcpStream = beast::get_lowest_layer(*m_handshake);
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
    auto &tcpStream = beast::get_lowest_layer(*m_handshake);
    tcpStream.socket().set_option(tcp::no_delay(true));
    tcpStream.expires_never();
    websocket::stream_base::timeout limits{};
    limits.handshake_timeout = timeout;
    limits.idle_timeout = websocket::stream_base::none();
    limits.keep_alive_pings = false;
    m_handshake->set_option(limits);
    m_handshake->set_option(websocket::stream_base::decorator([](websocket::request_type &request) {
        request.set(beast::http::field::sec_websocket_protocol, "confab.v1");
    }));
    m_handshake->async_handshake(m_target.host, m_target.path,
        [self = shared_from_this(), token](const boost::system::error_code &e) {
            if (e) {
                self->fail("handshake", e);
                return;
            }
            // The relay sends nothing before it has the hello, so Beast holds no frame bytes yet.
            self->m_socket = beast::get_lowest_layer(*self->m_handshake).release_socket();
            self->m_handshake.reset();
            self->m_upgraded = true;
            self->send(R"({"type":"hello","id":"h","protocol":1,"client":"confab-loadgen","auth":{"token":")" + token
                       + R"("}})");
            self->readNext();
        });
}

void LoadClient::request(const std::string &frame, const std::string &id)
{
    m_pendingId = id;
    send(frame);
}

void LoadClient::send(std::string_view frame)
{
    queueFrame(kText, frame);
}

void LoadClient::queueFrame(unsigned char opcode, std::string_view payload)
{
    if (m_closed || !m_upgraded)
        return;
    // RFC 6455 5.2: FIN, opcode, MASK bit with the length, the masking key, the masked payload.
    const std::size_t length = payload.size();
    m_outbox.push_back(static_cast<char>(0x80 | opcode));
    if (length < 126) {
        m_outbox.push_back(static_cast<char>(0x80 | length));
    } else if (length <= 0xFFFF) {
        m_outbox.push_back(static_cast<char>(0x80 | 126));
        m_outbox.push_back(static_cast<char>(length >> 8));
        m_outbox.push_back(static_cast<char>(length & 0xFF));
    } else {
        m_outbox.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            m_outbox.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xFF));
    }
    // xorshift64: masking keys need not be secret here, only present.
    m_maskState ^= m_maskState << 13;
    m_maskState ^= m_maskState >> 7;
    m_maskState ^= m_maskState << 17;
    char mask[4];
    std::memcpy(mask, &m_maskState, sizeof mask);
    m_outbox.append(mask, sizeof mask);
    const std::size_t start = m_outbox.size();
    m_outbox.append(payload);
    for (std::size_t i = 0; i < length; ++i)
        m_outbox[start + i] = static_cast<char>(m_outbox[start + i] ^ mask[i % 4]);
    if (m_writing.empty())
        writeNext();
}

void LoadClient::writeNext()
{
    if (m_outbox.empty() || m_closed)
        return;
    // Everything queued meanwhile goes out in one write.
    m_writing.swap(m_outbox);
    net::async_write(m_socket, net::buffer(m_writing), [self = shared_from_this()](const boost::system::error_code &e, std::size_t) {
        self->m_writing.clear();
        if (e) {
            self->fail("write", e);
            return;
        }
        self->writeNext();
    });
}

void LoadClient::readNext()
{
    if (m_inputUsed == m_input.size())
        m_input.resize(m_input.size() * 2);
    m_socket.async_read_some(net::buffer(m_input.data() + m_inputUsed, m_input.size() - m_inputUsed),
        [self = shared_from_this()](const boost::system::error_code &e, std::size_t read) {
            if (e) {
                self->fail("read", e);
                return;
            }
            self->m_inputUsed += read;
            if (!self->parseFrames()) {
                self->fail("frame", {});
                return;
            }
            if (!self->m_closed)
                self->readNext();
        });
}

bool LoadClient::parseFrames()
{
    std::size_t offset = 0;
    const auto *bytes = reinterpret_cast<const unsigned char *>(m_input.data());
    while (!m_closed && m_inputUsed - offset >= 2) {
        const unsigned char first = bytes[offset];
        const unsigned char second = bytes[offset + 1];
        const bool fin = first & 0x80;
        const unsigned char opcode = first & 0x0F;
        if (second & 0x80)
            return false; // a server never masks
        std::size_t header = 2;
        std::uint64_t length = second & 0x7F;
        if (length == 126) {
            if (m_inputUsed - offset < 4)
                break;
            length = (std::uint64_t(bytes[offset + 2]) << 8) | bytes[offset + 3];
            header = 4;
        } else if (length == 127) {
            if (m_inputUsed - offset < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | bytes[offset + 2 + i];
            header = 10;
        }
        if (length > 64 * 1024 * 1024)
            return false;
        if (m_inputUsed - offset < header + length) {
            if (header + length > m_input.size())
                m_input.resize(header + length); // a frame larger than the buffer: make room
            break;
        }
        const std::string_view payload(m_input.data() + offset + header, length);
        offset += header + length;
        switch (opcode) {
        case kText:
        case kBinary:
            if (fin)
                handleMessage(payload);
            else
                m_fragments.assign(payload);
            break;
        case kContinuation:
            m_fragments.append(payload);
            if (fin) {
                handleMessage(m_fragments);
                m_fragments.clear();
            }
            break;
        case kPing:
            queueFrame(0xA, payload);
            break;
        case kClose:
            fail("closed by the relay", {});
            return true;
        default:
            break; // pong
        }
    }
    if (offset > 0) {
        std::memmove(m_input.data(), m_input.data() + offset, m_inputUsed - offset);
        m_inputUsed -= offset;
    }
    return true;
}

void LoadClient::handleMessage(std::string_view frame)
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
    if (g_reportedErrors < 5) {
        ++g_reportedErrors;
        std::cerr << "confab-loadgen: client " << m_index << " " << stage << (error ? ": " + error.message() : std::string())
                  << "\n";
    }
    boost::system::error_code ignored;
    if (m_handshake)
        beast::get_lowest_layer(*m_handshake).socket().close(ignored);
    m_socket.close(ignored);
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
    m_socket.close(ignored);
}

} // namespace confab::bench
