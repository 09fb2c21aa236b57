// Runs Ferry's thumbnail step over a folder the way the app does (QtConcurrent::run on a pool the
// caller owns, the same pool lending the step its helper threads, every thread lowered as StepJob
// lowers it) and prints one line:
//   ferry <seconds> <thumbnails> <images/s>
// with the step's summary and any per-file error on stderr. Exits 1 when an image failed.
//
//   bench_thumbnails [--threads N] [--size PX] [--quality Q] [--out DIR] FOLDER
//
// It also checks the thumbnails a tool made (used for every tool the script compares): exactly N
// files, each decodes fully, the longest side is PX. Prints each problem and exits 1 if any:
//   bench_thumbnails --verify DIR --count N --size PX
//
// And it makes the benchmark's photos, so the script needs no other generator:
//   bench_thumbnails --generate DIR --count N [--width W] [--height H]
// writes DIR/photo-0001.jpg ... at JPEG quality 90: smooth gradients and waves plus per-pixel noise,
// so they compress and decode like camera photos (about 3-5 MB at 4000 x 3000). Each file appears
// under its final name only when complete.

#include "steps/thumbnailstep.h"
#include "util/threadpriority.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QRandomGenerator>
#include <QThreadPool>
#include <QtConcurrent>

#include <cmath>
#include <cstdio>
#include <vector>

namespace {

QImage makePhoto(int width, int height, quint32 seed)
{
    QRandomGenerator random(seed);
    // Low-frequency waves per channel, different for each photo, plus fine noise: big smooth areas
    // and texture, like a picture of the outdoors.
    std::vector<float> columns(size_t(width) * 3), rows(size_t(height) * 3);
    for (int c = 0; c < 3; ++c) {
        const double fx = 1.0 + random.bounded(6.0), fy = 1.0 + random.bounded(6.0);
        const double px = random.bounded(6.28), py = random.bounded(6.28);
        for (int x = 0; x < width; ++x)
            columns[size_t(x) * 3 + c] = float(60.0 * std::sin(px + fx * 6.28 * x / width) + 60.0 * x / width);
        for (int y = 0; y < height; ++y)
            rows[size_t(y) * 3 + c] = float(50.0 * std::sin(py + fy * 6.28 * y / height) + 40.0 * y / height);
    }
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const float *row = &rows[size_t(y) * 3];
        for (int x = 0; x < width; ++x) {
            const quint32 noise = random.generate();
            const float *column = &columns[size_t(x) * 3];
            int rgb[3];
            for (int c = 0; c < 3; ++c) {
                const int n = int((noise >> (c * 8)) & 0x1f) - 16;
                rgb[c] = qBound(0, int(70.0f + column[c] + row[c]) + n, 255);
            }
            line[x] = qRgb(rgb[0], rgb[1], rgb[2]);
        }
    }
    return image;
}

