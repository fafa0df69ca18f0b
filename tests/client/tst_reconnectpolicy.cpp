// The reconnect schedule a user lives with while the relay is away: waits that grow from about
// half a second to a 30 s cap, spread at random over the whole window (so a relay that comes back
// is not hit by every desktop at the same instant), and short again once a connection held.
#include "client/connection/reconnectpolicy.h"

#include <QRandomGenerator>
#include <QtTest>

#include <set>

using confab::client::ReconnectPolicy;
using std::chrono::milliseconds;

class TestReconnectPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_seed = QRandomGenerator::global()->generate64();
        qInfo() << "seed" << m_seed;
    }

    void defaultsMatchTheIssue()
    {
        const ReconnectPolicy policy;
        QCOMPARE(policy.ceiling(1), milliseconds(500));
        QCOMPARE(policy.cap, milliseconds(30'000));
    }

    void ceilingsDoubleUpToTheCap()
    {
        const ReconnectPolicy policy;
        QCOMPARE(policy.ceiling(1), milliseconds(500));
        QCOMPARE(policy.ceiling(2), milliseconds(1000));
        QCOMPARE(policy.ceiling(3), milliseconds(2000));
        QCOMPARE(policy.ceiling(6), milliseconds(16'000));
        QCOMPARE(policy.ceiling(7), milliseconds(30'000));
        // A long outage stays at the cap and never overflows.
        QCOMPARE(policy.ceiling(1000), milliseconds(30'000));
        QCOMPARE(policy.ceiling(std::numeric_limits<int>::max()), milliseconds(30'000));
        for (int attempt = 2; attempt < 40; ++attempt)
            QVERIFY(policy.ceiling(attempt) >= policy.ceiling(attempt - 1));
        // Nonsense attempt numbers count as the first.
        QCOMPARE(policy.ceiling(0), milliseconds(500));
        QCOMPARE(policy.ceiling(-5), milliseconds(500));
    }

    void everyDelayLiesWithinItsWindowAndIsSpread()
    {
        const ReconnectPolicy policy;
        std::mt19937_64 random(m_seed);
        for (int attempt = 1; attempt <= 12; ++attempt) {
            std::set<qint64> seen;
            qint64 lowest = std::numeric_limits<qint64>::max();
            qint64 highest = 0;
            for (int draw = 0; draw < 400; ++draw) {
                const milliseconds wait = policy.delay(attempt, random);
                QVERIFY2(wait >= milliseconds(0) && wait <= policy.ceiling(attempt),
                    qPrintable(QStringLiteral("attempt %1: %2 ms").arg(attempt).arg(wait.count())));
                seen.insert(wait.count());
                lowest = std::min<qint64>(lowest, wait.count());
                highest = std::max<qint64>(highest, wait.count());
            }
            // Full jitter: the draws cover the window, not one value or a narrow band.
            QVERIFY2(seen.size() > 50,
                qPrintable(QStringLiteral("attempt %1: %2 distinct").arg(attempt).arg(seen.size())));
            QVERIFY(lowest < policy.ceiling(attempt).count() / 4);
            QVERIFY(highest > policy.ceiling(attempt).count() * 3 / 4);
        }
    }

    void theSameSeedGivesTheSameSchedule()
    {
        const ReconnectPolicy policy;
        std::mt19937_64 first(m_seed);
        std::mt19937_64 second(m_seed);
        for (int attempt = 1; attempt < 20; ++attempt)
            QCOMPARE(policy.delay(attempt, first), policy.delay(attempt, second));
    }

    void shortPoliciesForTests()
    {
        ReconnectPolicy policy;
        policy.initial = milliseconds(20);
        policy.cap = milliseconds(200);
        QCOMPARE(policy.ceiling(1), milliseconds(20));
        QCOMPARE(policy.ceiling(4), milliseconds(160));
        QCOMPARE(policy.ceiling(5), milliseconds(200));
        policy.cap = milliseconds(0);
        std::mt19937_64 random(m_seed);
        QCOMPARE(policy.delay(3, random), milliseconds(0));
    }

private:
    quint64 m_seed = 0;
};

QTEST_GUILESS_MAIN(TestReconnectPolicy)
#include "tst_reconnectpolicy.moc"
