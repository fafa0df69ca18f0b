#pragma once

#include "protocol/frames.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

#include <functional>
#include <memory>
#include <optional>

// A test client of the relay that speaks the protocol directly (no client engine), so the delivery
// tests see exactly what the relay sends. It keeps a log of every frame received over all of its
// connections, and per stream the stored events by seq, counting every repeated delivery of a
// seq: a relay that replays or fans out an event twice shows up as a duplicate here.
// Waiting helpers run the event loop with a timeout; nothing blocks.
class DeliveryClient : public QObject
{
    Q_OBJECT

public:
    // One frame as it arrived.
    struct Received {
        confab::protocol::Frame frame;
        bool binary = false;
        qint64 atMs = 0; // local wall clock when it arrived
        int connection = 0; // which connection of this client (1 = the first)
    };

    // What the relay answered to one request.
    struct Reply {
        std::optional<confab::protocol::Ack> ack;
        std::optional<confab::protocol::Error> error;
        std::optional<confab::protocol::Frame> other; // members, streams
        QString describe() const; // for failure messages
    };

    // A subscribe: the ack, the replayed stored events of the stream (between the ack and synced),
    // any other frame of that stream that came in between, and the synced marker.
    struct Subscription {
        Reply reply;
        std::optional<confab::protocol::Synced> synced;
        QList<confab::protocol::Frame> replay;
        QList<confab::protocol::Frame> otherFramesDuringReplay;
        QString describe() const;
    };

    // Stored events of one stream seen by this client, over all its connections.
    struct StreamLog {
        QString epoch;
        QMap<qint64, confab::protocol::Frame> events; // by seq, the first delivery
        QList<qint64> arrivals; // every delivered seq, in arrival order
        qint64 duplicates = 0; // deliveries of a seq already seen
        qint64 lastSeq() const { return events.isEmpty() ? 0 : events.lastKey(); }
    };

    DeliveryClient(const QString &user, const QString &password, QObject *parent = nullptr);
    ~DeliveryClient() override;

    QString user() const { return m_user; }

    // Opens a WebSocket (subprotocol confab.v1) and says hello; true once welcomed.
    bool connectTo(const QUrl &url, int timeoutMs = 10000);
    // Closes this connection and waits until it is gone.
    void close(int timeoutMs = 5000);
    bool waitForDisconnected(int timeoutMs = 10000);
    bool isConnected() const;
    std::optional<confab::protocol::Welcome> welcome() const { return m_welcome; }
    int connectionCount() const { return m_connection; }

    // A fresh request id ("<user>-<n>").
    QString nextId();
    // Sends a frame as is; false when there is no open connection.
    bool post(const confab::protocol::Frame &frame);
    // Sends a request (its id must be set) and waits for the reply carrying that id.
    Reply request(const confab::protocol::Frame &frame, int timeoutMs = 10000);
    // The reply to an earlier request id, once it came.
    std::optional<Reply> replyFor(const QString &id) const;
    Reply waitForReply(const QString &id, int timeoutMs = 10000);

    // Subscribes and waits for synced (which ends the replay).
    Subscription subscribe(const QString &stream, std::optional<qint64> since = std::nullopt,
        const QString &epoch = {}, int timeoutMs = 30000);
    // History page: the events sent for it (ascending), and the final ack. Use it on a connection
    // that is not subscribed to the stream, so live events cannot mix in.
    Subscription history(
        const QString &stream, std::optional<qint64> before, int limit, int timeoutMs = 10000);

    // A round trip (list_streams): every frame the relay queued for us before it read this request
    // has arrived when it returns true.
    bool roundTrip(int timeoutMs = 10000);

    const QList<Received> &log() const { return m_log; }
    StreamLog streamLog(const QString &stream) const { return m_streams.value(stream); }
    bool hasEvent(const QString &stream, qint64 seq) const;
    std::optional<confab::protocol::Frame> event(const QString &stream, qint64 seq) const;
    qint64 eventCount(const QString &stream) const { return m_streams.value(stream).events.size(); }
    qint64 duplicateDeliveries() const;
    int decodeFailures() const { return m_decodeFailures; }
    int textFramesWithEvents() const { return m_textEvents; } // stored events must come as binary frames

    // Frames of one type from the log, optionally only those after a log position.
    template<typename T> QList<T> framesOf(qsizetype fromLogIndex = 0) const
    {
        QList<T> result;
        for (qsizetype i = fromLogIndex; i < m_log.size(); ++i) {
            if (const T *frame = std::get_if<T>(&m_log.at(i).frame))
                result.append(*frame);
        }
        return result;
    }

    // The stream and seq of a stored event frame; nothing for any other frame.
    static std::optional<std::pair<QString, qint64>> storedEventKey(const confab::protocol::Frame &frame);

Q_SIGNALS:
    void frameReceived(const confab::protocol::Frame &frame);
    void ackReceived(const confab::protocol::Ack &ack);
    void errorReceived(const confab::protocol::Error &error);
    void connected();
    void disconnected();

private:
    void onMessage(const QByteArray &data, bool binary);
    bool waitFor(const std::function<bool()> &done, int timeoutMs);

    QString m_user;
    QString m_password;
    std::unique_ptr<QWebSocket> m_socket;
    int m_connection = 0;
    bool m_open = false;
    bool m_ended = false; // the current socket closed (or never opened)
    std::optional<confab::protocol::Welcome> m_welcome;
    std::optional<confab::protocol::Error> m_helloError;
    qint64 m_nextId = 0;
    QList<Received> m_log;
    QHash<QString, qsizetype> m_replyIndex; // request id -> index in m_log of its reply
    QHash<QString, StreamLog> m_streams;
    int m_decodeFailures = 0;
    int m_textEvents = 0;
};
