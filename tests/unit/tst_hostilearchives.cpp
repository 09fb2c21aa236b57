// Hostile archives against the extract step. Each is built here with libarchive's write API (which
// writes whatever it is told) and extracted into a target folder inside a sandbox that also holds an
// "outside" folder an attacker would aim at. For every case: the outcome (refused with an error that
// names the entry, or sanitised), nothing outside the target changed, and no staging folder is left.

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
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Ferry::ArchiveLimits;
using Ferry::ExtractParams;
using Ferry::ExtractResult;
using Ferry::TaskError;

namespace {

struct TestEntry
{
    QByteArray path;
    mode_t type = AE_IFREG;
    QByteArray data;
    QByteArray link;         // symlink or hardlink target
    bool hardlink = false;
    mode_t mode = 0644;      // may carry setuid, setgid, sticky
    qint64 zeros = 0;        // zero bytes streamed after data
    int copies = 1;          // written this many times, with "%1" in path replaced by the index
};

TestEntry fileEntry(const QByteArray &path, const QByteArray &data = "x", mode_t mode = 0644)
{
    return { path, AE_IFREG, data, {}, false, mode, 0, 1 };
}
TestEntry folderEntry(const QByteArray &path, mode_t mode = 0755) { return { path, AE_IFDIR, {}, {}, false, mode, 0, 1 }; }
TestEntry symlinkEntry(const QByteArray &path, const QByteArray &target)
{
    return { path, AE_IFLNK, {}, target, false, 0777, 0, 1 };
}
TestEntry hardlinkEntry(const QByteArray &path, const QByteArray &target)
{
    return { path, AE_IFREG, {}, target, true, 0644, 0, 1 };
}
TestEntry specialEntry(const QByteArray &path, mode_t type) { return { path, type, {}, {}, false, 0666, 0, 1 }; }

struct WriterFree
{
    void operator()(archive *a) const { archive_write_free(a); }
};

QString writeArchive(const QString &path, const QByteArray &format, const QByteArray &filter,
                     const QList<TestEntry> &entries)
{
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    const auto failed = [a] { return QString::fromUtf8(archive_error_string(a)); };
    if (archive_write_set_format_by_name(a, format.constData()) != ARCHIVE_OK)
        return failed();
    if (!filter.isEmpty() && archive_write_add_filter_by_name(a, filter.constData()) != ARCHIVE_OK)
        return failed();
    if (archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return failed();
    const QByteArray zeros(1 << 20, '\0');
    for (const TestEntry &e : entries) {
        for (int copy = 0; copy < e.copies; ++copy) {
            archive_entry *entry = archive_entry_new();
            const QByteArray name = e.copies > 1 ? QByteArray(e.path).replace("%1", QByteArray::number(copy)) : e.path;
            archive_entry_copy_pathname(entry, name.constData());
            archive_entry_set_filetype(entry, e.type);
            archive_entry_set_perm(entry, e.mode);
            archive_entry_set_uid(entry, 4242);  // an owner nobody here has: never applied
            archive_entry_set_gid(entry, 4242);
            archive_entry_set_mtime(entry, 1700000000, 0);
            if (e.type == AE_IFCHR || e.type == AE_IFBLK)
                archive_entry_set_rdev(entry, makedev(1, 3));
            if (e.type == AE_IFLNK)
                archive_entry_copy_symlink(entry, e.link.constData());
            if (e.hardlink)
                archive_entry_copy_hardlink(entry, e.link.constData());
            const bool hasData = e.type == AE_IFREG && !e.hardlink;
            archive_entry_set_size(entry, hasData ? e.data.size() + e.zeros : 0);
            const int rc = archive_write_header(a, entry);
            archive_entry_free(entry);
            if (rc != ARCHIVE_OK)
                return failed();
            if (hasData && !e.data.isEmpty() && archive_write_data(a, e.data.constData(), size_t(e.data.size())) < 0)
                return failed();
            for (qint64 left = hasData ? e.zeros : 0; left > 0; left -= zeros.size()) {
                if (archive_write_data(a, zeros.constData(), size_t(qMin<qint64>(left, zeros.size()))) < 0)
                    return failed();
            }
        }
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        return failed();
    return {};
}

// Every name under `root` with its kind, size, mode and (for files) mtime, sorted; symlinks are listed,
// never followed. A folder's mtime is left out: the staging folder comes and goes in the target.
QStringList listTree(const QString &root)
{
    QStringList names;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat st;
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            continue;
        names.append(u"%1 mode=%2 size=%3 mtime=%4"_s.arg(QDir(root).relativeFilePath(path))
                         .arg(st.st_mode, 0, 8)
                         .arg(S_ISDIR(st.st_mode) ? 0 : qint64(st.st_size))
                         .arg(S_ISDIR(st.st_mode) ? 0 : qint64(st.st_mtim.tv_sec)));
    }
    names.sort();
    return names;
}

ExtractResult extract(const ExtractParams &params)
{
    QThreadPool pool;
    QFutureWatcher<ExtractResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::extractArchive, params));
    if (!finished.wait(15000) || watcher.future().resultCount() != 1)
        return { TaskError(TaskError::Code::FileSystem, u"the step did not finish with a result"_s), {}, 0, 0 };
    return watcher.result();
}

} // namespace

