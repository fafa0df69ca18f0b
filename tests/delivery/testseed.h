#pragma once

#include <QRandomGenerator>
#include <QtGlobal>

#include <cstdio>

// The seed of a test's random choices: CONFAB_TEST_SEED when set (to repeat a failing run), else a
// fresh one. Printed either way, so every run can be reproduced.
inline quint32 deliveryTestSeed(const char *testName)
{
    bool ok = false;
    quint32 seed = qEnvironmentVariable("CONFAB_TEST_SEED").toUInt(&ok);
    if (!ok)
        seed = QRandomGenerator::system()->generate();
    std::printf("%s: seed %u (set CONFAB_TEST_SEED=%u to repeat)\n", testName, seed, seed);
    std::fflush(stdout);
    return seed;
}
