// AccountListModel over an AccountManager (temporary folders): rows follow the accounts, their
// unread counts, the current account, and the connection phase of a real relay connection.
#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "client/store/localstore.h"
#include "lists/accountlistmodel.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab;
using confab::app::AccountListModel;

class TestAccountListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rowsFollowTheAccounts();
    void unreadSumsTheAccountsStreams();
    void phaseFollowsTheRelayConnection();

private:
    client::Account *addAccount(const QString &user, const QUrl &relay = QUrl(u"ws://127.0.0.1:9/v1/ws"_s));
    QString phaseOf(int row) const { return m_model->index(row).data(AccountListModel::PhaseRole).toString(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<client::ManualNetworkMonitor> m_network;
    std::unique_ptr<client::AccountManager> m_manager;
    std::unique_ptr<AccountListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestAccountListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<client::ManualNetworkMonitor>();
    m_manager = std::make_unique<client::AccountManager>(
        m_dir->filePath(u"config"_s), m_dir->filePath(u"data"_s), nullptr, m_network.get());
    QCOMPARE(m_manager->load(), std::nullopt);
    m_model = std::make_unique<AccountListModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestAccountListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_manager.reset();
    m_network.reset();
    m_dir.reset();
}

client::Account *TestAccountListModel::addAccount(const QString &user, const QUrl &relay)
{
    client::AccountSettings settings;
    settings.relayUrl = relay;
    settings.username = user;
    settings.rememberCredentials = false;
    QString error;
    client::Account *account = m_manager->add(settings, &error);
    if (!account)
        qWarning("cannot add the account: %s", qPrintable(error));
    return account;
}

void TestAccountListModel::rowsFollowTheAccounts()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    m_model->setAccountManager(m_manager.get());
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex first = m_model->index(0);
    QCOMPARE(first.data(AccountListModel::AccountIdRole).toString(), alice->settings().id);
    QCOMPARE(first.data(AccountListModel::DisplayNameRole).toString(), u"alice @ 127.0.0.1:9"_s);
    QCOMPARE(first.data(AccountListModel::UserNameRole).toString(), u"alice"_s);
    QCOMPARE(first.data(AccountListModel::RelayHostRole).toString(), u"127.0.0.1:9"_s);
    QCOMPARE(first.data(AccountListModel::PhaseRole).toString(), u"idle"_s);
    QCOMPARE(first.data(AccountListModel::IsCurrentRole).toBool(), false);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy countChanged(m_model.get(), &AccountListModel::countChanged);
    client::Account *bob = addAccount(u"bob"_s);
    QVERIFY(bob);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(countChanged.size(), 1);
    QCOMPARE(m_model->accountIdAt(1), bob->settings().id);

    m_model->setCurrentAccountId(bob->settings().id);
    QCOMPARE(m_model->index(1).data(AccountListModel::IsCurrentRole).toBool(), true);
    QCOMPARE(m_model->index(0).data(AccountListModel::IsCurrentRole).toBool(), false);

    // A label the user gave wins over "user @ host".
    client::AccountSettings settings = bob->settings();
    settings.displayName = u"Work"_s;
    QCOMPARE(m_manager->update(settings), std::nullopt);
    Q_EMIT bob->streamChanged(u"room:x"_s); // any change of the account refreshes its row
    QCOMPARE(m_model->index(1).data(AccountListModel::DisplayNameRole).toString(), u"Work"_s);

    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_manager->remove(alice->settings().id, true));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_model->rowOf(bob->settings().id), 0);
    QCOMPARE(m_model->accountIdAt(7), QString());
}

void TestAccountListModel::unreadSumsTheAccountsStreams()
{
    client::Account *alice = addAccount(u"alice"_s);
    QVERIFY(alice);
    m_model->setAccountManager(m_manager.get());
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    int seq = 0;
    for (const QString &stream : { u"room:general"_s, u"room:general"_s, u"dm:alice+bob"_s, u"room:ops"_s }) {
        protocol::Message message;
        message.stream = stream;
        message.epoch = u"e1"_s;
        message.seq = ++seq;
        message.ts = 1'700'000'000'000 + seq;
        message.sender = stream == u"room:ops"_s ? u"alice"_s : u"bob"_s; // my own never count
        message.clientMsgId = u"m%1"_s.arg(seq);
        message.text = u"hi"_s;
        QVERIFY(alice->store()->apply(message));
        alice->store()->raiseCursor(stream, { u"e1"_s, seq });
    }
    Q_EMIT alice->streamChanged(u"room:general"_s);
    QCOMPARE(m_model->index(0).data(AccountListModel::UnreadRole).toInt(), 3);
    QCOMPARE(changed.size(), 1);
}

void TestAccountListModel::phaseFollowsTheRelayConnection()
{
    RelayProcess relay;
    QVERIFY(relayadmin::addUsers(relay, { u"alice"_s }));
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    client::Account *alice = addAccount(u"alice"_s, relay.url());
    QVERIFY(alice);
    m_model->setAccountManager(m_manager.get());
    QCOMPARE(phaseOf(0), u"idle"_s);
    client::ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(200);
    policy.cap = std::chrono::milliseconds(500);
    alice->supervisor()->setPolicy(policy);
    alice->signIn()->setPassword(relayadmin::passwordOf(u"alice"_s));
    alice->start();
    QTRY_COMPARE_WITH_TIMEOUT(phaseOf(0), u"connected"_s, 20000);
    QVERIFY(relay.terminate());
    QTRY_VERIFY_WITH_TIMEOUT(phaseOf(0) == u"waiting"_s || phaseOf(0) == u"connecting"_s, 20000);
    m_network->setReachable(false);
    QTRY_COMPARE_WITH_TIMEOUT(phaseOf(0), u"offline"_s, 20000);
    alice->stop();
    QTRY_COMPARE_WITH_TIMEOUT(phaseOf(0), u"idle"_s, 20000);
}

QTEST_GUILESS_MAIN(TestAccountListModel)
#include "tst_accountlistmodel.moc"
