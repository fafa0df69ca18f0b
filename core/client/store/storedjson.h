#pragma once

#include "protocol/notificationframes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace confab::client {

// The list-valued fields of a cached notification (tags, actions) as compact JSON text in one
// column each: they are only ever read back whole. Reading tolerates anything (a damaged row
// gives empty lists, never a crash).
class StoredJson
{
public:
    static QString fromTags(const QStringList &tags);
    static QStringList toTags(const QString &json);
    static QString fromActions(const QList<protocol::NotificationAction> &actions);
    static QList<protocol::NotificationAction> toActions(const QString &json);
};

} // namespace confab::client
