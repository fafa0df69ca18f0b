#pragma once

#include <QString>
#include <QtGlobal>

namespace confab::relay {

// How the relay writes log lines to stderr: text (`TIME CATEGORY LEVEL: MESSAGE`) or one JSON
// object per line ({"time","level","category","message"}) for log collectors. Either way a line
// is exactly one line: control characters in messages (a user name with a newline, say) are
// escaped, so nobody can forge a log line through what they send.
class LogFormat
{
public:
    enum class Style { Text, Json };

    // Installs the process-wide Qt message handler (Qt has exactly one; this is it for the relay).
    static void install(Style style);

    // One formatted line, without the trailing newline (the handler's work, testable alone).
    static QByteArray format(Style style, QtMsgType type, const char *category, const QString &message);
    // The message with every control character written as \n, \t, \r or \u00XX, and \ as \\.
    static QString escapeControl(const QString &text);
};

} // namespace confab::relay
