#pragma once

#include "http/httprequest.h"
#include "protocol/notificationframes.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace confab::relay {

// Reads a publish request the way ntfy's publish API takes it, into a protocol::Publish (without
// id, stream and client_msg_id, which the endpoint sets). Pure: no store, no clock but `now`.
// Every field comes from a header (case-insensitive, X- prefixed, long or short alias) or from a
// query parameter of the same lower-case name, looked up in ntfy's order:
//   message  X-Message Message M (else the body; empty -> "triggered")
//   title    X-Title Title Ti T            priority X-Priority Priority Prio P (1-5, min low default high urgent max)
//   tags     X-Tags Tags Tag Ta (commas)   click    X-Click Click
//   actions  X-Actions Actions Action      icon     X-Icon Icon
//   delay    X-Delay Delay X-At At X-In In (30m, 2h, 1d, 1h30m, unix seconds, ISO 8601 date-time)
//   markdown X-Markdown Markdown Md        (accepted: bodies are markdown anyway)
//   accepted and ignored: email, call, cache, firebase, unifiedpush, attach, template, poll id.
// Header values may be RFC 2047 encoded words (=?UTF-8?B?...?=), as ntfy allows for non-ASCII.
// Errors carry ntfy's status and five-digit code.
class NtfyPublishRequest
{
public:
    struct Error {
        int status = 400;
        int code = 40000;
        QString message;
    };

    struct Parsed {
        QString topic;              // JSON publishing only: the "topic" field
        protocol::Publish publish;  // body, title, priority, tags, click, icon, actions, deliverAt
        bool markdown = false;
        QStringList ignored;        // the ntfy fields taken but without effect here (for the log)
    };

    using Result = std::variant<Parsed, Error>;

    // POST/PUT /<topic>: headers, query and body. `now` in ms since the Unix epoch.
    static Result fromHttp(const HttpRequest &request, qint64 now);
    // POST / with a JSON object (ntfy's JSON publishing).
    static Result fromJson(const QByteArray &body, qint64 now);

    // 1..5 from a number or a word; nothing for anything else.
    static std::optional<int> parsePriority(const QString &text);
    // A delivery time in ms since the Unix epoch from ntfy's forms; nothing when unreadable.
    static std::optional<qint64> parseDeliveryTime(const QString &text, qint64 now);
    // A header value as text: RFC 2047 encoded words decoded, else the bytes as UTF-8.
    static QString headerText(const QByteArray &value);
};

} // namespace confab::relay
