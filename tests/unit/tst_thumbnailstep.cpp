#include "steps/thumbnailer.h"
#include "steps/thumbnailstep.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImage>
#include <QImageReader>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

using namespace Qt::StringLiterals;
using Ferry::TaskError;
using Ferry::ThumbnailFileResult;
using Ferry::ThumbnailParams;
using Ferry::ThumbnailResult;
using Status = ThumbnailFileResult::Status;

namespace {

// Gradients plus noise, like a photo, so JPEG sizes and decode times are realistic.
QImage photo(int width, int height, quint32 seed)
{
    QImage image(width, height, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < width; ++x) {
            const int noise = int(random.bounded(32u)) - 16;
            line[x] = qRgb(qBound(0, x * 255 / width + noise, 255), qBound(0, y * 255 / height + noise, 255),
                           qBound(0, 128 + noise, 255));
        }
    }
    return image;
}

// Left half red, right half blue: shows where a rotation took the left side.
QImage halves(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(Qt::blue);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        std::fill(line, line + width / 2, qRgb(255, 0, 0));
    }
    return image;
}

QByteArray encode(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, format, 90))
        qFatal("cannot encode a test image");
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray bigEndian(quint32 value, int bytes)
{
    QByteArray out;
    for (int i = bytes - 1; i >= 0; --i)
        out.append(char((value >> (8 * i)) & 0xff));
    return out;
}

// An EXIF APP1 segment holding only IFD0 with the Orientation tag (0x0112, SHORT), placed after the
// JFIF APP0 segment Qt writes first.
QByteArray withExifOrientation(const QByteArray &jpeg, quint16 orientation)
{
    QByteArray tiff = "MM" + bigEndian(42, 2) + bigEndian(8, 4); // big-endian header, IFD0 at 8
    tiff += bigEndian(1, 2);                                        // one entry
    tiff += bigEndian(0x0112, 2) + bigEndian(3, 2) + bigEndian(1, 4) + bigEndian(orientation, 2)
            + bigEndian(0, 2);
    tiff += bigEndian(0, 4); // no next IFD
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    const QByteArray segment = QByteArray("\xFF\xE1", 2) + bigEndian(quint32(payload.size() + 2), 2) + payload;

    int at = 2; // after SOI
    if (jpeg.size() > 6 && quint8(jpeg[2]) == 0xFF && quint8(jpeg[3]) == 0xE0)
        at = 4 + ((quint8(jpeg[4]) << 8) | quint8(jpeg[5]));
    return jpeg.left(at) + segment + jpeg.mid(at);
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (char c : data) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return bigEndian(quint32(data.size()), 4) + type + data + bigEndian(crc32(type + data), 4);
}

// A PNG whose valid IHDR claims width x height RGBA pixels, followed by a token IDAT (a few
// bytes of a zlib stream): decoding it would allocate width * height * 4 bytes before failing.
QByteArray pngBomb(quint32 width, quint32 height)
{
    const QByteArray ihdr = bigEndian(width, 4) + bigEndian(height, 4) + QByteArray("\x08\x06\x00\x00\x00", 5);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr)
           + pngChunk("IDAT", QByteArray("\x78\x9c\x03\x00", 4)) + pngChunk("IEND", {});
}

// The JPEG with the frame size in its SOF0 header replaced: a header that claims a huge image.
QByteArray withJpegFrameSize(QByteArray jpeg, quint16 width, quint16 height)
{
    const qsizetype sof = jpeg.indexOf(QByteArray("\xFF\xC0", 2));
    if (sof < 0 || sof + 9 > jpeg.size())
        qFatal("no SOF0 segment in the test JPEG");
    jpeg.replace(sof + 5, 4, QByteArray(bigEndian(height, 2) + bigEndian(width, 2)));
    return jpeg;
}

