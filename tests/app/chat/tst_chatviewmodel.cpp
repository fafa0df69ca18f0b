// The chat view model of two desktops (alice and bob) against the real relay process: what one
// of them does in a conversation shows up in the other's message list, typing comes and goes,
// long rooms page back, refused messages can be retried or discarded, and the unread line and
// read marker behave.
#include "chat/chatviewmodel.h"
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab::client;
using confab::app::ChatViewModel;
using confab::app::MessageListModel;
using Phase = ConnectionStatus::Phase;

namespace {

constexpr int kLongWait = 30000;

QVariant roleOf(MessageListModel *model, int row, MessageListModel::Role role)
{
    if (row < 0 || row >= model->rowCount())
        return {};
    return model->data(model->index(row), role);
}

// The row showing `text`, or -1.
int rowWithText(MessageListModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (roleOf(model, row, MessageListModel::TextRole).toString() == text)
            return row;
    }
    return -1;
}

QVariant roleOfText(MessageListModel *model, const QString &text, MessageListModel::Role role)
{
    const int row = rowWithText(model, text);
    return row < 0 ? QVariant() : roleOf(model, row, role);
}

// Messages from bob with seqs from..to, stored in one transaction as a catch-up writes them.
bool storeMessages(LocalStore *store, const QString &room, int from, int to)
{
    store->beginBatch();
    for (int seq = from; seq <= to; ++seq) {
        store->apply(confab::protocol::Message { room, u"e1"_s, seq, 1'700'000'000'000 + seq * 1000, u"bob"_s,
            u"c%1"_s.arg(seq), u"message %1"_s.arg(seq), std::nullopt });
    }
    return store->commitBatch();
}

} // namespace

class TestChatViewModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void conversationReachesTheOtherDesktop();
    void typingAppearsAndExpires();
    void longRoomOpensSmallAndPagesBack();
    void jumpToAnOldMessage();
    void refusedSendCanBeRetriedOrDiscarded();
    void unreadLineAndMarkAllRead();
    void largeRoomOpensWithTheNewestPageOnly();
    void followingTheNewestKeepsTheWindowSmall();
    void aReadMarkerLeavesTheRowsAlone();

private:
    std::unique_ptr<Account> makeAccount(const QString &user, const QString &folder);
    // alice's account `id` for a desktop that stays offline: messages go straight into its store.
    AccountSettings offlineSettings(const QString &id) const;
    static bool waitConnected(Account &account);
    // A chat view model with a model tester, open on `stream` once the account is subscribed.
    std::unique_ptr<ChatViewModel> openChat(Account &account, const QString &stream);

    RelayProcess m_relay;
    QTemporaryDir m_dir;
    std::unique_ptr<Account> m_alice;
    std::unique_ptr<Account> m_bob;
};

void TestChatViewModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s, u"carol"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s, u"carol"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"long"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"quiet"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"closed"_s, { u"bob"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    m_alice = makeAccount(u"alice"_s, m_dir.filePath(u"alice"_s));
    m_bob = makeAccount(u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(m_alice && m_bob);
    QVERIFY(waitConnected(*m_alice));
    QVERIFY(waitConnected(*m_bob));
}

void TestChatViewModel::cleanupTestCase()
{
    m_alice.reset();
    m_bob.reset();
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<Account> TestChatViewModel::makeAccount(const QString &user, const QString &folder)
{
    AccountSettings settings;
    settings.id = user;
    settings.relayUrl = m_relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<Account>(settings, folder, nullptr, nullptr);
    account->engine()->setConnectTimeout(std::chrono::seconds(3));
    if (const std::optional<QString> error = account->open()) {
        qWarning("cannot open the account: %s", qPrintable(*error));
        return nullptr;
    }
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    account->start();
    return account;
}

bool TestChatViewModel::waitConnected(Account &account)
{
    return QTest::qWaitFor([&] { return account.connectionStatus().phase == Phase::Connected; }, kLongWait);
}

AccountSettings TestChatViewModel::offlineSettings(const QString &id) const
{
    AccountSettings settings;
    settings.id = id;
    settings.relayUrl = m_relay.url();
    settings.username = u"alice"_s;
    settings.rememberCredentials = false;
    return settings;
}

std::unique_ptr<ChatViewModel> TestChatViewModel::openChat(Account &account, const QString &stream)
{
    auto chat = std::make_unique<ChatViewModel>();
    // Owned by the model, so it goes with it.
    new QAbstractItemModelTester(
        chat->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest, chat->messages());
    chat->open(&account, stream);
    // Subscribed (the account then has a cursor), so live messages arrive from here on.
    if (!QTest::qWaitFor([&] { return account.store()->cursor(stream).has_value(); }, kLongWait))
        qWarning("%s was not subscribed in time", qPrintable(stream));
    return chat;
}

void TestChatViewModel::conversationReachesTheOtherDesktop()
{
    const QString room = u"room:general"_s;
    auto alice = openChat(*m_alice, room);
    auto bob = openChat(*m_bob, room);
    QVERIFY(m_alice->store()->cursor(room) && m_bob->store()->cursor(room));
    QCOMPARE(alice->title(), u"# general"_s);
    QCOMPARE(alice->kind(), u"room"_s);
    QVERIFY(alice->canSend());
    MessageListModel *aliceRows = alice->messages();
    MessageListModel *bobRows = bob->messages();

    // Bob writes: his row is "sending" at once, then "sent", and it reaches Alice once.
    bob->send(u"hello *alice*"_s);
    QCOMPARE(roleOfText(bobRows, u"hello *alice*"_s, MessageListModel::StatusRole).toString(), u"sending"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleOfText(bobRows, u"hello *alice*"_s, MessageListModel::StatusRole).toString(), u"sent"_s,
        kLongWait);
    QCOMPARE(bobRows->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(aliceRows->rowCount(), 1, kLongWait);
    QCOMPARE(roleOf(aliceRows, 0, MessageListModel::SenderRole).toString(), u"bob"_s);
    QCOMPARE(roleOf(aliceRows, 0, MessageListModel::IsOwnRole).toBool(), false);
    QVERIFY(roleOf(aliceRows, 0, MessageListModel::HtmlRole).toString().contains(u"alice"_s));
    const qint64 bobSeq = roleOf(aliceRows, 0, MessageListModel::SeqRole).toLongLong();
    QVERIFY(bobSeq > 0);

    // Alice writes, edits, reacts, replies and deletes; Bob sees each.
    alice->send(u"hi bob"_s);
    QTRY_COMPARE_WITH_TIMEOUT(rowWithText(bobRows, u"hi bob"_s), 1, kLongWait);
    const qint64 aliceSeq = roleOf(bobRows, 1, MessageListModel::SeqRole).toLongLong();
    alice->edit(aliceSeq, u"hi **bob**"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleOf(bobRows, 1, MessageListModel::TextRole).toString(), u"hi **bob**"_s, kLongWait);
    QVERIFY(roleOf(bobRows, 1, MessageListModel::EditedRole).toBool());

    alice->toggleReaction(bobSeq, u"👍"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleOf(bobRows, 0, MessageListModel::ReactionsRole).toList().size(), 1, kLongWait);
    QVariantMap reaction = roleOf(bobRows, 0, MessageListModel::ReactionsRole).toList().first().toMap();
    QCOMPARE(reaction.value(u"users"_s).toStringList(), QStringList { u"alice"_s });
    QCOMPARE(reaction.value(u"mine"_s).toBool(), false);
    QTRY_VERIFY_WITH_TIMEOUT(
        !roleOf(aliceRows, 0, MessageListModel::ReactionsRole).toList().isEmpty(), kLongWait);
    QCOMPARE(roleOf(aliceRows, 0, MessageListModel::ReactionsRole)
                 .toList()
                 .first()
                 .toMap()
                 .value(u"mine"_s)
                 .toBool(),
        true);
    alice->toggleReaction(bobSeq, u"👍"_s); // again: taken back
    QTRY_VERIFY_WITH_TIMEOUT(
        roleOf(bobRows, 0, MessageListModel::ReactionsRole).toList().isEmpty(), kLongWait);

    alice->send(u"yes, see above"_s, bobSeq);
    QTRY_VERIFY_WITH_TIMEOUT(rowWithText(bobRows, u"yes, see above"_s) >= 0, kLongWait);
    QCOMPARE(roleOfText(bobRows, u"yes, see above"_s, MessageListModel::ReplyToRole).toLongLong(), bobSeq);
    QCOMPARE(
        roleOfText(bobRows, u"yes, see above"_s, MessageListModel::ReplySenderRole).toString(), u"bob"_s);
    QCOMPARE(roleOfText(bobRows, u"yes, see above"_s, MessageListModel::ReplyPreviewRole).toString(),
        u"hello alice"_s);

    alice->remove(aliceSeq);
    QTRY_VERIFY_WITH_TIMEOUT(roleOf(bobRows, 1, MessageListModel::DeletedRole).toBool(), kLongWait);
    QCOMPARE(bobRows->rowCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(aliceRows->rowCount(), 3, kLongWait);

    // @mention candidates: the room's members (from the relay), never myself.
    QTRY_VERIFY_WITH_TIMEOUT(alice->members().contains(u"carol"_s), kLongWait);
    QCOMPARE(alice->mentionCandidates(u"@B"_s), QStringList { u"bob"_s });
    QCOMPARE(alice->mentionCandidates(QString()), QStringList({ u"bob"_s, u"carol"_s }));
    QVERIFY(alice->mentionCandidates(u"a"_s).isEmpty());
}

void TestChatViewModel::typingAppearsAndExpires()
{
    const QString room = u"room:general"_s;
    auto alice = openChat(*m_alice, room);
    auto bob = openChat(*m_bob, room);
    bob->setTypingExpiry(std::chrono::milliseconds(400));
    alice->setTypingInterval(std::chrono::milliseconds(50));
    QCOMPARE(bob->typingText(), QString());

    alice->setTyping(true);
    QTRY_COMPARE_WITH_TIMEOUT(bob->typingText(), u"alice is typing…"_s, kLongWait);
    // Alice's desktop goes quiet without saying so: the indicator goes away on its own.
    QTRY_COMPARE_WITH_TIMEOUT(bob->typingText(), QString(), 5000);

    // Stopping on purpose clears it at once (long before a now much longer expiry).
    bob->setTypingExpiry(std::chrono::seconds(60));
    alice->setTypingInterval(std::chrono::milliseconds(0)); // her next "typing" goes out at once
    alice->setTyping(true);
    QTRY_COMPARE_WITH_TIMEOUT(bob->typingText(), u"alice is typing…"_s, kLongWait);
    alice->setTyping(false);
    QTRY_COMPARE_WITH_TIMEOUT(bob->typingText(), QString(), 10000);
}

void TestChatViewModel::longRoomOpensSmallAndPagesBack()
{
    constexpr int kMessages = 300;
    const QString room = u"room:long"_s;
    m_bob->subscribe(room);
    for (int i = 0; i < kMessages; ++i)
        m_bob->sendMessage(room, u"long %1"_s.arg(i, 3, 10, QLatin1Char('0')));
    QTRY_COMPARE_WITH_TIMEOUT(m_bob->store()->pendingOutbox().size(), 0, 60000);

    // A new desktop of Alice sees the newest 100 first.
    auto fresh = makeAccount(u"alice"_s, m_dir.filePath(u"alice-long"_s));
    QVERIFY(fresh);
    auto chat = openChat(*fresh, room);
    MessageListModel *rows = chat->messages();
    QTRY_COMPARE_WITH_TIMEOUT(rows->rowCount(), 100, kLongWait);
    QCOMPARE(roleOf(rows, 99, MessageListModel::TextRole).toString(), u"long 299"_s);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"long 200"_s);
    QTRY_VERIFY(chat->hasOlder());

    QSignalSpy resets(rows, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(rows, &QAbstractItemModel::rowsInserted);
    for (int page = 0; page < 20 && chat->hasOlder(); ++page) {
        const int before = rows->rowCount();
        chat->loadOlder();
        QTRY_VERIFY_WITH_TIMEOUT(!chat->loadingOlder() && rows->rowCount() > before, kLongWait);
        QCOMPARE(inserted.last().at(1).toInt(), 0); // older pages go on top
    }
    QCOMPARE(rows->rowCount(), kMessages);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"long 000"_s);
    QTRY_VERIFY(!chat->hasOlder());
    QCOMPARE(resets.size(), 0);
    for (int row = 1; row < kMessages; ++row) {
        QVERIFY(roleOf(rows, row, MessageListModel::SeqRole).toLongLong()
            > roleOf(rows, row - 1, MessageListModel::SeqRole).toLongLong());
    }
}

void TestChatViewModel::jumpToAnOldMessage()
{
    const QString room = u"room:long"_s;
    // From the cache: Bob's desktop has every message, the view only the newest 100.
    auto chat = openChat(*m_bob, room);
    MessageListModel *rows = chat->messages();
    QCOMPARE(rows->rowCount(), 100);
    const QList<StoredMessage> all = m_bob->store()->messages(room, std::nullopt, 1000);
    QCOMPARE(all.size(), 300);
    QSignalSpy position(chat.get(), &ChatViewModel::positionRequested);
    chat->jumpTo(all.at(10).seq);
    QCOMPARE(position.size(), 1);
    const int row = position.last().at(0).toInt();
    QCOMPARE(roleOf(rows, row, MessageListModel::TextRole).toString(), u"long 010"_s);
    QVERIFY(row > 0); // with some context above it

    // From the relay: a new desktop has only the newest page.
    auto fresh = makeAccount(u"alice"_s, m_dir.filePath(u"alice-jump"_s));
    QVERIFY(fresh);
    auto freshChat = openChat(*fresh, room);
    QTRY_COMPARE_WITH_TIMEOUT(freshChat->messages()->rowCount(), 100, kLongWait);
    QSignalSpy freshPosition(freshChat.get(), &ChatViewModel::positionRequested);
    freshChat->jumpTo(all.at(5).seq);
    QVERIFY(freshPosition.wait(kLongWait));
    QCOMPARE(roleOf(freshChat->messages(), freshPosition.last().at(0).toInt(), MessageListModel::TextRole)
                 .toString(),
        u"long 005"_s);
    QVERIFY(!freshChat->loadingOlder());
}

void TestChatViewModel::refusedSendCanBeRetriedOrDiscarded()
{
    const QString room = u"room:closed"_s;
    auto chat = std::make_unique<ChatViewModel>();
    QAbstractItemModelTester tester(chat->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    chat->open(m_alice.get(), room);
    MessageListModel *rows = chat->messages();

    chat->send(u"let me in"_s);
    chat->send(u"never mind"_s);
    QCOMPARE(rows->rowCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleOf(rows, 0, MessageListModel::StatusRole).toString(), u"failed"_s, kLongWait);
    QTRY_COMPARE_WITH_TIMEOUT(
        roleOf(rows, 1, MessageListModel::StatusRole).toString(), u"failed"_s, kLongWait);
    const QString error = roleOf(rows, 0, MessageListModel::ErrorRole).toString();
    QVERIFY2(error.contains(u"may not post"_s), qPrintable(error));

    // Discarded: the row goes.
    chat->discard(roleOf(rows, 1, MessageListModel::OutboxKeyRole).toString());
    QTRY_COMPARE(rows->rowCount(), 1);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"let me in"_s);

    // Alice becomes a member; a retry then goes through and the same row becomes the message.
    const auto added = m_relay.runAdmin({ u"room"_s, u"add-member"_s, u"closed"_s, u"alice"_s });
    QVERIFY2(added.finished && added.exitCode == 0, added.standardError.constData());
    chat->retry(roleOf(rows, 0, MessageListModel::OutboxKeyRole).toString());
    QCOMPARE(roleOf(rows, 0, MessageListModel::StatusRole).toString(), u"sending"_s);
    QTRY_COMPARE_WITH_TIMEOUT(roleOf(rows, 0, MessageListModel::StatusRole).toString(), u"sent"_s, kLongWait);
    QVERIFY(roleOf(rows, 0, MessageListModel::SeqRole).toLongLong() > 0);
    QCOMPARE(rows->rowCount(), 1);
}

void TestChatViewModel::unreadLineAndMarkAllRead()
{
    const QString room = u"room:quiet"_s;
    openChat(*m_alice, room).reset(); // subscribed, then closed
    auto bob = openChat(*m_bob, room);
    bob->send(u"one"_s);
    bob->send(u"two"_s);
    bob->send(u"three"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_alice->store()->messageCount(room), 3, kLongWait);
    QTRY_COMPARE(m_alice->store()->cacheState(room).unread, 3);

    auto alice = openChat(*m_alice, room);
    MessageListModel *rows = alice->messages();
    QCOMPARE(rows->rowCount(), 3);
    QCOMPARE(alice->unreadCount(), 3);
    QCOMPARE(alice->firstUnreadSeq(), roleOf(rows, 0, MessageListModel::SeqRole).toLongLong());
    QVERIFY(roleOf(rows, 0, MessageListModel::IsFirstUnreadRole).toBool());
    QSignalSpy position(alice.get(), &ChatViewModel::positionRequested);
    alice->jumpToFirstUnread();
    QCOMPARE(position.size(), 1);
    QCOMPARE(position.last().at(0).toInt(), 0);

    alice->markAllRead();
    QCOMPARE(alice->unreadCount(), 0);
    const qint64 newest = roleOf(rows, 2, MessageListModel::SeqRole).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(m_alice->store()->cacheState(room).readMarker, newest, kLongWait);
    // The unread line stays where it was while the conversation is open...
    QCOMPARE(alice->firstUnreadSeq(), roleOf(rows, 0, MessageListModel::SeqRole).toLongLong());
    // ...and is gone the next time.
    alice->open(m_alice.get(), room);
    QCOMPARE(alice->firstUnreadSeq(), 0);
    QCOMPARE(alice->unreadCount(), 0);
}

void TestChatViewModel::largeRoomOpensWithTheNewestPageOnly()
{
    // 10,000 cached messages (an offline desktop: nothing is sent or fetched).
    constexpr int kMessages = 10000;
    const QString room = u"room:huge"_s;
    Account account(offlineSettings(u"offline"_s), m_dir.filePath(u"offline"_s), nullptr, nullptr);
    QVERIFY(!account.open());
    LocalStore *store = account.store();
    QVERIFY(storeMessages(store, room, 1, kMessages));
    QCOMPARE(store->messageCount(room), kMessages);

    ChatViewModel chat;
    QAbstractItemModelTester tester(chat.messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QElapsedTimer opening;
    opening.start();
    chat.open(&account, room);
    qInfo("opening a room of %d messages took %lld ms", kMessages, opening.elapsed());
    MessageListModel *rows = chat.messages();
    QCOMPARE(rows->rowCount(), 100);
    QCOMPARE(roleOf(rows, 99, MessageListModel::TextRole).toString(), u"message 10000"_s);
    QCOMPARE(chat.firstUnreadSeq(), 1); // never read: the unread line is at the very first message
    QVERIFY(chat.hasOlder());
    chat.loadOlder();
    QTRY_COMPARE(rows->rowCount(), 150);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"message 9851"_s);
}

void TestChatViewModel::followingTheNewestKeepsTheWindowSmall()
{
    // An offline desktop again: messages go straight into the store, and a message of one's own
    // (the outbox changes) makes the view model read the store again.
    const QString room = u"room:busy"_s;
    Account account(offlineSettings(u"busy"_s), m_dir.filePath(u"busy"_s), nullptr, nullptr);
    QVERIFY(!account.open());
    LocalStore *store = account.store();
    const auto arrive = [&](int from, int to) { QVERIFY(storeMessages(store, room, from, to)); };
    const auto storedRows = [](MessageListModel *rows) {
        int stored = 0;
        for (int row = 0; row < rows->rowCount(); ++row)
            stored += roleOf(rows, row, MessageListModel::SeqRole).toLongLong() > 0 ? 1 : 0;
        return stored;
    };
    arrive(1, 100);

    ChatViewModel chat;
    QAbstractItemModelTester tester(chat.messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    chat.open(&account, room);
    MessageListModel *rows = chat.messages();
    QCOMPARE(rows->rowCount(), 100);
    QVERIFY(!chat.atNewest()); // until the view says so
    QSignalSpy atNewestChanged(&chat, &ChatViewModel::atNewestChanged);
    chat.setAtNewest(true);
    QCOMPARE(atNewestChanged.size(), 1);

    // A few new messages while following: the window grows as before.
    arrive(101, 150);
    account.sendMessage(room, u"one"_s);
    QCOMPARE(storedRows(rows), 150);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"message 1"_s);

    // Many: it slides to the newest page; the older ones stay a scroll away.
    arrive(151, 400);
    account.sendMessage(room, u"two"_s);
    QCOMPARE(storedRows(rows), 100);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"message 301"_s);
    QCOMPARE(roleOf(rows, 99, MessageListModel::TextRole).toString(), u"message 400"_s);
    QCOMPARE(roleOf(rows, rows->rowCount() - 1, MessageListModel::TextRole).toString(), u"two"_s);
    QVERIFY(chat.hasOlder());

    // Scrolled up to read: nothing leaves the window any more.
    chat.setAtNewest(false);
    arrive(401, 700);
    account.sendMessage(room, u"three"_s);
    QCOMPARE(storedRows(rows), 400);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"message 301"_s);
    chat.loadOlder();
    QTRY_COMPARE(storedRows(rows), 450);
    QCOMPARE(roleOf(rows, 0, MessageListModel::TextRole).toString(), u"message 251"_s);
}

void TestChatViewModel::aReadMarkerLeavesTheRowsAlone()
{
    // The page marks the room read while messages pour in; the mark waits in the outbox like a
    // message, but shows in no row, so it must not make the room read the store and lay out its
    // rows once more between the account's updates (offline desktop: the store is written here).
    const QString room = u"room:marked"_s;
    Account account(offlineSettings(u"marked"_s), m_dir.filePath(u"marked"_s), nullptr, nullptr);
    QVERIFY(!account.open());
    LocalStore *store = account.store();
    const auto arrive = [&](int from, int to) { QVERIFY(storeMessages(store, room, from, to)); };
    arrive(1, 10);
    ChatViewModel chat;
    QAbstractItemModelTester tester(chat.messages(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    chat.open(&account, room);
    MessageListModel *rows = chat.messages();
    QCOMPARE(rows->rowCount(), 10);

    arrive(11, 20); // stored, not yet announced
    QSignalSpy outboxChanged(&account, &Account::outboxChanged);
    chat.markAllRead();
    QCOMPARE(outboxChanged.size(), 1);
    QCOMPARE(chat.unreadCount(), 0);
    QCOMPARE(rows->rowCount(), 10);
    // Read up to what the rows show, not the ten stored behind them that nobody has seen.
    const QList<OutboxEntry> waiting = store->outbox();
    QCOMPARE(waiting.size(), 1);
    const QJsonObject marker = QJsonDocument::fromJson(waiting.first().frame).object();
    QCOMPARE(marker.value(u"type"_s).toString(), u"mark_read"_s);
    QCOMPARE(marker.value(u"seq"_s).toInteger(), 10);

    // A message of one's own shows at once, and with it what the store holds.
    account.sendMessage(room, u"mine"_s);
    QCOMPARE(rows->rowCount(), 21);
    QCOMPARE(roleOf(rows, 19, MessageListModel::TextRole).toString(), u"message 20"_s);
    QCOMPARE(roleOf(rows, 20, MessageListModel::StatusRole).toString(), u"sending"_s);
}

QTEST_MAIN(TestChatViewModel)
#include "tst_chatviewmodel.moc"
