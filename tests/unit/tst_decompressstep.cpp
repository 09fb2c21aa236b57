#include "steps/decompressstep.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>
#include <archive.h>
#include <archive_entry.h>
#include <cstring>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

// Some text and some noise, so every compressor has work and the output spans several chunks.
QByteArray sampleData()
{
    QByteArray data;
    QRandomGenerator generator(42);
    while (data.size() < 3 * 1024 * 1024 / 2) {
        data += "line " + QByteArray::number(data.size()) + " of a compressible text file\n";
        for (int i = 0; i < 16; ++i)
            data += char('a' + generator.bounded(26));
    }
    return data;
}

la_ssize_t appendToByteArray(archive *, void *client, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(client)->append(static_cast<const char *>(buffer), qsizetype(length));
    return la_ssize_t(length);
}

// `data` compressed with libarchive's writer for `filter` ("gzip", "xz", ...), no archive format, at
// the fastest level (xz's default takes seconds).
QByteArray compress(const QByteArray &data, const char *filter)
{
    QByteArray out;
    archive *a = archive_write_new();
    archive_entry *entry = archive_entry_new();
    bool ok = archive_write_add_filter_by_name(a, filter) == ARCHIVE_OK;
    if (std::strcmp(filter, "compress") != 0) // .Z has no levels
        ok = ok && archive_write_set_filter_option(a, nullptr, "compression-level", "1") == ARCHIVE_OK;
    ok = ok && archive_write_set_format_raw(a) == ARCHIVE_OK
        && archive_write_set_bytes_in_last_block(a, 1) == ARCHIVE_OK
        && archive_write_open(a, &out, nullptr, appendToByteArray, nullptr) == ARCHIVE_OK;
    if (ok) {
        archive_entry_set_pathname(entry, "data");
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_size(entry, data.size());
        ok = archive_write_header(a, entry) == ARCHIVE_OK
            && archive_write_data(a, data.constData(), size_t(data.size())) == la_ssize_t(data.size())
            && archive_write_close(a) == ARCHIVE_OK;
    }
    if (!ok)
        qWarning("compress(%s): %s", filter, archive_error_string(a));
    archive_entry_free(entry);
    archive_write_free(a);
    return ok ? out : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class tst_DecompressStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void names_data();
    void names();
    void formats_data();
    void formats();
    void nameTaken();
    void emptyContent();
    void twoLayers();
    void outputFolder();
    void damaged_data();
    void damaged();
    void notCompressed_data();
    void notCompressed();
    void outputCap();
    void ratioCap();
    void cancel();

private:
    DecompressResult run(const DecompressParams &params)
    {
        QFuture<DecompressResult> future = QtConcurrent::run(&m_pool, decompressStep, params);
        future.waitForFinished();
        m_lastProgress = future.progressValue();
        return future.resultCount() == 1 ? future.result() : DecompressResult {};
    }
    // Expects a failure with the code and message part, and nothing but the input left in the folder.
    void expectFailure(const DecompressResult &result, TaskError::Code code, const QString &messagePart,
        const QString &inputName);

    QThreadPool m_pool;
    QTemporaryDir m_root;
    QString m_dir;
    QByteArray m_data;
    int m_counter = 0;
    int m_lastProgress = -1;
};

void tst_DecompressStep::initTestCase()
{
    QVERIFY(m_root.isValid());
    m_pool.setMaxThreadCount(2);
    m_data = sampleData();
}

void tst_DecompressStep::init()
{
    m_dir = m_root.filePath(QString::number(++m_counter));
    QVERIFY(QDir().mkpath(m_dir));
}

void tst_DecompressStep::expectFailure(const DecompressResult &result, TaskError::Code code,
    const QString &messagePart, const QString &inputName)
{
    QCOMPARE(result.error.code(), code);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.toString()));
    QVERIFY(result.outputPath.isEmpty());
    QCOMPARE(entries(m_dir), QStringList { inputName }); // no output, no temporary file
}

