// hostile-archives: the hostile entries of tests/unit/tst_hostilearchives.cpp and more (zip slip,
// absolute paths, symlink then write-through, hardlinks out, devices, FIFOs, sockets, setuid bits,
// duplicates, ratio and entry-count bombs, 2,000-deep paths) written in every format libarchive can
// write them in. Each archive must be refused with an error naming the entry (or the limit), or
// extracted harmlessly: only regular files, folders and inside symlinks, no setuid/setgid/sticky bits,
// and nothing outside the target changed. Prints one count line; fails on any escape.
#include "suitekit.h"
#include "support/testenv.h"
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

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

struct Entry
{
    QByteArray path;
    mode_t type = AE_IFREG;
    QByteArray data = "x";
    QByteArray link;        // symlink or hardlink target
    bool hardlink = false;
    mode_t mode = 0644;
    qint64 zeros = 0;       // zero bytes after data
    int copies = 1;         // "%1" in path replaced by the copy's index
};

Entry file(const QByteArray &path, mode_t mode = 0644) { Entry e; e.path = path; e.mode = mode; return e; }
Entry folder(const QByteArray &path, mode_t mode = 0755)
{
    Entry e; e.path = path; e.type = AE_IFDIR; e.data.clear(); e.mode = mode; return e;
}
Entry symlinkEntry(const QByteArray &path, const QByteArray &to)
{
    Entry e; e.path = path; e.type = AE_IFLNK; e.data.clear(); e.link = to; e.mode = 0777; return e;
}
Entry hardlink(const QByteArray &path, const QByteArray &to)
{
    Entry e; e.path = path; e.data.clear(); e.link = to; e.hardlink = true; return e;
}
Entry special(const QByteArray &path, mode_t type) { Entry e; e.path = path; e.type = type; e.data.clear(); return e; }

struct Case
{
    const char *name;
    QList<Entry> entries;
    QString mention;   // a refusal's message must contain this
    ArchiveLimits limits;
};

struct Format
{
    const char *format;
    const char *filter;  // "" for none
};

struct WriterFree
{
    void operator()(archive *a) const { archive_write_free(a); }
};

// Empty on success, else why this format cannot hold these entries.
QString writeArchive(const QString &path, const Format &f, const QList<Entry> &entries)
{
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    const auto failed = [a] { return QString::fromUtf8(archive_error_string(a)); };
    if (archive_write_set_format_by_name(a, f.format) != ARCHIVE_OK)
        return failed();
    if (*f.filter && archive_write_add_filter_by_name(a, f.filter) != ARCHIVE_OK)
        return failed();
    if (archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return failed();
    const QByteArray zeros(1 << 20, '\0');
    for (const Entry &e : entries) {
        for (int copy = 0; copy < e.copies; ++copy) {
            archive_entry *entry = archive_entry_new();
            const QByteArray name = e.copies > 1 ? QByteArray(e.path).replace("%1", QByteArray::number(copy)) : e.path;
            archive_entry_copy_pathname(entry, name.constData());
            archive_entry_set_filetype(entry, e.type);
            archive_entry_set_perm(entry, e.mode);
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
            for (qint64 left = hasData ? e.zeros : 0; left > 0; left -= zeros.size())
                if (archive_write_data(a, zeros.constData(), size_t(qMin<qint64>(left, zeros.size()))) < 0)
                    return failed();
        }
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        return failed();
    return {};
}

ExtractResult extract(const ExtractParams &params)
{
    QThreadPool pool;
    QFutureWatcher<ExtractResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::extractArchive, params));
    if (!finished.wait(30000) || watcher.future().resultCount() != 1)
        return { TaskError(TaskError::Code::FileSystem, u"the step did not finish with a result"_s), {}, 0, 0 };
    return watcher.result();
}

