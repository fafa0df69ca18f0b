#include "floodrelay.h"

#include "protocol/codec.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTimer>

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
const QString kEpoch = u"bench-epoch"_s;

// Texts like people's: plain words, some markdown, a link, a mention.
QString textOf(int seq)
{
    switch (seq % 4) {
    case 0:
        return u"Message %1: a **short** line with `code` and a link https://example.org/%1"_s.arg(seq);
    case 1:
        return u"Message %1: the build finished, all tests passed on the second try"_s.arg(seq);
    case 2:
        return u"Message %1: lunch at noon? @reader"_s.arg(seq);
    default:
        return u"Message %1: the *deploy* went out, see the dashboard for details"_s.arg(seq);
    }
}
} // namespace

FloodRelay::FloodRelay(QObject *parent) : QObject(parent) { }

void FloodRelay::start()
{
    m_server = new QWebSocketServer(u"bench-relay"_s, QWebSocketServer::NonSecureMode, this);
    m_server->setSupportedSubprotocols({ u"confab.v1"_s });
    connect(m_server, &QWebSocketServer::newConnection, this, &FloodRelay::onNewConnection);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        qFatal("bench relay: cannot listen on loopback");
    m_url = QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_server->serverPort()));
    Q_EMIT listening(m_url);
}

void FloodRelay::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        m_peer = socket;
        connect(socket, &QWebSocket::binaryMessageReceived, this, &FloodRelay::onData);
        connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onData(text.toUtf8()); });
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FloodRelay::onData(const QByteArray &data)
{
    const proto::DecodeResult result = proto::decode(data);
    if (!result.ok() || !m_peer)
        return;
    const proto::Frame &frame = result.frame();
    if (const auto *hello = std::get_if<proto::Hello>(&frame)) {
        proto::Welcome welcome;
        welcome.id = hello->id;
        welcome.user = hello->username;
        welcome.server = u"bench-relay/0"_s;
        welcome.time = QDateTime::currentMSecsSinceEpoch();
        m_peer->sendBinaryMessage(proto::encode(welcome));
    } else if (const auto *subscribe = std::get_if<proto::Subscribe>(&frame)) {
        proto::Ack ack { subscribe->id, subscribe->stream, {}, kEpoch, 0 };
        ack.firstSeq = 1;
        m_peer->sendBinaryMessage(proto::encode(ack));
        m_peer->sendBinaryMessage(proto::encode(proto::Synced { subscribe->stream, kEpoch, 0, true }));
        Q_EMIT subscribed(subscribe->stream);
    } else if (const auto *history = std::get_if<proto::History>(&frame)) {
        proto::Ack ack { history->id, history->stream, {}, kEpoch, 0 };
        ack.firstSeq = 1;
        ack.hasMore = false;
        m_peer->sendBinaryMessage(proto::encode(ack));
    } else if (const auto *read = std::get_if<proto::MarkRead>(&frame)) {
        m_peer->sendBinaryMessage(proto::encode(proto::Ack { read->id, {}, {}, {}, 0 }));
    }
}

void FloodRelay::publish(const QString &stream, int count, int burst, int pauseMs)
{
    m_stream = stream;
    m_count = count;
    m_sent = 0;
    m_burst = std::max(1, burst);
    m_pauseMs = std::max(0, pauseMs);
    sendBurst();
}

void FloodRelay::sendBurst()
{
    if (!m_peer)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < m_burst && m_sent < m_count; ++i) {
        const int seq = ++m_sent;
        const QString sender = seq % 3 == 0 ? u"carol"_s : u"writer"_s;
        m_peer->sendBinaryMessage(proto::encode(proto::Message {
            m_stream, kEpoch, seq, now - (m_count - seq), sender, u"bench-%1"_s.arg(seq), textOf(seq) }));
    }
    if (m_sent < m_count)
        QTimer::singleShot(m_pauseMs, this, &FloodRelay::sendBurst);
    else
        Q_EMIT published(m_sent);
}
