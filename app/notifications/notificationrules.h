#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace confab::app {

// Do not disturb: off, on now (until switched off), on until a moment, or on every day between
// two times of day (a schedule may cross midnight, e.g. 22:00-07:00).
struct DoNotDisturb {
    enum Mode { Off, Now, Until, Schedule };
    Mode mode = Off;
    QDateTime until; // Until: active while now < until
    int startMinutes = 22 * 60; // Schedule: minutes after local midnight, start inclusive
    int endMinutes = 7 * 60; // Schedule: end exclusive; start == end means never

    bool activeAt(const QDateTime &now) const;

    static QString modeName(Mode mode); // "off" | "now" | "until" | "schedule"
    static Mode modeFromName(const QString &name, Mode fallback = Off);

    friend bool operator==(const DoNotDisturb &, const DoNotDisturb &) = default;
};

// Per notification topic (the name without "topic:").
struct TopicRule {
    bool muted = false;
    int minPriority = 1; // 1..5: notifications below it are not raised
    friend bool operator==(const TopicRule &, const TopicRule &) = default;
};

// Everything the user set about which desktop notifications are raised. Persisted by the app's
// settings as JSON; fromJson() accepts anything and keeps the defaults for what it cannot read.
struct NotificationRules {
    DoNotDisturb dnd;
    QHash<QString, TopicRule> topics;
    bool showPreviews = true;

    TopicRule topicRule(const QString &topic) const; // accepts "x" or "topic:x"

    QJsonObject toJson() const;
    static NotificationRules fromJson(const QJsonObject &json);

    friend bool operator==(const NotificationRules &, const NotificationRules &) = default;
};

} // namespace confab::app
