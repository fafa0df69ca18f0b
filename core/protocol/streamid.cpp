#include "streamid.h"

#include "protocolversion.h"

#include <algorithm>
#include <array>
#include <utility>

namespace confab::protocol {
namespace {

using namespace Qt::StringLiterals;

constexpr std::array kKinds{
    std::pair{StreamKind::Room, "room"},
    std::pair{StreamKind::Dm, "dm"},
    std::pair{StreamKind::Topic, "topic"},
    std::pair{StreamKind::User, "user"},
};

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.' || c == u'_' || c == u'-';
}

// A direct conversation is named by its members' user names, sorted and joined by `+`, so that each
// set of members has exactly one stream.
bool isValidDmName(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxStreamIdLength)
        return false;
    QStringView previous;
    qsizetype count = 0;
    for (const QStringView member : name.tokenize(u'+')) {
        if (!isValidUserName(member) || (!previous.isEmpty() && previous.compare(member) >= 0))
            return false;
        if (++count > kMaxDmMembers)
            return false;
        previous = member;
    }
    // tokenize() skips nothing, so "a++b" yields an empty member and fails above; "a+" likewise.
    return count >= 2;
}

} // namespace

QString streamKindName(StreamKind kind)
{
    for (const auto &[value, name] : kKinds) {
        if (value == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<StreamKind> streamKindFromName(QStringView name)
{
    for (const auto &[value, text] : kKinds) {
        if (name == QLatin1StringView(text))
            return value;
    }
    return std::nullopt;
}

bool isValidId(QStringView id)
{
    if (id.isEmpty() || id.size() > kMaxIdLength)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

// A name starts with a letter or digit, so that `.`, `..` and `-x` never name anything: names end
// up in file names, URLs and command lines.
bool isValidName(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return false;
    const QChar first = name.front();
    if (!((first >= u'a' && first <= u'z') || (first >= u'0' && first <= u'9')))
        return false;
    return std::all_of(name.begin(), name.end(), isNameChar);
}

bool isValidUserName(QStringView name)
{
    return isValidName(name);
}

std::optional<StreamKind> streamKindOf(QStringView stream)
{
    if (stream.size() > kMaxStreamIdLength)
        return std::nullopt;
    const qsizetype colon = stream.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    const std::optional<StreamKind> kind = streamKindFromName(stream.left(colon));
    if (!kind)
        return std::nullopt;
    const QStringView name = stream.mid(colon + 1);
    const bool valid = *kind == StreamKind::Dm ? isValidDmName(name) : isValidName(name);
    return valid ? kind : std::nullopt;
}

bool isValidStreamId(QStringView stream)
{
    return streamKindOf(stream).has_value();
}

QString streamName(QStringView stream)
{
    if (!isValidStreamId(stream))
        return {};
    return stream.mid(stream.indexOf(u':') + 1).toString();
}

QString userStreamId(const QString &user)
{
    return u"user:"_s + user;
}

QString dmStreamId(QStringList members)
{
    members.sort();
    members.removeDuplicates();
    const QString stream = u"dm:"_s + members.join(u'+');
    return isValidStreamId(stream) ? stream : QString();
}

QStringList dmMembers(QStringView stream)
{
    if (streamKindOf(stream) != StreamKind::Dm)
        return {};
    return stream.mid(3).toString().split(u'+');
}

} // namespace confab::protocol
