// The Linux notifier against a real notification daemon (confab-notification-recorder on a
// private session bus): what a desktop would show (title, escaped body, urgency, buttons), that
// showing a key again replaces its notification, and that clicks come back as activations.
#include "notificationrecorderprocess.h"
#include "platform/desktopnotifier.h"
#include "platform/freedesktopnotifier.h"
#include "platform/traynotifier.h"

#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace confab::app;

namespace {

DesktopNotification make(const QString &key, int priority = 3)
{
    DesktopNotification n;
    n.key = key;
    n.title = u"Backup failed"_s;
    n.body = u"disk full"_s;
    n.priority = priority;
    n.accountId = u"acc"_s;
    n.stream = u"topic:backups"_s;
    n.seq = 4;
    return n;
}

} // namespace

class TestFreedesktopNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTitleEscapedBodyAndHints();
    void urgencyFollowsPriority();
    void buttonsAreListedAfterOpen();
    void sameKeyReplaces();
    void clicksComeBackAsActivations();
    void withdrawClosesIt();
    void factoryPicksFreedesktopOnlyWithAService();
    void trayNotifierWithoutTrayHostIsHarmless();

private:
    std::unique_ptr<NotificationRecorderProcess> m_recorder;
};

void TestFreedesktopNotifier::init()
{
    m_recorder = std::make_unique<NotificationRecorderProcess>();
    QVERIFY2(m_recorder->start(), qPrintable(m_recorder->errorString()));
}

void TestFreedesktopNotifier::cleanup()
{
    m_recorder.reset();
}

void TestFreedesktopNotifier::showsTitleEscapedBodyAndHints()
{
    FreedesktopNotifier notifier;
    QCOMPARE(notifier.backendName(), u"freedesktop"_s);
    DesktopNotification n = make(u"k1"_s);
    n.body = u"<b>x</b> & <img src=\"http://evil/\">"_s;
    n.category = u"im.received"_s;
    notifier.show(n);
    QVERIFY(m_recorder->waitForCount(1));
    const auto record = m_recorder->notifications().at(0);
    QCOMPARE(record.appName, u"Confab"_s);
    QCOMPARE(record.appIcon, u"confab"_s);
    QCOMPARE(record.summary, u"Backup failed"_s);
    QCOMPARE(record.body, u"&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=&quot;http://evil/&quot;&gt;"_s);
    QCOMPARE(record.replacesId, 0u);
    QCOMPARE(record.expireTimeout, -1);
    QCOMPARE(record.hints.value("desktop-entry"_L1).toString(), u"confab"_s);
    QCOMPARE(record.hints.value("category"_L1).toString(), u"im.received"_s);
}

void TestFreedesktopNotifier::urgencyFollowsPriority()
{
    FreedesktopNotifier notifier;
    for (int priority = 1; priority <= 5; ++priority)
        notifier.show(make(u"p%1"_s.arg(priority), priority));
    QVERIFY(m_recorder->waitForCount(5));
    const auto records = m_recorder->notifications();
    QList<int> urgencies;
    for (const auto &record : records)
        urgencies << record.urgency;
    QCOMPARE(urgencies, (QList<int> { 0, 0, 1, 2, 2 })); // low, low, normal, critical, critical
    QVERIFY(!records.at(0).hints.contains("category"_L1)); // topic notifications have none
}

void TestFreedesktopNotifier::buttonsAreListedAfterOpen()
{
    FreedesktopNotifier notifier;
    DesktopNotification n = make(u"k"_s, 5);
    n.actions = { { u"default"_s, u"Open"_s }, { u"action-0"_s, u"Retry backup"_s },
        { u"action-1"_s, u"View logs"_s } };
    notifier.show(n);
    QVERIFY(m_recorder->waitForCount(1));
    const auto record = m_recorder->notifications().at(0);
    QCOMPARE(record.actions,
        (QStringList {
            u"default"_s, u"Open"_s, u"action-0"_s, u"Retry backup"_s, u"action-1"_s, u"View logs"_s }));
}

void TestFreedesktopNotifier::sameKeyReplaces()
{
    FreedesktopNotifier notifier;
    notifier.show(make(u"summary"_s));
    // Shown again before the first call was answered: it must still replace, not duplicate.
    DesktopNotification second = make(u"summary"_s);
    second.title = u"Two backups failed"_s;
    notifier.show(second);
    QVERIFY(m_recorder->waitForCount(2));
    const auto records = m_recorder->notifications();
    QCOMPARE(records.at(1).replacesId, records.at(0).id);
    QCOMPARE(records.at(1).id, records.at(0).id);
    QCOMPARE(records.at(1).summary, u"Two backups failed"_s);

    notifier.show(make(u"other"_s));
    QVERIFY(m_recorder->waitForCount(3));
    QCOMPARE(m_recorder->notifications().at(2).replacesId, 0u);
    QVERIFY(m_recorder->notifications().at(2).id != records.at(0).id);
}

