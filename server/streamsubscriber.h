#pragma once

#include <QByteArray>

namespace confab::relay {

// Something that receives a stream's events, already serialized (a client session today; a
// backplane link to other relays later).
class StreamSubscriber
{
public:
    virtual ~StreamSubscriber() = default;
    virtual void deliver(const QByteArray &frame) = 0;
};

} // namespace confab::relay
