#include "tcplistener.h"

#include "directtcpsocket.h"

#include <QSslSocket>

#ifdef Q_OS_WIN
#include <winsock2.h>
#else
#include <unistd.h>
#endif

namespace confab::relay {

void TcpListener::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *sslSocket = new QSslSocket(this);
        sslSocket->setSslConfiguration(*m_tls);
        socket = sslSocket;
    } else {
        socket = new DirectTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        // setSocketDescriptor took no ownership: close the descriptor here, or it leaks.
        delete socket;
#ifdef Q_OS_WIN
        ::closesocket(SOCKET(socketDescriptor));
#else
        ::close(int(socketDescriptor));
#endif
        return;
    }
    addPendingConnection(socket);
}

} // namespace confab::relay
