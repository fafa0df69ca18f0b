// A reconnect must not flood the desktop: a catch-up becomes one summary per stream, a single
// missed item shows as it is, and a live burst in one stream is cut to a few plus one summary.
#include "notifications/notificationcoalescer.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace confab::app;
using namespace std::chrono_literals;

namespace {

const QString kAccount = u"acc-1"_s;

NotificationCoalescer::Item notification(const QString &stream, qint64 seq, int priority)
{
    NotificationCoalescer::Item item;
    item.sender = u"ci-bot"_s;
    item.text = u"Job %1"_s.arg(seq);
    item.notification.key = kAccount + u'/' + stream + u'/' + QString::number(seq);
    item.notification.title = item.text;
    item.notification.body = u"details of %1"_s.arg(seq);
    item.notification.priority = priority;
    item.notification.accountId = kAccount;
    item.notification.stream = stream;
    item.notification.seq = seq;
    return item;
}

NotificationCoalescer::Item chat(const QString &stream, qint64 seq, const QString &sender)
{
    NotificationCoalescer::Item item = notification(stream, seq, 3);
    item.chat = true;
    item.sender = sender;
    item.text = u"message %1"_s.arg(seq);
    item.notification.category = u"im.received"_s;
    return item;
}

DesktopNotification shownAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<DesktopNotification>();
}

} // namespace

class TestNotificationCoalescer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catchUpBecomesOneSummaryPerStream();
    void singleCatchUpItemShowsAsIs();
    void chatSummariesNameTheRoomOrTheSender();
    void liveFloodIsCutToASummary();
    void quietStreamsAreNotDelayed();
    void removedAccountLeavesNothingBehind();
};

void TestNotificationCoalescer::catchUpBecomesOneSummaryPerStream()
{
    NotificationCoalescer coalescer;
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    // Priorities cycle 1..4 in backups; ci has one urgent among lows.
    for (int i = 1; i <= 30; ++i)
        coalescer.add(notification(u"topic:backups"_s, i, 1 + (i % 4)), true);
    for (int i = 1; i <= 4; ++i)
        coalescer.add(notification(u"topic:ci"_s, 100 + i, i == 2 ? 5 : 2), true);
    QCOMPARE(ready.count(), 0); // nothing while catching up
    QCOMPARE(coalescer.pendingCount(kAccount, u"topic:backups"_s), 30);

    coalescer.finishCatchUp(kAccount, u"topic:backups"_s);
    coalescer.finishCatchUp(kAccount, u"topic:ci"_s);
    coalescer.finishCatchUp(kAccount, u"room:quiet"_s); // nothing missed there: nothing shown
    QCOMPARE(ready.count(), 2);

    const DesktopNotification backups = shownAt(ready, 0);
    QCOMPARE(backups.title, u"30 new notifications in backups"_s);
    QCOMPARE(backups.priority, 4);
    QCOMPARE(backups.body, u"Job 30\nJob 29\nJob 28"_s); // the latest three, newest first
    QCOMPARE(backups.stream, u"topic:backups"_s);
    QCOMPARE(backups.accountId, kAccount);
    QCOMPARE(backups.seq, 1); // a click starts reading at the first one missed

    const DesktopNotification ci = shownAt(ready, 1);
    QCOMPARE(ci.title, u"4 new notifications in ci"_s);
    QCOMPARE(ci.priority, 5);
    QVERIFY(ci.key != backups.key);

    // Finished means finished: a second marker shows nothing more.
    coalescer.finishCatchUp(kAccount, u"topic:backups"_s);
    QCOMPARE(ready.count(), 2);
    QCOMPARE(coalescer.pendingCount(kAccount, u"topic:backups"_s), 0);
}

void TestNotificationCoalescer::singleCatchUpItemShowsAsIs()
{
    NotificationCoalescer coalescer;
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    const auto item = notification(u"topic:backups"_s, 7, 4);
    coalescer.add(item, true);
    coalescer.finishCatchUp(kAccount, u"topic:backups"_s);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(shownAt(ready, 0), item.notification);
}

