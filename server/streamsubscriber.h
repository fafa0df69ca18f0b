#pragma once

#include <QByteArray>
#include <QString>

namespace confab::relay {

// Something that receives a stream's events, already serialized (a client session today; a
// backplane link to other relays later).
class StreamSubscriber
{
public:
    virtual ~StreamSubscriber() = default;
    virtual void deliver(const QByteArray &frame) = 0;
    // The user this subscriber acts for; empty when it is no user (a link to another relay).
    virtual QString subscriberUser() const { return {}; }
};

} // namespace confab::relay
