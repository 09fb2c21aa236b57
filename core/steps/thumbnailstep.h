#pragma once

#include "task/taskerror.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPromise>
#include <QSize>
#include <QString>
#include <QStringList>

class QThreadPool;

namespace Ferry {

// What to make thumbnails of, and how.
struct ThumbnailParams
{
    // Files and folders. A folder contributes its regular, non-hidden files (not its subfolders,
    // so its own thumbnails/ folder is never an input), sorted by name.
    QStringList inputs;
    // Where thumbnails go. Empty: a "thumbnails" folder beside each input file.
    QString outputDir;
    // Longest side of a thumbnail in pixels. Smaller images are re-encoded, never enlarged. With a
    // format, 0 keeps every image's size (convert only).
    int maxSide = 256;
    // The output format, as QImageWriter names it ("png", "jpeg", "webp"...): resize-and-convert.
    // Empty: JPEG, or PNG for images with an alpha channel (thumbnails).
    QByteArray format;
    // JPEG quality (1-100) for images without alpha; images with an alpha channel are written as PNG.
    int jpegQuality = 85;
    // Images with more pixels than this (width * height, read from the header before decoding) are
    // refused. The decoder's allocation limit is derived from it (8 bytes per pixel), so a header
    // that lies is caught too.
    qint64 maxPixels = 150'000'000;
    // JPEG files up to this size are read whole into memory before decoding: Qt's JPEG reader then
    // hands libjpeg every byte at once, which keeps libjpeg-turbo on its fast Huffman decoder (about
    // 6 % less CPU per photo). Larger files are decoded as they are read. 0: always stream.
    qint64 maxInMemoryBytes = 32 * 1024 * 1024;
    // Helper threads for files in parallel: the step's own thread works, and it adds up to
    // maxThreadCount() - 1 helpers on this pool (usually the pool the step runs on). Null: one
    // file at a time on the step's thread. The pool must outlive the step. Either way the
    // thumbnails are written by one more thread of the step's own (ThumbnailPublisher), which
    // mostly waits for the disk, so the workers never do.
    QThreadPool *pool = nullptr;
};

// The outcome for one input file.
struct ThumbnailFileResult
{
    enum class Status {
        Done,      // outputPath holds the thumbnail (freshly written, or an identical earlier one)
        Skipped,   // not an image, or an image format none of the installed plugins reads
        Failed,    // an image that could not be read, was refused, or could not be written
        Cancelled, // not finished because the step was cancelled
    };

    QString inputPath;
    Status status = Status::Cancelled;
    QString outputPath;
    QSize originalSize;  // as displayed, after the EXIF orientation; invalid when unknown
    QSize thumbnailSize; // as written
    QString skipReason;  // for Skipped: the detected MIME type and why
    TaskError error;     // for Failed; the message names the file
};

// The outcome for the whole batch. The step succeeds (error is None) when at least one image was
// made, or when there was no image at all (only skipped files: nothing to do is not a failure).
// It fails when the input list is empty, or when every image, or every input, failed: then error
// summarises the first failure. Per-file failures never fail a batch that produced something.
struct ThumbnailResult
{
    QList<ThumbnailFileResult> files; // in input order (folders expanded in name order)
    int done = 0;
    int skipped = 0;
    int failed = 0;
    TaskError error;

    // "12 thumbnails, 3 skipped, 1 failed" for logs and the task list.
    QString summary() const;
};

// The image formats QImageReader reads with the installed plugins, as MIME types ("image/jpeg").
QStringList thumbnailInputMimeTypes();
// The formats ThumbnailParams::format may name: what QImageWriter writes here ("png", "jpeg"...).
QList<QByteArray> writableImageFormats();

// Makes a thumbnail of every image among params.inputs.
//
// Each image is decoded at reduced size (JPEG uses libjpeg's DCT scaling), turned upright by its
// EXIF orientation, and written through QSaveFile as <base>.jpg (or <base>.png with alpha) into the
// output folder. A name taken by a different file gets a number ("a (1).jpg"); a name holding the
// very same bytes is reused, so running the step twice writes nothing new.
//
// Progress is per-mille of the files finished, with "done/total name" as the progress text. Cancel
// is checked between files and aborts a decode in progress at its next read of the file (a JPEG read
// whole into memory is cancelled while it is read, then decodes to the end: tens of milliseconds for
// a photo); outputs are published only when complete, so a cancelled step leaves no partial file
// (finished thumbnails stay).
// A cancelled step reports no result.
void thumbnailStep(QPromise<ThumbnailResult> &promise, const ThumbnailParams &params);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::ThumbnailResult)
