// Account end to end against the real relay process: the persistent outbox across relay outages
// and restarts of the app, resuming from the store's cursors, read markers and dismissals shared
// by two desktops of one user, refusals shown as failed, history paging and resync.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab::client;
using Phase = ConnectionStatus::Phase;

namespace {

constexpr int kLongWait = 30000;

QStringList textsOf(const QList<StoredMessage> &messages)
{
    QStringList texts;
    for (const StoredMessage &message : messages)
        texts.append(message.text);
    return texts;
}

} // namespace

class TestAccountRelay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void typedWhileRelayDownArrivesOnceInOrder();
    void newAccountObjectResumesFromItsCursor();
    void readMarkersAndDismissalsReachEveryDesktop();
    void refusedRequestsFailWithTheReason();
    void loadOlderPagesBackThroughALongRoom();
    void unrecoverableGapResetsTheStream();

private:
    // An opened, started account of `user` keeping its data in `folder`.
    std::unique_ptr<Account> makeAccount(RelayProcess &relay, const QString &user, const QString &folder);
    static bool waitConnected(Account &account);
    static QStringList roomTexts(Account &account, const QString &room);
    // The lowest seq the relay still has of `room` (asked through the account's engine).
    static qint64 oldestOnRelay(Account &account, const QString &room);

    RelayProcess m_relay;
    QTemporaryDir m_dir;
};