// Why an extracted folder is not harmless; empty when it is.
QString harmful(const QString &root)
{
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat st;
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            return u"cannot stat "_s + path;
        if (st.st_mode & (S_ISUID | S_ISGID | S_ISVTX))
            return u"special permission bits on "_s + path;
        if (S_ISLNK(st.st_mode)) {
            const QString resolved = QFileInfo(path).canonicalFilePath();
            const QString target = QFileInfo(path).symLinkTarget();
            if (QFileInfo(target).isAbsolute() && !target.startsWith(canonicalRoot + u'/') && target != canonicalRoot
                && !resolved.isEmpty() && !resolved.startsWith(canonicalRoot))
                return u"a symlink out: "_s + path + u" -> "_s + target;
            if (!resolved.isEmpty() && resolved != canonicalRoot && !resolved.startsWith(canonicalRoot + u'/'))
                return u"a symlink out: "_s + path + u" -> "_s + resolved;
        } else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
            return u"a device, FIFO or socket: "_s + path;
        }
    }
    return {};
}

QList<Case> cases(const QByteArray &outside)
{
    QList<Case> list;
    list.append({ "zip slip", { file("../../outside/evil.txt") }, u"../../outside/evil.txt"_s, {} });
    list.append({ "slip inside a path", { folder("a/"), file("a/../../outside/evil.txt") }, u"a/../../outside/evil.txt"_s, {} });
    list.append({ "slip after dots", { file("./././../outside/evil.txt") }, u"../outside/evil.txt"_s, {} });
    list.append({ "backslash slip", { file("..\\..\\outside\\evil.txt") }, u"outside"_s, {} });
    list.append({ "absolute path", { file(outside + "/evil.txt") }, u"/evil.txt"_s, {} });
    list.append({ "absolute /etc", { file("/etc/ferry-evil") }, u"/etc/ferry-evil"_s, {} });
    list.append({ "symlink out, then write through it",
                  { symlinkEntry("escape", "../../outside"), file("escape/evil.txt") }, u"escape"_s, {} });
    list.append({ "absolute symlink, then write through it",
                  { symlinkEntry("etc", outside), file("etc/evil.txt") }, u"etc"_s, {} });
    list.append({ "inside symlink up, then write through it",
                  { folder("sub/"), symlinkEntry("sub/up", ".."), file("sub/up/evil.txt") }, u"sub/up"_s, {} });
    list.append({ "symlink chain out",
                  { folder("sub/"), symlinkEntry("sub/up", ".."), symlinkEntry("via", "sub/up/..") }, u"via"_s, {} });
    list.append({ "hardlink out", { hardlink("secret", "../outside/secret.txt") }, u"secret"_s, {} });
    list.append({ "hardlink absolute", { hardlink("passwd", "/etc/passwd") }, u"passwd"_s, {} });
    list.append({ "hardlink to a symlink", { symlinkEntry("s", "."), hardlink("copy", "s") }, u"copy"_s, {} });
    list.append({ "character device", { special("null", AE_IFCHR) }, u"null"_s, {} });
    list.append({ "block device", { special("disk", AE_IFBLK) }, u"disk"_s, {} });
    list.append({ "FIFO", { file("before"), special("pipe", AE_IFIFO) }, u"pipe"_s, {} });
    list.append({ "socket", { special("sock", AE_IFSOCK) }, u"sock"_s, {} });
    list.append({ "setuid, setgid and sticky bits",
                  { folder("shared/", 01777), folder("group/", 02775), file("shared/setuid", 04755),
                    file("group/setgid", 02755) }, u"setuid"_s, {} });
    list.append({ "symlink then file", { symlinkEntry("x", "target.txt"), file("x") }, u"'x'"_s, {} });
    list.append({ "file then symlink out", { file("f"), symlinkEntry("f", "../outside/secret.txt") }, u"'f'"_s, {} });
    list.append({ "folder then file", { folder("d/"), file("d/inner"), file("d") }, u"'d'"_s, {} });
    list.append({ "duplicate files", { file("dup.txt"), file("dup.txt") }, u"dup.txt"_s, {} });

    ArchiveLimits bombLimits;
    bombLimits.ratioMinBytes = 1 << 20;
    bombLimits.maxRatio = 50;
    Entry zeros = file("zeros.bin");
    zeros.zeros = 16 << 20;
    list.append({ "ratio bomb", { zeros }, u"limit against archive bombs"_s, bombLimits });
    ArchiveLimits fewEntries;
    fewEntries.maxEntries = 500;
    Entry many = file("many/%1.txt");
    many.copies = 2000;
    list.append({ "entry-count bomb", { many }, u"more than 500 entries"_s, fewEntries });
    QByteArray deep;
    for (int i = 0; i < 2000; ++i)
        deep += "d/";
    list.append({ "2,000 folders deep", { file(deep + "f") }, u"d/d/d/d/"_s, {} });
    list.append({ "300-byte name", { file(QByteArray(300, 'n')) }, u"nnnnnnnn"_s, {} });
    return list;
}

} // namespace

