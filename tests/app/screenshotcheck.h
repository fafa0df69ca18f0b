#pragma once

#include <QColor>
#include <QHash>
#include <QImage>

// What a screenshot test can say about an image without a reference picture.
struct ImageStats {
    double averageLightness = 0; // 0..255
    double dominantShare = 1;    // share of the most common colour (1 = a blank image)
};

inline ImageStats imageStats(const QImage &source)
{
    ImageStats stats;
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    if (image.isNull())
        return stats;
    QHash<QRgb, qint64> counts;
    double lightness = 0;
    qint64 pixels = 0;
    // Every other pixel in both directions is plenty for these two numbers.
    for (int y = 0; y < image.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = line[x];
            ++counts[pixel];
            lightness += qGray(pixel);
            ++pixels;
        }
    }
    qint64 dominant = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        dominant = std::max(dominant, it.value());
    stats.averageLightness = lightness / double(pixels);
    stats.dominantShare = double(dominant) / double(pixels);
    return stats;
}
