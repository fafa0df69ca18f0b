#include "attachmenttype.h"

#include <QMimeDatabase>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

struct Signature {
    QByteArrayView magic;
    qsizetype offset;
    QLatin1StringView type;
};

QString sniffImage(QByteArrayView bytes)
{
    static const std::array signatures{
        Signature{ "\x89PNG\r\n\x1a\n", 0, "image/png"_L1 },
        Signature{ "\xff\xd8\xff", 0, "image/jpeg"_L1 },
        Signature{ "GIF87a", 0, "image/gif"_L1 },
        Signature{ "GIF89a", 0, "image/gif"_L1 },
        Signature{ "BM", 0, "image/bmp"_L1 },
    };
    for (const Signature &signature : signatures) {
        if (bytes.size() >= signature.offset + signature.magic.size()
            && bytes.sliced(signature.offset, signature.magic.size()) == signature.magic)
            return signature.type;
    }
    // RIFF....WEBP
    if (bytes.size() >= 12 && bytes.first(4) == "RIFF" && bytes.sliced(8, 4) == "WEBP")
        return u"image/webp"_s;
    return {};
}

} // namespace

QString AttachmentType::detect(QByteArrayView firstBytes, const QString &fileName)
{
    if (QString image = sniffImage(firstBytes); !image.isEmpty())
        return image;
    const QMimeDatabase mimeTypes;
    const QMimeType byName = mimeTypes.mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    // A name that claims an image the bytes are not stays opaque: clients never preview it.
    if (byName.isValid() && !byName.isDefault() && !byName.name().startsWith("image/"_L1))
        return byName.name();
    return u"application/octet-stream"_s;
}

bool AttachmentType::isPreviewableImage(const QString &type)
{
    return type == "image/png"_L1 || type == "image/jpeg"_L1 || type == "image/gif"_L1 || type == "image/webp"_L1
        || type == "image/bmp"_L1;
}

} // namespace confab::relay
