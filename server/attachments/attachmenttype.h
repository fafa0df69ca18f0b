#pragma once

#include <QByteArrayView>
#include <QString>

namespace confab::relay {

// The MIME type the relay records for an uploaded file: images are recognised by their first
// bytes (so a preview never depends on what the uploader claims), anything else by the file
// name's extension, and application/octet-stream when neither says.
class AttachmentType
{
public:
    static QString detect(QByteArrayView firstBytes, const QString &fileName);
    // Whether clients may show the file inline as a picture (only types sniffed from the bytes).
    static bool isPreviewableImage(const QString &type);
};

} // namespace confab::relay
