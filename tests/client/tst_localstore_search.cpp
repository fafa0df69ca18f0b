// Full-text search over a big local cache: 100,000 messages from a seeded generator with planted
// words whose hit counts are known exactly. The user must get exactly the right messages, words
// typed as prefixes must match, edits and deletions must show in the results at once, and nothing
// a user types (quotes, FTS operators, SQL, emoji, Cyrillic, a novel's worth of text) may fail.
// Timings are reported, not asserted (the benchmarks of issue 8 measure them).
#include "client/store/localstore.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using confab::client::LocalStore;
using confab::client::SearchHit;
namespace proto = confab::protocol;

namespace {

constexpr int kMessages = 100000;
constexpr int kStreams = 10;
constexpr int kAll = 1000000; // a limit above any hit count

// Planted words and how many messages carry each. The generated vocabulary never contains z, q
// or Cyrillic letters, so none of them can appear by chance.
struct Planted {
    QString word;
    int count;
};
const QList<Planted> kPlanted {
    { u"zqdeploy"_s, 70 }, // prefix of the next one
    { u"zqdeployment"_s, 20 },
    { u"zqcafé"_s, 5 }, // found as "zqcafe" too
    { u"жжпривет"_s, 7 },
    { u"zqparty"_s, 9 },
    { u"zqrare"_s, 1 },
    { u"zqcommon"_s, 3000 },
};

QString streamOf(int index)
{
    return u"room:r%1"_s.arg(index % kStreams);
}

} // namespace

