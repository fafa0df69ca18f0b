#pragma once

#include <QTcpSocket>

namespace confab::relay {

// A plain TCP socket that hands what it is given straight to the kernel while Qt holds nothing
// queued for it (Linux; elsewhere it is QTcpSocket as is). QTcpSocket copies every write into a
// 32 KiB ring-buffer chunk first and keeps that chunk for the socket's life: the WebSocket
// upgrade answer alone made every idle connection carry one, a third of its memory. What the
// kernel does not take queues in Qt as before, in order. bytesWritten() is still emitted, on
// the next turn of the event loop as Qt does, so writers paced by it go on.
class DirectTcpSocket : public QTcpSocket
{
    Q_OBJECT

public:
    explicit DirectTcpSocket(QObject *parent = nullptr) : QTcpSocket(parent) { }

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void reportDirectWrites();

    qint64 m_unreported = 0;
};

} // namespace confab::relay
