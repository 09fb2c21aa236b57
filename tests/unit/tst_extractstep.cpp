// The extract step on well-formed archives: formats and filters, names, progress, publishing, errors
// that are not attacks (corrupt, encrypted, not an archive) and cancel. Every archive is built here
// with libarchive's write API; hostile archives are in tst_hostilearchives.

#include "steps/extractstep.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Ferry::ExtractParams;
using Ferry::ExtractResult;
using Ferry::TaskError;

namespace {

struct TestEntry
{
    QByteArray path;
    mode_t type = AE_IFREG;
    QByteArray data;
    QByteArray link;  // symlink target
    mode_t mode = 0644;
    qint64 zeros = 0;  // zero bytes streamed after data
    time_t mtime = 0;
};

TestEntry fileEntry(const QByteArray &path, const QByteArray &data, mode_t mode = 0644)
{
    return { path, AE_IFREG, data, {}, mode, 0, 0 };
}
TestEntry folderEntry(const QByteArray &path) { return { path, AE_IFDIR, {}, {}, 0755, 0, 0 }; }
TestEntry symlinkEntry(const QByteArray &path, const QByteArray &target)
{
    return { path, AE_IFLNK, {}, target, 0777, 0, 0 };
}

struct WriterFree
{
    void operator()(archive *a) const { archive_write_free(a); }
};

// Builds an archive; returns what libarchive said when it cannot (a format or filter this build
// cannot write), empty on success.
QString writeArchive(const QString &path, const QByteArray &format, const QByteArray &filter,
                     const QList<TestEntry> &entries, const QByteArray &options = {},
                     const QByteArray &passphrase = {})
{
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    const auto failed = [a] { return QString::fromUtf8(archive_error_string(a)); };
    if (archive_write_set_format_by_name(a, format.constData()) != ARCHIVE_OK)
        return failed();
    if (!filter.isEmpty() && archive_write_add_filter_by_name(a, filter.constData()) != ARCHIVE_OK)
        return failed();
    if (!options.isEmpty() && archive_write_set_options(a, options.constData()) != ARCHIVE_OK)
        return failed();
    if (!passphrase.isEmpty() && archive_write_set_passphrase(a, passphrase.constData()) != ARCHIVE_OK)
        return failed();
    if (archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return failed();
    const QByteArray zeros(1 << 20, '\0');
    for (const TestEntry &e : entries) {
        archive_entry *entry = archive_entry_new();
        archive_entry_update_pathname_utf8(entry, e.path.constData());
        archive_entry_set_filetype(entry, e.type);
        archive_entry_set_perm(entry, e.mode);
        archive_entry_set_mtime(entry, e.mtime ? e.mtime : 1700000000, 0);
        if (e.type == AE_IFLNK)
            archive_entry_update_symlink_utf8(entry, e.link.constData());
        archive_entry_set_size(entry, e.type == AE_IFREG ? e.data.size() + e.zeros : 0);
        const int rc = archive_write_header(a, entry);
        archive_entry_free(entry);
        if (rc != ARCHIVE_OK)
            return failed();
        if (!e.data.isEmpty() && archive_write_data(a, e.data.constData(), size_t(e.data.size())) < 0)
            return failed();
        for (qint64 left = e.zeros; left > 0; left -= zeros.size()) {
            if (archive_write_data(a, zeros.constData(), size_t(qMin<qint64>(left, zeros.size()))) < 0)
                return failed();
        }
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        return failed();
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

QString readLink(const QString &path)
{
    char buffer[4096];
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer);
    return n < 0 ? QString() : QString::fromUtf8(buffer, n);
}

ExtractResult extract(const ExtractParams &params, QList<int> *progress = nullptr)
{
    QThreadPool pool;
    QFutureWatcher<ExtractResult> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [progress](int value) {
        if (progress)
            progress->append(value);
    });
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::extractArchive, params));
    if (!finished.wait(15000) || watcher.future().resultCount() != 1)
        return { TaskError(TaskError::Code::FileSystem, u"the step did not finish with a result"_s), {}, 0, 0 };
    return watcher.result();
}

} // namespace

class TestExtractStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void nestedTarGzWithSymlink();
    void formats_data();
    void formats();
    void emptyArchive_data();
    void emptyArchive();
    void unicodeNames_data();
    void unicodeNames();
    void permissionsAndTimes();
    void cpioHardlinksCarryData();
    void numbersTakenNames();
    void folderNames_data();
    void folderNames();
    void corruptArchive_data();
    void corruptArchive();
    void notAnArchive();
    void encryptedZipEntry();
    void missingArchive();
    void cancelInTheMiddle();

private:
    // Checks that only `published` (or nothing) appeared in the target and no staging folder is left.
    void expectOnly(const QStringList &published);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_target;
};

void TestExtractStep::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_target = m_dir->filePath(u"target"_s);
    QVERIFY(QDir().mkpath(m_target));
}

void TestExtractStep::expectOnly(const QStringList &published)
{
    QDir target(m_target);
    QStringList names = target.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    names.sort();
    QStringList expected = published;
    expected.sort();
    QCOMPARE(names, expected);
}

void TestExtractStep::nestedTarGzWithSymlink()
{
    const QString path = m_dir->filePath(u"photos.tar.gz"_s);
    QByteArray big(300000, 'x');
    for (int i = 0; i < big.size(); ++i)
        big[i] = char('a' + (qint64(i) * 7919) % 26);
    const QString failed = writeArchive(path, "pax", "gzip", {
        folderEntry("./"), folderEntry("a/"), folderEntry("a/b/"), fileEntry("a/b/c.txt", "deep"), fileEntry("a/d.txt", "middle"),
        fileEntry("top.txt", big), symlinkEntry("a/b/up.txt", "../d.txt"), symlinkEntry("toc", "a/b/c.txt"),
        fileEntry("implicit/parents/made.txt", "made"),
    });
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    QList<int> progress;
    const ExtractResult result = extract(params, &progress);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.folderPath, m_target + u"/photos");
    QCOMPARE(result.entries, 9);
    QCOMPARE(result.bytes, 4 + 6 + big.size() + 4);
    expectOnly({ u"photos"_s });

    const QString root = result.folderPath;
    QCOMPARE(readAll(root + u"/a/b/c.txt"), "deep");
    QCOMPARE(readAll(root + u"/a/d.txt"), "middle");
    QCOMPARE(readAll(root + u"/top.txt"), big);
    QCOMPARE(readAll(root + u"/implicit/parents/made.txt"), "made");
    QCOMPARE(readLink(root + u"/a/b/up.txt"), u"../d.txt"_s);
    QCOMPARE(readAll(root + u"/a/b/up.txt"), "middle");
    QCOMPARE(readLink(root + u"/toc"), u"a/b/c.txt"_s);

    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), 1000);
    for (int i = 1; i < progress.size(); ++i)
        QVERIFY(progress.at(i) > progress.at(i - 1));
}

void TestExtractStep::formats_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<QString>("name");
    QTest::newRow("ustar") << "ustar"_ba << ""_ba << u"t.tar"_s;
    QTest::newRow("gnutar bzip2") << "gnutar"_ba << "bzip2"_ba << u"t.tar.bz2"_s;
    QTest::newRow("pax xz") << "pax"_ba << "xz"_ba << u"t.tar.xz"_s;
    QTest::newRow("pax zstd") << "pax"_ba << "zstd"_ba << u"t.tar.zst"_s;
    QTest::newRow("pax lz4") << "pax"_ba << "lz4"_ba << u"t.tar.lz4"_s;
    QTest::newRow("zip") << "zip"_ba << ""_ba << u"t.zip"_s;
    QTest::newRow("7zip") << "7zip"_ba << ""_ba << u"t.7z"_s;
    QTest::newRow("cpio newc gzip") << "newc"_ba << "gzip"_ba << u"t.cpio.gz"_s;
}

