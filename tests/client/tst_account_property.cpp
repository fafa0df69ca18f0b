// Property test of Account + engine + store against a scripted relay driven by a seeded random
// generator: whatever the interleaving of live events, duplicates, replayed ranges, history pages
// out of order, own messages through the outbox, dropped sockets (also in the middle of a replay)
// and restarts of the app, the store ends with each message exactly once, in seq order, with its
// final text.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "protocol/codec.h"
#include "scriptedrelay.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <random>

using namespace Qt::StringLiterals;
using namespace confab::client;
namespace proto = confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;
const QString kEpoch = u"e1"_s;
constexpr int kWaitMs = 10000;

quint32 testSeed()
{
    bool ok = false;
    quint32 seed = qEnvironmentVariable("CONFAB_TEST_SEED").toUInt(&ok);
    if (!ok)
        seed = QRandomGenerator::system()->generate();
    std::printf("tst_account_property: seed %u (set CONFAB_TEST_SEED=%u to repeat)\n", seed, seed);
    std::fflush(stdout);
    return seed;
}

// The relay's truth for one room, and a relay that answers the client from it, sloppily on
// purpose: duplicates, overlapping replays and shuffled history pages.
class ModelRelay : public QObject
{
public:
    ModelRelay(ScriptedRelay &relay, std::mt19937 &random) : m_relay(relay), m_random(random)
    {
        QObject::connect(&m_relay, &ScriptedRelay::frameReceived, this,
            [this](const proto::Frame &frame) { onFrame(frame); });
    }

    qint64 head() const { return m_events.size(); }

    // A new event from someone else: a message, or an edit of an earlier message.
    void publishOther()
    {
        const qint64 seq = head() + 1;
        if (!m_bobSeqs.isEmpty() && chance(0.2)) {
            // Only one's own messages can be edited.
            const qint64 target = m_bobSeqs.at(pick(0, int(m_bobSeqs.size()) - 1));
            const QString text = u"edited at %1"_s.arg(seq);
            m_events.append(proto::Edited {
                kRoom, kEpoch, seq, 1000 + seq, u"bob"_s, u"bob-%1"_s.arg(seq), target, text });
            m_finalText[target] = text;
        } else {
            appendMessage(u"bob"_s, u"bob-%1"_s.arg(seq), u"message %1"_s.arg(seq));
        }
        sendLive(m_events.last());
    }
    void duplicateOne()
    {
        if (!m_events.isEmpty())
            sendLive(m_events.at(pick(0, int(head()) - 1)));
    }
    void replayRange()
    {
        if (m_events.isEmpty())
            return;
        const int from = pick(0, int(head()) - 1);
        const int to = std::min(int(head()) - 1, from + pick(0, 8));
        for (int i = from; i <= to; ++i)
            sendLive(m_events.at(i));
    }

    // What the store must hold at the end: every message once, in seq order, with its last text.
    QList<QPair<qint64, QString>> expected() const
    {
        QList<QPair<qint64, QString>> messages;
        for (const qint64 seq : m_messageSeqs)
            messages.append({ seq, m_finalText.value(seq) });
        return messages;
    }
    int ownMessages() const { return m_ownKeys.size(); }

private:
    bool chance(double p) { return std::bernoulli_distribution(p)(m_random); }
    int pick(int low, int high)
    {
        return std::uniform_int_distribution<int>(low, std::max(low, high))(m_random);
    }
    bool live() const { return m_relay.peer() && m_relay.peer() == m_subscribedPeer; }

    void appendMessage(const QString &sender, const QString &clientMsgId, const QString &text)
    {
        const qint64 seq = head() + 1;
        m_events.append(proto::Message { kRoom, kEpoch, seq, 1000 + seq, sender, clientMsgId, text });
        m_messageSeqs.append(seq);
        if (sender == u"bob"_s)
            m_bobSeqs.append(seq);
        m_finalText.insert(seq, text);
    }
    void sendLive(const proto::Frame &event)
    {
        if (live())
            m_relay.send(event);
    }

    void onFrame(const proto::Frame &frame)
    {
        if (const auto *subscribe = std::get_if<proto::Subscribe>(&frame))
            onSubscribe(*subscribe);
        else if (const auto *history = std::get_if<proto::History>(&frame))
            onHistory(*history);
        else if (const auto *send = std::get_if<proto::Send>(&frame))
            onSend(*send);
    }

