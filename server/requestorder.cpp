#include "requestorder.h"

#include "protocol/codec.h"

namespace confab::relay {

using protocol::MessageType;

bool RequestOrder::writesContentOnly(MessageType type)
{
    switch (type) {
    case MessageType::Send:
    case MessageType::Publish:
    case MessageType::Edit:
    case MessageType::Delete:
    case MessageType::React:
    case MessageType::MarkRead:
    case MessageType::Dismiss:
        return true;
    default:
        return false;
    }
}

bool RequestOrder::mayOvertakeContentWrites(MessageType type)
{
    return type == MessageType::Send || type == MessageType::Publish;
}

bool RequestOrder::pendingAllows(MessageType type) const
{
    return m_pendingOther == 0 && (m_pendingContent == 0 || mayOvertakeContentWrites(type));
}

bool RequestOrder::mayRunNow(MessageType type) const
{
    return m_held.empty() && pendingAllows(type);
}

std::optional<protocol::Frame> RequestOrder::takeRunnable()
{
    if (m_held.empty() || !pendingAllows(protocol::typeOf(m_held.front())))
        return std::nullopt;
    protocol::Frame frame = std::move(m_held.front());
    m_held.pop_front();
    return frame;
}

void RequestOrder::commitStarted(MessageType type)
{
    ++(writesContentOnly(type) ? m_pendingContent : m_pendingOther);
}

void RequestOrder::commitFinished(MessageType type)
{
    int &pending = writesContentOnly(type) ? m_pendingContent : m_pendingOther;
    if (pending > 0)
        --pending;
}

} // namespace confab::relay