void TestExtractStep::formats()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, filter);
    QFETCH(QString, name);
    const QString path = m_dir->filePath(name);
    const QString failed = writeArchive(path, format, filter, {
        folderEntry("dir/"), fileEntry("dir/one.txt", "one"), fileEntry("dir/sub/two.txt", QByteArray(100000, 't')),
        fileEntry("three", "3", 0755), symlinkEntry("dir/link", "one.txt"),
    });
    if (!failed.isEmpty())
        QSKIP(qPrintable(u"this libarchive cannot write it: "_s + failed));

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    const QString root = result.folderPath;
    QCOMPARE(QFileInfo(root).fileName(), QStringLiteral("t"));
    QCOMPARE(readAll(root + u"/dir/one.txt"), "one");
    QCOMPARE(readAll(root + u"/dir/sub/two.txt"), QByteArray(100000, 't'));
    QCOMPARE(readAll(root + u"/three"), "3");
    QCOMPARE(readLink(root + u"/dir/link"), u"one.txt"_s);
    QVERIFY(QFileInfo(root + u"/three").isExecutable());
    expectOnly({ u"t"_s });
}

void TestExtractStep::emptyArchive_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QString>("name");
    QTest::newRow("tar") << "pax"_ba << u"empty.tar"_s;
    QTest::newRow("zip") << "zip"_ba << u"empty.zip"_s;
}

void TestExtractStep::emptyArchive()
{
    QFETCH(QByteArray, format);
    QFETCH(QString, name);
    const QString path = m_dir->filePath(name);
    const QString failed = writeArchive(path, format, {}, QList<TestEntry>());
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.entries, 0);
    QVERIFY(QDir(result.folderPath).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden));
    expectOnly({ u"empty"_s });
}

void TestExtractStep::unicodeNames_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::newRow("pax") << "pax"_ba;
    QTest::newRow("zip") << "zip"_ba;
    QTest::newRow("7zip") << "7zip"_ba;
}

void TestExtractStep::unicodeNames()
{
    QFETCH(QByteArray, format);
    const QString folderName = u"Ünïcödé 日本"_s;
    const QString fileName = u"fusée 🚀 ü.txt"_s;
    const QString path = m_dir->filePath(u"names.arc"_s);
    const QString failed = writeArchive(path, format, {}, {
        fileEntry(QString(folderName + u'/' + fileName).toUtf8(), "rocket"),
    });
    if (!failed.isEmpty())
        QSKIP(qPrintable(u"this libarchive cannot write it: "_s + failed));
    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    params.folderName = u"named"_s;
    const ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.folderPath, m_target + u"/named");
    QCOMPARE(readAll(result.folderPath + u'/' + folderName + u'/' + fileName), "rocket");
}

void TestExtractStep::permissionsAndTimes()
{
    const QString path = m_dir->filePath(u"modes.tar"_s);
    TestEntry old = fileEntry("old.txt", "old", 0600);
    old.mtime = 1000000000;
    const QString failed = writeArchive(path, "pax", {}, {
        fileEntry("tool", "#!/bin/sh\n", 0755), fileEntry("private", "p", 0400), old, folderEntry("locked/"),
        fileEntry("locked/inside", "i"),
    });
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    const QString root = result.folderPath;
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(root + u"/tool").constData(), &st), 0);
    QVERIFY(st.st_mode & S_IXUSR);
    // 0400 gains u+w: the user can always replace or delete what was extracted.
    QCOMPARE(::stat(QFile::encodeName(root + u"/private").constData(), &st), 0);
    QCOMPARE(st.st_mode & 0700, mode_t(0600));
    QCOMPARE(::stat(QFile::encodeName(root + u"/old.txt").constData(), &st), 0);
    QCOMPARE(qint64(st.st_mtim.tv_sec), qint64(1000000000));
    QCOMPARE(readAll(root + u"/locked/inside"), "i");
}

