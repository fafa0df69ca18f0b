// QuickSwitcherModel over an AccountManager with two accounts (temporary folders, never
// connected): the streams of both accounts, ranked as the user expects when typing a few letters.
#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/connection/networkmonitor.h"
#include "client/store/localstore.h"
#include "lists/quickswitchermodel.h"
#include "lists/streaminfo.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab;
using confab::app::QuickSwitcherModel;

class TestQuickSwitcherModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void matchRanks();
    void mentionsNeedAWordBoundary();
    void prefixBeatsWordStartBeatsSubsequence();
    void everyAccountsStreamsWithTheirAccount();
    void unreadFirstAmongEqualMatches();
    void atMostTwentyRows();
    void newStreamsAndAccountsAppear();

private:
    client::Account *addAccount(const QString &user);
    static void knowStream(client::Account *account, const QString &stream);
    static void addMessage(client::Account *account, const QString &stream, qint64 seq, const QString &sender);
    QStringList names() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<client::ManualNetworkMonitor> m_network;
    std::unique_ptr<client::AccountManager> m_manager;
    std::unique_ptr<QuickSwitcherModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestQuickSwitcherModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<client::ManualNetworkMonitor>();
    m_manager = std::make_unique<client::AccountManager>(
        m_dir->filePath(u"config"_s), m_dir->filePath(u"data"_s), nullptr, m_network.get());
    QCOMPARE(m_manager->load(), std::nullopt);
    m_model = std::make_unique<QuickSwitcherModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestQuickSwitcherModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_manager.reset();
    m_network.reset();
    m_dir.reset();
}

client::Account *TestQuickSwitcherModel::addAccount(const QString &user)
{
    client::AccountSettings settings;
    settings.relayUrl = QUrl(u"ws://127.0.0.1:9/v1/ws"_s);
    settings.username = user;
    settings.rememberCredentials = false;
    QString error;
    client::Account *account = m_manager->add(settings, &error);
    if (!account)
        qWarning("cannot add the account: %s", qPrintable(error));
    return account;
}

void TestQuickSwitcherModel::knowStream(client::Account *account, const QString &stream)
{
    account->store()->raiseCursor(stream, { u"e1"_s, 0 });
}

void TestQuickSwitcherModel::addMessage(client::Account *account, const QString &stream, qint64 seq, const QString &sender)
{
    protocol::Message message;
    message.stream = stream;
    message.epoch = u"e1"_s;
    message.seq = seq;
    message.ts = 1'700'000'000'000 + seq;
    message.sender = sender;
    message.clientMsgId = u"m%1"_s.arg(seq);
    message.text = u"hello"_s;
    account->store()->apply(message);
}

QStringList TestQuickSwitcherModel::names() const
{
    QStringList result;
    for (int row = 0; row < m_model->rowCount(); ++row)
        result.append(m_model->index(row).data(QuickSwitcherModel::DisplayNameRole).toString());
    return result;
}

void TestQuickSwitcherModel::matchRanks()
{
    QCOMPARE(QuickSwitcherModel::matchRank(u"general"_s, u"gen"_s), 0);
    QCOMPARE(QuickSwitcherModel::matchRank(u"General"_s, u"gEN"_s), 0);
    QCOMPARE(QuickSwitcherModel::matchRank(u"team-general"_s, u"gen"_s), 1);
    QCOMPARE(QuickSwitcherModel::matchRank(u"bob, carol"_s, u"car"_s), 1);
    QCOMPARE(QuickSwitcherModel::matchRank(u"regenerate"_s, u"gen"_s), 2);
    QCOMPARE(QuickSwitcherModel::matchRank(u"gardening"_s, u"gdn"_s), 2);
    QCOMPARE(QuickSwitcherModel::matchRank(u"random"_s, u"gen"_s), -1);
    QCOMPARE(QuickSwitcherModel::matchRank(u"random"_s, QString()), 0);
}

void TestQuickSwitcherModel::mentionsNeedAWordBoundary()
{
    using app::streaminfo::mentions;
    QVERIFY(mentions(u"hey @alice, look"_s, u"alice"_s));
    QVERIFY(mentions(u"@ALICE please"_s, u"alice"_s));
    QVERIFY(mentions(u"thanks @alice."_s, u"alice"_s));
    QVERIFY(mentions(u"(@alice)"_s, u"alice"_s));
    QVERIFY(!mentions(u"hey @alicex"_s, u"alice"_s));
    QVERIFY(!mentions(u"hey @alice.b"_s, u"alice"_s));
    QVERIFY(!mentions(u"mail alice@alice.example"_s, u"alice"_s));
    QVERIFY(!mentions(u"hey alice"_s, u"alice"_s));
    QVERIFY(!mentions(u"@al"_s, u"alice"_s));
}

