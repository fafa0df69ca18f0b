#include "topicstreamfilter.h"

#include "http/httprequest.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

std::optional<int> priorityFrom(const QString &text)
{
    const QString word = text.trimmed().toLower();
    if (word == "1"_L1 || word == "min"_L1)
        return 1;
    if (word == "2"_L1 || word == "low"_L1)
        return 2;
    if (word == "3"_L1 || word == "default"_L1)
        return 3;
    if (word == "4"_L1 || word == "high"_L1)
        return 4;
    if (word == "5"_L1 || word == "urgent"_L1 || word == "max"_L1)
        return 5;
    return std::nullopt;
}

} // namespace

std::optional<QString> TopicStreamFilter::parameter(const HttpRequest &request, const QStringList &names)
{
    for (const QString &name : names) {
        if (request.hasQueryItem(name))
            return request.queryValue(name);
    }
    const QByteArray header = "x-" + names.constFirst().toLatin1();
    if (request.hasHeader(header))
        return QString::fromUtf8(request.header(header)).trimmed();
    return std::nullopt;
}

std::optional<TopicStreamFilter> TopicStreamFilter::fromRequest(const HttpRequest &request)
{
    TopicStreamFilter filter;
    filter.m_message = parameter(request, {u"message"_s, u"m"_s});
    filter.m_title = parameter(request, {u"title"_s, u"t"_s});
    const QString priorities = parameter(request, {u"priority"_s, u"prio"_s, u"p"_s}).value_or(QString());
    for (const QString &part : priorities.split(u',', Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty())
            continue;
        const std::optional<int> priority = priorityFrom(part);
        if (!priority)
            return std::nullopt;
        filter.m_priorities.append(*priority);
    }
    const QString tags = parameter(request, {u"tags"_s, u"tag"_s, u"ta"_s}).value_or(QString());
    for (const QString &tag : tags.split(u',', Qt::SkipEmptyParts)) {
        if (!tag.trimmed().isEmpty())
            filter.m_tags.append(tag.trimmed());
    }
    return filter;
}

bool TopicStreamFilter::accepts(const protocol::Notification &notification) const
{
    if (m_message && notification.body != *m_message)
        return false;
    if (m_title && notification.title != *m_title)
        return false;
    if (!m_priorities.isEmpty() && !m_priorities.contains(notification.priority))
        return false;
    for (const QString &tag : m_tags) {
        if (!notification.tags.contains(tag, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace confab::relay
