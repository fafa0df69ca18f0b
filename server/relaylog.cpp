#include "relaylog.h"

namespace confab::relay {

Q_LOGGING_CATEGORY(lcRelay, "confab.relay", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRelayAudit, "confab.relay.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRelayStore, "confab.relay.store", QtInfoMsg)

} // namespace confab::relay
