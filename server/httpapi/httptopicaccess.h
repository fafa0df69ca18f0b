#pragma once

#include "accesspolicy.h"
#include "http/httpresponse.h"
#include "identity.h"
#include "streaminfo.h"

#include <QString>

#include <optional>
#include <variant>

namespace confab::relay {

class AccountStore;
class EventStore;
struct RelayConfig;

// Who may use which topic over HTTP, for every endpoint that serves topics (publish, topic
// streams, attachments). A signed-in identity gets exactly AccessPolicy's topic rights (ACL
// entries, else default-topic-access; API tokens within their scopes). A request without
// credentials (nullopt) gets config.anonymousTopicAccess on topics WITHOUT ACL entries and nothing
// on topics with entries. The answers never tell whether a refused topic exists: refusals are
// the same whether it does or not (401 anonymous, 403 signed in), like ntfy's. A topic that does
// not exist yet is allowed to whoever may use it: a reader sees an empty topic (`stream` empty),
// a writer may create it by publishing (`mayCreate`, use NewEvent::ensureStream).
class HttpTopicAccess
{
public:
    struct Verdict {
        bool allowed = false;
        std::optional<StreamInfo> stream; // the topic when it exists (and is allowed)
        bool mayCreate = false;           // Post on a missing topic the identity may write to
        HttpResponse error;               // when not allowed: the whole answer to send
    };

    HttpTopicAccess(AccessPolicy &access, AccountStore &accounts, EventStore &store, const RelayConfig &config)
        : m_access(access), m_accounts(accounts), m_store(store), m_config(config)
    {
    }

    // topicStreamId is "topic:<name>" (see streamIdForTopic).
    Verdict check(const std::optional<Identity> &identity, const QString &topicStreamId, AccessPolicy::Use use);

    // The rights of a request without credentials on this topic; nothing when the store failed.
    std::optional<AccessPolicy::TopicRights> anonymousRights(const QString &topicStreamId);

    // An HTTP topic name ("alerts") -> its stream id ("topic:alerts"), or the 400 answer for a
    // name that is not ours ([a-z0-9._-], 1..64, starting with a letter or digit; upper case is
    // refused, not folded, so two spellings never mean two topics) or is reserved.
    static std::variant<QString, HttpResponse> streamIdForTopic(const QString &name);

    // 401 {"code":40101} with WWW-Authenticate: Basic realm="confab".
    static HttpResponse unauthorized(const QString &message);

private:
    AccessPolicy &m_access;
    AccountStore &m_accounts;
    EventStore &m_store;
    const RelayConfig &m_config;
};

} // namespace confab::relay
