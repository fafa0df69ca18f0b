#include "streamcursors.h"

namespace confab::client {

std::optional<StreamPosition> StreamCursors::position(const QString &stream) const
{
    const auto it = m_positions.constFind(stream);
    if (it == m_positions.cend())
        return std::nullopt;
    return *it;
}

bool StreamCursors::advance(const QString &stream, const QString &epoch, qint64 seq)
{
    if (covers(stream, epoch, seq))
        return false;
    auto it = m_positions.find(stream);
    if (it == m_positions.end() || (!epoch.isEmpty() && it->epoch != epoch))
        m_positions.insert(stream, {epoch, seq});
    else
        it->seq = seq;
    return true;
}

bool StreamCursors::covers(const QString &stream, const QString &epoch, qint64 seq) const
{
    const auto it = m_positions.constFind(stream);
    if (it == m_positions.cend())
        return false;
    // A mark without an epoch (a position given without one) matches any epoch.
    const bool sameEpoch = it->epoch.isEmpty() || epoch.isEmpty() || it->epoch == epoch;
    return sameEpoch && seq <= it->seq;
}

void StreamCursors::reset(const QString &stream, const StreamPosition &position)
{
    m_positions.insert(stream, position);
}

void StreamCursors::raise(const QString &stream, const StreamPosition &position)
{
    auto it = m_positions.find(stream);
    if (it == m_positions.end()) {
        m_positions.insert(stream, position);
        return;
    }
    const bool sameEpoch = it->epoch.isEmpty() || position.epoch.isEmpty() || it->epoch == position.epoch;
    if (!sameEpoch || position.seq > it->seq)
        it->seq = position.seq;
    if (!position.epoch.isEmpty())
        it->epoch = position.epoch;
}

} // namespace confab::client
