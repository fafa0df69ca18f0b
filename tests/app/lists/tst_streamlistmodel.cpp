// StreamListModel (with MembershipSync) against the real relay: Alice's sidebar shows her room,
// her conversation with Bob and a topic in their sections, counts Bob's messages and mentions until
// she reads them, shows Bob's presence on the dm, and picks up a room she was added to.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "lists/membershipsync.h"
#include "lists/streamlistmodel.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab;
using confab::app::MembershipSync;
using confab::app::StreamListModel;
using Phase = client::ConnectionStatus::Phase;

namespace {
constexpr int kWait = 20000;
}

class TestStreamListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sidebarOfAlice();

private:
    std::unique_ptr<client::Account> makeAccount(const QString &user, const QString &folder);
    QVariant value(const QString &stream, int role) const;
    QStringList streams() const;

    RelayProcess m_relay;
    QTemporaryDir m_dir;
    std::unique_ptr<StreamListModel> m_model;
};

void TestStreamListModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"backups"_s, { u"bob"_s }, { u"alice"_s }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestStreamListModel::cleanupTestCase()
{
    m_model.reset();
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<client::Account> TestStreamListModel::makeAccount(const QString &user, const QString &folder)
{
    client::AccountSettings settings;
    settings.id = user;
    settings.relayUrl = m_relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<client::Account>(settings, folder, nullptr, nullptr);
    client::ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(50);
    policy.cap = std::chrono::milliseconds(500);
    account->supervisor()->setPolicy(policy);
    if (account->open())
        return nullptr;
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    return account;
}

QVariant TestStreamListModel::value(const QString &stream, int role) const
{
    const int row = m_model->rowOf(stream);
    return row < 0 ? QVariant() : m_model->index(row).data(role);
}

QStringList TestStreamListModel::streams() const
{
    QStringList result;
    for (int row = 0; row < m_model->rowCount(); ++row)
        result.append(m_model->streamAt(row));
    return result;
}

void TestStreamListModel::sidebarOfAlice()
{
    const QString general = u"room:general"_s;
    const QString dm = u"dm:alice+bob"_s;
    const QString backups = u"topic:backups"_s;

    auto alice = makeAccount(u"alice"_s, m_dir.filePath(u"alice"_s));
    QVERIFY(alice);
    MembershipSync sync(alice.get());
    m_model = std::make_unique<StreamListModel>();
    QAbstractItemModelTester tester(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setAccount(alice.get());
    QCOMPARE(m_model->rowCount(), 0);
    alice->start();

    // The room she is a member of arrives by itself (membership sync).
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(general) >= 0, kWait);
    QSignalSpy ready(m_model.get(), &StreamListModel::streamReady);
    QSignalSpy failed(m_model.get(), &StreamListModel::actionFailed);
    m_model->openDm(u"bob"_s);
    m_model->subscribeTopic(u"backups"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(dm) >= 0 && m_model->rowOf(backups) >= 0, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, kWait);
    QCOMPARE(streams(), (QStringList { general, dm, backups }));
    QCOMPARE(value(general, StreamListModel::SectionRole).toString(), u"Rooms"_s);
    QCOMPARE(value(dm, StreamListModel::SectionRole).toString(), u"Direct messages"_s);
    QCOMPARE(value(backups, StreamListModel::SectionRole).toString(), u"Topics"_s);
    QCOMPARE(value(general, StreamListModel::DisplayNameRole).toString(), u"general"_s);
    QCOMPARE(value(dm, StreamListModel::DisplayNameRole).toString(), u"bob"_s);
    QCOMPARE(value(backups, StreamListModel::DisplayNameRole).toString(), u"backups"_s);
    QCOMPARE(value(dm, StreamListModel::KindRole).toString(), u"dm"_s);
    QCOMPARE(value(dm, StreamListModel::PresenceRole).toString(), u"offline"_s);
    QVERIFY(!alice->store()->knownStreams().isEmpty());

    // Mistakes come back in plain words.
    m_model->joinRoom(u"no-such-room"_s);
    m_model->openDm(u"Not A User!"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, kWait);
    for (const QList<QVariant> &args : failed)
        QVERIFY(!args.at(0).toString().isEmpty());

    // Bob comes online: the dm shows it.
    auto bob = makeAccount(u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(bob);
    bob->subscribe(general);
    bob->start();
    QTRY_COMPARE_WITH_TIMEOUT(value(dm, StreamListModel::PresenceRole).toString(), u"online"_s, kWait);

    // Three messages, one mentioning Alice.
    QSignalSpy totals(m_model.get(), &StreamListModel::totalsChanged);
    bob->sendMessage(general, u"morning all"_s);
    bob->sendMessage(general, u"@alice can you review the deploy?"_s);
    bob->sendMessage(general, u"mail me at bob@alice.example"_s);
    QTRY_COMPARE_WITH_TIMEOUT(value(general, StreamListModel::UnreadRole).toInt(), 3, kWait);
    QCOMPARE(value(general, StreamListModel::MentionsRole).toInt(), 1);
    QCOMPARE(m_model->totalUnread(), 3);
    QCOMPARE(m_model->totalMentions(), 1);
    QVERIFY(!totals.isEmpty());
    QCOMPARE(value(dm, StreamListModel::UnreadRole).toInt(), 0);

    // A muted topic is marked; the current stream is marked.
    m_model->setMutedTopics({ u"backups"_s });
    QCOMPARE(value(backups, StreamListModel::MutedRole).toBool(), true);
    QCOMPARE(value(general, StreamListModel::MutedRole).toBool(), false);
    m_model->setCurrentStream(general);
    QCOMPARE(value(general, StreamListModel::IsCurrentRole).toBool(), true);
    QCOMPARE(value(dm, StreamListModel::IsCurrentRole).toBool(), false);

    // Alice reads them (from this or any desktop): the badges clear.
    const qint64 newest = alice->store()->messages(general, std::nullopt, 1).constLast().seq;
    alice->markRead(general, newest);
    QTRY_COMPARE_WITH_TIMEOUT(value(general, StreamListModel::UnreadRole).toInt(), 0, kWait);
    QCOMPARE(value(general, StreamListModel::MentionsRole).toInt(), 0);
    QCOMPARE(m_model->totalUnread(), 0);
    QCOMPARE(m_model->totalMentions(), 0);

    // A dm message counts on the dm row.
    bob->sendMessage(dm, u"psst"_s);
    QTRY_COMPARE_WITH_TIMEOUT(value(dm, StreamListModel::UnreadRole).toInt(), 1, kWait);

    // Bob leaves: offline.
    bob->stop();
    QTRY_COMPARE_WITH_TIMEOUT(value(dm, StreamListModel::PresenceRole).toString(), u"offline"_s, kWait);

    // Somebody adds Alice to a new room while she is connected: it shows after her next connection.
    QVERIFY(relayadmin::addRoom(m_relay, u"plans"_s, { u"bob"_s, u"alice"_s }));
    alice->stop();
    QTRY_COMPARE_WITH_TIMEOUT(alice->connectionStatus().phase, Phase::Idle, kWait);
    alice->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowOf(u"room:plans"_s) >= 0, kWait);
    QCOMPARE(streams(), (QStringList { general, u"room:plans"_s, dm, backups }));

    // Another account: a reset, and the new account's streams.
    auto bobView = makeAccount(u"bob"_s, m_dir.filePath(u"bob"_s + u"2"_s));
    QVERIFY(bobView);
    m_model->setAccount(bobView.get());
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setAccount(nullptr);
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestStreamListModel)
#include "tst_streamlistmodel.moc"
