#pragma once

#include <QLoggingCategory>

// The desktop app's log category: `confab.app` (enable with QT_LOGGING_RULES="confab.app.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcApp)
