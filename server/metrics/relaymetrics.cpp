#include "relaymetrics.h"

#include "histogram.h"
#include "processstats.h"
#include "prometheustext.h"

#include <QDateTime>
#include <QMap>
#include <QString>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Upper bounds in seconds. Handing a frame to a few local sockets takes microseconds, a thousand
// subscribers a few milliseconds; a group commit is one SQLite transaction (an fsync: around a
// millisecond on an SSD, tens on a busy disk).
const QList<double> kFanOutBuckets { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
    0.25, 0.5, 1.0 };
const QList<double> kCommitBuckets { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
    2.5, 5.0 };

// Label values may hold anything; the text format escapes backslash, double quote and newline.
QByteArray escapeLabel(const QString &value)
{
    QByteArray out;
    const QByteArray utf8 = value.toUtf8();
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}


void sample(QByteArray &out, const char *name, const QByteArray &labels, const QByteArray &value)
{
    out += name;
    if (!labels.isEmpty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

void sample(QByteArray &out, const char *name, const QByteArray &labels, qint64 value)
{
    sample(out, name, labels, QByteArray::number(value));
}

void counter(QByteArray &out, const char *name, const char *help, qint64 value)
{
    writeMetricFamily(out, name, "counter", help);
    sample(out, name, {}, value);
}

} // namespace

struct RelayMetrics::Data {
    double startTime = 0; // seconds since the epoch
    // Always rendered for both transports, so a dashboard sees 0 rather than no series.
    QMap<QString, qint64> connections { { u"event-stream"_s, 0 }, { u"websocket"_s, 0 } };
    qint64 connectionsAccepted = 0;
    qint64 framesIn = 0;
    qint64 framesOut = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 rateLimited = 0;
    qint64 authFailures = 0;
    QMap<int, qint64> httpRequests;
    qint64 httpBytesIn = 0;
    qint64 httpBytesOut = 0;
    Histogram fanOut { kFanOutBuckets };
    Histogram storeCommit { kCommitBuckets };
};

RelayMetrics::RelayMetrics(QObject *parent) : QObject(parent), d(new Data)
{
    d->startTime = ProcessStats::startTimeSeconds().value_or(QDateTime::currentMSecsSinceEpoch() / 1000.0);
}

RelayMetrics::~RelayMetrics()
{
    delete d;
}

void RelayMetrics::connectionAccepted()
{
    ++d->connectionsAccepted;
}

void RelayMetrics::sessionOpened(const QString &transport)
{
    ++d->connections[transport];
}

void RelayMetrics::sessionClosed(const QString &transport)
{
    qint64 &open = d->connections[transport];
    open = qMax<qint64>(0, open - 1);
}

void RelayMetrics::frameIn(qint64 bytes)
{
    ++d->framesIn;
    d->bytesIn += qMax<qint64>(0, bytes);
}

void RelayMetrics::framesOut(qint64 count, qint64 bytes)
{
    d->framesOut += qMax<qint64>(0, count);
    d->bytesOut += qMax<qint64>(0, bytes);
}

void RelayMetrics::fanOut(std::chrono::nanoseconds latency)
{
    d->fanOut.observe(std::chrono::duration<double>(latency).count());
}

void RelayMetrics::storeCommit(std::chrono::nanoseconds latency)
{
    d->storeCommit.observe(std::chrono::duration<double>(latency).count());
}

void RelayMetrics::rateLimited()
{
    ++d->rateLimited;
}

void RelayMetrics::authFailure()
{
    ++d->authFailures;
}

void RelayMetrics::httpRequest(int status, qint64 bytesIn, qint64 bytesOut)
{
    ++d->httpRequests[status];
    d->httpBytesIn += qMax<qint64>(0, bytesIn);
    d->httpBytesOut += qMax<qint64>(0, bytesOut);
}

qint64 RelayMetrics::openSessions(const QString &transport) const
{
    return d->connections.value(transport);
}

QByteArray RelayMetrics::render() const
{
    QByteArray out;
    out.reserve(4096);

    writeMetricFamily(out, "confab_connections", "gauge",
        "Open client sessions (WebSocket or the event-stream fallback).");
    for (auto it = d->connections.cbegin(); it != d->connections.cend(); ++it)
        sample(out, "confab_connections", "transport=\"" + escapeLabel(it.key()) + '"', it.value());
    counter(out, "confab_connections_accepted_total", "TCP connections accepted by the front door.",
        d->connectionsAccepted);
    counter(out, "confab_frames_in_total", "confab.v1 frames received from clients.", d->framesIn);
    counter(out, "confab_frames_out_total", "confab.v1 frames sent to clients (each fan-out copy counts).",
        d->framesOut);
    counter(out, "confab_bytes_in_total", "Bytes of confab.v1 frames received from clients.", d->bytesIn);
    counter(out, "confab_bytes_out_total", "Bytes of confab.v1 frames sent to clients.", d->bytesOut);
    writeMetricFamily(out, "confab_fanout_latency_seconds", "histogram",
        "Time from a stored event's commit to its frame being handed to the last subscriber.");
    d->fanOut.render(out, "confab_fanout_latency_seconds");
    writeMetricFamily(out, "confab_store_commit_seconds", "histogram",
        "Duration of one group commit to the event store.");
    d->storeCommit.render(out, "confab_store_commit_seconds");
    counter(out, "confab_rate_limited_total",
        "Requests refused as rate limited (frames over the budget, throttled logins).", d->rateLimited);
    counter(out, "confab_auth_failures_total",
        "Refused logins: unknown user, wrong password, bad, revoked or expired token.", d->authFailures);
    writeMetricFamily(out, "confab_http_requests_total", "counter",
        "HTTP API requests answered, by status code.");
    for (auto it = d->httpRequests.cbegin(); it != d->httpRequests.cend(); ++it)
        sample(out, "confab_http_requests_total", "code=\"" + QByteArray::number(it.key()) + '"', it.value());
    counter(out, "confab_http_request_bytes_total", "Bytes of HTTP API request bodies.", d->httpBytesIn);
    counter(out, "confab_http_response_bytes_total", "Bytes of complete HTTP API response bodies.",
        d->httpBytesOut);

    writeMetricFamily(out, "process_start_time_seconds", "gauge",
        "Start time of the process since unix epoch in seconds.");
    sample(out, "process_start_time_seconds", {}, QByteArray::number(d->startTime, 'f', 2));
    ProcessStats::render(out);
    return out;
}

} // namespace confab::relay