ThumbnailResult runStep(ThumbnailParams params, int threads = 2)
{
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    params.pool = &pool;
    QFuture<ThumbnailResult> future = QtConcurrent::run(&pool, Ferry::thumbnailStep, params);
    future.waitForFinished();
    if (future.isCanceled() || future.resultCount() != 1)
        qFatal("the step reported no result");
    return future.result();
}

const ThumbnailFileResult *find(const ThumbnailResult &result, const QString &fileName)
{
    for (const ThumbnailFileResult &file : result.files) {
        if (QFileInfo(file.inputPath).fileName() == fileName)
            return &file;
    }
    return nullptr;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class TestThumbnailStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void targetSize_data();
    void targetSize();
    void keepsAspectRatio_data();
    void keepsAspectRatio();
    void appliesExifOrientation();
    void alphaStaysPng();
    void convertsToTheAskedFormat();
    void unknownFormatIsRefused();
    void corruptImageIsPerFileError();
    void everyImageFailedFailsTheStep();
    void refusesBombBeforeDecoding();
    void refusesJpegBombReadIntoMemory();
    void jpegFromMemoryMatchesStreamedRead_data();
    void jpegFromMemoryMatchesStreamedRead();
    void unwritableOutputIsPerFileError();
    void skipsNonImages();
    void neverOverwritesADifferentFile();
    void reportsProgress();
    void invalidParams_data();
    void invalidParams();
    void cancelBeforeStartWritesNothing();
    void cancelMidBatchLeavesNoPartialFile();

private:
    QTemporaryDir m_tmp;
    int m_dirs = 0;
    QString freshDir();
};

QString TestThumbnailStep::freshDir()
{
    const QString dir = m_tmp.filePath(u"case%1"_s.arg(++m_dirs));
    if (!QDir().mkpath(dir))
        qFatal("cannot create a test folder");
    return dir;
}

void TestThumbnailStep::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    QVERIFY2(formats.contains("jpeg") && formats.contains("png"), "Qt's jpeg and png image plugins are needed");
    QVERIFY(Ferry::thumbnailInputMimeTypes().contains(u"image/jpeg"_s));
}

void TestThumbnailStep::targetSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("maxSide");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("landscape") << QSize(4000, 3000) << 256 << QSize(256, 192);
    QTest::newRow("portrait") << QSize(3000, 4000) << 256 << QSize(192, 256);
    QTest::newRow("square") << QSize(1000, 1000) << 256 << QSize(256, 256);
    QTest::newRow("rounds") << QSize(1000, 333) << 100 << QSize(100, 33);
    QTest::newRow("sliver keeps a pixel") << QSize(100000, 3) << 256 << QSize(256, 1);
    QTest::newRow("already small") << QSize(120, 80) << 256 << QSize(120, 80);
    QTest::newRow("exactly the size") << QSize(256, 100) << 256 << QSize(256, 100);
    QTest::newRow("invalid stays invalid") << QSize(-1, -1) << 256 << QSize(-1, -1);
}

void TestThumbnailStep::targetSize()
{
    QFETCH(QSize, size);
    QFETCH(int, maxSide);
    QFETCH(QSize, expected);
    QCOMPARE(Ferry::Thumbnailer::targetSize(size, maxSide), expected);
}

void TestThumbnailStep::keepsAspectRatio_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<int>("maxSide");
    QTest::newRow("jpeg landscape") << QSize(1600, 1200) << QByteArray("jpg") << 256;
    QTest::newRow("jpeg portrait") << QSize(900, 1600) << QByteArray("jpg") << 256;
    QTest::newRow("jpeg odd ratio, not a DCT multiple") << QSize(1999, 731) << QByteArray("jpg") << 300;
    QTest::newRow("png") << QSize(1000, 400) << QByteArray("png") << 128;
    QTest::newRow("bmp") << QSize(500, 700) << QByteArray("bmp") << 64;
}

