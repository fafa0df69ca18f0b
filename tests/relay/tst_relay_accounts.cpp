// The account building blocks in process: the account store (accounts, tokens, ACLs, and the
// upgrade of an old database), token secrets, the login throttle and audit-line escaping.
#include "auditlog.h"
#include "authenticator.h"
#include "loginthrottle.h"
#include "relayconfig.h"
#include "sqliteaccountstore.h"
#include "tokenmint.h"

#include <QDateTime>
#include <QDir>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::relay;

class TestRelayAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accountsHaveRolesAndCanBeRemoved();
    void tokensAreStoredHashedAndScoped();
    void revokingAndPruningTokens();
    void tokenLoginsRecordTheirUse();
    void aclEntriesAreReplacedAndListed();
    void upgradesAVersion1Database();
    void secretsAreLongRandomAndRecognisable();
    void throttleCountsPerAccountAndAddress();
    void throttleForgivesSuccessAndForgetsOldFailures();
    void auditEscapesControlAndFormatCharacters_data();
    void auditEscapesControlAndFormatCharacters();
    void auditLinesCannotBeSplitByRandomInput();

private:
    static std::unique_ptr<SqliteAccountStore> open(const QTemporaryDir &dir)
    {
        auto opened = SqliteAccountStore::open(dir.path());
        if (!opened.ok())
            qWarning().noquote() << opened.error().message;
        return opened.ok() ? std::move(opened.value()) : nullptr;
    }
};

