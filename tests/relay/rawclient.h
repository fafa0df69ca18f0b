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
    bool open(const QUrl &url, const QStringList &subprotocols = { QStringLiteral("confab.v1") });
    // open() + hello; true when the relay welcomed us.
    bool login(const QUrl &url, const QString &user, const QString &password);

    void send(const confab::protocol::Frame &frame);
    void sendBinary(const QByteArray &data);
    void sendText(const QString &text);

    // The next frame from the relay, decoded; nothing if none came in time or it did not decode.
    std::optional<confab::protocol::Frame> next(int timeoutMs = 5000);
    // Typed convenience: the next frame, which must be of this type.
    template<typename T> std::optional<T> nextAs(int timeoutMs = 5000)
    {
        const auto frame = next(timeoutMs);
        if (frame && std::holds_alternative<T>(*frame))
            return std::get<T>(*frame);
        return std::nullopt;
    }

    // Sends a request and returns the reply carrying its id (ack, error, members, streams),
    // skipping any event that comes first (those are gone afterwards: use it for the side that
    // acts, not the side under observation).
    std::optional<confab::protocol::Frame> call(const confab::protocol::Frame &request, int timeoutMs = 5000);
    // call() that expects an ack; nothing on an error (then in lastError()).
    std::optional<confab::protocol::Ack> request(
        const confab::protocol::Frame &request, int timeoutMs = 5000);
    // The error call()/request() got last, if any.
    std::optional<confab::protocol::Error> lastError() const { return m_lastError; }
    // The code of the error a request gets (or nothing if it succeeded).
    std::optional<confab::protocol::ErrorCode> errorOf(const confab::protocol::Frame &request);

    // subscribe, then the ack and (after any replay) synced. The ack, or nothing if the relay
    // answered otherwise; the replayed frames and synced are kept for the caller in `replayed`
    // and `synced`.
    struct Subscription {
        confab::protocol::Ack ack;
        QList<confab::protocol::Frame> replayed;
        confab::protocol::Synced synced;
    };
    std::optional<Subscription> subscribe(
        const QString &stream, std::optional<qint64> since = std::nullopt, const QString &epoch = {});

    // A round trip: sends a request the relay answers at once (list_streams) and returns every
    // frame that came before its answer. Once a client's round trip is over, the relay has handled
    // everything that client sent before it; so after the acting client's round trip, this
    // client's round trip shows exactly what the actions sent here (and that nothing else came).
    std::optional<QList<confab::protocol::Frame>> roundTrip(int timeoutMs = 5000);
    // roundTrip() found nothing before its answer.
    bool quiet(int timeoutMs = 5000)
    {
        const auto frames = roundTrip(timeoutMs);
        return frames && frames->isEmpty();
    }
    // The error of the last request that failed in subscribe(), or the frame that came instead.
    std::optional<confab::protocol::Frame> lastUnexpected() const { return m_lastUnexpected; }

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
    std::optional<confab::protocol::Frame> m_lastUnexpected;
    std::optional<confab::protocol::Error> m_lastError;
    int m_roundTrips = 0;
    int m_subscriptions = 0;
};
