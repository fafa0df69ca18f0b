#include "topicstreamendpoint.h"

#include "httpauth.h"
#include "relaylog.h"
#include "topicstreamposition.h"
#include "topicstreamrequest.h"
#include "topicstreamsession.h"

#include "http/httpexchange.h"

#include <QDateTime>
#include <QPointer>

namespace confab::relay {

using namespace Qt::StringLiterals;

TopicStreamEndpoint::TopicStreamEndpoint(const HttpApi::Services &services, HttpAuth &auth)
    : m_services(services)
    , m_auth(auth)
    , m_topicAccess(services.access, services.accounts, services.store, services.config)
{
}

bool TopicStreamEndpoint::matches(const HttpRequest &head) const
{
    return TopicStreamRequest::looksLikeSubscription(head);
}

qint64 TopicStreamEndpoint::maxBodySize(const HttpRequest &head) const
{
    Q_UNUSED(head)
    return 0;
}

void TopicStreamEndpoint::handle(HttpExchange *exchange)
{
    std::variant<TopicStreamRequest, HttpResponse> parsed
        = TopicStreamRequest::parse(exchange->request(), QDateTime::currentMSecsSinceEpoch());
    if (auto *error = std::get_if<HttpResponse>(&parsed)) {
        exchange->respond(*error);
        return;
    }
    QPointer<HttpExchange> guard(exchange);
    m_auth.authenticate(exchange,
        [this, guard, request = std::get<TopicStreamRequest>(std::move(parsed))](
            const std::optional<Identity> &identity) mutable {
            HttpExchange *live = guard.data(); // one read: optimised builds warn about a second
            if (!live || live->isClosed())
                return;
            for (const QString &streamId : std::as_const(request.streamIds)) {
                const HttpTopicAccess::Verdict verdict
                    = m_topicAccess.check(identity, streamId, AccessPolicy::Use::Read);
                if (!verdict.allowed) {
                    live->respond(verdict.error);
                    return;
                }
            }
            StoreResult<QList<TopicStreamPosition>> positions
                = TopicStreamPosition::resolve(m_services.store, request.streamIds, request.since);
            if (!positions.ok()) {
                qCWarning(lcRelayStore).noquote() << "http subscription: reading topics failed:"
                                                  << positions.error().message;
                live->respond(HttpResponse::error(500, 50002, u"the relay could not read the topic; try again"_s));
                return;
            }
            TopicStreamGrant grant(m_topicAccess, m_services.accounts, identity, request.streamIds,
                QDateTime::currentMSecsSinceEpoch());
            auto *session = new TopicStreamSession(live, m_services.store, m_services.hub, m_services.config,
                std::move(request), std::move(positions.value()), std::move(grant),
                identity ? identity->user : QString());
            session->start();
        });
}

} // namespace confab::relay
