#pragma once

#include <QByteArray>
#include <QObject>

#include <chrono>

namespace confab::relay {

// The relay's counters for GET /metrics, in Prometheus text format: connections by transport,
// frames and bytes in and out, fan-out latency and store commit latency histograms, rate-limited
// requests, authentication failures and HTTP requests by status. Components report to it with one
// call each; it renders on demand. One per relay, owned by Relay, single-threaded (the event loop).
class RelayMetrics : public QObject
{
    Q_OBJECT

public:
    explicit RelayMetrics(QObject *parent = nullptr);
    ~RelayMetrics() override;

    void connectionAccepted();                          // a TCP connection passed the front door's cap
    void sessionOpened(const QString &transport);       // "websocket" or "event-stream"
    void sessionClosed(const QString &transport);
    void frameIn(qint64 bytes);                         // one confab.v1 frame from a client
    void framesOut(qint64 count, qint64 bytes);         // frames to clients (a fan-out counts each copy)
    void fanOut(std::chrono::nanoseconds latency);      // commit done -> last subscriber handed the frame
    void storeCommit(std::chrono::nanoseconds latency); // one group commit
    void rateLimited();
    void authFailure();
    void httpRequest(int status, qint64 bytesIn, qint64 bytesOut);

    // Open sessions on this transport right now (for status and tests).
    qint64 openSessions(const QString &transport) const;

    // The exposition text (text/plain; version=0.0.4).
    QByteArray render() const;

private:
    struct Data;
    Data *d;
};

} // namespace confab::relay
