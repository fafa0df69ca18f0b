// Subscribing to topics over HTTP the way ntfy's users do, against the real relay binary with the
// real curl: newline-delimited JSON, Server-Sent Events and raw streams that receive notifications
// live, polls, every `since` form, several topics in one request, keepalives, and who may read.
#include "curlrun.h"
#include "relayprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// curl -N on a stream URL, running until stopped; what it has printed so far, by line.
class StreamingCurl
{
public:
    explicit StreamingCurl(const QStringList &arguments)
    {
        m_process.setProgram(u"curl"_s);
        m_process.setArguments(QStringList{u"-sS"_s, u"-N"_s} + arguments);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_output += m_process.readAllStandardOutput(); });
        m_process.start();
    }
    ~StreamingCurl()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool started() { return m_process.waitForStarted(5000); }
    const QByteArray &output() const { return m_output; }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    // The JSON objects of the complete lines so far (the /json format).
    QList<QJsonObject> objects() const
    {
        QList<QJsonObject> objects;
        const QList<QByteArray> lines = m_output.split('\n');
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) // the last piece is incomplete (or empty)
            objects.append(QJsonDocument::fromJson(lines.at(i)).object());
        return objects;
    }

private:
    QProcess m_process;
    QByteArray m_output;
};

QList<QJsonObject> withEvent(const QList<QJsonObject> &objects, const QString &event)
{
    QList<QJsonObject> matching;
    for (const QJsonObject &object : objects) {
        if (object.value("event"_L1).toString() == event)
            matching.append(object);
    }
    return matching;
}

QList<QJsonObject> messagesOf(const QList<QJsonObject> &objects)
{
    return withEvent(objects, u"message"_s);
}

QStringList bodiesOf(const QList<QJsonObject> &messages)
{
    QStringList bodies;
    for (const QJsonObject &message : messages)
        bodies.append(message.value("message"_L1).toString());
    return bodies;
}

// The messages of a finished poll body (JSON lines).
QList<QJsonObject> pollMessages(const CurlResult &result)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : result.body.split('\n')) {
        if (!line.trimmed().isEmpty())
            objects.append(QJsonDocument::fromJson(line).object());
    }
    return messagesOf(objects);
}

int errorCode(const CurlResult &result)
{
    return QJsonDocument::fromJson(result.body).object().value("code"_L1).toInt();
}

} // namespace

class TestRelayHttpSubscribe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void jsonStreamReceivesLive();
    void sseStreamReceivesLive();
    void rawPollHasOneBodyPerLine();
    void pollEndsWithWhatIsStored();
    void sinceForms();
    void replayThenLiveWithoutGapOrRepeat();
    void severalTopicsInOneRequest();
    void severalTopicsResumeFromAnyId();
    void revokedAccessEndsTheStream();
    void keepalivesArrive();
    void signInForms();
    void refusals();

private:
    QString url(const QString &path) const { return u"http://127.0.0.1:%1%2"_s.arg(m_relay->port()).arg(path); }
    bool publish(const QString &topic, const QString &body, const QStringList &options = {});
    QStringList annArgs(const QString &path) const { return {u"-u"_s, u"ann:pw-ann"_s, url(path)}; }

    std::unique_ptr<RelayProcess> m_relay;
};

void TestRelayHttpSubscribe::initTestCase()
{
    m_relay = std::make_unique<RelayProcess>();
    QVERIFY(m_relay->addUser(u"ann"_s, u"pw-ann"_s));
    QVERIFY(m_relay->addUser(u"bob"_s, u"pw-bob"_s));
    QVERIFY(m_relay->addUser(u"carl"_s, u"pw-carl"_s));
    for (const QString &topic : {u"alerts"_s, u"polls"_s, u"since"_s, u"live"_s, u"m1"_s, u"m2"_s, u"secret"_s,
                                 u"ma"_s, u"mb"_s, u"shared"_s})
        QCOMPARE(m_relay->runAdmin({u"topic"_s, u"create"_s, topic}).exitCode, 0);
    // secret has an ACL entry: only bob may read it.
    QCOMPARE(m_relay->runAdmin({u"acl"_s, u"grant"_s, u"secret"_s, u"user:bob"_s, u"read"_s}).exitCode, 0);
    // shared: ann, bob and carl may read it (until revokedAccessEndsTheStream takes bob's entry away).
    QCOMPARE(m_relay->runAdmin({u"acl"_s, u"grant"_s, u"shared"_s, u"user:ann"_s, u"read"_s}).exitCode, 0);
    QCOMPARE(m_relay->runAdmin({u"acl"_s, u"grant"_s, u"shared"_s, u"user:bob"_s, u"read"_s}).exitCode, 0);
    QCOMPARE(m_relay->runAdmin({u"acl"_s, u"grant"_s, u"shared"_s, u"user:carl"_s, u"read"_s}).exitCode, 0);
    // Short keepalives, so the test sees them; every other check ignores them.
    m_relay->setExtraArguments({u"--http-keepalive-interval-ms"_s, u"400"_s});
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
}

