#include "auditlog.h"

#include "relaylog.h"

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

bool needsEscape(char32_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        return true;
    if (c == 0x2028 || c == 0x2029)
        return true;
    return QChar::category(c) == QChar::Other_Format || QChar::category(c) == QChar::Other_Surrogate
        || QChar::category(c) == QChar::Other_NotAssigned || QChar::category(c) == QChar::Other_PrivateUse;
}

void appendEscaped(QString &out, char32_t c)
{
    switch (c) {
    case U'\n':
        out += "\\n"_L1;
        return;
    case U'\r':
        out += "\\r"_L1;
        return;
    case U'\t':
        out += "\\t"_L1;
        return;
    default:
        break;
    }
    if (c < 0x100)
        out += u"\\x%1"_s.arg(uint(c), 2, 16, QChar(u'0'));
    else
        out += u"\\u{%1}"_s.arg(uint(c), 4, 16, QChar(u'0'));
}

} // namespace

QString AuditLog::escape(const QString &value)
{
    const QString cut = value.size() > kMaxValueLength ? value.left(kMaxValueLength) : value;
    QString out;
    out.reserve(cut.size() + 2);
    bool quote = cut.isEmpty();
    for (qsizetype i = 0; i < cut.size(); ++i) {
        char32_t c = cut.at(i).unicode();
        // A valid surrogate pair is one character; a lone surrogate is escaped as itself.
        if (QChar::isHighSurrogate(c) && i + 1 < cut.size() && cut.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(cut.at(i), cut.at(i + 1));
            ++i;
        }
        if (c == U'\\' || c == U'"') {
            out += u'\\';
            out += QChar(c);
            quote = quote || c == U'"';
        } else if (needsEscape(c)) {
            appendEscaped(out, c);
        } else {
            if (c == U' ' || c == U'=' || QChar::isSpace(c))
                quote = true;
            if (QChar::requiresSurrogates(c)) {
                out += QChar(QChar::highSurrogate(c));
                out += QChar(QChar::lowSurrogate(c));
            } else {
                out += QChar(c);
            }
        }
    }
    if (cut.size() < value.size())
        out += u"...(+%1)"_s.arg(value.size() - cut.size());
    return quote ? u'"' + out + u'"' : out;
}

QString AuditLog::format(QLatin1StringView event, std::initializer_list<Field> fields)
{
    QString line = u"audit event="_s + QString(event);
    for (const Field &field : fields) {
        line += u' ';
        line += QString(field.first);
        line += u'=';
        line += escape(field.second);
    }
    return line;
}

void AuditLog::write(QLatin1StringView event, std::initializer_list<Field> fields)
{
    qCInfo(lcRelayAudit).noquote() << format(event, fields);
}

} // namespace confab::relay
