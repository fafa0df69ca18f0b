#pragma once

#include <QLatin1StringView>
#include <QString>

#include <initializer_list>
#include <utility>

namespace confab::relay {

// One line per security event through the lcRelayAudit category, e.g.
//   audit event=login.failed user=bob peer=127.0.0.1:51234 reason="wrong password or unknown user"
// Values come from the network (user names, client strings, labels), so every value is escaped:
// control characters, DEL, C1 controls, Unicode format characters (bidi overrides, zero-width
// characters) and line separators become \n, \t, \xNN or \u{NNNN}; a value with spaces, quotes,
// '=' or nothing at all is quoted; overlong values are cut. A log line can therefore never be
// split, forged or visually reordered by what a client sent. Callers never pass secrets.
class AuditLog
{
public:
    using Field = std::pair<QLatin1StringView, QString>;

    static constexpr qsizetype kMaxValueLength = 200;

    // Writes the event's line to lcRelayAudit (info).
    static void write(QLatin1StringView event, std::initializer_list<Field> fields);
    // The line write() logs.
    static QString format(QLatin1StringView event, std::initializer_list<Field> fields);
    // One value as it appears in a line.
    static QString escape(const QString &value);
};

} // namespace confab::relay
