#pragma once

// Valid frames of every type, shared by the codec tests: the table-driven round trips and the
// fuzzer's seed corpus. Also teaches QtTest to print frames and error codes in failure messages.

#include "protocol/codec.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtTest/QTest>

#include <utility>

Q_DECLARE_METATYPE(confab::protocol::Frame)
Q_DECLARE_METATYPE(confab::protocol::ErrorCode)
Q_DECLARE_METATYPE(confab::protocol::MessageType)
Q_DECLARE_METATYPE(confab::protocol::Direction)

namespace confab::protocol {

// Found by argument-dependent lookup from QCOMPARE.
inline char *toString(const Frame &frame)
{
    return QTest::toString(QString::fromUtf8(encode(frame).left(300)));
}

inline char *toString(ErrorCode code)
{
    return QTest::toString(errorCodeName(code));
}

} // namespace confab::protocol

namespace confab::protocol::testing {

using namespace Qt::StringLiterals;

inline QString repeated(QStringView unit, qsizetype count)
{
    return unit.toString().repeated(count);
}

// Text that exercises JSON escaping and every UTF-8 sequence length.
inline QString unicodeText()
{
    return u"Grüße, 世界! مرحبا 👋🏽 e\u0301 \"quoted\" back\\slash\ttab\nnewline \u0001 \u007f \u2028 \uffff"_s;
}

inline QList<NotificationAction> sampleActions()
{
    return {
        NotificationAction { NotificationActionKind::View, u"Open portal"_s, u"https://example.com/backups/42"_s },
        NotificationAction { NotificationActionKind::Http, u"Retry"_s, u"https://ci.example.com/api/retry?job=7"_s,
            HttpMethod::Put, { { u"Authorization"_s, u"Bearer abc"_s }, { u"X-Trace"_s, u"1"_s } },
            u"{\"force\":true}"_s, true },
        NotificationAction { NotificationActionKind::Http, u"Ping"_s, u"http://127.0.0.1:8080/ping"_s,
            HttpMethod::Post, {}, {}, false },
    };
}

inline Attachment sampleAttachment(qint64 now)
{
    return Attachment { u"Zx_9-aQ"_s, u"Résumé 2026 (final).png"_s, u"image/png"_s, 15 * 1024 * 1024,
        u"/v1/attachments/Zx_9-aQ"_s, now + 86'400'000 };
}

inline Publish fullPublish(qint64 now)
{
    return Publish { u"p3"_s, u"topic:backups"_s, u"c-p3"_s, u"**Backup** of `/home` failed: \n" + unicodeText(),
        repeated(u"T", kMaxNotificationTitleLength), 5,
        { u"warning"_s, u"backup"_s, repeated(u"t", kMaxTagLength), u"日本"_s }, u"https://example.com/b/1"_s,
        u"https://example.com/icon.png"_s, sampleActions(), now + 60'000, now + 86'400'000 };
}

inline Notification fullNotification(qint64 now)
{
    return Notification { u"topic:backups"_s, u"e3"_s, 10, now, u"alice"_s, u"c-p3"_s, u"Backup failed"_s,
        u"Backups"_s, 1, { u"warning"_s }, u"https://example.com/b/1"_s, u"https://example.com/icon.png"_s,
        sampleActions(), now + 86'400'000 };
}

// The most people open_dm can name: the sender makes kMaxDmMembers.
inline QStringList maxDmMembers()
{
    QStringList members;
    for (qsizetype i = 0; i < kMaxDmMembers - 1; ++i)
        members.append(repeated(u"m", kMaxNameLength - 2) + QString::number(10 + i));
    return members;
}

inline QList<std::pair<QByteArray, Frame>> sampleFrames()
{
    const qint64 now = 1'700'000'000'123;
    const QString maxId = repeated(u"~", kMaxIdLength);
    const QString maxName = repeated(u"z", kMaxNameLength);
    return {
        { "hello minimal", Hello { {}, 1, {}, u"alice"_s, u"secret"_s } },
        { "hello full", Hello { u"h-1"_s, 1, u"confab/0.1.0"_s, u"alice"_s, u"pässwörd 🔑 with spaces"_s } },
        { "hello max lengths",
            Hello {
                maxId, 1, repeated(u"c", kMaxNameLength * 2), maxName, repeated(u"p", kMaxSecretLength) } },
        { "hello newer protocol", Hello { u"h-2"_s, 7, {}, u"bob.smith_2-x"_s, u"x"_s } },
        { "hello asking for a token", Hello { u"h-3"_s, 1, {}, u"alice"_s, u"secret"_s, {}, true } },
        { "hello with a token", Hello { u"h-4"_s, 1, u"confab/0.1.0"_s, {}, {}, u"cfs_0123456789abcdef"_s } },
        { "hello with a max token", Hello { {}, 1, {}, {}, {}, repeated(u"t", kMaxSecretLength) } },
        { "welcome minimal", Welcome { {}, 1, u"alice"_s, {}, 0 } },
        { "welcome full", Welcome { u"h-1"_s, 1, u"alice"_s, u"confab-relay/0.1.0"_s, now } },
        { "welcome with a token",
            Welcome { u"h-3"_s, 1, u"alice"_s, u"confab-relay/0.1.0"_s, now, u"cfs_0123456789abcdef"_s, now + 1000 } },
        { "welcome with limits",
            Welcome { u"h-4"_s, 1, u"alice"_s, u"confab-relay/0.1.0"_s, now, {}, {}, RelayLimits { 65536, 200, 100.0 } } },
        { "welcome with a fractional rate and a partial limits object",
            Welcome { u"h-5"_s, 1, u"alice"_s, {}, now, {}, {}, RelayLimits { 0, 0, 2.5 } } },
        { "welcome max time",
            Welcome { maxId, 1, maxName, repeated(u"s", kMaxNameLength * 2), kMaxSafeInteger } },
        { "subscribe without since", Subscribe { u"s1"_s, u"room:general"_s, std::nullopt } },
        { "subscribe since 0", Subscribe { u"s2"_s, u"room:general"_s, 0 } },
        { "subscribe since max", Subscribe { u"s3"_s, u"topic:backups"_s, kMaxSafeInteger } },
        { "subscribe dm", Subscribe { u"s4"_s, u"dm:alice+bob+carol"_s, 17 } },
        { "subscribe max stream", Subscribe { maxId, u"room:"_s + maxName, std::nullopt } },
        { "send ascii", Send { u"m1"_s, u"room:general"_s, u"c-0001"_s, u"hello"_s } },
        { "send unicode", Send { u"m2"_s, u"room:general"_s, u"c-0002"_s, unicodeText() } },
        { "send markdown",
            Send { u"m3"_s, u"room:dev"_s, u"c-0003"_s, u"**bold** `code` <b>not html</b>"_s } },
        { "send max text", Send { u"m4"_s, u"room:general"_s, u"c-0004"_s, repeated(u"x", kMaxTextLength) } },
        { "send max text in emoji",
            Send { u"m5"_s, u"room:general"_s, u"c-0005"_s, repeated(u"😀", kMaxTextLength / 2) } },
        { "send max ids", Send { maxId, u"topic:"_s + maxName, maxId, u"."_s } },
        { "ack minimal", Ack { u"x1"_s, {}, {}, {}, 0, 0 } },
        { "ack for send", Ack { u"m1"_s, u"room:general"_s, u"c-0001"_s, {}, 43, now } },
        { "ack for subscribe", Ack { u"s1"_s, u"room:general"_s, {}, u"e7f3a9"_s, 42, 0 } },
        { "ack for subscribe to empty stream", Ack { u"s1"_s, u"room:empty"_s, {}, u"e7f3a9"_s, 0, 0 } },
        { "ack max values",
            Ack { maxId, u"room:"_s + maxName, maxId, maxId, kMaxSafeInteger, kMaxSafeInteger } },
        { "message",
            Message { u"room:general"_s, u"e7f3a9"_s, 43, now, u"alice"_s, u"c-0001"_s, u"hello"_s } },
        { "message unicode", Message { u"room:general"_s, u"ép"_s, 1, 0, u"bob"_s, u"c"_s, unicodeText() } },
        { "message max values",
            Message { u"dm:a+b"_s, maxId, kMaxSafeInteger, kMaxSafeInteger, maxName, maxId,
                repeated(u"y", kMaxTextLength) } },
        { "error minimal", Error { {}, ErrorCode::Malformed, {}, std::nullopt } },
        { "error with id", Error { u"m1"_s, ErrorCode::NotFound, u"no stream room:nope"_s, std::nullopt } },
        { "error rate limited", Error { u"m2"_s, ErrorCode::RateLimited, u"slow down"_s, 1500 } },
        { "error unicode message", Error { u"m3"_s, ErrorCode::Forbidden, unicodeText(), std::nullopt } },

        // Issue 3: delivery, history, edits, reactions, notifications, rooms, presence.
        { "subscribe with epoch", Subscribe { u"s5"_s, u"user:alice"_s, 12, u"e7f3a9"_s } },
        { "send reply", Send { u"m6"_s, u"dm:alice+bob"_s, u"c-0006"_s, u"yes"_s, 41 } },
        { "message reply", Message { u"room:general"_s, u"e1"_s, 44, now, u"bob"_s, u"c-9"_s, u"yes"_s, 43 } },
        { "send attachment only",
            Send { u"m7"_s, u"room:general"_s, u"c-0007"_s, {}, std::nullopt, sampleAttachment(now) } },
        { "send attachment with text",
            Send { u"m8"_s, u"dm:alice+bob"_s, u"c-0008"_s, u"the photo"_s, 41, sampleAttachment(now) } },
        { "message attachment",
            Message { u"room:general"_s, u"e1"_s, 45, now, u"bob"_s, u"c-10"_s, {}, std::nullopt,
                sampleAttachment(now) } },
        { "ack for subscribe with first_seq",
            Ack { u"s1"_s, u"room:general"_s, {}, u"e1"_s, 42, 0, 1, std::nullopt, false, std::nullopt } },
        { "ack for history",
            Ack { u"h1"_s, u"room:general"_s, {}, u"e1"_s, 101, 0, 7, true, false, std::nullopt } },
        { "ack for empty history",
            Ack { u"h2"_s, u"room:general"_s, {}, u"e1"_s, 0, 0, 1, false, false, std::nullopt } },
        { "ack scheduled",
            Ack { u"p1"_s, u"topic:backups"_s, u"c-p1"_s, {}, 0, 0, std::nullopt, std::nullopt, true,
                now + 60'000 } },
        { "unsubscribe", Unsubscribe { u"u1"_s, u"room:general"_s } },
        { "synced recovered", Synced { u"room:general"_s, u"e1"_s, 57, true } },
        { "synced not recovered", Synced { u"topic:backups"_s, u"e2"_s, 0, false } },
        { "history from head", History { u"h1"_s, u"room:general"_s, std::nullopt, kDefaultHistoryLimit } },
        { "history page", History { u"h2"_s, u"dm:alice+bob"_s, 101, kMaxHistoryLimit } },
        { "history one", History { u"h3"_s, u"user:alice"_s, 2, 1 } },
        { "edit", Edit { u"e1"_s, u"room:general"_s, u"c-e1"_s, 43, u"hello, *edited*"_s } },
        { "edit max", Edit { maxId, u"room:general"_s, maxId, kMaxSafeInteger, repeated(u"x", kMaxTextLength) } },
        { "edited", Edited { u"room:general"_s, u"e1"_s, 45, now, u"alice"_s, u"c-e1"_s, 43, unicodeText() } },
        { "delete", Delete { u"d1"_s, u"room:general"_s, u"c-d1"_s, 43 } },
        { "deleted", Deleted { u"room:general"_s, u"e1"_s, 46, now, u"alice"_s, u"c-d1"_s, 43 } },
        { "react", React { u"r1"_s, u"room:general"_s, u"c-r1"_s, 43, u"👍🏽"_s, false } },
        { "react remove", React { u"r2"_s, u"room:general"_s, u"c-r2"_s, 43, u"🎉"_s, true } },
        { "react max emoji", React { u"r3"_s, u"room:general"_s, u"c-r3"_s, 1, repeated(u"😀", 16), false } },
        { "reaction", Reaction { u"room:general"_s, u"e1"_s, 47, now, u"bob"_s, u"c-r1"_s, 43, u"👍🏽"_s, false } },
        { "reaction removed",
            Reaction { u"room:general"_s, u"e1"_s, 48, now, u"bob"_s, u"c-r2"_s, 43, u":+1:"_s, true } },
        { "mark_read", MarkRead { u"mr1"_s, u"room:general"_s, 48 } },
        { "read", Read { u"user:alice"_s, u"u1"_s, 3, now, u"alice"_s, {}, u"room:general"_s, 48 } },
        { "publish minimal", Publish { u"p1"_s, u"topic:backups"_s, u"c-p1"_s, u"Backup done"_s } },
        { "publish title only", Publish { u"p2"_s, u"topic:backups"_s, u"c-p2"_s, {}, u"Disk full"_s } },
        { "publish full", fullPublish(now) },
        { "publish with attachment",
            Publish { u"p4"_s, u"topic:backups"_s, u"c-p4"_s, u"You received a file: db.sql.gz"_s, {}, {}, {}, {}, {},
                {}, {}, {}, sampleAttachment(now) } },
        { "notification with attachment",
            Notification { u"topic:backups"_s, u"e3"_s, 11, now, u"alice"_s, u"c-p4"_s, u"A file"_s, {},
                kDefaultPriority, {}, {}, {}, {}, {}, sampleAttachment(now) } },
        { "notification", Notification { u"topic:backups"_s, u"e3"_s, 9, now, u"alice"_s, u"c-p1"_s,
                              u"Backup done"_s, {}, kDefaultPriority } },
        { "notification full", fullNotification(now) },
        { "dismiss", Dismiss { u"ds1"_s, u"topic:backups"_s, 9, false } },
        { "dismiss all", Dismiss { u"ds2"_s, u"topic:backups"_s, 9, true } },
        { "dismissed", Dismissed { u"user:alice"_s, u"u1"_s, 4, now, u"alice"_s, {}, u"topic:backups"_s, 9, true } },
        { "set_typing", SetTyping { {}, u"room:general"_s, true } },
        { "set_typing with id", SetTyping { u"t1"_s, u"dm:alice+bob"_s, false } },
        { "typing", Typing { u"room:general"_s, u"bob"_s, true } },
        { "set_presence away", SetPresence { {}, PresenceStatus::Away } },
        { "set_presence online", SetPresence { u"sp1"_s, PresenceStatus::Online } },
        { "presence online", Presence { u"bob"_s, PresenceStatus::Online, std::nullopt } },
        { "presence offline", Presence { u"bob"_s, PresenceStatus::Offline, now } },
        { "create_room", CreateRoom { u"cr1"_s, u"dev"_s, RoomVisibility::Public, {} } },
        { "create_room private",
            CreateRoom { u"cr2"_s, u"secret-plans"_s, RoomVisibility::Private, repeated(u"T", kMaxRoomTitleLength) } },
        { "invite", Invite { u"i1"_s, u"room:secret-plans"_s, u"carol"_s } },
        { "join", Join { u"j1"_s, u"room:dev"_s } },
        { "leave", Leave { u"l1"_s, u"room:dev"_s } },
        { "member joined",
            Member { u"room:dev"_s, u"e4"_s, 1, now, u"alice"_s, {}, u"room:dev"_s, u"alice"_s, MemberAction::Joined } },
        { "member invited in user stream",
            Member { u"user:carol"_s, u"u3"_s, 2, now, u"alice"_s, u"c-i1"_s, u"room:secret-plans"_s, u"carol"_s,
                MemberAction::Invited } },
        { "member left", Member { u"dm:alice+bob"_s, u"e5"_s, 9, now, u"bob"_s, {}, u"dm:alice+bob"_s, u"bob"_s,
                             MemberAction::Left } },
        { "list_members", ListMembers { u"lm1"_s, u"room:general"_s } },
        { "members", Members { u"lm1"_s, u"room:general"_s,
                         { MemberInfo { u"alice"_s, PresenceStatus::Online, std::nullopt },
                             MemberInfo { u"bob"_s, PresenceStatus::Away, std::nullopt },
                             MemberInfo { u"carol"_s, PresenceStatus::Offline, now - 3'600'000 } } } },
        { "members empty", Members { u"lm2"_s, u"room:empty"_s, {} } },
        { "list_streams", ListStreams { u"ls1"_s } },
        { "streams", Streams { u"ls1"_s,
                         { StreamSummary { u"room:general"_s, StreamKind::Room, u"General"_s,
                               RoomVisibility::Public, true, u"e1"_s, 57 },
                             StreamSummary { u"room:secret-plans"_s, StreamKind::Room, {}, RoomVisibility::Private,
                                 false, u"e6"_s, 0 },
                             StreamSummary { u"dm:alice+bob"_s, StreamKind::Dm, {}, std::nullopt, true, u"e5"_s, 9 },
                             StreamSummary { u"topic:backups"_s, StreamKind::Topic, {}, std::nullopt, false,
                                 u"e3"_s, 9 },
                             StreamSummary { u"user:alice"_s, StreamKind::User, {}, std::nullopt, true, u"u1"_s,
                                 4 } } } },
        { "open_dm", OpenDm { u"o1"_s, { u"bob"_s } } },
        { "open_dm group", OpenDm { u"o2"_s, { u"carol"_s, u"alice"_s, u"bob"_s } } },
        { "open_dm max", OpenDm { u"o3"_s, maxDmMembers() } },
        { "logout", Logout { u"l1"_s } },
    };
}

} // namespace confab::protocol::testing