void tst_DecompressStep::names_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("layers");
    QTest::addColumn<QString>("output");
    QTest::newRow("gz") << u"notes.txt.gz"_s << 1 << u"notes.txt"_s;
    QTest::newRow("tar.gz") << u"x.tar.gz"_s << 1 << u"x.tar"_s;
    QTest::newRow("upper case") << u"X.TAR.XZ"_s << 1 << u"X.TAR"_s;
    QTest::newRow("tgz") << u"x.tgz"_s << 1 << u"x.tar"_s;
    QTest::newRow("tbz2") << u"x.tbz2"_s << 1 << u"x.tar"_s;
    QTest::newRow("txz") << u"x.txz"_s << 1 << u"x.tar"_s;
    QTest::newRow("tzst") << u"x.tzst"_s << 1 << u"x.tar"_s;
    QTest::newRow("Z") << u"old.Z"_s << 1 << u"old"_s;
    QTest::newRow("lz4, lzma, zst") << u"a.lz4"_s << 1 << u"a"_s;
    QTest::newRow("two layers") << u"a.txt.gz.xz"_s << 2 << u"a.txt"_s;
    QTest::newRow("unknown suffix kept") << u"blob.bin"_s << 1 << u"blob.bin"_s;
    QTest::newRow("only a suffix") << u".gz"_s << 1 << u".gz"_s;
}

void tst_DecompressStep::names()
{
    QFETCH(QString, input);
    QFETCH(int, layers);
    QFETCH(QString, output);
    QCOMPARE(decompressedName(input, layers), output);
}

void tst_DecompressStep::formats_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");
    QTest::addColumn<QString>("filterName"); // as libarchive names it
    QTest::newRow("gzip") << "gzip"_ba << u"data.txt.gz"_s << u"data.txt"_s << u"gzip"_s;
    QTest::newRow("bzip2") << "bzip2"_ba << u"data.bz2"_s << u"data"_s << u"bzip2"_s;
    QTest::newRow("xz") << "xz"_ba << u"x.tar.xz"_s << u"x.tar"_s << u"xz"_s;
    QTest::newRow("zstd") << "zstd"_ba << u"data.zst"_s << u"data"_s << u"zstd"_s;
    QTest::newRow("lz4") << "lz4"_ba << u"data.lz4"_s << u"data"_s << u"lz4"_s;
    QTest::newRow("lzma") << "lzma"_ba << u"data.lzma"_s << u"data"_s << u"lzma"_s;
    QTest::newRow("compress") << "compress"_ba << u"data.Z"_s << u"data"_s << u"compress (.Z)"_s;
    QTest::newRow("tgz") << "gzip"_ba << u"x.tgz"_s << u"x.tar"_s << u"gzip"_s;
    QTest::newRow("misnamed: xz in .gz") << "xz"_ba << u"y.gz"_s << u"y"_s << u"xz"_s;
    QTest::newRow("no suffix: numbered") << "gzip"_ba << u"blob"_s << u"blob (1)"_s << u"gzip"_s;
}

void tst_DecompressStep::formats()
{
    QFETCH(QByteArray, filter);
    QFETCH(QString, input);
    QFETCH(QString, output);
    QFETCH(QString, filterName);
    const QByteArray compressed = compress(m_data, filter.constData());
    QVERIFY(!compressed.isEmpty());
    QVERIFY(compressed.size() < m_data.size());
    QVERIFY(writeFile(m_dir + u'/' + input, compressed));

    DecompressParams params;
    params.path = m_dir + u'/' + input;
    const DecompressResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.outputPath, m_dir + u'/' + output);
    QCOMPARE(result.filters, filterName);
    QCOMPARE(result.inputBytes, qint64(compressed.size()));
    QCOMPARE(result.outputBytes, qint64(m_data.size()));
    QVERIFY(readFile(result.outputPath) == m_data);
    QCOMPARE(readFile(params.path), compressed); // the input stays
    QCOMPARE(m_lastProgress, 1000);
    QStringList expected { input, output };
    expected.sort();
    QCOMPARE(entries(m_dir), expected);
}