void TestThumbnailStep::keepsAspectRatio()
{
    QFETCH(QSize, size);
    QFETCH(QByteArray, format);
    QFETCH(int, maxSide);
    const QString dir = freshDir();
    const QString input = dir + u"/picture."_s + QString::fromLatin1(format);
    QVERIFY(writeFile(input, encode(photo(size.width(), size.height(), 7), format.constData())));

    ThumbnailParams params;
    params.inputs = { input };
    params.maxSide = maxSide;
    const ThumbnailResult result = runStep(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.files.size(), 1);
    const ThumbnailFileResult &file = result.files.first();
    QCOMPARE(file.status, Status::Done);
    QCOMPARE(file.outputPath, dir + u"/thumbnails/picture.jpg"_s);
    QCOMPARE(file.originalSize, size);

    QImageReader reader(file.outputPath);
    QCOMPARE(reader.format(), QByteArray("jpeg"));
    const QImage thumbnail = reader.read();
    QCOMPARE(thumbnail.size(), file.thumbnailSize);
    QCOMPARE(qMax(thumbnail.width(), thumbnail.height()), maxSide);
    const double ratio = double(size.width()) / size.height();
    const double got = double(thumbnail.width()) / thumbnail.height();
    // Rounding one side to whole pixels moves the ratio by at most half a pixel's worth.
    const int shortSide = qMin(thumbnail.width(), thumbnail.height());
    QVERIFY2(qAbs(got - ratio) / ratio <= 0.5 / shortSide + 1e-9,
             qPrintable(u"ratio %1 instead of %2"_s.arg(got).arg(ratio)));
    QCOMPARE(result.done, 1);
    QCOMPARE(result.summary(), u"1 thumbnail"_s);
}

void TestThumbnailStep::appliesExifOrientation()
{
    const QString dir = freshDir();
    const QString input = dir + u"/tagged.jpg"_s;
    // Orientation 6: the stored image must be turned 90 degrees clockwise to be shown.
    QVERIFY(writeFile(input, withExifOrientation(encode(halves(400, 200), "jpeg"), 6)));
    {
        QImageReader check(input);
        QVERIFY2(check.transformation() == QImageIOHandler::TransformationRotate90,
                 "the crafted EXIF segment is not understood by Qt");
    }

    ThumbnailParams params;
    params.inputs = { input };
    params.maxSide = 100;
    const ThumbnailResult result = runStep(params);
    const ThumbnailFileResult &file = result.files.first();
    QCOMPARE(file.status, Status::Done);
    QCOMPARE(file.originalSize, QSize(200, 400)); // as displayed
    QCOMPARE(file.thumbnailSize, QSize(50, 100));

    const QImage thumbnail(file.outputPath);
    QCOMPARE(thumbnail.size(), QSize(50, 100)); // a landscape picture became a portrait thumbnail
    // Turned clockwise, the left (red) half is on top.
    const QColor top = thumbnail.pixelColor(25, 20);
    const QColor bottom = thumbnail.pixelColor(25, 80);
    QVERIFY2(top.red() > 200 && top.blue() < 60, qPrintable(top.name()));
    QVERIFY2(bottom.blue() > 200 && bottom.red() < 60, qPrintable(bottom.name()));
}

void TestThumbnailStep::alphaStaysPng()
{
    const QString dir = freshDir();
    QImage image(600, 300, QImage::Format_ARGB32);
    image.fill(qRgba(0, 128, 255, 100));
    QVERIFY(image.save(dir + u"/overlay.png"_s));

    ThumbnailParams params;
    params.inputs = { dir };
    params.maxSide = 60;
    const ThumbnailResult result = runStep(params);
    const ThumbnailFileResult &file = result.files.first();
    QCOMPARE(file.status, Status::Done);
    QCOMPARE(file.outputPath, dir + u"/thumbnails/overlay.png"_s);
    QImageReader reader(file.outputPath);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage thumbnail = reader.read();
    QCOMPARE(thumbnail.size(), QSize(60, 30));
    QVERIFY(thumbnail.hasAlphaChannel());
    QVERIFY(qAbs(qAlpha(thumbnail.pixel(30, 15)) - 100) <= 2);
}

