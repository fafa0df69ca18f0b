// Account settings as the app saves them: what the user chose survives a restart, several accounts
// live side by side, a damaged file is reported and kept, the file is private, and no secret is in it.
#include "client/account/accountsettings.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::AccountList;
using confab::client::AccountSettings;
using confab::client::ProxySettings;

class TestAccountSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsEveryChoice();
    void severalAccountsSideBySide();
    void missingFileIsAnEmptyList();
    void damagedFileIsReportedAndLeftAlone_data();
    void damagedFileIsReportedAndLeftAlone();
    void fileIsPrivateAndHoldsNoPassword();
    void proxyModesMapToQtProxies();

private:
    static AccountSettings sample(const QString &id, const QString &user);
};

// Account ids are UUIDs (they name the data folders).
namespace {
QString idOf(int n)
{
    return u"0f4c2a8e-1111-4a55-9a5e-%1"_s.arg(n, 12, 10, QLatin1Char('0'));
}
} // namespace

AccountSettings TestAccountSettings::sample(const QString &id, const QString &user)
{
    AccountSettings account;
    account.id = id;
    account.relayUrl = QUrl(u"wss://relay.example:8443/v1/ws"_s);
    account.username = user;
    account.displayName = u"Work (%1)"_s.arg(user);
    account.rememberCredentials = false;
    account.pinnedCertificate = QByteArray(32, '\x5a');
    account.proxy.mode = ProxySettings::Mode::Http;
    account.proxy.host = u"proxy.example"_s;
    account.proxy.port = 3128;
    account.proxy.user = u"proxyuser"_s;
    return account;
}

void TestAccountSettings::roundTripKeepsEveryChoice()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config/accounts.json"_s); // folder created on save
    AccountList list(path);
    const AccountSettings account = sample(u"0f4c2a8e-1111-4a55-9a5e-000000000001"_s, u"alice"_s);
    list.upsert(account);
    const std::optional<QString> saved = list.save();
    QVERIFY2(!saved, qPrintable(saved.value_or(QString())));

    AccountList reloaded(path);
    const std::optional<QString> loaded = reloaded.load();
    QVERIFY2(!loaded, qPrintable(loaded.value_or(QString())));
    QCOMPARE(reloaded.accounts().size(), 1);
    QCOMPARE(reloaded.accounts().constFirst(), account);

    // Changing a setting replaces the account, it does not add one.
    AccountSettings changed = account;
    changed.proxy = {};
    changed.pinnedCertificate.clear();
    changed.rememberCredentials = true;
    reloaded.upsert(changed);
    QVERIFY(!reloaded.save());
    AccountList again(path);
    QVERIFY(!again.load());
    QCOMPARE(again.accounts().size(), 1);
    QCOMPARE(again.find(account.id), changed);
}

void TestAccountSettings::severalAccountsSideBySide()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"accounts.json"_s);
    AccountList list(path);
    for (int i = 0; i < 5; ++i) {
        AccountSettings account = sample(idOf(i), u"user%1"_s.arg(i));
        account.relayUrl = QUrl(u"ws://relay%1.example:80%2/v1/ws"_s.arg(i).arg(i));
        if (i % 2 == 0)
            account.proxy = {};
        list.upsert(account);
    }
    QVERIFY(list.remove(idOf(2)));
    QVERIFY(!list.remove(idOf(2)));
    QVERIFY(!list.save());

    AccountList reloaded(path);
    QVERIFY(!reloaded.load());
    QCOMPARE(reloaded.accounts().size(), 4);
    QVERIFY(!reloaded.find(idOf(2)));
    QCOMPARE(reloaded.find(idOf(3))->username, u"user3"_s);
    QCOMPARE(reloaded.find(idOf(4))->relayUrl, QUrl(u"ws://relay4.example:804/v1/ws"_s));
    QCOMPARE(reloaded.find(idOf(4))->proxy.mode, ProxySettings::Mode::System);
    QCOMPARE(reloaded.accounts(), list.accounts()); // order kept
}

void TestAccountSettings::missingFileIsAnEmptyList()
{
    QTemporaryDir dir;
    AccountList list(dir.filePath(u"nothing-here.json"_s));
    QVERIFY(!list.load());
    QVERIFY(list.accounts().isEmpty());
}