    void onSubscribe(const proto::Subscribe &subscribe)
    {
        if (subscribe.stream != kRoom) {
            m_relay.send(proto::Ack { subscribe.id, subscribe.stream, {}, kEpoch, 0 });
            m_relay.send(proto::Synced { subscribe.stream, kEpoch, 0, true });
            return;
        }
        proto::Ack ack { subscribe.id, kRoom, {}, kEpoch, head() };
        ack.firstSeq = 1;
        m_relay.send(ack);
        if (subscribe.since) {
            // The replay, with the odd duplicate (also of what the client had already).
            for (qint64 seq = std::max<qint64>(1, *subscribe.since - pick(0, 3)); seq <= head(); ++seq) {
                m_relay.send(m_events.at(seq - 1));
                if (chance(0.1))
                    m_relay.send(m_events.at(pick(0, int(seq) - 1)));
                if (chance(0.02)) {
                    m_relay.peer()->abort(); // dropped in the middle of the replay
                    return;
                }
            }
        }
        m_relay.send(proto::Synced { kRoom, kEpoch, head(), true });
        m_subscribedPeer = m_relay.peer();
    }

    void onHistory(const proto::History &history)
    {
        const qint64 before = history.before.value_or(head() + 1);
        const qint64 top = std::min(before - 1, head());
        const qint64 lowest = std::max<qint64>(1, top - history.limit + 1);
        QList<proto::Frame> page;
        for (qint64 seq = lowest; seq <= top; ++seq) {
            page.append(m_events.at(seq - 1));
            if (chance(0.1))
                page.append(m_events.at(pick(int(lowest), int(top)) - 1));
        }
        // Out of order, as far as the store can tell.
        if (chance(0.5))
            std::shuffle(page.begin(), page.end(), m_random);
        for (const proto::Frame &event : page)
            m_relay.send(event);
        proto::Ack ack { history.id, kRoom, {}, kEpoch, top >= lowest ? lowest : 0 };
        ack.firstSeq = 1;
        ack.hasMore = top >= lowest && lowest > 1;
        m_relay.send(ack);
    }

    void onSend(const proto::Send &send)
    {
        // Idempotent, like the real relay: a resent client_msg_id gets its original ack.
        qint64 seq = m_ownKeys.value(send.clientMsgId, 0);
        if (seq == 0) {
            appendMessage(u"alice"_s, send.clientMsgId, send.text);
            seq = head();
            m_ownKeys.insert(send.clientMsgId, seq);
            sendLive(m_events.last());
        }
        proto::Ack ack { send.id, kRoom, send.clientMsgId, kEpoch, seq, 1000 + seq };
        m_relay.send(ack);
    }

    ScriptedRelay &m_relay;
    std::mt19937 &m_random;
    QList<proto::Frame> m_events; // index = seq - 1
    QList<qint64> m_messageSeqs;
    QList<qint64> m_bobSeqs;
    QHash<qint64, QString> m_finalText;
    QHash<QString, qint64> m_ownKeys;
    QPointer<QWebSocket> m_subscribedPeer;
};

} // namespace

class TestAccountProperty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyMessageOnceInOrder();
    void outboxIsSentAgainAfterLogoutAndSignIn();
    void relaysMessageLimitIsHonoured();

private:
    std::unique_ptr<Account> openAccount(const QUrl &url, const QString &folder);
    bool waitSynced(Account &account);
    // Waits until the client has handled everything the relay sent so far (when connected).
    void settle(ScriptedRelay &relay, Account &account);

    quint32 m_seed = 0;
};

void TestAccountProperty::initTestCase()
{
    m_seed = testSeed();
    // Dropped sockets are expected here; their warnings are noise.
    QLoggingCategory::setFilterRules(u"confab.*.warning=false\nconfab.*.info=false"_s);
}

std::unique_ptr<Account> TestAccountProperty::openAccount(const QUrl &url, const QString &folder)
{
    AccountSettings settings;
    settings.id = u"alice"_s;
    settings.relayUrl = url;
    settings.username = u"alice"_s;
    settings.rememberCredentials = false;
    auto account = std::make_unique<Account>(settings, folder, nullptr, nullptr);
    ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(5);
    policy.cap = std::chrono::milliseconds(40);
    account->supervisor()->setPolicy(policy);
    if (account->open())
        return nullptr;
    account->subscribe(kRoom);
    account->signIn()->setPassword(u"secret"_s);
    account->start();
    return account;
}

// Connected, and the room's catch-up is over.
bool TestAccountProperty::waitSynced(Account &account)
{
    QSignalSpy caughtUp(&account, &Account::catchUpFinished);
    return QTest::qWaitFor(
        [&] {
            if (account.engine()->state() != ClientEngine::State::Connected)
                return false;
            for (const QList<QVariant> &args : caughtUp) {
                if (args.at(0).toString() == kRoom)
                    return true;
            }
            return false;
        },
        kWaitMs);
}