// Resize-and-convert: a format wins over the JPEG default, and size 0 keeps the size.
void TestThumbnailStep::convertsToTheAskedFormat()
{
    const QString dir = freshDir();
    QImage image(640, 480, QImage::Format_RGB32);
    image.fill(qRgb(200, 40, 40));
    QVERIFY(image.save(dir + u"/red.jpg"_s, "JPEG", 95));

    ThumbnailParams params;
    params.inputs = { dir + u"/red.jpg"_s };
    params.outputDir = dir + u"/converted"_s;
    params.maxSide = 0;
    params.format = "PNG";  // any case
    ThumbnailResult result = runStep(params);
    QCOMPARE(result.error, TaskError());
    QCOMPARE(result.files.first().outputPath, dir + u"/converted/red.png"_s);
    QImageReader png(result.files.first().outputPath);
    QCOMPARE(png.format(), QByteArray("png"));
    QCOMPARE(png.size(), QSize(640, 480));

    params.maxSide = 100;
    params.format = "bmp";
    params.outputDir = dir + u"/small"_s;
    result = runStep(params);
    QCOMPARE(result.error, TaskError());
    QImageReader bmp(result.files.first().outputPath);
    QCOMPARE(bmp.format(), QByteArray("bmp"));
    QCOMPARE(bmp.size(), QSize(100, 75));
}

void TestThumbnailStep::unknownFormatIsRefused()
{
    ThumbnailParams params;
    params.inputs = { u"x.jpg"_s };
    params.format = "not-a-format";
    const ThumbnailResult result = runStep(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY(result.error.message().contains(u"not-a-format"_s));
    QVERIFY(result.error.detail().contains(u"png"_s));
}

void TestThumbnailStep::corruptImageIsPerFileError()
{
    const QString dir = freshDir();
    QVERIFY(writeFile(dir + u"/good.jpg"_s, encode(photo(300, 200, 1), "jpeg")));
    // A JPEG start marker followed by garbage, and a PNG cut in the middle of its pixel data.
    QVERIFY(writeFile(dir + u"/broken.jpg"_s, QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(300, '\x37')));
    const QByteArray png = encode(photo(300, 200, 2), "png");
    QVERIFY(writeFile(dir + u"/cut.png"_s, png.left(png.size() / 2)));
    // Text under an image name: the name says JPEG, so it is a broken JPEG, not a skipped file.
    QVERIFY(writeFile(dir + u"/text.jpg"_s, "just some words\n"));

    ThumbnailParams params;
    params.inputs = { dir };
    const ThumbnailResult result = runStep(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.done, 1);
    QCOMPARE(result.failed, 3);
    QCOMPARE(result.summary(), u"1 thumbnail, 3 failed"_s);
    for (const QString &name : { u"broken.jpg"_s, u"cut.png"_s, u"text.jpg"_s }) {
        const ThumbnailFileResult *file = find(result, name);
        QVERIFY(file);
        QCOMPARE(file->status, Status::Failed);
        QCOMPARE(file->error.code(), TaskError::Code::InvalidInput);
        QVERIFY2(file->error.message().contains(dir + u'/' + name), qPrintable(file->error.message()));
        QVERIFY(file->outputPath.isEmpty());
    }
    QCOMPARE(filesIn(dir + u"/thumbnails"_s), QStringList{ u"good.jpg"_s });
}

void TestThumbnailStep::everyImageFailedFailsTheStep()
{
    const QString dir = freshDir();
    QVERIFY(writeFile(dir + u"/broken.jpg"_s, QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(300, '\x37')));
    QVERIFY(writeFile(dir + u"/readme.txt"_s, "not an image\n"));

    ThumbnailParams params;
    params.inputs = { dir, dir + u"/missing.png"_s };
    const ThumbnailResult result = runStep(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"0 thumbnails, 1 skipped, 2 failed"_s),
             qPrintable(result.error.message()));
    QVERIFY2(result.error.detail().contains(dir + u"/broken.jpg"_s), qPrintable(result.error.detail()));
    const ThumbnailFileResult *missing = find(result, u"missing.png"_s);
    QVERIFY(missing);
    QCOMPARE(missing->status, Status::Failed);
    QVERIFY(missing->error.message().contains(u"does not exist"_s));
}

