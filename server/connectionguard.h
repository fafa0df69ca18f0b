#pragma once

#include "protocol/errorcode.h"
#include "tokenbucket.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

#include <optional>

namespace confab::relay {

class SessionTransport;
struct RelayConfig;

// The limits one session's connection (WebSocket or event stream) lives under, so that a broken or hostile client costs the
// relay a bounded amount and cannot starve the others: a heartbeat (ping when the client has
// been quiet, give up when no pong follows), a token bucket over incoming frames, an error
// budget, and a cap on the bytes queued for sending (a slow consumer is dropped; it resumes with
// `since`). The session asks and reports; the guard decides, and signals what must end the
// connection. It never closes the connection itself: the session knows how to leave cleanly.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(SessionTransport *transport, const RelayConfig &config, QObject *parent = nullptr);

    // Starts pinging, once the session is authenticated. Before that the authentication deadline
    // bounds the connection, and a slow password check must not count against the client.
    void startHeartbeat();
    // A frame came in. Nothing when it may be handled; otherwise the connection is over its rate
    // and the frame must be answered with rate_limited and this retry delay (ms), not handled.
    std::optional<qint64> admitFrame();
    // An error reply is going out. true when it was caused by the client and spent its budget:
    // the connection must then be closed (1008).
    bool chargeError(protocol::ErrorCode code);
    // Bytes were queued for sending. false when the connection is now over its unsent-bytes cap
    // (tooSlow() follows on the next turn of the event loop); further sends should be skipped.
    bool checkUnsent();
    bool isTooSlow() const { return m_tooSlow; }

    qint64 unsentBytes() const;
    qint64 peakUnsentBytes() const { return m_peakUnsent; }
    int errorsCaused() const { return m_errors; } // in the current error window

    // The connection is closing: no more pings; if the close handshake does not finish within
    // the heartbeat timeout, closeTimedOut() asks for the socket to be dropped.
    void closing();

Q_SIGNALS:
    // No pong (nor any other frame) came within the heartbeat timeout after a ping.
    void heartbeatLost();
    // The unsent queue passed the cap; the figure is the queue's size at that moment.
    void tooSlow(qint64 unsentBytes);
    void closeTimedOut();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void heard();
    void onPingTick();

    SessionTransport *m_transport;
    const RelayConfig &m_config;
    QElapsedTimer m_clock;
    TokenBucket m_bucket;
    qint64 m_refusedUntilMs = 0; // frames before this time are refused (see admitFrame)
    // QBasicTimers: no object and no connection each, for a guard per connected desktop.
    QBasicTimer m_pingTimer;
    QBasicTimer m_pongDeadline;
    qint64 m_lastHeardMs = 0;
    bool m_pingOutstanding = false;
    int m_errors = 0; // within the current error window
    qint64 m_errorWindowStartMs = 0;
    qint64 m_peakUnsent = 0;
    bool m_tooSlow = false;
};

} // namespace confab::relay