void TestAccountProperty::settle(ScriptedRelay &relay, Account &account)
{
    // One socket keeps order: once an ephemeral marker sent now arrives, so has all before it.
    if (!relay.peer() || account.engine()->state() != ClientEngine::State::Connected)
        return;
    static int markers = 0;
    const QString marker = u"marker%1"_s.arg(++markers);
    QSignalSpy typing(account.engine(), &ClientEngine::typingChanged);
    relay.send(proto::Typing { kRoom, marker, true });
    // A socket dropped meanwhile ends the wait early, which is fine.
    [[maybe_unused]] const bool settled = QTest::qWaitFor(
        [&] {
            return account.engine()->state() != ClientEngine::State::Connected
                || std::any_of(typing.cbegin(), typing.cend(), [&](const QList<QVariant> &args) {
                       return args.at(0).value<proto::Typing>().user == marker;
                   });
        },
        kWaitMs);
}

void TestAccountProperty::everyMessageOnceInOrder()
{
    constexpr int kRounds = 12;
    constexpr int kSteps = 160;
    for (int round = 0; round < kRounds; ++round) {
        const quint32 roundSeed = m_seed + quint32(round);
        std::mt19937 random(roundSeed);
        const auto chance = [&](double p) { return std::bernoulli_distribution(p)(random); };
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        ScriptedRelay scripted({ u"confab.v1"_s });
        QVERIFY(scripted.listen());
        ModelRelay model(scripted, random);
        // Some history before the first start.
        for (int i = 0, n = std::uniform_int_distribution<int>(0, 150)(random); i < n; ++i)
            model.publishOther();

        auto account = openAccount(scripted.url(), folder.path());
        QVERIFY(account);
        QVERIFY2(
            waitSynced(*account), qPrintable(u"round %1 (seed %2): no catch-up"_s.arg(round).arg(roundSeed)));
        int drops = 0;
        int restarts = 0;
        for (int step = 0; step < kSteps; ++step) {
            const double action = std::uniform_real_distribution<double>(0, 1)(random);
            if (action < 0.45) {
                model.publishOther();
            } else if (action < 0.6) {
                model.duplicateOne();
            } else if (action < 0.68) {
                model.replayRange();
            } else if (action < 0.76) {
                const qint64 oldest = account->store()->cacheState(kRoom).oldestCached;
                account->loadOlder(kRoom, oldest > 0 ? std::optional(oldest) : std::nullopt,
                    std::uniform_int_distribution<int>(1, 40)(random));
            } else if (action < 0.88) {
                account->sendMessage(kRoom, u"own %1-%2"_s.arg(round).arg(step));
            } else if (action < 0.97) {
                if (scripted.peer())
                    scripted.peer()->abort();
                ++drops;
            } else {
                account.reset(); // the app quits (or is killed after its last commit)
                account = openAccount(scripted.url(), folder.path());
                QVERIFY(account);
                ++restarts;
            }
            // Let the client work between some of the steps, not all: overlaps are the point.
            if (chance(0.3))
                settle(scripted, *account);
            else if (chance(0.3))
                QCoreApplication::processEvents();
        }

        // Quiet down: everything sent, the catch-up over, then page back to the start.
        QVERIFY(QTest::qWaitFor([&] { return account->store()->pendingOutbox().isEmpty(); }, kWaitMs));
        if (scripted.peer())
            scripted.peer()->abort();
        QVERIFY2(waitSynced(*account),
            qPrintable(u"round %1 (seed %2): no final catch-up"_s.arg(round).arg(roundSeed)));
        QSignalSpy loaded(account.get(), &Account::olderLoaded);
        bool reachedStart = false;
        for (int page = 0; page < 200 && !reachedStart; ++page) {
            const QList<StoredMessage> cached = account->store()->messages(kRoom, std::nullopt, 100000);
            account->loadOlder(
                kRoom, cached.isEmpty() ? std::nullopt : std::optional(cached.first().seq), 50);
            QVERIFY(loaded.wait(kWaitMs));
            reachedStart = loaded.last().at(1).toBool();
        }
        QVERIFY(reachedStart);

        QList<QPair<qint64, QString>> stored;
        for (const StoredMessage &message : account->store()->messages(kRoom, std::nullopt, 100000))
            stored.append({ message.seq, message.text });
        const QList<QPair<qint64, QString>> expected = model.expected();
        if (stored != expected) {
            qWarning("round %d (seed %u): %lld stored, %lld expected", round, roundSeed,
                qlonglong(stored.size()), qlonglong(expected.size()));
            for (qsizetype i = 0; i < std::max(stored.size(), expected.size()); ++i) {
                const auto s = stored.value(i);
                const auto e = expected.value(i);
                if (s != e) {
                    qWarning("first difference at %lld: stored %lld \"%s\", expected %lld \"%s\"",
                        qlonglong(i), s.first, qPrintable(s.second), e.first, qPrintable(e.second));
                    break;
                }
            }
        }
        QCOMPARE(stored, expected);
        QVERIFY(account->store()->outbox().isEmpty());
        qInfo("round %d (seed %u): %lld messages (%d own), %d dropped sockets, %d restarts: each once, in "
              "order",
            round, roundSeed, qlonglong(expected.size()), model.ownMessages(), drops, restarts);
    }
}