void TestRelayAccounts::accountsHaveRolesAndCanBeRemoved()
{
    QTemporaryDir dir;
    auto store = open(dir);
    QVERIFY(store);
    QVERIFY(store->addAccount({ u"alice"_s, "$argon2id$x"_ba, Role::Admin }).value());
    QVERIFY(!store->addAccount({ u"alice"_s, "$argon2id$y"_ba, Role::User }).value());
    QCOMPARE(store->addAccounts({ { u"bob"_s, {}, Role::User }, { u"alice"_s, {}, Role::User } }).value(), 1);

    const Account alice = *store->account(u"alice"_s).value();
    QCOMPARE(alice.role, Role::Admin);
    QVERIFY(alice.hasPassword);
    QVERIFY(qAbs(alice.created - QDateTime::currentMSecsSinceEpoch()) < 60'000);
    QCOMPARE(*store->passwordHash(u"alice"_s).value(), "$argon2id$x"_ba);
    // A user made without a password cannot log in with one.
    QVERIFY(!store->account(u"bob"_s).value()->hasPassword);
    QVERIFY(!store->passwordHash(u"bob"_s).value());

    QVERIFY(store->setRole(u"bob"_s, Role::Admin).value());
    QVERIFY(store->setPasswordHash(u"bob"_s, "$argon2id$b"_ba).value());
    QVERIFY(!store->setRole(u"nobody"_s, Role::Admin).value());
    QCOMPARE(store->accounts().value().size(), 2);
    QCOMPARE(store->accounts().value().at(1).role, Role::Admin);

    const IssuedToken token = store->issueToken({ u"bob"_s, TokenKind::Api, u"ci"_s, {}, {} }).value();
    QVERIFY(store->grant({ u"topic:alerts"_s, userPrincipal(u"bob"_s), true, false }).value());
    QVERIFY(store->grant({ u"topic:alerts"_s, tokenPrincipal(token.info.id), true, true }).value());
    QVERIFY(store->grant({ u"topic:alerts"_s, userPrincipal(u"alice"_s), true, false }).value());
    const std::optional<QStringList> removed = store->removeAccount(u"bob"_s).value();
    QVERIFY(removed);
    QCOMPARE(*removed, QStringList { token.info.id });
    QVERIFY(!store->account(u"bob"_s).value());
    QVERIFY(!store->token(token.info.id).value());
    QCOMPARE(store->acl().value().size(), 1);
    QVERIFY(!store->removeAccount(u"bob"_s).value());
    QCOMPARE(roleFromName(u"admin"_s), Role::Admin);
    QVERIFY(!roleFromName(u"Admin"_s));
}

void TestRelayAccounts::tokensAreStoredHashedAndScoped()
{
    QTemporaryDir dir;
    auto store = open(dir);
    QVERIFY(store);
    QVERIFY(store->addAccount({ u"carol"_s, {}, Role::User }).value());
    const QList<TokenScope> scopes { { u"topic:builds"_s, true, true }, { u"topic:alerts"_s, false, true } };
    const IssuedToken api = store->issueToken({ u"carol"_s, TokenKind::Api, u"ci"_s, {}, scopes }).value();
    QVERIFY(api.secret.startsWith(u"cfa_"_s));
    QCOMPARE(api.info.scopes, scopes);

    const TokenInfo found = *store->tokenBySecretHash(TokenMint::hashOf(api.secret)).value();
    QCOMPARE(found.id, api.info.id);
    QCOMPARE(found.kind, TokenKind::Api);
    QCOMPARE(found.label, u"ci"_s);
    QCOMPARE(found.scopes.size(), 2);
    QVERIFY(!found.expires);
    QVERIFY(!store->tokenBySecretHash(TokenMint::hashOf(api.secret + u'x')).value());

    QCOMPARE(store->setTokensLastUsed({ { api.info.id, 1234 }, { u"no-such-token"_s, 99 } }).value(), 1);
    QCOMPARE(store->token(api.info.id).value()->lastUsed, 1234);
    // A token for nobody is refused, and nothing of the batch stays.
    QVERIFY(!store->issueTokens({ { u"carol"_s, TokenKind::Session, {}, 1, {} }, { u"ghost"_s, TokenKind::Session, {}, 1, {} } }).ok());
    QCOMPARE(store->tokens(u"carol"_s).value().size(), 1);
    const QList<IssuedToken> many = store->issueTokens(QList<NewToken>(50, { u"carol"_s, TokenKind::Session, {}, {}, {} })).value();
    QCOMPARE(many.size(), 50);
    QCOMPARE(store->tokens().value().size(), 51);
}

void TestRelayAccounts::tokenLoginsRecordTheirUse()
{
    QTemporaryDir dir;
    auto store = open(dir);
    QVERIFY(store);
    RelayConfig config;
    Authenticator authenticator(*store, config);
    QList<IssuedToken> issued;
    for (const QString &user : { u"ann"_s, u"ben"_s, u"cat"_s, u"dan"_s }) {
        QVERIFY(store->addAccount({ user, {}, Role::User }).value());
        issued.append(store->issueToken({ user, TokenKind::Session, {}, {}, {} }).value());
    }
    auto lastUsed = [&store](const IssuedToken &token) { return store->token(token.info.id).value()->lastUsed; };
    auto logIn = [&](const IssuedToken &token, int &accepted) {
        authenticator.login({ {}, {}, token.secret, false, u"127.0.0.1"_s, u"127.0.0.1:1"_s }, this,
            [&accepted](const Authenticator::Result &result) {
                accepted += result.outcome == Authenticator::Result::Outcome::Accepted ? 1 : 0;
            });
    };
    const qint64 before = QDateTime::currentMSecsSinceEpoch();

    // Three logins in one turn of the loop: all accepted, and each token's use is written once
    // the turn is over, in one transaction for all three.
    int accepted = 0;
    for (qsizetype i = 0; i < 3; ++i)
        logIn(issued.at(i), accepted);
    QVERIFY(!lastUsed(issued.at(0)));
    QTRY_COMPARE(accepted, 3);
    QTRY_VERIFY(lastUsed(issued.at(0)) && lastUsed(issued.at(1)) && lastUsed(issued.at(2)));
    for (qsizetype i = 0; i < 3; ++i)
        QVERIFY(*lastUsed(issued.at(i)) >= before);
    QVERIFY(!lastUsed(issued.at(3)));

    // A use still waiting is written when the relay asks for it, before it closes the store.
    int alsoAccepted = 0;
    logIn(issued.at(3), alsoAccepted);
    QVERIFY(!lastUsed(issued.at(3)));
    authenticator.recordTokenUses();
    QVERIFY(lastUsed(issued.at(3)));
    QTRY_COMPARE(alsoAccepted, 1);
}

void TestRelayAccounts::revokingAndPruningTokens()
{
    QTemporaryDir dir;
    auto store = open(dir);
    QVERIFY(store);
    QVERIFY(store->addAccount({ u"dave"_s, {}, Role::User }).value());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const IssuedToken old = store->issueToken({ u"dave"_s, TokenKind::Session, {}, now - 1, {} }).value();
    const IssuedToken fresh = store->issueToken({ u"dave"_s, TokenKind::Session, {}, now + 60'000, {} }).value();
    const IssuedToken api = store->issueToken({ u"dave"_s, TokenKind::Api, {}, {}, {} }).value();
    QVERIFY(store->token(old.info.id).value()->expiredAt(now));
    QCOMPARE(store->pruneExpiredTokens(now).value(), QStringList { old.info.id });
    QCOMPARE(store->revokeTokensOf(u"dave"_s, TokenKind::Session).value(), QStringList { fresh.info.id });
    QVERIFY(store->revokeToken(api.info.id).value());
    QVERIFY(!store->revokeToken(api.info.id).value());
    QVERIFY(store->tokens(u"dave"_s).value().isEmpty());
}

void TestRelayAccounts::aclEntriesAreReplacedAndListed()
{
    QTemporaryDir dir;
    auto store = open(dir);
    QVERIFY(store);
    QVERIFY(store->grant({ u"topic:b"_s, u"user:x"_s, true, false }).value());
    QVERIFY(store->grant({ u"topic:a"_s, u"user:x"_s, true, false }).value());
    QVERIFY(store->grant({ u"topic:b"_s, u"user:x"_s, false, true }).value());
    const QList<AclEntry> all = store->acl().value();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).topic, u"topic:a"_s);
    QCOMPARE(store->acl(u"topic:b"_s).value(), (QList<AclEntry> { { u"topic:b"_s, u"user:x"_s, false, true } }));
    QVERIFY(store->revokeGrant(u"topic:b"_s, u"user:x"_s).value());
    QVERIFY(!store->revokeGrant(u"topic:b"_s, u"user:x"_s).value());
    QVERIFY(isValidPrincipal(u"token:abc"_s));
    QVERIFY(!isValidPrincipal(u"user:"_s));
    QVERIFY(!isValidPrincipal(u"group:x"_s));
}

void TestRelayAccounts::upgradesAVersion1Database()
{
    QTemporaryDir dir;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
        db.setDatabaseName(QDir(dir.path()).filePath(u"relay.db"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const QString &sql : {
                 u"CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)"_s,
                 u"CREATE TABLE users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created INTEGER NOT NULL)"_s,
                 u"CREATE TABLE streams (id TEXT PRIMARY KEY, kind TEXT NOT NULL, epoch TEXT NOT NULL,"
                 " last_seq INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL)"_s,
                 u"CREATE TABLE events (stream TEXT NOT NULL REFERENCES streams(id), seq INTEGER NOT NULL,"
                 " ts INTEGER NOT NULL, sender TEXT NOT NULL, client_msg_id TEXT NOT NULL, text TEXT NOT NULL,"
                 " PRIMARY KEY (stream, seq), UNIQUE (sender, client_msg_id)) WITHOUT ROWID"_s,
                 u"INSERT INTO schema_version VALUES (1, 1000)"_s,
                 u"INSERT INTO users VALUES ('alice', '$argon2id$alice', 1000)"_s,
             }) {
            QVERIFY2(query.exec(sql), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"v1"_s);

    auto store = open(dir);
    QVERIFY(store);
    const Account alice = *store->account(u"alice"_s).value();
    QCOMPARE(alice.role, Role::User);
    QCOMPARE(alice.created, 1000);
    QCOMPARE(*store->passwordHash(u"alice"_s).value(), "$argon2id$alice"_ba);
    QVERIFY(store->issueToken({ u"alice"_s, TokenKind::Session, {}, {}, {} }).ok());
    store.reset();
    QVERIFY(open(dir)); // and again, without migrating twice
}

void TestRelayAccounts::secretsAreLongRandomAndRecognisable()
{
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const TokenMint::Minted minted = TokenMint::mint(i % 2 ? TokenKind::Api : TokenKind::Session);
        QCOMPARE(minted.secret.size(), 47);
        QVERIFY(TokenMint::looksLikeSecret(minted.secret));
        QCOMPARE(minted.id.size(), 16);
        QCOMPARE(minted.hash, TokenMint::hashOf(minted.secret));
        QCOMPARE(minted.hash.size(), 32);
        QVERIFY(!seen.contains(minted.secret));
        seen.insert(minted.secret);
    }
    QVERIFY(!TokenMint::looksLikeSecret(u"cfs_short"_s));
    QVERIFY(!TokenMint::looksLikeSecret(u"xyz_"_s + QString(43, u'a')));
    QVERIFY(!TokenMint::looksLikeSecret(u"cfs_"_s + QString(42, u'a') + u'/'));
}

void TestRelayAccounts::throttleCountsPerAccountAndAddress()
{
    LoginThrottle throttle(3, 5, std::chrono::milliseconds(1000));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!throttle.retryAfter(u"alice"_s, u"10.0.0.1"_s, 100 + i));
        throttle.recordFailure(u"alice"_s, u"10.0.0.1"_s, 100 + i);
    }
    // The account is blocked from anywhere until its oldest failure is a window old.
    QCOMPARE(throttle.retryAfter(u"alice"_s, u"10.0.0.2"_s, 200), 900);
    QVERIFY(!throttle.retryAfter(u"bob"_s, u"10.0.0.1"_s, 200));
    throttle.recordFailure(u"bob"_s, u"10.0.0.1"_s, 200);
    throttle.recordFailure(u"carol"_s, u"10.0.0.1"_s, 300);
    // The address has 5 now: every name from it waits, even a token login (no name).
    QCOMPARE(throttle.retryAfter(u"dave"_s, u"10.0.0.1"_s, 400), 700);
    QCOMPARE(throttle.retryAfter({}, u"10.0.0.1"_s, 400), 700);
    QVERIFY(!throttle.retryAfter(u"dave"_s, u"10.0.0.3"_s, 400));
    QVERIFY(!throttle.retryAfter(u"alice"_s, u"10.0.0.2"_s, 1100));
}

