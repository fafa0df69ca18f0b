#pragma once

#include "protocol/fieldvalues.h"
#include "storedevent.h"

#include <QList>
#include <QString>

namespace confab::relay {

// The `member` events of one membership change: one in the room or dm itself, carrying the
// membership change so both commit in one transaction, and a copy in the user stream of the
// person concerned so that every desktop of theirs learns about it (an invitation, a new dm).
// Shared by the session's room handlers and the admin CLI.
class MemberEvents
{
public:
    static QList<NewEvent> change(const QString &conversation, const QString &actor, const QString &user,
        protocol::MemberAction action);
};

} // namespace confab::relay
