// Logging in to the real relay: the same answer for an unknown user and a wrong password,
// throttling of repeated failures, session tokens from a login, logout and revocation closing
// the token's sockets, and expired tokens refused. Argon2 makes each password check cost tens of
// milliseconds, so the limits are small and the logins few.
#include "rawclient.h"
#include "relayprocess.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kPassword = u"correct horse battery"_s;

Hello passwordHello(const QString &user, const QString &password, bool newToken = false)
{
    Hello hello;
    hello.id = u"hello"_s;
    hello.client = u"tst_relay_auth"_s;
    hello.username = user;
    hello.password = password;
    hello.newToken = newToken;
    return hello;
}

Hello tokenHello(const QString &token)
{
    Hello hello;
    hello.id = u"hello"_s;
    hello.client = u"tst_relay_auth"_s;
    hello.token = token;
    return hello;
}

// Opens a socket, says hello, and returns the first reply (welcome or error).
std::optional<Frame> attempt(RawClient &client, const QUrl &url, const Hello &hello)
{
    if (!client.open(url))
        return std::nullopt;
    client.send(hello);
    return client.next();
}

bool logsContain(const RelayProcess &relay, const QByteArray &needle)
{
    for (const QByteArray &line : relay.logLines()) {
        if (line.contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestRelayAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownUserAndWrongPasswordGetTheSameReply();
    void repeatedFailuresAreThrottled();
    void newTokenLogsIn();
    void logoutClosesTheTokensSockets();
    void revokingATokenClosesItsSockets();
    void expiredTokensAreRefusedAndClosed();

private:
    bool startRelay(RelayProcess &relay, const QStringList &arguments = {});
    std::optional<Welcome> loginForToken(RawClient &client, const QUrl &url);
};

bool TestRelayAuth::startRelay(RelayProcess &relay, const QStringList &arguments)
{
    if (!relay.addUser(u"alice"_s, kPassword) || !relay.addUser(u"bob"_s, kPassword))
        return false;
    relay.setExtraArguments(arguments);
    return relay.start();
}

std::optional<Welcome> TestRelayAuth::loginForToken(RawClient &client, const QUrl &url)
{
    const std::optional<Frame> reply = attempt(client, url, passwordHello(u"alice"_s, kPassword, true));
    if (!reply || !std::holds_alternative<Welcome>(*reply))
        return std::nullopt;
    return std::get<Welcome>(*reply);
}

void TestRelayAuth::unknownUserAndWrongPasswordGetTheSameReply()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    RawClient unknown;
    RawClient wrong;
    const std::optional<Frame> unknownReply = attempt(unknown, relay.url(), passwordHello(u"mallory"_s, kPassword));
    const std::optional<Frame> wrongReply = attempt(wrong, relay.url(), passwordHello(u"alice"_s, u"guess"_s));
    QVERIFY(unknownReply && wrongReply);
    QVERIFY(std::holds_alternative<Error>(*unknownReply));
    QCOMPARE(std::get<Error>(*unknownReply).code, ErrorCode::AuthFailed);
    // Byte for byte the same frame, and the same close.
    QCOMPARE(unknown.lastRawFrame(), wrong.lastRawFrame());
    QVERIFY(unknown.waitForDisconnected());
    QVERIFY(wrong.waitForDisconnected());
    QCOMPARE(unknown.socket().closeCode(), wrong.socket().closeCode());
    QCOMPARE(unknown.socket().closeReason(), wrong.socket().closeReason());
    // The audit log has both attempts, and never the password.
    QTRY_VERIFY(logsContain(relay, "event=login.failed user=mallory"));
    QVERIFY(logsContain(relay, "event=login.failed user=alice"));
    QVERIFY(!logsContain(relay, "guess"));
}

void TestRelayAuth::repeatedFailuresAreThrottled()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay,
        { u"--login-failures-per-account"_s, u"3"_s, u"--login-failures-per-address"_s, u"5"_s,
            u"--login-failure-window-ms"_s, u"60000"_s }));
    for (int i = 0; i < 3; ++i) {
        RawClient client;
        const std::optional<Frame> reply = attempt(client, relay.url(), passwordHello(u"alice"_s, u"wrong%1"_s.arg(i)));
        QVERIFY(reply && std::holds_alternative<Error>(*reply));
        QCOMPARE(std::get<Error>(*reply).code, ErrorCode::AuthFailed);
    }
    // Even the right password waits now: the account is locked for the window.
    RawClient locked;
    const std::optional<Frame> lockedReply = attempt(locked, relay.url(), passwordHello(u"alice"_s, kPassword));
    QVERIFY(lockedReply && std::holds_alternative<Error>(*lockedReply));
    const Error throttled = std::get<Error>(*lockedReply);
    QCOMPARE(throttled.code, ErrorCode::RateLimited);
    QVERIFY(throttled.retryAfterMs && *throttled.retryAfterMs > 50'000 && *throttled.retryAfterMs <= 60'000);
    QTRY_VERIFY(logsContain(relay, "event=login.throttled user=alice"));

    // Another account from the same address still gets in, until the address has had enough.
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, kPassword));
    for (int i = 0; i < 2; ++i) {
        RawClient client;
        const std::optional<Frame> reply = attempt(client, relay.url(), passwordHello(u"nobody%1"_s.arg(i), u"x"_s));
        QVERIFY(reply && std::holds_alternative<Error>(*reply));
        QCOMPARE(std::get<Error>(*reply).code, ErrorCode::AuthFailed);
    }
    RawClient fresh;
    const std::optional<Frame> freshReply = attempt(fresh, relay.url(), passwordHello(u"bob"_s, kPassword));
    QVERIFY(freshReply && std::holds_alternative<Error>(*freshReply));
    QCOMPARE(std::get<Error>(*freshReply).code, ErrorCode::RateLimited);
    // Token guesses from that address are refused the same way.
    RawClient tokenGuess;
    const std::optional<Frame> tokenReply = attempt(tokenGuess, relay.url(), tokenHello(u"cfs_"_s + QString(43, u'A')));
    QVERIFY(tokenReply && std::holds_alternative<Error>(*tokenReply));
    QCOMPARE(std::get<Error>(*tokenReply).code, ErrorCode::RateLimited);
    // The session that got in before is untouched.
    QVERIFY(bob.quiet());
}