Q_DECLARE_METATYPE(QList<TestEntry>)
Q_DECLARE_METATYPE(ArchiveLimits)

class TestHostileArchives : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void refused_data();
    void refused();
    void sanitisedPermissionsAndOwners();
    void sameKindDuplicatesAndInsideLinks();

private:
    // Extracts an archive of `entries`; skips when this libarchive cannot write it.
    ExtractResult run(const QList<TestEntry> &entries, const QByteArray &format, const QByteArray &filter,
                      const ArchiveLimits &limits, bool *skipped);
    QStringList stagingFolders() const;

    QTemporaryDir m_sandbox;
    QString m_outside;  // what an attack aims at
    QString m_target;   // where archives are extracted
    QString m_archive;
};

void TestHostileArchives::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    m_outside = m_sandbox.filePath(u"outside"_s);
    QVERIFY(QDir().mkpath(m_outside));
    QFile secret(m_outside + u"/secret.txt");
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("do not touch");
}

void TestHostileArchives::init()
{
    m_target = m_sandbox.filePath(u"target"_s);
    QVERIFY(QDir(m_target).removeRecursively());
    QVERIFY(QDir().mkpath(m_target));
    m_archive = m_sandbox.filePath(u"archives/evil.tar"_s);
    QVERIFY(QDir().mkpath(QFileInfo(m_archive).absolutePath()));
    QFile::remove(m_archive);
}

QStringList TestHostileArchives::stagingFolders() const
{
    return QDir(m_target).entryList({ u".ferry-extract-*"_s }, QDir::AllEntries | QDir::Hidden);
}

ExtractResult TestHostileArchives::run(const QList<TestEntry> &entries, const QByteArray &format,
                                       const QByteArray &filter, const ArchiveLimits &limits, bool *skipped)
{
    const QString failed = writeArchive(m_archive, format, filter, entries);
    *skipped = !failed.isEmpty();
    if (*skipped) {
        qWarning("cannot write this archive: %s", qPrintable(failed));
        return {};
    }
    ExtractParams params;
    params.archivePath = m_archive;
    params.targetFolder = m_target;
    params.limits = limits;
    return extract(params);
}

