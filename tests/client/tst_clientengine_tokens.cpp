// Session tokens and logout against the real relay: a desktop signs in once with its password,
// stays signed in with a token, notices when that token is revoked, and logging out really ends
// the session everywhere it was used.
#include "client/clientengine.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::client::ClientEngine;

namespace {
constexpr int kWaitMs = 15000;
const QString kUser = u"carol"_s;
const QString kRoom = u"room:tokens"_s;
} // namespace

class TestClientEngineTokens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void passwordWithRequestTokenIssuesAToken();
    void tokenAloneSignsIn();
    void unknownTokenIsRejectedInPlainWords();
    void revokedWhileConnectedIsTokenRejected();
    void logoutEndsTheSessionEverywhere();
    void logoutWithoutConnectionIsLocal();

private:
    QString newToken();
    bool connectWith(ClientEngine &engine, const ClientEngine::Credentials &credentials);
    QString password() const { return relayadmin::passwordOf(kUser); }
    // A request and its answer: everything the engine sent before it has been answered too.
    static bool roundTrip(ClientEngine &engine);

    RelayProcess m_relay;
};

void TestClientEngineTokens::initTestCase()
{
    QVERIFY(relayadmin::addUsers(m_relay, { kUser }));
    QVERIFY(relayadmin::addRoom(m_relay, u"tokens"_s, { kUser }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

bool TestClientEngineTokens::connectWith(ClientEngine &engine, const ClientEngine::Credentials &credentials)
{
    QSignalSpy authenticated(&engine, &ClientEngine::authenticated);
    engine.connectToRelay(m_relay.url(), credentials);
    if (!authenticated.wait(kWaitMs)) {
        qWarning().noquote() << "not connected:" << engine.lastError();
        return false;
    }
    return true;
}

bool TestClientEngineTokens::roundTrip(ClientEngine &engine)
{
    QSignalSpy streams(&engine, &ClientEngine::streamsReceived);
    engine.listStreams();
    return streams.wait(kWaitMs);
}

QString TestClientEngineTokens::newToken()
{
    ClientEngine engine;
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    if (!connectWith(engine, { kUser, password(), {}, true }) || issued.isEmpty())
        return {};
    engine.disconnectFromRelay();
    return issued.constFirst().at(0).toString();
}

void TestClientEngineTokens::passwordWithRequestTokenIssuesAToken()
{
    ClientEngine plain;
    QSignalSpy plainIssued(&plain, &ClientEngine::sessionTokenIssued);
    QVERIFY(connectWith(plain, { kUser, password() }));
    QVERIFY(plainIssued.isEmpty()); // only when asked for

    ClientEngine engine;
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    QVERIFY(connectWith(engine, { kUser, password(), {}, true }));
    QCOMPARE(issued.size(), 1);
    const QString token = issued.constFirst().at(0).toString();
    const QDateTime expires = issued.constFirst().at(1).toDateTime();
    QVERIFY(token.startsWith(u"cfs_"_s));
    QVERIFY(expires > QDateTime::currentDateTimeUtc().addDays(1)); // default lifetime: 30 days
    // The old three-argument form still signs in with the password.
    ClientEngine legacy;
    QSignalSpy authenticated(&legacy, &ClientEngine::authenticated);
    legacy.connectToRelay(m_relay.url(), kUser, password());
    QVERIFY(authenticated.wait(kWaitMs));
}

void TestClientEngineTokens::tokenAloneSignsIn()
{
    const QString token = newToken();
    QVERIFY(!token.isEmpty());
    ClientEngine engine;
    QSignalSpy issued(&engine, &ClientEngine::sessionTokenIssued);
    QVERIFY(connectWith(engine, { {}, {}, token }));
    QCOMPARE(engine.userName(), kUser);
    QVERIFY(issued.isEmpty());

    // And it works: a message goes out and comes back.
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    QSignalSpy received(&engine, &ClientEngine::messageReceived);
    engine.subscribe(kRoom);
    QVERIFY(subscribed.wait(kWaitMs));
    engine.sendMessage(kRoom, u"signed in with a token"_s);
    QVERIFY(received.wait(kWaitMs));
    QCOMPARE(
        received.constFirst().at(0).value<confab::protocol::Message>().text, u"signed in with a token"_s);
}

void TestClientEngineTokens::unknownTokenIsRejectedInPlainWords()
{
    ClientEngine engine;
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    engine.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, {}, u"cfs_not-a-real-token"_s });
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::TokenRejected);
    QCOMPARE(engine.lastError(), u"Your saved sign-in has expired or was revoked; please sign in again."_s);
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);

    // A wrong password is still a wrong password, not a token problem.
    ClientEngine wrong;
    QSignalSpy wrongErrors(&wrong, &ClientEngine::connectionError);
    wrong.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, u"nope"_s, {}, true });
    QVERIFY(wrongErrors.wait(kWaitMs));
    QCOMPARE(wrong.lastFailure(), ClientEngine::Failure::AuthFailed);
}

