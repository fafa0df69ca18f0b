// AccountManager with a real relay and a real keychain (gnome-keyring on a private D-Bus session):
// two accounts at once, each with its own store and connection; the list survives a restart of
// the app; removing an account deletes its secrets and, when asked, its data.
#include "client/account/account.h"
#include "client/account/accountmanager.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/connection/networkmonitor.h"
#include "client/credentialstore.h"
#include "client/store/localstore.h"
#include "relayadmin.h"
#include "relayprocess.h"
#include "secretscan.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace confab::client;
using Phase = ConnectionStatus::Phase;

namespace {

constexpr int kWaitMs = 30000;
const QString kRoom = u"room:general"_s;

bool connected(const Account *account)
{
    return account->connectionStatus().phase == Phase::Connected;
}

AccountSettings settingsFor(const QUrl &relay, const QString &user)
{
    AccountSettings settings;
    settings.relayUrl = relay;
    settings.username = user;
    settings.displayName = user + u" at work"_s;
    return settings;
}

void shortRetries(Account *account)
{
    ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(20);
    policy.cap = std::chrono::milliseconds(300);
    account->supervisor()->setPolicy(policy);
}

} // namespace

class TestAccountManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void twoAccountsEachWithItsOwnStoreAndConnection();
    void theListSurvivesARestart();
    void removeDeletesSecretsAndOptionallyTheData();

private:
    // What the keychain answers for `key`: the secret, or empty when there is none.
    QString readSecret(const QString &key);

    RelayProcess m_relay;
    QTemporaryDir m_config;
    QTemporaryDir m_data;
    CredentialStore m_keychain { u"confab-test-accountmanager"_s };
    ManualNetworkMonitor m_network;
    QString m_aliceId;
    QString m_bobId;
};