void TestExtractStep::cpioHardlinksCarryData()
{
    // newc stores a hardlinked file's data on its last link; libarchive's link resolver writes it so.
    const QString path = m_dir->filePath(u"links.cpio"_s);
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    QCOMPARE(archive_write_set_format_cpio_newc(a), ARCHIVE_OK);
    QCOMPARE(archive_write_open_filename(a, QFile::encodeName(path).constData()), ARCHIVE_OK);
    archive_entry_linkresolver *resolver = archive_entry_linkresolver_new();
    archive_entry_linkresolver_set_strategy(resolver, archive_format(a));
    const QByteArray data = "shared by three names";
    const auto write = [&](archive_entry *entry) {
        if (!entry)
            return;
        QCOMPARE(archive_write_header(a, entry), ARCHIVE_OK);
        if (archive_entry_size(entry) > 0)
            QCOMPARE(archive_write_data(a, data.constData(), size_t(data.size())), la_ssize_t(data.size()));
    };
    for (const char *name : { "a", "b", "d/c" }) {
        archive_entry *entry = archive_entry_new();
        archive_entry_copy_pathname(entry, name);
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_ino(entry, 77);
        archive_entry_set_dev(entry, 1);
        archive_entry_set_nlink(entry, 3);
        archive_entry_set_size(entry, data.size());
        archive_entry *spare = nullptr;
        archive_entry_linkify(resolver, &entry, &spare);
        write(entry);
        write(spare);
        archive_entry_free(entry);
        archive_entry_free(spare);
    }
    // The resolver hands back the entry it deferred (the last link, with the data); it is ours to free.
    archive_entry *entry = nullptr, *spare = nullptr;
    archive_entry_linkify(resolver, &entry, &spare);
    write(entry);
    archive_entry_free(entry);
    archive_entry_free(spare);
    archive_entry_linkresolver_free(resolver);
    QCOMPARE(archive_write_close(a), ARCHIVE_OK);

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    for (const QString &name : { u"a"_s, u"b"_s, u"d/c"_s })
        QCOMPARE(readAll(result.folderPath + u'/' + name), data);
    QCOMPARE(QFileInfo(result.folderPath + u"/a").size(), data.size());
}

void TestExtractStep::numbersTakenNames()
{
    const QString path = m_dir->filePath(u"data.zip"_s);
    QVERIFY(writeArchive(path, "zip", {}, { fileEntry("f.txt", "f") }).isEmpty());
    QFile taken(m_target + u"/data");
    QVERIFY(taken.open(QIODevice::WriteOnly));
    taken.write("a file already has the name");
    taken.close();

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    ExtractResult result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.folderPath, m_target + u"/data (1)");
    result = extract(params);
    QCOMPARE(result.folderPath, m_target + u"/data (2)");
    QCOMPARE(readAll(m_target + u"/data"), "a file already has the name");
    expectOnly({ u"data"_s, u"data (1)"_s, u"data (2)"_s });

    // With no target folder, the archive's own folder is the target.
    params.targetFolder.clear();
    result = extract(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.folderPath, m_dir->filePath(u"data"_s));
}

void TestExtractStep::folderNames_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("folder");
    QTest::newRow("tar.gz") << u"/x/photos.tar.gz"_s << u"photos"_s;
    QTest::newRow("upper case") << u"A.TGZ"_s << u"A"_s;
    QTest::newRow("zip") << u"report.zip"_s << u"report"_s;
    QTest::newRow("dots in stem") << u"v1.2.3.tar.xz"_s << u"v1.2.3"_s;
    QTest::newRow("7z") << u"set.7z"_s << u"set"_s;
    QTest::newRow("unknown extension") << u"thing.bin"_s << u"thing"_s;
    QTest::newRow("no extension") << u"thing"_s << u"thing"_s;
    QTest::newRow("hidden") << u".secret.tar"_s << u"secret"_s;
    QTest::newRow("launcher") << u"run.desktop.zip"_s << u"run.desktop.download"_s;
}

void TestExtractStep::folderNames()
{
    QFETCH(QString, archive);
    QFETCH(QString, folder);
    QCOMPARE(Ferry::extractFolderName(archive), folder);
}