class TestHostileArchiveSuite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyArchiveIsHarmless();
};

void TestHostileArchiveSuite::everyArchiveIsHarmless()
{
    QTemporaryDir sandbox;
    QVERIFY(sandbox.isValid());
    const QString outside = sandbox.filePath(u"outside"_s);
    const QString target = sandbox.filePath(u"target"_s);
    const QString archives = sandbox.filePath(u"archives"_s);
    QVERIFY(QDir().mkpath(outside));
    QVERIFY(QDir().mkpath(archives));
    QFile secret(outside + u"/secret.txt"_s);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("do not touch");
    secret.close();

    const QList<Format> formats = { { "pax", "" }, { "gnutar", "" }, { "pax", "gzip" }, { "pax", "xz" },
                                    { "cpio", "" }, { "newc", "" }, { "zip", "" }, { "7zip", "" } };
    int tried = 0, refused = 0, harmless = 0, escaped = 0, unwritable = 0;
    QStringList problems;
    const QList<Case> all = cases(QFile::encodeName(outside));
    for (const Case &c : all) {
        for (const Format &f : formats) {
            const QString label = u"%1 in %2%3"_s.arg(QString::fromLatin1(c.name), QString::fromLatin1(f.format),
                                                      *f.filter ? u"+"_s + QString::fromLatin1(f.filter) : QString());
            const QString archive = archives + u"/evil-%1.archive"_s.arg(tried + unwritable);
            if (!writeArchive(archive, f, c.entries).isEmpty()) {
                ++unwritable;  // this format cannot hold such an entry: nothing to test
                continue;
            }
            ++tried;
            QVERIFY(QDir(target).removeRecursively());
            QVERIFY(QDir().mkpath(target));
            QStringList before = treeSnapshot(sandbox.path());
            before.removeIf([](const QString &l) { return l.startsWith(u"archives/"_s) || l.startsWith(u"target/"_s); });

            ExtractParams params;
            params.archivePath = archive;
            params.targetFolder = target;
            params.folderName = u"out"_s;
            params.limits = c.limits;
            const ExtractResult result = extract(params);

            QString problem;
            QStringList after = treeSnapshot(sandbox.path());
            after.removeIf([](const QString &l) { return l.startsWith(u"archives/"_s) || l.startsWith(u"target/"_s); });
            const QStringList staging = QDir(target).entryList({ u".ferry-extract-*"_s }, QDir::AllEntries | QDir::Hidden);
            if (after != before) {
                problem = u"outside the target changed:\n"_s + treeDifference(before, after);
            } else if (!staging.isEmpty()) {
                problem = u"a staging folder was left: "_s + staging.join(u", "_s);
            } else if (result.error.isError()) {
                if (result.error.code() != TaskError::Code::InvalidInput)
                    problem = u"refused with an unexpected code: "_s + result.error.toString();
                else if (!result.error.message().contains(c.mention))
                    problem = u"the error does not name '%1': %2"_s.arg(c.mention, result.error.message());
                else if (!QDir(target).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
                    problem = u"a refusal left files in the target"_s;
                else
                    ++refused;
            } else {
                problem = harmful(result.folderPath);
                if (problem.isEmpty())
                    ++harmless;
            }
            if (!problem.isEmpty()) {
                ++escaped;
                problems << label + u": "_s + problem;
            }
            if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
                qDebug("%s: %s", qPrintable(label),
                       qPrintable(result.error.isError() ? result.error.message().left(160) : u"extracted"_s));
            QFile::remove(archive);
        }
    }
    QCOMPARE(fileSha256Hex(outside + u"/secret.txt"_s), sha256Hex("do not touch"));
    qInfo("hostile-archives: %d tried, %d refused naming the entry, %d extracted harmlessly, %d escaped "
          "(%d case/format pairs the format cannot hold)",
          tried, refused, harmless, escaped, unwritable);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestHostileArchiveSuite)
#include "tst_hostilearchives.moc"
