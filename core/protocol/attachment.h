#pragma once

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <optional>

namespace confab::protocol {

// A file attached to a chat message or a notification. The relay keeps the bytes (uploaded over
// HTTP) and hands out this description; frames carry it as an optional `attachment` object. The
// file itself is fetched with GET `url` (relative to the relay's http(s) origin) using the same
// credentials as every other request, and only while `expires` (ms since the Unix epoch) lies in
// the future.
struct Attachment {
    QString id = {};   // url-safe [A-Za-z0-9_-], 1..kMaxAttachmentIdLength
    QString name = {}; // the file name shown to people: no path separators, no control characters
    QString type = {}; // MIME type, "type/subtype"
    qint64 size = 0;   // bytes
    QString url = {};  // always kAttachmentUrlPrefix + id
    qint64 expires = 0;
    friend bool operator==(const Attachment &, const Attachment &) = default;
};

inline constexpr QLatin1StringView kAttachmentUrlPrefix{"/v1/attachments/"};
inline constexpr qsizetype kMaxAttachmentIdLength = 64;
inline constexpr qsizetype kMaxAttachmentNameLength = 255;
inline constexpr qsizetype kMaxAttachmentTypeLength = 127;

// The attachment's wire object, as frames carry it (and the relay's HTTP answers reuse it).
QJsonObject attachmentJson(const Attachment &attachment);

// The checks the codec applies to each field, for the relay to reuse on what it receives over HTTP.
bool isAttachmentId(QStringView id);
bool isAttachmentName(QStringView name);
bool isMimeType(QStringView type);

} // namespace confab::protocol
