#pragma once

#include "ntfymessage.h"

#include <QString>

#include <optional>

namespace confab::relay {

// Where an HTTP topic subscription starts, as ntfy's `since` parameter says it: nothing (only
// what comes next), `all` (everything retained), `latest` (the newest notification), a message id
// ("<epoch prefix>-<seq>", see NtfyMessage), a plain sequence number, a unix time in seconds, or a
// duration back from now ("30s", "10m", "1h", "2d"). A plain number below kFirstUnixTime is a
// sequence number (a topic will not reach a billion notifications; a unix time is past it).
struct TopicStreamSince {
    enum class Kind { New, All, Latest, Id, Seq, Time };
    static constexpr qint64 kFirstUnixTime = 1'000'000'000; // 2001-09-09
    static constexpr qint64 kLastUnixTime = 253'402'300'799; // 9999-12-31, times are clamped to it

    Kind kind = Kind::New;
    NtfyMessage::MessageId id = {}; // Kind::Id
    qint64 seq = 0;                 // Kind::Seq: events after this one
    qint64 time = 0;                // Kind::Time: events committed at or after this (ms since the Unix epoch)

    // `text` is the parameter's value (empty or absent: New, or All when polling); `now` in ms.
    // Nothing when the value is none of the forms above.
    static std::optional<TopicStreamSince> parse(const QString &text, bool poll, qint64 now);
};

} // namespace confab::relay
