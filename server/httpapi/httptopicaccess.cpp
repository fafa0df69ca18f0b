#include "httptopicaccess.h"

#include "accountstore.h"
#include "eventstore.h"
#include "httpapi/httpapi.h"
#include "relayconfig.h"
#include "relaylog.h"

#include "protocol/streamid.h"

namespace confab::relay {

using namespace Qt::StringLiterals;
using Use = AccessPolicy::Use;

namespace {

HttpResponse storeFailure()
{
    return HttpResponse::error(500, 50002, u"the relay could not read the topic; try again"_s);
}

} // namespace

HttpResponse HttpTopicAccess::unauthorized(const QString &message)
{
    return HttpResponse::error(401, 40101, message).withHeader("WWW-Authenticate", "Basic realm=\"confab\"");
}

std::variant<QString, HttpResponse> HttpTopicAccess::streamIdForTopic(const QString &name)
{
    if (HttpApi::isReservedTopicName(name))
        return HttpResponse::error(400, 40010, u"'%1' is reserved by the relay's HTTP API; pick another topic name"_s.arg(name));
    if (!protocol::isValidName(name))
        return HttpResponse::error(400, 40010,
            u"invalid topic name: use 1 to 64 characters from a-z, 0-9, '.', '_' and '-' (lower case), "
            u"starting with a letter or digit"_s);
    return u"topic:"_s + name;
}

std::optional<AccessPolicy::TopicRights> HttpTopicAccess::anonymousRights(const QString &topicStreamId)
{
    const StoreResult<QList<AclEntry>> entries = m_accounts.acl(topicStreamId);
    if (!entries.ok()) {
        qCWarning(lcRelayStore).noquote() << "reading the ACL failed:" << entries.error().message;
        return std::nullopt;
    }
    AccessPolicy::TopicRights rights;
    if (entries.value().isEmpty()) {
        using TopicAccess = RelayConfig::TopicAccess;
        rights.read = m_config.anonymousTopicAccess != TopicAccess::None;
        rights.write = m_config.anonymousTopicAccess == TopicAccess::ReadWrite;
    }
    return rights;
}

HttpTopicAccess::Verdict HttpTopicAccess::check(
    const std::optional<Identity> &identity, const QString &topicStreamId, Use use)
{
    Verdict verdict;
    if (protocol::streamKindOf(topicStreamId) != protocol::StreamKind::Topic) {
        verdict.error = HttpResponse::error(400, 40010, u"not a valid topic"_s);
        return verdict;
    }
    const std::optional<AccessPolicy::TopicRights> rights
        = identity ? m_access.topicRights(*identity, topicStreamId) : anonymousRights(topicStreamId);
    if (!rights) {
        verdict.error = storeFailure();
        return verdict;
    }
    const bool allowed = use == Use::Read ? rights->read : rights->write;
    if (!allowed) {
        if (!identity) {
            verdict.error = unauthorized(use == Use::Read ? u"sign in to read this topic"_s
                                                          : u"sign in to publish to this topic"_s);
        } else if (use == Use::Read && rights->write) {
            verdict.error = HttpResponse::error(403, 40301, u"you may publish to this topic but not read it"_s);
        } else if (use == Use::Post && rights->read) {
            verdict.error = HttpResponse::error(403, 40301, u"you may read this topic but not publish to it"_s);
        } else {
            // The same words whether the topic exists or not.
            verdict.error = HttpResponse::error(403, 40301, u"you may not use this topic"_s);
        }
        return verdict;
    }
    const StoreResult<std::optional<StreamInfo>> stream = m_store.stream(topicStreamId);
    if (!stream.ok()) {
        qCWarning(lcRelayStore).noquote() << "reading a topic failed:" << stream.error().message;
        verdict.error = storeFailure();
        return verdict;
    }
    verdict.allowed = true;
    verdict.stream = stream.value();
    verdict.mayCreate = !verdict.stream && use == Use::Post;
    return verdict;
}

} // namespace confab::relay