void TestAccountProperty::outboxIsSentAgainAfterLogoutAndSignIn()
{
    // Logging out clears the engine's own outbox; what the store still sends must go out again,
    // once, in the next session (not only after a restart).
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    ScriptedRelay relay({ u"confab.v1"_s });
    QVERIFY(relay.listen());
    QObject::connect(&relay, &ScriptedRelay::frameReceived, this, [&](const proto::Frame &frame) {
        if (const auto *logout = std::get_if<proto::Logout>(&frame))
            relay.send(proto::Ack { logout->id, {}, {}, {}, 0, 0 });
    });
    std::unique_ptr<Account> account = openAccount(relay.url(), folder.path());
    QVERIFY(account);
    QTRY_VERIFY_WITH_TIMEOUT(account->engine()->state() == ClientEngine::State::Connected, kWaitMs);
    const QString key = account->sendMessage(kRoom, u"still sending"_s);
    const auto sendsOf = [&] {
        int count = 0;
        for (const proto::Send &send : relay.receivedOf<proto::Send>())
            count += send.clientMsgId == key ? 1 : 0;
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(sendsOf(), 1, kWaitMs); // never acknowledged

    QSignalSpy loggedOut(account->engine(), &ClientEngine::loggedOut);
    account->engine()->logout();
    QVERIFY(loggedOut.wait(kWaitMs));
    QCOMPARE(account->store()->outboxEntry(key)->state, OutboxEntry::State::Sending);

    const int connections = relay.connectionCount();
    QSignalSpy authenticated(account->engine(), &ClientEngine::authenticated);
    account->signIn()->setPassword(u"secret"_s);
    account->signIn()->connect();
    QVERIFY(authenticated.wait(kWaitMs));
    QVERIFY(relay.connectionCount() > connections);
    QTRY_COMPARE_WITH_TIMEOUT(sendsOf(), 2, kWaitMs);
    settle(relay, *account);
    QCOMPARE(sendsOf(), 2); // once in the new session, not twice

    // A later reconnect (same sign-in) sends it once more, still not twice.
    QSignalSpy again(account->engine(), &ClientEngine::authenticated);
    relay.peer()->abort();
    QVERIFY(again.wait(kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(sendsOf(), 3, kWaitMs);
    settle(relay, *account);
    QCOMPARE(sendsOf(), 3);
}

void TestAccountProperty::relaysMessageLimitIsHonoured()
{
    // A relay advertising 2000 bytes: a message that cannot fit is failed at once as too large
    // (never sent, so never refused by closing the connection); one that fits goes out.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    ScriptedRelay relay({ u"confab.v1"_s });
    QVERIFY(relay.listen());
    relay.setWelcomesHello(false);
    QObject::connect(&relay, &ScriptedRelay::frameReceived, this, [&](const proto::Frame &frame) {
        if (const auto *hello = std::get_if<proto::Hello>(&frame)) {
            proto::Welcome welcome;
            welcome.user = hello->username;
            welcome.server = u"scripted-relay/0"_s;
            welcome.time = 1'700'000'000'000;
            proto::RelayLimits limits;
            limits.maxMessageBytes = 2000;
            welcome.limits = limits;
            relay.send(welcome);
        }
    });
    std::unique_ptr<Account> account = openAccount(relay.url(), folder.path());
    QVERIFY(account);
    QTRY_VERIFY_WITH_TIMEOUT(account->engine()->state() == ClientEngine::State::Connected, kWaitMs);
    QCOMPARE(account->engine()->relayLimits().value_or(proto::RelayLimits {}).maxMessageBytes, 2000);

    const QString tooLarge = account->sendMessage(kRoom, QString(1950, u'x')); // fits 64 KiB, not 2000 bytes
    const QString fits = account->sendMessage(kRoom, QString(1500, u'y'));
    QTRY_VERIFY_WITH_TIMEOUT(!relay.receivedOf<proto::Send>().isEmpty(), kWaitMs);
    settle(relay, *account);
    const QList<proto::Send> sends = relay.receivedOf<proto::Send>();
    QCOMPARE(sends.size(), 1);
    QCOMPARE(sends.first().clientMsgId, fits);
    const std::optional<OutboxEntry> failed = account->store()->outboxEntry(tooLarge);
    QVERIFY(failed);
    QCOMPARE(failed->state, OutboxEntry::State::Failed);
    QCOMPARE(failed->errorCode, u"too_large"_s);
}

QTEST_GUILESS_MAIN(TestAccountProperty)
#include "tst_account_property.moc"
