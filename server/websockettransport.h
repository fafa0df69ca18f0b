#pragma once

#include "sessiontransport.h"

#include <QPointer>
#include <QTcpSocket>
#include <QVarLengthArray>

#include <vector>

class QWebSocket;
struct iovec;

namespace confab::relay {

class ParallelSends;

// The session transport over an upgraded WebSocket: frames go out as binary messages (gathered
// per client over a turn of the event loop and written together, never flushed one by one), frames come in as binary or text messages, a pong proves the client
// alive, and close() is the WebSocket close handshake with its code and reason.
class WebSocketTransport : public SessionTransport
{
    Q_OBJECT

public:
    // Takes ownership of the socket.
    explicit WebSocketTransport(QWebSocket *socket, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    // Helper threads for writing a large fan-out (the relay's); nullptr: this thread alone.
    void setParallelSends(ParallelSends *sends) { m_parallelSends = sends; }

    void sendFrame(const QByteArray &frame) override;
    qint64 bytesToWrite() const override;
    void ping() override;
    void close(QWebSocketProtocol::CloseCode code, const QString &reason) override;
    void abort() override;
    QString peerAddress() const override;
    quint16 peerPort() const override;
    QString kind() const override;

private:
    void onMessage(const QByteArray &frame);
    // Frames wait for the end of the event loop's turn (sendFrame says why).
    void waitForEndOfTurn();
    // Writes this transport's waiting frames; returns the bytes the kernel took directly.
    qint64 writePending();
    // Tells a waiting replay of bytes written past Qt's queue (bytesWritten).
    void reportWrittenDirectly(qint64 written);
    static void writeAllPending();
    static void writeBatch(ParallelSends &sends, size_t count);
    // A direct write of the waiting frames: where to (descriptor -1: none, all go through Qt) and
    // which of the batch's parts; the kernel's answer.
    struct DirectWrite
    {
        WebSocketTransport *transport = nullptr;
        int descriptor = -1;
        qsizetype firstPart = 0;
        qsizetype partCount = 0;
        qint64 written = 0;
    };
    void prepareDirectWrite(DirectWrite &write, std::vector<struct iovec> &parts);
    // Hands Qt what the kernel did not take, in order, and forgets the waiting frames.
    qint64 finishPending(qint64 writtenDirectly);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_tcp;
    // Whole frames, shared with every other subscriber's; room for one without an allocation.
    QVarLengthArray<QByteArray, 1> m_pending;
    qint64 m_pendingBytes = 0;
    int m_pendingIndex = -1; // in the list of transports to write at the end of this turn
    ParallelSends *m_parallelSends = nullptr;
    bool m_writesDirectly = false; // plain TCP on Linux: frames go to the kernel with sendmsg()
    bool m_disconnected = false;
    bool m_closing = false;
};

} // namespace confab::relay
