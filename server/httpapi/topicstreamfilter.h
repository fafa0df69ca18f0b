#pragma once

#include "protocol/notificationframes.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace confab::relay {

struct HttpRequest;

// ntfy's subscription filters: ?message= and ?title= (exact), ?priority= (a comma-separated list
// of 1..5 or min, low, default, high, urgent, max: the notification's priority must be one of
// them) and ?tags= (comma-separated: the notification must carry every one), with ntfy's aliases
// (m, t, p/prio, ta/tag) and header forms (X-Message, X-Title, X-Priority, X-Tags).
class TopicStreamFilter
{
public:
    // Nothing when a priority in the list is not one of the forms above.
    static std::optional<TopicStreamFilter> fromRequest(const HttpRequest &request);
    // The first of `names` present as a query item, else the X-<first name> header; nothing when
    // neither is there. Shared with TopicStreamRequest for poll and since.
    static std::optional<QString> parameter(const HttpRequest &request, const QStringList &names);

    bool accepts(const protocol::Notification &notification) const;
    bool isEmpty() const { return !m_message && !m_title && m_priorities.isEmpty() && m_tags.isEmpty(); }

private:
    std::optional<QString> m_message;
    std::optional<QString> m_title;
    QList<int> m_priorities;
    QStringList m_tags;
};

} // namespace confab::relay
