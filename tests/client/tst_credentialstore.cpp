// The credential store against a real Secret Service: gnome-keyring on a private D-Bus session
// (tests/support/with-dbus-session.sh), exactly what QtKeychain talks to on a desktop.
#include "client/credentialstore.h"
#include "secretscan.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::CredentialStore;

namespace {
constexpr int kWaitMs = 10000;
}

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void accountNameNamesUserAndRelay();
    void keychainIsAvailable();
    void storesReadsOverwritesAndDeletes();
    void accountsAreKeptApart();
    void passwordIsNotOnDiskInPlainText();

private:
    // Runs one call and returns the arguments of the signal that answered it.
    QVariantList answer(CredentialStore &store, const std::function<void()> &call);

    QString m_fixtureDir;
};

void TestCredentialStore::initTestCase()
{
    bool ok = false;
    m_fixtureDir = fixtureDirOrComplaint(&ok);
    QVERIFY2(ok, qPrintable(m_fixtureDir));
}

QVariantList TestCredentialStore::answer(CredentialStore &store, const std::function<void()> &call)
{
    QSignalSpy read(&store, &CredentialStore::passwordRead);
    QSignalSpy written(&store, &CredentialStore::passwordWritten);
    QSignalSpy deleted(&store, &CredentialStore::passwordDeleted);
    QSignalSpy failed(&store, &CredentialStore::failed);
    call();
    const auto answers = [&] { return read.size() + written.size() + deleted.size() + failed.size(); };
    if (!QTest::qWaitFor([&] { return answers() > 0; }, kWaitMs))
        return {u"no answer"_s};
    const std::pair<QString, QSignalSpy *> spies[] = {
        {u"passwordRead"_s, &read}, {u"passwordWritten"_s, &written},
        {u"passwordDeleted"_s, &deleted}, {u"failed"_s, &failed}};
    for (const auto &[name, spy] : spies) {
        if (!spy->isEmpty()) {
            QVariantList arguments = spy->first();
            arguments.prepend(name);
            return arguments;
        }
    }
    return {};
}

void TestCredentialStore::accountNameNamesUserAndRelay()
{
    QCOMPARE(CredentialStore::accountName(u"demo"_s, QUrl(u"ws://127.0.0.1:8080/v1/ws"_s)),
             u"demo@ws://127.0.0.1:8080"_s);
    QCOMPARE(CredentialStore::accountName(u"demo"_s, QUrl(u"wss://relay.example/v1/ws?x=1#f"_s)),
             u"demo@wss://relay.example"_s);
}

void TestCredentialStore::keychainIsAvailable()
{
    CredentialStore store;
    QCOMPARE(store.service(), u"confab"_s);
    QCOMPARE(store.availability(), CredentialStore::Availability::Unknown);
    QSignalSpy checked(&store, &CredentialStore::availabilityChecked);
    store.checkAvailability();
    QVERIFY(checked.wait(kWaitMs));
    QCOMPARE(checked.first().first().value<CredentialStore::Availability>(),
             CredentialStore::Availability::Available);
    QCOMPARE(store.availabilityMessage(), QString());
}

void TestCredentialStore::storesReadsOverwritesAndDeletes()
{
    CredentialStore store;
    const QString account = CredentialStore::accountName(u"demo"_s, QUrl(u"ws://127.0.0.1:8080/v1/ws"_s));

    QVariantList reply = answer(store, [&] { store.writePassword(account, u"first secret"_s); });
    QCOMPARE(reply, QVariantList({u"passwordWritten"_s, account}));
    reply = answer(store, [&] { store.readPassword(account); });
    QCOMPARE(reply, QVariantList({u"passwordRead"_s, account, u"first secret"_s}));

    const QString second = u"zweites Geheimnis: äöü ✓ 😀"_s;
    reply = answer(store, [&] { store.writePassword(account, second); });
    QCOMPARE(reply.value(0).toString(), u"passwordWritten"_s);
    reply = answer(store, [&] { store.readPassword(account); });
    QCOMPARE(reply, QVariantList({u"passwordRead"_s, account, second}));
    QCOMPARE(store.availability(), CredentialStore::Availability::Available);

    reply = answer(store, [&] { store.deletePassword(account); });
    QCOMPARE(reply, QVariantList({u"passwordDeleted"_s, account}));
    reply = answer(store, [&] { store.readPassword(account); });
    QCOMPARE(reply.value(0).toString(), u"failed"_s);
    QCOMPARE(reply.value(1).toString(), account);
    QCOMPARE(reply.value(2).value<CredentialStore::Operation>(), CredentialStore::Operation::Read);
    QCOMPARE(reply.value(3).value<CredentialStore::Failure>(), CredentialStore::Failure::NotFound);
    QCOMPARE(reply.value(4).toString(), u"No password is stored for %1."_s.arg(account));
}

void TestCredentialStore::accountsAreKeptApart()
{
    CredentialStore store;
    const QString alice = CredentialStore::accountName(u"alice"_s, QUrl(u"ws://127.0.0.1:8080/v1/ws"_s));
    const QString aliceElsewhere = CredentialStore::accountName(u"alice"_s, QUrl(u"ws://127.0.0.1:9090/v1/ws"_s));
    QCOMPARE(answer(store, [&] { store.writePassword(alice, u"a1"_s); }).value(0).toString(),
             u"passwordWritten"_s);
    QCOMPARE(answer(store, [&] { store.writePassword(aliceElsewhere, u"a2"_s); }).value(0).toString(),
             u"passwordWritten"_s);
    QCOMPARE(answer(store, [&] { store.readPassword(alice); }).value(2).toString(), u"a1"_s);
    QCOMPARE(answer(store, [&] { store.readPassword(aliceElsewhere); }).value(2).toString(), u"a2"_s);
}

void TestCredentialStore::passwordIsNotOnDiskInPlainText()
{
    CredentialStore store;
    const QString secret = u"plain-text-canary-%1"_s.arg(QRandomGenerator::global()->generate());
    QCOMPARE(answer(store, [&] { store.writePassword(u"canary@ws://127.0.0.1:1"_s, secret); }).value(0).toString(),
             u"passwordWritten"_s);
    // The keyring encrypts its file with the unlock password; nothing may hold the secret itself.
    const QStringList leaks = filesContaining(m_fixtureDir, secret);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", "_s)));
    QVERIFY(QFile::exists(qEnvironmentVariable("XDG_DATA_HOME") + u"/keyrings/login.keyring"_s));
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "tst_credentialstore.moc"
