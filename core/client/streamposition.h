#pragma once

#include <QString>

namespace confab::client {

// How far a client has seen one stream: the epoch its history belongs to and the highest sequence
// number delivered. It is what `subscribe` sends as `epoch` and `since` to resume exactly where
// the client left off; an app that persists it can resume across restarts too.
struct StreamPosition {
    QString epoch;
    qint64 seq = 0;
    friend bool operator==(const StreamPosition &, const StreamPosition &) = default;
};

} // namespace confab::client
