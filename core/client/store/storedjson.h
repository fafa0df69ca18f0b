#pragma once

#include "protocol/notificationframes.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

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
    // NULL (an invalid QVariant) for none; a row that does not hold a valid attachment reads as none.
    static QVariant fromAttachment(const std::optional<protocol::Attachment> &attachment);
    static std::optional<protocol::Attachment> toAttachment(const QVariant &column);
};

} // namespace confab::client