void TestRelayAccounts::throttleForgivesSuccessAndForgetsOldFailures()
{
    LoginThrottle throttle(2, 100, std::chrono::milliseconds(1000));
    throttle.recordFailure(u"alice"_s, u"a"_s, 10);
    throttle.recordFailure(u"alice"_s, u"a"_s, 20);
    throttle.forgive(u"alice"_s, u"a"_s, 20);
    QVERIFY(!throttle.retryAfter(u"alice"_s, u"a"_s, 30));
    // Thousands of probed names do not pile up: old entries go once they leave the window.
    for (int i = 0; i < 5000; ++i)
        throttle.recordFailure(u"name%1"_s.arg(i), u"b%1"_s.arg(i % 50), 100);
    QVERIFY(throttle.trackedKeys() > 5000);
    throttle.recordFailure(u"late"_s, u"c"_s, 5000);
    QCOMPARE(throttle.trackedKeys(), 2);
}

void TestRelayAccounts::auditEscapesControlAndFormatCharacters_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << u"alice"_s << u"alice"_s;
    QTest::newRow("empty") << QString() << u"\"\""_s;
    QTest::newRow("space") << u"a b"_s << u"\"a b\""_s;
    QTest::newRow("forged field") << u"x event=login.ok"_s << u"\"x event=login.ok\""_s;
    QTest::newRow("newline") << u"bob\naudit event=login.ok"_s << u"\"bob\\naudit event=login.ok\""_s;
    QTest::newRow("cr tab") << u"a\r\tb"_s << u"a\\r\\tb"_s;
    QTest::newRow("nul esc del") << u"a"_s + QChar(0) + QChar(0x1b) + u"[31m"_s + QChar(0x7f)
                                 << u"a\\x00\\x1b[31m\\x7f"_s;
    QTest::newRow("c1") << QString(QChar(0x85)) << u"\\x85"_s;
    QTest::newRow("bidi override") << u"abc\u202Egpj.exe"_s << u"abc\\u{202e}gpj.exe"_s;
    QTest::newRow("zero width") << u"ad\u200Bmin"_s << u"ad\\u{200b}min"_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << u"a\\u{2028}b"_s;
    QTest::newRow("quote backslash") << u"say \"hi\\"_s << u"\"say \\\"hi\\\\\""_s;
    QTest::newRow("cyrillic kept") << u"\u0430dmin"_s << u"\u0430dmin"_s;
    QTest::newRow("emoji kept") << u"\U0001F600"_s << u"\U0001F600"_s;
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) << u"\\u{d800}"_s;
    QTest::newRow("long") << QString(300, u'x') << QString(200, u'x') + u"...(+100)"_s;
}