void TestRelayAuth::newTokenLogsIn()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    RawClient first;
    const std::optional<Welcome> welcome = loginForToken(first, relay.url());
    QVERIFY(welcome);
    QVERIFY(welcome->token.startsWith(u"cfs_"_s));
    QVERIFY(welcome->tokenExpires);
    QVERIFY(*welcome->tokenExpires > QDateTime::currentMSecsSinceEpoch() + 24LL * 3600 * 1000);

    RawClient second;
    const std::optional<Frame> reply = attempt(second, relay.url(), tokenHello(welcome->token));
    QVERIFY(reply && std::holds_alternative<Welcome>(*reply));
    QCOMPARE(std::get<Welcome>(*reply).user, u"alice"_s);
    // A token login does not hand out yet another token.
    QVERIFY(std::get<Welcome>(*reply).token.isEmpty());
    QVERIFY(second.subscribe(u"user:alice"_s));

    // A token that differs in one character is nobody's.
    QString forged = welcome->token;
    forged[10] = forged[10] == u'A' ? u'B' : u'A';
    RawClient third;
    const std::optional<Frame> refused = attempt(third, relay.url(), tokenHello(forged));
    QVERIFY(refused && std::holds_alternative<Error>(*refused));
    QCOMPARE(std::get<Error>(*refused).code, ErrorCode::AuthFailed);
}

