#include "requestpacer.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

namespace confab::client {

Q_LOGGING_CATEGORY(lcPacer, "confab.client.pacer", QtInfoMsg)

namespace {

// docs/protocol.md 3.1: what a relay enforces when it advertises nothing.
constexpr int kRelayDefaultBurst = 200;
constexpr double kRelayDefaultPerSecond = 100.0;

} // namespace

RequestPacer::RequestPacer(Sender sender, QObject *parent) : QObject(parent), m_sender(std::move(sender))
{
    m_wakeUp.setSingleShot(true);
    m_pause.setSingleShot(true);
    connect(&m_wakeUp, &QTimer::timeout, this, &RequestPacer::pump);
    connect(&m_pause, &QTimer::timeout, this, &RequestPacer::pump);
}

void RequestPacer::setMaxInFlight(int requests)
{
    m_maxInFlight = std::max(1, requests);
    pump();
}

void RequestPacer::overrideRate(std::optional<std::pair<int, double>> burstAndPerSecond)
{
    m_override = burstAndPerSecond;
}

void RequestPacer::startSession(const std::optional<protocol::RelayLimits> &limits)
{
    endSession();
    const int relayBurst = limits && limits->rateBurst > 0 ? limits->rateBurst : kRelayDefaultBurst;
    const double relayRate
        = limits && limits->ratePerSecond > 0.0 ? limits->ratePerSecond : kRelayDefaultPerSecond;
    if (m_override) {
        m_burst = std::max(1, m_override->first);
        m_perSecond = std::max(0.001, m_override->second);
    } else {
        m_burst = std::max(1, int(std::floor(relayBurst * kBurstShare)));
        m_perSecond = std::max(0.001, relayRate * kRateShare);
    }
    qCDebug(lcPacer) << "pacing at" << m_perSecond << "per second, burst" << m_burst;
    m_tokens = m_burst;
    m_lastRefill.start();
    m_active = true;
}

void RequestPacer::endSession()
{
    m_active = false;
    m_queue.clear();
    m_sent.clear();
    m_countedInFlight = 0;
    m_wakeUp.stop();
    m_pause.stop();
}

void RequestPacer::enqueue(const QString &requestId, const protocol::Frame &frame, bool counted)
{
    if (!m_active)
        return;
    m_queue.push_back({ m_nextOrdinal++, requestId, frame, counted });
    pump();
}

bool RequestPacer::allowEphemeral()
{
    // Never ahead of queued requests, and never into a pause the relay asked for.
    if (!m_active || m_pause.isActive() || !m_queue.empty())
        return false;
    return takeToken();
}

void RequestPacer::answered(const QString &requestId)
{
    const auto it = m_sent.constFind(requestId);
    if (it == m_sent.cend())
        return;
    if (it->counted)
        --m_countedInFlight;
    m_sent.erase(it);
    pump();
}

bool RequestPacer::retryLater(const QString &requestId, std::chrono::milliseconds retryAfter)
{
    const auto it = m_sent.find(requestId);
    if (it == m_sent.end())
        return false;
    Entry entry = it.value();
    m_sent.erase(it);
    // retry_after_ms may be anything up to 2^53 on the wire; QTimer would truncate it.
    const auto wait = std::clamp(retryAfter, std::chrono::milliseconds(1), kMaxPause);
    qCInfo(lcPacer) << "the relay asks to slow down; pausing for" << wait.count() << "ms";
    requeue(std::move(entry), wait);
    return true;
}

bool RequestPacer::retryAfterFailure(const QString &requestId)
{
    const auto it = m_sent.find(requestId);
    if (it == m_sent.end() || !it->counted)
        return false;
    Entry entry = it.value();
    m_sent.erase(it);
    // 1 s, 2 s, 4 s ... 30 s: a relay whose store keeps failing is not hammered.
    const int doublings = std::min(entry.failures, 5);
    const auto wait = std::min(kFirstFailureWait * (1 << doublings), kMaxFailureWait);
    ++entry.failures;
    qCInfo(lcPacer) << "the relay failed a request; sending it again in" << wait.count() << "ms";
    requeue(std::move(entry), wait);
    return true;
}

void RequestPacer::requeue(Entry entry, std::chrono::milliseconds wait)
{
    if (entry.counted)
        --m_countedInFlight;
    // Back into its original place: requests sent after it and refused as well come back behind it.
    const auto place = std::lower_bound(m_queue.begin(), m_queue.end(), entry.ordinal,
        [](const Entry &queued, quint64 ordinal) { return queued.ordinal < ordinal; });
    m_queue.insert(place, std::move(entry));
    if (!m_pause.isActive() || m_pause.remainingTimeAsDuration() < wait)
        m_pause.start(wait);
    // The relay's bucket is empty: start ours empty too, so the resumed queue does not burst.
    m_tokens = 0.0;
    m_lastRefill.start();
    m_wakeUp.stop();
}

QHash<QString, protocol::Frame> RequestPacer::inFlightFrames() const
{
    QHash<QString, protocol::Frame> frames;
    for (auto it = m_sent.cbegin(); it != m_sent.cend(); ++it)
        frames.insert(it.key(), it->frame);
    return frames;
}

std::chrono::milliseconds RequestPacer::pauseRemaining() const
{
    return m_pause.isActive() ? m_pause.remainingTimeAsDuration() : std::chrono::milliseconds(0);
}

void RequestPacer::refill()
{
    const double seconds = double(m_lastRefill.nsecsElapsed()) / 1e9;
    m_lastRefill.start();
    m_tokens = std::min(double(m_burst), m_tokens + seconds * m_perSecond);
}

bool RequestPacer::takeToken()
{
    refill();
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

void RequestPacer::pump()
{
    if (!m_active || m_pause.isActive())
        return;
    while (!m_queue.empty()) {
        const Entry &head = m_queue.front();
        // First in, first out: a stored request waiting for room keeps everything behind it.
        if (head.counted && m_countedInFlight >= m_maxInFlight)
            return;
        if (!takeToken()) {
            if (!m_wakeUp.isActive()) {
                const double missing = 1.0 - m_tokens;
                const auto wait
                    = std::chrono::milliseconds(qint64(std::ceil(missing / m_perSecond * 1000.0)));
                m_wakeUp.start(std::max(wait, std::chrono::milliseconds(1)));
            }
            return;
        }
        Entry entry = std::move(m_queue.front());
        m_queue.pop_front();
        if (entry.counted)
            ++m_countedInFlight;
        const protocol::Frame frame = entry.frame;
        const QString requestId = entry.requestId;
        m_sent.insert(requestId, std::move(entry));
        m_sender(frame);
        // The sender may have ended the session (a failed socket).
        if (!m_active)
            return;
    }
}

} // namespace confab::client
