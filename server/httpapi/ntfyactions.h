#pragma once

#include "protocol/notificationframes.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <variant>

namespace confab::relay {

// ntfy's action buttons, in both forms ntfy's publish API takes, as protocol::NotificationAction:
// - the short form of the Actions header: actions separated by ';', fields by ','; positional
//   "<action>, <label>, <url>" then key=value pairs (clear=true, method=PUT, headers.X-Y=v, body=...),
//   or every field as key=value (action=, label=, url=); a value with ',' or ';' in it goes in
//   single or double quotes: body='{"a":1,"b":2}';
// - JSON: an array of {"action","label","url","clear","method","headers","body"} (also in the
//   Actions header when it starts with '[').
// view and http are supported; broadcast (an Android intent) is refused with words saying why.
// Limits (3 actions, label and URL lengths...) are the protocol's and are checked where the whole
// publish is validated; this only reads the syntax.
class NtfyActions
{
public:
    // The actions, or why the text is not readable (plain words for a 400 answer).
    static std::variant<QList<protocol::NotificationAction>, QString> parse(const QString &text);
    static std::variant<QList<protocol::NotificationAction>, QString> fromJson(const QJsonArray &array);
};

} // namespace confab::relay
