// ntfy's publish request forms read into a publish: every header, alias and query form, the
// action syntaxes, priorities, delivery times and JSON publishing, and the refusals of bad input.
#include "httpapi/ntfyactions.h"
#include "httpapi/ntfypublishrequest.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::relay::HttpRequest;
using confab::relay::NtfyActions;
using confab::relay::NtfyPublishRequest;
using confab::protocol::HttpMethod;
using confab::protocol::NotificationAction;
using confab::protocol::NotificationActionKind;

namespace {

constexpr qint64 kNow = 1800000000000; // a fixed "now" in ms

HttpRequest request(const QList<std::pair<QByteArray, QByteArray>> &headers, const QString &query = {},
    const QByteArray &body = {})
{
    HttpRequest r;
    r.method = "POST";
    r.path = u"/alerts"_s;
    for (const auto &[name, value] : headers)
        r.headers.append({ name.toLower(), value });
    r.query = QUrlQuery(query);
    r.body = body;
    return r;
}

NtfyPublishRequest::Parsed ok(const NtfyPublishRequest::Result &result)
{
    if (const auto *error = std::get_if<NtfyPublishRequest::Error>(&result))
        qWarning() << "unexpected error" << error->code << error->message;
    return std::get<NtfyPublishRequest::Parsed>(result);
}

int errorCode(const NtfyPublishRequest::Result &result)
{
    const auto *error = std::get_if<NtfyPublishRequest::Error>(&result);
    return error ? error->code : 0;
}

QList<NotificationAction> actionsOk(const QString &text)
{
    const auto result = NtfyActions::parse(text);
    if (const auto *why = std::get_if<QString>(&result))
        qWarning() << "unexpected action error" << *why;
    return std::get<QList<NotificationAction>>(result);
}

} // namespace

