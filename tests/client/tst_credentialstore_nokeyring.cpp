// The credential store where no Secret Service exists (a private D-Bus session with nothing on
// it): it must say so in plain words, quickly, and never fall back to writing the password anywhere.
#include "client/credentialstore.h"
#include "secretscan.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::CredentialStore;

namespace {
constexpr int kVerdictWithinMs = 5000;
const QString kNoKeychain = u"No keychain is available; the password will not be remembered."_s;
} // namespace

class TestCredentialStoreNoKeyring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportsNoKeychainInPlainWords();
    void writeFailsAndNothingIsWritten();

private:
    QString m_fixtureDir;
};

void TestCredentialStoreNoKeyring::initTestCase()
{
    bool ok = false;
    m_fixtureDir = fixtureDirOrComplaint(&ok);
    QVERIFY2(ok, qPrintable(m_fixtureDir));
    QVERIFY2(qEnvironmentVariable("CONFAB_TEST_NO_KEYRING") == u"1"_s, "expects CONFAB_TEST_NO_KEYRING=1");
}

void TestCredentialStoreNoKeyring::reportsNoKeychainInPlainWords()
{
    CredentialStore store;
    QSignalSpy checked(&store, &CredentialStore::availabilityChecked);
    QSignalSpy changed(&store, &CredentialStore::availabilityChanged);
    QElapsedTimer clock;
    clock.start();
    store.checkAvailability();
    QVERIFY(checked.wait(kVerdictWithinMs));
    QVERIFY2(clock.elapsed() < kVerdictWithinMs, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(checked.first().first().value<CredentialStore::Availability>(),
             CredentialStore::Availability::Unavailable);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.availability(), CredentialStore::Availability::Unavailable);
    QCOMPARE(store.availabilityMessage(), kNoKeychain);
}

void TestCredentialStoreNoKeyring::writeFailsAndNothingIsWritten()
{
    // A store that has not probed first still reaches the same verdict from the write itself.
    CredentialStore store;
    QSignalSpy written(&store, &CredentialStore::passwordWritten);
    QSignalSpy failed(&store, &CredentialStore::failed);
    const QString account = CredentialStore::accountName(u"demo"_s, QUrl(u"ws://127.0.0.1:8080/v1/ws"_s));
    const QString secret = u"plain-text-canary-%1"_s.arg(QRandomGenerator::global()->generate());

    store.writePassword(account, secret);
    QVERIFY(failed.wait(kVerdictWithinMs));
    QCOMPARE(written.size(), 0);
    QCOMPARE(failed.first().at(0).toString(), account);
    QCOMPARE(failed.first().at(1).value<CredentialStore::Operation>(), CredentialStore::Operation::Write);
    QCOMPARE(failed.first().at(2).value<CredentialStore::Failure>(), CredentialStore::Failure::Unavailable);
    QCOMPARE(failed.first().at(3).toString(), kNoKeychain);
    QCOMPARE(store.availabilityMessage(), kNoKeychain);

    store.readPassword(account);
    QVERIFY(failed.wait(kVerdictWithinMs));
    QCOMPARE(failed.last().at(2).value<CredentialStore::Failure>(), CredentialStore::Failure::Unavailable);

    // HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR all live here.
    const QStringList leaks = filesContaining(m_fixtureDir, secret);
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestCredentialStoreNoKeyring)
#include "tst_credentialstore_nokeyring.moc"
