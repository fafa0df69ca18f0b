// Encoding and decoding of the optional `attachment` object that send, message, publish and
// notification carry.

#include "attachment.h"
#include "codecparts.h"

#include <algorithm>

namespace confab::protocol {

using namespace Qt::StringLiterals;

namespace {

bool isUrlSafe(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
        || c == u'_';
}

// RFC 6838 restricted-name characters.
bool isMimeNameChar(QChar c)
{
    static const QLatin1StringView punctuation("!#$&-^_.+");
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
        || punctuation.contains(c);
}

} // namespace

bool isAttachmentId(QStringView id)
{
    return !id.isEmpty() && id.size() <= kMaxAttachmentIdLength && std::all_of(id.begin(), id.end(), isUrlSafe);
}

bool isAttachmentName(QStringView name)
{
    // A name never reaches a file system path on the relay, but a client may save the file under
    // it: no separators, no "." or "..", nothing invisible.
    return !name.isEmpty() && name.size() <= kMaxAttachmentNameLength && name.isValidUtf16() && name != u"."
        && name != u".."
        && std::none_of(name.begin(), name.end(), [](QChar c) {
               return c.unicode() < 0x20 || c.unicode() == 0x7f || c == u'/' || c == u'\\';
           });
}

bool isMimeType(QStringView type)
{
    const qsizetype slash = type.indexOf(u'/');
    if (type.size() > kMaxAttachmentTypeLength || slash <= 0 || slash == type.size() - 1)
        return false;
    const QStringView major = type.left(slash);
    const QStringView minor = type.mid(slash + 1);
    return std::all_of(major.begin(), major.end(), isMimeNameChar)
        && std::all_of(minor.begin(), minor.end(), isMimeNameChar);
}

QJsonObject attachmentJson(const Attachment &attachment)
{
    QJsonObject o{{"id"_L1, attachment.id}, {"name"_L1, attachment.name}, {"type"_L1, attachment.type},
                  {"url"_L1, attachment.url}};
    detail::putInteger(o, "size"_L1, attachment.size);
    detail::putInteger(o, "expires"_L1, attachment.expires);
    return o;
}

namespace detail {

std::optional<Attachment> readAttachment(FieldReader &r)
{
    if (r.failed() || !r.has("attachment"_L1))
        return std::nullopt;
    const QJsonObject object = r.object("attachment"_L1, FieldReader::Optional);
    if (r.failed())
        return std::nullopt;
    FieldReader a(object, u"attachment"_s, r);
    Attachment attachment;
    attachment.id = a.string("id"_L1, kMaxAttachmentIdLength);
    attachment.name = a.string("name"_L1, kMaxAttachmentNameLength);
    attachment.type = a.string("type"_L1, kMaxAttachmentTypeLength);
    attachment.size = a.integer("size"_L1, 0, kMaxSafeInteger).value_or(0);
    attachment.url = a.string("url"_L1, kAttachmentUrlPrefix.size() + kMaxAttachmentIdLength);
    attachment.expires = a.time("expires"_L1, FieldReader::Required).value_or(0);
    if (a.failed())
        return std::nullopt;
    a.check(isAttachmentId(attachment.id), "id"_L1, "must be 1 to 64 characters of A-Z a-z 0-9 - _"_L1);
    a.check(isAttachmentName(attachment.name), "name"_L1, "must be a file name without path separators"_L1);
    a.check(isMimeType(attachment.type), "type"_L1, "must be a MIME type like image/png"_L1);
    a.check(attachment.url == kAttachmentUrlPrefix + attachment.id, "url"_L1,
            "must be /v1/attachments/ followed by the attachment's id"_L1);
    if (a.failed())
        return std::nullopt;
    return attachment;
}

void putAttachment(QJsonObject &o, const std::optional<Attachment> &attachment)
{
    if (attachment)
        o.insert("attachment"_L1, attachmentJson(*attachment));
}

} // namespace detail

} // namespace confab::protocol
