#include "notifications/notificationrules.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

constexpr int kMinutesPerDay = 24 * 60;

int clampMinutes(int minutes)
{
    return std::clamp(minutes, 0, kMinutesPerDay - 1);
}

int clampPriority(int priority)
{
    return std::clamp(priority, 1, 5);
}

QString bareTopic(const QString &topic)
{
    return topic.startsWith("topic:"_L1) ? topic.mid(6) : topic;
}

// Reads an int from JSON without trusting its type: numbers and numeric strings count.
int intFrom(const QJsonValue &value, int fallback)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d >= -1e9 && d <= 1e9)
            return static_cast<int>(d);
        return fallback;
    }
    if (value.isString()) {
        bool ok = false;
        const int parsed = value.toString().toInt(&ok);
        return ok ? parsed : fallback;
    }
    return fallback;
}

} // namespace

bool DoNotDisturb::activeAt(const QDateTime &now) const
{
    switch (mode) {
    case Off:
        return false;
    case Now:
        return true;
    case Until:
        return until.isValid() && now < until;
    case Schedule: {
        const QDateTime local = now.toLocalTime();
        const QTime time = local.time();
        const int minute = time.hour() * 60 + time.minute();
        const int start = clampMinutes(startMinutes);
        const int end = clampMinutes(endMinutes);
        if (start == end)
            return false;
        if (start < end)
            return minute >= start && minute < end;
        // Crosses midnight: 22:00-07:00 is active from 22:00 on and before 07:00.
        return minute >= start || minute < end;
    }
    }
    return false;
}

QString DoNotDisturb::modeName(Mode mode)
{
    switch (mode) {
    case Off:
        return u"off"_s;
    case Now:
        return u"now"_s;
    case Until:
        return u"until"_s;
    case Schedule:
        return u"schedule"_s;
    }
    return u"off"_s;
}

DoNotDisturb::Mode DoNotDisturb::modeFromName(const QString &name, Mode fallback)
{
    if (name == "off"_L1)
        return Off;
    if (name == "now"_L1)
        return Now;
    if (name == "until"_L1)
        return Until;
    if (name == "schedule"_L1)
        return Schedule;
    return fallback;
}

TopicRule NotificationRules::topicRule(const QString &topic) const
{
    return topics.value(bareTopic(topic));
}

QJsonObject NotificationRules::toJson() const
{
    QJsonObject dndJson {
        { u"mode"_s, DoNotDisturb::modeName(dnd.mode) },
        { u"start_minutes"_s, dnd.startMinutes },
        { u"end_minutes"_s, dnd.endMinutes },
    };
    if (dnd.until.isValid())
        dndJson.insert(u"until"_s, dnd.until.toUTC().toString(Qt::ISODateWithMs));

    QJsonObject topicsJson;
    for (auto it = topics.cbegin(); it != topics.cend(); ++it) {
        if (it.value() == TopicRule {})
            continue; // defaults need no entry
        topicsJson.insert(it.key(),
            QJsonObject { { u"muted"_s, it.value().muted }, { u"min_priority"_s, it.value().minPriority } });
    }
    return QJsonObject {
        { u"dnd"_s, dndJson },
        { u"topics"_s, topicsJson },
        { u"show_previews"_s, showPreviews },
    };
}

NotificationRules NotificationRules::fromJson(const QJsonObject &json)
{
    NotificationRules rules;
    const QJsonObject dndJson = json.value("dnd"_L1).toObject();
    rules.dnd.mode = DoNotDisturb::modeFromName(dndJson.value("mode"_L1).toString());
    rules.dnd.startMinutes = clampMinutes(intFrom(dndJson.value("start_minutes"_L1), rules.dnd.startMinutes));
    rules.dnd.endMinutes = clampMinutes(intFrom(dndJson.value("end_minutes"_L1), rules.dnd.endMinutes));
    const QDateTime until = QDateTime::fromString(dndJson.value("until"_L1).toString(), Qt::ISODateWithMs);
    if (until.isValid())
        rules.dnd.until = until.toLocalTime();
    else if (rules.dnd.mode == DoNotDisturb::Until)
        rules.dnd.mode = DoNotDisturb::Off; // "until" without a valid end would mean forever

    const QJsonObject topicsJson = json.value("topics"_L1).toObject();
    for (auto it = topicsJson.constBegin(); it != topicsJson.constEnd(); ++it) {
        const QString name = bareTopic(it.key());
        if (name.isEmpty() || !it.value().isObject())
            continue;
        const QJsonObject ruleJson = it.value().toObject();
        TopicRule rule;
        rule.muted = ruleJson.value("muted"_L1).toBool(false);
        rule.minPriority = clampPriority(intFrom(ruleJson.value("min_priority"_L1), 1));
        rules.topics.insert(name, rule);
    }
    const QJsonValue previews = json.value("show_previews"_L1);
    if (previews.isBool())
        rules.showPreviews = previews.toBool();
    return rules;
}

} // namespace confab::app