void TestRelayHttpSubscribe::cleanupTestCase()
{
    if (m_relay)
        QVERIFY(m_relay->terminate());
}

bool TestRelayHttpSubscribe::publish(const QString &topic, const QString &body, const QStringList &options)
{
    const RelayProcess::CommandResult result = m_relay->runAdmin(QStringList{u"publish"_s, topic, body} + options);
    if (!result.finished || result.exitCode != 0)
        qWarning() << "publish failed:" << result.standardError;
    return result.finished && result.exitCode == 0;
}

void TestRelayHttpSubscribe::jsonStreamReceivesLive()
{
    StreamingCurl stream(annArgs(u"/alerts/json"_s));
    QVERIFY(stream.started());
    QTRY_VERIFY_WITH_TIMEOUT(!stream.objects().isEmpty(), 10000);
    const QJsonObject open = stream.objects().constFirst();
    QCOMPARE(open.value("event"_L1).toString(), u"open"_s);
    QCOMPARE(open.value("topic"_L1).toString(), u"alerts"_s);

    QVERIFY(publish(u"alerts"_s, u"Backup done"_s,
                    {u"--title"_s, u"Nightly"_s, u"--priority"_s, u"4"_s, u"--tags"_s, u"db,backup"_s, u"--click"_s,
                     u"https://example.com/runs/7"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(stream.objects()).size(), 1, 10000);
    const QJsonObject message = messagesOf(stream.objects()).constFirst();
    QCOMPARE(message.value("topic"_L1).toString(), u"alerts"_s);
    QCOMPARE(message.value("message"_L1).toString(), u"Backup done"_s);
    QCOMPARE(message.value("title"_L1).toString(), u"Nightly"_s);
    QCOMPARE(message.value("priority"_L1).toInt(), 4);
    QCOMPARE(message.value("tags"_L1).toArray(), QJsonArray({u"db"_s, u"backup"_s}));
    QCOMPARE(message.value("click"_L1).toString(), u"https://example.com/runs/7"_s);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY(qAbs(message.value("time"_L1).toInteger() - now) < 60);
    QVERIFY(message.value("id"_L1).toString().endsWith(u"-1"_s));
    QVERIFY(stream.isRunning()); // a stream stays open for what comes next
}

void TestRelayHttpSubscribe::sseStreamReceivesLive()
{
    StreamingCurl stream(annArgs(u"/alerts/sse"_s));
    QVERIFY(stream.started());
    QTRY_VERIFY_WITH_TIMEOUT(stream.output().contains("event: open\ndata: {"), 10000);
    QVERIFY(publish(u"alerts"_s, u"Disk almost full"_s, {u"--priority"_s, u"5"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(stream.output().contains("event: message\n"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(stream.output().endsWith("\n\n"), 10000);

    // id: <id>\nevent: message\ndata: <json>\n\n, as ntfy serves it.
    const QByteArray output = stream.output();
    const qsizetype start = output.lastIndexOf("id: ");
    QVERIFY(start >= 0);
    const QList<QByteArray> lines = output.mid(start).split('\n');
    QVERIFY(lines.size() >= 3);
    const QByteArray id = lines.at(0).mid(4);
    QCOMPARE(lines.at(1), "event: message");
    QVERIFY(lines.at(2).startsWith("data: "));
    const QJsonObject message = QJsonDocument::fromJson(lines.at(2).mid(6)).object();
    QCOMPARE(message.value("id"_L1).toString().toUtf8(), id);
    QCOMPARE(message.value("message"_L1).toString(), u"Disk almost full"_s);
    QCOMPARE(message.value("priority"_L1).toInt(), 5);
}

void TestRelayHttpSubscribe::rawPollHasOneBodyPerLine()
{
    QVERIFY(publish(u"polls"_s, u"first"_s));
    QVERIFY(publish(u"polls"_s, u"second"_s));
    QVERIFY(publish(u"polls"_s, u"third"_s));
    const CurlResult result = runCurl(annArgs(u"/polls/raw?poll=1"_s));
    QVERIFY(result.ran);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith("text/plain"));
    QCOMPARE(result.body, "first\nsecond\nthird\n");
}

void TestRelayHttpSubscribe::pollEndsWithWhatIsStored()
{
    // Runs after rawPollHasOneBodyPerLine: polls holds first, second, third.
    const CurlResult result = runCurl(annArgs(u"/polls/json?poll=1"_s));
    QVERIFY(result.ran);
    QCOMPARE(result.exitCode, 0); // the answer ended by itself
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith("application/x-ndjson"));
    QVERIFY(!result.body.contains("\"open\"")); // a poll has no open event, as in ntfy
    const QList<QJsonObject> messages = pollMessages(result);
    QCOMPARE(bodiesOf(messages), (QStringList{u"first"_s, u"second"_s, u"third"_s}));
    for (const QJsonObject &message : messages)
        QCOMPARE(message.value("topic"_L1).toString(), u"polls"_s);

    const CurlResult sse = runCurl(annArgs(u"/polls/sse?poll=1"_s));
    QCOMPARE(sse.status, 200);
    QVERIFY(sse.header("content-type").startsWith("text/event-stream"));
    QCOMPARE(sse.body.count("event: message\n"), 3);
}

void TestRelayHttpSubscribe::sinceForms()
{
    QVERIFY(publish(u"since"_s, u"one"_s));
    QVERIFY(publish(u"since"_s, u"two"_s));
    QVERIFY(publish(u"since"_s, u"three"_s));
    const auto bodiesSince = [this](const QString &since) {
        const CurlResult result = runCurl(annArgs(u"/since/json?poll=1&since="_s + since));
        if (result.status != 200)
            qWarning() << since << result.status << result.body;
        return bodiesOf(pollMessages(result));
    };
    const QStringList all{u"one"_s, u"two"_s, u"three"_s};
    QCOMPARE(bodiesSince(u"all"_s), all);
    QCOMPARE(bodiesSince(u"latest"_s), QStringList{u"three"_s});
    QCOMPARE(bodiesSince(u"1"_s), (QStringList{u"two"_s, u"three"_s})); // a sequence number
    QCOMPARE(bodiesSince(u"1h"_s), all);
    QCOMPARE(bodiesSince(u"10m"_s), all);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QCOMPARE(bodiesSince(QString::number(now - 3600)), all);
    QCOMPARE(bodiesSince(QString::number(now + 3600)), QStringList());

    // The id of a message leads back to its position.
    const QList<QJsonObject> messages = pollMessages(runCurl(annArgs(u"/since/json?poll=1"_s)));
    QCOMPARE(messages.size(), 3);
    QCOMPARE(bodiesSince(messages.at(0).value("id"_L1).toString()), (QStringList{u"two"_s, u"three"_s}));
    QCOMPARE(bodiesSince(messages.at(2).value("id"_L1).toString()), QStringList());

    // 18 digits: a time far in the future (it once overflowed into the past and replayed all).
    QCOMPARE(bodiesSince(u"999999999999999999"_s), QStringList());

    const CurlResult bad = runCurl(annArgs(u"/since/json?poll=1&since=yesterday"_s));
    QCOMPARE(bad.status, 400);
    QCOMPARE(errorCode(bad), 40008);
}

void TestRelayHttpSubscribe::replayThenLiveWithoutGapOrRepeat()
{
    for (int i = 1; i <= 50; ++i)
        QVERIFY(publish(u"live"_s, u"stored %1"_s.arg(i)));
    StreamingCurl stream(annArgs(u"/live/json?since=all"_s));
    QVERIFY(stream.started());
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(stream.objects()).size(), 50, 15000);
    QCOMPARE(stream.objects().constFirst().value("event"_L1).toString(), u"open"_s);
    for (int i = 1; i <= 5; ++i)
        QVERIFY(publish(u"live"_s, u"live %1"_s.arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(stream.objects()).size(), 55, 15000);
    const QList<QJsonObject> messages = messagesOf(stream.objects());
    for (int i = 0; i < messages.size(); ++i) {
        const QString expected = i < 50 ? u"stored %1"_s.arg(i + 1) : u"live %1"_s.arg(i - 49);
        QCOMPARE(messages.at(i).value("message"_L1).toString(), expected);
        QVERIFY(messages.at(i).value("id"_L1).toString().endsWith(u"-%1"_s.arg(i + 1)));
    }
}

void TestRelayHttpSubscribe::severalTopicsInOneRequest()
{
    QVERIFY(publish(u"m1"_s, u"stored in m1"_s));
    StreamingCurl stream(annArgs(u"/m1,m2/json?since=all"_s));
    QVERIFY(stream.started());
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(stream.objects()).size(), 1, 10000);
    QCOMPARE(stream.objects().constFirst().value("topic"_L1).toString(), u"m1,m2"_s);
    QVERIFY(publish(u"m2"_s, u"live in m2"_s));
    QVERIFY(publish(u"m1"_s, u"live in m1"_s));
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(stream.objects()).size(), 3, 10000);
    const QList<QJsonObject> messages = messagesOf(stream.objects());
    QCOMPARE(bodiesOf(messages), (QStringList{u"stored in m1"_s, u"live in m2"_s, u"live in m1"_s}));
    QCOMPARE(messages.at(1).value("topic"_L1).toString(), u"m2"_s);
    QCOMPARE(messages.at(2).value("topic"_L1).toString(), u"m1"_s);

    // A message id of one topic places the other topics by its time.
    const CurlResult poll = runCurl(annArgs(u"/m1,m2/json?poll=1&since="_s + messages.at(0).value("id"_L1).toString()));
    QCOMPARE(poll.status, 200);
    QStringList after = bodiesOf(pollMessages(poll));
    after.sort();
    QCOMPARE(after, (QStringList{u"live in m1"_s, u"live in m2"_s}));
}

void TestRelayHttpSubscribe::severalTopicsResumeFromAnyId()
{
    // The stored messages of several topics come merged by time, so the last id a client saw is a
    // position in every topic: resuming from it gives exactly what followed, whatever topic it
    // names (served topic by topic, resuming after "a2" would lose "b1").
    const QStringList order{u"a1"_s, u"b1"_s, u"a2"_s, u"b2"_s, u"a3"_s};
    for (const QString &body : order)
        QVERIFY(publish(body.startsWith(u'a') ? u"ma"_s : u"mb"_s, body));
    const QList<QJsonObject> all = pollMessages(runCurl(annArgs(u"/ma,mb/json?poll=1&since=all"_s)));
    QCOMPARE(bodiesOf(all), order);
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString id = all.at(i).value("id"_L1).toString();
        const CurlResult resumed = runCurl(annArgs(u"/ma,mb/json?poll=1&since="_s + id));
        QCOMPARE(resumed.status, 200);
        QCOMPARE(bodiesOf(pollMessages(resumed)), order.mid(i + 1));
    }
}

void TestRelayHttpSubscribe::revokedAccessEndsTheStream()
{
    // An ACL entry taken away while bob follows the topic: the stream ends, nothing more reaches him.
    StreamingCurl acl({u"-u"_s, u"bob:pw-bob"_s, url(u"/shared/json"_s)});
    QVERIFY(acl.started());
    QTRY_VERIFY_WITH_TIMEOUT(!acl.objects().isEmpty(), 10000);
    QVERIFY(publish(u"shared"_s, u"before"_s));
    QTRY_COMPARE_WITH_TIMEOUT(messagesOf(acl.objects()).size(), 1, 10000);
    QCOMPARE(m_relay->runAdmin({u"acl"_s, u"revoke"_s, u"shared"_s, u"user:bob"_s}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!acl.isRunning(), 10000);
    QCOMPARE(messagesOf(acl.objects()).size(), 1);

    // A revoked API token: the same.
    const RelayProcess::CommandResult created
        = m_relay->runAdmin({u"token"_s, u"create"_s, u"carl"_s, u"--topic"_s, u"shared:r"_s});
    QCOMPARE(created.exitCode, 0);
    const QString secret = QString::fromUtf8(created.standardOutput.trimmed());
    const QList<QByteArray> listed = m_relay->runAdmin({u"token"_s, u"list"_s, u"carl"_s}).standardOutput.split('\n');
    QVERIFY(listed.size() >= 2);
    const QString tokenId = QString::fromUtf8(listed.at(1).simplified().split(' ').constFirst());
    QVERIFY(!tokenId.isEmpty());
    StreamingCurl token({u"-H"_s, u"Authorization: Bearer "_s + secret, url(u"/shared/json"_s)});
    QVERIFY(token.started());
    QTRY_VERIFY_WITH_TIMEOUT(!token.objects().isEmpty(), 10000);
    QCOMPARE(token.objects().constFirst().value("event"_L1).toString(), u"open"_s);
    QCOMPARE(m_relay->runAdmin({u"token"_s, u"revoke"_s, tokenId}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!token.isRunning(), 10000);
    QVERIFY(publish(u"shared"_s, u"after"_s));
    QCOMPARE(messagesOf(token.objects()).size(), 0);
}

void TestRelayHttpSubscribe::keepalivesArrive()
{
    StreamingCurl stream(annArgs(u"/alerts/json"_s));
    QVERIFY(stream.started());
    QTRY_VERIFY_WITH_TIMEOUT(withEvent(stream.objects(), u"keepalive"_s).size() >= 2, 10000);
    const QJsonObject keepalive = withEvent(stream.objects(), u"keepalive"_s).constFirst();
    QCOMPARE(keepalive.value("topic"_L1).toString(), u"alerts"_s);
    QVERIFY(keepalive.contains("time"_L1));
}

void TestRelayHttpSubscribe::signInForms()
{
    const RelayProcess::CommandResult token
        = m_relay->runAdmin({u"token"_s, u"create"_s, u"ann"_s, u"--topic"_s, u"alerts:r"_s});
    QCOMPARE(token.exitCode, 0);
    const QString secret = QString::fromUtf8(token.standardOutput.trimmed());

    CurlResult result = runCurl({u"-H"_s, u"Authorization: Bearer "_s + secret, url(u"/alerts/json?poll=1"_s)});
    QCOMPARE(result.status, 200);
    QVERIFY(!pollMessages(result).isEmpty());

    result = runCurl({u"-u"_s, u":"_s + secret, url(u"/alerts/json?poll=1"_s)}); // Basic with the token
    QCOMPARE(result.status, 200);

    result = runCurl(annArgs(u"/alerts/json?poll=1"_s)); // Basic with name and password
    QCOMPARE(result.status, 200);

    // ntfy's auth parameter: the Authorization value, base64url without padding.
    const QByteArray basic = "Basic " + QByteArray("ann:pw-ann").toBase64();
    const QString auth
        = QString::fromLatin1(basic.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    result = runCurl({url(u"/alerts/json?poll=1&auth="_s + auth)});
    QCOMPARE(result.status, 200);

    // The token is scoped to alerts: not to polls.
    result = runCurl({u"-H"_s, u"Authorization: Bearer "_s + secret, url(u"/polls/json?poll=1"_s)});
    QCOMPARE(result.status, 403);
}

void TestRelayHttpSubscribe::refusals()
{
    CurlResult result = runCurl({url(u"/alerts/json?poll=1"_s)});
    QCOMPARE(result.status, 401);
    QCOMPARE(errorCode(result), 40101);
    QVERIFY(!result.header("www-authenticate").isEmpty());

    result = runCurl({u"-u"_s, u"ann:wrong"_s, url(u"/alerts/json?poll=1"_s)});
    QCOMPARE(result.status, 401);

    result = runCurl(annArgs(u"/secret/json?poll=1"_s));
    QCOMPARE(result.status, 403);
    QCOMPARE(errorCode(result), 40301);
    // Refused in a multi-topic request too, even when the other topic is fine.
    result = runCurl(annArgs(u"/alerts,secret/json?poll=1"_s));
    QCOMPARE(result.status, 403);

    result = runCurl({u"-u"_s, u"bob:pw-bob"_s, url(u"/secret/json?poll=1"_s)});
    QCOMPARE(result.status, 200);

    result = runCurl(annArgs(u"/Alerts/json"_s));
    QCOMPARE(result.status, 400);
    QCOMPARE(errorCode(result), 40010);

    // At most 16 topics in one request.
    QStringList topics;
    for (int i = 0; i < 17; ++i)
        topics.append(u"t%1"_s.arg(i));
    result = runCurl(annArgs(u"/"_s + topics.join(u',') + u"/json"_s));
    QCOMPARE(result.status, 400);
    QCOMPARE(errorCode(result), 40010);
}

QTEST_GUILESS_MAIN(TestRelayHttpSubscribe)
#include "tst_relay_http_subscribe.moc"
