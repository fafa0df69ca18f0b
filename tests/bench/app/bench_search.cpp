// bench_app_search: full-text search over a large local store. Fills a fresh LocalStore (a file
// in a temporary folder, as the app's) with N messages of random words from a small vocabulary
// (seeded; the seed is printed), then runs Q searches the way the search page does
// (LocalStore::search with what a person types: one to three words, the last one possibly
// unfinished) and reports the time per query: p50, p99 and max.
//
// Options: --messages N (100000), --queries Q (200), --seed S (random), --limit L (50, the
// search page's), --batch B (messages per transaction while filling, 5000 as in a catch-up; 1 is
// how live messages are written), --query-words zipf|uniform (zipf: query words as frequent as in
// the messages, so half the queries hold a word found in tens of thousands of messages, the worst
// case; uniform: any word of the vocabulary alike, closer to people looking for something
// specific; both: one run of each on the same store). Prints a summary line "search: ..." that
// scripts/bench-app.sh parses.
#include "client/store/localstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {

// Common words make long posting lists (the slow case for a search), rare ones short ones.
QStringList vocabulary(std::mt19937 &random, int size)
{
    static const char *const common[] = { "the", "build", "deploy", "lunch", "meeting", "release", "test",
        "server", "client", "review", "merge", "branch", "issue", "fixed", "broken", "today", "tomorrow",
        "please", "thanks", "done" };
    QStringList words;
    for (const char *word : common)
        words.append(QString::fromLatin1(word));
    std::uniform_int_distribution<int> letter('a', 'z');
    std::uniform_int_distribution<int> length(3, 10);
    while (words.size() < size) {
        QString word;
        for (int i = 0, n = length(random); i < n; ++i)
            word.append(QChar(letter(random)));
        words.append(word);
    }
    return words;
}

