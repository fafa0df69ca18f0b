// The client's Server-Sent Events reader (core/client/transport/sseparser.h): the fallback
// transport's frames must come out whole and in order however the network cuts the stream.
#include "client/transport/sseparser.h"

#include <QRandomGenerator>
#include <QtTest>

using confab::client::SseParser;
using Event = SseParser::Event;

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventsAndFields();
    void lineEndings();
    void anyChunkingGivesTheSameEvents();
    void oversizedEventIsAnError();
};

void TestSseParser::eventsAndFields()
{
    SseParser parser;
    const QList<Event> events = parser.feed(
        "event: session\ndata: {\"session\":\"abc\"}\n\n"
        ": keep-alive comment\n\n"
        "data: {\"type\":\"ack\"}\n\n"
        "id: 7\nretry: 10\ndata:no-space\ndata: second line\n\n"
        "event: ping\n\n" // no data: not an event
        "event: ping\ndata: {}\n\n");
    const QList<Event> expected{
        {"session", "{\"session\":\"abc\"}"},
        {{}, "{\"type\":\"ack\"}"},
        {{}, "no-space\nsecond line"},
        {"ping", "{}"},
    };
    QCOMPARE(events, expected);
    QVERIFY(!parser.hasError());
}

void TestSseParser::lineEndings()
{
    SseParser parser;
    QList<Event> events = parser.feed("data: a\r\n\r\ndata: b\r\rdata: c\r");
    events += parser.feed("\n\r\n");
    QCOMPARE(events, (QList<Event>{{{}, "a"}, {{}, "b"}, {{}, "c"}}));
}

void TestSseParser::anyChunkingGivesTheSameEvents()
{
    QByteArray stream = "event: session\ndata: {\"session\":\"s\",\"heartbeat_ms\":25000}\n\n";
    QList<Event> expected{{"session", "{\"session\":\"s\",\"heartbeat_ms\":25000}"}};
    for (int i = 0; i < 200; ++i) {
        const QByteArray frame = "{\"type\":\"message\",\"seq\":" + QByteArray::number(i) + ",\"text\":\"ü €\"}";
        stream += (i % 3 == 0 ? "data: " : "data:") + frame + (i % 2 ? "\r\n\r\n" : "\n\n");
        expected.append(Event{{}, frame});
        if (i % 17 == 0) {
            stream += ":\n\nevent: ping\ndata: {}\n\n";
            expected.append(Event{"ping", "{}"});
        }
    }
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo() << "chunking seed" << seed;
    QRandomGenerator random(seed);
    for (int round = 0; round < 50; ++round) {
        SseParser parser;
        QList<Event> events;
        qsizetype at = 0;
        while (at < stream.size()) {
            const qsizetype size = std::min<qsizetype>(random.bounded(1, 40), stream.size() - at);
            events += parser.feed(QByteArrayView(stream).sliced(at, size));
            at += size;
        }
        QCOMPARE(events, expected);
    }
}

void TestSseParser::oversizedEventIsAnError()
{
    SseParser parser(1024);
    QVERIFY(parser.feed(QByteArray("data: " + QByteArray(2000, 'x'))).isEmpty());
    QVERIFY(parser.hasError());
    QVERIFY(parser.feed("\n\ndata: later\n\n").isEmpty()); // nothing more from a broken stream

    SseParser lines(1024);
    for (int i = 0; i < 10; ++i)
        lines.feed(QByteArray("data: " + QByteArray(200, 'y') + '\n')); // one event growing line by line
    QVERIFY(lines.hasError());
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
