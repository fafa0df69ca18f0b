#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

// A stand-in relay for the app benchmarks, meant to live in its own thread (as the real relay
// lives in its own process), so that what it costs to produce the frames never counts as the
// app's event loop stalling. It welcomes any hello, answers every subscribe with an empty,
// recovered stream, and on publish() sends `count` chat messages to the connected client as
// binary frames, exactly as the relay delivers live events, `burst` frames at a time.
class FloodRelay : public QObject
{
    Q_OBJECT

public:
    explicit FloodRelay(QObject *parent = nullptr);

    // Call from the relay's thread (a queued invoke); url() is valid once listening() was emitted.
    Q_INVOKABLE void start();
    QUrl url() const { return m_url; }

    // Sends messages seq 1..count of `stream`, `burst` frames per turn of the relay's event loop
    // and `pauseMs` between bursts (0: as fast as the socket takes them).
    Q_INVOKABLE void publish(const QString &stream, int count, int burst, int pauseMs);

Q_SIGNALS:
    void listening(const QUrl &url);
    void subscribed(const QString &stream);
    void published(int count);

private:
    void onNewConnection();
    void onData(const QByteArray &data);
    void sendBurst();

    QWebSocketServer *m_server = nullptr; // made in the relay's thread
    QPointer<QWebSocket> m_peer;
    QUrl m_url;
    QString m_stream;
    int m_count = 0;
    int m_sent = 0;
    int m_burst = 0;
    int m_pauseMs = 0;
};
