#include "autostart.h"

using namespace Qt::StringLiterals;

namespace confab::app {

QStringList Autostart::loginArguments(const QStringList &arguments)
{
    QStringList result = arguments;
    if (!result.contains(u"--minimized"_s))
        result.prepend(u"--minimized"_s);
    return result;
}

} // namespace confab::app
