#pragma once

// Internal to the codec: not part of the protocol library's interface.

#include "codec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace confab::protocol::detail {

// Reads typed, validated fields out of one JSON object. The first problem becomes the decode
// error and later reads return defaults, so a decoder reads every field straight through and
// checks error() once at the end. A reader for a nested object (hello's auth, a notification
// action) shares its parent's error and names fields by their path ("actions[1].url").
class FieldReader
{
public:
    enum Need { Required, Optional };

    explicit FieldReader(const QJsonObject &object);
    FieldReader(const QJsonObject &object, const QString &path, FieldReader &parent);
    FieldReader(const FieldReader &) = delete;
    FieldReader &operator=(const FieldReader &) = delete;

    // A string of at most maxLength UTF-16 code units; a required string must not be empty.
    QString string(QLatin1StringView key, qsizetype maxLength, Need need = Required);
    // A request id or client_msg_id.
    QString id(QLatin1StringView key, Need need);
    QString stream(QLatin1StringView key = QLatin1StringView("stream"), Need need = Required);
    // A stream id of one kind (publish needs a topic, join a room...).
    QString stream(QLatin1StringView key, StreamKind kind);
    QString userName(QLatin1StringView key, Need need = Required);
    // Short text shown as a label (emoji, tags...): no control characters.
    QString label(QLatin1StringView key, qsizetype maxLength, Need need = Required);
    // An absolute http(s) URL of at most kMaxUrlLength characters.
    QString url(QLatin1StringView key, Need need);

    std::optional<qint64> integer(QLatin1StringView key, qint64 min, qint64 max, Need need = Required);
    // A sequence number, 1 or more.
    qint64 seq(QLatin1StringView key) { return integer(key, 1, kMaxSafeInteger).value_or(0); }
    // A time in ms since the Unix epoch.
    std::optional<qint64> time(QLatin1StringView key, Need need) { return integer(key, 0, kMaxSafeInteger, need); }
    std::optional<bool> boolean(QLatin1StringView key, Need need);

    QJsonObject object(QLatin1StringView key, Need need = Required);
    // Whether the field is there and not null (for an optional object whose emptiness is an error).
    bool has(QLatin1StringView key) const { return !isAbsent(m_object.value(key)); }
    // An array of at most maxCount elements (more is too_large).
    QJsonArray array(QLatin1StringView key, qsizetype maxCount, Need need);

    // A string naming one value of a closed set, e.g. a presence status.
    template <typename Enum>
    std::optional<Enum> named(QLatin1StringView key, std::optional<Enum> (*fromName)(QStringView), Need need)
    {
        const QString name = string(key, kMaxNameLength, need);
        if (name.isEmpty())
            return std::nullopt;
        const std::optional<Enum> value = fromName(name);
        check(value.has_value(), key, QLatin1StringView("is not one of the allowed values"));
        return value;
    }

    // The path of an element of an array read with array(), for a nested reader.
    QString elementPath(QLatin1StringView key, qsizetype index) const;

    void check(bool condition, QLatin1StringView key, QLatin1StringView what);
    void fail(ErrorCode code, const QString &message);
    bool failed() const { return m_error->has_value(); }
    const std::optional<DecodeError> &error() const { return *m_error; }

    // Many JSON writers emit null for an unset optional value; treat it as the absent field it means.
    static bool isAbsent(const QJsonValue &value) { return value.isUndefined() || value.isNull(); }

private:
    // The field's name in error messages: 'key' or 'path.key'.
    QString name(QLatin1StringView key) const;
    // The value, or undefined after the first error or when absent (reported if required).
    QJsonValue value(QLatin1StringView key, Need need);

    QJsonObject m_object;
    QString m_path;
    std::optional<DecodeError> m_ownError;
    std::optional<DecodeError> *m_error;
};

// Encoding helpers: optional values that are unset stay off the wire.
void putIfSet(QJsonObject &object, QLatin1StringView key, const QString &value);
void putIfSet(QJsonObject &object, QLatin1StringView key, std::optional<qint64> value);
void putInteger(QJsonObject &object, QLatin1StringView key, qint64 value);

// The fields every stored event carries (stream, epoch, seq, ts, sender, client_msg_id), read into
// and written from the flat members of an event struct.
template <typename Event>
void readEventFields(FieldReader &r, Event &event, FieldReader::Need clientMsgId)
{
    using namespace Qt::StringLiterals;
    event.stream = r.stream();
    event.epoch = r.string("epoch"_L1, kMaxIdLength);
    event.seq = r.seq("seq"_L1);
    event.ts = r.time("ts"_L1, FieldReader::Required).value_or(0);
    event.sender = r.userName("sender"_L1);
    event.clientMsgId = r.id("client_msg_id"_L1, clientMsgId);
}

template <typename Event>
QJsonObject eventObject(QLatin1StringView type, const Event &event)
{
    using namespace Qt::StringLiterals;
    QJsonObject o{{"type"_L1, type}, {"stream"_L1, event.stream}, {"epoch"_L1, event.epoch},
                  {"sender"_L1, event.sender}};
    putInteger(o, "seq"_L1, event.seq);
    putInteger(o, "ts"_L1, event.ts);
    putIfSet(o, "client_msg_id"_L1, event.clientMsgId);
    return o;
}

} // namespace confab::protocol::detail