void TestAccountRelay::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s, u"carol"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"long"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"closed"_s, { u"bob"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"alerts"_s, { u"bob"_s }, { u"alice"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestAccountRelay::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<Account> TestAccountRelay::makeAccount(
    RelayProcess &relay, const QString &user, const QString &folder)
{
    AccountSettings settings;
    settings.id = user;
    settings.relayUrl = relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<Account>(settings, folder, nullptr, nullptr);
    // Short waits between attempts: the relay is down for a moment only.
    ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(20);
    policy.cap = std::chrono::milliseconds(300);
    account->supervisor()->setPolicy(policy);
    account->engine()->setConnectTimeout(std::chrono::seconds(3));
    if (const std::optional<QString> error = account->open()) {
        qWarning("cannot open the account: %s", qPrintable(*error));
        return nullptr;
    }
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    account->start();
    return account;
}

bool TestAccountRelay::waitConnected(Account &account)
{
    return QTest::qWaitFor([&] { return account.connectionStatus().phase == Phase::Connected; }, kLongWait);
}

QStringList TestAccountRelay::roomTexts(Account &account, const QString &room)
{
    return textsOf(account.store()->messages(room, std::nullopt, 10000));
}

qint64 TestAccountRelay::oldestOnRelay(Account &account, const QString &room)
{
    QSignalSpy fetched(account.engine(), &ClientEngine::historyFetched);
    const QString requestId
        = account.engine()->fetchHistory(room, std::nullopt, confab::protocol::kMaxHistoryLimit);
    if (!QTest::qWaitFor([&] { return !fetched.isEmpty(); }, 10000))
        return -1;
    for (const QList<QVariant> &args : fetched) {
        if (args.at(0).toString() == requestId)
            return args.at(2).toLongLong();
    }
    return -1;
}

void TestAccountRelay::typedWhileRelayDownArrivesOnceInOrder()
{
    const QString room = u"room:general"_s;
    auto alice = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice1"_s));
    auto bob = makeAccount(m_relay, u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(alice && bob);
    alice->subscribe(room);
    bob->subscribe(room);
    QVERIFY(waitConnected(*alice));
    QVERIFY(waitConnected(*bob));
    QTRY_VERIFY_WITH_TIMEOUT(bob->store()->cursor(room).has_value(), kLongWait);

    QVERIFY(m_relay.terminate());
    QTRY_VERIFY_WITH_TIMEOUT(alice->connectionStatus().phase == Phase::WaitingToRetry
            || alice->connectionStatus().phase == Phase::Connecting,
        kLongWait);
    QStringList typed;
    QSignalSpy outboxChanged(alice.get(), &Account::outboxChanged);
    for (int i = 0; i < 20; ++i) {
        typed.append(u"while the relay was down %1"_s.arg(i));
        const QString key = alice->sendMessage(room, typed.last());
        // On disk, and shown as sending, before anything could be sent.
        const std::optional<OutboxEntry> entry = alice->store()->outboxEntry(key);
        QVERIFY(entry);
        QCOMPARE(entry->state, OutboxEntry::State::Sending);
        QCOMPARE(entry->text, typed.last());
    }
    QCOMPARE(alice->store()->pendingOutbox().size(), 20);
    QVERIFY(!outboxChanged.isEmpty());

    QVERIFY(m_relay.restart(true));
    QTRY_COMPARE_WITH_TIMEOUT(alice->store()->pendingOutbox().size(), 0, kLongWait);
    QTRY_COMPARE_WITH_TIMEOUT(roomTexts(*bob, room), typed, kLongWait);
    // Alice's own store has them too (from the relay, with their seqs), each once.
    QTRY_COMPARE_WITH_TIMEOUT(roomTexts(*alice, room), typed, kLongWait);
}

void TestAccountRelay::newAccountObjectResumesFromItsCursor()
{
    const QString room = u"room:general"_s;
    const QString bobFolder = m_dir.filePath(u"bob"_s);
    auto alice = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice1"_s));
    QVERIFY(alice);
    QVERIFY(waitConnected(*alice));
    QStringList before;
    {
        auto bob = makeAccount(m_relay, u"bob"_s, bobFolder);
        QVERIFY(bob);
        QVERIFY(waitConnected(*bob));
        before = roomTexts(*bob, room);
        QVERIFY(!before.isEmpty());
        QVERIFY(bob->store()->knownStreams().contains(room));
    }
    // Bob's app is closed while Alice writes.
    QStringList expected = before;
    for (int i = 0; i < 7; ++i) {
        expected.append(u"while Bob was away %1"_s.arg(i));
        alice->sendMessage(room, expected.last());
    }
    QTRY_COMPARE_WITH_TIMEOUT(alice->store()->pendingOutbox().size(), 0, kLongWait);

    auto bob = makeAccount(m_relay, u"bob"_s, bobFolder);
    QVERIFY(bob);
    QSignalSpy arrived(bob.get(), &Account::messageArrived);
    QSignalSpy caughtUp(bob.get(), &Account::catchUpFinished);
    QTRY_COMPARE_WITH_TIMEOUT(roomTexts(*bob, room), expected, kLongWait);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(caughtUp.cbegin(), caughtUp.cend(),
                                 [&](const QList<QVariant> &a) { return a.at(0) == room; }),
        kLongWait);
    // Only what was missed counts as new, and as a catch-up.
    int news = 0;
    for (const QList<QVariant> &args : arrived) {
        const auto message = args.at(0).value<StoredMessage>();
        if (message.stream != room)
            continue;
        ++news;
        QVERIFY(message.text.startsWith(u"while Bob was away"_s));
        QVERIFY(args.at(1).toBool());
    }
    QCOMPARE(news, 7);
    // Indexed for search soon after, with no search asking for it.
    QTRY_VERIFY_WITH_TIMEOUT(!bob->store()->hasUnindexedMessages(), kLongWait);
}

void TestAccountRelay::readMarkersAndDismissalsReachEveryDesktop()
{
    const QString room = u"room:general"_s;
    const QString topic = u"topic:alerts"_s;
    auto desktop1 = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice1"_s));
    auto desktop2 = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice2"_s));
    auto bob = makeAccount(m_relay, u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(desktop1 && desktop2 && bob);
    for (Account *desktop : { desktop1.get(), desktop2.get() }) {
        desktop->subscribe(room);
        desktop->subscribe(topic);
        QVERIFY(waitConnected(*desktop));
    }
    QVERIFY(waitConnected(*bob));
    QTRY_VERIFY_WITH_TIMEOUT(desktop2->store()->cursor(topic).has_value(), kLongWait);
    QTRY_VERIFY_WITH_TIMEOUT(desktop2->store()->cursor(room).has_value(), kLongWait);

    // Bob writes three messages: unread on both desktops.
    for (int i = 0; i < 3; ++i)
        bob->sendMessage(room, u"unread %1"_s.arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(desktop1->store()->cacheState(room).unread, 3, kLongWait);
    QTRY_COMPARE_WITH_TIMEOUT(desktop2->store()->cacheState(room).unread, 3, kLongWait);

    // Read on desktop 1: desktop 2 agrees.
    QSignalSpy changed2(desktop2.get(), &Account::streamChanged);
    desktop1->markRead(room, desktop1->store()->cacheState(room).cursor);
    QTRY_COMPARE_WITH_TIMEOUT(desktop2->store()->cacheState(room).unread, 0, kLongWait);
    QTRY_VERIFY(std::any_of(changed2.cbegin(), changed2.cend(),
        [&](const QList<QVariant> &a) { return a.at(0).toString() == room; }));
    QCOMPARE(desktop1->store()->cacheState(room).unread, 0);

    // A notification for Alice, dismissed on desktop 2: gone on desktop 1 too.
    QSignalSpy notified(desktop1.get(), &Account::notificationArrived);
    confab::client::NotificationDraft draft;
    draft.title = u"Disk"_s;
    draft.body = u"almost full"_s;
    bob->publish(topic, draft);
    QTRY_COMPARE_WITH_TIMEOUT(desktop1->store()->notifications(topic).size(), 1, kLongWait);
    QTRY_COMPARE_WITH_TIMEOUT(desktop2->store()->notifications(topic).size(), 1, kLongWait);
    QTRY_COMPARE(notified.size(), 1);
    QCOMPARE(notified.at(0).at(0).value<StoredNotification>().body, u"almost full"_s);
    const qint64 seq = desktop2->store()->notifications(topic).at(0).seq;
    desktop2->dismiss(topic, seq);
    QTRY_COMPARE_WITH_TIMEOUT(desktop1->store()->notifications(topic).size(), 0, kLongWait);
    QCOMPARE(desktop1->store()->notifications(topic, true).size(), 1);
    QVERIFY(desktop1->store()->notifications(topic, true).at(0).dismissed);
}

void TestAccountRelay::refusedRequestsFailWithTheReason()
{
    const QString closed = u"room:closed"_s;
    auto alice = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice1"_s));
    auto bob = makeAccount(m_relay, u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(alice && bob);
    bob->subscribe(closed);
    QVERIFY(waitConnected(*alice));
    QVERIFY(waitConnected(*bob));

    // Not a member: refused, shown as failed with the reason.
    const QString forbidden = alice->sendMessage(closed, u"let me in"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        alice->store()->outboxEntry(forbidden)->state, OutboxEntry::State::Failed, kLongWait);
    const OutboxEntry refused = *alice->store()->outboxEntry(forbidden);
    QCOMPARE(refused.errorCode, u"forbidden"_s);
    QVERIFY2(refused.error.contains(closed), qPrintable(refused.error));
    QVERIFY(alice->discard(forbidden));
    QVERIFY(!alice->store()->outboxEntry(forbidden));

    // Larger than the relay takes in one frame: failed at once, and the connection stays up.
    const QString huge = alice->sendMessage(u"room:general"_s, QString(70 * 1024, u'x'));
    QTRY_VERIFY(alice->store()->outboxEntry(huge)
        && alice->store()->outboxEntry(huge)->state == OutboxEntry::State::Failed);
    QCOMPARE(alice->store()->outboxEntry(huge)->errorCode, u"too_large"_s);
    QVERIFY(!alice->store()->outboxEntry(huge)->error.isEmpty());
    QVERIFY(alice->retry(huge)); // still too large
    QTRY_COMPARE(alice->store()->outboxEntry(huge)->state, OutboxEntry::State::Failed);
    QVERIFY(alice->discard(huge));

    // Refused, then allowed: retry delivers it, once.
    const QString later = alice->sendMessage(closed, u"now I am a member"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        alice->store()->outboxEntry(later)->state, OutboxEntry::State::Failed, kLongWait);
    const auto added = m_relay.runAdmin({ u"room"_s, u"add-member"_s, u"closed"_s, u"alice"_s });
    QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    QVERIFY(alice->retry(later));
    QTRY_VERIFY_WITH_TIMEOUT(!alice->store()->outboxEntry(later), kLongWait);
    QTRY_COMPARE_WITH_TIMEOUT(roomTexts(*bob, closed), QStringList { u"now I am a member"_s }, kLongWait);
    QVERIFY(alice->store()->outbox().isEmpty());
}

void TestAccountRelay::loadOlderPagesBackThroughALongRoom()
{
    constexpr int kMessages = 330;
    const QString room = u"room:long"_s;
    auto bob = makeAccount(m_relay, u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(bob);
    QStringList typed;
    for (int i = 0; i < kMessages; ++i) {
        typed.append(u"long %1"_s.arg(i, 3, 10, QLatin1Char('0')));
        bob->sendMessage(room, typed.last());
    }
    QTRY_COMPARE_WITH_TIMEOUT(bob->store()->pendingOutbox().size(), 0, 60000);

    // A new desktop of Alice: it gets the newest page first, then pages back on demand.
    auto alice = makeAccount(m_relay, u"alice"_s, m_dir.filePath(u"alice-long"_s));
    QVERIFY(alice);
    alice->subscribe(room);
    QTRY_VERIFY_WITH_TIMEOUT(!roomTexts(*alice, room).isEmpty(), kLongWait);
    QTRY_VERIFY(alice->store()->cacheState(room).oldestCached > 0);
    const QStringList newest = roomTexts(*alice, room);
    QVERIFY(newest.size() < kMessages);
    QCOMPARE(newest, typed.mid(kMessages - newest.size()));

    QSignalSpy loaded(alice.get(), &Account::olderLoaded);
    bool reachedStart = false;
    for (int page = 0; page < 40 && !reachedStart; ++page) {
        const QList<StoredMessage> shown = alice->store()->messages(room, std::nullopt, 100000);
        alice->loadOlder(room, shown.first().seq, 50);
        QVERIFY(loaded.wait(kLongWait));
        QCOMPARE(loaded.last().at(0).toString(), room);
        reachedStart = loaded.last().at(1).toBool();
    }
    QVERIFY(reachedStart);
    QCOMPARE(roomTexts(*alice, room), typed);
    QVERIFY(!alice->store()->cacheState(room).olderOnRelay);
}

void TestAccountRelay::unrecoverableGapResetsTheStream()
{
    // A relay of its own that keeps only the newest 10 events of each stream.
    RelayProcess relay;
    QVERIFY(relayadmin::addUsers(relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(relay, u"short"_s, { u"alice"_s, u"bob"_s }));
    relay.setExtraArguments(relayadmin::pipeliningLimits()
        + QStringList { u"--retention-events"_s, u"10"_s, u"--retention-interval-ms"_s, u"100"_s });
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    const QString room = u"room:short"_s;
    QTemporaryDir dir;
    const QString aliceFolder = dir.filePath(u"alice"_s);
    qint64 aliceCursor = 0;
    auto bob = makeAccount(relay, u"bob"_s, dir.filePath(u"bob"_s));
    QVERIFY(bob);
    {
        auto alice = makeAccount(relay, u"alice"_s, aliceFolder);
        QVERIFY(alice);
        alice->subscribe(room);
        QVERIFY(waitConnected(*alice));
        bob->sendMessage(room, u"seen by alice"_s);
        QTRY_COMPARE_WITH_TIMEOUT(roomTexts(*alice, room), QStringList { u"seen by alice"_s }, kLongWait);
        aliceCursor = alice->store()->cacheState(room).cursor;
    }
    // While Alice is away, more happens than the relay keeps.
    QStringList typed;
    for (int i = 0; i < 40; ++i) {
        typed.append(u"pruned soon %1"_s.arg(i));
        bob->sendMessage(room, typed.last());
    }
    QTRY_COMPARE_WITH_TIMEOUT(bob->store()->pendingOutbox().size(), 0, kLongWait);
    // The relay prunes every 100 ms: wait until it no longer has what followed Alice's cursor.
    QTRY_VERIFY_WITH_TIMEOUT(oldestOnRelay(*bob, room) > aliceCursor + 1, kLongWait);

    auto alice = makeAccount(relay, u"alice"_s, aliceFolder);
    QVERIFY(alice);
    QSignalSpy caughtUp(alice.get(), &Account::catchUpFinished);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(caughtUp.cbegin(), caughtUp.cend(),
                                 [&](const QList<QVariant> &a) { return a.at(0) == room; }),
        kLongWait);
    // Reset: the old message is gone from the cache, the newest page is there, in order.
    QTRY_VERIFY_WITH_TIMEOUT(!roomTexts(*alice, room).isEmpty(), kLongWait);
    const QStringList cached = roomTexts(*alice, room);
    QVERIFY(!cached.contains(u"seen by alice"_s));
    QVERIFY(cached.size() <= 12);
    QCOMPARE(cached, typed.mid(typed.size() - cached.size()));
    QCOMPARE(alice->store()->cacheState(room).cursor, bob->store()->cacheState(room).cursor);
    QVERIFY(relay.terminate());
}

QTEST_GUILESS_MAIN(TestAccountRelay)
#include "tst_account_relay.moc"
