#include "rawclient.h"

#include "protocol/codec.h"

#include <QTest>
#include <QWebSocketHandshakeOptions>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

RawClient::RawClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        m_frames.append(data);
        m_binary.append(true);
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_frames.append(text.toUtf8());
        m_binary.append(false);
    });
}

bool RawClient::open(const QUrl &url, const QStringList &subprotocols)
{
    QWebSocketHandshakeOptions options;
    options.setSubprotocols(subprotocols);
    bool failed = false;
    const auto connection = connect(&m_socket, &QWebSocket::disconnected, this, [&failed] { failed = true; });
    m_socket.open(url, options);
    const bool connected = QTest::qWaitFor([&] { return failed || isConnected(); }, 5000) && isConnected();
    disconnect(connection);
    return connected;
}

bool RawClient::login(const QUrl &url, const QString &user, const QString &password)
{
    if (!open(url))
        return false;
    Hello hello;
    hello.id = u"login"_s;
    hello.client = u"rawclient"_s;
    hello.username = user;
    hello.password = password;
    send(hello);
    return nextAs<Welcome>().has_value();
}

void RawClient::send(const Frame &frame)
{
    m_socket.sendBinaryMessage(encode(frame));
}

void RawClient::sendBinary(const QByteArray &data)
{
    m_socket.sendBinaryMessage(data);
}

void RawClient::sendText(const QString &text)
{
    m_socket.sendTextMessage(text);
}

std::optional<Frame> RawClient::next(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return m_frames.size() > m_taken; }, timeoutMs))
        return std::nullopt;
    m_lastTaken = m_frames.at(m_taken++);
    const DecodeResult result = decode(m_lastTaken);
    if (!result.ok())
        return std::nullopt;
    return result.frame();
}

bool RawClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}
