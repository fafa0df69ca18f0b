// Which arriving events raise a desktop notification: do not disturb (now, until, a schedule
// across midnight), urgent notifications breaking through it, muted topics, minimum priorities,
// mentions of @me and never my own messages; and the rules surviving a save and load.
#include "client/store/storedrecords.h"
#include "notifications/notificationpolicy.h"
#include "notifications/notificationrules.h"

#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace confab::app;
using Kind = NotificationPolicy::Kind;

namespace {

QDateTime at(int hour, int minute, int day = 10)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, minute));
}

NotificationRules withDnd(DoNotDisturb::Mode mode)
{
    NotificationRules rules;
    rules.dnd.mode = mode;
    return rules;
}

bool shows(
    const NotificationRules &rules, const QString &topic, int priority, const QDateTime &now = at(12, 0))
{
    return NotificationPolicy::decide(rules, Kind::Notification, topic, priority, false, now).show();
}

confab::client::StoredMessage message(const QString &stream, const QString &sender, const QString &text)
{
    confab::client::StoredMessage m;
    m.stream = stream;
    m.seq = 1;
    m.sender = sender;
    m.text = text;
    return m;
}

} // namespace

class TestNotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scheduleAcrossMidnight_data();
    void scheduleAcrossMidnight();
    void scheduleWithinADay();
    void dndNowAndUntil();
    void urgentBreaksThroughDndOthersDoNot();
    void mutedTopicHidesEvenUrgent();
    void minimumPriorityFilters();
    void mentions_data();
    void mentions();
    void chatRaisesOnlyDirectMessagesAndMentions();
    void chatIsSilencedByDnd();
    void rulesSurviveJson();
    void junkJsonGivesDefaults();
};

void TestNotificationPolicy::scheduleAcrossMidnight_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<bool>("active");
    QTest::newRow("21:59 before start") << at(21, 59) << false;
    QTest::newRow("22:00 at start") << at(22, 0) << true;
    QTest::newRow("23:59") << at(23, 59) << true;
    QTest::newRow("00:00 midnight") << at(0, 0, 11) << true;
    QTest::newRow("03:00") << at(3, 0, 11) << true;
    QTest::newRow("06:59 before end") << at(6, 59, 11) << true;
    QTest::newRow("07:00 at end") << at(7, 0, 11) << false;
    QTest::newRow("12:00 midday") << at(12, 0) << false;
}

void TestNotificationPolicy::scheduleAcrossMidnight()
{
    QFETCH(QDateTime, now);
    QFETCH(bool, active);
    DoNotDisturb dnd;
    dnd.mode = DoNotDisturb::Schedule;
    dnd.startMinutes = 22 * 60;
    dnd.endMinutes = 7 * 60;
    QCOMPARE(dnd.activeAt(now), active);
    NotificationRules rules;
    rules.dnd = dnd;
    QCOMPARE(shows(rules, u"topic:backups"_s, 3, now), !active);
}

void TestNotificationPolicy::scheduleWithinADay()
{
    DoNotDisturb dnd;
    dnd.mode = DoNotDisturb::Schedule;
    dnd.startMinutes = 9 * 60;
    dnd.endMinutes = 17 * 60 + 30;
    QVERIFY(!dnd.activeAt(at(8, 59)));
    QVERIFY(dnd.activeAt(at(9, 0)));
    QVERIFY(dnd.activeAt(at(17, 29)));
    QVERIFY(!dnd.activeAt(at(17, 30)));
    QVERIFY(!dnd.activeAt(at(23, 0)));
    dnd.endMinutes = dnd.startMinutes; // an empty schedule is never active
    QVERIFY(!dnd.activeAt(at(9, 0)));
}

void TestNotificationPolicy::dndNowAndUntil()
{
    DoNotDisturb dnd;
    QVERIFY(!dnd.activeAt(at(12, 0)));
    dnd.mode = DoNotDisturb::Now;
    QVERIFY(dnd.activeAt(at(12, 0)));
    QVERIFY(dnd.activeAt(at(3, 0, 20)));

    dnd.mode = DoNotDisturb::Until;
    dnd.until = at(14, 30);
    QVERIFY(dnd.activeAt(at(12, 0)));
    QVERIFY(dnd.activeAt(at(14, 29)));
    QVERIFY(!dnd.activeAt(at(14, 30)));
    QVERIFY(!dnd.activeAt(at(15, 0)));
    dnd.until = {};
    QVERIFY(!dnd.activeAt(at(12, 0))); // "until" nothing: not forever
}

