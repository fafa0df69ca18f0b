#include "scriptedrelay.h"

#include "client/clientengine.h"
#include "protocol/codec.h"

#include <QHostAddress>
#include <QtTest>

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

ScriptedRelay::ScriptedRelay(const QStringList &subprotocols, QObject *parent)
    : QObject(parent)
    , m_server(u"scripted-relay"_s, QWebSocketServer::NonSecureMode)
{
    m_server.setSupportedSubprotocols(subprotocols);
    connect(&m_server, &QWebSocketServer::newConnection, this, &ScriptedRelay::onNewConnection);
}

bool ScriptedRelay::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ScriptedRelay::url() const
{
    return QUrl(u"ws://127.0.0.1:%1/v1/ws"_s.arg(m_server.serverPort()));
}

void ScriptedRelay::send(const proto::Frame &frame)
{
    sendBinary(proto::encode(frame));
}

void ScriptedRelay::sendText(const QByteArray &raw)
{
    QVERIFY(m_peer);
    m_peer->sendTextMessage(QString::fromUtf8(raw));
}

void ScriptedRelay::sendBinary(const QByteArray &raw)
{
    QVERIFY(m_peer);
    m_peer->sendBinaryMessage(raw);
}

void ScriptedRelay::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_connectionCount;
        m_peer = socket;
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &text) { onData(text.toUtf8()); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, &ScriptedRelay::onData);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void ScriptedRelay::onData(const QByteArray &data)
{
    const proto::DecodeResult result = proto::decode(data);
    QVERIFY2(result.ok(), qPrintable(u"the client sent an invalid frame: "_s + QString::fromUtf8(data)));
    m_received.append(result.frame());
    if (const auto *hello = std::get_if<proto::Hello>(&result.frame()); hello && m_welcomesHello) {
        proto::Welcome welcome;
        welcome.user = hello->username;
        welcome.server = u"scripted-relay/0"_s;
        welcome.time = 1'700'000'000'000;
        send(welcome);
    }
    Q_EMIT frameReceived(result.frame());
}

bool ScriptedRelay::logIn(confab::client::ClientEngine &engine, int waitMs)
{
    QSignalSpy authenticated(&engine, &confab::client::ClientEngine::authenticated);
    engine.connectToRelay(url(), u"demo"_s, u"demo-password"_s);
    return authenticated.wait(waitMs) && engine.state() == confab::client::ClientEngine::State::Connected;
}