void TestFreedesktopNotifier::clicksComeBackAsActivations()
{
    FreedesktopNotifier notifier;
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    DesktopNotification n = make(u"acc/topic:backups/4"_s);
    n.actions = { { u"action-0"_s, u"Retry"_s } };
    notifier.show(n);
    QVERIFY(m_recorder->waitForCount(1));
    const uint id = m_recorder->notifications().at(0).id;

    m_recorder->invoke(id, u"action-0"_s);
    QVERIFY(activated.wait(5000));
    QCOMPARE(activated.at(0).at(0).toString(), u"acc/topic:backups/4"_s);
    QCOMPARE(activated.at(0).at(1).toString(), u"action-0"_s);

    m_recorder->invoke(id, u"default"_s);
    QTRY_COMPARE(activated.count(), 2);
    QCOMPARE(activated.at(1).at(1).toString(), u"default"_s);

    // Another application's notification id is not ours.
    m_recorder->invoke(id + 1000, u"default"_s);
    // Once closed, the id is forgotten: a late click on it does nothing.
    m_recorder->close(id);
    m_recorder->invoke(id, u"default"_s);
    // A click on a fresh notification still arrives, and only it (signals keep their order).
    notifier.show(make(u"later"_s));
    QVERIFY(m_recorder->waitForCount(2));
    m_recorder->invoke(m_recorder->notifications().at(1).id, u"default"_s);
    QTRY_COMPARE(activated.count(), 3);
    QCOMPARE(activated.at(2).at(0).toString(), u"later"_s);
}

void TestFreedesktopNotifier::withdrawClosesIt()
{
    FreedesktopNotifier notifier;
    notifier.show(make(u"gone"_s));
    notifier.withdraw(u"gone"_s); // before the id is known: closed as soon as it is
    QVERIFY(m_recorder->waitForCount(1));
    const uint id = m_recorder->notifications().at(0).id;
    QTRY_COMPARE(m_recorder->closedIds(), QList<uint> { id });
    notifier.withdraw(u"never-shown"_s); // nothing to close, nothing breaks
}

void TestFreedesktopNotifier::factoryPicksFreedesktopOnlyWithAService()
{
    QVERIFY(FreedesktopNotifier::serviceAvailable());
    auto withService = DesktopNotifier::createForPlatform(nullptr);
    QCOMPARE(withService->backendName(), u"freedesktop"_s);

    m_recorder->stop();
    QTRY_VERIFY(!FreedesktopNotifier::serviceAvailable());
    auto without = DesktopNotifier::createForPlatform(nullptr);
    QCOMPARE(without->backendName(), u"tray"_s);

    // A notifier whose daemon went away does not block or crash: the call fails quietly.
    QElapsedTimer timer;
    timer.start();
    withService->show(make(u"nobody-listens"_s));
    QVERIFY(timer.elapsed() < 1000);
    QTest::qWait(100);
}

void TestFreedesktopNotifier::trayNotifierWithoutTrayHostIsHarmless()
{
    QSystemTrayIcon tray;
    TrayNotifier notifier(&tray);
    QCOMPARE(notifier.backendName(), u"tray"_s);
    QSignalSpy activated(&notifier, &DesktopNotifier::activated);
    notifier.show(make(u"t1"_s, 5));
    QCOMPARE(notifier.lastKey(), u"t1"_s);
    // A click on the balloon activates the last one shown.
    Q_EMIT tray.messageClicked();
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toString(), u"t1"_s);
    QCOMPARE(activated.at(0).at(1).toString(), u"default"_s);
    notifier.withdraw(u"t1"_s);
    Q_EMIT tray.messageClicked();
    QCOMPARE(activated.count(), 1);
    QVERIFY(TrayNotifier::durationMsFor(5) > TrayNotifier::durationMsFor(3));

    TrayNotifier noTray(nullptr);
    noTray.show(make(u"t2"_s));
    QCOMPARE(noTray.lastKey(), u"t2"_s);
}

QTEST_MAIN(TestFreedesktopNotifier)
#include "tst_freedesktopnotifier.moc"
