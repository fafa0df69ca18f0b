#pragma once

#include "identity.h"
#include "protocol/errorcode.h"
#include "relayconfig.h"
#include "streaminfo.h"

#include <QString>

#include <optional>

namespace confab::relay {

class AccountStore;
class EventStore;

// Who may use which stream, in one place so that every request family applies the same rules:
// - room: only joined members read (subscribe, history) and post; joining is a separate request;
// - dm: only the people named in its id (its members are fixed at creation);
// - topic: its ACL entries (principals user:NAME and token:ID) when it has any, otherwise
//   config.defaultTopicAccess; admins may do everything on topics;
// - user:<name>: only that user reads it; nobody posts to it directly (the relay writes it).
// An API-token session may only use topics, within the token's scopes AND what the ACL (or the
// default) grants the token or its owner.
// A stream the identity may not see gets exactly the reply a stream that does not exist gets
// (not_found, same words, never the id): a refusal must not confirm that a private room, a dm or
// a hidden topic exists. The verdict carries the stream's current state, so a handler needs no
// second lookup. The ACL is read from the store on every check, so the admin CLI's changes apply
// at once.
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

    struct TopicRights {
        bool read = false;
        bool write = false;
    };

    // The words of every "no such stream, or not for you" refusal.
    static QString hiddenMessage();

    AccessPolicy(EventStore &store, AccountStore &accounts, const RelayConfig &config)
        : m_store(store), m_accounts(accounts), m_config(config)
    {
    }

    // Every user has a user stream; the first read of one's own creates it.
    Verdict check(const Identity &identity, const QString &streamId, Use use);
    // Whether list_streams may show this stream to the identity (private rooms and dms come from
    // the store's own listing, which already holds only the user's).
    bool mayList(const Identity &identity, const StreamListing &listing);
    // What the identity may do on a topic (exists or not); nothing when the store failed.
    std::optional<TopicRights> topicRights(const Identity &identity, const QString &topic);

private:
    Verdict lookup(const QString &streamId);
    Verdict ownUserStream(const QString &user, const QString &streamId);
    Verdict checkTopic(const Identity &identity, const QString &streamId, Use use);
    Verdict checkRoom(const Identity &identity, const QString &streamId);

    EventStore &m_store;
    AccountStore &m_accounts;
    const RelayConfig &m_config;
};

} // namespace confab::relay