void TestClientEngineTokens::revokedWhileConnectedIsTokenRejected()
{
    const QString token = newToken();
    ClientEngine engine;
    QVERIFY(connectWith(engine, { kUser, {}, token }));

    const RelayProcess::CommandResult list = m_relay.runAdmin({ u"token"_s, u"list"_s, kUser });
    QVERIFY(list.finished && list.exitCode == 0);
    QStringList sessionIds;
    for (const QByteArray &line : list.standardOutput.split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() >= 3 && fields.at(2) == "session")
            sessionIds.append(QString::fromLatin1(fields.at(0)));
    }
    QVERIFY(!sessionIds.isEmpty());
    QSignalSpy errors(&engine, &ClientEngine::connectionError);
    for (const QString &id : std::as_const(sessionIds))
        QVERIFY(m_relay.runAdmin({ u"token"_s, u"revoke"_s, id }).exitCode == 0);
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::TokenRejected);
    QVERIFY(engine.lastError().contains(u"sign in again"_s));

    ClientEngine later;
    QSignalSpy laterErrors(&later, &ClientEngine::connectionError);
    later.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, {}, token });
    QVERIFY(laterErrors.wait(kWaitMs));
    QCOMPARE(later.lastFailure(), ClientEngine::Failure::TokenRejected);
}

void TestClientEngineTokens::logoutEndsTheSessionEverywhere()
{
    const QString token = newToken();
    ClientEngine engine;
    QVERIFY(connectWith(engine, { kUser, {}, token }));
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    engine.subscribe(kRoom);
    QVERIFY(subscribed.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(engine.streamPosition(kRoom).has_value(), kWaitMs);

    // A second desktop signed in with the same token.
    ClientEngine other;
    QVERIFY(connectWith(other, { kUser, {}, token }));
    QSignalSpy otherLoggedOut(&other, &ClientEngine::loggedOut);

    QSignalSpy loggedOut(&engine, &ClientEngine::loggedOut);
    QSignalSpy states(&engine, &ClientEngine::stateChanged);
    engine.logout();
    QVERIFY(loggedOut.wait(kWaitMs));
    QCOMPARE(engine.state(), ClientEngine::State::Disconnected);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::LoggedOut);
    QVERIFY(!engine.lastError().isEmpty());
    QVERIFY(!engine.streamPosition(kRoom)); // nothing of the session is kept

    // The other desktop is told it was signed out, not that the network failed.
    QTRY_COMPARE_WITH_TIMEOUT(otherLoggedOut.size(), 1, kWaitMs);
    QCOMPARE(other.lastFailure(), ClientEngine::Failure::LoggedOut);
    QCOMPARE(other.state(), ClientEngine::State::Disconnected);

    // The token is dead on the relay.
    ClientEngine later;
    QSignalSpy errors(&later, &ClientEngine::connectionError);
    later.connectToRelay(m_relay.url(), ClientEngine::Credentials { kUser, {}, token });
    QVERIFY(errors.wait(kWaitMs));
    QCOMPARE(later.lastFailure(), ClientEngine::Failure::TokenRejected);

    // After a logout, signing in again starts from scratch: no resubscription of the old stream.
    QSignalSpy again(&engine, &ClientEngine::subscribed);
    QVERIFY(connectWith(engine, { kUser, password() }));
    QVERIFY(roundTrip(engine)); // a (wrong) resubscription would have been answered before this
    QVERIFY(again.isEmpty());
}

void TestClientEngineTokens::logoutWithoutConnectionIsLocal()
{
    ClientEngine engine;
    QSignalSpy loggedOut(&engine, &ClientEngine::loggedOut);
    engine.subscribe(kRoom);
    engine.logout();
    QTRY_COMPARE_WITH_TIMEOUT(loggedOut.size(), 1, kWaitMs);
    QCOMPARE(engine.lastFailure(), ClientEngine::Failure::LoggedOut);
    QSignalSpy subscribed(&engine, &ClientEngine::subscribed);
    QVERIFY(connectWith(engine, { kUser, password() }));
    QVERIFY(roundTrip(engine));
    QVERIFY(subscribed.isEmpty());
}

QTEST_GUILESS_MAIN(TestClientEngineTokens)
#include "tst_clientengine_tokens.moc"
