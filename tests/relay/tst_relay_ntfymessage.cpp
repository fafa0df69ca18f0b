// How the HTTP API shows notifications as ntfy does (message JSON, SSE and raw lines, message ids)
// and how a subscription request is read (topics, since, poll, filters): what ntfy's scripts and
// clients rely on, checked without a relay.
#include "http/httprequest.h"
#include "httpapi/ntfymessage.h"
#include "httpapi/topicstreamfilter.h"
#include "httpapi/topicstreamrequest.h"
#include "httpapi/topicstreamsince.h"
#include "storedevent.h"

#include "protocol/codec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab;
using namespace confab::relay;

namespace {

protocol::Notification sampleNotification()
{
    protocol::Notification n;
    n.stream = u"topic:alerts"_s;
    n.epoch = u"0123456789abcdef"_s;
    n.seq = 42;
    n.ts = 1'700'000'000'123;
    n.sender = u"ci"_s;
    n.clientMsgId = u"c-1"_s;
    n.body = u"Backup done\nall good"_s;
    n.title = u"Nightly"_s;
    n.priority = 4;
    n.tags = {u"db"_s, u"backup"_s};
    n.click = u"https://example.com/runs/7"_s;
    n.icon = u"https://example.com/icon.png"_s;
    protocol::NotificationAction view;
    view.action = protocol::NotificationActionKind::View;
    view.label = u"Open"_s;
    view.url = u"https://example.com/"_s;
    protocol::NotificationAction http;
    http.action = protocol::NotificationActionKind::Http;
    http.label = u"Close door"_s;
    http.url = u"https://api.example.com/door"_s;
    http.method = protocol::HttpMethod::Put;
    http.headers = {{u"Authorization"_s, u"Bearer x"_s}};
    http.body = u"{\"open\":false}"_s;
    http.clear = true;
    n.actions = {view, http};
    n.expiresAt = 1'700'086'400'000;
    return n;
}

HttpRequest get(const QString &target)
{
    HttpRequest request;
    request.method = "GET";
    request.target = target.toUtf8();
    const qsizetype question = target.indexOf(u'?');
    request.path = question < 0 ? target : target.left(question);
    if (question >= 0)
        request.query = QUrlQuery(target.mid(question + 1));
    return request;
}

} // namespace

class TestRelayNtfyMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageHasNtfyFields();
    void defaultsAreLeftOut();
    void storedEventDecodes();
    void idRoundTrips();
    void sseAndRawLines();
    void openAndKeepalive();
    void sinceForms_data();
    void sinceForms();
    void filters();
    void requestTopicsAndFormats();
    void requestErrors();
};

