// A flood reaching an Account (a busy room after a reconnect, a bot gone wild): its listeners (the
// open room, the sidebar) hear of it while it lasts, not only once it is over, and every message
// is stored by the end. The stand-in relay is the app benchmark's (tests/bench/app/floodrelay):
// in a thread of its own it sends the frames as fast as the socket takes them, as a relay
// delivering a backlog does, so the engine has frames waiting in every turn of the loop.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/store/localstore.h"
#include "floodrelay.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using confab::client::Account;

namespace {
const QString kRoom = u"room:flood"_s;
constexpr int kMessages = 6000;
} // namespace

class TestAccountFlood : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listenersHearOfAFloodWhileItLasts();
};

void TestAccountFlood::listenersHearOfAFloodWhileItLasts()
{
    QThread relayThread;
    auto *relay = new FloodRelay;
    relay->moveToThread(&relayThread);
    connect(&relayThread, &QThread::finished, relay, &QObject::deleteLater);
    QUrl url;
    connect(relay, &FloodRelay::listening, this, [&url](const QUrl &listening) { url = listening; });
    relayThread.start();
    const auto stopRelay = qScopeGuard([&relayThread] {
        relayThread.quit();
        relayThread.wait();
    });
    QMetaObject::invokeMethod(relay, &FloodRelay::start, Qt::QueuedConnection);
    QTRY_VERIFY(url.isValid());

    QTemporaryDir folder;
    confab::client::AccountSettings settings;
    settings.id = u"reader"_s;
    settings.relayUrl = url;
    settings.username = u"reader"_s;
    settings.rememberCredentials = false;
    Account account(settings, folder.path(), nullptr, nullptr);
    const std::optional<QString> problem = account.open();
    QVERIFY2(!problem, qPrintable(problem.value_or(QString())));
    // Short intervals: what is tested is that updates come during the flood, not how often.
    account.setUpdateIntervals(10ms, 30ms);
    bool caughtUp = false;
    connect(&account, &Account::catchUpFinished, this, [&caughtUp](const QString &stream) {
        caughtUp |= stream == kRoom;
    });
    account.subscribe(kRoom);
    account.signIn()->setPassword(u"secret"_s);
    account.start();
    QTRY_VERIFY_WITH_TIMEOUT(caughtUp, 10000);

    int arrived = 0;
    QList<int> arrivedAtUpdate; // messages arrived when each update of the room was announced
    connect(&account, &Account::messageArrived, this, [&arrived] { ++arrived; });
    connect(&account, &Account::streamChanged, this, [&](const QString &stream) {
        if (stream == kRoom)
            arrivedAtUpdate.append(arrived);
    });
    QMetaObject::invokeMethod(relay, [relay] { relay->publish(kRoom, kMessages, kMessages, 0); }, Qt::QueuedConnection);

    QTRY_COMPARE_WITH_TIMEOUT(arrived, kMessages, 60000);
    QTRY_VERIFY(!arrivedAtUpdate.isEmpty() && arrivedAtUpdate.last() == kMessages);
    const auto during = std::count_if(arrivedAtUpdate.cbegin(), arrivedAtUpdate.cend(),
        [](int count) { return count > 0 && count < kMessages; });
    qInfo() << "updates of the room:" << arrivedAtUpdate.size() << "with messages arrived" << arrivedAtUpdate;
    QVERIFY2(during >= 2, "the room heard of the flood only once it was over");
    QCOMPARE(account.store()->messages(kRoom, std::nullopt, kMessages + 1).size(), kMessages);
}

QTEST_GUILESS_MAIN(TestAccountFlood)
#include "tst_account_flood.moc"
