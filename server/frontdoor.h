#pragma once

#include "relayconfig.h"
#include "tcplistener.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QTimer>
#include <QWebSocketServer>

class QTcpSocket;
class QWebSocket;

namespace confab::relay {

class HttpApi;
struct HttpRequest;
struct HttpResponse;

// The relay's one listening socket. It accepts TCP connections with a large backlog, refuses an
// address that already holds its cap of connections before doing any work for it, turns on
// TCP_NODELAY, gives each connection a deadline for its (TLS handshake and) request head, reads
// the head without consuming it (Boost.Beast's parser, through HttpHeadParser), and hands
// WebSocket upgrades for /v1/ws with the confab.v1 subprotocol (and an allowed Origin, if any) to
// a QWebSocketServer; every other request goes to an HttpConnection serving the HTTP API, on the
// same port. Refusing before the upgrade means a wrong subprotocol never costs a session. Every
// upgraded socket gets the size limits and a read buffer that holds one message of the largest
// allowed size.
class FrontDoor : public QObject
{
    Q_OBJECT

public:
    explicit FrontDoor(const RelayConfig &config, QObject *parent = nullptr);
    ~FrontDoor() override;

    // Where requests that are not WebSocket upgrades go; without one they get 404. Set before
    // listen(); the API must outlive the front door's connections (they are its children).
    void setHttpApi(HttpApi *api) { m_httpApi = api; }

    // Loads TLS (when configured) and starts listening; false: errorString() says why.
    bool listen();
    QString errorString() const { return m_errorString; }
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    bool isTls() const { return m_listener.isTls(); }

    // Stops accepting and drops connections that have not finished their handshake.
    void close();
    // Ends every HTTP API connection at once (open streams included), for the end of a shutdown:
    // their endpoints refer to the store and the accounts, which close next.
    void dropHttpConnections();

    // Open connections (handshaking or upgraded) per remote address, and connections refused
    // because their address was at the cap, since start: for `status` and tests.
    QHash<QString, int> connectionsPerAddress() const;
    qsizetype handshakingCount() const { return m_handshaking.size(); }
    qint64 refusedOverCap() const { return m_refusedOverCap; }

Q_SIGNALS:
    // A WebSocket passed the handshake; the receiver takes ownership.
    void webSocketConnected(QWebSocket *socket);
    // An HTTP API request was answered (see HttpConnection::answered), for metrics.
    void httpAnswered(int status, qint64 bytesIn, qint64 bytesOut);
    // A TCP connection passed the per-address cap (before any handshake), for metrics.
    void connectionAccepted();

private:
    void onTcpConnection();
    bool admit(QTcpSocket *socket);
    void refuseOverCap(QTcpSocket *socket, const QHostAddress &address);
    void reportRefusals();
    void inspect(QTcpSocket *socket);
    void drop(QTcpSocket *socket);
    // Answers and closes (the handshake deadline stays, for a client that never reads).
    void refuse(QTcpSocket *socket, const HttpResponse &answer);
    void checkUpgrade(QTcpSocket *socket, const HttpRequest &head);
    void handOver(QTcpSocket *socket);
    // Hands waiting sockets to QWebSocketServer while fewer than kUpgradesInFlight are with it.
    void upgradeWaiting();
    void upgradeFinished(QTcpSocket *socket);
    void handToHttp(QTcpSocket *socket);
    void giveSocketTo(QWebSocket *webSocket);
    void onWebSocketUpgraded();

    RelayConfig m_config;
    HttpApi *m_httpApi = nullptr;
    QString m_errorString;
    // Declared before the listener: sockets still owned by it are destroyed with it, and each
    // one's destruction decrements this count.
    QHash<QHostAddress, int> m_perAddress;
    qint64 m_refusedOverCap = 0;
    // Refusals are logged once per address and burst: the first at once, the rest as one count.
    QHash<QHostAddress, int> m_refusedInBurst;
    QTimer m_refusalReport;
    QSet<QTcpSocket *> m_handshaking;
    // QWebSocketServer finds the socket of each handshake with QObject::sender(), which walks
    // every socket connected to it: with thousands handed over at once (a connection storm) the
    // upgrades cost O(N^2) (half the relay's time at 10,000). A few at a time keep it short; the
    // rest wait here, their complete heads already buffered.
    static constexpr qsizetype kUpgradesInFlight = 256;
    QSet<QTcpSocket *> m_upgrading; // handed to QWebSocketServer, not yet upgraded
    QQueue<QPointer<QTcpSocket>> m_waitingForUpgrade;
    TcpListener m_listener;
    QWebSocketServer m_webSocketServer;
};

} // namespace confab::relay
