#pragma once

#include "steps/thumbnailstep.h"

#include <QSize>
#include <QStringList>

#include <functional>
#include <optional>

class QMimeType;

namespace Ferry {

class ThumbnailWriter;

// A thumbnail encoded and ready to be published under dir/name (or a free numbered name).
struct EncodedThumbnail
{
    QString dir;
    QString name;
    QByteArray bytes;
};

// Makes the thumbnail of one file: classify it by MIME type, check its header, decode it at reduced
// size and upright, encode it and hand it to the writer. Thread-safe: one instance serves every
// worker of a batch. Keeps QImage and QImageReader out of its header.
class Thumbnailer
{
public:
    // mimeTypes: the image types to read (thumbnailInputMimeTypes()); the writer must outlive this.
    Thumbnailer(const ThumbnailParams &params, QStringList mimeTypes, ThumbnailWriter *writer);

    // prepare() then publish(), on the calling thread.
    ThumbnailFileResult make(const QString &inputPath, const std::function<bool()> &isCanceled) const;
    // Reads, decodes and encodes one file into `result`. Returns the thumbnail to publish, or
    // nothing when `result` already tells how the file ended (skipped, failed or cancelled).
    std::optional<EncodedThumbnail> prepare(const QString &inputPath, ThumbnailFileResult &result,
                                            const std::function<bool()> &isCanceled) const;
    // Writes a prepared thumbnail through the writer; `result` becomes Done, Failed or Cancelled.
    void publish(ThumbnailFileResult &result, const EncodedThumbnail &encoded,
                 const std::function<bool()> &isCanceled) const;

    // The size an image of `size` is decoded to: the longest side becomes maxSide, the aspect ratio
    // is kept (each side at least 1 pixel), and images already small enough keep their size.
    static QSize targetSize(QSize size, int maxSide);

private:
    QString outputDirFor(const QString &inputPath) const;
    // Empty when a file of this type is an image to read; otherwise why it is skipped.
    QString skipReason(const QMimeType &mime) const;

    int m_maxSide;
    int m_jpegQuality;
    QByteArray m_format;  // empty: JPEG, or PNG with alpha
    qint64 m_maxPixels;
    int m_allocationLimitMiB;
    qint64 m_maxInMemoryBytes;
    QString m_outputDir;
    QStringList m_mimeTypes;
    ThumbnailWriter *m_writer;
};

} // namespace Ferry
