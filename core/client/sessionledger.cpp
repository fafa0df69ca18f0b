#include "sessionledger.h"

namespace confab::client {

namespace {

// Refusals that say "not now" rather than "no".
bool isRetryable(protocol::ErrorCode code)
{
    return code == protocol::ErrorCode::RateLimited || code == protocol::ErrorCode::Internal;
}

} // namespace

void SessionLedger::addStream(const QString &stream)
{
    if (!m_streams.contains(stream))
        m_streams.append(stream);
}

void SessionLedger::promiseSubscribe(const QString &stream, const QString &requestId)
{
    m_promisedSubscribes.insert(stream, requestId);
}

std::optional<SessionLedger::PendingRequest> SessionLedger::settle(const QString &requestId)
{
    if (requestId.isEmpty())
        return std::nullopt;
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend())
        return std::nullopt;
    PendingRequest request = it.value();
    m_pending.erase(it);
    return request;
}

void SessionLedger::acknowledged(const PendingRequest &request)
{
    if (request.kind == RequestKind::Send)
        m_outbox.removeIf([&](const OutgoingMessage &m) { return m.clientMsgId == request.clientMsgId; });
}

void SessionLedger::refused(const PendingRequest &request, protocol::ErrorCode code)
{
    if (isRetryable(code))
        return;
    switch (request.kind) {
    case RequestKind::Subscribe:
        m_streams.removeAll(request.stream);
        break;
    case RequestKind::Send:
        m_outbox.removeIf([&](const OutgoingMessage &m) { return m.clientMsgId == request.clientMsgId; });
        break;
    }
}

void SessionLedger::clear()
{
    m_streams.clear();
    m_promisedSubscribes.clear();
    m_outbox.clear();
    m_pending.clear();
}

} // namespace confab::client
