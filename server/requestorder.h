#pragma once

#include "protocol/frames.h"
#include "protocol/messagetype.h"

#include <deque>
#include <optional>

namespace confab::relay {

// Keeps one connection's requests in cause-and-effect order under group commit. Writes are
// committed later, in a batch, so a request that reads what an earlier request of the same
// connection writes (a send right behind its join, an edit right behind its message, a subscribe
// behind a create_room) would otherwise be checked against the store too early. Such a request is
// held until the writes before it are committed. Sends and publishes only read access rights,
// which content writes never change, so they may join a batch behind other content writes: a
// pipelining sender keeps the whole benefit of group commit.
class RequestOrder
{
public:
    // Commits that add content to streams (they change no access right).
    static bool writesContentOnly(protocol::MessageType type);
    // Requests whose checks no content write can change.
    static bool mayOvertakeContentWrites(protocol::MessageType type);

    bool mayRunNow(protocol::MessageType type) const;
    void hold(protocol::Frame frame) { m_held.push_back(std::move(frame)); }
    qsizetype heldCount() const { return qsizetype(m_held.size()); }
    // The oldest held request, once it may run.
    std::optional<protocol::Frame> takeRunnable();

    void commitStarted(protocol::MessageType type);
    void commitFinished(protocol::MessageType type);

private:
    bool pendingAllows(protocol::MessageType type) const;

    int m_pendingContent = 0;
    int m_pendingOther = 0;
    std::deque<protocol::Frame> m_held;
};

} // namespace confab::relay
