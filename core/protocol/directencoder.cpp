#include "directencoder.h"

#include <algorithm>

namespace confab::protocol::detail {

namespace {

// QJsonDocument writes integral doubles as plain digits; the codec's integers are below 2^53.
constexpr qint64 kLargestExactInteger = (qint64(1) << 53);

char hexDigit(uint value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

// What QJsonDocument writes for a string: the JSON escapes for '"', '\\' and control characters,
// UTF-8 for the rest, and \uXXXX for a surrogate without its other half.
void appendString(QByteArray &out, const QString &text)
{
    out.append('"');
    const char16_t *at = reinterpret_cast<const char16_t *>(text.constData());
    const char16_t *const end = at + text.size();
    while (at != end) {
        // A run of characters written as they are (most text): copied in one go.
        const char16_t *const run = at;
        while (at != end && *at >= 0x20 && *at < 0x80 && *at != u'"' && *at != u'\\')
            ++at;
        if (at != run) {
            const qsizetype written = out.size();
            out.resize(written + (at - run));
            std::transform(run, at, out.data() + written, [](char16_t plain) { return char(plain); });
            continue;
        }
        const char16_t unit = *at++;
        if (unit < 0x80) {
            out.append('\\');
            switch (unit) {
            case u'"': out.append('"'); break;
            case u'\\': out.append('\\'); break;
            case 0x08: out.append('b'); break;
            case 0x0c: out.append('f'); break;
            case 0x0a: out.append('n'); break;
            case 0x0d: out.append('r'); break;
            case 0x09: out.append('t'); break;
            default:
                out.append("u00");
                out.append(hexDigit(unit >> 4));
                out.append(hexDigit(unit & 0xf));
            }
        } else if (unit < 0x800) {
            out.append(char(0xc0 | (unit >> 6)));
            out.append(char(0x80 | (unit & 0x3f)));
        } else if (unit < 0xd800 || unit > 0xdfff) {
            out.append(char(0xe0 | (unit >> 12)));
            out.append(char(0x80 | ((unit >> 6) & 0x3f)));
            out.append(char(0x80 | (unit & 0x3f)));
        } else if (unit < 0xdc00 && at != end && *at >= 0xdc00 && *at <= 0xdfff) {
            const char32_t point = 0x10000 + ((char32_t(unit) - 0xd800) << 10) + (char32_t(*at++) - 0xdc00);
            out.append(char(0xf0 | (point >> 18)));
            out.append(char(0x80 | ((point >> 12) & 0x3f)));
            out.append(char(0x80 | ((point >> 6) & 0x3f)));
            out.append(char(0x80 | (point & 0x3f)));
        } else {
            out.append("\\u");
            out.append(hexDigit((unit >> 12) & 0xf));
            out.append(hexDigit((unit >> 8) & 0xf));
            out.append(hexDigit((unit >> 4) & 0xf));
            out.append(hexDigit(unit & 0xf));
        }
    }
    out.append('"');
}

// Writes one object's members in the order given, which must be QJsonObject's (sorted keys).
class ObjectWriter
{
public:
    explicit ObjectWriter(qsizetype reserve) { m_out.reserve(reserve); m_out.append('{'); }

    void string(const char *key, const QString &value)
    {
        this->key(key);
        appendString(m_out, value);
    }
    void stringIfSet(const char *key, const QString &value)
    {
        if (!value.isEmpty())
            string(key, value);
    }
    void integer(const char *key, qint64 value)
    {
        if (value <= -kLargestExactInteger || value >= kLargestExactInteger)
            m_representable = false;
        this->key(key);
        m_out.append(QByteArray::number(value));
    }
    void boolean(const char *key, bool value)
    {
        this->key(key);
        m_out.append(value ? "true" : "false");
    }
    std::optional<QByteArray> finish()
    {
        if (!m_representable)
            return std::nullopt;
        m_out.append('}');
        return std::move(m_out);
    }

private:
    void key(const char *name)
    {
        if (m_out.size() > 1)
            m_out.append(',');
        m_out.append('"');
        m_out.append(name);
        m_out.append("\":");
    }

    QByteArray m_out;
    bool m_representable = true;
};

} // namespace

std::optional<QByteArray> encodeDirectly(const Message &message)
{
    if (message.attachment)
        return std::nullopt;
    ObjectWriter o(160 + (message.text.size() + message.stream.size()) * 3 / 2);
    o.stringIfSet("client_msg_id", message.clientMsgId);
    o.string("epoch", message.epoch);
    if (message.replyTo)
        o.integer("reply_to", *message.replyTo);
    o.string("sender", message.sender);
    o.integer("seq", message.seq);
    o.string("stream", message.stream);
    o.string("text", message.text);
    o.integer("ts", message.ts);
    o.string("type", QStringLiteral("message"));
    return o.finish();
}

std::optional<QByteArray> encodeDirectly(const Ack &ack)
{
    ObjectWriter o(128 + ack.stream.size() + ack.id.size() + ack.clientMsgId.size());
    o.stringIfSet("client_msg_id", ack.clientMsgId);
    if (ack.deliverAt)
        o.integer("deliver_at", *ack.deliverAt);
    o.stringIfSet("epoch", ack.epoch);
    if (ack.firstSeq)
        o.integer("first_seq", *ack.firstSeq);
    if (ack.hasMore)
        o.boolean("has_more", *ack.hasMore);
    o.string("id", ack.id);
    if (ack.scheduled)
        o.boolean("scheduled", true);
    if (ack.seq)
        o.integer("seq", ack.seq);
    o.stringIfSet("stream", ack.stream);
    if (ack.ts)
        o.integer("ts", ack.ts);
    o.string("type", QStringLiteral("ack"));
    return o.finish();
}

} // namespace confab::protocol::detail
