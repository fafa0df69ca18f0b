#include "frontdoor.h"

#include "relaylog.h"
#include "requesthead.h"

#include "protocol/protocolversion.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

FrontDoor::FrontDoor(const RelayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_webSocketServer(u"confab-relay/" CONFAB_VERSION ""_s, QWebSocketServer::NonSecureMode)
{
    m_tcpServer.setListenBacklogSize(m_config.listenBacklog);
    m_webSocketServer.setSupportedSubprotocols({protocol::kSubprotocol});
    connect(&m_tcpServer, &QTcpServer::newConnection, this, &FrontDoor::onTcpConnection);
    connect(&m_webSocketServer, &QWebSocketServer::newConnection, this, &FrontDoor::onWebSocketUpgraded);
}

FrontDoor::~FrontDoor()
{
    close();
}

bool FrontDoor::listen()
{
    return m_tcpServer.listen(m_config.listenAddress, m_config.port);
}

QString FrontDoor::errorString() const
{
    return m_tcpServer.errorString();
}

QHostAddress FrontDoor::serverAddress() const
{
    return m_tcpServer.serverAddress();
}

quint16 FrontDoor::serverPort() const
{
    return m_tcpServer.serverPort();
}

void FrontDoor::close()
{
    m_tcpServer.close();
    const QSet<QTcpSocket *> pending = std::exchange(m_handshaking, {});
    for (QTcpSocket *socket : pending) {
        socket->abort();
        socket->deleteLater();
    }
}

void FrontDoor::onTcpConnection()
{
    while (QTcpSocket *socket = m_tcpServer.nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_handshaking.insert(socket);

        // Sockets handed to QWebSocketServer::handleConnection get no handshake timeout of their
        // own: without this deadline a client could hold a connection open by never finishing.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, socket, [this, socket] {
            qCInfo(lcRelay) << "handshake timed out for" << socket->peerAddress().toString();
            m_handshaking.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
        deadline->start(m_config.handshakeTimeout);

        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (m_handshaking.remove(socket))
                socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            inspect(socket);
    }
}

void FrontDoor::inspect(QTcpSocket *socket)
{
    if (!m_handshaking.contains(socket))
        return;
    const qsizetype limit = m_config.maxRequestHeadSize;
    const QByteArray peeked = socket->peek(limit + 4);
    const qsizetype end = peeked.indexOf("\r\n\r\n");
    if (end < 0) {
        if (peeked.size() >= limit)
            refuse(socket, 431, "Request Header Fields Too Large", u"The request head is too large."_s);
        return;
    }

    const std::optional<RequestHead> head = RequestHead::parse(QByteArrayView(peeked).first(end + 4));
    if (!head) {
        refuse(socket, 400, "Bad Request", u"The request is not valid HTTP/1.1."_s);
        return;
    }
    if (head->path() != QByteArrayView(protocol::kWebSocketPath.data(), protocol::kWebSocketPath.size())) {
        refuse(socket, 404, "Not Found", u"Nothing here. The WebSocket endpoint is %1."_s.arg(protocol::kWebSocketPath));
        return;
    }
    if (head->method() != "GET" || !head->headerHasToken("upgrade", "websocket")) {
        refuse(socket, 426, "Upgrade Required", u"This endpoint speaks WebSocket only."_s);
        return;
    }
    if (!head->headerHasToken("sec-websocket-protocol", protocol::kSubprotocol.latin1())) {
        refuse(socket, 400, "Bad Request",
               u"The WebSocket subprotocol %1 is required (Sec-WebSocket-Protocol)."_s.arg(protocol::kSubprotocol));
        return;
    }
    handOver(socket);
}

void FrontDoor::refuse(QTcpSocket *socket, int status, QByteArrayView reason, const QString &explanation)
{
    qCInfo(lcRelay).nospace().noquote() << "refused a request from " << socket->peerAddress().toString() << ": " << status
                              << ' ' << reason.toByteArray().constData();
    m_handshaking.remove(socket);
    socket->disconnect(this);
    const QByteArray body = explanation.toUtf8() + '\n';
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() + "\r\n";
    if (status == 426)
        response += "Upgrade: websocket\r\n";
    response += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    socket->write(response);
    // Keep the deadline: a client that never reads must not keep the socket alive.
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

void FrontDoor::handOver(QTcpSocket *socket)
{
    m_handshaking.remove(socket);
    socket->disconnect(this);
    // The head is complete and buffered, so QWebSocketServer answers it on the next turn of the
    // event loop: either it upgrades the socket or closes it. The deadline has done its job.
    qDeleteAll(socket->findChildren<QTimer *>(Qt::FindDirectChildrenOnly));
    m_webSocketServer.handleConnection(socket);
}

void FrontDoor::onWebSocketUpgraded()
{
    while (QWebSocket *webSocket = m_webSocketServer.nextPendingConnection()) {
        if (webSocket->subprotocol() != protocol::kSubprotocol) {
            // Unreachable while the head check above holds; kept so a change there cannot let a
            // client in without the protocol it must speak.
            webSocket->close(QWebSocketProtocol::CloseCodeProtocolError, u"confab.v1 required"_s);
            connect(webSocket, &QWebSocket::disconnected, webSocket, &QObject::deleteLater);
            continue;
        }
        webSocket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageSize));
        webSocket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxFrameSize));
        Q_EMIT webSocketConnected(webSocket);
    }
}

} // namespace confab::relay
