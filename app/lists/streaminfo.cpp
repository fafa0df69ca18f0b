#include "streaminfo.h"

#include "client/store/localstore.h"
#include "protocol/streamid.h"

#include <QRegularExpression>

namespace confab::app::streaminfo {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

QString kindOf(const QString &stream)
{
    const std::optional<proto::StreamKind> kind = proto::streamKindOf(stream);
    return kind ? proto::streamKindName(*kind) : QString();
}

QString displayName(const QString &stream, const QString &me)
{
    if (kindOf(stream) == "dm"_L1) {
        QStringList others = proto::dmMembers(stream);
        others.removeAll(me);
        return others.isEmpty() ? me : others.join(u", "_s);
    }
    const QString name = proto::streamName(stream);
    return name.isEmpty() ? stream : name;
}

int sectionOrder(const QString &kind)
{
    if (kind == "room"_L1)
        return 0;
    if (kind == "dm"_L1)
        return 1;
    if (kind == "topic"_L1)
        return 2;
    return 3;
}

QStringList sidebarStreams(const client::LocalStore &store)
{
    QStringList streams;
    for (const QString &stream : store.knownStreams()) {
        if (sectionOrder(kindOf(stream)) < 3)
            streams.append(stream);
    }
    return streams;
}

int unreadCount(const client::LocalStore &store, const QString &stream)
{
    const client::StreamCacheState state = store.cacheState(stream);
    if (kindOf(stream) != "topic"_L1)
        return state.unread;
    int unread = 0;
    for (const client::StoredNotification &notification : store.notifications(stream, false, 1000)) {
        if (notification.seq > state.readMarker)
            ++unread;
    }
    return unread;
}

bool mentions(const QString &text, const QString &user)
{
    if (user.isEmpty() || !text.contains(u'@'))
        return false;
    // A name character or ".name" right after the name means a longer name (@alice.b, @alices);
    // "@alice." at the end of a sentence still counts.
    const QRegularExpression pattern(u"(?<![a-z0-9._-])@"_s + QRegularExpression::escape(user)
                                         + u"(?![a-z0-9_-]|\\.[a-z0-9_-])"_s,
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(text).hasMatch();
}

int mentionCount(const client::LocalStore &store, const QString &stream, const QString &me, int cap)
{
    if (kindOf(stream) == "topic"_L1)
        return 0;
    const client::StreamCacheState state = store.cacheState(stream);
    if (state.unread == 0)
        return 0;
    int count = 0;
    for (const client::StoredMessage &message : store.messages(stream, std::nullopt, cap)) {
        if (message.seq > state.readMarker && !message.deleted && message.sender != me
            && mentions(message.text, me))
            ++count;
    }
    return count;
}

StreamInfo read(const client::LocalStore &store, const QString &stream, const QString &me, bool withMentions)
{
    StreamInfo info;
    info.stream = stream;
    info.kind = kindOf(stream);
    info.displayName = displayName(stream, me);
    info.unread = unreadCount(store, stream);
    info.mentions = withMentions ? mentionCount(store, stream, me) : 0;
    return info;
}

} // namespace confab::app::streaminfo
