#include "deliveryclient.h"

#include "eventwait.h"
#include "protocol/codec.h"

#include <QDateTime>
#include <QWebSocketHandshakeOptions>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

// The epoch of a stored event frame.
QString epochOf(const Frame &frame)
{
    return std::visit(
        [](const auto &f) -> QString {
            if constexpr (requires {
                              f.epoch;
                              f.sender;
                          })
                return f.epoch;
            else
                return {};
        },
        frame);
}

} // namespace

QString DeliveryClient::Reply::describe() const
{
    if (ack)
        return u"ack"_s;
    if (error)
        return u"error %1: %2"_s.arg(errorCodeName(error->code), error->message);
    if (other)
        return u"reply of type %1"_s.arg(messageTypeName(typeOf(*other)));
    return u"no reply in time"_s;
}

QString DeliveryClient::Subscription::describe() const
{
    if (!reply.ack)
        return reply.describe();
    if (!synced)
        return u"acknowledged, but no synced in time (%1 events replayed so far)"_s.arg(replay.size());
    return u"synced"_s;
}

DeliveryClient::DeliveryClient(const QString &user, const QString &password, QObject *parent)
    : QObject(parent), m_user(user), m_password(password)
{ }

DeliveryClient::~DeliveryClient()
{
    if (m_socket)
        m_socket->abort();
}

bool DeliveryClient::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    return waitUntil(done, timeoutMs);
}

bool DeliveryClient::connectTo(const QUrl &url, int timeoutMs)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket.reset();
    }
    m_open = false;
    m_ended = false;
    m_welcome.reset();
    m_helloError.reset();
    ++m_connection;
    m_socket = std::make_unique<QWebSocket>();
    QWebSocket *socket = m_socket.get();
    connect(socket, &QWebSocket::binaryMessageReceived, this,
        [this](const QByteArray &data) { onMessage(data, true); });
    connect(socket, &QWebSocket::textMessageReceived, this,
        [this](const QString &text) { onMessage(text.toUtf8(), false); });
    connect(socket, &QWebSocket::connected, this, [this] {
        m_open = true;
        Q_EMIT connected();
    });
    connect(socket, &QWebSocket::disconnected, this, [this] {
        m_open = false;
        m_ended = true;
        Q_EMIT disconnected();
    });

    QWebSocketHandshakeOptions options;
    options.setSubprotocols({ QString(kSubprotocol) });
    socket->open(url, options);
    if (!waitFor([this] { return m_ended || m_open; }, timeoutMs) || !m_open)
        return false;

    Hello hello;
    hello.id = u"hello-%1"_s.arg(m_connection);
    hello.client = u"tst-delivery"_s;
    hello.username = m_user;
    hello.password = m_password;
    post(hello);
    waitFor([this] { return m_welcome || m_helloError || !m_open; }, timeoutMs);
    return m_welcome.has_value();
}

void DeliveryClient::close(int timeoutMs)
{
    if (!m_socket)
        return;
    if (m_open)
        m_socket->close();
    waitForDisconnected(timeoutMs);
}

