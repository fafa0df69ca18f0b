#include "eventstore.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

StoreResult<AppendOutcome> EventStore::append(const NewEvent &event)
{
    StoreResult<QList<AppendOutcome>> outcomes = appendBatch({event});
    if (!outcomes.ok())
        return outcomes.error();
    if (outcomes.value().size() != 1)
        return StoreError{u"a batch of one gave %1 outcomes"_s.arg(outcomes.value().size())};
    return std::move(outcomes.value().first());
}

} // namespace confab::relay