void TestRelayAuth::logoutClosesTheTokensSockets()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    RawClient origin;
    const std::optional<Welcome> welcome = loginForToken(origin, relay.url());
    QVERIFY(welcome);
    RawClient sibling;
    const std::optional<Frame> siblingReply = attempt(sibling, relay.url(), tokenHello(welcome->token));
    QVERIFY(siblingReply && std::holds_alternative<Welcome>(*siblingReply));
    RawClient passwordOnly;
    QVERIFY(passwordOnly.login(relay.url(), u"alice"_s, kPassword));

    QVERIFY(sibling.request(Logout { u"bye"_s }));
    QVERIFY(sibling.waitForDisconnected());
    QVERIFY(origin.waitForDisconnected());
    QCOMPARE(origin.socket().closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(origin.socket().closeReason(), u"logged out"_s);
    // The other login of the same person (no token) stays.
    QVERIFY(passwordOnly.quiet());

    RawClient again;
    const std::optional<Frame> refused = attempt(again, relay.url(), tokenHello(welcome->token));
    QVERIFY(refused && std::holds_alternative<Error>(*refused));
    QCOMPARE(std::get<Error>(*refused).code, ErrorCode::AuthFailed);
    QTRY_VERIFY(logsContain(relay, "event=logout user=alice"));
}

void TestRelayAuth::revokingATokenClosesItsSockets()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay));
    const auto created = relay.runCommand(
        { u"token"_s, u"create"_s, u"bob"_s, u"--label"_s, u"script"_s, u"--data-dir"_s, relay.dataDir() });
    QVERIFY2(created.finished && created.exitCode == 0, created.standardError.constData());
    const QString secret = QString::fromUtf8(created.standardOutput).trimmed();
    QVERIFY(secret.startsWith(u"cfa_"_s));
    const QRegularExpressionMatch id
        = QRegularExpression(u"token ([0-9a-f]{16})"_s).match(QString::fromUtf8(created.standardError));
    QVERIFY2(id.hasMatch(), created.standardError.constData());

    RawClient one;
    RawClient two;
    const std::optional<Frame> oneReply = attempt(one, relay.url(), tokenHello(secret));
    const std::optional<Frame> twoReply = attempt(two, relay.url(), tokenHello(secret));
    QVERIFY(oneReply && std::holds_alternative<Welcome>(*oneReply));
    QVERIFY(twoReply && std::holds_alternative<Welcome>(*twoReply));
    RawClient bob;
    QVERIFY(bob.login(relay.url(), u"bob"_s, kPassword));

    const auto revoked
        = relay.runCommand({ u"token"_s, u"revoke"_s, id.captured(1), u"--data-dir"_s, relay.dataDir() });
    QVERIFY2(revoked.finished && revoked.exitCode == 0, revoked.standardError.constData());
    QVERIFY(one.waitForDisconnected());
    QVERIFY(two.waitForDisconnected());
    QCOMPARE(one.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(one.socket().closeReason(), u"token revoked"_s);
    QVERIFY(bob.quiet());
    RawClient after;
    const std::optional<Frame> refused = attempt(after, relay.url(), tokenHello(secret));
    QVERIFY(refused && std::holds_alternative<Error>(*refused));
    QCOMPARE(std::get<Error>(*refused).code, ErrorCode::AuthFailed);
}

void TestRelayAuth::expiredTokensAreRefusedAndClosed()
{
    RelayProcess relay;
    QVERIFY(startRelay(relay, { u"--session-token-lifetime-ms"_s, u"1500"_s }));
    RawClient origin;
    const std::optional<Welcome> welcome = loginForToken(origin, relay.url());
    QVERIFY(welcome);
    RawClient user;
    const std::optional<Frame> reply = attempt(user, relay.url(), tokenHello(welcome->token));
    QVERIFY(reply && std::holds_alternative<Welcome>(*reply));
    // The token's sessions close when it expires.
    QVERIFY(user.waitForDisconnected(10'000));
    QCOMPARE(user.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(user.socket().closeReason(), u"token expired"_s);
    QVERIFY(origin.waitForDisconnected(10'000));

    RawClient late;
    const std::optional<Frame> refused = attempt(late, relay.url(), tokenHello(welcome->token));
    QVERIFY(refused && std::holds_alternative<Error>(*refused));
    QCOMPARE(std::get<Error>(*refused).code, ErrorCode::AuthFailed);
    QTRY_VERIFY(logsContain(relay, "event=token.expired_refused user=alice"));
}

QTEST_GUILESS_MAIN(TestRelayAuth)
#include "tst_relay_auth.moc"
