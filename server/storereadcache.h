#pragma once

#include "storedevent.h"
#include "streaminfo.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>
#include <utility>

namespace confab::relay {

// What the relay reads on nearly every request: the stream's row and whether the user has joined
// it. Both change only through the relay's own store connection (admin commands create streams
// and add members, which never makes a remembered answer wrong), so the store remembers the
// answers it read and corrects them as it writes: appended events move a stream's last seq, a
// membership change forgets that membership, a reset forgets the stream, pruning forgets every
// stream (their first seq moved). Only joined memberships are remembered: an invitation can turn
// into a membership from outside (an admin's `room add-member`). Bounded: past its limits it
// starts over.
class StoreReadCache
{
public:
    std::optional<StreamInfo> stream(const QString &id) const;
    void rememberStream(const StreamInfo &info);
    void forgetStream(const QString &id);
    void forgetStreams();

    bool isJoined(const QString &stream, const QString &user) const;
    void rememberJoined(const QString &stream, const QString &user);
    void forgetMember(const QString &stream, const QString &user);

    // After a committed batch: the outcomes are the batch's, in order.
    void applyCommitted(const QList<NewEvent> &batch, const QList<AppendOutcome> &outcomes);

private:
    static constexpr qsizetype kMaxStreams = 50'000;
    static constexpr qsizetype kMaxMembers = 500'000;

    QHash<QString, StreamInfo> m_streams;
    QSet<std::pair<QString, QString>> m_joined;
};

} // namespace confab::relay
