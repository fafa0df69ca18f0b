#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

class QTcpSocket;

namespace confab::relay {

class HttpApi;
class HttpExchange;
class HttpHeadParser;

// One HTTP/1.x connection after the front door has decided it is not a WebSocket upgrade. It owns
// the socket, parses one request at a time (a pipelined request waits in the socket until the one
// before it is answered, so a client cannot queue work), asks the API for the body limit once the
// head is in (413 before reading a larger body; `100 Continue` when the client waits for it),
// hands each complete request to the API as an HttpExchange and writes the answer. Each request
// has `requestTimeout` from its first byte to its last (408), and an idle keep-alive connection is
// closed after the same time. HTTP/1.1 keeps the connection open between requests, HTTP/1.0 does
// not. Deletes itself (and the socket) once the connection is over.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    struct Limits {
        qsizetype maxHeadSize = 8 * 1024;
        std::chrono::milliseconds requestTimeout { 10'000 };
    };

    // Takes `socket` (it becomes a child); the bytes it holds are the first request. `api` must
    // outlive the connection.
    HttpConnection(QTcpSocket *socket, HttpApi &api, Limits limits, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Drops the connection at once (the exchange, if any, is told it closed).
    void abort();

Q_SIGNALS:
    // A request got its answer (or the start of a stream, or an error of the connection's own:
    // 400, 408, 413, 431), with the sizes of the request body and of the answer's body (0 for a
    // stream, whose body is still to come). For metrics.
    void answered(int status, qint64 requestBodyBytes, qint64 responseBodyBytes);
    // The connection is over; it deletes itself right after.
    void finished();

private:
    friend class HttpExchange;
    enum class State { Reading, Handling, Streaming, Closing, Closed };

    // For HttpExchange.
    void respond(HttpExchange *exchange, const HttpResponse &response);
    void beginStream(HttpExchange *exchange, int status, const QList<std::pair<QByteArray, QByteArray>> &headers);
    void write(HttpExchange *exchange, const QByteArray &data);
    void finish(HttpExchange *exchange);
    qint64 bytesToWrite() const;

    void readMore();
    bool takeHead();
    void dispatch();
    void fail(int status, const QString &message);
    void writeHead(int status, const QList<std::pair<QByteArray, QByteArray>> &headers,
                   std::optional<qint64> contentLength, bool keepAlive);
    void closeAfterWriting();
    void onDeadline();
    void onDisconnected();
    void nextRequest();

    QTcpSocket *m_socket;
    HttpApi &m_api;
    Limits m_limits;
    State m_state = State::Reading;
    QByteArray m_buffer; // read from the socket, not yet taken by the parser
    std::unique_ptr<HttpHeadParser> m_parser; // the request being read; null between requests
    bool m_headTaken = false;
    bool m_requestStarted = false;
    bool m_keepAlive = false;
    bool m_headRequest = false;
    qint64 m_requestBodyBytes = 0; // of the request being handled
    // The request being handled, our child: set to null when answered (then deleted later), so a
    // plain pointer never dangles.
    HttpExchange *m_exchange = nullptr;
    QTimer m_deadline;
};

} // namespace confab::relay