void tst_DecompressStep::nameTaken()
{
    QVERIFY(writeFile(m_dir + u"/data.txt.gz"_s, compress(m_data, "gzip")));
    QVERIFY(writeFile(m_dir + u"/data.txt"_s, "already here"_ba));
    DecompressParams params;
    params.path = m_dir + u"/data.txt.gz"_s;
    const DecompressResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.outputPath, m_dir + u"/data (1).txt"_s);
    QVERIFY(readFile(result.outputPath) == m_data);
    QCOMPARE(readFile(m_dir + u"/data.txt"_s), "already here"_ba);
}

void tst_DecompressStep::emptyContent()
{
    QVERIFY(writeFile(m_dir + u"/empty.zst"_s, compress({}, "zstd")));
    DecompressParams params;
    params.path = m_dir + u"/empty.zst"_s;
    const DecompressResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.outputPath, m_dir + u"/empty"_s);
    QCOMPARE(result.outputBytes, 0);
    QCOMPARE(QFileInfo(result.outputPath).size(), 0);
}

void tst_DecompressStep::twoLayers()
{
    QVERIFY(writeFile(m_dir + u"/data.txt.gz.xz"_s, compress(compress(m_data, "gzip"), "xz")));
    DecompressParams params;
    params.path = m_dir + u"/data.txt.gz.xz"_s;
    const DecompressResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.filters, u"gzip, xz"_s); // innermost first, as libarchive numbers them
    QCOMPARE(result.outputPath, m_dir + u"/data.txt"_s);
    QVERIFY(readFile(result.outputPath) == m_data);
}

void tst_DecompressStep::outputFolder()
{
    QVERIFY(writeFile(m_dir + u"/data.bz2"_s, compress(m_data, "bzip2")));
    DecompressParams params;
    params.path = m_dir + u"/data.bz2"_s;
    params.outputFolder = m_dir + u"/out/deeper"_s; // made when missing
    const DecompressResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.outputPath, m_dir + u"/out/deeper/data"_s);
    QVERIFY(readFile(result.outputPath) == m_data);
    QCOMPARE(entries(m_dir + u"/out/deeper"_s), QStringList { u"data"_s });
}

void tst_DecompressStep::damaged_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<QString>("how");
    // .Z (LZW) has no end marker or check: a cut file decodes to a shorter one, so it is not here.
    for (const char *filter : { "gzip", "bzip2", "xz", "zstd", "lz4", "lzma" }) {
        QTest::addRow("%s truncated", filter) << QByteArray(filter) << u"truncate"_s;
        QTest::addRow("%s garbage inside", filter) << QByteArray(filter) << u"garbage"_s;
    }
}

void tst_DecompressStep::damaged()
{
    QFETCH(QByteArray, filter);
    QFETCH(QString, how);
    QByteArray compressed = compress(m_data, filter.constData());
    QVERIFY(compressed.size() > 1024);
    if (how == u"truncate") {
        compressed.truncate(compressed.size() / 2);
    } else {
        // Past the headers: the payload itself is wrong. libarchive writes zstd frames without a content
        // checksum, so there the garbage goes over the first block header (reserved block type).
        const qsizetype from = filter == "zstd" ? 6 : 64;
        for (qsizetype i = from; i < from + 256; ++i)
            compressed[i] = char(0xff);
    }
    const QString input = u"data."_s + QString::fromLatin1(filter);
    QVERIFY(writeFile(m_dir + u'/' + input, compressed));
    DecompressParams params;
    params.path = m_dir + u'/' + input;
    const DecompressResult result = run(params);
    expectFailure(result, TaskError::Code::InvalidInput, u"damaged or cut short"_s, input);
    QVERIFY2(!result.error.detail().isEmpty(), "libarchive's reason is kept");
}

