#pragma once

#include "protocol/errorcode.h"
#include "streaminfo.h"

#include <QString>

#include <optional>

namespace confab::relay {

class EventStore;

// Who may use which stream, in one place so that every request family applies the same rules:
// - room: only joined members read (subscribe, history) and post; joining is a separate request;
// - dm: only the people named in its id (its members are fixed at creation);
// - topic: every authenticated user (topic ACLs arrive with the next issue);
// - user:<name>: only that user reads it; nobody posts to it directly (the relay writes it).
// The verdict carries the stream's current state, so a handler needs no second lookup.
class AccessPolicy
{
public:
    enum class Use {
        Read, // subscribe, history, mark_read, dismiss, list_members
        Post, // send, edit, delete, react, publish, typing
    };

    // The stream when allowed, else the error to answer with.
    struct Verdict {
        std::optional<StreamInfo> stream;
        protocol::ErrorCode code = protocol::ErrorCode::Internal;
        QString message;

        bool allowed() const { return stream.has_value(); }
    };

    explicit AccessPolicy(EventStore &store) : m_store(store) { }

    // Every user has a user stream; the first read of one's own creates it.
    Verdict check(const QString &user, const QString &streamId, Use use);

private:
    Verdict lookup(const QString &streamId);
    Verdict ownUserStream(const QString &user, const QString &streamId);

    EventStore &m_store;
};

} // namespace confab::relay
