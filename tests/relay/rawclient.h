#pragma once

#include "protocol/frames.h"

#include <QByteArrayList>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <optional>

// A bare WebSocket client for relay tests: no client engine, just frames. It records every
// frame the relay sends (with its kind, text or binary) and waits for them on the event loop.
class RawClient : public QObject
{
    Q_OBJECT

public:
    explicit RawClient(QObject *parent = nullptr);

    // Opens the socket with these subprotocols; true once connected.
    bool open(const QUrl &url, const QStringList &subprotocols = {QStringLiteral("confab.v1")});
    // open() + hello; true when the relay welcomed us.
    bool login(const QUrl &url, const QString &user, const QString &password);

    void send(const confab::protocol::Frame &frame);
    void sendBinary(const QByteArray &data);
    void sendText(const QString &text);

    // The next frame from the relay, decoded; nothing if none came in time or it did not decode.
    std::optional<confab::protocol::Frame> next(int timeoutMs = 5000);
    // Typed convenience: the next frame, which must be of this type.
    template <typename T>
    std::optional<T> nextAs(int timeoutMs = 5000)
    {
        const auto frame = next(timeoutMs);
        if (frame && std::holds_alternative<T>(*frame))
            return std::get<T>(*frame);
        return std::nullopt;
    }

    bool waitForDisconnected(int timeoutMs = 5000);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    // Raw bytes of every frame received so far, and whether each was binary.
    const QByteArrayList &rawFrames() const { return m_frames; }
    const QList<bool> &binaryFlags() const { return m_binary; }
    QByteArray lastRawFrame() const { return m_lastTaken; }
    QWebSocket &socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QByteArrayList m_frames;
    QList<bool> m_binary;
    qsizetype m_taken = 0;
    QByteArray m_lastTaken;
};