void TestHostileArchives::refused_data()
{
    QTest::addColumn<QList<TestEntry>>("entries");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<ArchiveLimits>("limits");
    QTest::addColumn<QString>("error");  // the start of the error message

    const ArchiveLimits defaults;
    const QByteArray outside = QFile::encodeName(m_outside);
    const auto row = [&](const char *name, const QList<TestEntry> &entries, const QString &error,
                         const QByteArray &format = "pax", const ArchiveLimits &limits = ArchiveLimits()) {
        QTest::newRow(name) << entries << format << QByteArray() << limits << error;
    };

    row("dot-dot", { fileEntry("../../outside/evil.txt") },
        u"refused entry '../../outside/evil.txt': path leaves the folder"_s);
    row("dot-dot inside a path", { folderEntry("a/"), fileEntry("a/../../outside/evil.txt") },
        u"refused entry 'a/../../outside/evil.txt': path leaves the folder"_s);
    row("dot-dot in zip", { fileEntry("../outside/evil.txt") },
        u"refused entry '../outside/evil.txt': path leaves the folder"_s, "zip");
    row("absolute path", { fileEntry(outside + "/evil.txt") },
        u"refused entry '%1/evil.txt': absolute path"_s.arg(m_outside));
    row("absolute path in 7z", { fileEntry(outside + "/evil.txt") },
        u"refused entry '%1/evil.txt': absolute path"_s.arg(m_outside), "7zip");
    row("symlink out, then a file through it",
        { symlinkEntry("escape", "../../outside"), fileEntry("escape/evil.txt") },
        u"refused entry 'escape': symlink points outside the folder ('../../outside')"_s);
    row("symlink to an absolute path", { symlinkEntry("etc", "/etc") },
        u"refused entry 'etc': symlink to an absolute path ('/etc')"_s);
    row("symlink to an absolute path inside the sandbox", { symlinkEntry("out", outside) },
        u"refused entry 'out': symlink to an absolute path ('%1')"_s.arg(m_outside));
    row("symlink climbing from a subfolder", { folderEntry("a/"), symlinkEntry("a/up", "../..") },
        u"refused entry 'a/up': symlink points outside the folder ('../..')"_s);
    // "sub/up" -> ".." is the root, allowed; "via" -> "sub/up/.." reads as "sub" but the kernel goes
    // to the root's parent.
    row("symlink through a symlink's parent",
        { folderEntry("sub/"), symlinkEntry("sub/up", ".."), symlinkEntry("via", "sub/up/..") },
        u"refused entry 'via': symlink target climbs back after a name ('sub/up/..')"_s);
    row("file written through an inside symlink",
        { folderEntry("sub/"), symlinkEntry("sub/up", ".."), fileEntry("sub/up/evil.txt") },
        u"refused entry 'sub/up/evil.txt': 'sub/up' on its path is a symlink or a file"_s);
    row("hardlink to /etc/passwd", { hardlinkEntry("passwd", "/etc/passwd") },
        u"refused entry 'passwd': hardlink target: absolute path"_s);
    row("hardlink climbing out", { hardlinkEntry("secret", "../outside/secret.txt") },
        u"refused entry 'secret': hardlink target: path leaves the folder"_s);
    row("hardlink to an inside symlink", { symlinkEntry("s", "."), hardlinkEntry("copy", "s") },
        u"refused entry 'copy': hardlink to 's', which is a symlink, not a file"_s);
    row("hardlink to nothing yet", { hardlinkEntry("early", "later"), fileEntry("later") },
        u"refused entry 'early': hardlink to 'later', which was not extracted before it"_s);
    row("character device", { specialEntry("null", AE_IFCHR) },
        u"refused entry 'null': device nodes are not extracted"_s);
    row("block device", { specialEntry("disk", AE_IFBLK) },
        u"refused entry 'disk': device nodes are not extracted"_s);
    row("FIFO", { fileEntry("before"), specialEntry("pipe", AE_IFIFO) },
        u"refused entry 'pipe': FIFOs are not extracted"_s);
    row("socket", { specialEntry("sock", AE_IFSOCK) }, u"refused entry 'sock': sockets are not extracted"_s,
        "cpio");
    row("symlink then file", { symlinkEntry("x", "target.txt"), fileEntry("x") },
        u"refused entry 'x': a duplicate entry would replace a symlink with a file"_s);
    row("folder then file", { folderEntry("d/"), fileEntry("d/inner"), fileEntry("d") },
        u"refused entry 'd': a duplicate entry would replace a folder with a file"_s);
    row("file then folder", { fileEntry("f"), folderEntry("f/") },
        u"refused entry 'f/': a duplicate entry would replace a file with a folder"_s);
    row("file then symlink", { fileEntry("f"), symlinkEntry("f", ".") },
        u"refused entry 'f': a duplicate entry would replace a file with a symlink"_s);

    QByteArray deep;
    for (int i = 0; i < 2000; ++i)
        deep += "d/";
    row("2000 folders deep", { fileEntry(deep + "f") },
        u"refused entry '%1…%2': path is deeper than 256 folders"_s
            .arg(QString::fromUtf8(deep.left(80)), QString::fromUtf8(QByteArray(deep + "f").right(80))));
    row("long name", { fileEntry(QByteArray(300, 'n')) },
        u"refused entry '%1…%2': a name in the path is longer than 255 bytes"_s
            .arg(QString(80, u'n'), QString(80, u'n')));

    TestEntry bomb = fileEntry("zeros.bin", "z");
    bomb.zeros = 200 * 1000 * 1000;  // gzip squeezes this about 1000:1
    QTest::newRow("ratio bomb, default limits")
        << QList<TestEntry>{ bomb } << "pax"_ba << "gzip"_ba << defaults
        << u"The archive evil.tar expands to more than 200 times its size, the limit against archive bombs"_s;

    TestEntry many = fileEntry("many/%1.txt", "tiny");
    many.copies = 20000;
    ArchiveLimits fewEntries;
    fewEntries.maxEntries = 1000;
    row("entry-count bomb", { many }, u"The archive evil.tar has more than 1000 entries, the limit for one archive"_s,
        "pax", fewEntries);

    TestEntry big = fileEntry("big.bin", "b");
    big.zeros = 3 << 20;
    ArchiveLimits smallEntries;
    smallEntries.maxEntryBytes = 1 << 20;
    row("entry over the size limit", { fileEntry("small.txt"), big },
        u"entry 'big.bin' is 3.0 MiB, over the limit of 1.0 MiB for one file"_s, "pax", smallEntries);
    row("entry over the size limit in zip", { big },
        u"entry 'big.bin' is 3.0 MiB, over the limit of 1.0 MiB for one file"_s, "zip", smallEntries);

    ArchiveLimits smallTotal;
    smallTotal.maxTotalBytes = 5 << 20;
    TestEntry second = big;
    second.path = "second.bin";
    row("total over the limit", { big, second },
        u"The archive evil.tar unpacks to more than 5.0 MiB, the limit for one archive"_s, "pax", smallTotal);
}

