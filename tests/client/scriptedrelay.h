#pragma once

#include "protocol/frames.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

#include <type_traits>

namespace confab::client {
class ClientEngine;
}

// A stand-in relay inside the test process: a QWebSocketServer on a free loopback port whose
// answers each test scripts itself, to drive the client engine into situations a well-behaved
// relay never produces. By default it welcomes every hello; everything else is up to the test.
class ScriptedRelay : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedRelay(const QStringList &subprotocols, QObject *parent = nullptr);

    bool listen();
    QUrl url() const; // ws://127.0.0.1:<port>/v1/ws
    QWebSocket *peer() const { return m_peer; } // the newest client connection
    int connectionCount() const { return m_connectionCount; }

    void setWelcomesHello(bool welcome) { m_welcomesHello = welcome; }
    // Connects `engine` here as demo and waits up to `waitMs` for the welcome.
    bool logIn(confab::client::ClientEngine &engine, int waitMs);

    // Like the real relay: events go out as binary frames.
    void send(const confab::protocol::Frame &frame);
    void sendText(const QByteArray &raw);
    void sendBinary(const QByteArray &raw);

    // Frames received from the client, decoded, oldest first.
    const QList<confab::protocol::Frame> &received() const { return m_received; }
    template <typename T>
    QList<T> receivedOf() const
    {
        QList<T> frames;
        for (const confab::protocol::Frame &frame : m_received) {
            if (const T *typed = std::get_if<T>(&frame))
                frames.append(*typed);
        }
        return frames;
    }

Q_SIGNALS:
    void frameReceived(const confab::protocol::Frame &frame);

private:
    void onNewConnection();
    void onData(const QByteArray &data);

    QWebSocketServer m_server;
    QPointer<QWebSocket> m_peer;
    QList<confab::protocol::Frame> m_received;
    int m_connectionCount = 0;
    bool m_welcomesHello = true;
};
