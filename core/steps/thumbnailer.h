#pragma once

#include "steps/thumbnailstep.h"

#include <QSize>
#include <QStringList>

#include <functional>

namespace Ferry {

class ThumbnailWriter;

// Makes the thumbnail of one file: classify it by MIME type, check its header, decode it at reduced
// size and upright, encode it and hand it to the writer. Thread-safe: one instance serves every
// worker of a batch. Keeps QImage and QImageReader out of its header.
class Thumbnailer
{
public:
    // mimeTypes: the image types to read (thumbnailInputMimeTypes()); the writer must outlive this.
    Thumbnailer(const ThumbnailParams &params, QStringList mimeTypes, ThumbnailWriter *writer);

    ThumbnailFileResult make(const QString &inputPath, const std::function<bool()> &isCanceled) const;

    // The size an image of `size` is decoded to: the longest side becomes maxSide, the aspect ratio
    // is kept (each side at least 1 pixel), and images already small enough keep their size.
    static QSize targetSize(QSize size, int maxSide);

private:
    QString outputDirFor(const QString &inputPath) const;
    // Empty when the file is an image to read; otherwise why it is skipped.
    QString skipReason(const QString &inputPath) const;

    int m_maxSide;
    int m_jpegQuality;
    QByteArray m_format;  // empty: JPEG, or PNG with alpha
    qint64 m_maxPixels;
    int m_allocationLimitMiB;
    QString m_outputDir;
    QStringList m_mimeTypes;
    ThumbnailWriter *m_writer;
};

} // namespace Ferry
