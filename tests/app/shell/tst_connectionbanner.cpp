// The connection banner against the real relay: hidden while connected; when the relay dies it
// says it is reconnecting with a countdown that goes down; "Retry now" tries at once; an account
// down longer than the alert threshold raises the alert; offline says it waits for the network;
// when the relay is back the banner goes away.
#include "shell/connectionbannerviewmodel.h"

#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::ConnectionBannerViewModel;
using namespace confab::client;

namespace {
constexpr int kWaitMs = 20000;
// Fixed so the first retry waits long enough to watch the countdown (full jitter could draw ~0).
constexpr quint64 kJitterSeed = 20261127;
} // namespace

class TestConnectionBanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void followsTheConnection();

private:
    RelayProcess m_relay;
};

void TestConnectionBanner::initTestCase()
{
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestConnectionBanner::followsTheConnection()
{
    QTemporaryDir config;
    QTemporaryDir data;
    ManualNetworkMonitor network;
    AccountManager manager(config.path(), data.path(), nullptr, &network);
    QVERIFY(!manager.load());
    AccountSettings settings;
    settings.relayUrl = m_relay.url();
    settings.username = u"alice"_s;
    settings.rememberCredentials = false;
    QString error;
    Account *account = manager.add(settings, &error);
    QVERIFY2(account, qPrintable(error));
    ReconnectPolicy policy;
    policy.initial = std::chrono::seconds(60);
    policy.cap = std::chrono::seconds(60);
    account->supervisor()->setPolicy(policy);
    account->supervisor()->setRandomSeed(kJitterSeed);
    account->engine()->setConnectTimeout(std::chrono::seconds(5));

    ConnectionBannerViewModel banner;
    banner.setTickInterval(std::chrono::milliseconds(100));
    QStringList phases;
    connect(&banner, &ConnectionBannerViewModel::changed, this, [&] {
        if (phases.isEmpty() || phases.last() != banner.phase())
            phases.append(banner.phase());
    });
    QCOMPARE(banner.phase(), u"idle"_s);
    QVERIFY(!banner.isVisible());
    QVERIFY(!banner.canRetryNow());

    banner.setAccount(account);
    account->signIn()->setPassword(relayadmin::passwordOf(u"alice"_s));
    account->start();
    QTRY_COMPARE_WITH_TIMEOUT(banner.phase(), u"connected"_s, kWaitMs);
    QVERIFY(phases.contains(u"connecting"_s));
    QVERIFY(!banner.isVisible());
    QVERIFY(banner.text().isEmpty());
    QVERIFY(!banner.offlineTooLong());

    // The relay dies: reconnecting, with a countdown in whole seconds that goes down.
    QVERIFY(m_relay.kill());
    QTRY_COMPARE_WITH_TIMEOUT(banner.phase(), u"waiting"_s, kWaitMs);
    QVERIFY(banner.isVisible());
    QVERIFY(banner.canRetryNow());
    const int first = banner.secondsToRetry();
    QVERIFY2(first >= 3, qPrintable(banner.text()));
    QCOMPARE(banner.text(), u"Reconnecting… retrying in %1 s"_s.arg(first));
    QVERIFY(!banner.lastError().isEmpty());
    QVERIFY(banner.offlineSinceText().startsWith(u"offline since "_s));
    QTRY_VERIFY_WITH_TIMEOUT(banner.secondsToRetry() < first, 3000);
    QCOMPARE(banner.text(), u"Reconnecting… retrying in %1 s"_s.arg(banner.secondsToRetry()));

    // The text counts from the retry time: eight seconds before it, it says so.
    const QDateTime nextAttempt = account->connectionStatus().nextAttempt;
    banner.setClock([nextAttempt] { return nextAttempt.addMSecs(-7500); });
    QCOMPARE(banner.secondsToRetry(), 8);
    QCOMPARE(banner.text(), u"Reconnecting… retrying in 8 s"_s);
    banner.setClock({});

    // Down longer than the alert threshold: the alert comes on by itself.
    QVERIFY(!banner.offlineTooLong());
    banner.setOfflineAlertSeconds(1);
    QTRY_VERIFY_WITH_TIMEOUT(banner.offlineTooLong(), 5000);

    // "Retry now" tries at once (and fails again: the relay is still down).
    phases.clear();
    banner.retryNow();
    QCOMPARE(banner.phase(), u"connecting"_s);
    QCOMPARE(banner.text(), u"Connecting…"_s);
    QTRY_COMPARE_WITH_TIMEOUT(banner.phase(), u"waiting"_s, kWaitMs);
    QVERIFY(banner.offlineTooLong()); // still the same outage

    // No network at all.
    network.setReachable(false);
    QTRY_COMPARE_WITH_TIMEOUT(banner.phase(), u"offline"_s, kWaitMs);
    QCOMPARE(banner.text(), u"Offline — waiting for the network"_s);
    QCOMPARE(banner.secondsToRetry(), 0);
    QVERIFY(banner.offlineTooLong());

    // The relay and the network come back: connected at once, the banner goes away.
    QVERIFY2(m_relay.restart(true), qPrintable(m_relay.errorString()));
    network.setReachable(true);
    QTRY_COMPARE_WITH_TIMEOUT(banner.phase(), u"connected"_s, kWaitMs);
    QVERIFY(!banner.isVisible());
    QVERIFY(!banner.offlineTooLong());
    QVERIFY(banner.offlineSinceText().isEmpty());
    QVERIFY(!banner.canRetryNow());

    // Stopped by the user: idle, nothing to show.
    account->stop();
    QTRY_COMPARE(banner.phase(), u"idle"_s);
    QVERIFY(!banner.isVisible());
    banner.setAccount(nullptr);
    QCOMPARE(banner.phase(), u"idle"_s);
}

QTEST_GUILESS_MAIN(TestConnectionBanner)
#include "tst_connectionbanner.moc"