class TestNtfyPublishParsing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bodyIsTheMessage()
    {
        auto parsed = ok(NtfyPublishRequest::fromHttp(request({}, {}, "Backup done\n"), kNow));
        QCOMPARE(parsed.publish.body, u"Backup done"_s);
        parsed = ok(NtfyPublishRequest::fromHttp(request({}, {}, "Grüße **bold**"), kNow));
        QCOMPARE(parsed.publish.body, u"Grüße **bold**"_s);
        // ntfy's default when nothing was said.
        parsed = ok(NtfyPublishRequest::fromHttp(request({}), kNow));
        QCOMPARE(parsed.publish.body, u"triggered"_s);
        QVERIFY(!parsed.publish.priority);
        QVERIFY(!parsed.publish.deliverAt);
    }

    void bodyMustBeUtf8()
    {
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(request({}, {}, QByteArray("\xff\xfe\x01", 3)), kNow)), 40011);
    }

    void messageParameterForms_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("query");
        QTest::newRow("X-Message") << QByteArray("X-Message") << QString();
        QTest::newRow("Message") << QByteArray("Message") << QString();
        QTest::newRow("m") << QByteArray("m") << QString();
        QTest::newRow("?message") << QByteArray() << u"message"_s;
        QTest::newRow("?m") << QByteArray() << u"m"_s;
    }
    void messageParameterForms()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, query);
        const HttpRequest r = header.isEmpty() ? request({}, query + u"=Disk%20full"_s)
                                               : request({ { header, "Disk full" } });
        QCOMPARE(ok(NtfyPublishRequest::fromHttp(r, kNow)).publish.body, u"Disk full"_s);
        // A message parameter and a body: the body would be lost, so it is refused.
        HttpRequest both = r;
        both.body = "something else";
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(both, kNow)), 40000);
    }

    void titleForms_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("query");
        for (const char *name : { "X-Title", "Title", "ti", "t", "TITLE", "x-title" })
            QTest::newRow(name) << QByteArray(name) << QString();
        for (const char *name : { "title", "ti", "t" })
            QTest::newRow(qPrintable(u"?"_s + QLatin1StringView(name))) << QByteArray() << QString::fromLatin1(name);
    }
    void titleForms()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, query);
        const HttpRequest r = header.isEmpty() ? request({}, query + u"=Server%20down"_s, "body")
                                               : request({ { header, " Server down " } }, {}, "body");
        QCOMPARE(ok(NtfyPublishRequest::fromHttp(r, kNow)).publish.title, u"Server down"_s);
    }

    void headersWinOverQuery()
    {
        const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { "Title", "from header" } }, u"t=from%20query"_s), kNow));
        QCOMPARE(parsed.publish.title, u"from header"_s);
    }

    void encodedWordsInHeaders()
    {
        // RFC 2047, as ntfy takes non-ASCII titles from clients that cannot send UTF-8 headers.
        auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { "Title", "=?UTF-8?B?R3LDvMOfZQ==?=" } }), kNow));
        QCOMPARE(parsed.publish.title, u"Grüße"_s);
        parsed = ok(NtfyPublishRequest::fromHttp(request({ { "Title", "=?utf-8?q?Caf=C3=A9_ok?=" } }), kNow));
        QCOMPARE(parsed.publish.title, u"Café ok"_s);
        parsed = ok(NtfyPublishRequest::fromHttp(request({ { "Title", "Raw UTF-8: \xc3\xa9" } }), kNow));
        QCOMPARE(parsed.publish.title, u"Raw UTF-8: é"_s);
        QCOMPARE(NtfyPublishRequest::headerText("=?UTF-8?B?YQ==?= =?UTF-8?B?Yg==?="), u"ab"_s);
        // Broken words stay as they were.
        QCOMPARE(NtfyPublishRequest::headerText("=?koi8-r?B?YQ==?="), u"=?koi8-r?B?YQ==?="_s);
    }

    void priorities_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // 0 = refused
        const QList<std::pair<QString, int>> cases = { { u"1"_s, 1 }, { u"2"_s, 2 }, { u"3"_s, 3 }, { u"4"_s, 4 },
            { u"5"_s, 5 }, { u"min"_s, 1 }, { u"low"_s, 2 }, { u"default"_s, 3 }, { u"high"_s, 4 },
            { u"urgent"_s, 5 }, { u"max"_s, 5 }, { u" HIGH "_s, 4 }, { u"Urgent"_s, 5 }, { u"0"_s, 0 },
            { u"6"_s, 0 }, { u"-1"_s, 0 }, { u"3.5"_s, 0 }, { u"highest"_s, 0 }, { u"emergency"_s, 0 } };
        for (const auto &[text, expected] : cases)
            QTest::newRow(qPrintable(text)) << text << expected;
    }
    void priorities()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        for (const char *name : { "X-Priority", "Priority", "prio", "p" }) {
            const auto result = NtfyPublishRequest::fromHttp(request({ { name, text.toUtf8() } }), kNow);
            if (expected == 0) {
                QCOMPARE(errorCode(result), 40007);
                QCOMPARE(std::get<NtfyPublishRequest::Error>(result).status, 400);
            } else {
                QCOMPARE(ok(result).publish.priority, std::optional<int>(expected));
            }
        }
        for (const QString &name : { u"priority"_s, u"prio"_s, u"p"_s }) {
            const auto result = NtfyPublishRequest::fromHttp(
                request({}, name + u"="_s + QString::fromLatin1(QUrl::toPercentEncoding(text))), kNow);
            if (expected == 0)
                QCOMPARE(errorCode(result), 40007);
            else
                QCOMPARE(ok(result).publish.priority, std::optional<int>(expected));
        }
    }

    void tags()
    {
        for (const char *name : { "X-Tags", "Tags", "tag", "ta" }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { name, "warning, skull,,backup " } }), kNow));
            QCOMPARE(parsed.publish.tags, QStringList({ u"warning"_s, u"skull"_s, u"backup"_s }));
        }
        for (const QString &name : { u"tags"_s, u"tag"_s, u"ta"_s }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({}, name + u"=a,b"_s), kNow));
            QCOMPARE(parsed.publish.tags, QStringList({ u"a"_s, u"b"_s }));
        }
    }

    void clickAndIcon()
    {
        auto parsed = ok(NtfyPublishRequest::fromHttp(
            request({ { "X-Click", "https://example.com/a" }, { "X-Icon", "https://example.com/i.png" } }), kNow));
        QCOMPARE(parsed.publish.click, u"https://example.com/a"_s);
        QCOMPARE(parsed.publish.icon, u"https://example.com/i.png"_s);
        parsed = ok(NtfyPublishRequest::fromHttp(
            request({ { "click", "https://example.com/b" }, { "icon", "https://example.com/j.png" } }), kNow));
        QCOMPARE(parsed.publish.click, u"https://example.com/b"_s);
        QCOMPARE(parsed.publish.icon, u"https://example.com/j.png"_s);
        parsed = ok(NtfyPublishRequest::fromHttp(
            request({}, u"click=https%3A%2F%2Fexample.com%2Fc%3Fx%3D1&icon=https://example.com/k.png"_s), kNow));
        QCOMPARE(parsed.publish.click, u"https://example.com/c?x=1"_s);
        QCOMPARE(parsed.publish.icon, u"https://example.com/k.png"_s);
    }

    void shortFormActions()
    {
        const auto actions = actionsOk(u"view, Open portal, https://example.com/; http, Close door, "
                                       u"https://api.example.com/door, method=PUT, headers.Authorization=Bearer x, "
                                       u"body={\"closed\":true}, clear=true"_s);
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions[0].action, NotificationActionKind::View);
        QCOMPARE(actions[0].label, u"Open portal"_s);
        QCOMPARE(actions[0].url, u"https://example.com/"_s);
        QVERIFY(!actions[0].clear);
        QCOMPARE(actions[1].action, NotificationActionKind::Http);
        QCOMPARE(actions[1].label, u"Close door"_s);
        QCOMPARE(actions[1].url, u"https://api.example.com/door"_s);
        QCOMPARE(actions[1].method, HttpMethod::Put);
        QCOMPARE(actions[1].headers.value(u"Authorization"_s), u"Bearer x"_s);
        QCOMPARE(actions[1].body, u"{\"closed\":true}"_s);
        QVERIFY(actions[1].clear);
    }

    void shortFormDefaultsAndKeys()
    {
        // http defaults to POST; every field may be named; a URL may hold '=' and '?'.
        auto actions = actionsOk(u"http, Ping, https://x.example/p?a=b&c=d"_s);
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions[0].method, HttpMethod::Post);
        QCOMPARE(actions[0].url, u"https://x.example/p?a=b&c=d"_s);
        actions = actionsOk(u"action=view, label=Docs, url=https://docs.example/, clear=false"_s);
        QCOMPARE(actions[0].action, NotificationActionKind::View);
        QCOMPARE(actions[0].label, u"Docs"_s);
        QCOMPARE(actions[0].url, u"https://docs.example/"_s);
        actions = actionsOk(u"VIEW, Upper, https://u.example/;"_s); // a trailing ';' is harmless
        QCOMPARE(actions.size(), 1);
        actions = actionsOk(u"http, Go, https://g.example/, method=delete"_s);
        QCOMPARE(actions[0].method, HttpMethod::Delete);
    }

    void shortFormQuotes()
    {
        const auto actions = actionsOk(u"http, \"Say, hi; now\", https://q.example/, body='{\"a\":1,\"b\":2}', "
                                       u"headers.X-Note=\"one, two\"; view, Don't panic, https://d.example/"_s);
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions[0].label, u"Say, hi; now"_s);
        QCOMPARE(actions[0].body, u"{\"a\":1,\"b\":2}"_s);
        QCOMPARE(actions[0].headers.value(u"X-Note"_s), u"one, two"_s);
        QCOMPARE(actions[1].label, u"Don't panic"_s);
    }

    void jsonActions()
    {
        const auto actions = actionsOk(u"[{\"action\":\"view\",\"label\":\"Open\",\"url\":\"https://o.example/\","
                                       u"\"clear\":true},{\"action\":\"http\",\"label\":\"Restart\",\"url\":"
                                       u"\"https://r.example/\",\"method\":\"PATCH\",\"headers\":{\"X-A\":\"1\"},"
                                       u"\"body\":\"go\",\"id\":\"ignored\"}]"_s);
        QCOMPARE(actions.size(), 2);
        QVERIFY(actions[0].clear);
        QCOMPARE(actions[1].method, HttpMethod::Patch);
        QCOMPARE(actions[1].headers.value(u"X-A"_s), u"1"_s);
        QCOMPARE(actions[1].body, u"go"_s);
    }

    void badActions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("broadcast") << u"broadcast, Take picture, extras.cmd=pic"_s;
        QTest::newRow("broadcast json") << u"[{\"action\":\"broadcast\",\"label\":\"x\"}]"_s;
        QTest::newRow("unknown kind") << u"open, Label, https://x.example/"_s;
        QTest::newRow("no url") << u"view, Label"_s;
        QTest::newRow("no label") << u"view"_s;
        QTest::newRow("too many fields") << u"view, Label, https://x.example/, extra"_s;
        QTest::newRow("unclosed quote") << u"view, \"Label, https://x.example/"_s;
        QTest::newRow("bad method") << u"http, L, https://x.example/, method=FETCH"_s;
        QTest::newRow("bad clear") << u"view, L, https://x.example/, clear=maybe"_s;
        QTest::newRow("header without name") << u"http, L, https://x.example/, headers.=v"_s;
        QTest::newRow("json not array") << u"[{\"action\":\"view\""_s;
        QTest::newRow("json element not object") << u"[1]"_s;
        QTest::newRow("json no action") << u"[{\"label\":\"L\",\"url\":\"https://x.example/\"}]"_s;
        QTest::newRow("json headers not object") << u"[{\"action\":\"http\",\"label\":\"L\",\"url\":\"https://x/\",\"headers\":[]}]"_s;
    }
    void badActions()
    {
        QFETCH(QString, text);
        const auto result = NtfyActions::parse(text);
        QVERIFY(std::holds_alternative<QString>(result));
        QVERIFY(!std::get<QString>(result).isEmpty());
        // Through the request: 400 with ntfy's "actions invalid" code.
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(request({ { "Actions", text.toUtf8() } }), kNow)), 40018);
    }

    void broadcastIsExplained()
    {
        const auto result = NtfyActions::parse(u"broadcast, Take picture"_s);
        QVERIFY(std::get<QString>(result).contains(u"Android"_s));
    }

    void actionForms()
    {
        for (const char *name : { "X-Actions", "Actions", "Action", "actions" }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { name, "view, Open, https://o.example/" } }), kNow));
            QCOMPARE(parsed.publish.actions.size(), 1);
        }
        for (const QString &name : { u"actions"_s, u"action"_s }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(
                request({}, name + u"="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"view, Open, https://o.example/"_s))),
                kNow));
            QCOMPARE(parsed.publish.actions.size(), 1);
        }
    }

    void deliveryTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1 = unreadable
        QTest::newRow("30m") << u"30m"_s << kNow + 30 * 60000;
        QTest::newRow("2h") << u"2h"_s << kNow + 2 * 3600000;
        QTest::newRow("1d") << u"1d"_s << kNow + 86400000;
        QTest::newRow("10s") << u"10s"_s << kNow + 10000;
        QTest::newRow("1h30m") << u"1h30m"_s << kNow + 90 * 60000;
        QTest::newRow("2 hours") << u"2 hours"_s << kNow + 2 * 3600000;
        QTest::newRow("in 10 minutes") << u"in 10 minutes"_s << kNow + 10 * 60000;
        QTest::newRow("1w") << u"1 week"_s << kNow + 7 * 86400000LL;
        QTest::newRow("unix") << u"1800003600"_s << qint64(1800003600000);
        QTest::newRow("iso utc") << u"2027-01-15T08:00:00Z"_s
                                 << QDateTime(QDate(2027, 1, 15), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("iso offset") << u"2027-01-15T10:00:00+02:00"_s
                                    << QDateTime(QDate(2027, 1, 15), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("words") << u"tomorrow, 10am"_s << qint64(-1);
        QTest::newRow("unknown unit") << u"30x"_s << qint64(-1);
        QTest::newRow("trailing junk") << u"30m and"_s << qint64(-1);
        QTest::newRow("empty") << u" "_s << qint64(-1);
        QTest::newRow("negative") << u"-5m"_s << qint64(-1);
    }
    void deliveryTimes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const std::optional<qint64> at = NtfyPublishRequest::parseDeliveryTime(text, kNow);
        if (expected < 0)
            QVERIFY(!at);
        else
            QCOMPARE(at, std::optional<qint64>(expected));
    }

    void delayForms()
    {
        for (const char *name : { "X-Delay", "Delay", "X-At", "At", "X-In", "In" }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { name, "30m" } }), kNow));
            QCOMPARE(parsed.publish.deliverAt, std::optional<qint64>(kNow + 30 * 60000));
        }
        for (const QString &name : { u"delay"_s, u"at"_s, u"in"_s }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({}, name + u"=1h"_s), kNow));
            QCOMPARE(parsed.publish.deliverAt, std::optional<qint64>(kNow + 3600000));
        }
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(request({ { "Delay", "soonish" } }), kNow)), 40004);
        // A time already passed is refused rather than silently sent now.
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(request({ { "At", "1000000000" } }), kNow)), 40005);
        QCOMPARE(errorCode(NtfyPublishRequest::fromHttp(request({ { "In", "0s" } }), kNow)), 40005);
    }

    void markdownAndIgnoredFields()
    {
        for (const char *name : { "X-Markdown", "Markdown", "md" }) {
            const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { name, "yes" } }, {}, "**x**"), kNow));
            QVERIFY(parsed.markdown);
            QCOMPARE(parsed.publish.body, u"**x**"_s);
        }
        QVERIFY(ok(NtfyPublishRequest::fromHttp(request({ { "Content-Type", "text/markdown" } }, {}, "x"), kNow)).markdown);
        QVERIFY(ok(NtfyPublishRequest::fromHttp(request({}, u"md=1"_s, "x"), kNow)).markdown);
        const auto parsed = ok(NtfyPublishRequest::fromHttp(request({ { "X-Email", "a@example.com" }, { "Call", "yes" },
                                                                 { "Cache", "no" }, { "Firebase", "no" }, { "up", "1" } },
                                                                 u"e=b@example.com"_s, "x"),
            kNow));
        QCOMPARE(parsed.publish.body, u"x"_s);
        for (const QString &name : { u"email"_s, u"call"_s, u"cache"_s, u"firebase"_s, u"unifiedpush"_s })
            QVERIFY2(parsed.ignored.contains(name), qPrintable(name));
    }

    void jsonPublishing()
    {
        const QByteArray body = "{\"topic\":\"alerts\",\"message\":\"Disk full\",\"title\":\"srv1\",\"priority\":5,\"tags\":[\"warning\",\"skull\"],\"click\":\"https://c.example/\",\"icon\":\"https://i.example/i.png\",\"actions\":[{\"action\":\"view\",\"label\":\"Open\",\"url\":\"https://o.example/\"}],\"delay\":\"2h\",\"markdown\":true,\"email\":\"x@example.com\",\"attach\":\"https://a.example/f\",\"filename\":\"f\"}";
        const auto parsed = ok(NtfyPublishRequest::fromJson(body, kNow));
        QCOMPARE(parsed.topic, u"alerts"_s);
        QCOMPARE(parsed.publish.body, u"Disk full"_s);
        QCOMPARE(parsed.publish.title, u"srv1"_s);
        QCOMPARE(parsed.publish.priority, std::optional<int>(5));
        QCOMPARE(parsed.publish.tags, QStringList({ u"warning"_s, u"skull"_s }));
        QCOMPARE(parsed.publish.click, u"https://c.example/"_s);
        QCOMPARE(parsed.publish.icon, u"https://i.example/i.png"_s);
        QCOMPARE(parsed.publish.actions.size(), 1);
        QCOMPARE(parsed.publish.deliverAt, std::optional<qint64>(kNow + 2 * 3600000));
        QVERIFY(parsed.markdown);
        QVERIFY(parsed.ignored.contains(u"email"_s));
        QVERIFY(parsed.ignored.contains(u"attach"_s));
        // Short forms inside JSON too, and priority words.
        const auto words = ok(NtfyPublishRequest::fromJson(
            "{\"topic\":\"a\",\"priority\":\"high\",\"tags\":\"x,y\",\"actions\":\"view, O, https://o.example/\"}", kNow));
        QCOMPARE(words.publish.priority, std::optional<int>(4));
        QCOMPARE(words.publish.tags, QStringList({ u"x"_s, u"y"_s }));
        QCOMPARE(words.publish.actions.size(), 1);
        QCOMPARE(words.publish.body, u"triggered"_s);
    }

    void badJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("code");
        QTest::newRow("not json") << QByteArray("topic=alerts") << 40017;
        QTest::newRow("array") << QByteArray("[]") << 40017;
        QTest::newRow("no topic") << QByteArray("{\"message\":\"x\"}") << 40009;
        QTest::newRow("topic number") << QByteArray("{\"topic\":5}") << 40017;
        QTest::newRow("message object") << QByteArray("{\"topic\":\"a\",\"message\":{}}") << 40017;
        QTest::newRow("priority 9") << QByteArray("{\"topic\":\"a\",\"priority\":9}") << 40007;
        QTest::newRow("priority 2.5") << QByteArray("{\"topic\":\"a\",\"priority\":2.5}") << 40007;
        QTest::newRow("priority word") << QByteArray("{\"topic\":\"a\",\"priority\":\"loud\"}") << 40007;
        QTest::newRow("priority bool") << QByteArray("{\"topic\":\"a\",\"priority\":true}") << 40007;
        QTest::newRow("tags numbers") << QByteArray("{\"topic\":\"a\",\"tags\":[1]}") << 40017;
        QTest::newRow("actions object") << QByteArray("{\"topic\":\"a\",\"actions\":{}}") << 40018;
        QTest::newRow("broadcast") << QByteArray("{\"topic\":\"a\",\"actions\":[{\"action\":\"broadcast\",\"label\":\"x\"}]}") << 40018;
        QTest::newRow("delay words") << QByteArray("{\"topic\":\"a\",\"delay\":\"later\"}") << 40004;
        QTest::newRow("delay past") << QByteArray("{\"topic\":\"a\",\"delay\":\"1000000000\"}") << 40005;
    }
    void badJson()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, code);
        QCOMPARE(errorCode(NtfyPublishRequest::fromJson(body, kNow)), code);
    }

    void randomInputNeverCrashes()
    {
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u", seed);
        QRandomGenerator random(seed);
        const QByteArray alphabet = "vieworhtp,;=\"' .:/[]{}\\01234abcXYZ-\xc3\xa9\xff";
        for (int i = 0; i < 3000; ++i) {
            QByteArray text;
            const int length = random.bounded(60);
            for (int j = 0; j < length; ++j)
                text.append(alphabet.at(random.bounded(int(alphabet.size()))));
            NtfyActions::parse(QString::fromUtf8(text));
            NtfyPublishRequest::parseDeliveryTime(QString::fromUtf8(text), kNow);
            NtfyPublishRequest::headerText(text);
            NtfyPublishRequest::fromJson(text, kNow);
            NtfyPublishRequest::fromHttp(request({ { "Actions", text }, { "Priority", text }, { "Title", text } }, {}, text), kNow);
        }
    }
};

QTEST_GUILESS_MAIN(TestNtfyPublishParsing)
#include "tst_ntfy_publish_parsing.moc"