void TestThumbnailStep::refusesBombBeforeDecoding()
{
    const QString dir = freshDir();
    const QString bomb = dir + u"/bomb.png"_s;
    QVERIFY(writeFile(bomb, pngBomb(100000, 100000)));
    QCOMPARE(QImageReader(bomb).size(), QSize(100000, 100000)); // the header is believed

    ThumbnailParams params;
    params.inputs = { bomb };
    const ThumbnailResult result = runStep(params);
    const ThumbnailFileResult &file = result.files.first();
    QCOMPARE(file.status, Status::Failed);
    QCOMPARE(file.error.code(), TaskError::Code::InvalidInput);
    // The pixel limit speaks, not the decoder: the bomb has no pixel data to fail on.
    QVERIFY2(file.error.message().contains(bomb), qPrintable(file.error.message()));
    QVERIFY2(file.error.message().contains(u"100000 x 100000 pixels (10000 megapixels)"_s)
                 && file.error.message().contains(u"limit of 150 megapixels"_s),
             qPrintable(file.error.message()));
    QVERIFY(result.error.isError()); // it was the only image

    // The limit is configurable: a 2000 x 1000 image passes at 2 MP and is refused below.
    const QString normal = dir + u"/normal.jpg"_s;
    QVERIFY(writeFile(normal, encode(photo(2000, 1000, 3), "jpeg")));
    params.inputs = { normal };
    params.maxPixels = 2'000'000;
    QCOMPARE(runStep(params).files.first().status, Status::Done);
    params.maxPixels = 1'999'999;
    QCOMPARE(runStep(params).files.first().status, Status::Failed);
}

