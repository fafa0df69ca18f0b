// Secrets at rest and in the logs: after password logins, failed logins, session tokens from
// logins and API tokens from the CLI, neither any password nor any token secret appears in the
// data folder (relay.db, its WAL and anything else there, as raw bytes) or in what the relay
// logged, while it runs and after it stopped.
#include "rawclient.h"
#include "relayprocess.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

class TestRelaySecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSecretIsStoredOrLogged();

private:
    static QStringList leaks(const RelayProcess &relay, const QStringList &secrets);
};

QStringList TestRelaySecrets::leaks(const RelayProcess &relay, const QStringList &secrets)
{
    QList<QPair<QString, QByteArray>> places;
    QDirIterator files(relay.dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly))
            places.append({ file.fileName(), file.readAll() });
    }
    places.append({ u"the relay's log"_s, relay.logLines().join('\n') });
    QStringList found;
    for (const auto &[where, bytes] : places) {
        for (const QString &secret : secrets) {
            const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2);
            if (bytes.contains(secret.toUtf8()) || bytes.contains(utf16))
                found << u"%1 in %2"_s.arg(secret.left(8), where);
        }
    }
    return found;
}

void TestRelaySecrets::noSecretIsStoredOrLogged()
{
    const QString alicePassword = u"alice-Pa55word-unique-7f3a"_s;
    const QString bobPassword = u"bob-Pa55word-unique-91c2"_s;
    const QString wrongPassword = u"wrong-guess-unique-5d1e"_s;
    RelayProcess relay;
    QVERIFY(relay.addUser(u"alice"_s, alicePassword));
    QVERIFY(relay.addUser(u"bob"_s, bobPassword));
    QVERIFY(relay.runCommand({ u"topic"_s, u"create"_s, u"builds"_s, u"--data-dir"_s, relay.dataDir() }).exitCode == 0);
    QVERIFY(relay.runCommand({ u"acl"_s, u"grant"_s, u"builds"_s, u"user:bob"_s, u"read-write"_s, u"--data-dir"_s,
                                 relay.dataDir() })
                .exitCode == 0);
    const auto created = relay.runCommand({ u"token"_s, u"create"_s, u"bob"_s, u"--topic"_s, u"builds:rw"_s,
        u"--data-dir"_s, relay.dataDir() });
    QVERIFY2(created.exitCode == 0, created.standardError.constData());
    const QString apiSecret = QString::fromUtf8(created.standardOutput).trimmed();
    QVERIFY(apiSecret.startsWith(u"cfa_"_s));
    // The CLI prints the secret once, to stdout only: its diagnostics do not repeat it.
    QVERIFY(!created.standardError.contains(apiSecret.toUtf8()));
    QVERIFY(relay.start());

    QStringList secrets { alicePassword, bobPassword, wrongPassword, apiSecret };
    for (int i = 0; i < 2; ++i) {
        RawClient client;
        QVERIFY(client.open(relay.url()));
        Hello hello;
        hello.id = u"h"_s;
        hello.username = u"alice"_s;
        hello.password = alicePassword;
        hello.newToken = true;
        client.send(hello);
        const auto welcome = client.nextAs<Welcome>();
        QVERIFY(welcome && welcome->token.startsWith(u"cfs_"_s));
        secrets << welcome->token;
    }
    RawClient wrong;
    QVERIFY(!wrong.login(relay.url(), u"alice"_s, wrongPassword));
    RawClient ghost;
    QVERIFY(!ghost.login(relay.url(), u"ghost"_s, wrongPassword));
    RawClient publisher;
    QVERIFY(publisher.open(relay.url()));
    Hello byToken;
    byToken.id = u"h"_s;
    byToken.token = apiSecret;
    publisher.send(byToken);
    QVERIFY(publisher.nextAs<Welcome>());
    Publish publish;
    publish.id = u"p"_s;
    publish.stream = u"topic:builds"_s;
    publish.clientMsgId = u"p1"_s;
    publish.body = u"build 1 passed"_s;
    QVERIFY(publisher.request(publish));
    // A session logging out with its token: the revocation is logged, never the secret.
    RawClient leaving;
    QVERIFY(leaving.open(relay.url()));
    Hello tokenHello;
    tokenHello.id = u"h"_s;
    tokenHello.token = secrets.last();
    leaving.send(tokenHello);
    QVERIFY(leaving.nextAs<Welcome>());
    QVERIFY(leaving.request(Logout { u"bye"_s }));

    QTRY_VERIFY(relay.logLines().join('\n').contains("event=logout"));
    QStringList found = leaks(relay, secrets);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s)));
    QVERIFY(relay.terminate());
    found = leaks(relay, secrets);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s)));

    // What is stored is the owner's alone: nobody else on the machine can read the hashes.
    QDirIterator stored(relay.dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (stored.hasNext()) {
        const QFileInfo file(stored.next());
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
        QVERIFY2(!(file.permissions() & others), qPrintable(file.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestRelaySecrets)
#include "tst_relay_secrets.moc"
