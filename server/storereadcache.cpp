#include "storereadcache.h"

namespace confab::relay {

std::optional<StreamInfo> StoreReadCache::stream(const QString &id) const
{
    const auto it = m_streams.constFind(id);
    return it == m_streams.cend() ? std::nullopt : std::optional<StreamInfo>(*it);
}

void StoreReadCache::rememberStream(const StreamInfo &info)
{
    if (m_streams.size() >= kMaxStreams)
        m_streams.clear();
    m_streams.insert(info.id, info);
}

void StoreReadCache::forgetStream(const QString &id)
{
    m_streams.remove(id);
}

void StoreReadCache::forgetStreams()
{
    m_streams.clear();
}

bool StoreReadCache::isJoined(const QString &stream, const QString &user) const
{
    return m_joined.contains({ stream, user });
}

void StoreReadCache::rememberJoined(const QString &stream, const QString &user)
{
    if (m_joined.size() >= kMaxMembers)
        m_joined.clear();
    m_joined.insert({ stream, user });
}

void StoreReadCache::forgetMember(const QString &stream, const QString &user)
{
    m_joined.remove({ stream, user });
}

void StoreReadCache::applyCommitted(const QList<NewEvent> &batch, const QList<AppendOutcome> &outcomes)
{
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const NewEvent &entry = batch.at(i);
        if (entry.member)
            forgetMember(entry.member->stream, entry.member->user);
        if (i >= outcomes.size() || outcomes.at(i).status != AppendStatus::Appended)
            continue;
        const StoredEvent &event = outcomes.at(i).event;
        const auto it = m_streams.find(event.stream);
        if (it != m_streams.end())
            it->lastSeq = std::max(it->lastSeq, event.seq);
    }
}

} // namespace confab::relay
