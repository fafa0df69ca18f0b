#pragma once

#include "notifications/notificationrules.h"

#include <QDateTime>
#include <QString>

namespace confab::client {
struct StoredMessage;
struct StoredNotification;
} // namespace confab::client

namespace confab::app {

// Decides whether one arriving message or notification raises a desktop notification. Pure: the
// same rules, event and time always give the same answer, with a reason for logs and tests.
// - Notifications: a muted topic hides everything; below the topic's minimum priority is hidden;
//   do not disturb hides all but urgent (priority 5) ones.
// - Chat messages: only a direct message from someone else, or a message mentioning @me, is
//   raised; never my own; do not disturb hides them all (chat has no priority to break through).
class NotificationPolicy
{
public:
    enum class Kind { Message, Notification };
    enum class Verdict { Show, Suppress };

    struct Decision {
        Verdict verdict = Verdict::Suppress;
        QString reason; // "dnd", "muted", "below minimum priority", "own message", ...
        bool show() const { return verdict == Verdict::Show; }
    };

    // `stream` is the stream id (topic:x, dm:a+b, room:x); `fromMe` marks my own events.
    static Decision decide(const NotificationRules &rules, Kind kind, const QString &stream, int priority,
        bool mentionsMe, const QDateTime &now, bool fromMe = false);

    static Decision decideMessage(const NotificationRules &rules, const client::StoredMessage &message,
        const QString &ownUser, const QDateTime &now);
    static Decision decideNotification(
        const NotificationRules &rules, const client::StoredNotification &notification, const QDateTime &now);

    // "@alice" as a whole word, case-insensitively: not "@alicex", not "email@alice.com".
    static bool mentions(const QString &text, const QString &user);
};

} // namespace confab::app