// The pixel limit is checked on the header of a JPEG read into memory, before its pixels.
void TestThumbnailStep::refusesJpegBombReadIntoMemory()
{
    const QString dir = freshDir();
    const QString bomb = dir + u"/bomb.jpg"_s;
    QVERIFY(writeFile(bomb, withJpegFrameSize(encode(photo(64, 64, 12), "jpeg"), 60000, 60000)));
    QCOMPARE(QImageReader(bomb).size(), QSize(60000, 60000)); // the header is believed

    ThumbnailParams params;
    params.inputs = { bomb };
    QVERIFY(QFileInfo(bomb).size() <= params.maxInMemoryBytes);
    const ThumbnailFileResult file = runStep(params).files.first();
    QCOMPARE(file.status, Status::Failed);
    QCOMPARE(file.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(file.error.message().contains(u"60000 x 60000 pixels (3600 megapixels)"_s),
             qPrintable(file.error.message()));
    QVERIFY(!QFileInfo::exists(dir + u"/thumbnails/bomb.jpg"_s));
}

// A JPEG read whole into memory (fast Huffman decoding) gives the very bytes the streamed read
// gives: same pixels, same orientation, same outcome for a damaged file.
void TestThumbnailStep::jpegFromMemoryMatchesStreamedRead_data()
{
    QTest::addColumn<QByteArray>("jpeg");
    QTest::addColumn<QSize>("displayed");
    const QByteArray photoJpeg = encode(photo(1600, 1200, 13), "jpeg");
    QTest::newRow("photo") << photoJpeg << QSize(1600, 1200);
    QTest::newRow("not a DCT multiple") << encode(photo(1999, 731, 14), "jpeg") << QSize(1999, 731);
    QTest::newRow("EXIF orientation 6") << withExifOrientation(photoJpeg, 6) << QSize(1200, 1600);
    QTest::newRow("cut in half") << photoJpeg.left(photoJpeg.size() / 2) << QSize(1600, 1200);
}

void TestThumbnailStep::jpegFromMemoryMatchesStreamedRead()
{
    QFETCH(QByteArray, jpeg);
    QFETCH(QSize, displayed);
    const QString dir = freshDir();
    const QString input = dir + u"/photo.jpg"_s;
    QVERIFY(writeFile(input, jpeg));

    ThumbnailParams params;
    params.inputs = { input };
    params.outputDir = dir + u"/memory"_s;
    QVERIFY(jpeg.size() <= params.maxInMemoryBytes);
    const ThumbnailFileResult memory = runStep(params).files.first();
    params.outputDir = dir + u"/streamed"_s;
    params.maxInMemoryBytes = 0;
    const ThumbnailFileResult streamed = runStep(params).files.first();

    QCOMPARE(memory.status, streamed.status);
    QCOMPARE(memory.error, streamed.error);
    QCOMPARE(memory.originalSize, displayed);
    QCOMPARE(streamed.originalSize, displayed);
    QCOMPARE(memory.thumbnailSize, streamed.thumbnailSize);
    if (memory.status == Status::Done) {
        QCOMPARE(memory.thumbnailSize, Ferry::Thumbnailer::targetSize(displayed, params.maxSide));
        const QByteArray bytes = readFile(memory.outputPath);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(bytes == readFile(streamed.outputPath));
    }
}

// A thumbnail the publisher cannot write fails its file with the reason; the batch goes on.
void TestThumbnailStep::unwritableOutputIsPerFileError()
{
    const QString dir = freshDir();
    for (int i = 0; i < 3; ++i)
        QVERIFY(writeFile(dir + u"/p%1.jpg"_s.arg(i), encode(photo(300, 200, 15 + i), "jpeg")));
    const QString taken = freshDir() + u"/taken"_s;
    QVERIFY(writeFile(taken, "a file where the output folder should be\n"));

    ThumbnailParams params;
    params.inputs = { dir };
    params.outputDir = taken;
    const ThumbnailResult result = runStep(params);
    QCOMPARE(result.failed, 3);
    QCOMPARE(result.error.code(), TaskError::Code::FileSystem);
    for (int i = 0; i < 3; ++i) {
        const ThumbnailFileResult *file = find(result, u"p%1.jpg"_s.arg(i));
        QVERIFY(file);
        QCOMPARE(file->status, Status::Failed);
        QVERIFY2(file->error.message().contains(u"exists and is not a folder"_s), qPrintable(file->error.message()));
        QVERIFY(file->outputPath.isEmpty());
        QVERIFY(!file->thumbnailSize.isValid());
    }
}

void TestThumbnailStep::skipsNonImages()
{
    const QString dir = freshDir();
    QVERIFY(writeFile(dir + u"/notes.txt"_s, "shopping list\n"));
    QVERIFY(writeFile(dir + u"/archive.zip"_s, QByteArray("PK\x03\x04", 4) + QByteArray(100, '\0')));
    QVERIFY(writeFile(dir + u"/photo"_s, encode(photo(320, 240, 4), "png"))); // no extension: content says PNG
    QVERIFY(QDir(dir).mkdir(u"subfolder"_s));
    QVERIFY(writeFile(dir + u"/subfolder/deep.jpg"_s, encode(photo(64, 64, 5), "jpeg")));

    ThumbnailParams params;
    params.inputs = { dir };
    params.outputDir = m_tmp.filePath(u"elsewhere"_s);
    const ThumbnailResult result = runStep(params);
    QVERIFY(!result.error.isError());
    QCOMPARE(result.files.size(), 3); // folders are not entered
    QCOMPARE(result.done, 1);
    QCOMPARE(result.skipped, 2);
    QCOMPARE(result.failed, 0);
    QCOMPARE(find(result, u"notes.txt"_s)->status, Status::Skipped);
    QVERIFY(find(result, u"notes.txt"_s)->skipReason.contains(u"text/plain"_s));
    QCOMPARE(find(result, u"archive.zip"_s)->status, Status::Skipped);
    QCOMPARE(find(result, u"photo"_s)->outputPath, params.outputDir + u"/photo.jpg"_s);
    QCOMPARE(filesIn(params.outputDir), QStringList{ u"photo.jpg"_s });

    // Only non-images: nothing to do is not a failure.
    params.inputs = { dir + u"/notes.txt"_s };
    const ThumbnailResult none = runStep(params);
    QVERIFY(!none.error.isError());
    QCOMPARE(none.summary(), u"0 thumbnails, 1 skipped"_s);
}

void TestThumbnailStep::neverOverwritesADifferentFile()
{
    const QString dir = freshDir();
    QVERIFY(writeFile(dir + u"/a.jpg"_s, encode(photo(800, 600, 6), "jpeg")));
    QVERIFY(writeFile(dir + u"/a.png"_s, encode(photo(800, 600, 8), "png"))); // no alpha: also a.jpg
    QVERIFY(QDir(dir).mkdir(u"thumbnails"_s));
    const QByteArray mine = "the user's own file\n";
    QVERIFY(writeFile(dir + u"/thumbnails/a.jpg"_s, mine));
    // A dangling symlink is a taken name too: QSaveFile would write through it.
    QVERIFY(QFile::link(m_tmp.filePath(u"nowhere.jpg"_s), dir + u"/thumbnails/a (1).jpg"_s));

    ThumbnailParams params;
    params.inputs = { dir };
    const ThumbnailResult first = runStep(params);
    QCOMPARE(first.done, 2);
    QCOMPARE(readFile(dir + u"/thumbnails/a.jpg"_s), mine);
    QVERIFY(!QFileInfo::exists(m_tmp.filePath(u"nowhere.jpg"_s)));
    const QStringList outputs{ find(first, u"a.jpg"_s)->outputPath, find(first, u"a.png"_s)->outputPath };
    QCOMPARE(QSet<QString>(outputs.begin(), outputs.end()),
             QSet<QString>({ dir + u"/thumbnails/a (2).jpg"_s, dir + u"/thumbnails/a (3).jpg"_s }));
    const QByteArray firstBytes = readFile(outputs[0]);

    // Again: the identical thumbnails are found and reused, nothing new appears.
    const ThumbnailResult second = runStep(params, 1);
    QCOMPARE(second.done, 2);
    QCOMPARE(find(second, u"a.jpg"_s)->outputPath, outputs[0]);
    QCOMPARE(find(second, u"a.png"_s)->outputPath, outputs[1]);
    QCOMPARE(readFile(outputs[0]), firstBytes);
    QCOMPARE(filesIn(dir + u"/thumbnails"_s),
             QStringList({ u"a (1).jpg"_s, u"a (2).jpg"_s, u"a (3).jpg"_s, u"a.jpg"_s }));
}

void TestThumbnailStep::reportsProgress()
{
    const QString dir = freshDir();
    const QByteArray jpeg = encode(photo(400, 300, 9), "jpeg");
    for (int i = 0; i < 8; ++i)
        QVERIFY(writeFile(dir + u"/p%1.jpg"_s.arg(i), jpeg));

    QThreadPool pool;
    pool.setMaxThreadCount(2);
    ThumbnailParams params;
    params.inputs = { dir };
    params.pool = &pool;
    QFutureWatcher<ThumbnailResult> watcher;
    QSignalSpy values(&watcher, &QFutureWatcher<ThumbnailResult>::progressValueChanged);
    QSignalSpy texts(&watcher, &QFutureWatcher<ThumbnailResult>::progressTextChanged);
    QSignalSpy finished(&watcher, &QFutureWatcher<ThumbnailResult>::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::thumbnailStep, params));
    QVERIFY(finished.wait(20000));

    QCOMPARE(watcher.progressMinimum(), 0);
    QCOMPARE(watcher.progressMaximum(), 1000);
    QCOMPARE(watcher.progressValue(), 1000);
    QVERIFY(!values.isEmpty());
    int last = -1;
    for (const QList<QVariant> &signal : std::as_const(values)) {
        QVERIFY(signal.at(0).toInt() > last);
        last = signal.at(0).toInt();
    }
    QCOMPARE(last, 1000);
    QVERIFY(!texts.isEmpty());
    const ThumbnailResult result = watcher.result();
    QCOMPARE(result.done, 8);
    for (int i = 0; i < 8; ++i) // results keep the input order, whichever thread made them
        QCOMPARE(QFileInfo(result.files.at(i).inputPath).fileName(), u"p%1.jpg"_s.arg(i));
}

