#include "frontdoor.h"

#include "http/httpconnection.h"
#include "http/httpheadparser.h"
#include "relaylog.h"
#include "tlssetup.h"

#include "protocol/protocolversion.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Room for the largest allowed message plus its frame headers: the socket never has to hold more
// to make progress, and a client cannot make the relay buffer more than that ahead of parsing.
qint64 readBufferFor(const RelayConfig &config)
{
    return std::max(config.maxMessageSize, config.maxFrameSize) + 16 * 1024;
}

} // namespace

FrontDoor::FrontDoor(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_webSocketServer(u"confab-relay/" CONFAB_VERSION ""_s, QWebSocketServer::NonSecureMode)
{
    m_listener.setListenBacklogSize(m_config.listenBacklog);
    // QTcpServer stops accepting while this many wait in its queue; the queue is drained at once
    // on every newConnection, so this only matters in a burst, where pausing would cost the
    // backlog its purpose.
    m_listener.setMaxPendingConnections(std::max(m_config.listenBacklog, 30));
    m_webSocketServer.setSupportedSubprotocols({protocol::kSubprotocol});
    m_refusalReport.setSingleShot(true);
    m_refusalReport.setInterval(std::chrono::seconds(1));
    connect(&m_refusalReport, &QTimer::timeout, this, &FrontDoor::reportRefusals);
    connect(&m_listener, &QTcpServer::newConnection, this, &FrontDoor::onTcpConnection);
    connect(&m_webSocketServer, &QWebSocketServer::newConnection, this, &FrontDoor::onWebSocketUpgraded);
}

FrontDoor::~FrontDoor()
{
    close();
    // Before the members they report to (the per-address count) are gone.
    dropHttpConnections();
}

void FrontDoor::dropHttpConnections()
{
    // Each one tells its exchange the peer is gone, so streams let go of the hub and the store.
    qDeleteAll(findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly));
}

bool FrontDoor::listen()
{
    const bool hasCertificate = !m_config.tlsCertificateFile.isEmpty();
    const bool hasKey = !m_config.tlsKeyFile.isEmpty();
    if (hasCertificate != hasKey) {
        m_errorString = u"TLS needs both a certificate and a key file (only the %1 is set)"_s.arg(
            hasCertificate ? u"certificate"_s : u"key"_s);
        return false;
    }
    if (hasCertificate) {
        const TlsSetup::Result tls = TlsSetup::load(m_config.tlsCertificateFile, m_config.tlsKeyFile);
        if (!tls.configuration) {
            m_errorString = tls.error;
            return false;
        }
        m_listener.setTlsConfiguration(*tls.configuration);
    }
    if (!m_listener.listen(m_config.listenAddress, m_config.port)) {
        m_errorString = u"cannot listen on %1 port %2: %3"_s.arg(
            m_config.listenAddress.toString(), QString::number(m_config.port), m_listener.errorString());
        return false;
    }
    return true;
}

QHostAddress FrontDoor::serverAddress() const
{
    return m_listener.serverAddress();
}

quint16 FrontDoor::serverPort() const
{
    return m_listener.serverPort();
}

QHash<QString, int> FrontDoor::connectionsPerAddress() const
{
    QHash<QString, int> counts;
    for (auto it = m_perAddress.cbegin(); it != m_perAddress.cend(); ++it)
        counts.insert(it.key().toString(), it.value());
    return counts;
}

void FrontDoor::close()
{
    m_listener.close();
    const QQueue<QPointer<QTcpSocket>> waiting = std::exchange(m_waitingForUpgrade, {});
    for (QTcpSocket *socket : waiting) {
        if (socket) {
            socket->abort();
            socket->deleteLater();
        }
    }
    const QSet<QTcpSocket *> pending = std::exchange(m_handshaking, {});
    for (QTcpSocket *socket : pending) {
        socket->abort();
        socket->deleteLater();
    }
}

void FrontDoor::onTcpConnection()
{
    while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
        if (!admit(socket))
            continue;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // Only the head is read before the upgrade; a client cannot make the relay buffer more.
        socket->setReadBufferSize(m_config.maxRequestHeadSize + 4);
        m_handshaking.insert(socket);

        // Sockets handed to QWebSocketServer::handleConnection get no handshake timeout of their
        // own: without this deadline a client could hold a connection open by never finishing.
        // It runs from accept, so it covers the TLS handshake too.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        // It also outlives a refusal (a client that never reads its answer is dropped too).
        connect(deadline, &QTimer::timeout, socket, [this, socket] {
            qCInfo(lcRelay) << "handshake timed out for" << socket->peerAddress().toString();
            m_handshaking.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
        deadline->start(m_config.handshakeTimeout);

        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::SslHandshakeFailedError) {
                qCInfo(lcRelay).noquote() << "TLS handshake failed for" << socket->peerAddress().toString()
                                          << ":" << socket->errorString();
            }
            drop(socket);
        });
        if (auto *sslSocket = qobject_cast<QSslSocket *>(socket)) {
            // readyRead carries decrypted bytes only, so the head is inspected as for plain TCP.
            sslSocket->startServerEncryption();
        } else if (socket->bytesAvailable() > 0) {
            inspect(socket);
        }
    }
}

