// ParallelSends: every call of a batch runs exactly once, on the caller's thread and the helpers,
// and run() returns only when all have returned (a fan-out reads its results right after).
#include "parallelsends.h"

#include <QTest>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace confab::relay;

class TestParallelSends : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCallRunsOnceAndIsDoneOnReturn_data();
    void everyCallRunsOnceAndIsDoneOnReturn();
    void withoutHelpersEverythingRunsOnTheCaller();
    void helpersShareTheWork();
};

void TestParallelSends::everyCallRunsOnceAndIsDoneOnReturn_data()
{
    QTest::addColumn<int>("helpers");
    QTest::addColumn<int>("count");
    QTest::newRow("no helper") << 0 << 1000;
    QTest::newRow("one helper, fewer calls than a share") << 1 << 5;
    QTest::newRow("one helper") << 1 << 10'000;
    QTest::newRow("three helpers") << 3 << 10'007;
}

void TestParallelSends::everyCallRunsOnceAndIsDoneOnReturn()
{
    QFETCH(int, helpers);
    QFETCH(int, count);
    ParallelSends sends(helpers);
    QCOMPARE(sends.helperCount(), helpers);
    // Batch after batch, as fan-outs follow each other: a helper late for one batch must neither
    // miss the next nor run an old one again.
    for (int batch = 0; batch < 50; ++batch) {
        std::vector<std::atomic<int>> calls(static_cast<size_t>(count));
        sends.run(count, [&calls](qsizetype index) { calls[size_t(index)].fetch_add(1); });
        for (int i = 0; i < count; ++i)
            QCOMPARE(calls[size_t(i)].load(), 1);
    }
}

void TestParallelSends::withoutHelpersEverythingRunsOnTheCaller()
{
    ParallelSends sends(0);
    const std::thread::id caller = std::this_thread::get_id();
    bool elsewhere = false;
    sends.run(500, [&](qsizetype) { elsewhere = elsewhere || std::this_thread::get_id() != caller; });
    QVERIFY(!elsewhere);
}

void TestParallelSends::helpersShareTheWork()
{
    ParallelSends sends(2);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    // Calls that take a while (like a send that wakes its reader) leave time for the helpers to
    // wake up and take shares; run until more than one thread took part, bounded.
    for (int attempt = 0; attempt < 100 && threads.size() < 2; ++attempt) {
        sends.run(2000, [&](qsizetype) {
            {
                const std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
            }
            std::this_thread::sleep_for(std::chrono::microseconds(20));
        });
    }
    QVERIFY2(threads.size() >= 2, "the helpers never took a share");
}

QTEST_APPLESS_MAIN(TestParallelSends)
#include "tst_parallelsends.moc"
