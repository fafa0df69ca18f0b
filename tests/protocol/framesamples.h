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
        { "welcome minimal", Welcome { {}, 1, u"alice"_s, {}, 0 } },
        { "welcome full", Welcome { u"h-1"_s, 1, u"alice"_s, u"confab-relay/0.1.0"_s, now } },
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
    };
}

} // namespace confab::protocol::testing
