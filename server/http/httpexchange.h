#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QObject>

namespace confab::relay {

class HttpConnection;

// One request and its answer, handed to an HTTP endpoint. The endpoint answers once, now or later
// (after a commit, a login): either respond() with a complete response, or beginStream() and then
// write() as often as it likes (SSE, newline-delimited JSON, the fallback transport's event
// stream) until finish(). A stream has no Content-Length and no chunking: its body ends when the
// connection closes (Connection: close), which every HTTP/1.0 and 1.1 client and reverse proxy
// understands. The connection owns the exchange and deletes it (later) once the answer is written
// or the peer has gone: endpoints that answer later hold a QPointer and check it, or listen to
// closed().
class HttpExchange : public QObject
{
    Q_OBJECT

public:
    HttpExchange(HttpRequest request, HttpConnection *connection);
    ~HttpExchange() override;

    const HttpRequest &request() const { return m_request; }

    // Sends the whole answer; the connection then reads the next request (keep-alive) or closes.
    void respond(const HttpResponse &response);
    // Sends the status line and headers of a stream (adds Cache-Control: no-store,
    // X-Accel-Buffering: no and Connection: close); later bytes go out with write().
    void beginStream(int status, const QList<std::pair<QByteArray, QByteArray>> &headers);
    void write(const QByteArray &data);
    // Ends a stream: the connection closes once the bytes written so far are sent.
    void finish();
    // Drops the connection at once, discarding unsent bytes (a consumer too slow, or silent);
    // closed() follows as for a peer that went away.
    void abort();

    bool isAnswered() const { return m_answered; }
    bool isStreaming() const { return m_streaming; }
    bool isClosed() const { return m_closed; }
    // Bytes written but not yet taken by the peer's TCP stack (for pacing and the unsent cap).
    qint64 bytesToWrite() const;

Q_SIGNALS:
    // Some of the written bytes went out (for pacing a replay).
    void bytesWritten(qint64 bytes);
    // The peer closed or the connection failed before or while answering; nothing more can be
    // sent. Emitted once; the exchange is deleted later.
    void closed();

private:
    friend class HttpConnection;
    void markClosed();

    HttpRequest m_request;
    HttpConnection *m_connection;
    bool m_answered = false;
    bool m_streaming = false;
    bool m_closed = false;
};

} // namespace confab::relay
