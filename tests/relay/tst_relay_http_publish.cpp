// Publishing with curl the way ntfy's users do, against the real relay binary: every header,
// alias and query form, JSON publishing, each way to sign in, the refusals (no permission, not
// signed in, too large, bad priority or delay, reserved and invalid topic names), scheduled
// delivery, and topics created by their first publish. Each notification is checked where a user
// sees it: at a WebSocket client subscribed to the topic.
#include "curlrun.h"
#include "rawclient.h"
#include "relayprocess.h"

#include "protocol/frames.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kPassword = u"correct horse battery"_s;

QJsonObject jsonOf(const CurlResult &result)
{
    return QJsonDocument::fromJson(result.body).object();
}

QString describe(const CurlResult &result)
{
    return u"curl exit %1, HTTP %2: %3 %4"_s.arg(result.exitCode)
        .arg(result.status)
        .arg(QString::fromUtf8(result.body), QString::fromUtf8(result.standardError));
}

} // namespace

class TestRelayHttpPublish : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void publishesWithEveryField();
    void headerAliasesAndQueryForms_data();
    void headerAliasesAndQueryForms();
    void putAndGetTriggers();
    void politelyIgnoredFields();
    void jsonPublishing();
    void authForms_data();
    void authForms();
    void badCredentials();
    void refusals_data();
    void refusals();
    void tooLarge();
    void delayedDelivery();
    void firstPublishCreatesTheTopic();
    void anonymousPublishing();

private:
    QString url(const QString &pathAndQuery) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(m_relay->port()).arg(pathAndQuery);
    }
    CurlResult post(const QStringList &arguments)
    {
        return runCurl(arguments);
    }
    // The next notification the subscriber gets.
    std::optional<Notification> received(int timeoutMs = 5000) { return m_bob->nextAs<Notification>(timeoutMs); }

    std::unique_ptr<RelayProcess> m_relay;
    std::unique_ptr<RawClient> m_bob; // subscribed to topic:alerts
    QString m_sessionToken;           // alice's
    QString m_apiToken;               // alice's, scoped to alerts
};

void TestRelayHttpPublish::initTestCase()
{
    m_relay = std::make_unique<RelayProcess>();
    for (const QString &user : { u"alice"_s, u"bob"_s, u"carol"_s })
        QVERIFY(m_relay->addUser(user, kPassword));
    QCOMPARE(m_relay->runAdmin({ u"topic"_s, u"create"_s, u"alerts"_s }).exitCode, 0);
    QCOMPARE(m_relay->runAdmin({ u"acl"_s, u"grant"_s, u"alerts"_s, u"user:alice"_s, u"read-write"_s }).exitCode, 0);
    QCOMPARE(m_relay->runAdmin({ u"acl"_s, u"grant"_s, u"alerts"_s, u"user:bob"_s, u"read"_s }).exitCode, 0);
    const RelayProcess::CommandResult token
        = m_relay->runAdmin({ u"token"_s, u"create"_s, u"alice"_s, u"--label"_s, u"ci"_s, u"--topic"_s, u"alerts:rw"_s });
    QVERIFY2(token.exitCode == 0, token.standardError.constData());
    m_apiToken = QString::fromUtf8(token.standardOutput).trimmed();
    QVERIFY(!m_apiToken.isEmpty());
    // Topics without ACL entries: open to every user and to requests without credentials.
    m_relay->setExtraArguments({ u"--default-topic-access"_s, u"read-write"_s, u"--anonymous-topic-access"_s,
        u"read-write"_s, u"--login-failures-per-address"_s, u"1000"_s, u"--login-failures-per-account"_s, u"1000"_s });
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));

    RawClient alice;
    QVERIFY(alice.open(m_relay->url()));
    Hello hello;
    hello.id = u"login"_s;
    hello.username = u"alice"_s;
    hello.password = kPassword;
    hello.newToken = true;
    alice.send(hello);
    const std::optional<Welcome> welcome = alice.nextAs<Welcome>();
    QVERIFY(welcome);
    m_sessionToken = welcome->token;
    QVERIFY(!m_sessionToken.isEmpty());
}

void TestRelayHttpPublish::cleanupTestCase()
{
    m_bob.reset();
    if (m_relay)
        QVERIFY(m_relay->terminate());
}

void TestRelayHttpPublish::init()
{
    // A fresh subscriber per test, so one test's leftovers never meet the next one's checks.
    m_bob = std::make_unique<RawClient>();
    QVERIFY(m_bob->login(m_relay->url(), u"bob"_s, kPassword));
    QVERIFY(m_bob->subscribe(u"topic:alerts"_s));
}

