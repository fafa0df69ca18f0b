#include "configkeys.h"

#include <limits>

namespace confab::relay {

using namespace Qt::StringLiterals;
using std::chrono::milliseconds;

namespace {

constexpr qint64 kIntMax = std::numeric_limits<int>::max();
constexpr qint64 kInt64Max = std::numeric_limits<qint64>::max();

std::optional<qint64> wholeNumber(const QString &value, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return std::nullopt;
    return n;
}

QString rangeText(qint64 min, qint64 max)
{
    return max == kInt64Max || max == kIntMax ? u"a whole number >= %1"_s.arg(min)
                                              : u"a whole number from %1 to %2"_s.arg(min).arg(max);
}

// A whole-number field of any integer type.
template<typename Field>
ConfigKey integer(const QString &name, const QString &valueName, const QString &description,
    Field RelayConfig::*field, qint64 min, qint64 max)
{
    return { name, valueName, description,
        [=](RelayConfig &config, const QString &value) -> std::optional<QString> {
            const auto n = wholeNumber(value, min, max);
            if (!n)
                return u"'%1' is not %2"_s.arg(value, rangeText(min, max));
            config.*field = Field(*n);
            return std::nullopt;
        },
        [=](const RelayConfig &config) { return QString::number(config.*field); } };
}

ConfigKey duration(const QString &name, const QString &description, milliseconds RelayConfig::*field,
    qint64 min = 1)
{
    return { name, u"ms"_s, description,
        [=](RelayConfig &config, const QString &value) -> std::optional<QString> {
            const auto n = wholeNumber(value, min, kInt64Max / 2);
            if (!n)
                return u"'%1' is not a duration in milliseconds (%2)"_s.arg(value, rangeText(min, kInt64Max));
            config.*field = milliseconds(*n);
            return std::nullopt;
        },
        [=](const RelayConfig &config) { return QString::number((config.*field).count()); } };
}

ConfigKey text(const QString &name, const QString &valueName, const QString &description,
    QString RelayConfig::*field)
{
    return { name, valueName, description,
        [=](RelayConfig &config, const QString &value) -> std::optional<QString> {
            config.*field = value;
            return std::nullopt;
        },
        [=](const RelayConfig &config) { return config.*field; } };
}

// One of a fixed set of words.
template<typename Value>
ConfigKey choice(const QString &name, const QString &description, Value RelayConfig::*field,
    const QList<std::pair<QString, Value>> &words)
{
    QStringList names;
    for (const auto &[word, value] : words)
        names.append(word);
    return { name, names.join(u'|'), description,
        [=](RelayConfig &config, const QString &value) -> std::optional<QString> {
            for (const auto &[word, v] : words) {
                if (value.trimmed() == word) {
                    config.*field = v;
                    return std::nullopt;
                }
            }
            return u"'%1' is not one of %2"_s.arg(value, names.join(u", "_s));
        },
        [=](const RelayConfig &config) {
            for (const auto &[word, v] : words) {
                if (config.*field == v)
                    return word;
            }
            return QString();
        } };
}

ConfigKey listenAddress()
{
    return { u"listen"_s, u"address"_s, u"IP address to listen on; 0.0.0.0 or :: for every interface"_s,
        [](RelayConfig &config, const QString &value) -> std::optional<QString> {
            const QString trimmed = value.trimmed();
            QHostAddress address;
            if (trimmed == u"localhost")
                address = QHostAddress(QHostAddress::LocalHost);
            else if (!address.setAddress(trimmed))
                return u"'%1' is not an IP address"_s.arg(value);
            config.listenAddress = address;
            return std::nullopt;
        },
        [](const RelayConfig &config) { return config.listenAddress.toString(); } };
}

ConfigKey allowedOrigins()
{
    return { u"allowed-origins"_s, u"origins"_s,
        u"comma-separated browser origins accepted (e.g. https://chat.example.com)"_s,
        [](RelayConfig &config, const QString &value) -> std::optional<QString> {
            QStringList origins;
            for (const QString &origin : value.split(u',', Qt::SkipEmptyParts)) {
                const QString trimmed = origin.trimmed();
                if (!trimmed.isEmpty())
                    origins.append(trimmed);
            }
            config.allowedOrigins = origins;
            return std::nullopt;
        },
        [](const RelayConfig &config) { return config.allowedOrigins.join(u','); } };
}

ConfigKey ratePerSecond()
{
    return { u"rate-per-second"_s, u"frames"_s, u"frames per second refilled into each connection's bucket"_s,
        [](RelayConfig &config, const QString &value) -> std::optional<QString> {
            bool ok = false;
            const double rate = value.trimmed().toDouble(&ok);
            if (!ok || !(rate > 0.0) || rate > 1e9)
                return u"'%1' is not a positive number"_s.arg(value);
            config.ratePerSecond = rate;
            return std::nullopt;
        },
        [](const RelayConfig &config) { return QString::number(config.ratePerSecond); } };
}

QList<ConfigKey> makeKeys()
{
    using Access = RelayConfig::TopicAccess;
    return {
        listenAddress(),
        integer(u"port"_s, u"port"_s, u"TCP port; 0 picks a free one"_s, &RelayConfig::port, 0, 65535),
        text(u"data-dir"_s, u"dir"_s, u"folder of relay.db and the control socket"_s, &RelayConfig::dataDir),
        choice(u"log-format"_s, u"log lines as text or as one JSON object per line"_s, &RelayConfig::jsonLogs,
            { { u"text"_s, false }, { u"json"_s, true } }),
        text(u"tls-cert"_s, u"file"_s, u"PEM certificate (chain); with tls-key the relay serves wss:// only"_s,
            &RelayConfig::tlsCertificateFile),
        text(u"tls-key"_s, u"file"_s, u"PEM private key of tls-cert"_s, &RelayConfig::tlsKeyFile),
        allowedOrigins(),
        integer(u"listen-backlog"_s, u"count"_s, u"pending TCP connections the kernel queues"_s,
            &RelayConfig::listenBacklog, 1, 1'000'000),
        integer(u"send-threads"_s, u"count"_s,
            u"threads that help write a large fan-out to the clients' sockets; -1 = one fewer than the cores, at most 3"_s,
            &RelayConfig::sendThreads, -1, 64),
        integer(u"max-connections-per-address"_s, u"count"_s,
            u"open connections one remote address may hold; 0 = no cap"_s, &RelayConfig::maxConnectionsPerAddress,
            0, 1'000'000),
        duration(u"handshake-timeout-ms"_s, u"time a new connection has to complete its upgrade (and TLS)"_s,
            &RelayConfig::handshakeTimeout),
        duration(u"auth-timeout-ms"_s, u"time an upgraded connection has to send hello"_s,
            &RelayConfig::authTimeout),
        duration(u"heartbeat-interval-ms"_s, u"ping each connection this often"_s, &RelayConfig::heartbeatInterval),
        duration(u"heartbeat-timeout-ms"_s, u"close a connection whose pong is this late"_s,
            &RelayConfig::heartbeatTimeout),
        duration(u"shutdown-grace-ms"_s, u"wait this long for clients to close on shutdown"_s,
            &RelayConfig::shutdownGrace, 0),
        integer(u"max-message-size"_s, u"bytes"_s,
            u"largest message a client may send (close 1009 beyond); also max-frame-size unless that is set"_s,
            &RelayConfig::maxMessageSize, 1024, kIntMax),
        integer(u"max-frame-size"_s, u"bytes"_s, u"largest WebSocket frame a client may send"_s,
            &RelayConfig::maxFrameSize, 1024, kIntMax),
        integer(u"max-request-head-size"_s, u"bytes"_s, u"largest HTTP request head (upgrade or API request; 431 beyond)"_s,
            &RelayConfig::maxRequestHeadSize, 256, 1024 * 1024),
        integer(u"max-http-body-size"_s, u"bytes"_s,
            u"largest HTTP request body an endpoint takes unless it has its own limit (413 beyond)"_s,
            &RelayConfig::maxHttpBodySize, 0, kInt64Max),
        duration(u"http-request-timeout-ms"_s,
            u"time one HTTP request may take to arrive (408 beyond); also the keep-alive idle time"_s,
            &RelayConfig::httpRequestTimeout),
        integer(u"max-frames-post-size"_s, u"bytes"_s,
            u"largest POST /v1/frames body of the fallback transport (413 beyond)"_s,
            &RelayConfig::maxFramesPostSize, 1024, kInt64Max),
        integer(u"max-frames-while-authenticating"_s, u"count"_s,
            u"frames a client may pipeline behind hello while its password is checked"_s,
            &RelayConfig::maxQueuedFramesWhileAuthenticating, 0, 100'000),
        integer(u"max-held-requests"_s, u"count"_s,
            u"requests of one connection that may wait for its earlier writes to commit"_s,
            &RelayConfig::maxHeldRequests, 1, 1'000'000),
        integer(u"rate-burst"_s, u"frames"_s, u"frames a connection may send at once (token bucket size)"_s,
            &RelayConfig::rateBurst, 1, kIntMax),
        ratePerSecond(),
        integer(u"error-budget"_s, u"count"_s,
            u"error replies a connection may cause within the error budget window before it is closed"_s,
            &RelayConfig::errorBudget, 1, kIntMax),
        duration(u"error-budget-window-ms"_s, u"the error budget counts errors within this window"_s,
            &RelayConfig::errorBudgetWindow),
        integer(u"max-unsent-bytes"_s, u"bytes"_s, u"bytes queued for one connection before it is closed as slow"_s,
            &RelayConfig::maxUnsentBytes, 1024, kInt64Max),
        duration(u"session-token-lifetime-ms"_s, u"lifetime of the session tokens issued at login"_s,
            &RelayConfig::sessionTokenLifetime),
        integer(u"login-failures-per-account"_s, u"count"_s,
            u"failed logins for one user name within the window before further tries are refused"_s,
            &RelayConfig::loginFailuresPerAccount, 1, kIntMax),
        integer(u"login-failures-per-address"_s, u"count"_s,
            u"failed logins from one address within the window before further tries are refused"_s,
            &RelayConfig::loginFailuresPerAddress, 1, kIntMax),
        duration(u"login-failure-window-ms"_s, u"how long failed logins count against an account or address"_s,
            &RelayConfig::loginFailureWindow),
        choice(u"default-topic-access"_s, u"what users may do on a topic without ACL entries"_s,
            &RelayConfig::defaultTopicAccess,
            { { u"none"_s, Access::None }, { u"read"_s, Access::Read }, { u"read-write"_s, Access::ReadWrite } }),
        choice(u"anonymous-topic-access"_s,
            u"what HTTP requests without credentials may do on a topic without ACL entries"_s,
            &RelayConfig::anonymousTopicAccess,
            { { u"none"_s, Access::None }, { u"read"_s, Access::Read }, { u"read-write"_s, Access::ReadWrite } }),
        choice(u"metrics"_s, u"serve GET /metrics (Prometheus text format, no credentials asked)"_s,
            &RelayConfig::metricsEnabled, { { u"on"_s, true }, { u"off"_s, false } }),
        integer(u"commit-batch"_s, u"count"_s, u"most requests committed in one transaction"_s,
            &RelayConfig::maxCommitBatch, 1, 100'000),
        integer(u"retention-days"_s, u"days"_s, u"keep events this many days per stream; 0 = no age limit"_s,
            &RelayConfig::retentionDays, 0, 1'000'000),
        integer(u"retention-events"_s, u"count"_s, u"keep at most this many events per stream; 0 = no limit"_s,
            &RelayConfig::retentionEvents, 0, kInt64Max),
        duration(u"retention-interval-ms"_s, u"prune old events this often"_s, &RelayConfig::retentionInterval),
        duration(u"http-keepalive-interval-ms"_s, u"send a keepalive event on HTTP topic subscriptions this often"_s,
            &RelayConfig::httpKeepaliveInterval),
        integer(u"attachment-file-limit"_s, u"bytes"_s, u"largest file one upload may attach (413 beyond)"_s,
            &RelayConfig::attachmentFileLimit, 0, kInt64Max),
        integer(u"attachment-total-quota"_s, u"bytes"_s,
            u"most bytes all unexpired attachments may take together (507 beyond)"_s,
            &RelayConfig::attachmentTotalQuota, 0, kInt64Max),
        duration(u"attachment-expiry-ms"_s, u"delete an attachment this long after its upload"_s,
            &RelayConfig::attachmentExpiry),
        duration(u"attachment-prune-interval-ms"_s, u"look for expired attachments this often"_s,
            &RelayConfig::attachmentPruneInterval),
        duration(u"scheduler-interval-ms"_s, u"look for due scheduled notifications at least this often"_s,
            &RelayConfig::schedulerInterval),
    };
}

} // namespace

const QList<ConfigKey> &ConfigKeys::all()
{
    // Built once: a constant table, not a service.
    static const QList<ConfigKey> keys = makeKeys();
    return keys;
}

const ConfigKey *ConfigKeys::find(QStringView name)
{
    for (const ConfigKey &key : all()) {
        if (key.name == name)
            return &key;
    }
    return nullptr;
}

QString ConfigKeys::environmentName(const QString &name)
{
    return u"CONFAB_RELAY_"_s + name.toUpper().replace(u'-', u'_');
}

} // namespace confab::relay