void TestThumbnailStep::invalidParams_data()
{
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<int>("maxSide");
    QTest::addColumn<int>("quality");
    QTest::newRow("no inputs") << QStringList() << 256 << 85;
    QTest::newRow("size 0") << QStringList{ u"x.jpg"_s } << 0 << 85;
    QTest::newRow("quality 0") << QStringList{ u"x.jpg"_s } << 256 << 0;
    QTest::newRow("quality 101") << QStringList{ u"x.jpg"_s } << 256 << 101;
}

void TestThumbnailStep::invalidParams()
{
    QFETCH(QStringList, inputs);
    QFETCH(int, maxSide);
    QFETCH(int, quality);
    ThumbnailParams params;
    params.inputs = inputs;
    params.maxSide = maxSide;
    params.jpegQuality = quality;
    const ThumbnailResult result = runStep(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY(result.files.isEmpty());
}

void TestThumbnailStep::cancelBeforeStartWritesNothing()
{
    const QString dir = freshDir();
    QVERIFY(writeFile(dir + u"/p.jpg"_s, encode(photo(300, 300, 10), "jpeg")));
    ThumbnailParams params;
    params.inputs = { dir };

    QPromise<ThumbnailResult> promise;
    QFuture<ThumbnailResult> future = promise.future();
    promise.start();
    future.cancel();
    Ferry::thumbnailStep(promise, params);
    promise.finish();
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    QVERIFY(!QFileInfo::exists(dir + u"/thumbnails"_s));
}

void TestThumbnailStep::cancelMidBatchLeavesNoPartialFile()
{
    const QString dir = freshDir();
    constexpr int count = 60;
    const QByteArray png = encode(photo(1200, 1200, 11), "png");
    for (int i = 0; i < count; ++i)
        QVERIFY(writeFile(dir + u"/img%1.png"_s.arg(i, 2, 10, QChar(u'0')), png));

    QThreadPool pool;
    pool.setMaxThreadCount(1); // one file at a time, so the cancel lands early in the batch
    ThumbnailParams params;
    params.inputs = { dir };
    params.pool = &pool;
    QFutureWatcher<ThumbnailResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<ThumbnailResult>::finished);
    connect(&watcher, &QFutureWatcher<ThumbnailResult>::progressValueChanged, &watcher, [&watcher](int value) {
        if (value > 0)
            watcher.cancel();
    });
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::thumbnailStep, params));
    QVERIFY(finished.wait(20000));
    QVERIFY(watcher.isCanceled());
    QCOMPARE(watcher.future().resultCount(), 0);
    pool.waitForDone();

    // Whatever was published is complete; nothing else (no temporary file) is in the folder.
    const QStringList outputs = filesIn(dir + u"/thumbnails"_s);
    QVERIFY2(!outputs.isEmpty() && outputs.size() < count, qPrintable(QString::number(outputs.size())));
    for (const QString &name : outputs) {
        QVERIFY2(name.startsWith(u"img"_s) && name.endsWith(u".jpg"_s), qPrintable(name));
        QImageReader reader(dir + u"/thumbnails/"_s + name);
        QCOMPARE(reader.read().size(), QSize(256, 256));
    }
}

QTEST_GUILESS_MAIN(TestThumbnailStep)
#include "tst_thumbnailstep.moc"
