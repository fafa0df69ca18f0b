#pragma once

#include <QByteArray>

namespace confab::relay {

// The "# HELP" and "# TYPE" lines that open one metric family in Prometheus' text format.
inline void writeMetricFamily(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace confab::relay