void TestRelayAccounts::auditEscapesControlAndFormatCharacters()
{
    QFETCH(QString, value);
    QFETCH(QString, escaped);
    QCOMPARE(AuditLog::escape(value), escaped);
}

void TestRelayAccounts::auditLinesCannotBeSplitByRandomInput()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo() << "seed" << seed;
    QRandomGenerator random(seed);
    for (int round = 0; round < 2000; ++round) {
        QString value;
        const int length = random.bounded(40);
        for (int i = 0; i < length; ++i)
            value += QChar(char16_t(random.bounded(2) ? random.bounded(0x80) : random.bounded(0x10000)));
        const QString line = AuditLog::format("login.failed"_L1, { { "user"_L1, value }, { "peer"_L1, u"p"_s } });
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line.at(i);
            if (c.isHighSurrogate() && i + 1 < line.size() && line.at(i + 1).isLowSurrogate()) {
                ++i; // a valid pair is a character of its own
                continue;
            }
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && c.category() != QChar::Other_Format
                         && c != QChar(0x2028) && c != QChar(0x2029) && !c.isSurrogate(),
                qPrintable(u"seed %1 round %2"_s.arg(seed).arg(round)));
        }
        // The fields after the value are still where a reader expects them.
        QVERIFY2(line.endsWith(u" peer=p"_s), qPrintable(u"seed %1 round %2"_s.arg(seed).arg(round)));
    }
}

QTEST_GUILESS_MAIN(TestRelayAccounts)
#include "tst_relay_accounts.moc"