void TestExtractStep::corruptArchive_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<bool>("truncate");
    // libarchive 3.6 does not check gzip's trailer (CRC and length), so damage that still inflates
    // goes unseen (bsdtar too): this damage hits the first block's Huffman tables.
    QTest::newRow("gzip damaged") << "gzip"_ba << false;
    QTest::newRow("xz damaged") << "xz"_ba << false;
    QTest::newRow("gzip truncated") << "gzip"_ba << true;
    QTest::newRow("plain tar truncated") << ""_ba << true;
}

void TestExtractStep::corruptArchive()
{
    QFETCH(QByteArray, filter);
    QFETCH(bool, truncate);
    const QString path = m_dir->filePath(u"broken.tar.gz"_s);
    QByteArray noise;
    quint32 state = 12345;
    for (int i = 0; i < 400000; ++i) {
        state = state * 1664525u + 1013904223u;
        noise.append(char('a' + (state >> 24) % 8));  // compresses about 3:1
    }
    QVERIFY(writeArchive(path, "pax", filter, { fileEntry("a", noise), fileEntry("b", noise) }).isEmpty());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    if (truncate) {
        QVERIFY(f.resize(f.size() * 3 / 4));  // ends in the middle of the second file
    } else {
        QVERIFY(f.seek(filter == "gzip" ? 12 : f.size() * 3 / 4));
        f.write(QByteArray(64, 'Z'));
    }
    f.close();

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"broken.tar.gz is damaged"), qPrintable(result.error.toString()));
    QVERIFY(result.folderPath.isEmpty());
    expectOnly({});
}

void TestExtractStep::notAnArchive()
{
    const QString path = m_dir->filePath(u"notes.zip"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("just some text that is no archive at all\n");
    f.close();
    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"not an archive"), qPrintable(result.error.toString()));
    expectOnly({});
}

void TestExtractStep::encryptedZipEntry()
{
    const QString path = m_dir->filePath(u"locked.zip"_s);
    const QString failed = writeArchive(path, "zip", {}, { fileEntry("secret.txt", "hidden words") },
                                        "zip:encryption=zipcrypt", "password");
    if (!failed.isEmpty())
        QSKIP(qPrintable(u"this libarchive cannot encrypt: "_s + failed));
    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QCOMPARE(result.error.message(), u"encrypted entry 'secret.txt': passwords are not supported"_s);
    expectOnly({});
}

void TestExtractStep::missingArchive()
{
    ExtractParams params;
    params.archivePath = m_dir->filePath(u"nowhere.tar"_s);
    params.targetFolder = m_target;
    const ExtractResult result = extract(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY(result.error.message().contains(u"nowhere.tar"));
    expectOnly({});
}

void TestExtractStep::cancelInTheMiddle()
{
    // 2 GiB of zeros: tiny to build and store, far too much to extract before the cancel lands.
    const QString path = m_dir->filePath(u"large.tar.zst"_s);
    TestEntry huge = fileEntry("huge.bin", "start");
    huge.zeros = qint64(2) << 30;
    const QString failed = writeArchive(path, "pax", "zstd", { fileEntry("first.txt", "1"), huge });
    if (!failed.isEmpty())
        QSKIP(qPrintable(u"no zstd writer: "_s + failed));

    ExtractParams params;
    params.archivePath = path;
    params.targetFolder = m_target;
    params.limits.maxRatio = 0;
    QThreadPool pool;
    QFutureWatcher<ExtractResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::extractArchive, params));

    // Wait until the big file is being written in the staging folder, then cancel.
    const auto writtenSoFar = [this] {
        const QStringList staging = QDir(m_target).entryList({ u".ferry-extract-*"_s }, QDir::Dirs | QDir::Hidden);
        return staging.size() == 1 ? QFileInfo(m_target + u'/' + staging.first() + u"/huge.bin").size() : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(writtenSoFar() > (1 << 20), 15000);
    watcher.cancel();
    QVERIFY(finished.wait(15000));
    QVERIFY(watcher.future().isCanceled());
    QCOMPARE(watcher.future().resultCount(), 0);
    expectOnly({});
}

QTEST_GUILESS_MAIN(TestExtractStep)
#include "tst_extractstep.moc"
