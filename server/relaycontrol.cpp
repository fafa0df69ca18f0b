// Relay: the control channel's requests, answered by the running relay for the admin CLI
// (`confab-relay status`, `publish`, and the commands that revoke access).
#include "relay.h"

#include "auditlog.h"
#include "clientsession.h"
#include "commitqueue.h"
#include "controlchannel.h"
#include "eventstore.h"
#include "frontdoor.h"
#include "notificationevents.h"
#include "protocol/codec.h"
#include "streamhub.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Notifications published from a shell carry this sender. It is a valid user name (the protocol
// requires one); `user add` cannot tell it apart, so the docs recommend not naming anyone so.
const QString kShellSender = u"relay"_s;

QJsonObject failure(const QString &message)
{
    return { { "ok"_L1, false }, { "error"_L1, message } };
}

qint64 storeBytes(const QString &dataDir)
{
    qint64 total = 0;
    for (const char *name : { "relay.db", "relay.db-wal", "relay.db-shm" })
        total += QFileInfo(QDir(dataDir).filePath(QString::fromLatin1(name))).size();
    return total;
}

} // namespace

bool Relay::startControlChannel()
{
    // The socket lives in the data folder, which the store would only create after this.
    if (!QDir().mkpath(m_config.dataDir)) {
        m_errorString = u"cannot create the data folder %1"_s.arg(m_config.dataDir);
        return false;
    }
    m_control = std::make_unique<ControlChannel>();
    m_control->setHandler(u"status"_s, [this](const QJsonObject &, const ControlChannel::Reply &reply) {
        reply(m_state == State::Running ? statusReport() : failure(u"the relay is shutting down"_s));
    });
    m_control->setHandler(u"publish"_s, [this](const QJsonObject &request, const ControlChannel::Reply &reply) {
        if (m_state != State::Running)
            return reply(failure(u"the relay is shutting down"_s));
        controlPublish(request, reply);
    });
    m_control->setHandler(u"close-sessions"_s,
        [this](const QJsonObject &request, const ControlChannel::Reply &reply) {
            reply(m_state == State::Running ? controlCloseSessions(request)
                                            : failure(u"the relay is shutting down"_s));
        });
    if (!m_control->listen(m_config.dataDir)) {
        m_errorString = m_control->errorString();
        m_control.reset();
        return false;
    }
    return true;
}

QJsonObject Relay::statusReport() const
{
    QSet<QString> users;
    qint64 unsentTotal = 0;
    qint64 unsentMax = 0;
    int authenticated = 0;
    for (const ClientSession *session : m_sessions) {
        const QString user = session->userName();
        if (!user.isEmpty()) {
            ++authenticated;
            users.insert(user);
        }
        const qint64 unsent = session->bytesUnsent();
        unsentTotal += unsent;
        unsentMax = std::max(unsentMax, unsent);
    }
    // The front door counts every open connection, upgraded or still in its handshake.
    QJsonObject addresses;
    const QHash<QString, int> perAddress = m_frontDoor->connectionsPerAddress();
    for (auto it = perAddress.cbegin(); it != perAddress.cend(); ++it)
        addresses.insert(it.key(), it.value());
    return {
        { "ok"_L1, true },
        { "url"_L1, url().toString() },
        { "uptime_ms"_L1, m_uptime.elapsed() },
        { "connections"_L1, qint64(m_sessions.size()) },
        { "sessions"_L1, authenticated },
        { "handshaking"_L1, qint64(m_frontDoor->handshakingCount()) },
        { "refused_over_cap"_L1, m_frontDoor->refusedOverCap() },
        { "connections_per_address"_L1, addresses },
        { "users_online"_L1, qint64(users.size()) },
        { "streams_subscribed"_L1, qint64(m_hub->streamCount()) },
        { "store_bytes"_L1, storeBytes(m_config.dataDir) },
        { "commit_queue"_L1, qint64(m_commits->pendingRequests()) },
        { "commit_batches"_L1, m_commits->batchesCommitted() },
        { "unsent_bytes_total"_L1, unsentTotal },
        { "unsent_bytes_max"_L1, unsentMax },
    };
}

void Relay::controlPublish(const QJsonObject &request, const std::function<void(const QJsonObject &)> &reply)
{
    // The CLI sends a publish frame: the codec validates it exactly as it would a client's.
    const QByteArray frame = QJsonDocument(request.value("frame"_L1).toObject()).toJson(QJsonDocument::Compact);
    const protocol::DecodeResult decoded = protocol::decode(frame);
    if (!decoded.ok())
        return reply(failure(decoded.error().message));
    if (!std::holds_alternative<protocol::Publish>(decoded.frame()))
        return reply(failure(u"not a publish frame"_s));
    protocol::Publish publish = std::get<protocol::Publish>(decoded.frame());
    publish.deliverAt.reset();
    const StoreResult<std::optional<StreamInfo>> stream = m_store->stream(publish.stream);
    if (!stream.ok())
        return reply(failure(u"cannot read the store: %1"_s.arg(stream.error().message)));
    if (!stream.value())
        return reply(failure(u"no topic %1 (create it with 'topic create')"_s.arg(publish.stream)));
    AuditLog::write("notification.published"_L1, { { "stream"_L1, publish.stream }, { "by"_L1, u"admin CLI"_s } });
    m_commits->enqueue({ NotificationEvents::append(publish, kShellSender) },
        [reply](const CommitQueue::Outcomes &outcomes) {
            if (!outcomes.ok() || outcomes.value().isEmpty())
                return reply(failure(u"the notification could not be stored"_s));
            const AppendOutcome &outcome = outcomes.value().constFirst();
            reply({ { "ok"_L1, true }, { "stream"_L1, outcome.event.stream }, { "seq"_L1, outcome.event.seq } });
        });
}

QJsonObject Relay::controlCloseSessions(const QJsonObject &request)
{
    int closed = 0;
    for (const QJsonValue &id : request.value("tokens"_L1).toArray())
        closed += closeSessionsOfToken(id.toString());
    const QString user = request.value("user"_L1).toString();
    if (!user.isEmpty())
        // A close reason must fit a control frame (123 bytes).
        closed += closeSessionsOf(user, request.value("reason"_L1).toString().left(60));
    return { { "ok"_L1, true }, { "closed"_L1, closed } };
}

} // namespace confab::relay
