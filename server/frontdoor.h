#pragma once

#include "relayconfig.h"

#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QWebSocketServer>

class QTcpSocket;
class QWebSocket;

namespace confab::relay {

// The relay's one listening socket. It accepts TCP connections with a large backlog, turns on
// TCP_NODELAY, gives each connection a deadline for its request head, reads the head without
// consuming it, and hands WebSocket upgrades for /v1/ws with the confab.v1 subprotocol to a
// QWebSocketServer; everything else gets a plain HTTP error (the HTTP API will live here).
// Refusing before the upgrade means a wrong path or subprotocol never costs a session.
class FrontDoor : public QObject
{
    Q_OBJECT

public:
    explicit FrontDoor(const RelayConfig &config, QObject *parent = nullptr);
    ~FrontDoor() override;

    bool listen();
    QString errorString() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    // Stops accepting and drops connections that have not finished their handshake.
    void close();

Q_SIGNALS:
    // A WebSocket passed the handshake; the receiver takes ownership.
    void webSocketConnected(QWebSocket *socket);

private:
    void onTcpConnection();
    void inspect(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, QByteArrayView reason, const QString &explanation);
    void handOver(QTcpSocket *socket);
    void onWebSocketUpgraded();

    RelayConfig m_config;
    QTcpServer m_tcpServer;
    QWebSocketServer m_webSocketServer;
    QSet<QTcpSocket *> m_handshaking;
};

} // namespace confab::relay
