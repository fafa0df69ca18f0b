#pragma once

#include "protocol/fieldvalues.h"

#include <QHash>
#include <QString>

#include <optional>

namespace confab::relay {

class EventStore;
class StreamHub;

// Who is online. A user is online from their first connection, away when a desktop says so, and
// offline (with last_seen, kept in the store) once their last connection is gone. Every change is
// told, as one `presence` frame serialized once, to each connection subscribed to any room or dm
// the user has joined (each connection once). Presence is ephemeral: never stored, never replayed.
class PresenceTracker
{
public:
    PresenceTracker(EventStore &store, StreamHub &hub) : m_store(store), m_hub(hub) { }

    void connectionOpened(const QString &user);
    void connectionClosed(const QString &user);
    // online or away, from set_presence.
    void setStatus(const QString &user, protocol::PresenceStatus status);

    protocol::PresenceStatus status(const QString &user) const;
    // For an offline user: when they were last connected (from the store), if ever.
    std::optional<qint64> lastSeen(const QString &user) const;

private:
    struct Entry {
        int connections = 0;
        protocol::PresenceStatus status = protocol::PresenceStatus::Online;
    };

    void announce(const QString &user, protocol::PresenceStatus status, std::optional<qint64> lastSeen);

    EventStore &m_store;
    StreamHub &m_hub;
    QHash<QString, Entry> m_online; // users with at least one connection
};

} // namespace confab::relay