void tst_DecompressStep::notCompressed_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("plain text") << "just some text\n"_ba << u"is not compressed"_s;
    QTest::newRow("empty file") << QByteArray() << u"is not compressed"_s;
    QTest::newRow("gzip magic, then nothing") << "\x1f\x8b\x08"_ba << u"damaged or cut short"_s;
}

void tst_DecompressStep::notCompressed()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, messagePart);
    QVERIFY(writeFile(m_dir + u"/file.gz"_s, content));
    DecompressParams params;
    params.path = m_dir + u"/file.gz"_s;
    const DecompressResult result = run(params);
    expectFailure(result, TaskError::Code::InvalidInput, messagePart, u"file.gz"_s);
}

void tst_DecompressStep::outputCap()
{
    QVERIFY(writeFile(m_dir + u"/zeros.zst"_s, compress(QByteArray(8 * 1024 * 1024, '\0'), "zstd")));
    DecompressParams params;
    params.path = m_dir + u"/zeros.zst"_s;
    params.limits.maxTotalBytes = 2 * 1024 * 1024;
    params.limits.maxRatio = 0; // off: the total alone must stop it
    DecompressResult result = run(params);
    expectFailure(result, TaskError::Code::InvalidInput, u"decompresses to more than 2"_s, u"zeros.zst"_s);
    QVERIFY(result.error.message().contains(u"decompression bombs"_s));

    // The per-file limit counts too: a single file is one entry.
    params.limits.maxTotalBytes = 0;
    params.limits.maxEntryBytes = 3 * 1024 * 1024;
    result = run(params);
    expectFailure(result, TaskError::Code::InvalidInput, u"decompresses to more than 3"_s, u"zeros.zst"_s);
}

void tst_DecompressStep::ratioCap()
{
    const QByteArray compressed = compress(QByteArray(8 * 1024 * 1024, '\0'), "gzip");
    QVERIFY(compressed.size() < 80 * 1024); // > 100:1
    QVERIFY(writeFile(m_dir + u"/zeros.gz"_s, compressed));
    DecompressParams params;
    params.path = m_dir + u"/zeros.gz"_s;
    params.limits.maxRatio = 100;
    params.limits.ratioMinBytes = 1024 * 1024;
    DecompressResult result = run(params);
    expectFailure(result, TaskError::Code::InvalidInput, u"expands to more than 100 times"_s, u"zeros.gz"_s);

    // Below ratioMinBytes a high ratio is fine: small files of zeros are not bombs.
    params.limits.ratioMinBytes = 16 * 1024 * 1024;
    result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.outputBytes, 8 * 1024 * 1024);
}

void tst_DecompressStep::cancel()
{
    // 256 gzip members of 16 MiB of zeros: 4 GiB out of about 4 MiB in. Read to the end it would be
    // published, so a step that ignored the cancel leaves a file behind and fails below.
    const QByteArray member = compress(QByteArray(16 * 1024 * 1024, '\0'), "gzip");
    QVERIFY(!member.isEmpty());
    QVERIFY(writeFile(m_dir + u"/huge.gz"_s, member.repeated(256)));

    DecompressParams params;
    params.path = m_dir + u"/huge.gz"_s;
    params.limits.maxRatio = 0;
    QFutureWatcher<DecompressResult> watcher;
    connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [&](int value) {
        if (value > 0)
            watcher.cancel();
    });
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&m_pool, decompressStep, params));
    QVERIFY(finished.wait(120000));
    watcher.waitForFinished();
    QVERIFY(watcher.isCanceled());
    QCOMPARE(watcher.future().resultCount(), 0);
    QCOMPARE(entries(m_dir), QStringList { u"huge.gz"_s });
}

QTEST_GUILESS_MAIN(tst_DecompressStep)
#include "tst_decompressstep.moc"
