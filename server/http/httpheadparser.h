#pragma once

#include "httprequest.h"

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

namespace confab::relay {

// Parses one HTTP/1.x request from bytes as they arrive, head first: the caller reads the head,
// chooses the body limit, then feeds the body (Content-Length or chunked; chunked is decoded).
// The front door uses it to route a connection from the head alone; HttpConnection for every
// request it serves. It wraps Boost.Beast's parser, which does the RFC 7230 work (line endings,
// field syntax, Content-Length vs Transfer-Encoding, chunk sizes) and enforces the head and body
// limits; this is the only file that sees Beast, so it is compiled once. One parser per request.
class HttpHeadParser
{
public:
    // headLimit: the largest head (request line and fields) accepted, in bytes (431 beyond).
    explicit HttpHeadParser(qsizetype headLimit);
    ~HttpHeadParser();
    HttpHeadParser(const HttpHeadParser &) = delete;
    HttpHeadParser &operator=(const HttpHeadParser &) = delete;

    // Parses as much of `data` as it can and returns how many bytes it used; the caller drops
    // those and passes the rest (plus whatever arrives) next time. The head is only taken whole,
    // so until it is complete nothing is used. Stops after the head, so that setBodyLimit() can
    // be called before any body byte is parsed.
    qsizetype feed(QByteArrayView data);

    bool failed() const { return m_errorStatus != 0; }
    // When failed: the status to answer with (400, 413 or 431) and why, in plain words.
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

    bool isHeadComplete() const;
    // The whole request (head and body) has been parsed.
    bool isComplete() const;
    // Once the head is complete: method, target, path, query, version and fields (no body, no peer).
    const HttpRequest &head() const { return m_head; }
    // The declared Content-Length; nothing for a chunked body or none at all.
    std::optional<qint64> contentLength() const;
    bool isChunked() const;
    // Once the head is complete and before feeding the body: the most body bytes (after chunked
    // decoding) to accept; beyond it the parse fails with 413. A Content-Length above it is the
    // caller's to refuse (it knows before reading anything).
    void setBodyLimit(qint64 bytes);
    // Once complete: the body (chunked encoding removed).
    QByteArray takeBody();

private:
    void fail(int status, const QString &message);
    void readHead();

    struct Beast;
    std::unique_ptr<Beast> m_beast;
    HttpRequest m_head;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace confab::relay
