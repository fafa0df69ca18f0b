// Property: whatever order the relay's events reach the store in (live, replayed after a
// reconnect, duplicated, history pages going backwards, shuffled) and however often the app is
// closed and reopened in between, the store ends up holding each message exactly once, in seq
// order, with its final text, deletions and reactions, and the search index agrees. Every round
// uses its own seed, printed with any failure; CONFAB_TEST_SEED repeats a run.
#include "client/store/localstore.h"

#include <QMap>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <variant>

using namespace Qt::StringLiterals;
using confab::client::LocalStore;
using confab::client::StoredMessage;
namespace proto = confab::protocol;

namespace {

constexpr int kRounds = 200;
const QStringList kStreams { u"room:a"_s, u"room:b"_s };
const QStringList kUsers { u"u1"_s, u"u2"_s, u"u3"_s };
const QStringList kEmoji { u"👍"_s, u"🎉"_s };

using Event = std::variant<proto::Message, proto::Edited, proto::Deleted, proto::Reaction>;

// What a correct store shows for one message.
struct Expected {
    QString text;
    bool edited = false;
    bool deleted = false;
    QString originalWord;
    QString finalWord;
    QMap<std::pair<QString, QString>, std::pair<qint64, bool>> reactions; // (emoji, user) -> (seq, present)
};

struct Scenario {
    QList<Event> events; // in relay order
    QMap<QString, QMap<qint64, Expected>> model; // stream -> seq -> final state
    QMap<QString, qint64> heads;
};

Scenario generate(QRandomGenerator &random)
{
    Scenario scenario;
    const int count = 20 + int(random.bounded(80));
    for (int i = 0; i < count; ++i) {
        const QString stream = kStreams.at(random.bounded(kStreams.size()));
        const qint64 seq = ++scenario.heads[stream];
        const qint64 ts = 1000 + i;
        QMap<qint64, Expected> &messages = scenario.model[stream];
        QList<qint64> alive;
        for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
            if (!it->deleted)
                alive.append(it.key());
        }
        const int kind = messages.isEmpty() ? 0 : int(random.bounded(10));
        const QString sender = kUsers.at(random.bounded(kUsers.size()));
        const QString key = u"%1-%2"_s.arg(stream).arg(seq);
        if (kind <= 4 || alive.isEmpty()) {
            Expected expected;
            expected.originalWord = u"orig%1x%2end"_s.arg(stream.back()).arg(seq);
            expected.finalWord = expected.originalWord;
            expected.text = u"hello %1"_s.arg(expected.originalWord);
            messages.insert(seq, expected);
            scenario.events.append(
                proto::Message { stream, u"e1"_s, seq, ts, sender, key, expected.text, {} });
        } else if (kind <= 6) {
            const qint64 target = alive.at(random.bounded(alive.size()));
            Expected &expected = messages[target];
            expected.finalWord = u"edit%1x%2end"_s.arg(stream.back()).arg(seq);
            expected.text = u"changed %1"_s.arg(expected.finalWord);
            expected.edited = true;
            scenario.events.append(
                proto::Edited { stream, u"e1"_s, seq, ts, sender, key, target, expected.text });
        } else if (kind == 7) {
            const qint64 target = alive.at(random.bounded(alive.size()));
            Expected &expected = messages[target];
            expected.deleted = true;
            expected.text.clear();
            scenario.events.append(proto::Deleted { stream, u"e1"_s, seq, ts, sender, key, target });
        } else {
            const qint64 target = alive.at(random.bounded(alive.size()));
            const QString emoji = kEmoji.at(random.bounded(kEmoji.size()));
            const bool remove = random.bounded(3) == 0;
            messages[target].reactions[{ emoji, sender }] = { seq, !remove };
            scenario.events.append(
                proto::Reaction { stream, u"e1"_s, seq, ts, sender, key, target, emoji, remove });
        }
    }
    return scenario;
}

// How the events reach the store: every event at least once, in a messy order.
struct Step {
    enum class Kind { Deliver, Reopen, BeginBatch, CommitBatch } kind;
    int event = -1;
};