void TestNotificationCoalescer::chatSummariesNameTheRoomOrTheSender()
{
    NotificationCoalescer coalescer;
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    for (int i = 1; i <= 5; ++i)
        coalescer.add(chat(u"room:general"_s, i, i % 2 ? u"bob"_s : u"carol"_s), true);
    for (int i = 1; i <= 3; ++i)
        coalescer.add(chat(u"dm:alice+bob"_s, i, u"bob"_s), true);
    coalescer.finishCatchUp(kAccount, u"room:general"_s);
    coalescer.finishCatchUp(kAccount, u"dm:alice+bob"_s);
    QCOMPARE(ready.count(), 2);
    QCOMPARE(shownAt(ready, 0).title, u"5 new messages in #general"_s);
    QCOMPARE(shownAt(ready, 0).body, u"bob: message 5\ncarol: message 4\nbob: message 3"_s);
    QCOMPARE(shownAt(ready, 0).category, u"im.received"_s);
    QCOMPARE(shownAt(ready, 1).title, u"3 new messages from bob"_s);
}

void TestNotificationCoalescer::liveFloodIsCutToASummary()
{
    NotificationCoalescer coalescer;
    coalescer.setFloodLimit(5);
    coalescer.setFloodWindow(300ms);
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    for (int i = 1; i <= 12; ++i)
        coalescer.add(notification(u"topic:alerts"_s, i, i == 9 ? 5 : 3), false);
    QCOMPARE(ready.count(), 5); // the first five at once, as they came
    for (int i = 0; i < 5; ++i)
        QCOMPARE(shownAt(ready, i).seq, i + 1);
    QCOMPARE(coalescer.pendingCount(kAccount, u"topic:alerts"_s), 7);

    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 6, 5000); // the rest of the window: one summary
    const DesktopNotification summary = shownAt(ready, 5);
    QCOMPARE(summary.title, u"7 new notifications in alerts"_s);
    QCOMPARE(summary.priority, 5);
    QCOMPARE(summary.seq, 6);

    // A new window starts afresh.
    coalescer.add(notification(u"topic:alerts"_s, 13, 3), false);
    QCOMPARE(ready.count(), 7);
    QCOMPARE(shownAt(ready, 6).seq, 13);
}

void TestNotificationCoalescer::quietStreamsAreNotDelayed()
{
    NotificationCoalescer coalescer;
    coalescer.setFloodLimit(2);
    coalescer.setFloodWindow(200ms);
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    for (int i = 1; i <= 6; ++i)
        coalescer.add(notification(u"topic:noisy"_s, i, 3), false);
    coalescer.add(notification(u"topic:quiet"_s, 1, 3), false);
    QCOMPARE(ready.count(), 3); // two of noisy, quiet's one at once
    QCOMPARE(shownAt(ready, 2).stream, u"topic:quiet"_s);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 4, 5000);
    QCOMPARE(shownAt(ready, 3).title, u"4 new notifications in noisy"_s);
    // A window of exactly the limit leaves nothing to summarise.
    QTest::qWait(300);
    QCOMPARE(ready.count(), 4);
}

void TestNotificationCoalescer::removedAccountLeavesNothingBehind()
{
    NotificationCoalescer coalescer;
    coalescer.setFloodLimit(1);
    coalescer.setFloodWindow(100ms);
    QSignalSpy ready(&coalescer, &NotificationCoalescer::ready);
    coalescer.add(notification(u"topic:a"_s, 1, 3), true);
    coalescer.add(notification(u"topic:b"_s, 1, 3), false);
    coalescer.add(notification(u"topic:b"_s, 2, 3), false);
    QCOMPARE(ready.count(), 1);
    coalescer.clearAccount(kAccount);
    coalescer.finishCatchUp(kAccount, u"topic:a"_s);
    QTest::qWait(250);
    QCOMPARE(ready.count(), 1);
}

QTEST_GUILESS_MAIN(TestNotificationCoalescer)
#include "tst_notificationcoalescer.moc"