void TestRelayHttpPublish::publishesWithEveryField()
{
    const CurlResult result = post({ u"-u"_s, u"alice:"_s + kPassword, u"-H"_s, u"Title: Disk full"_s, u"-H"_s,
        u"Priority: urgent"_s, u"-H"_s, u"Tags: warning,skull"_s, u"-H"_s, u"Click: https://example.com/disk"_s,
        u"-H"_s, u"Icon: https://example.com/icon.png"_s, u"-H"_s,
        u"Actions: view, Open portal, https://example.com/; http, Close door, https://api.example.com/door, "
        u"method=PUT, headers.Authorization=Bearer x, body={\"closed\":true}, clear=true"_s,
        u"-d"_s, u"Only 2% left on /var"_s, url(u"/alerts"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    QVERIFY(result.header("content-type").startsWith("application/json"));
    const QJsonObject answer = jsonOf(result);
    QCOMPARE(answer.value("event"_L1).toString(), u"message"_s);
    QCOMPARE(answer.value("topic"_L1).toString(), u"alerts"_s);
    QCOMPARE(answer.value("message"_L1).toString(), u"Only 2% left on /var"_s);
    QCOMPARE(answer.value("title"_L1).toString(), u"Disk full"_s);
    QCOMPARE(answer.value("priority"_L1).toInt(), 5);
    QCOMPARE(answer.value("tags"_L1).toArray().size(), 2);
    QCOMPARE(answer.value("click"_L1).toString(), u"https://example.com/disk"_s);
    QCOMPARE(answer.value("actions"_L1).toArray().size(), 2);
    QVERIFY(!answer.value("id"_L1).toString().isEmpty());
    QVERIFY(qAbs(answer.value("time"_L1).toInteger() - QDateTime::currentSecsSinceEpoch()) < 60);

    const std::optional<Notification> seen = received();
    QVERIFY(seen);
    QCOMPARE(seen->stream, u"topic:alerts"_s);
    QCOMPARE(seen->sender, u"alice"_s);
    QCOMPARE(seen->body, u"Only 2% left on /var"_s);
    QCOMPARE(seen->title, u"Disk full"_s);
    QCOMPARE(seen->priority, 5);
    QCOMPARE(seen->tags, QStringList({ u"warning"_s, u"skull"_s }));
    QCOMPARE(seen->click, u"https://example.com/disk"_s);
    QCOMPARE(seen->icon, u"https://example.com/icon.png"_s);
    QCOMPARE(seen->actions.size(), 2);
    QCOMPARE(seen->actions[0].action, NotificationActionKind::View);
    QCOMPARE(seen->actions[0].label, u"Open portal"_s);
    QCOMPARE(seen->actions[1].action, NotificationActionKind::Http);
    QCOMPARE(seen->actions[1].method, HttpMethod::Put);
    QCOMPARE(seen->actions[1].headers.value(u"Authorization"_s), u"Bearer x"_s);
    QCOMPARE(seen->actions[1].body, u"{\"closed\":true}"_s);
    QVERIFY(seen->actions[1].clear);
    // The answer's id is the stored notification's.
    QVERIFY(answer.value("id"_L1).toString().endsWith(u"-"_s + QString::number(seen->seq)));
}

void TestRelayHttpPublish::headerAliasesAndQueryForms_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("header"); // empty: the query form
    QTest::addColumn<QString>("query");
    const QList<std::pair<QString, QStringList>> headers = {
        { u"title"_s, { u"X-Title"_s, u"Title"_s, u"ti"_s, u"t"_s, u"x-TITLE"_s } },
        { u"priority"_s, { u"X-Priority"_s, u"Priority"_s, u"prio"_s, u"p"_s } },
        { u"tags"_s, { u"X-Tags"_s, u"Tags"_s, u"tag"_s, u"ta"_s } },
        { u"click"_s, { u"X-Click"_s, u"Click"_s } },
        { u"icon"_s, { u"X-Icon"_s, u"Icon"_s } },
        { u"actions"_s, { u"X-Actions"_s, u"Actions"_s, u"Action"_s } },
        { u"message"_s, { u"X-Message"_s, u"Message"_s, u"m"_s } },
    };
    for (const auto &[field, names] : headers) {
        for (const QString &name : names)
            QTest::newRow(qPrintable(field + u" header "_s + name)) << field << name << QString();
    }
    const QList<std::pair<QString, QStringList>> queries = {
        { u"title"_s, { u"title"_s, u"ti"_s, u"t"_s } },
        { u"priority"_s, { u"priority"_s, u"prio"_s, u"p"_s } },
        { u"tags"_s, { u"tags"_s, u"tag"_s, u"ta"_s } },
        { u"click"_s, { u"click"_s } },
        { u"icon"_s, { u"icon"_s } },
        { u"actions"_s, { u"actions"_s, u"action"_s } },
        { u"message"_s, { u"message"_s, u"m"_s } },
    };
    for (const auto &[field, names] : queries) {
        for (const QString &name : names)
            QTest::newRow(qPrintable(field + u" query "_s + name)) << field << QString() << name;
    }
}

void TestRelayHttpPublish::headerAliasesAndQueryForms()
{
    QFETCH(QString, field);
    QFETCH(QString, header);
    QFETCH(QString, query);
    static const QHash<QString, QString> values = {
        { u"title"_s, u"Backup done"_s },
        { u"priority"_s, u"high"_s },
        { u"tags"_s, u"tada,backup"_s },
        { u"click"_s, u"https://example.com/c?x=1"_s },
        { u"icon"_s, u"https://example.com/i.png"_s },
        { u"actions"_s, u"view, Open, https://example.com/o"_s },
        { u"message"_s, u"Said in a parameter"_s },
    };
    const QString value = values.value(field);
    QStringList arguments { u"-u"_s, u"alice:"_s + kPassword, u"-X"_s, u"POST"_s };
    QString path = u"/alerts"_s;
    if (!header.isEmpty()) {
        arguments << u"-H"_s << header + u": "_s + value;
    } else {
        path += u"?"_s + query + u"="_s + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    if (field != u"message")
        arguments << u"-d"_s << u"the body"_s;
    arguments << url(path);
    const CurlResult result = post(arguments);
    QVERIFY2(result.status == 200, qPrintable(describe(result)));

    const std::optional<Notification> seen = received();
    QVERIFY(seen);
    if (field == u"title")
        QCOMPARE(seen->title, value);
    else if (field == u"priority")
        QCOMPARE(seen->priority, 4);
    else if (field == u"tags")
        QCOMPARE(seen->tags, QStringList({ u"tada"_s, u"backup"_s }));
    else if (field == u"click")
        QCOMPARE(seen->click, value);
    else if (field == u"icon")
        QCOMPARE(seen->icon, value);
    else if (field == u"actions") {
        QCOMPARE(seen->actions.size(), 1);
        QCOMPARE(seen->actions[0].label, u"Open"_s);
        QCOMPARE(seen->actions[0].url, u"https://example.com/o"_s);
    } else if (field == u"message")
        QCOMPARE(seen->body, value);
    if (field != u"message")
        QCOMPARE(seen->body, u"the body"_s);
}

void TestRelayHttpPublish::putAndGetTriggers()
{
    CurlResult result;
    // PUT with a body from a file, as `curl -T file` does.
    result = runCurl({ u"-u"_s, u"alice:"_s + kPassword, u"-X"_s, u"PUT"_s, u"--data-binary"_s, u"put body"_s,
                         url(u"/alerts"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    std::optional<Notification> seen = received();
    QVERIFY(seen);
    QCOMPARE(seen->body, u"put body"_s);
    // Webhooks that can only GET: /<topic>/publish, /send, /trigger.
    for (const QString &suffix : { u"publish"_s, u"send"_s, u"trigger"_s }) {
        result = runCurl({ u"-u"_s, u"alice:"_s + kPassword,
            url(u"/alerts/%1?message=via%20%1&priority=2"_s.arg(suffix)) });
        QVERIFY2(result.status == 200, qPrintable(describe(result)));
        seen = received();
        QVERIFY(seen);
        QCOMPARE(seen->body, u"via "_s + suffix);
        QCOMPARE(seen->priority, 2);
    }
}

void TestRelayHttpPublish::politelyIgnoredFields()
{
    const CurlResult result = post({ u"-u"_s, u"alice:"_s + kPassword, u"-H"_s, u"Markdown: yes"_s, u"-H"_s,
        u"Email: ops@example.com"_s, u"-H"_s, u"Call: +15550100"_s, u"-H"_s, u"Cache: no"_s, u"-H"_s,
        u"Firebase: no"_s, u"-H"_s, u"UnifiedPush: 1"_s, u"-H"_s, u"X-E-Mail: a@example.com"_s, u"-d"_s,
        u"**bold** news"_s, url(u"/alerts?md=1&e=b@example.com&up=1"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    const std::optional<Notification> seen = received();
    QVERIFY(seen);
    QCOMPARE(seen->body, u"**bold** news"_s);
}

void TestRelayHttpPublish::jsonPublishing()
{
    const QByteArray body = R"({"topic":"alerts","message":"From JSON","title":"CI","priority":4,
        "tags":["ci","green"],"click":"https://ci.example.com/1","icon":"https://ci.example.com/i.png",
        "actions":[{"action":"view","label":"Build","url":"https://ci.example.com/1"},
                   {"action":"http","label":"Retry","url":"https://ci.example.com/retry","method":"POST",
                    "headers":{"X-Token":"t"},"body":"again","clear":true}],
        "markdown":true,"email":"x@example.com"})";
    const CurlResult result = post({ u"-u"_s, u"alice:"_s + kPassword, u"-H"_s, u"Content-Type: application/json"_s,
        u"--data-binary"_s, QString::fromUtf8(body), url(u"/"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    QCOMPARE(jsonOf(result).value("topic"_L1).toString(), u"alerts"_s);
    QCOMPARE(jsonOf(result).value("title"_L1).toString(), u"CI"_s);
    const std::optional<Notification> seen = received();
    QVERIFY(seen);
    QCOMPARE(seen->body, u"From JSON"_s);
    QCOMPARE(seen->title, u"CI"_s);
    QCOMPARE(seen->priority, 4);
    QCOMPARE(seen->tags, QStringList({ u"ci"_s, u"green"_s }));
    QCOMPARE(seen->click, u"https://ci.example.com/1"_s);
    QCOMPARE(seen->icon, u"https://ci.example.com/i.png"_s);
    QCOMPARE(seen->actions.size(), 2);
    QCOMPARE(seen->actions[1].headers.value(u"X-Token"_s), u"t"_s);
    QVERIFY(seen->actions[1].clear);

    // Refusals of JSON publishing.
    CurlResult bad = post({ u"-u"_s, u"alice:"_s + kPassword, u"--data-binary"_s, u"{\"message\":\"no topic\"}"_s,
        url(u"/"_s) });
    QCOMPARE(bad.status, 400);
    bad = post({ u"-u"_s, u"alice:"_s + kPassword, u"--data-binary"_s, u"not json"_s, url(u"/"_s) });
    QCOMPARE(bad.status, 400);
    QCOMPARE(jsonOf(bad).value("code"_L1).toInt(), 40017);
    QVERIFY(m_bob->quiet());
}

void TestRelayHttpPublish::authForms_data()
{
    QTest::addColumn<QString>("form");
    QTest::newRow("basic") << u"basic"_s;
    QTest::newRow("bearer session token") << u"session"_s;
    QTest::newRow("bearer api token") << u"api"_s;
    QTest::newRow("basic with token as password") << u"basic-token"_s;
    QTest::newRow("auth parameter basic") << u"auth-basic"_s;
    QTest::newRow("auth parameter bearer") << u"auth-bearer"_s;
    QTest::newRow("auth parameter padded") << u"auth-padded"_s;
}

void TestRelayHttpPublish::authForms()
{
    QFETCH(QString, form);
    const QByteArray basic = "Basic " + QByteArray("alice:" + kPassword.toUtf8()).toBase64();
    QStringList arguments;
    QString path = u"/alerts"_s;
    if (form == u"basic")
        arguments << u"-u"_s << u"alice:"_s + kPassword;
    else if (form == u"session")
        arguments << u"-H"_s << u"Authorization: Bearer "_s + m_sessionToken;
    else if (form == u"api")
        arguments << u"-H"_s << u"Authorization: Bearer "_s + m_apiToken;
    else if (form == u"basic-token")
        arguments << u"-u"_s << u":"_s + m_apiToken;
    else if (form == u"auth-basic")
        path += u"?auth="_s
            + QString::fromLatin1(basic.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    else if (form == u"auth-bearer")
        path += u"?auth="_s
            + QString::fromLatin1(QByteArray("Bearer " + m_apiToken.toUtf8())
                                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    else if (form == u"auth-padded")
        path += u"?auth="_s + QString::fromLatin1(QUrl::toPercentEncoding(
                                  QString::fromLatin1(basic.toBase64(QByteArray::Base64UrlEncoding))));
    arguments << u"-d"_s << u"signed in as "_s + form << url(path);
    const CurlResult result = post(arguments);
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    const std::optional<Notification> seen = received();
    QVERIFY(seen);
    QCOMPARE(seen->sender, u"alice"_s);
    QCOMPARE(seen->body, u"signed in as "_s + form);
}

void TestRelayHttpPublish::badCredentials()
{
    const QList<QStringList> attempts = {
        { u"-u"_s, u"alice:wrong password"_s },
        { u"-u"_s, u"nobody:"_s + kPassword },
        { u"-H"_s, u"Authorization: Bearer cfa_not_a_token"_s },
        { u"-H"_s, u"Authorization: Digest username=alice"_s },
        { u"-H"_s, u"Authorization: Basic !!!"_s },
    };
    for (const QStringList &credentials : attempts) {
        const CurlResult result = post(credentials + QStringList { u"-d"_s, u"x"_s, url(u"/alerts"_s) });
        QVERIFY2(result.status == 401, qPrintable(describe(result)));
        QCOMPARE(jsonOf(result).value("code"_L1).toInt(), 40101);
        QCOMPARE(jsonOf(result).value("http"_L1).toInt(), 401);
        QCOMPARE(result.header("www-authenticate"), QByteArray("Basic realm=\"confab\""));
    }
    const CurlResult badParameter = post({ u"-d"_s, u"x"_s, url(u"/alerts?auth=not-base64!"_s) });
    QCOMPARE(badParameter.status, 401);
    QVERIFY(m_bob->quiet());
}

void TestRelayHttpPublish::refusals_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    const QStringList alice { u"-u"_s, u"alice:"_s + kPassword };
    QTest::newRow("reader publishes") << QStringList { u"-u"_s, u"bob:"_s + kPassword } << u"/alerts"_s << 403 << 40301;
    QTest::newRow("stranger publishes") << QStringList { u"-u"_s, u"carol:"_s + kPassword } << u"/alerts"_s << 403 << 40301;
    QTest::newRow("anonymous on an ACL topic") << QStringList() << u"/alerts"_s << 401 << 40101;
    QTest::newRow("bad priority") << (alice + QStringList { u"-H"_s, u"Priority: 9"_s }) << u"/alerts"_s << 400 << 40007;
    QTest::newRow("bad priority query") << alice << u"/alerts?p=loud"_s << 400 << 40007;
    QTest::newRow("bad delay") << (alice + QStringList { u"-H"_s, u"Delay: whenever"_s }) << u"/alerts"_s << 400 << 40004;
    QTest::newRow("past delay") << (alice + QStringList { u"-H"_s, u"At: 1000000000"_s }) << u"/alerts"_s << 400 << 40005;
    QTest::newRow("broadcast action") << (alice + QStringList { u"-H"_s, u"Actions: broadcast, Take picture"_s })
                                      << u"/alerts"_s << 400 << 40018;
    QTest::newRow("click not a url") << (alice + QStringList { u"-H"_s, u"Click: not a url"_s }) << u"/alerts"_s << 400
                                     << 40000;
    QTest::newRow("upper-case topic") << alice << u"/Alerts"_s << 400 << 40010;
    QTest::newRow("topic with spaces") << alice << u"/a%20b"_s << 400 << 40010;
    QTest::newRow("reserved v1") << alice << u"/v1"_s << 400 << 40010;
    QTest::newRow("reserved docs") << alice << u"/docs"_s << 400 << 40010;
    QTest::newRow("reserved metrics json") << alice << u"/metrics/publish"_s << 400 << 40010;
    QTest::newRow("not utf-8") << (alice + QStringList { u"-H"_s, u"Content-Type: text/plain"_s }) << u"/alerts"_s
                               << 400 << 40011;
}

void TestRelayHttpPublish::refusals()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(int, code);
    QStringList all = arguments;
    if (QTest::currentDataTag() == QByteArray("not utf-8")) {
        // Raw bytes that are not UTF-8, as a binary file would send them.
        all << u"--data-binary"_s << u"@-"_s << url(u"/alerts"_s);
        const CurlResult result = runCurl(all, std::chrono::seconds(20), QByteArray("\xff\xfe\x00\x01", 4));
        QVERIFY2(result.status == status, qPrintable(describe(result)));
        QCOMPARE(jsonOf(result).value("code"_L1).toInt(), code);
        QVERIFY(m_bob->quiet());
        return;
    }
    all << u"-d"_s << u"refused"_s << url(path);
    const CurlResult result = post(all);
    QVERIFY2(result.status == status, qPrintable(describe(result)));
    const QJsonObject error = jsonOf(result);
    QCOMPARE(error.value("code"_L1).toInt(), code);
    QCOMPARE(error.value("http"_L1).toInt(), status);
    QVERIFY(!error.value("error"_L1).toString().isEmpty());
    QVERIFY(m_bob->quiet());
}

void TestRelayHttpPublish::tooLarge()
{
    // Within the HTTP body limit but over the message limit (16384 characters).
    const QByteArray body(20'000, 'x');
    CurlResult result = runCurl({ u"-u"_s, u"alice:"_s + kPassword, u"--data-binary"_s, u"@-"_s, url(u"/alerts"_s) },
        std::chrono::seconds(20), body);
    QVERIFY2(result.status == 413, qPrintable(describe(result)));
    QCOMPARE(jsonOf(result).value("code"_L1).toInt(), 41301);
    // Far over every limit: refused before the body is read.
    result = runCurl({ u"-u"_s, u"alice:"_s + kPassword, u"--data-binary"_s, u"@-"_s, url(u"/alerts"_s) },
        std::chrono::seconds(20), QByteArray(2 * 1024 * 1024, 'y'));
    QCOMPARE(result.status, 413);
    QVERIFY(m_bob->quiet());
}

void TestRelayHttpPublish::delayedDelivery()
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const CurlResult result = post({ u"-u"_s, u"alice:"_s + kPassword, u"-H"_s, u"X-Delay: 2s"_s, u"-H"_s,
        u"Title: Later"_s, u"-d"_s, u"in two seconds"_s, url(u"/alerts"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    const QJsonObject answer = jsonOf(result);
    QCOMPARE(answer.value("message"_L1).toString(), u"in two seconds"_s);
    QVERIFY(answer.value("time"_L1).toInteger() >= before / 1000 + 1);
    // Not yet...
    QVERIFY(m_bob->quiet(1000));
    // ...then delivered when due.
    const std::optional<Notification> seen = received(15000);
    QVERIFY(seen);
    QCOMPARE(seen->body, u"in two seconds"_s);
    QCOMPARE(seen->title, u"Later"_s);
    QVERIFY(QDateTime::currentMSecsSinceEpoch() - before >= 1900);
    // The query form.
    const CurlResult inQuery = post({ u"-u"_s, u"alice:"_s + kPassword, u"-d"_s, u"query delay"_s,
        url(u"/alerts?in=1s"_s) });
    QVERIFY2(inQuery.status == 200, qPrintable(describe(inQuery)));
    const std::optional<Notification> second = received(15000);
    QVERIFY(second);
    QCOMPARE(second->body, u"query delay"_s);
}

void TestRelayHttpPublish::firstPublishCreatesTheTopic()
{
    const CurlResult result = post({ u"-u"_s, u"alice:"_s + kPassword, u"-d"_s, u"first words"_s,
        url(u"/fresh-topic"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    QCOMPARE(jsonOf(result).value("topic"_L1).toString(), u"fresh-topic"_s);
    // The topic now exists and keeps the notification for anyone who may read it.
    RawClient reader;
    QVERIFY(reader.login(m_relay->url(), u"carol"_s, kPassword));
    const auto subscription = reader.subscribe(u"topic:fresh-topic"_s, 0);
    QVERIFY(subscription);
    QCOMPARE(subscription->replayed.size(), 1);
    QVERIFY(std::holds_alternative<Notification>(subscription->replayed.first()));
    QCOMPARE(std::get<Notification>(subscription->replayed.first()).body, u"first words"_s);
}

void TestRelayHttpPublish::anonymousPublishing()
{
    // anonymous-topic-access read-write: topics without ACL entries take requests without credentials.
    const CurlResult result = post({ u"-d"_s, u"no account needed"_s, url(u"/open-topic"_s) });
    QVERIFY2(result.status == 200, qPrintable(describe(result)));
    RawClient reader;
    QVERIFY(reader.login(m_relay->url(), u"carol"_s, kPassword));
    const auto subscription = reader.subscribe(u"topic:open-topic"_s, 0);
    QVERIFY(subscription);
    QCOMPARE(subscription->replayed.size(), 1);
    const Notification seen = std::get<Notification>(subscription->replayed.first());
    QCOMPARE(seen.sender, u"anonymous"_s);
    QCOMPARE(seen.body, u"no account needed"_s);
}

QTEST_GUILESS_MAIN(TestRelayHttpPublish)
#include "tst_relay_http_publish.moc"
