#include "presencetracker.h"

#include "eventstore.h"
#include "protocol/codec.h"
#include "relaylog.h"
#include "streamhub.h"

#include <QDateTime>

namespace confab::relay {

using protocol::PresenceStatus;

void PresenceTracker::connectionOpened(const QString &user)
{
    Entry &entry = m_online[user];
    if (++entry.connections == 1) {
        entry.status = PresenceStatus::Online;
        announce(user, PresenceStatus::Online, std::nullopt);
    }
}

void PresenceTracker::connectionClosed(const QString &user)
{
    const auto it = m_online.find(user);
    if (it == m_online.end() || --it->connections > 0)
        return;
    m_online.erase(it);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (const StoreResult<bool> saved = m_store.setLastSeen(user, now); !saved.ok())
        qCWarning(lcRelayStore).noquote()
            << "cannot record when" << user << "was last seen:" << saved.error().message;
    announce(user, PresenceStatus::Offline, now);
}

void PresenceTracker::setStatus(const QString &user, PresenceStatus status)
{
    const auto it = m_online.find(user);
    if (it == m_online.end() || status == PresenceStatus::Offline || it->status == status)
        return;
    it->status = status;
    announce(user, status, std::nullopt);
}

PresenceStatus PresenceTracker::status(const QString &user) const
{
    const auto it = m_online.constFind(user);
    return it == m_online.cend() ? PresenceStatus::Offline : it->status;
}

std::optional<qint64> PresenceTracker::lastSeen(const QString &user) const
{
    if (m_online.contains(user))
        return std::nullopt;
    const StoreResult<std::optional<qint64>> seen = m_store.lastSeen(user);
    return seen.ok() ? seen.value() : std::nullopt;
}

void PresenceTracker::announce(const QString &user, PresenceStatus status, std::optional<qint64> lastSeen)
{
    const StoreResult<QStringList> streams = m_store.joinedStreams(user);
    if (!streams.ok()) {
        qCWarning(lcRelayStore).noquote()
            << "cannot tell" << user << "'s presence:" << streams.error().message;
        return;
    }
    if (streams.value().isEmpty())
        return;
    m_hub.publishOnce(streams.value(), protocol::encode(protocol::Presence { user, status, lastSeen }));
}

} // namespace confab::relay
