#pragma once

#include <QLoggingCategory>

namespace confab::relay {

// The relay's logging categories. Debug output is off by default; enable it with
// QT_LOGGING_RULES="confab.relay*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcRelay)      // lifecycle, connections
Q_DECLARE_LOGGING_CATEGORY(lcRelayAudit) // one line per security event (logins, admin changes)
Q_DECLARE_LOGGING_CATEGORY(lcRelayStore) // the event store

} // namespace confab::relay
