#include "sessionledger.h"

namespace confab::client {

namespace {

// Refusals that say "not now" rather than "no".
bool isRetryable(protocol::ErrorCode code)
{
    return code == protocol::ErrorCode::RateLimited || code == protocol::ErrorCode::Internal;
}

} // namespace

bool SessionLedger::isStoredKind(RequestKind kind)
{
    switch (kind) {
    case RequestKind::Send:
    case RequestKind::Edit:
    case RequestKind::Delete:
    case RequestKind::React:
    case RequestKind::MarkRead:
    case RequestKind::Publish:
    case RequestKind::Dismiss:
        return true;
    case RequestKind::Subscribe:
    case RequestKind::Unsubscribe:
    case RequestKind::History:
    case RequestKind::CreateRoom:
    case RequestKind::Invite:
    case RequestKind::Join:
    case RequestKind::Leave:
    case RequestKind::ListMembers:
    case RequestKind::ListStreams:
    case RequestKind::OpenDm:
        return false;
    }
    return false;
}

void SessionLedger::addStream(const QString &stream)
{
    if (!m_streams.contains(stream))
        m_streams.append(stream);
}

void SessionLedger::removeStream(const QString &stream)
{
    m_streams.removeAll(stream);
    m_promisedSubscribes.remove(stream);
    m_requestedSince.remove(stream);
}

void SessionLedger::requestSince(const QString &stream, const StreamPosition &position)
{
    m_requestedSince.insert(stream, position);
}

std::optional<StreamPosition> SessionLedger::requestedSince(const QString &stream) const
{
    const auto it = m_requestedSince.constFind(stream);
    if (it == m_requestedSince.cend())
        return std::nullopt;
    return *it;
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

bool SessionLedger::awaitsHistory(const QString &stream, qint64 seq) const
{
    for (const PendingRequest &request : m_pending) {
        if (request.kind == RequestKind::History && request.stream == stream
            && (!request.before || seq < *request.before))
            return true;
    }
    return false;
}

void SessionLedger::acknowledged(const PendingRequest &request)
{
    if (request.kind == RequestKind::Subscribe && request.explicitSince)
        m_requestedSince.remove(request.stream);
    else if (isStoredKind(request.kind))
        removeOutgoing(request.key);
}

void SessionLedger::refused(const PendingRequest &request, protocol::ErrorCode code)
{
    if (isRetryable(code))
        return;
    if (request.kind == RequestKind::Subscribe)
        removeStream(request.stream);
    else if (isStoredKind(request.kind))
        removeOutgoing(request.key);
}

void SessionLedger::clear()
{
    m_streams.clear();
    m_promisedSubscribes.clear();
    m_requestedSince.clear();
    m_outbox.clear();
    m_pending.clear();
    m_presence = protocol::PresenceStatus::Online;
}

void SessionLedger::removeOutgoing(const QString &key)
{
    m_outbox.removeIf([&](const OutgoingRequest &r) { return r.key == key; });
}

} // namespace confab::client
