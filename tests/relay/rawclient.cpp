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

std::optional<Frame> RawClient::call(const Frame &request, int timeoutMs)
{
    const QString id = idOf(request);
    m_lastError.reset();
    send(request);
    while (const auto frame = next(timeoutMs)) {
        if (idOf(*frame) != id)
            continue;
        if (std::holds_alternative<Error>(*frame))
            m_lastError = std::get<Error>(*frame);
        return frame;
    }
    return std::nullopt;
}

std::optional<Ack> RawClient::request(const Frame &request, int timeoutMs)
{
    const auto reply = call(request, timeoutMs);
    if (reply && std::holds_alternative<Ack>(*reply))
        return std::get<Ack>(*reply);
    return std::nullopt;
}

std::optional<ErrorCode> RawClient::errorOf(const Frame &request)
{
    const auto reply = call(request);
    if (reply && std::holds_alternative<Error>(*reply))
        return std::get<Error>(*reply).code;
    return std::nullopt;
}

std::optional<RawClient::Subscription> RawClient::subscribe(
    const QString &stream, std::optional<qint64> since, const QString &epoch)
{
    Subscribe request;
    request.id = u"sub-%1"_s.arg(++m_subscriptions);
    request.stream = stream;
    request.since = since;
    request.epoch = epoch;
    send(request);
    Subscription subscription;
    const auto first = next();
    if (!first || !std::holds_alternative<Ack>(*first) || std::get<Ack>(*first).id != request.id) {
        m_lastUnexpected = first;
        return std::nullopt;
    }
    subscription.ack = std::get<Ack>(*first);
    while (const auto frame = next()) {
        if (std::holds_alternative<Synced>(*frame)) {
            subscription.synced = std::get<Synced>(*frame);
            return subscription;
        }
        subscription.replayed.append(*frame);
    }
    m_lastUnexpected.reset();
    return std::nullopt;
}

std::optional<QList<Frame>> RawClient::roundTrip(int timeoutMs)
{
    const QString id = u"round-trip-%1"_s.arg(++m_roundTrips);
    send(ListStreams { id });
    QList<Frame> before;
    while (const auto frame = next(timeoutMs)) {
        if (std::holds_alternative<Streams>(*frame) && std::get<Streams>(*frame).id == id)
            return before;
        before.append(*frame);
    }
    return std::nullopt;
}

bool RawClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}
