#include "thumbnailer.h"

#include "steps/thumbnailwriter.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>
#include <QImageWriter>
#include <QMimeDatabase>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 kMiB = 1024 * 1024;
// Widest pixel Qt decodes to (RGBA64, 16-bit PNG); the allocation limit must admit every image
// under maxPixels in any format.
constexpr qint64 kMaxBytesPerPixel = 8;

// A file whose reads fail once the step is cancelled, so a long decode stops at its next read
// instead of running to the end (libjpeg then sees a short stream, libpng an I/O error).
class CancellableFile final : public QFile
{
public:
    CancellableFile(const QString &path, const std::function<bool()> &isCanceled)
        : QFile(path), m_isCanceled(isCanceled)
    {
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_isCanceled()) {
            setErrorString(QStringLiteral("Cancelled"));
            return -1;
        }
        return QFile::readData(data, maxSize);
    }

private:
    const std::function<bool()> &m_isCanceled;
};

TaskError::Code openErrorCode(QFileDevice::FileError error)
{
    return error == QFileDevice::PermissionsError ? TaskError::Code::Permission
                                                  : TaskError::Code::FileSystem;
}

QString megapixels(qint64 pixels)
{
    return QString::number(double(pixels) / 1e6, 'f', pixels < 10'000'000 ? 1 : 0);
}

} // namespace

Thumbnailer::Thumbnailer(const ThumbnailParams &params, QStringList mimeTypes, ThumbnailWriter *writer)
    : m_maxSide(params.maxSide),
      m_jpegQuality(params.jpegQuality),
      m_format(params.format.toLower()),
      m_maxPixels(params.maxPixels),
      m_allocationLimitMiB(int(qBound(qint64(1), (params.maxPixels * kMaxBytesPerPixel + kMiB - 1) / kMiB,
                                      qint64(std::numeric_limits<int>::max())))),
      m_outputDir(params.outputDir),
      m_mimeTypes(std::move(mimeTypes)),
      m_writer(writer)
{
}

QSize Thumbnailer::targetSize(QSize size, int maxSide)
{
    if (size.isEmpty() || maxSide < 1)
        return size;
    const int longest = qMax(size.width(), size.height());
    if (longest <= maxSide)
        return size;
    const double scale = double(maxSide) / longest;
    if (size.width() >= size.height())
        return { maxSide, qMax(1, int(std::lround(size.height() * scale))) };
    return { qMax(1, int(std::lround(size.width() * scale))), maxSide };
}

ThumbnailFileResult Thumbnailer::make(const QString &inputPath,
                                      const std::function<bool()> &isCanceled) const
{
    using Status = ThumbnailFileResult::Status;
    ThumbnailFileResult result;
    result.inputPath = inputPath;
    const auto fail = [&result](TaskError error) {
        result.status = Status::Failed;
        result.error = std::move(error);
        return result;
    };
    if (isCanceled())
        return result; // Status::Cancelled

    if (QString reason = skipReason(inputPath); !reason.isEmpty()) {
        result.status = Status::Skipped;
        result.skipReason = std::move(reason);
        return result;
    }

    CancellableFile file(inputPath, isCanceled);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail({ openErrorCode(file.error()), QStringLiteral("Cannot open %1").arg(inputPath),
                      file.errorString() });
    }
    QImageReader reader(&file);
    reader.setAutoTransform(true);
    reader.setAllocationLimit(m_allocationLimitMiB);

    // The header's size, before any pixel is decoded; it is in stored orientation.
    const QSize stored = reader.size();
    const bool rotated = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
    if (stored.isValid()) {
        const qint64 pixels = qint64(stored.width()) * stored.height();
        if (pixels > m_maxPixels) {
            return fail({ TaskError::Code::InvalidInput,
                          QStringLiteral("%1 is %2 x %3 pixels (%4 megapixels), more than the limit of "
                                         "%5 megapixels")
                              .arg(inputPath)
                              .arg(stored.width())
                              .arg(stored.height())
                              .arg(megapixels(pixels), megapixels(m_maxPixels)) });
        }
        result.originalSize = rotated ? stored.transposed() : stored;
        // Fitting into a square box does not depend on orientation, so the stored size works.
        const QSize target = targetSize(stored, m_maxSide);
        if (target != stored)
            reader.setScaledSize(target); // JPEG: libjpeg decodes at 1/2, 1/4 or 1/8 first
    }

    QImage image = reader.read();
    if (isCanceled())
        return result; // Status::Cancelled, whatever the decoder made of the failed reads
    if (image.isNull()) {
        if (file.error() != QFileDevice::NoError) {
            return fail({ TaskError::Code::FileSystem, QStringLiteral("Cannot read %1").arg(inputPath),
                          file.errorString() });
        }
        return fail({ TaskError::Code::InvalidInput,
                      QStringLiteral("%1 is not a readable image").arg(inputPath),
                      reader.errorString() });
    }
    if (!stored.isValid()) {
        // A format that tells its size only by decoding; the allocation limit guarded the decode.
        result.originalSize = image.size();
        const QSize target = targetSize(image.size(), m_maxSide);
        if (target != image.size())
            image = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }

    // Alpha needs PNG; everything else is a photo as far as a thumbnail goes. A format the user
    // asked for wins (a JPEG of an image with alpha loses the alpha, as any converter's would).
    const bool alpha = image.hasAlphaChannel();
    const QByteArray format = !m_format.isEmpty() ? m_format : alpha ? QByteArrayLiteral("png") : QByteArrayLiteral("jpeg");
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, format);
        if (format == "jpeg" || format == "jpg" || format == "webp")
            writer.setQuality(m_jpegQuality);
        if (!writer.write(image)) {
            return fail({ TaskError::Code::FileSystem,
                          QStringLiteral("Cannot encode the thumbnail of %1").arg(inputPath),
                          writer.errorString() });
        }
    }

    const QFileInfo info(inputPath);
    QString base = info.completeBaseName();
    if (base.isEmpty())
        base = info.fileName();
    const QString name = base + u'.' + (format == "jpeg" ? u"jpg"_s : QString::fromLatin1(format));
    ThumbnailWriter::Outcome outcome = m_writer->publish(outputDirFor(inputPath), name, bytes, isCanceled);
    if (outcome.error.code() == TaskError::Code::Cancelled)
        return result;
    if (outcome.error.isError())
        return fail(std::move(outcome.error));
    result.status = Status::Done;
    result.outputPath = std::move(outcome.path);
    result.thumbnailSize = image.size();
    return result;
}

QString Thumbnailer::outputDirFor(const QString &inputPath) const
{
    if (!m_outputDir.isEmpty())
        return QFileInfo(m_outputDir).absoluteFilePath();
    return QFileInfo(inputPath).absolutePath() + u"/thumbnails";
}

QString Thumbnailer::skipReason(const QString &inputPath) const
{
    // Name and content together: a broken "photo.jpg" is still a JPEG the user expects a thumbnail
    // of (and gets an error for), a PNG without an extension is still a PNG.
    const QMimeType mime = QMimeDatabase().mimeTypeForFile(inputPath);
    for (const QString &type : m_mimeTypes) {
        if (mime.inherits(type))
            return {};
    }
    if (mime.name().startsWith(u"image/"))
        return QStringLiteral("%1: no installed image plugin reads this format").arg(mime.name());
    return QStringLiteral("%1: not an image").arg(mime.name());
}

} // namespace Ferry