bool DeliveryClient::waitForDisconnected(int timeoutMs)
{
    return waitFor(
        [this] { return !m_socket || m_socket->state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

bool DeliveryClient::isConnected() const
{
    return m_open && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

QString DeliveryClient::nextId()
{
    return u"%1-%2"_s.arg(m_user).arg(++m_nextId);
}

bool DeliveryClient::post(const Frame &frame)
{
    if (!isConnected())
        return false;
    return m_socket->sendBinaryMessage(encode(frame)) > 0;
}

std::optional<DeliveryClient::Reply> DeliveryClient::replyFor(const QString &id) const
{
    const auto found = m_replyIndex.constFind(id);
    if (found == m_replyIndex.cend())
        return std::nullopt;
    const Frame &frame = m_log.at(*found).frame;
    Reply reply;
    if (const auto *ack = std::get_if<Ack>(&frame))
        reply.ack = *ack;
    else if (const auto *error = std::get_if<Error>(&frame))
        reply.error = *error;
    else
        reply.other = frame;
    return reply;
}

DeliveryClient::Reply DeliveryClient::waitForReply(const QString &id, int timeoutMs)
{
    waitFor([&] { return m_replyIndex.contains(id); }, timeoutMs);
    return replyFor(id).value_or(Reply {});
}

DeliveryClient::Reply DeliveryClient::request(const Frame &frame, int timeoutMs)
{
    const QString id = idOf(frame);
    Q_ASSERT(!id.isEmpty());
    if (!post(frame))
        return {};
    return waitForReply(id, timeoutMs);
}

DeliveryClient::Subscription DeliveryClient::subscribe(
    const QString &stream, std::optional<qint64> since, const QString &epoch, int timeoutMs)
{
    Subscription result;
    const QString id = nextId();
    if (!post(Subscribe { id, stream, since, epoch }))
        return result;
    const qsizetype start = m_log.size();
    result.reply = waitForReply(id, timeoutMs);
    if (!result.reply.ack)
        return result;
    const qsizetype ackIndex = m_replyIndex.value(id);
    qsizetype syncedIndex = -1;
    qsizetype scanned = std::max(start, ackIndex + 1);
    waitFor(
        [&] {
            for (; scanned < m_log.size(); ++scanned) {
                const auto *synced = std::get_if<Synced>(&m_log.at(scanned).frame);
                if (synced && synced->stream == stream) {
                    syncedIndex = scanned;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    const qsizetype end = syncedIndex >= 0 ? syncedIndex : m_log.size();
    for (qsizetype i = ackIndex + 1; i < end; ++i) {
        const Frame &frame = m_log.at(i).frame;
        if (streamOf(frame) != stream)
            continue;
        if (storedEventKey(frame))
            result.replay.append(frame);
        else
            result.otherFramesDuringReplay.append(frame);
    }
    if (syncedIndex >= 0)
        result.synced = std::get<Synced>(m_log.at(syncedIndex).frame);
    return result;
}

DeliveryClient::Subscription DeliveryClient::history(
    const QString &stream, std::optional<qint64> before, int limit, int timeoutMs)
{
    Subscription result;
    const QString id = nextId();
    const qsizetype start = m_log.size();
    History request { id, stream, before, limit };
    if (!post(request))
        return result;
    result.reply = waitForReply(id, timeoutMs);
    const qsizetype end = m_replyIndex.value(id, m_log.size());
    for (qsizetype i = start; i < end; ++i) {
        const Frame &frame = m_log.at(i).frame;
        if (streamOf(frame) == stream && storedEventKey(frame))
            result.replay.append(frame);
    }
    return result;
}

bool DeliveryClient::roundTrip(int timeoutMs)
{
    const QString id = nextId();
    return request(ListStreams { id }, timeoutMs).other.has_value();
}

bool DeliveryClient::hasEvent(const QString &stream, qint64 seq) const
{
    const auto found = m_streams.constFind(stream);
    return found != m_streams.cend() && found->events.contains(seq);
}

std::optional<Frame> DeliveryClient::event(const QString &stream, qint64 seq) const
{
    const auto found = m_streams.constFind(stream);
    if (found == m_streams.cend() || !found->events.contains(seq))
        return std::nullopt;
    return found->events.value(seq);
}

qint64 DeliveryClient::duplicateDeliveries() const
{
    qint64 total = 0;
    for (const StreamLog &log : m_streams)
        total += log.duplicates;
    return total;
}

std::optional<std::pair<QString, qint64>> DeliveryClient::storedEventKey(const Frame &frame)
{
    if (!isStoredEvent(typeOf(frame)))
        return std::nullopt;
    const qint64 seq = std::visit(
        [](const auto &f) -> qint64 {
            if constexpr (requires {
                              f.seq;
                              f.sender;
                          })
                return f.seq;
            else
                return 0;
        },
        frame);
    return std::pair { streamOf(frame), seq };
}

void DeliveryClient::onMessage(const QByteArray &data, bool binary)
{
    const DecodeResult result = decode(data);
    if (!result.ok()) {
        ++m_decodeFailures;
        qWarning("%s: undecodable frame from the relay (%s): %.200s", qPrintable(m_user),
            qPrintable(result.error().message), data.constData());
        return;
    }
    const Frame &frame = result.frame();
    m_log.append(Received { frame, binary, QDateTime::currentMSecsSinceEpoch(), m_connection });
    const qsizetype index = m_log.size() - 1;

    if (const auto key = storedEventKey(frame)) {
        if (!binary)
            ++m_textEvents;
        StreamLog &log = m_streams[key->first];
        log.epoch = epochOf(frame);
        log.arrivals.append(key->second);
        if (log.events.contains(key->second))
            ++log.duplicates;
        else
            log.events.insert(key->second, frame);
    } else if (const auto *welcome = std::get_if<Welcome>(&frame)) {
        m_welcome = *welcome;
    } else {
        const QString id = idOf(frame);
        const bool isReply = std::holds_alternative<Ack>(frame) || std::holds_alternative<Error>(frame)
            || std::holds_alternative<Members>(frame) || std::holds_alternative<Streams>(frame);
        if (isReply && !id.isEmpty() && !m_replyIndex.contains(id))
            m_replyIndex.insert(id, index);
        if (const auto *error = std::get_if<Error>(&frame)) {
            if (!m_welcome && error->id.startsWith(u"hello-"_s))
                m_helloError = *error;
            Q_EMIT errorReceived(*error);
        }
        if (const auto *ack = std::get_if<Ack>(&frame))
            Q_EMIT ackReceived(*ack);
    }
    Q_EMIT frameReceived(frame);
}