int generate(const QString &dir, int count, int width, int height)
{
    std::vector<int> indexes(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        indexes[size_t(i)] = i + 1;
    std::atomic<int> failures{ 0 };
    QtConcurrent::blockingMap(indexes, [&](int index) {
        const QString name = dir + QStringLiteral("/photo-%1.jpg").arg(index, 4, 10, QLatin1Char('0'));
        if (QFile::exists(name))
            return;
        const QString partial = name + QStringLiteral(".part");
        if (!makePhoto(width, height, quint32(index)).save(partial, "jpeg", 90) || !QFile::rename(partial, name))
            ++failures;
    });
    if (failures > 0) {
        std::fprintf(stderr, "bench_thumbnails: %d photos could not be written\n", failures.load());
        return 1;
    }
    return 0;
}

int verify(const QString &dir, int count, int size)
{
    const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    int problems = 0;
    if (files.size() != count) {
        std::printf("%lld files instead of %d\n", static_cast<long long>(files.size()), count);
        ++problems;
    }
    for (const QFileInfo &file : files) {
        QImageReader reader(file.absoluteFilePath());
        reader.setAutoTransform(true);
        const QImage image = reader.read();
        if (image.isNull()) {
            std::printf("%s does not decode: %s\n", qPrintable(file.fileName()), qPrintable(reader.errorString()));
            ++problems;
        } else if (qMax(image.width(), image.height()) != size) {
            std::printf("%s is %d x %d\n", qPrintable(file.fileName()), image.width(), image.height());
            ++problems;
        }
    }
    return problems == 0 ? 0 : 1;
}

int usage()
{
    std::fprintf(stderr, "usage: bench_thumbnails [--threads N] [--size PX] [--quality Q] [--out DIR] FOLDER\n"
                         "       bench_thumbnails --verify DIR --count N --size PX\n"
                         "       bench_thumbnails --generate DIR --count N [--width W] [--height H]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int threads = 2, size = 256, quality = 85, count = 0, width = 4000, height = 3000;
    QString out, folder, generateDir, verifyDir;
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        const auto number = [&](int &value) {
            bool ok = false;
            value = args.isEmpty() ? 0 : args.takeFirst().toInt(&ok);
            return ok && value > 0;
        };
        if (arg == u"--threads") {
            if (!number(threads))
                return usage();
        } else if (arg == u"--size") {
            if (!number(size))
                return usage();
        } else if (arg == u"--quality") {
            if (!number(quality))
                return usage();
        } else if (arg == u"--count") {
            if (!number(count))
                return usage();
        } else if (arg == u"--width") {
            if (!number(width))
                return usage();
        } else if (arg == u"--height") {
            if (!number(height))
                return usage();
        } else if (arg == u"--out" && !args.isEmpty()) {
            out = args.takeFirst();
        } else if (arg == u"--verify" && !args.isEmpty()) {
            verifyDir = args.takeFirst();
        } else if (arg == u"--generate" && !args.isEmpty()) {
            generateDir = args.takeFirst();
        } else if (!arg.startsWith(u'-') && folder.isEmpty()) {
            folder = arg;
        } else {
            return usage();
        }
    }
    if (!verifyDir.isEmpty())
        return count > 0 ? verify(verifyDir, count, size) : usage();
    if (!generateDir.isEmpty())
        return count > 0 ? generate(generateDir, count, width, height) : usage();
    if (folder.isEmpty())
        return usage();

    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    Ferry::ThumbnailParams params;
    params.inputs = { folder };
    params.outputDir = out;
    params.maxSide = size;
    params.jpegQuality = quality;
    params.pool = &pool;

    QElapsedTimer timer;
    timer.start();
    // As StepJob runs it: the step's own pool thread is lowered like its helpers (nice 10,
    // SCHED_BATCH; the script runs the peers the same way).
    const auto lowered = [](QPromise<Ferry::ThumbnailResult> &promise, const Ferry::ThumbnailParams &p) {
        Ferry::lowerCurrentThread(Ferry::ThreadRole::Cpu);
        Ferry::thumbnailStep(promise, p);
    };
    QFuture<Ferry::ThumbnailResult> future = QtConcurrent::run(&pool, lowered, params);
    future.waitForFinished();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (future.resultCount() != 1) {
        std::fprintf(stderr, "bench_thumbnails: the step reported no result\n");
        return 1;
    }
    const Ferry::ThumbnailResult result = future.result();
    for (const Ferry::ThumbnailFileResult &file : result.files) {
        if (file.status == Ferry::ThumbnailFileResult::Status::Failed)
            std::fprintf(stderr, "%s\n", qPrintable(file.error.toString()));
    }
    std::fprintf(stderr, "%s\n", qPrintable(result.summary()));
    std::printf("ferry %.3f %d %.2f\n", seconds, result.done, seconds > 0 ? result.done / seconds : 0.0);
    return result.failed == 0 && !result.error.isError() ? 0 : 1;
}
