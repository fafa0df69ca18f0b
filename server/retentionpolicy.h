#pragma once

#include <QHash>
#include <QString>

namespace confab::relay {

// How much history every stream keeps. An event goes when it is older than maxAgeMs or when more
// than maxEvents newer ones exist in its stream; 0 disables a limit.
struct RetentionPolicy {
    qint64 maxAgeMs = 30LL * 24 * 60 * 60 * 1000;
    qint64 maxEvents = 100'000;
};

// What one pruning pass removed.
struct PruneReport {
    qint64 removedEvents = 0;  // by age or count: these raise first_seq
    qint64 removedExpired = 0; // notifications past expires_at: they never raise first_seq
    QHash<QString, qint64> firstSeqs = {}; // the new first_seq of every stream whose first_seq rose
};

} // namespace confab::relay