QList<Step> deliveries(QRandomGenerator &random, int eventCount)
{
    QList<Step> steps;
    QList<QList<int>> deferred; // history pages fetched later, delivered backwards
    QList<int> delivered;
    int position = 0;
    int openBatches = 0;
    const auto deliver = [&](int event) {
        steps.append({ Step::Kind::Deliver, event });
        delivered.append(event);
    };
    while (position < eventCount || !deferred.isEmpty()) {
        const int op = int(random.bounded(9));
        const int size = 1 + int(random.bounded(8));
        QList<int> chunk;
        if (op <= 4 && position < eventCount) {
            for (int i = 0; i < size && position < eventCount; ++i)
                chunk.append(position++);
        }
        switch (op) {
        case 0: // live, in order
        case 1:
            for (int event : chunk)
                deliver(event);
            break;
        case 2: // shuffled (a reconnect's replay racing live events)
            std::shuffle(chunk.begin(), chunk.end(), random);
            for (int event : chunk)
                deliver(event);
            break;
        case 3: // backwards, like a history page
            std::reverse(chunk.begin(), chunk.end());
            for (int event : chunk)
                deliver(event);
            break;
        case 4: // skipped now, fetched later as history
            if (!chunk.isEmpty())
                deferred.append(chunk);
            break;
        case 5: // a replayed range
            if (!delivered.isEmpty()) {
                const int from = int(random.bounded(delivered.size()));
                const int to = std::min<int>(int(delivered.size()), from + size);
                const QList<int> again = delivered.mid(from, to - from);
                for (int event : again)
                    deliver(event);
            }
            break;
        case 6: // a page of what was skipped, newest first
            if (!deferred.isEmpty() && (random.bounded(2) == 0 || position >= eventCount)) {
                QList<int> page = deferred.takeLast();
                std::reverse(page.begin(), page.end());
                for (int event : page)
                    deliver(event);
            }
            break;
        case 7: // the app is closed and started again
            if (openBatches == 0)
                steps.append({ Step::Kind::Reopen });
            break;
        case 8: // catch-ups are batched
            if (openBatches > 0 && random.bounded(2) == 0) {
                steps.append({ Step::Kind::CommitBatch });
                --openBatches;
            } else if (openBatches < 2) {
                steps.append({ Step::Kind::BeginBatch });
                ++openBatches;
            }
            break;
        }
        if (position >= eventCount && op != 6 && !deferred.isEmpty() && random.bounded(3) == 0) {
            QList<int> page = deferred.takeLast();
            std::reverse(page.begin(), page.end());
            for (int event : page)
                deliver(event);
        }
    }
    while (openBatches-- > 0)
        steps.append({ Step::Kind::CommitBatch });
    return steps;
}

void applyEvent(LocalStore &store, const Event &event)
{
    std::visit([&store](const auto &e) { store.apply(e); }, event);
}

} // namespace