bool FrontDoor::admit(QTcpSocket *socket)
{
    const QHostAddress address = socket->peerAddress();
    const int open = m_perAddress.value(address);
    if (m_config.maxConnectionsPerAddress > 0 && open >= m_config.maxConnectionsPerAddress) {
        refuseOverCap(socket, address);
        return false;
    }
    m_perAddress.insert(address, open + 1);
    Q_EMIT connectionAccepted();
    // The socket lives until its connection is over, whichever way that goes: refused, timed out,
    // failed its upgrade, or owned by a session (through its QWebSocket) that has finished. Its
    // place is a child object rather than a connection to the socket's own destroyed(): both the
    // front door and QWebSocket cut every connection of a socket they hand on or release.
    auto *place = new QObject(socket);
    connect(place, &QObject::destroyed, &m_listener, [this, address] {
        const auto it = m_perAddress.find(address);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    });
    return true;
}

void FrontDoor::refuseOverCap(QTcpSocket *socket, const QHostAddress &address)
{
    ++m_refusedOverCap;
    const auto it = m_refusedInBurst.find(address);
    if (it == m_refusedInBurst.end()) {
        qCWarning(lcRelayAudit).noquote() << "refusing connections from" << address.toString() << ": it holds"
                                          << m_config.maxConnectionsPerAddress << "(the per-address cap)";
        m_refusedInBurst.insert(address, 1);
    } else {
        ++it.value();
    }
    if (!m_refusalReport.isActive())
        m_refusalReport.start();

    // A plain client learns why; over TLS a plaintext answer would be noise, so it is just closed.
    // Either way nothing of the connection survives this function but a deferred delete.
    if (!m_listener.isTls()) {
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->flush();
        socket->close();
    }
    socket->abort();
    socket->deleteLater();
}

void FrontDoor::reportRefusals()
{
    for (auto it = m_refusedInBurst.cbegin(); it != m_refusedInBurst.cend(); ++it) {
        if (it.value() > 1) {
            qCWarning(lcRelayAudit).noquote() << "refused" << it.value() << "connections from"
                                              << it.key().toString() << "over the per-address cap";
        }
    }
    m_refusedInBurst.clear();
}

void FrontDoor::drop(QTcpSocket *socket)
{
    if (!m_handshaking.remove(socket))
        return;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void FrontDoor::inspect(QTcpSocket *socket)
{
    if (!m_handshaking.contains(socket))
        return;
    const qsizetype limit = m_config.maxRequestHeadSize;
    // Peeked, not read: whoever gets the connection reads the request from its start. The head
    // is parsed again from the start on each arrival; it is small and bounded by the limit.
    const QByteArray peeked = socket->peek(limit + 4);
    HttpHeadParser parser(limit);
    parser.feed(peeked);
    if (!parser.failed() && !parser.isHeadComplete() && peeked.size() >= limit) {
        refuse(socket, HttpResponse::error(431, u"The request head is too large."_s));
        return;
    }
    if (parser.failed()) {
        // An API client gets the API's error shape; this may not even be HTTP.
        refuse(socket, HttpResponse::error(parser.errorStatus(), parser.errorMessage()));
        return;
    }
    if (!parser.isHeadComplete())
        return;
    if (parser.head().path != protocol::kWebSocketPath) {
        handToHttp(socket);
        return;
    }
    checkUpgrade(socket, parser.head());
}

void FrontDoor::checkUpgrade(QTcpSocket *socket, const HttpRequest &head)
{
    if (head.method != "GET" || !head.headerHasToken("upgrade", "websocket")) {
        refuse(socket, HttpResponse::text(426, u"This endpoint speaks WebSocket only."_s).withHeader("Upgrade", "websocket"));
        return;
    }
    if (!head.headerHasToken("sec-websocket-protocol", protocol::kSubprotocol.latin1())) {
        refuse(socket, HttpResponse::text(400,
            u"The WebSocket subprotocol %1 is required (Sec-WebSocket-Protocol)."_s.arg(protocol::kSubprotocol)));
        return;
    }
    // Browsers always send Origin and cannot forge it: it is what stops another web site from
    // using a visitor's browser against the relay. Native clients send none.
    if (head.hasHeader("origin")) {
        const QString origin = QString::fromLatin1(head.header("origin"));
        if (!m_config.allowedOrigins.contains(origin)) {
            refuse(socket, HttpResponse::text(403, u"This origin may not use the relay."_s));
            return;
        }
    }
    handOver(socket);
}

void FrontDoor::refuse(QTcpSocket *socket, const HttpResponse &answer)
{
    qCInfo(lcRelay).nospace().noquote() << "refused a request from " << socket->peerAddress().toString() << ": "
                                        << answer.status << ' ' << reasonPhrase(answer.status).constData();
    m_handshaking.remove(socket);
    socket->disconnect(this);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + reasonPhrase(answer.status) + "\r\n";
    for (const auto &[name, value] : answer.headers)
        response += name + ": " + value + "\r\n";
    response += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\nConnection: close\r\n\r\n"
        + answer.body;
    socket->write(response);
    // Keep the deadline: a client that never reads must not keep the socket alive.
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

void FrontDoor::handToHttp(QTcpSocket *socket)
{
    if (!m_httpApi) {
        refuse(socket, HttpResponse::text(404, u"Nothing here. The WebSocket endpoint is %1."_s.arg(protocol::kWebSocketPath)));
        return;
    }
    m_handshaking.remove(socket);
    socket->disconnect(this);
    // The connection keeps its own time per request from here.
    qDeleteAll(socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly));
    // The socket (and its place in the per-address count, a child of it) now lives as long as
    // the connection.
    auto *connection
        = new HttpConnection(socket, *m_httpApi, { m_config.maxRequestHeadSize, m_config.httpRequestTimeout }, this);
    connect(connection, &HttpConnection::answered, this, &FrontDoor::httpAnswered);
}

void FrontDoor::handOver(QTcpSocket *socket)
{
    m_handshaking.remove(socket);
    socket->disconnect(this);
    // The head is complete and buffered: the deadline has done its job. The upgrade may wait
    // for its turn in a storm; a peer that leaves meanwhile is noticed at its turn.
    qDeleteAll(socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly));
    m_waitingForUpgrade.enqueue(socket);
    upgradeWaiting();
}

