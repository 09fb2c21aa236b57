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

// Reads the rest of `file` into `bytes` a chunk at a time, so a cancel (a failing read) lands between
// chunks. A file that shrank since it was opened gives what is left: a truncated image.
bool readWhole(QFile &file, QByteArray &bytes)
{
    constexpr qint64 kChunk = kMiB;
    const qint64 size = file.size() - file.pos();
    bytes.resize(qsizetype(qMax<qint64>(0, size)));
    qint64 got = 0;
    while (got < size) {
        const qint64 n = file.read(bytes.data() + got, qMin(kChunk, size - got));
        if (n < 0)
            return false;
        if (n == 0)
            break;
        got += n;
    }
    bytes.truncate(qsizetype(got));
    return true;
}

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
      m_maxInMemoryBytes(params.maxInMemoryBytes),
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
    ThumbnailFileResult result;
    if (const std::optional<EncodedThumbnail> encoded = prepare(inputPath, result, isCanceled))
        publish(result, *encoded, isCanceled);
    return result;
}

std::optional<EncodedThumbnail> Thumbnailer::prepare(const QString &inputPath, ThumbnailFileResult &result,
                                                     const std::function<bool()> &isCanceled) const
{
    using Status = ThumbnailFileResult::Status;
    result = ThumbnailFileResult();
    result.inputPath = inputPath;
    const auto fail = [&result](TaskError error) -> std::optional<EncodedThumbnail> {
        result.status = Status::Failed;
        result.error = std::move(error);
        return std::nullopt;
    };
    if (isCanceled())
        return std::nullopt; // Status::Cancelled

    // Name and content together: a broken "photo.jpg" is still a JPEG the user expects a thumbnail
    // of (and gets an error for), a PNG without an extension is still a PNG.
    const QMimeType mime = QMimeDatabase().mimeTypeForFile(inputPath);
    if (QString reason = skipReason(mime); !reason.isEmpty()) {
        result.status = Status::Skipped;
        result.skipReason = std::move(reason);
        return std::nullopt;
    }

    CancellableFile file(inputPath, isCanceled);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail({ openErrorCode(file.error()), QStringLiteral("Cannot open %1").arg(inputPath),
                      file.errorString() });
    }
    // A JPEG is decoded from memory when it fits (see ThumbnailParams::maxInMemoryBytes): Qt's JPEG
    // reader gives libjpeg a QBuffer's bytes in one piece instead of 4 KiB refills.
    QByteArray contents;
    QBuffer memory;
    QIODevice *source = &file;
    if (mime.inherits(QStringLiteral("image/jpeg")) && file.size() <= m_maxInMemoryBytes) {
        if (!readWhole(file, contents)) {
            if (isCanceled())
                return std::nullopt; // Status::Cancelled
            return fail({ TaskError::Code::FileSystem, QStringLiteral("Cannot read %1").arg(inputPath),
                          file.errorString() });
        }
        memory.setBuffer(&contents);
        memory.open(QIODevice::ReadOnly);
        source = &memory;
    }
    QImageReader reader(source);
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
        return std::nullopt; // Status::Cancelled, whatever the decoder made of the failed reads
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
    result.thumbnailSize = image.size();
    return EncodedThumbnail{ outputDirFor(inputPath),
                             base + u'.' + (format == "jpeg" ? u"jpg"_s : QString::fromLatin1(format)),
                             std::move(bytes) };
}

void Thumbnailer::publish(ThumbnailFileResult &result, const EncodedThumbnail &encoded,
                          const std::function<bool()> &isCanceled) const
{
    using Status = ThumbnailFileResult::Status;
    ThumbnailWriter::Outcome outcome = m_writer->publish(encoded.dir, encoded.name, encoded.bytes, isCanceled);
    if (outcome.error.code() == TaskError::Code::Cancelled) {
        result.status = Status::Cancelled;
    } else if (outcome.error.isError()) {
        result.status = Status::Failed;
        result.error = std::move(outcome.error);
    } else {
        result.status = Status::Done;
        result.outputPath = std::move(outcome.path);
    }
    if (result.status != Status::Done)
        result.thumbnailSize = QSize();
}

QString Thumbnailer::outputDirFor(const QString &inputPath) const
{
    if (!m_outputDir.isEmpty())
        return QFileInfo(m_outputDir).absoluteFilePath();
    return QFileInfo(inputPath).absolutePath() + u"/thumbnails";
}

QString Thumbnailer::skipReason(const QMimeType &mime) const
{
    for (const QString &type : m_mimeTypes) {
        if (mime.inherits(type))
            return {};
    }
    if (mime.name().startsWith(u"image/"))
        return QStringLiteral("%1: no installed image plugin reads this format").arg(mime.name());
    return QStringLiteral("%1: not an image").arg(mime.name());
}

} // namespace Ferry
