#include "compactjson.h"

#include <QCborValue>
#include <QJsonArray>
#include <QLocale>

namespace confab::protocol::detail {

namespace {

void appendValue(QByteArray &out, const QJsonValue &value);

void appendString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    const auto escapeUnit = [&out](char16_t unit) {
        out += "\\u";
        out += kHex[(unit >> 12) & 0xF];
        out += kHex[(unit >> 8) & 0xF];
        out += kHex[(unit >> 4) & 0xF];
        out += kHex[unit & 0xF];
    };
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = text[i].unicode();
        if (unit < 0x80) {
            switch (unit) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (unit < 0x20)
                    escapeUnit(unit);
                else
                    out += char(unit);
            }
        } else if (unit < 0x800) {
            out += char(0xC0 | (unit >> 6));
            out += char(0x80 | (unit & 0x3F));
        } else if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t code = QChar::surrogateToUcs4(unit, text[++i].unicode());
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else if (QChar::isSurrogate(unit)) {
            escapeUnit(unit); // a lone surrogate, as Qt writes it
        } else {
            out += char(0xE0 | (unit >> 12));
            out += char(0x80 | ((unit >> 6) & 0x3F));
            out += char(0x80 | (unit & 0x3F));
        }
    }
    out += '"';
}

void appendNumber(QByteArray &out, const QJsonValue &value)
{
    // A QJsonValue made from an integer keeps it as one; Qt's writer prints those as digits.
    const QCborValue number = QCborValue::fromJsonValue(value);
    if (number.isInteger()) {
        out += QByteArray::number(number.toInteger());
        return;
    }
    const double d = value.toDouble();
    if (qIsFinite(d))
        out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    else
        out += "null";
}

void appendObject(QByteArray &out, const QJsonObject &object)
{
    out += '{';
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            out += ',';
        first = false;
        appendString(out, it.key());
        out += ':';
        appendValue(out, it.value());
    }
    out += '}';
}

void appendArray(QByteArray &out, const QJsonArray &array)
{
    out += '[';
    bool first = true;
    for (const QJsonValue &element : array) {
        if (!first)
            out += ',';
        first = false;
        appendValue(out, element);
    }
    out += ']';
}

void appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double:
        appendNumber(out, value);
        break;
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        break;
    }
}

} // namespace

QByteArray compactJson(const QJsonObject &object)
{
    QByteArray out;
    out.reserve(256);
    appendObject(out, object);
    return out;
}

} // namespace confab::protocol::detail