void TestNotificationPolicy::urgentBreaksThroughDndOthersDoNot()
{
    const NotificationRules rules = withDnd(DoNotDisturb::Now);
    QVERIFY(shows(rules, u"topic:alerts"_s, 5));
    QVERIFY(!shows(rules, u"topic:alerts"_s, 4));
    QVERIFY(!shows(rules, u"topic:alerts"_s, 3));
    QVERIFY(!shows(rules, u"topic:alerts"_s, 1));
    const auto decision
        = NotificationPolicy::decide(rules, Kind::Notification, u"topic:alerts"_s, 3, false, at(12, 0));
    QCOMPARE(decision.reason, u"dnd"_s);

    // Without DND every priority shows.
    for (int priority = 1; priority <= 5; ++priority)
        QVERIFY(shows(NotificationRules {}, u"topic:alerts"_s, priority));
}

void TestNotificationPolicy::mutedTopicHidesEvenUrgent()
{
    NotificationRules rules;
    rules.topics.insert(u"ci"_s, TopicRule { true, 1 });
    QVERIFY(!shows(rules, u"topic:ci"_s, 5));
    QCOMPARE(NotificationPolicy::decide(rules, Kind::Notification, u"topic:ci"_s, 5, false, at(12, 0)).reason,
        u"muted"_s);
    QVERIFY(shows(rules, u"topic:backups"_s, 3)); // other topics are not affected
    QVERIFY(rules.topicRule(u"ci"_s).muted);
    QVERIFY(rules.topicRule(u"topic:ci"_s).muted);
}

void TestNotificationPolicy::minimumPriorityFilters()
{
    NotificationRules rules;
    rules.topics.insert(u"backups"_s, TopicRule { false, 4 });
    QVERIFY(!shows(rules, u"topic:backups"_s, 3));
    QVERIFY(shows(rules, u"topic:backups"_s, 4));
    QVERIFY(shows(rules, u"topic:backups"_s, 5));
    // Below the minimum stays hidden even when urgent would break through DND.
    rules.topics.insert(u"backups"_s, TopicRule { false, 5 });
    rules.dnd.mode = DoNotDisturb::Now;
    QVERIFY(!shows(rules, u"topic:backups"_s, 4));
    QVERIFY(shows(rules, u"topic:backups"_s, 5));
}

void TestNotificationPolicy::mentions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("mentioned");
    QTest::newRow("plain") << u"@alice look"_s << true;
    QTest::newRow("case") << u"hey @Alice!"_s << true;
    QTest::newRow("end of sentence") << u"thanks @alice."_s << true;
    QTest::newRow("parentheses") << u"(cc @alice)"_s << true;
    QTest::newRow("comma") << u"@alice, @bob"_s << true;
    QTest::newRow("longer name") << u"@alicex look"_s << false;
    QTest::newRow("dotted longer name") << u"@alice.bob look"_s << false;
    QTest::newRow("dashed longer name") << u"@alice-b look"_s << false;
    QTest::newRow("email") << u"write to email@alice.com"_s << false;
    QTest::newRow("no at") << u"alice look"_s << false;
    QTest::newRow("second occurrence") << u"mail@alice.com or @alice"_s << true;
    QTest::newRow("empty") << QString() << false;
}

void TestNotificationPolicy::mentions()
{
    QFETCH(QString, text);
    QFETCH(bool, mentioned);
    QCOMPARE(NotificationPolicy::mentions(text, u"alice"_s), mentioned);
}

void TestNotificationPolicy::chatRaisesOnlyDirectMessagesAndMentions()
{
    const NotificationRules rules;
    const QString me = u"alice"_s;
    const QDateTime now = at(12, 0);
    QVERIFY(NotificationPolicy::decideMessage(rules, message(u"dm:alice+bob"_s, u"bob"_s, u"hi"_s), me, now)
                .show());
    QVERIFY(
        !NotificationPolicy::decideMessage(rules, message(u"room:general"_s, u"bob"_s, u"hi all"_s), me, now)
             .show());
    QVERIFY(NotificationPolicy::decideMessage(
        rules, message(u"room:general"_s, u"bob"_s, u"@alice hi"_s), me, now)
                .show());
    QVERIFY(
        !NotificationPolicy::decideMessage(rules, message(u"room:general"_s, u"bob"_s, u"@alicex"_s), me, now)
             .show());
    // My own messages never, not even in a DM or mentioning myself.
    const auto own
        = NotificationPolicy::decideMessage(rules, message(u"dm:alice+bob"_s, u"alice"_s, u"yo"_s), me, now);
    QVERIFY(!own.show());
    QCOMPARE(own.reason, u"own message"_s);
    QVERIFY(!NotificationPolicy::decideMessage(
        rules, message(u"room:general"_s, u"alice"_s, u"@alice"_s), me, now)
                 .show());
    // A deleted message is nothing to show.
    auto deleted = message(u"dm:alice+bob"_s, u"bob"_s, QString());
    deleted.deleted = true;
    QVERIFY(!NotificationPolicy::decideMessage(rules, deleted, me, now).show());
}