void TestAccountSettings::damagedFileIsReportedAndLeftAlone_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("cut short") << QByteArray(
        R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","relay_url":"ws://h/v1/ws")");
    QTest::newRow("not json") << QByteArray("\x00\x01garbage\xff", 11);
    QTest::newRow("array") << QByteArray(R"([1,2,3])");
    QTest::newRow("no version") << QByteArray(R"({"accounts":[]})");
    QTest::newRow("no url") << QByteArray(R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"u"}]})");
    QTest::newRow("http url") << QByteArray(
        R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"u","relay_url":"http://h/"}]})");
    QTest::newRow("bad pin") << QByteArray(
        R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"u","relay_url":"ws://h/v1/ws","pinned_certificate_sha256":"zz"}]})");
    QTest::newRow("bad proxy port") << QByteArray(
        R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"u","relay_url":"ws://h/v1/ws","proxy":{"mode":"http","host":"p","port":70000}}]})");
    // An id that is not a UUID could point the data folder (deleted with the account) elsewhere.
    QTest::newRow("dot-dot id") << QByteArray(
        R"({"version":1,"accounts":[{"id":"..","username":"u","relay_url":"ws://h/v1/ws"}]})");
    QTest::newRow("path id") << QByteArray(
        R"({"version":1,"accounts":[{"id":"../../../../home/user/.config/confab","username":"u","relay_url":"ws://h/v1/ws"}]})");
    QTest::newRow("braced id") << QByteArray(
        R"({"version":1,"accounts":[{"id":"{0f4c2a8e-1111-4a55-9a5e-000000000001}","username":"u","relay_url":"ws://h/v1/ws"}]})");
    QTest::newRow("twice") << QByteArray(
        R"({"version":1,"accounts":[{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"u","relay_url":"ws://h/v1/ws"},{"id":"0f4c2a8e-2222-4a55-9a5e-00000000000a","username":"v","relay_url":"ws://h/v1/ws"}]})");
}

void TestAccountSettings::damagedFileIsReportedAndLeftAlone()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"accounts.json"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    AccountList list(path);
    list.upsert(sample(idOf(90), u"bob"_s)); // what was known before the failed load stays
    const std::optional<QString> error = list.load();
    QVERIFY(error);
    qInfo().noquote() << "reported:" << *error;
    QVERIFY2(error->contains(u"damaged"_s) || error->contains(u"newer"_s), qPrintable(*error));
    QVERIFY(error->contains(path));
    QCOMPARE(list.accounts().size(), 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
}

void TestAccountSettings::fileIsPrivateAndHoldsNoPassword()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"accounts.json"_s);
    AccountSettings account = sample(idOf(91), u"carol"_s);
    account.proxy.password = u"proxy-Pa55word-not-in-file"_s;
    AccountList list(path);
    list.upsert(account);
    QVERIFY(!list.save());
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());
    QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
    // Overwriting keeps it private too.
    QVERIFY(!list.save());
    QCOMPARE(QFile::permissions(path) & others, QFileDevice::Permissions());

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains("proxy-Pa55word-not-in-file"));
    QVERIFY(!bytes.contains("password"));
    QVERIFY(bytes.contains("proxyuser")); // the user name is not a secret

    AccountList reloaded(path);
    QVERIFY(!reloaded.load());
    QVERIFY(reloaded.accounts().constFirst().proxy.password.isEmpty());
}

void TestAccountSettings::proxyModesMapToQtProxies()
{
    ProxySettings proxy;
    QCOMPARE(proxy.toNetworkProxy().type(), QNetworkProxy::DefaultProxy);
    proxy.mode = ProxySettings::Mode::None;
    QCOMPARE(proxy.toNetworkProxy().type(), QNetworkProxy::NoProxy);
    proxy.mode = ProxySettings::Mode::Http;
    proxy.host = u"127.0.0.1"_s;
    proxy.port = 8888;
    proxy.user = u"u"_s;
    proxy.password = u"p"_s;
    QNetworkProxy http = proxy.toNetworkProxy();
    QCOMPARE(http.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(http.hostName(), u"127.0.0.1"_s);
    QCOMPARE(http.port(), quint16(8888));
    QCOMPARE(http.user(), u"u"_s);
    QCOMPARE(http.password(), u"p"_s);
    proxy.mode = ProxySettings::Mode::Socks5;
    QCOMPARE(proxy.toNetworkProxy().type(), QNetworkProxy::Socks5Proxy);
}

QTEST_GUILESS_MAIN(TestAccountSettings)
#include "tst_accountsettings.moc"
