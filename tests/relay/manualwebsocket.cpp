#include "manualwebsocket.h"

#include "protocol/codec.h"

#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

ManualWebSocket::ManualWebSocket(QObject *parent) : QObject(parent) { }

bool ManualWebSocket::connectTo(quint16 port, int receiveBufferBytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    if (receiveBufferBytes > 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBufferBytes, sizeof receiveBufferBytes);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Blocking connect: on loopback it completes (or fails) at once.
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return false;
    }
    if (!m_socket.setSocketDescriptor(fd)) {
        ::close(fd);
        return false;
    }
    return true;
}

QByteArray ManualWebSocket::upgradeRequest(quint16 port, const QByteArray &origin)
{
    QByteArray request = "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: confab.v1\r\n";
    if (!origin.isEmpty())
        request += "Origin: " + origin + "\r\n";
    return request + "\r\n";
}

bool ManualWebSocket::upgrade(quint16 port, const QByteArray &origin, int timeoutMs)
{
    m_socket.write(upgradeRequest(port, origin));
    const bool answered = QTest::qWaitFor(
        [&] {
            m_buffer += m_socket.readAll();
            return m_buffer.contains("\r\n\r\n") || m_socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (!answered || end < 0)
        return false;
    m_answerHead = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    return m_answerHead.startsWith("HTTP/1.1 101");
}

void ManualWebSocket::sendFrame(const QByteArray &payload, int opcode)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size <= 0xffff) {
        frame.append(char(0x80 | 126));
        frame.append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    const quint32 mask = QRandomGenerator::global()->generate();
    const char maskBytes[4] = { char(mask >> 24), char(mask >> 16), char(mask >> 8), char(mask) };
    frame.append(maskBytes, 4);
    QByteArray masked = payload;
    for (qsizetype i = 0; i < masked.size(); ++i)
        masked[i] = char(masked[i] ^ maskBytes[i % 4]);
    m_socket.write(frame + masked);
}

std::optional<ManualWebSocket::Frame> ManualWebSocket::takeFrame()
{
    while (true) {
        if (m_buffer.size() < 2)
            return std::nullopt;
        const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData());
        const int opcode = bytes[0] & 0x0f;
        quint64 length = bytes[1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return std::nullopt;
            length = qFromBigEndian<quint16>(bytes + 2);
            header = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return std::nullopt;
            length = qFromBigEndian<quint64>(bytes + 2);
            header = 10;
        }
        if (quint64(m_buffer.size() - header) < length)
            return std::nullopt;
        Frame frame { opcode, m_buffer.mid(header, qsizetype(length)) };
        m_buffer.remove(0, header + qsizetype(length));
        if (opcode == 9) {
            ++m_pings; // never answered: this peer plays dead
            continue;
        }
        return frame;
    }
}

std::optional<ManualWebSocket::Frame> ManualWebSocket::nextFrame(int timeoutMs)
{
    std::optional<Frame> frame = takeFrame();
    if (frame)
        return frame;
    // Either way the answer is in `frame`.
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            m_buffer += m_socket.readAll();
            frame = takeFrame();
            return frame.has_value() || m_socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    return frame;
}

bool ManualWebSocket::login(const QString &user, const QString &password)
{
    Hello hello;
    hello.id = u"login"_s;
    hello.client = u"manualwebsocket"_s;
    hello.username = user;
    hello.password = password;
    sendFrame(encode(hello));
    const std::optional<Frame> frame = nextFrame();
    if (!frame)
        return false;
    const DecodeResult decoded = decode(frame->payload);
    return decoded.ok() && std::holds_alternative<Welcome>(decoded.frame());
}
