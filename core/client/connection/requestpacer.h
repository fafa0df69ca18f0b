#pragma once

#include "protocol/frames.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

namespace confab::client {

// Everything the engine sends in a session goes through this one first-in, first-out queue, so
// the relay never has a reason to refuse us for going too fast: a token bucket kept below the
// relay's advertised limits (welcome.limits; the relay's defaults when it advertises none), and
// at most maxInFlight requests that create stored events waiting for their ack. When the relay
// still answers rate_limited, the queue pauses for retry_after_ms and sends the refused request
// again first, in its original place, under the same request id. A stored-event request the
// relay failed (internal) goes back the same way, after a wait of its own that grows.
class RequestPacer : public QObject
{
    Q_OBJECT

public:
    using Sender = std::function<void(const protocol::Frame &frame)>;

    // Share of the relay's rate the client uses, and of its burst, leaving room for what is not
    // paced (hello, pings, ephemeral signals) and for clock differences.
    static constexpr double kRateShare = 0.8;
    static constexpr double kBurstShare = 0.5;
    static constexpr int kDefaultMaxInFlight = 32;

    explicit RequestPacer(Sender sender, QObject *parent = nullptr);

    void setMaxInFlight(int requests);
    int maxInFlight() const { return m_maxInFlight; }
    // Tests only: pace at exactly this rate, whatever the relay advertises.
    void overrideRate(std::optional<std::pair<int, double>> burstAndPerSecond);

    // A session began: the bucket starts full, sized from the relay's limits.
    void startSession(const std::optional<protocol::RelayLimits> &limits);
    // The session ended: nothing queued or in flight is answered any more (the engine's ledger
    // sends what matters again in the next session).
    void endSession();

    // `frame` already carries `requestId`. `counted`: a stored-event request (limited in flight).
    void enqueue(const QString &requestId, const protocol::Frame &frame, bool counted);
    // Typing and presence: true (and a token spent) when the bucket allows one now.
    bool allowEphemeral();
    // The relay answered this request (not with rate_limited).
    void answered(const QString &requestId);
    // The relay refused it with rate_limited: false if it was not ours to retry. The wait is
    // kept within [1 ms, kMaxPause] whatever the relay asked for.
    bool retryLater(const QString &requestId, std::chrono::milliseconds retryAfter);
    // The relay failed a stored-event request (`internal`): it is sent again in its place after a
    // wait of its own that doubles on every failure (kFirstFailureWait up to kMaxFailureWait).
    // False if it was not a stored-event request of ours in flight.
    bool retryAfterFailure(const QString &requestId);
    // The requests sent and not answered yet (request id -> frame, as sent).
    QHash<QString, protocol::Frame> inFlightFrames() const;
    // How long the queue stays paused (zero when it is not).
    std::chrono::milliseconds pauseRemaining() const;

    static constexpr std::chrono::milliseconds kMaxPause{60'000};
    static constexpr std::chrono::milliseconds kFirstFailureWait{1'000};
    static constexpr std::chrono::milliseconds kMaxFailureWait{30'000};

    int queued() const { return int(m_queue.size()); }
    int inFlight() const { return m_countedInFlight; }
    int burst() const { return m_burst; }
    double ratePerSecond() const { return m_perSecond; }

private:
    struct Entry {
        quint64 ordinal = 0; // the place in the original order, kept by a retry
        QString requestId;
        protocol::Frame frame;
        bool counted = false;
        int failures = 0; // `internal` refusals so far, for the growing wait
    };

    void requeue(Entry entry, std::chrono::milliseconds wait);

    void pump();
    void refill();
    bool takeToken();

    Sender m_sender;
    int m_maxInFlight = kDefaultMaxInFlight;
    std::optional<std::pair<int, double>> m_override;
    int m_burst = 1;
    double m_perSecond = 1.0;
    double m_tokens = 0.0;
    QElapsedTimer m_lastRefill;
    bool m_active = false;
    quint64 m_nextOrdinal = 0;
    std::deque<Entry> m_queue;
    QHash<QString, Entry> m_sent; // sent, not answered yet
    int m_countedInFlight = 0;
    QTimer m_wakeUp; // the next token
    QTimer m_pause; // rate_limited: until retry_after_ms has passed
};

} // namespace confab::client
