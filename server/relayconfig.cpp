#include "relayconfig.h"

#include <QDir>
#include <QStandardPaths>

namespace confab::relay {

using namespace Qt::StringLiterals;

QString RelayConfig::defaultDataDir()
{
    // GenericDataLocation, not AppDataLocation: the folder name must not depend on how
    // QCoreApplication's organization and application names happen to be set.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(u"confab-relay"_s);
}

} // namespace confab::relay
