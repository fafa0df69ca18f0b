#include "fieldreader.h"

#include <QUrl>

#include <algorithm>
#include <cmath>

namespace confab::protocol::detail {

using namespace Qt::StringLiterals;

namespace {

bool hasControlCharacters(QStringView text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) {
        return c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0) || c == QChar(0x2028)
            || c == QChar(0x2029);
    });
}

// Only absolute http(s) URLs with a host: a notification must not make the desktop open a local
// file, run a `javascript:` URL or hand a custom scheme to some other program.
bool isWebUrl(const QString &text)
{
    if (hasControlCharacters(text) || text.contains(u' '))
        return false;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return false;
    const QString scheme = url.scheme();
    return scheme == u"http" || scheme == u"https";
}

} // namespace

FieldReader::FieldReader(const QJsonObject &object) : m_object(object), m_error(&m_ownError) {}

FieldReader::FieldReader(const QJsonObject &object, const QString &path, FieldReader &parent)
    : m_object(object), m_path(path), m_error(parent.m_error)
{
}

QString FieldReader::name(QLatin1StringView key) const
{
    return m_path.isEmpty() ? QString(key) : m_path + u'.' + key;
}

QString FieldReader::elementPath(QLatin1StringView key, qsizetype index) const
{
    return u"%1[%2]"_s.arg(name(key)).arg(index);
}

void FieldReader::fail(ErrorCode code, const QString &message)
{
    if (!failed())
        *m_error = DecodeError{code, message, {}};
}

void FieldReader::check(bool condition, QLatin1StringView key, QLatin1StringView what)
{
    if (!condition)
        fail(ErrorCode::InvalidField, u"field '%1' %2"_s.arg(name(key), what));
}

QJsonValue FieldReader::value(QLatin1StringView key, Need need)
{
    if (failed())
        return {};
    const QJsonValue value = m_object.value(key);
    if (isAbsent(value)) {
        if (need == Required)
            fail(ErrorCode::MissingField, u"field '%1' is required"_s.arg(name(key)));
        return QJsonValue(QJsonValue::Undefined);
    }
    return value;
}

QString FieldReader::string(QLatin1StringView key, qsizetype maxLength, Need need)
{
    const QJsonValue value = this->value(key, need);
    if (value.isUndefined())
        return {};
    if (!value.isString()) {
        fail(ErrorCode::InvalidField, u"field '%1' must be a string"_s.arg(name(key)));
        return {};
    }
    QString text = value.toString();
    if (text.size() > maxLength) {
        fail(ErrorCode::TooLarge, u"field '%1' is longer than %2 characters"_s.arg(name(key)).arg(maxLength));
        return {};
    }
    // JSON escapes can spell a lone surrogate ("\ud800"), which no UTF-8 encoder, store or
    // peer can carry faithfully; refuse it here rather than let it turn into U+FFFD later.
    if (!QStringView(text).isValidUtf16()) {
        fail(ErrorCode::InvalidField, u"field '%1' is not valid Unicode"_s.arg(name(key)));
        return {};
    }
    if (need == Required && text.isEmpty())
        fail(ErrorCode::InvalidField, u"field '%1' must not be empty"_s.arg(name(key)));
    return failed() ? QString() : text;
}

QString FieldReader::id(QLatin1StringView key, Need need)
{
    QString id = string(key, kMaxIdLength, need);
    if (!id.isEmpty())
        check(isValidId(id), key, "must be printable ASCII without spaces"_L1);
    return id;
}

QString FieldReader::stream(QLatin1StringView key, Need need)
{
    QString stream = string(key, kMaxStreamIdLength, need);
    if (!stream.isEmpty())
        check(isValidStreamId(stream), key, "is not a valid stream id"_L1);
    return stream;
}

QString FieldReader::stream(QLatin1StringView key, StreamKind kind)
{
    QString stream = this->stream(key, Required);
    if (!stream.isEmpty() && !failed()) {
        if (streamKindOf(stream) != kind) {
            fail(ErrorCode::InvalidField,
                 u"field '%1' must be a %2: stream"_s.arg(name(key), streamKindName(kind)));
        }
    }
    return stream;
}

QString FieldReader::userName(QLatin1StringView key, Need need)
{
    QString user = string(key, kMaxNameLength, need);
    if (!user.isEmpty())
        check(isValidUserName(user), key, "is not a valid user name"_L1);
    return user;
}

QString FieldReader::label(QLatin1StringView key, qsizetype maxLength, Need need)
{
    QString text = string(key, maxLength, need);
    check(!hasControlCharacters(text), key, "must not contain control characters"_L1);
    return text;
}

QString FieldReader::url(QLatin1StringView key, Need need)
{
    // Over-long URLs are invalid_field like any other unusable URL, as docs/protocol.md says.
    QString text = string(key, kMaxTextLength, need);
    if (!text.isEmpty()) {
        check(text.size() <= kMaxUrlLength && isWebUrl(text), key,
              "must be an absolute http or https URL of at most 2048 characters"_L1);
    }
    return failed() ? QString() : text;
}

std::optional<qint64> FieldReader::integer(QLatin1StringView key, qint64 min, qint64 max, Need need)
{
    const QJsonValue value = this->value(key, need);
    if (value.isUndefined())
        return std::nullopt;
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || number != std::trunc(number) || number < double(min)
        || number > double(max)) {
        fail(ErrorCode::InvalidField,
             u"field '%1' must be an integer from %2 to %3"_s.arg(name(key)).arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(number);
}

std::optional<bool> FieldReader::boolean(QLatin1StringView key, Need need)
{
    const QJsonValue value = this->value(key, need);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isBool()) {
        fail(ErrorCode::InvalidField, u"field '%1' must be true or false"_s.arg(name(key)));
        return std::nullopt;
    }
    return value.toBool();
}

QJsonObject FieldReader::object(QLatin1StringView key, Need need)
{
    const QJsonValue value = this->value(key, need);
    if (value.isUndefined())
        return {};
    if (!value.isObject()) {
        fail(ErrorCode::InvalidField, u"field '%1' must be an object"_s.arg(name(key)));
        return {};
    }
    return value.toObject();
}

QJsonArray FieldReader::array(QLatin1StringView key, qsizetype maxCount, Need need)
{
    const QJsonValue value = this->value(key, need);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        fail(ErrorCode::InvalidField, u"field '%1' must be an array"_s.arg(name(key)));
        return {};
    }
    QJsonArray array = value.toArray();
    if (array.size() > maxCount) {
        fail(ErrorCode::TooLarge, u"field '%1' has more than %2 elements"_s.arg(name(key)).arg(maxCount));
        return {};
    }
    return array;
}

void putIfSet(QJsonObject &object, QLatin1StringView key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

void putIfSet(QJsonObject &object, QLatin1StringView key, std::optional<qint64> value)
{
    if (value)
        putInteger(object, key, *value);
}

void putInteger(QJsonObject &object, QLatin1StringView key, qint64 value)
{
    // A double holds every integer up to 2^53 exactly, and Qt writes integral doubles without
    // an exponent.
    object.insert(key, double(value));
}

} // namespace confab::protocol::detail