void TestQuickSwitcherModel::prefixBeatsWordStartBeatsSubsequence()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    for (const QString &room : { u"regenerate"_s, u"team-general"_s, u"general"_s, u"random"_s })
        knowStream(alice, u"room:"_s + room);
    m_model->setAccountManager(m_manager.get());
    QCOMPARE(m_model->rowCount(), 4);
    QSignalSpy filterChanged(m_model.get(), &QuickSwitcherModel::filterChanged);
    m_model->setFilter(u"gen"_s);
    QCOMPARE(filterChanged.size(), 1);
    QCOMPARE(names(), (QStringList { u"general"_s, u"team-general"_s, u"regenerate"_s }));
    m_model->setFilter(u"xyz"_s);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setFilter(u"ra"_s);
    QCOMPARE(names(), (QStringList { u"random"_s, u"general"_s, u"regenerate"_s, u"team-general"_s }));
}

void TestQuickSwitcherModel::everyAccountsStreamsWithTheirAccount()
{
    client::Account *alice = addAccount(u"alice"_s);
    client::Account *bob = addAccount(u"bob"_s);
    QVERIFY(alice && bob);
    knowStream(alice, u"room:general"_s);
    knowStream(alice, u"dm:alice+carol"_s);
    knowStream(alice, u"user:alice"_s); // never shown
    knowStream(bob, u"room:general"_s);
    knowStream(bob, u"topic:backups"_s);
    m_model->setAccountManager(m_manager.get());
    QCOMPARE(m_model->rowCount(), 4);
    m_model->setFilter(u"general"_s);
    QCOMPARE(m_model->rowCount(), 2);
    QSet<QString> accounts;
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(m_model->streamAt(row), u"room:general"_s);
        accounts.insert(m_model->accountAt(row));
        const QString accountName = m_model->index(row).data(QuickSwitcherModel::AccountNameRole).toString();
        QVERIFY2(accountName == u"alice @ 127.0.0.1:9"_s || accountName == u"bob @ 127.0.0.1:9"_s,
            qPrintable(accountName));
        QCOMPARE(m_model->index(row).data(QuickSwitcherModel::KindRole).toString(), u"room"_s);
    }
    QCOMPARE(accounts, (QSet<QString> { alice->settings().id, bob->settings().id }));
    m_model->setFilter(u"car"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->streamAt(0), u"dm:alice+carol"_s);
    QCOMPARE(m_model->index(0).data(QuickSwitcherModel::DisplayNameRole).toString(), u"carol"_s);
    QCOMPARE(m_model->index(0).data(QuickSwitcherModel::KindRole).toString(), u"dm"_s);
    m_model->setFilter(u"back"_s);
    QCOMPARE(m_model->accountAt(0), bob->settings().id);
    QCOMPARE(m_model->streamAt(5), QString());
}

void TestQuickSwitcherModel::unreadFirstAmongEqualMatches()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    knowStream(alice, u"room:dev-a"_s);
    knowStream(alice, u"room:dev-b"_s);
    knowStream(alice, u"room:dev-c"_s);
    addMessage(alice, u"room:dev-c"_s, 1, u"bob"_s);
    addMessage(alice, u"room:dev-c"_s, 2, u"bob"_s);
    addMessage(alice, u"room:dev-b"_s, 1, u"alice"_s); // my own: not unread
    m_model->setAccountManager(m_manager.get());
    m_model->setFilter(u"dev"_s);
    QCOMPARE(names(), (QStringList { u"dev-c"_s, u"dev-a"_s, u"dev-b"_s }));
    QCOMPARE(m_model->index(0).data(QuickSwitcherModel::UnreadRole).toInt(), 2);
    QCOMPARE(m_model->index(1).data(QuickSwitcherModel::UnreadRole).toInt(), 0);
}

void TestQuickSwitcherModel::atMostTwentyRows()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    for (int i = 0; i < 30; ++i)
        knowStream(alice, u"room:r%1"_s.arg(i, 2, 10, QChar(u'0')));
    m_model->setAccountManager(m_manager.get());
    QCOMPARE(m_model->rowCount(), QuickSwitcherModel::kMaxRows);
    m_model->setFilter(u"r2"_s);
    // r20..r29 start with it; r02 and r12 have its letters in order, after them.
    QCOMPARE(m_model->rowCount(), 12);
    QCOMPARE(m_model->index(0).data(QuickSwitcherModel::DisplayNameRole).toString(), u"r20"_s);
    QCOMPARE(m_model->index(10).data(QuickSwitcherModel::DisplayNameRole).toString(), u"r02"_s);
}

void TestQuickSwitcherModel::newStreamsAndAccountsAppear()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    knowStream(alice, u"room:general"_s);
    m_model->setAccountManager(m_manager.get());
    m_model->setFilter(u"o"_s);
    QCOMPARE(m_model->rowCount(), 0);
    knowStream(alice, u"room:ops"_s);
    Q_EMIT alice->streamChanged(u"room:ops"_s);
    QTRY_COMPARE(m_model->rowCount(), 1);
    client::Account *bob = addAccount(u"bob"_s);
    QVERIFY(bob);
    knowStream(bob, u"room:overflow"_s);
    Q_EMIT bob->streamChanged(u"room:overflow"_s);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QVERIFY(m_manager->remove(alice->settings().id, true));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->streamAt(0), u"room:overflow"_s);
}

QTEST_GUILESS_MAIN(TestQuickSwitcherModel)
#include "tst_quickswitchermodel.moc"
