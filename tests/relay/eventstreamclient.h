#pragma once

#include "protocol/frames.h"

#include <QByteArrayList>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkReply;

// A bare client of the relay's fallback transport, written from docs/protocol.md ("Fallback
// transport"): it opens GET /v1/events, reads the Server-Sent Events (the `session` event, one
// frame per `data:` event, `ping` and `close`), and sends frames in POST /v1/frames with the
// session's secret, one POST at a time. By default it answers each ping with an empty POST, as a
// real client must; tests of the heartbeat turn that off.
class EventStreamClient : public QObject
{
    Q_OBJECT

public:
    struct Event {
        QByteArray name; // "message" when the event had no name
        QByteArray data;
    };
    struct CloseEvent {
        int code = 0;
        QString reason;
    };

    // base: http://HOST:PORT (the relay's address; or a proxy's).
    explicit EventStreamClient(const QUrl &base, QObject *parent = nullptr);
    ~EventStreamClient() override;

    // Opens the event stream and waits for its `session` event; false when none came.
    bool open(int timeoutMs = 5000);
    // open() + hello with a password (or a token when password is empty and token given); true
    // when the relay welcomed us.
    bool login(const QString &user, const QString &password, int timeoutMs = 5000);
    bool loginWithToken(const QString &token, int timeoutMs = 5000);

    // POSTs these lines as one body and waits for the answer: the HTTP status (0: no answer).
    int postLines(const QByteArrayList &lines, int timeoutMs = 5000);
    int postBody(const QByteArray &body, const QByteArray &session, int timeoutMs = 5000);
    // One frame in one POST; true on 204.
    bool send(const confab::protocol::Frame &frame);
    // Several frames in one POST; true on 204.
    bool sendAll(const QList<confab::protocol::Frame> &frames);

    // The next frame from the relay, decoded (pings and the close event are not frames).
    std::optional<confab::protocol::Frame> next(int timeoutMs = 5000);
    template<typename T> std::optional<T> nextAs(int timeoutMs = 5000)
    {
        const auto frame = next(timeoutMs);
        if (frame && std::holds_alternative<T>(*frame))
            return std::get<T>(*frame);
        return std::nullopt;
    }
    // Sends a request and returns the reply with its id, skipping events before it.
    std::optional<confab::protocol::Frame> call(const confab::protocol::Frame &request, int timeoutMs = 5000);

    // Drops the event stream (the relay then ends the session).
    void drop();
    // Waits until the relay ended the stream.
    bool waitForEnded(int timeoutMs = 5000);
    bool isOpen() const { return m_open; }

    void setAnswerPings(bool answer) { m_answerPings = answer; }
    int pingsSeen() const { return m_pings; }
    std::optional<CloseEvent> closeEvent() const { return m_close; }
    QByteArray session() const { return m_session; }
    qint64 heartbeatMs() const { return m_heartbeatMs; }
    // The stream's response headers (names as sent).
    QByteArray streamHeader(const QByteArray &name) const;
    int streamStatus() const { return m_streamStatus; }

Q_SIGNALS:
    void eventArrived();
    void ended();

private:
    void onStreamData();
    void onEvent(const Event &event);
    QUrl endpoint(const QString &path) const;

    QUrl m_base;
    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_stream;
    QByteArray m_buffer;
    Event m_pending;
    QList<Event> m_frames; // data events not yet taken by next()
    QByteArray m_session;
    qint64 m_heartbeatMs = 0;
    std::optional<CloseEvent> m_close;
    bool m_open = false;
    bool m_answerPings = true;
    int m_pings = 0;
    int m_streamStatus = 0;
    QList<std::pair<QByteArray, QByteArray>> m_streamHeaders;
};