void TestRelayNtfyMessage::messageHasNtfyFields()
{
    const QJsonObject m = NtfyMessage::fromNotification(sampleNotification());
    QCOMPARE(m.value("id"_L1).toString(), u"01234567-42"_s);
    QCOMPARE(m.value("time"_L1).toInteger(), 1'700'000'000);
    QCOMPARE(m.value("expires"_L1).toInteger(), 1'700'086'400);
    QCOMPARE(m.value("event"_L1).toString(), u"message"_s);
    QCOMPARE(m.value("topic"_L1).toString(), u"alerts"_s);
    QCOMPARE(m.value("message"_L1).toString(), u"Backup done\nall good"_s);
    QCOMPARE(m.value("title"_L1).toString(), u"Nightly"_s);
    QCOMPARE(m.value("priority"_L1).toInt(), 4);
    QCOMPARE(m.value("tags"_L1).toArray(), QJsonArray({u"db"_s, u"backup"_s}));
    QCOMPARE(m.value("click"_L1).toString(), u"https://example.com/runs/7"_s);
    QCOMPARE(m.value("icon"_L1).toString(), u"https://example.com/icon.png"_s);
    const QJsonArray actions = m.value("actions"_L1).toArray();
    QCOMPARE(actions.size(), 2);
    const QJsonObject view = actions.at(0).toObject();
    QCOMPARE(view.value("action"_L1).toString(), u"view"_s);
    QCOMPARE(view.value("label"_L1).toString(), u"Open"_s);
    QCOMPARE(view.value("url"_L1).toString(), u"https://example.com/"_s);
    QCOMPARE(view.value("clear"_L1).toBool(), false);
    QVERIFY(!view.contains("method"_L1));
    const QJsonObject http = actions.at(1).toObject();
    QCOMPARE(http.value("action"_L1).toString(), u"http"_s);
    QCOMPARE(http.value("method"_L1).toString(), u"PUT"_s);
    QCOMPARE(http.value("headers"_L1).toObject().value("Authorization"_L1).toString(), u"Bearer x"_s);
    QCOMPARE(http.value("body"_L1).toString(), u"{\"open\":false}"_s);
    QCOMPARE(http.value("clear"_L1).toBool(), true);
}

void TestRelayNtfyMessage::defaultsAreLeftOut()
{
    protocol::Notification n;
    n.stream = u"topic:x"_s;
    n.epoch = u"ffffffffffffffff"_s;
    n.seq = 1;
    n.ts = 5000;
    n.body = u"hi"_s;
    const QJsonObject m = NtfyMessage::fromNotification(n);
    for (const auto key : {"title"_L1, "priority"_L1, "tags"_L1, "click"_L1, "icon"_L1, "actions"_L1, "expires"_L1})
        QVERIFY2(!m.contains(key), key.data());
    QCOMPARE(m.value("time"_L1).toInteger(), 5);
    QCOMPARE(m.value("message"_L1).toString(), u"hi"_s);
}

void TestRelayNtfyMessage::storedEventDecodes()
{
    const protocol::Notification n = sampleNotification();
    StoredEvent event;
    event.stream = n.stream;
    event.epoch = n.epoch;
    event.seq = n.seq;
    event.type = protocol::MessageType::Notification;
    event.frame = protocol::encode(protocol::Frame(n));
    const protocol::DecodeResult decoded = protocol::decode(event.frame);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    const std::optional<QJsonObject> m = NtfyMessage::fromStoredEvent(event);
    QVERIFY(m);
    QCOMPARE(*m, NtfyMessage::fromNotification(n));

    event.frame = "{not json";
    QVERIFY(!NtfyMessage::fromStoredEvent(event));
    event.type = protocol::MessageType::Message;
    QVERIFY(!NtfyMessage::fromStoredEvent(event));
}

void TestRelayNtfyMessage::idRoundTrips()
{
    const QString id = NtfyMessage::messageId(u"9f3ac2d1e0b4a799"_s, 1234);
    QCOMPARE(id, u"9f3ac2d1-1234"_s);
    const auto parsed = NtfyMessage::parseMessageId(id);
    QVERIFY(parsed);
    QCOMPARE(parsed->seq, 1234);
    QVERIFY(NtfyMessage::epochMatches(*parsed, u"9f3ac2d1e0b4a799"_s));
    QVERIFY(!NtfyMessage::epochMatches(*parsed, u"0f3ac2d1e0b4a799"_s));
    for (const QString &bad : {u""_s, u"-5"_s, u"abc-"_s, u"xyz-5"_s, u"123456789-5"_s, u"abc-5x"_s, u"abc--5"_s})
        QVERIFY2(!NtfyMessage::parseMessageId(bad), qPrintable(bad));
}

void TestRelayNtfyMessage::sseAndRawLines()
{
    const QJsonObject m = NtfyMessage::fromNotification(sampleNotification());
    const QByteArray sse = NtfyMessage::sseEvent(m);
    QVERIFY2(sse.startsWith("id: 01234567-42\nevent: message\ndata: {"), sse.constData());
    QVERIFY(sse.endsWith("}\n\n"));
    QCOMPARE(sse.count('\n'), 4); // the body's line break stays escaped inside the one data line
    const QByteArray data = sse.mid(sse.indexOf("data: ") + 6).trimmed();
    QCOMPARE(QJsonDocument::fromJson(data).object(), m);

    const QByteArray line = NtfyMessage::jsonLine(m);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    QCOMPARE(QJsonDocument::fromJson(line).object(), m);

    QCOMPARE(NtfyMessage::rawLine(m), "Backup done all good\n");
}

void TestRelayNtfyMessage::openAndKeepalive()
{
    const QJsonObject open = NtfyMessage::openEvent({u"a"_s, u"b"_s}, 1'700'000'000'999);
    QCOMPARE(open.value("event"_L1).toString(), u"open"_s);
    QCOMPARE(open.value("topic"_L1).toString(), u"a,b"_s);
    QCOMPARE(open.value("time"_L1).toInteger(), 1'700'000'000);
    QVERIFY(!open.value("id"_L1).toString().isEmpty());
    const QByteArray sse = NtfyMessage::sseEvent(NtfyMessage::keepaliveEvent({u"a"_s}, 1000));
    QVERIFY2(sse.startsWith("event: keepalive\ndata: {"), sse.constData());
    QCOMPARE(NtfyMessage::rawLine(open), "\n");
}

void TestRelayNtfyMessage::sinceForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("poll");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("value"); // seq, or time in ms

    constexpr qint64 now = 1'800'000'000'000;
    using K = TopicStreamSince::Kind;
    QTest::newRow("absent") << QString() << false << true << int(K::New) << qint64(0);
    QTest::newRow("absent poll") << QString() << true << true << int(K::All) << qint64(0);
    QTest::newRow("all") << u"all"_s << false << true << int(K::All) << qint64(0);
    QTest::newRow("latest") << u"latest"_s << false << true << int(K::Latest) << qint64(0);
    QTest::newRow("none") << u"none"_s << true << true << int(K::New) << qint64(0);
    QTest::newRow("seq") << u"17"_s << false << true << int(K::Seq) << qint64(17);
    QTest::newRow("unix time") << u"1700000000"_s << false << true << int(K::Time) << qint64(1'700'000'000'000);
    QTest::newRow("10m") << u"10m"_s << false << true << int(K::Time) << now - 600'000;
    QTest::newRow("1h") << u"1h"_s << false << true << int(K::Time) << now - 3'600'000;
    QTest::newRow("30s") << u"30s"_s << false << true << int(K::Time) << now - 30'000;
    QTest::newRow("2d") << u"2d"_s << false << true << int(K::Time) << now - 2 * 86'400'000;
    QTest::newRow("id") << u"9f3ac2d1-12"_s << false << true << int(K::Id) << qint64(12);
    QTest::newRow("junk") << u"yesterday"_s << false << false << 0 << qint64(0);
    QTest::newRow("negative") << u"-5"_s << false << false << 0 << qint64(0);
    QTest::newRow("bad unit") << u"10y"_s << false << false << 0 << qint64(0);
    QTest::newRow("huge") << u"99999999999999999999999"_s << false << false << 0 << qint64(0);
    // 18 digits still parse; in ms they would overflow a qint64: clamped to the last usable time.
    QTest::newRow("far future") << u"999999999999999999"_s << false << true << int(K::Time)
                                << TopicStreamSince::kLastUnixTime * 1000;
    QTest::newRow("huge duration") << u"999999999999999999d"_s << false << false << 0 << qint64(0);
    QTest::newRow("huge id seq") << u"9f3ac2d1-99999999999999999999"_s << false << false << 0 << qint64(0);
}

void TestRelayNtfyMessage::sinceForms()
{
    QFETCH(QString, text);
    QFETCH(bool, poll);
    QFETCH(bool, valid);
    QFETCH(int, kind);
    QFETCH(qint64, value);
    const auto since = TopicStreamSince::parse(text, poll, 1'800'000'000'000);
    QCOMPARE(since.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(int(since->kind), kind);
    if (since->kind == TopicStreamSince::Kind::Seq)
        QCOMPARE(since->seq, value);
    if (since->kind == TopicStreamSince::Kind::Time)
        QCOMPARE(since->time, value);
    if (since->kind == TopicStreamSince::Kind::Id) {
        QCOMPARE(since->id.seq, value);
        QCOMPARE(since->id.epochPrefix, u"9f3ac2d1"_s);
    }
}

void TestRelayNtfyMessage::filters()
{
    protocol::Notification n = sampleNotification();
    const auto accepts = [&n](const QString &target) {
        const auto filter = TopicStreamFilter::fromRequest(get(target));
        return filter && filter->accepts(n);
    };
    QVERIFY(accepts(u"/alerts/json"_s));
    QVERIFY(accepts(u"/alerts/json?priority=high,urgent"_s));
    QVERIFY(accepts(u"/alerts/json?p=4"_s));
    QVERIFY(!accepts(u"/alerts/json?priority=5"_s));
    QVERIFY(accepts(u"/alerts/json?tags=db"_s));
    QVERIFY(accepts(u"/alerts/json?tags=backup,db"_s));
    QVERIFY(!accepts(u"/alerts/json?tags=db,web"_s));
    QVERIFY(accepts(u"/alerts/json?title=Nightly"_s));
    QVERIFY(!accepts(u"/alerts/json?t=Weekly"_s));
    QVERIFY(!accepts(u"/alerts/json?message=Backup"_s));
    QVERIFY(!TopicStreamFilter::fromRequest(get(u"/alerts/json?priority=loud"_s)));
    HttpRequest byHeader = get(u"/alerts/json"_s);
    byHeader.headers.emplaceBack("x-priority", "1,2");
    QVERIFY(!TopicStreamFilter::fromRequest(byHeader)->accepts(n));
    n.priority = 2;
    QVERIFY(TopicStreamFilter::fromRequest(byHeader)->accepts(n));
}

void TestRelayNtfyMessage::requestTopicsAndFormats()
{
    QVERIFY(TopicStreamRequest::looksLikeSubscription(get(u"/alerts/json"_s)));
    QVERIFY(TopicStreamRequest::looksLikeSubscription(get(u"/a,b/sse"_s)));
    QVERIFY(TopicStreamRequest::looksLikeSubscription(get(u"/alerts/raw"_s)));
    QVERIFY(!TopicStreamRequest::looksLikeSubscription(get(u"/alerts"_s)));
    QVERIFY(!TopicStreamRequest::looksLikeSubscription(get(u"/alerts/ws"_s)));
    QVERIFY(!TopicStreamRequest::looksLikeSubscription(get(u"/v1/json"_s)));
    HttpRequest post = get(u"/alerts/json"_s);
    post.method = "POST";
    QVERIFY(!TopicStreamRequest::looksLikeSubscription(post));

    const auto parsed = TopicStreamRequest::parse(get(u"/a,b,a/sse?poll=1&since=all"_s), 0);
    QVERIFY(std::holds_alternative<TopicStreamRequest>(parsed));
    const auto &request = std::get<TopicStreamRequest>(parsed);
    QCOMPARE(request.topicNames, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(request.streamIds, (QStringList{u"topic:a"_s, u"topic:b"_s}));
    QCOMPARE(request.format, TopicStreamRequest::Format::Sse);
    QVERIFY(request.poll);
    QCOMPARE(request.since.kind, TopicStreamSince::Kind::All);
    QVERIFY(request.contentType().startsWith("text/event-stream"));
    // A reconnecting EventSource: Last-Event-ID is where it stopped, whatever the URL's since says.
    HttpRequest reconnect = get(u"/a/sse?since=all"_s);
    reconnect.headers.emplaceBack("last-event-id", "9f3ac2d1-12");
    const auto resumed = std::get<TopicStreamRequest>(TopicStreamRequest::parse(reconnect, 0));
    QCOMPARE(resumed.since.kind, TopicStreamSince::Kind::Id);
    QCOMPARE(resumed.since.id.seq, 12);
    QVERIFY(std::get<TopicStreamRequest>(TopicStreamRequest::parse(get(u"/a/json"_s), 0))
                .contentType()
                .startsWith("application/x-ndjson"));
}

void TestRelayNtfyMessage::requestErrors()
{
    const auto errorOf = [](const QString &target) {
        const auto parsed = TopicStreamRequest::parse(get(target), 0);
        const auto *error = std::get_if<HttpResponse>(&parsed);
        return error ? QJsonDocument::fromJson(error->body).object().value("code"_L1).toInt() : 0;
    };
    QCOMPARE(errorOf(u"/Alerts/json"_s), 40010);
    QCOMPARE(errorOf(u"/a,metrics/json"_s), 40010);
    QCOMPARE(errorOf(u"/a/json?since=yesterday"_s), 40008);
    QCOMPARE(errorOf(u"/a/json?priority=loud"_s), 40007);
    QCOMPARE(errorOf(u"/a/json?since=10m"_s), 0);

    // A cap on the topics of one request (each costs an access check, a hub entry and a replay);
    // repeats of one name count once.
    QStringList names;
    for (int i = 0; i < 16; ++i)
        names.append(u"t%1"_s.arg(i));
    QCOMPARE(errorOf(u"/"_s + names.join(u',') + u",t0,t1/json"_s), 0);
    QCOMPARE(errorOf(u"/"_s + names.join(u',') + u",t16/json"_s), 40010);
    QStringList many;
    for (int i = 0; i < 5000; ++i)
        many.append(u"x%1"_s.arg(i));
    QCOMPARE(errorOf(u"/"_s + many.join(u',') + u"/json"_s), 40010);
}

QTEST_GUILESS_MAIN(TestRelayNtfyMessage)
#include "tst_relay_ntfymessage.moc"
