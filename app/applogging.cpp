#include "applogging.h"

Q_LOGGING_CATEGORY(lcApp, "confab.app", QtInfoMsg)