class TestLocalStoreSearch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    LocalStore m_store;
    quint32 m_seed = 0;
    QHash<QString, QList<int>> m_carriers; // planted word -> message indices

    int count(const QString &query)
    {
        const QList<SearchHit> hits = m_store.search(query, kAll);
        return int(hits.size());
    }

    // What a planted word finds as a whole word query (its own carriers and, as a prefix, those of
    // longer planted words starting with it).
    int expectedFor(const QString &prefix) const
    {
        QSet<int> messages;
        for (const Planted &planted : kPlanted) {
            if (planted.word.startsWith(prefix))
                for (int index : m_carriers.value(planted.word))
                    messages.insert(index);
        }
        return int(messages.size());
    }

    static proto::Message messageAt(int index, const QString &text)
    {
        proto::Message m;
        m.stream = streamOf(index);
        m.epoch = u"e1"_s;
        m.seq = index / kStreams + 1;
        m.ts = 1700000000000 + index;
        m.sender = u"user%1"_s.arg(index % 37);
        m.text = text;
        return m;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_seed = qEnvironmentVariableIsSet("CONFAB_TEST_SEED")
            ? quint32(qEnvironmentVariableIntValue("CONFAB_TEST_SEED"))
            : QRandomGenerator::global()->generate();
        qInfo() << "seed" << m_seed << "(set CONFAB_TEST_SEED to repeat)";
        QRandomGenerator random(m_seed);

        const QString consonants = u"bcdfghklmnprstvw"_s;
        const QString vowels = u"aeiou"_s;
        QStringList vocabulary;
        for (int i = 0; i < 3000; ++i) {
            QString word;
            const int syllables = 1 + int(random.bounded(4));
            for (int s = 0; s < syllables; ++s) {
                word.append(consonants.at(random.bounded(consonants.size())));
                word.append(vowels.at(random.bounded(vowels.size())));
            }
            vocabulary.append(word);
        }

        QList<QStringList> extra(kMessages);
        for (const Planted &planted : kPlanted) {
            QSet<int> chosen;
            while (chosen.size() < planted.count)
                chosen.insert(int(random.bounded(kMessages)));
            m_carriers.insert(planted.word, chosen.values());
            for (int index : chosen)
                extra[index].append(planted.word);
        }

        const auto error = m_store.open(m_dir.filePath(u"search.sqlite"_s));
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        m_store.setOwnUser(u"user0"_s);

        QList<proto::Message> messages;
        messages.reserve(kMessages);
        for (int index = 0; index < kMessages; ++index) {
            QStringList words;
            const int length = 6 + int(random.bounded(14));
            for (int w = 0; w < length; ++w)
                words.append(vocabulary.at(random.bounded(vocabulary.size())));
            for (const QString &word : extra.at(index))
                words.insert(int(random.bounded(words.size() + 1)), word);
            messages.append(messageAt(index, words.join(u' ')));
        }

        QElapsedTimer timer;
        timer.start();
        m_store.beginBatch();
        for (int index = 0; index < 10000; ++index)
            QVERIFY(m_store.apply(messages.at(index)));
        m_store.commitBatch();
        qInfo() << "applied the first 10,000 messages in one batch in" << timer.elapsed() << "ms";
        timer.restart();
        m_store.beginBatch();
        for (int index = 10000; index < kMessages; ++index)
            m_store.apply(messages.at(index));
        m_store.commitBatch();
        qInfo() << "applied the other 90,000 in one batch in" << timer.elapsed() << "ms";
        QCOMPARE(m_store.messageCount(), kMessages);
        QVERIFY2(m_store.lastError().isEmpty(), qPrintable(m_store.lastError()));

        proto::Notification outage;
        outage.stream = u"topic:ops"_s;
        outage.epoch = u"t1"_s;
        outage.seq = 1;
        outage.ts = 1800000000000;
        outage.sender = u"monitor"_s;
        outage.title = u"zqoutage in eu-west"_s;
        outage.body = u"The database is unreachable"_s;
        QVERIFY(m_store.apply(outage));
        outage.seq = 2;
        outage.title = u"Recovered"_s;
        outage.body = u"after the zqoutage, all good"_s;
        QVERIFY(m_store.apply(outage));
    }

    void findsExactlyThePlantedMessages()
    {
        for (const Planted &planted : kPlanted) {
            QElapsedTimer timer;
            timer.start();
            const int found = count(planted.word);
            qInfo().noquote()
                << u"search %1: %2 hits in %3 ms"_s.arg(planted.word).arg(found).arg(timer.elapsed());
            QCOMPARE(found, expectedFor(planted.word));
        }
        // The hits are the carriers themselves, with the word marked in the snippet.
        const QList<SearchHit> hits = m_store.search(u"zqrare"_s, 10);
        QCOMPARE(hits.size(), 1);
        const int carrier = m_carriers.value(u"zqrare"_s).first();
        QCOMPARE(hits.first().kind, SearchHit::Kind::Message);
        QCOMPARE(hits.first().stream, streamOf(carrier));
        QCOMPARE(hits.first().seq, carrier / kStreams + 1);
        QCOMPARE(hits.first().sender, u"user%1"_s.arg(carrier % 37));
        QVERIFY2(hits.first().snippet.contains(u"\x02zqrare\x03"_s), qPrintable(hits.first().snippet));
    }

    void prefixesDiacriticsAndScripts()
    {
        QCOMPARE(count(u"zqdeploym"_s), expectedFor(u"zqdeploym"_s));
        QCOMPARE(count(u"zqdep"_s), expectedFor(u"zqdep"_s));
        QCOMPARE(count(u"ZQDEPLOY"_s), expectedFor(u"zqdeploy"_s)); // case does not matter
        QCOMPARE(count(u"zqcafe"_s), 5); // nor accents
        QCOMPARE(count(u"жжприв"_s), 7);
        QCOMPARE(count(u"ЖЖПРИВЕТ"_s), 7);
        // Several words: all must be there (AND).
        QSet<int> both;
        for (int index : m_carriers.value(u"zqcommon"_s)) {
            if (m_carriers.value(u"zqparty"_s).contains(index))
                both.insert(index);
        }
        QCOMPARE(count(u"zqcommon zqparty"_s), int(both.size()));
    }

    void limitsAndRanking()
    {
        QElapsedTimer timer;
        timer.start();
        const QList<SearchHit> ten = m_store.search(u"zqcommon"_s, 10);
        qInfo() << "search zqcommon limit 10 (3000 matches):" << timer.elapsed() << "ms";
        QCOMPARE(ten.size(), 10);
        QVERIFY(std::is_sorted(ten.cbegin(), ten.cend(),
            [](const SearchHit &a, const SearchHit &b) { return a.rank < b.rank; }));
        QCOMPARE(m_store.search(u"zqdeploy"_s, 1).size(), 1);
        QCOMPARE(m_store.search(u"zqdeploy"_s, 0).size(), 0);

        const QList<SearchHit> outages = m_store.search(u"zqoutage"_s);
        QCOMPARE(outages.size(), 2);
        for (const SearchHit &hit : outages) {
            QCOMPARE(hit.kind, SearchHit::Kind::Notification);
            QCOMPARE(hit.stream, u"topic:ops"_s);
            QVERIFY(hit.snippet.contains(u"\x02zqoutage\x03"_s));
        }
    }

    void editsAndDeletesReindex()
    {
        const QList<int> carriers = m_carriers.value(u"zqrare"_s);
        const int index = carriers.first();
        proto::Edited edit { streamOf(index), u"e1"_s, kMessages / kStreams + 1, 1, u"user1"_s, u"ed1"_s,
            index / kStreams + 1, u"now about zqreplaced things"_s };
        QVERIFY(m_store.apply(edit));
        QCOMPARE(count(u"zqrare"_s), 0);
        QCOMPARE(count(u"zqreplaced"_s), 1);

        const int gone = m_carriers.value(u"zqparty"_s).first();
        const int before = count(u"zqparty"_s);
        proto::Deleted removal { streamOf(gone), u"e1"_s, kMessages / kStreams + 2, 2, u"user1"_s, u"del1"_s,
            gone / kStreams + 1 };
        QVERIFY(m_store.apply(removal));
        QCOMPARE(count(u"zqparty"_s), before - 1);
        QCOMPARE(m_store.message(streamOf(gone), gone / kStreams + 1)->text, QString());
    }

    void hostileQueriesNeverFail_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("expected"); // -1: only "no error"
        const int deploy = expectedFor(u"zqdeploy"_s);
        QTest::newRow("open quote") << u"\"zqdeploy"_s << deploy;
        QTest::newRow("quoted") << u"\"zqdeploy\""_s << deploy;
        QTest::newRow("star") << u"zqdeploy*"_s << deploy;
        QTest::newRow("star alone") << u"*"_s << 0;
        QTest::newRow("minus") << u"-zqdeploy"_s << deploy;
        QTest::newRow("colon") << u"text:zqdeploy"_s << -1;
        QTest::newRow("column filter") << u"zqdeploy:"_s << deploy;
        QTest::newRow("caret") << u"^zqdeploy"_s << deploy;
        QTest::newRow("parentheses") << u"(zqdeploy))"_s << deploy;
        QTest::newRow("near open") << u"NEAR("_s << -1;
        QTest::newRow("near") << u"NEAR(zqdeploy zqdeployment, 2)"_s << -1;
        QTest::newRow("operators") << u"zqdeploy AND OR NOT"_s << -1;
        QTest::newRow("plus") << u"+zqdeploy+"_s << deploy;
        QTest::newRow("sql") << u"'); DROP TABLE messages; --"_s << -1;
        QTest::newRow("sql 2") << u"zqdeploy' OR '1'='1"_s << -1;
        QTest::newRow("empty") << QString() << 0;
        QTest::newRow("spaces") << u"   \t\n "_s << 0;
        QTest::newRow("emoji only") << u"🎉🎉"_s << 0;
        QTest::newRow("emoji and word") << u"🎉zqparty🎉"_s << count(u"zqparty"_s);
        QTest::newRow("cyrillic") << u"«жжпривет»"_s << 7;
        QTest::newRow("combining mark alone") << u"\u0301"_s << 0;
        QTest::newRow("lone surrogate") << QString(QChar(0xd83d)) + u"zqdeploy"_s << deploy;
        QTest::newRow("nul") << QString(QChar(0)) + u"zqdeploy"_s << deploy;
        QTest::newRow("very long") << (u"zqdeploy "_s + QString(100000, u'x')) << 0;
        QTest::newRow("many words") << QString(u"zqdeploy "_s).repeated(5000) << deploy;
    }

    void hostileQueriesNeverFail()
    {
        QFETCH(QString, query);
        QFETCH(int, expected);
        const QList<SearchHit> hits = m_store.search(query, kAll);
        QVERIFY2(m_store.lastError().isEmpty(), qPrintable(m_store.lastError()));
        if (expected >= 0)
            QCOMPARE(int(hits.size()), expected);
        QCOMPARE(m_store.messageCount(), kMessages); // still all there
    }
};

QTEST_GUILESS_MAIN(TestLocalStoreSearch)
#include "tst_localstore_search.moc"