// Zipf-like: word i is picked with weight 1/(i+1), so a few words are everywhere.
class WordPicker
{
public:
    explicit WordPicker(const QStringList &words) : m_words(words)
    {
        std::vector<double> weights;
        for (qsizetype i = 0; i < words.size(); ++i)
            weights.push_back(1.0 / double(i + 1));
        m_distribution = std::discrete_distribution<int>(weights.begin(), weights.end());
    }
    const QString &pick(std::mt19937 &random) { return m_words.at(m_distribution(random)); }

private:
    QStringList m_words;
    std::discrete_distribution<int> m_distribution;
};

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    const auto at = std::min(sorted.size() - 1, size_t(p * double(sorted.size() - 1) + 0.5));
    return sorted.at(at);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Full-text search over a large local store (a benchmark)."_s);
    parser.addHelpOption();
    const QCommandLineOption messagesOption(u"messages"_s, u"Messages stored."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption queriesOption(u"queries"_s, u"Searches run."_s, u"Q"_s, u"200"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Random seed (default: random)."_s, u"S"_s);
    const QCommandLineOption limitOption(u"limit"_s, u"Results per search."_s, u"L"_s, u"50"_s);
    const QCommandLineOption batchOption(
        u"batch"_s, u"Messages per transaction while filling."_s, u"B"_s, u"5000"_s);
    const QCommandLineOption storeOption(
        u"store"_s, u"Keep the store in this file (default: a temporary one)."_s, u"FILE"_s);
    const QCommandLineOption queryWordsOption(u"query-words"_s,
        u"How query words are drawn: zipf (default), uniform or both."_s, u"MODE"_s, u"zipf"_s);
    parser.addOptions({ messagesOption, queriesOption, seedOption, limitOption, batchOption, storeOption,
        queryWordsOption });
    parser.process(app);
    const int messageCount = std::max(1, parser.value(messagesOption).toInt());
    const int queryCount = std::max(1, parser.value(queriesOption).toInt());
    const int limit = std::max(1, parser.value(limitOption).toInt());
    bool seeded = false;
    quint32 seed = parser.value(seedOption).toUInt(&seeded);
    if (!seeded)
        seed = QRandomGenerator::system()->generate();
    std::printf("search: seed %u (--seed %u repeats this run)\n", seed, seed);
    std::mt19937 random(seed);

    QTemporaryDir folder;
    confab::client::LocalStore store;
    const QString path
        = parser.isSet(storeOption) ? parser.value(storeOption) : folder.filePath(u"store.sqlite"_s);
    if (const std::optional<QString> problem = store.open(path)) {
        std::fprintf(stderr, "search: cannot open the store: %s\n", qPrintable(*problem));
        return 1;
    }
    store.setOwnUser(u"reader"_s);

    const QStringList words = vocabulary(random, 5000);
    WordPicker picker(words);
    const QStringList senders { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s };
    const QStringList rooms { u"room:general"_s, u"room:dev"_s, u"room:ops"_s, u"room:random"_s };
    std::uniform_int_distribution<int> wordsPerMessage(4, 20);

    QElapsedTimer timer;
    timer.start();
    // Stored as a catch-up stores them: in batches of one transaction.
    const int kBatch = std::max(1, parser.value(batchOption).toInt());
    for (int i = 0; i < messageCount; ++i) {
        if (i % kBatch == 0)
            store.beginBatch();
        QStringList text;
        for (int w = 0, n = wordsPerMessage(random); w < n; ++w)
            text.append(picker.pick(random));
        const QString &room = rooms.at(i % rooms.size());
        const qint64 seq = i / rooms.size() + 1;
        store.apply(proto::Message { room, u"e1"_s, seq, 1'700'000'000'000 + i,
            senders.at(i % senders.size()), u"m%1"_s.arg(i), text.join(u' ') });
        if (i % kBatch == kBatch - 1 || i == messageCount - 1) {
            // Indexed for search in the same transaction (the store indexes later, in chunks;
            // the fill time includes it, as it did when each message was indexed as it came).
            store.indexMessages();
            if (!store.commitBatch()) {
                std::fprintf(stderr, "search: storing failed: %s\n", qPrintable(store.lastError()));
                return 1;
            }
        }
    }
    const qint64 fillMs = timer.elapsed();
    std::printf("search: stored %d messages in %lld ms (%d per transaction, %.1f us per message)\n",
        store.messageCount(), static_cast<long long>(fillMs), kBatch, double(fillMs) * 1000.0 / messageCount);

    // What people type: one to three words; the last one is often still being typed (a prefix).
    const auto runQueries = [&](bool uniformQueries) {
        std::uniform_int_distribution<int> wordsPerQuery(1, 3);
        std::bernoulli_distribution unfinished(0.5);
        std::uniform_int_distribution<int> anyWord(0, int(words.size()) - 1);
        std::vector<double> times;
        QList<QPair<double, QString>> slowest; // the five slowest queries, for the report
        qsizetype totalHits = 0;
        for (int q = 0; q < queryCount; ++q) {
            QStringList query;
            for (int w = 0, n = wordsPerQuery(random); w < n; ++w)
                query.append(uniformQueries ? words.at(anyWord(random)) : picker.pick(random));
            if (unfinished(random) && query.last().size() > 3)
                query.last().truncate(
                    std::uniform_int_distribution<int>(2, int(query.last().size()) - 1)(random));
            timer.restart();
            const QList<confab::client::SearchHit> hits = store.search(query.join(u' '), limit);
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
            totalHits += hits.size();
            slowest.append({ times.back(), query.join(u' ') });
            std::sort(slowest.begin(), slowest.end(),
                [](const auto &a, const auto &b) { return a.first > b.first; });
            if (slowest.size() > 5)
                slowest.removeLast();
        }
        const char *mode = uniformQueries ? "uniform" : "zipf";
        std::printf("search: %d %s queries over %d messages, %.1f hits per query\n", queryCount, mode,
            messageCount, double(totalHits) / queryCount);
        for (const auto &[ms, text] : std::as_const(slowest))
            std::printf("search: slow query \"%s\": %.2f ms\n", qPrintable(text), ms);
        std::printf("search: messages=%d queries=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f fill_ms=%lld seed=%u "
                    "words=%s\n",
            messageCount, queryCount, percentile(times, 0.50), percentile(times, 0.99),
            *std::max_element(times.cbegin(), times.cend()), static_cast<long long>(fillMs), seed, mode);
    };
    const QString mode = parser.value(queryWordsOption);
    if (mode != "uniform"_L1)
        runQueries(false);
    if (mode == "uniform"_L1 || mode == "both"_L1)
        runQueries(true);
    return 0;
}
