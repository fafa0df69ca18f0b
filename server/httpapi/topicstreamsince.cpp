#include "topicstreamsince.h"

#include <algorithm>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

std::optional<qint64> wholeNumber(QStringView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    return text.toLongLong();
}

std::optional<qint64> durationMs(QStringView text)
{
    if (text.size() < 2)
        return std::nullopt;
    const std::optional<qint64> amount = wholeNumber(text.chopped(1));
    if (!amount || *amount > 100LL * 365 * 24 * 3600)
        return std::nullopt;
    switch (text.back().toLatin1()) {
    case 's':
        return *amount * 1000;
    case 'm':
        return *amount * 60 * 1000;
    case 'h':
        return *amount * 3600 * 1000;
    case 'd':
        return *amount * 24 * 3600 * 1000;
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<TopicStreamSince> TopicStreamSince::parse(const QString &text, bool poll, qint64 now)
{
    TopicStreamSince since;
    const QString value = text.trimmed();
    // ntfy: a poll without since returns everything cached; a stream without it only what comes.
    if (value.isEmpty()) {
        since.kind = poll ? Kind::All : Kind::New;
        return since;
    }
    if (value == "all"_L1) {
        since.kind = Kind::All;
        return since;
    }
    if (value == "latest"_L1) {
        since.kind = Kind::Latest;
        return since;
    }
    if (value == "none"_L1) {
        since.kind = Kind::New;
        return since;
    }
    if (const std::optional<qint64> number = wholeNumber(value)) {
        if (*number >= kFirstUnixTime) {
            since.kind = Kind::Time;
            // Up to 18 digits fit a qint64, but not once in ms: a time past kLastUnixTime means
            // "nothing stored yet", as any future time does.
            since.time = std::min(*number, kLastUnixTime) * 1000;
        } else {
            since.kind = Kind::Seq;
            since.seq = *number;
        }
        return since;
    }
    if (const std::optional<qint64> back = durationMs(value)) {
        since.kind = Kind::Time;
        since.time = now - *back;
        return since;
    }
    if (const std::optional<NtfyMessage::MessageId> id = NtfyMessage::parseMessageId(value)) {
        since.kind = Kind::Id;
        since.id = *id;
        return since;
    }
    return std::nullopt;
}

} // namespace confab::relay