void TestHostileArchives::refused()
{
    QFETCH(QList<TestEntry>, entries);
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, filter);
    QFETCH(ArchiveLimits, limits);
    QFETCH(QString, error);

    const QStringList before = listTree(m_sandbox.path());
    bool skipped = false;
    const ExtractResult result = run(entries, format, filter, limits, &skipped);
    if (skipped)
        QSKIP("this libarchive cannot write such an archive");

    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().startsWith(error),
             qPrintable(u"got: "_s + result.error.message() + u"\nwanted: "_s + error));
    QVERIFY(result.folderPath.isEmpty());
    QCOMPARE(stagingFolders(), QStringList());
    // Only the archive itself appeared: nothing in the target, nothing outside it.
    QStringList after = listTree(m_sandbox.path());
    after.removeIf([](const QString &line) { return line.startsWith(u"archives/evil.tar "); });
    QStringList expected = before;
    expected.removeIf([](const QString &line) { return line.startsWith(u"archives/evil.tar "); });
    QCOMPARE(after, expected);
}

void TestHostileArchives::sanitisedPermissionsAndOwners()
{
    const QStringList outsideBefore = listTree(m_outside);
    bool skipped = false;
    const ExtractResult result = run({ folderEntry("shared/", 01777), folderEntry("group/", 02775),
                                       fileEntry("shared/setuid", "#!/bin/sh\n", 04755),
                                       fileEntry("group/setgid", "g", 02755), fileEntry("unreadable", "u", 0000) },
                                     "pax", {}, ArchiveLimits(), &skipped);
    QVERIFY(!skipped);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    const auto modeOf = [&](const QString &name) {
        struct stat st;
        if (::lstat(QFile::encodeName(result.folderPath + u'/' + name).constData(), &st) != 0)
            return mode_t(-1);
        return st.st_mode;
    };
    for (const QString &name : { u"shared"_s, u"group"_s, u"shared/setuid"_s, u"group/setgid"_s, u"unreadable"_s }) {
        QVERIFY2(modeOf(name) != mode_t(-1), qPrintable(name));
        QCOMPARE(modeOf(name) & mode_t(S_ISUID | S_ISGID | S_ISVTX), mode_t(0));
    }
    QVERIFY(modeOf(u"shared/setuid"_s) & S_IXUSR);
    QCOMPARE(modeOf(u"unreadable"_s) & 0700, mode_t(0600));  // the owner can always read it
    struct stat st;
    QCOMPARE(::lstat(QFile::encodeName(result.folderPath + u"/shared/setuid").constData(), &st), 0);
    QCOMPARE(st.st_uid, ::getuid());  // the archive's owner 4242 is not applied
    QCOMPARE(listTree(m_outside), outsideBefore);
    QCOMPARE(stagingFolders(), QStringList());
}

void TestHostileArchives::sameKindDuplicatesAndInsideLinks()
{
    const QStringList outsideBefore = listTree(m_outside);
    bool skipped = false;
    const ExtractResult result = run({ fileEntry("dup.txt", "first"), fileEntry("dup.txt", "second"),
                                       folderEntry("d/"), folderEntry("d/"), fileEntry("d/a.txt", "a"),
                                       hardlinkEntry("d/b.txt", "d/a.txt"), symlinkEntry("d/up", ".."),
                                       symlinkEntry("d/up", "../dup.txt"), symlinkEntry("d/self", ".") },
                                     "pax", {}, ArchiveLimits(), &skipped);
    QVERIFY(!skipped);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    const QString root = result.folderPath;
    QFile dup(root + u"/dup.txt");
    QVERIFY(dup.open(QIODevice::ReadOnly));
    QCOMPARE(dup.readAll(), "second");  // tar's rule: the last copy wins
    struct stat a, b;
    QCOMPARE(::lstat(QFile::encodeName(root + u"/d/a.txt").constData(), &a), 0);
    QCOMPARE(::lstat(QFile::encodeName(root + u"/d/b.txt").constData(), &b), 0);
    QCOMPARE(a.st_ino, b.st_ino);
    QCOMPARE(QFileInfo(root + u"/d/up").symLinkTarget(), root + u"/dup.txt");
    QCOMPARE(listTree(m_outside), outsideBefore);
    QCOMPARE(stagingFolders(), QStringList());
}

QTEST_GUILESS_MAIN(TestHostileArchives)
#include "tst_hostilearchives.moc"