void TestNotificationPolicy::chatIsSilencedByDnd()
{
    const NotificationRules rules = withDnd(DoNotDisturb::Now);
    const auto dm = NotificationPolicy::decideMessage(
        rules, message(u"dm:alice+bob"_s, u"bob"_s, u"hi"_s), u"alice"_s, at(12, 0));
    QVERIFY(!dm.show());
    QCOMPARE(dm.reason, u"dnd"_s);
    QVERIFY(!NotificationPolicy::decideMessage(
        rules, message(u"room:general"_s, u"bob"_s, u"@alice urgent!"_s), u"alice"_s, at(12, 0))
                 .show());
}

void TestNotificationPolicy::rulesSurviveJson()
{
    NotificationRules rules;
    rules.dnd.mode = DoNotDisturb::Until;
    rules.dnd.until = QDateTime(QDate(2026, 5, 1), QTime(8, 15, 30, 250));
    rules.dnd.startMinutes = 23 * 60;
    rules.dnd.endMinutes = 6 * 60 + 30;
    rules.topics.insert(u"ci"_s, TopicRule { true, 1 });
    rules.topics.insert(u"backups"_s, TopicRule { false, 4 });
    rules.showPreviews = false;

    // Through text, as the settings file stores it.
    const QByteArray saved = QJsonDocument(rules.toJson()).toJson();
    const NotificationRules loaded = NotificationRules::fromJson(QJsonDocument::fromJson(saved).object());
    QCOMPARE(loaded.dnd.mode, DoNotDisturb::Until);
    QCOMPARE(loaded.dnd.until, rules.dnd.until);
    QCOMPARE(loaded.dnd.startMinutes, 23 * 60);
    QCOMPARE(loaded.dnd.endMinutes, 6 * 60 + 30);
    QCOMPARE(loaded.topics.value(u"ci"_s), (TopicRule { true, 1 }));
    QCOMPARE(loaded.topics.value(u"backups"_s), (TopicRule { false, 4 }));
    QCOMPARE(loaded.showPreviews, false);
    QVERIFY(loaded == rules);

    for (auto mode : { DoNotDisturb::Off, DoNotDisturb::Now, DoNotDisturb::Schedule })
        QCOMPARE(DoNotDisturb::modeFromName(DoNotDisturb::modeName(mode)), mode);
}

void TestNotificationPolicy::junkJsonGivesDefaults()
{
    const QByteArray junk = R"({"dnd": {"mode": "sometimes", "start_minutes": "lots", "end_minutes": 1e300,
        "until": 42}, "topics": {"": {"muted": true}, "ci": 7, "x": {"min_priority": 99, "muted": "yes"},
        "topic:y": {"min_priority": -3}}, "show_previews": "no"})";
    const NotificationRules rules = NotificationRules::fromJson(QJsonDocument::fromJson(junk).object());
    QCOMPARE(rules.dnd.mode, DoNotDisturb::Off);
    QCOMPARE(rules.dnd.startMinutes, 22 * 60);
    QCOMPARE(rules.dnd.endMinutes, 7 * 60);
    QVERIFY(!rules.topics.contains(QString()));
    QVERIFY(!rules.topics.contains(u"ci"_s));
    QCOMPARE(rules.topics.value(u"x"_s).minPriority, 5); // clamped to 1..5
    QCOMPARE(rules.topics.value(u"x"_s).muted, false);
    QCOMPARE(rules.topics.value(u"y"_s).minPriority, 1);
    QCOMPARE(rules.showPreviews, true);
    // "until" without a time falls back to off rather than "forever".
    const NotificationRules until
        = NotificationRules::fromJson(QJsonDocument::fromJson(R"({"dnd": {"mode": "until"}})").object());
    QCOMPARE(until.dnd.mode, DoNotDisturb::Off);
    QCOMPARE(NotificationRules::fromJson({}), NotificationRules {});
}

QTEST_GUILESS_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
