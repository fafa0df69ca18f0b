// RequestKeyFilter: a stored idempotency key is never reported new (that would store a repeated
// request twice); new keys are mostly recognised as new (that is the speed-up).
#include "requestkeyfilter.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace confab::relay;
using namespace Qt::StringLiterals;

class TestRequestKeyFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unbuiltFilterSendsEveryKeyToTheStore();
    void storedKeysAreNeverNew();
    void fullFilterAsksToBeRebuilt();
};

namespace {

QString randomKey(QRandomGenerator &random)
{
    return QString::number(random.generate64(), 36) + u'-' + QString::number(random.generate(), 16);
}

} // namespace

void TestRequestKeyFilter::unbuiltFilterSendsEveryKeyToTheStore()
{
    RequestKeyFilter filter;
    QVERIFY(!filter.isReady());
    QVERIFY(filter.mayContain(u"alice", u"c-1"));
}

void TestRequestKeyFilter::storedKeysAreNeverNew()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("seed %u", seed);
    QRandomGenerator random(seed);
    RequestKeyFilter filter;
    filter.reset(50'000);
    QList<std::pair<QString, QString>> stored;
    QSet<QString> storedIds;
    for (int i = 0; i < 50'000; ++i) {
        const QString sender = u"user%1"_s.arg(random.bounded(500));
        const QString id = randomKey(random);
        filter.insert(sender, id);
        stored.append({ sender, id });
        storedIds.insert(sender + u'\n' + id);
    }
    for (const auto &[sender, id] : std::as_const(stored))
        QVERIFY2(filter.mayContain(sender, id), qPrintable(sender + u' ' + id));

    int falsePositives = 0;
    int fresh = 0;
    while (fresh < 50'000) {
        const QString sender = u"user%1"_s.arg(random.bounded(500));
        const QString id = randomKey(random);
        if (storedIds.contains(sender + u'\n' + id))
            continue;
        ++fresh;
        falsePositives += filter.mayContain(sender, id) ? 1 : 0;
    }
    // Sized at 10 bits per key with 7 probes: about 1%; 3% would mean the probes are correlated.
    QVERIFY2(falsePositives < fresh * 3 / 100, qPrintable(u"%1 of %2 new keys looked stored"_s.arg(falsePositives).arg(fresh)));
    QVERIFY(!filter.isFull());
}

void TestRequestKeyFilter::fullFilterAsksToBeRebuilt()
{
    RequestKeyFilter filter;
    filter.reset(10); // the minimum size still applies: 65,536 keys
    for (int i = 0; i < 65'536; ++i)
        filter.insert(u"u", QString::number(i));
    QVERIFY(!filter.isFull());
    filter.insert(u"u", u"one more");
    QVERIFY(filter.isFull());
    QVERIFY(filter.mayContain(u"u", u"one more"));
}

QTEST_GUILESS_MAIN(TestRequestKeyFilter)
#include "tst_requestkeyfilter.moc"
