#include "directtcpsocket.h"

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#endif

#include <utility>

namespace confab::relay {

qint64 DirectTcpSocket::writeData(const char *data, qint64 size)
{
#ifdef Q_OS_LINUX
    // Only while nothing waits in Qt's queue: these bytes must not overtake earlier ones.
    if (size > 0 && state() == ConnectedState && bytesToWrite() == 0) {
        const ssize_t sent = ::send(int(socketDescriptor()), data, size_t(size), MSG_DONTWAIT | MSG_NOSIGNAL);
        // Nothing taken (a full buffer, or a failed connection): Qt queues it all and meets the
        // same condition on its own write, reporting an error the usual way.
        if (sent > 0) {
            if (std::exchange(m_unreported, m_unreported + sent) == 0)
                QMetaObject::invokeMethod(this, &DirectTcpSocket::reportDirectWrites, Qt::QueuedConnection);
            if (sent == size)
                return size;
            const qint64 queued = QTcpSocket::writeData(data + sent, size - sent);
            return queued < 0 ? qint64(sent) : sent + queued;
        }
    }
#endif
    return QTcpSocket::writeData(data, size);
}

void DirectTcpSocket::reportDirectWrites()
{
    if (const qint64 written = std::exchange(m_unreported, 0); written > 0)
        Q_EMIT bytesWritten(written);
}

} // namespace confab::relay