void FrontDoor::upgradeWaiting()
{
    while (m_upgrading.size() < kUpgradesInFlight && !m_waitingForUpgrade.isEmpty()) {
        QTcpSocket *socket = m_waitingForUpgrade.dequeue();
        if (!socket) // gone while it waited (the relay shutting down)
            continue;
        if (socket->state() != QAbstractSocket::ConnectedState) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        // QWebSocketServer answers the buffered head on the next turn of the event loop: either
        // it upgrades the socket or closes it. It keeps no deadline of its own: should it ever do
        // neither, this one frees the place in line.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, socket, [socket] { socket->abort(); });
        deadline->start(m_config.handshakeTimeout);
        m_upgrading.insert(socket);
        connect(socket, &QObject::destroyed, &m_listener, [this, socket] { upgradeFinished(socket); });
        connect(socket, &QTcpSocket::disconnected, &m_listener, [this, socket] { upgradeFinished(socket); });
        m_webSocketServer.handleConnection(socket);
    }
}

void FrontDoor::upgradeFinished(QTcpSocket *socket)
{
    if (m_upgrading.remove(socket))
        upgradeWaiting();
}

void FrontDoor::giveSocketTo(QWebSocket *webSocket)
{
    // A QWebSocket made by QWebSocketServer neither parents nor deletes the QTcpSocket under it:
    // left alone, that socket (and its place in the per-address count) would live as long as
    // the listener. Its child, it goes when the session deletes the QWebSocket, after the
    // QWebSocket's own destructor has used it for the last time.
    for (auto it = m_upgrading.begin(); it != m_upgrading.end(); ++it) {
        QTcpSocket *socket = *it;
        // The whole connection, both ends: a client (or a NAT) may reuse its port towards another
        // of the relay's addresses, and a mix-up here would hand one user's socket to another.
        if (socket->peerPort() == webSocket->peerPort() && socket->localPort() == webSocket->localPort()
            && socket->peerAddress() == webSocket->peerAddress()
            && socket->localAddress() == webSocket->localAddress()) {
            m_upgrading.erase(it);
            socket->disconnect(&m_listener);
            // QWebSocketServer stays connected to every socket it upgraded (Qt 6.4), and its slot
            // looks the socket up with QObject::sender(), which walks all of them: 10,000 clients
            // dropping at once cost the relay seconds. The socket is the QWebSocket's now.
            socket->disconnect(&m_webSocketServer);
            qDeleteAll(socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly));
            socket->setParent(webSocket);
            upgradeWaiting();
            return;
        }
    }
}

void FrontDoor::onWebSocketUpgraded()
{
    while (QWebSocket *webSocket = m_webSocketServer.nextPendingConnection()) {
        if (webSocket->subprotocol() != protocol::kSubprotocol) {
            giveSocketTo(webSocket);
            // Unreachable while the head check above holds; kept so a change there cannot let a
            // client in without the protocol it must speak.
            webSocket->close(QWebSocketProtocol::CloseCodeProtocolError, u"confab.v1 required"_s);
            connect(webSocket, &QWebSocket::disconnected, webSocket, &QObject::deleteLater);
            continue;
        }
        giveSocketTo(webSocket);
        webSocket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageSize));
        webSocket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxFrameSize));
        webSocket->setReadBufferSize(readBufferFor(m_config));
        Q_EMIT webSocketConnected(webSocket);
    }
}

} // namespace confab::relay
