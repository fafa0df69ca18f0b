#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>

#include <optional>

// A WebSocket client written by hand on a QTcpSocket, for abuse tests that need what QWebSocket
// will not do: a small kernel receive buffer, an upgrade sent a byte at a time, a peer that never
// answers pings, or one that stops reading altogether. It masks what it sends, as a client must,
// and parses the relay's unmasked frames.
class ManualWebSocket : public QObject
{
    Q_OBJECT

public:
    struct Frame {
        int opcode = 0; // 1 text, 2 binary, 8 close, 9 ping, 10 pong
        QByteArray payload;
    };

    explicit ManualWebSocket(QObject *parent = nullptr);

    // Connects to 127.0.0.1:port. receiveBufferBytes > 0 sets SO_RCVBUF before connecting, so the
    // kernel advertises a small window from the start.
    bool connectTo(quint16 port, int receiveBufferBytes = 0);
    // The upgrade request for /v1/ws with the confab.v1 subprotocol (and an Origin when given).
    static QByteArray upgradeRequest(quint16 port, const QByteArray &origin = {});
    // Sends the upgrade and waits for the relay's answer head; true on 101.
    bool upgrade(quint16 port, const QByteArray &origin = {}, int timeoutMs = 5000);
    // The answer head the relay sent to the upgrade (status line and headers).
    QByteArray answerHead() const { return m_answerHead; }

    void sendFrame(const QByteArray &payload, int opcode = 2);
    // The next data or close frame; pings are counted and skipped (never answered).
    std::optional<Frame> nextFrame(int timeoutMs = 5000);
    // hello with this user and password; true once welcomed.
    bool login(const QString &user, const QString &password);

    int pingsSeen() const { return m_pings; }
    // From now on Qt reads nothing more from the kernel, which then stops acknowledging data
    // once its small receive buffer is full.
    void stopReading() { m_socket.setReadBufferSize(1); }
    QTcpSocket &socket() { return m_socket; }

private:
    std::optional<Frame> takeFrame();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_answerHead;
    int m_pings = 0;
};