void TestAccountManager::initTestCase()
{
    bool ok = false;
    const QString fixture = fixtureDirOrComplaint(&ok);
    QVERIFY2(ok, qPrintable(fixture));
    QVERIFY(m_config.isValid() && m_data.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestAccountManager::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

QString TestAccountManager::readSecret(const QString &key)
{
    QSignalSpy read(&m_keychain, &CredentialStore::passwordRead);
    QSignalSpy failed(&m_keychain, &CredentialStore::failed);
    m_keychain.readPassword(key);
    if (!QTest::qWaitFor([&] { return !read.isEmpty() || !failed.isEmpty(); }, kWaitMs))
        return u"(the keychain did not answer)"_s;
    if (!read.isEmpty())
        return read.first().at(1).toString();
    return QString();
}

void TestAccountManager::twoAccountsEachWithItsOwnStoreAndConnection()
{
    AccountManager manager(m_config.path(), m_data.path(), &m_keychain, &m_network);
    QVERIFY(!manager.load()); // no file yet: no accounts
    QVERIFY(manager.accounts().isEmpty());

    QString error;
    Account *alice = manager.add(settingsFor(m_relay.url(), u"alice"_s), &error);
    QVERIFY2(alice, qPrintable(error));
    Account *bob = manager.add(settingsFor(m_relay.url(), u"bob"_s), &error);
    QVERIFY2(bob, qPrintable(error));
    m_aliceId = alice->settings().id;
    m_bobId = bob->settings().id;
    QVERIFY(!m_aliceId.isEmpty() && m_aliceId != m_bobId);
    QCOMPARE(manager.accounts().size(), 2);
    QVERIFY(manager.dataFolder(m_aliceId) != manager.dataFolder(m_bobId));
    QVERIFY(QFile::exists(QDir(manager.dataFolder(m_aliceId)).filePath(u"store.sqlite"_s)));
    QVERIFY(QFile::exists(QDir(manager.dataFolder(m_bobId)).filePath(u"store.sqlite"_s)));

    for (Account *account : manager.accounts())
        shortRetries(account);
    alice->signIn()->setPassword(relayadmin::passwordOf(u"alice"_s));
    bob->signIn()->setPassword(relayadmin::passwordOf(u"bob"_s));
    alice->subscribe(kRoom);
    bob->subscribe(kRoom);
    // One network monitor for all: without a network both wait for it, and both go as it returns.
    m_network.setReachable(false);
    manager.startAll();
    QTRY_VERIFY_WITH_TIMEOUT(
        alice->connectionStatus().phase == Phase::Offline && bob->connectionStatus().phase == Phase::Offline,
        kWaitMs);
    m_network.setReachable(true);
    QTRY_VERIFY_WITH_TIMEOUT(connected(alice) && connected(bob), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(bob->store()->cursor(kRoom).has_value(), kWaitMs);

    alice->sendMessage(kRoom, u"hello from alice"_s);
    QTRY_COMPARE_WITH_TIMEOUT(bob->store()->messageCount(kRoom), 1, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(alice->store()->messageCount(kRoom), 1, kWaitMs);
    QCOMPARE(bob->store()->messages(kRoom).at(0).sender, u"alice"_s);
    // Two connections: one engine each, signed in as its own user.
    QCOMPARE(alice->engine()->userName(), u"alice"_s);
    QCOMPARE(bob->engine()->userName(), u"bob"_s);

    // The passwords went to the keychain (the accounts remember credentials), never to a file.
    QTRY_COMPARE_WITH_TIMEOUT(
        readSecret(SignIn::passwordKey(m_aliceId)), relayadmin::passwordOf(u"alice"_s), kWaitMs);
    QCOMPARE(filesContaining(m_config.path(), relayadmin::passwordOf(u"alice"_s)), QStringList());
    QCOMPARE(filesContaining(m_data.path(), relayadmin::passwordOf(u"alice"_s)), QStringList());
    manager.stopAll();
}

void TestAccountManager::theListSurvivesARestart()
{
    QVERIFY(!m_aliceId.isEmpty());
    AccountManager manager(m_config.path(), m_data.path(), &m_keychain, &m_network);
    QVERIFY(!manager.load());
    QCOMPARE(manager.accounts().size(), 2);
    Account *alice = manager.account(m_aliceId);
    Account *bob = manager.account(m_bobId);
    QVERIFY(alice && bob);
    QCOMPARE(alice->settings().username, u"alice"_s);
    QCOMPARE(alice->settings().displayName, u"alice at work"_s);
    QCOMPARE(alice->settings().relayUrl, m_relay.url());
    // The stores come back with what they had.
    QCOMPARE(bob->store()->messageCount(kRoom), 1);
    QVERIFY(bob->store()->knownStreams().contains(kRoom));

    // Bob's store, positions and outbox belong to bob at this relay: no other user or relay.
    AccountSettings otherUser = bob->settings();
    otherUser.username = u"alice"_s;
    const std::optional<QString> refusedUser = manager.update(otherUser);
    QVERIFY(refusedUser && refusedUser->contains(u"new account"_s));
    AccountSettings otherRelay = bob->settings();
    otherRelay.relayUrl = QUrl(u"ws://127.0.0.1:1/v1/ws"_s);
    QVERIFY(manager.update(otherRelay));
    QCOMPARE(bob->settings().username, u"bob"_s);
    QCOMPARE(bob->settings().relayUrl, m_relay.url());
    AccountSettings renamed = bob->settings();
    renamed.displayName = u"bob at home"_s;
    QVERIFY(!manager.update(renamed)); // other settings still change
    QCOMPARE(bob->settings().displayName, u"bob at home"_s);

    // Alice signs in from the keychain alone.
    shortRetries(alice);
    alice->start();
    QTRY_VERIFY_WITH_TIMEOUT(connected(alice), kWaitMs);
    manager.stopAll();
}

void TestAccountManager::removeDeletesSecretsAndOptionallyTheData()
{
    QVERIFY(!m_aliceId.isEmpty());
    AccountManager manager(m_config.path(), m_data.path(), &m_keychain, &m_network);
    QVERIFY(!manager.load());
    Account *alice = manager.account(m_aliceId);
    QVERIFY(alice);
    shortRetries(alice);
    alice->start();
    QTRY_VERIFY_WITH_TIMEOUT(connected(alice), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!readSecret(SignIn::tokenKey(m_aliceId)).isEmpty(), kWaitMs);

    QSignalSpy removed(&manager, &AccountManager::accountRemoved);
    const QString aliceFolder = manager.dataFolder(m_aliceId);
    QVERIFY(manager.remove(m_aliceId, true));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(manager.accounts().size(), 1);
    QVERIFY(!manager.account(m_aliceId));
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(aliceFolder).exists(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(readSecret(SignIn::passwordKey(m_aliceId)), QString(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(readSecret(SignIn::tokenKey(m_aliceId)), QString(), kWaitMs);

    // Bob goes too, but his data stays.
    const QString bobFolder = manager.dataFolder(m_bobId);
    QVERIFY(manager.remove(m_bobId, false));
    QTRY_COMPARE_WITH_TIMEOUT(readSecret(SignIn::passwordKey(m_bobId)), QString(), kWaitMs);
    QVERIFY(QFile::exists(QDir(bobFolder).filePath(u"store.sqlite"_s)));
    QVERIFY(!manager.remove(u"no-such-account"_s, false));

    // And the list knows.
    AccountManager again(m_config.path(), m_data.path(), &m_keychain, &m_network);
    QVERIFY(!again.load());
    QVERIFY(again.accounts().isEmpty());
}

QTEST_GUILESS_MAIN(TestAccountManager)
#include "tst_accountmanager.moc"
