#include "notifications/notificationpolicy.h"

#include "client/store/storedrecords.h"
#include "protocol/streamid.h"

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

constexpr int kUrgentPriority = 5;

// Characters a user name is made of: a mention continues while they follow.
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-';
}

NotificationPolicy::Decision show(const QString &reason)
{
    return { NotificationPolicy::Verdict::Show, reason };
}

NotificationPolicy::Decision suppress(const QString &reason)
{
    return { NotificationPolicy::Verdict::Suppress, reason };
}

} // namespace

bool NotificationPolicy::mentions(const QString &text, const QString &user)
{
    if (user.isEmpty())
        return false;
    const QString needle = u'@' + user;
    qsizetype from = 0;
    while (true) {
        const qsizetype at = text.indexOf(needle, from, Qt::CaseInsensitive);
        if (at < 0)
            return false;
        from = at + 1;
        // Before: start or something that cannot be part of a name or an address ("me@alice").
        if (at > 0) {
            const QChar before = text.at(at - 1);
            if (isNameChar(before) || before == u'.' || before == u'@')
                continue;
        }
        // After: the end, or a character that does not continue the name. A '.' ends the name
        // only when no name character follows ("@alice." yes, "@alice.bob" no).
        const qsizetype end = at + needle.size();
        if (end < text.size()) {
            const QChar after = text.at(end);
            if (isNameChar(after) || after == u'@')
                continue;
            if (after == u'.' && end + 1 < text.size() && isNameChar(text.at(end + 1)))
                continue;
        }
        return true;
    }
}

NotificationPolicy::Decision NotificationPolicy::decide(const NotificationRules &rules, Kind kind,
    const QString &stream, int priority, bool mentionsMe, const QDateTime &now, bool fromMe)
{
    if (fromMe)
        return suppress(u"own message"_s);

    if (kind == Kind::Notification) {
        const TopicRule rule = rules.topicRule(stream);
        if (rule.muted)
            return suppress(u"muted"_s);
        if (priority < rule.minPriority)
            return suppress(u"below minimum priority"_s);
        if (rules.dnd.activeAt(now)) {
            if (priority >= kUrgentPriority)
                return show(u"urgent breaks through do not disturb"_s);
            return suppress(u"dnd"_s);
        }
        return show(u"notification"_s);
    }

    const bool direct = protocol::streamKindOf(stream) == protocol::StreamKind::Dm;
    if (!direct && !mentionsMe)
        return suppress(u"not a direct message or mention"_s);
    if (rules.dnd.activeAt(now))
        return suppress(u"dnd"_s);
    return show(direct ? u"direct message"_s : u"mention"_s);
}

NotificationPolicy::Decision NotificationPolicy::decideMessage(const NotificationRules &rules,
    const client::StoredMessage &message, const QString &ownUser, const QDateTime &now)
{
    if (message.deleted)
        return suppress(u"deleted"_s);
    const bool fromMe = !ownUser.isEmpty() && message.sender.compare(ownUser, Qt::CaseInsensitive) == 0;
    return decide(rules, Kind::Message, message.stream, 0, mentions(message.text, ownUser), now, fromMe);
}

NotificationPolicy::Decision NotificationPolicy::decideNotification(
    const NotificationRules &rules, const client::StoredNotification &notification, const QDateTime &now)
{
    if (notification.dismissed)
        return suppress(u"dismissed"_s);
    return decide(rules, Kind::Notification, notification.stream, notification.priority, false, now);
}

} // namespace confab::app