class TestLocalStoreProperty : public QObject
{
    Q_OBJECT

private:
    // Compares the store with the model; returns the first difference in words, or empty.
    static QString difference(LocalStore &store, const Scenario &scenario)
    {
        for (auto streamIt = scenario.model.cbegin(); streamIt != scenario.model.cend(); ++streamIt) {
            const QString &stream = streamIt.key();
            const QList<StoredMessage> stored = store.messages(stream, std::nullopt, 100000);
            const QList<qint64> expectedSeqs = streamIt->keys();
            QList<qint64> storedSeqs;
            for (const StoredMessage &message : stored)
                storedSeqs.append(message.seq);
            if (storedSeqs != expectedSeqs) {
                QStringList a, b;
                for (qint64 s : storedSeqs)
                    a.append(QString::number(s));
                for (qint64 s : expectedSeqs)
                    b.append(QString::number(s));
                return u"%1 holds seqs [%2], expected [%3]"_s.arg(stream, a.join(u','), b.join(u','));
            }
            for (const StoredMessage &message : stored) {
                const Expected &expected = streamIt->value(message.seq);
                if (message.text != expected.text || message.deleted != expected.deleted
                    || (!expected.deleted && message.edited != expected.edited)) {
                    return u"%1/%2 shows \"%3\" (edited %4, deleted %5), expected \"%6\" (edited %7, deleted %8)"_s
                        .arg(stream)
                        .arg(message.seq)
                        .arg(message.text)
                        .arg(message.edited)
                        .arg(message.deleted)
                        .arg(expected.text)
                        .arg(expected.edited)
                        .arg(expected.deleted);
                }
                // Reactions: present ones, per emoji in the order of their latest event.
                QHash<QString, QStringList> reactions;
                if (!expected.deleted) {
                    QList<std::pair<qint64, std::pair<QString, QString>>> present;
                    for (auto it = expected.reactions.cbegin(); it != expected.reactions.cend(); ++it) {
                        if (it->second)
                            present.append({ it->first, it.key() });
                    }
                    std::sort(present.begin(), present.end());
                    for (const auto &entry : present)
                        reactions[entry.second.first].append(entry.second.second);
                }
                if (message.reactions != reactions)
                    return u"%1/%2 has other reactions than expected"_s.arg(stream).arg(message.seq);

                // The search index follows the current text.
                const int hits = int(store.search(expected.finalWord).size());
                const int expectedHits = expected.deleted ? 0 : 1;
                if (hits != expectedHits)
                    return u"search %1 gave %2 hits, expected %3"_s.arg(expected.finalWord)
                        .arg(hits)
                        .arg(expectedHits);
                if (expected.finalWord != expected.originalWord
                    && !store.search(expected.originalWord).isEmpty())
                    return u"search %1 still finds the text before the edit"_s.arg(expected.originalWord);
            }
            const auto cursor = store.cursor(stream);
            if (!cursor || cursor->seq != scenario.heads.value(stream))
                return u"%1 cursor %2, expected %3"_s.arg(stream)
                    .arg(cursor ? cursor->seq : -1)
                    .arg(scenario.heads.value(stream));
            if (store.cacheState(stream).oldestCached != 1)
                return u"%1 reports its cache contiguous from %2, expected 1"_s.arg(stream).arg(
                    store.cacheState(stream).oldestCached);
        }
        return {};
    }

private Q_SLOTS:
    void everyMessageExactlyOnceInOrder()
    {
        const quint32 base = qEnvironmentVariableIsSet("CONFAB_TEST_SEED")
            ? quint32(qEnvironmentVariableIntValue("CONFAB_TEST_SEED"))
            : QRandomGenerator::global()->generate();
        qInfo() << "base seed" << base << "(set CONFAB_TEST_SEED to repeat)";
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        int reopened = 0;
        int deliveredTotal = 0;
        for (int round = 0; round < kRounds; ++round) {
            const quint32 seed = base + quint32(round);
            QRandomGenerator random(seed);
            const Scenario scenario = generate(random);
            const QList<Step> steps = deliveries(random, int(scenario.events.size()));
            const QString path = dir.filePath(u"round-%1.sqlite"_s.arg(round));

            LocalStore store;
            QVERIFY(!store.open(path));
            for (const Step &step : steps) {
                switch (step.kind) {
                case Step::Kind::Deliver:
                    applyEvent(store, scenario.events.at(step.event));
                    ++deliveredTotal;
                    break;
                case Step::Kind::Reopen: {
                    store.close();
                    const auto error = store.open(path);
                    QVERIFY2(!error, qPrintable(error.value_or(QString())));
                    ++reopened;
                    break;
                }
                case Step::Kind::BeginBatch:
                    store.beginBatch();
                    break;
                case Step::Kind::CommitBatch:
                    store.commitBatch();
                    break;
                }
            }
            const QString problem = difference(store, scenario);
            QVERIFY2(problem.isEmpty(),
                qPrintable(u"round %1 (seed %2, %3 events): %4"_s.arg(round)
                               .arg(seed)
                               .arg(scenario.events.size())
                               .arg(problem)));
            QVERIFY2(store.lastError().isEmpty(), qPrintable(store.lastError()));

            // And once more from the file alone, as after a restart.
            store.close();
            QVERIFY(!store.open(path));
            const QString afterReopen = difference(store, scenario);
            QVERIFY2(afterReopen.isEmpty(),
                qPrintable(
                    u"round %1 (seed %2) after reopening: %3"_s.arg(round).arg(seed).arg(afterReopen)));
        }
        qInfo() << kRounds << "rounds," << deliveredTotal << "deliveries," << reopened
                << "reopenings mid-way";
    }
};

QTEST_GUILESS_MAIN(TestLocalStoreProperty)
#include "tst_localstore_property.moc"
