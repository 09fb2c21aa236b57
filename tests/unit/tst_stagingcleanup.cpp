// Staging folders a killed extraction left behind: removed by the next extraction into the same
// folder when their lock is free, kept while a live run (this process or another) holds it, and never
// a path to deleting anything outside through a symlink.

#include "steps/extractstep.h"
#include "steps/stagingfolder.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

#include <archive.h>
#include <archive_entry.h>

using namespace Qt::StringLiterals;
using Ferry::ExtractParams;
using Ferry::ExtractResult;
using Ferry::StagingFolder;
using Ferry::TaskError;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

// A folder like the one a killed run leaves: files and a subfolder inside.
bool makeLeftover(const QString &path)
{
    return QDir().mkpath(path + u"/sub"_s) && writeFile(path + u"/a.txt"_s, "half written")
        && writeFile(path + u"/sub/b.bin"_s, QByteArray(4096, 'x'));
}

// Another process holding `lockPath` with flock, as a live Ferry run does: sh opens and locks fd 9
// and then becomes `cat`, so the process QProcess knows holds the lock until it is killed.
class LockHolder
{
public:
    bool start(const QString &lockPath)
    {
        m_process.start(u"/bin/sh"_s, { u"-c"_s, u"exec 9>\"$1\" && flock -n 9 && echo locked && exec cat"_s,
                                        u"sh"_s, lockPath });
        QSignalSpy ready(&m_process, &QProcess::readyReadStandardOutput);
        return ready.wait(5000) && m_process.readAllStandardOutput().trimmed() == "locked";
    }
    // SIGKILL: the kernel drops the lock, as for a killed ferry-cli.
    bool kill()
    {
        QSignalSpy finished(&m_process, &QProcess::finished);
        m_process.kill();
        return finished.wait(5000);
    }
    ~LockHolder()
    {
        if (m_process.state() != QProcess::NotRunning)
            kill();
    }

private:
    QProcess m_process;
};

struct WriterFree
{
    void operator()(archive *a) const { archive_write_free(a); }
};

bool writeTar(const QString &path)
{
    std::unique_ptr<archive, WriterFree> owner(archive_write_new());
    archive *a = owner.get();
    if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK
        || archive_write_open_filename(a, QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return false;
    archive_entry *entry = archive_entry_new();
    archive_entry_update_pathname_utf8(entry, "hello.txt");
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, 5);
    const bool ok = archive_write_header(a, entry) == ARCHIVE_OK && archive_write_data(a, "hello", 5) == 5;
    archive_entry_free(entry);
    return ok && archive_write_close(a) == ARCHIVE_OK;
}

ExtractResult extract(const ExtractParams &params)
{
    QThreadPool pool;
    QFutureWatcher<ExtractResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&pool, Ferry::extractArchive, params));
    if (!finished.wait(15000) || watcher.future().resultCount() != 1) {
        ExtractResult failed;
        failed.error = TaskError(TaskError::Code::FileSystem, u"the step did not finish with a result"_s);
        return failed;
    }
    return watcher.result();
}

} // namespace

class TestStagingCleanup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir.emplace();
        QVERIFY(m_dir->isValid());
        m_target = m_dir->filePath(u"target"_s);
        m_outside = m_dir->filePath(u"outside"_s);
        QVERIFY(QDir().mkpath(m_target));
        QVERIFY(QDir().mkpath(m_outside));
        QVERIFY(writeFile(m_outside + u"/precious.txt"_s, "keep me"));
    }

    // A run killed with SIGKILL: its lock file stays, its lock goes. The next run removes both.
    void killedRunsFolderIsRemoved()
    {
        const QString leftover = m_target + u"/.ferry-extract-ab12cd"_s;
        QVERIFY(makeLeftover(leftover));
        LockHolder holder;
        QVERIFY(holder.start(leftover + u".lock"_s));
        QVERIFY(holder.kill());

        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QVERIFY(!QFileInfo::exists(leftover));
        QVERIFY(!QFileInfo::exists(leftover + u".lock"_s));
        QCOMPARE(staging.cleanupLog(),
                 QStringList{ u"Removed an abandoned extraction folder .ferry-extract-ab12cd (left by a killed run)"_s });
        QCOMPARE(stagingNames(), QStringList({ QFileInfo(staging.path()).fileName(),
                                               QFileInfo(staging.path()).fileName() + u".lock"_s }));
    }

    // Another process (ferry-cli next to the app) extracting into the same folder holds its lock.
    void otherProcessesLiveFolderIsKept()
    {
        const QString live = m_target + u"/.ferry-extract-0a0b0c"_s;
        QVERIFY(makeLeftover(live));
        LockHolder holder;
        QVERIFY(holder.start(live + u".lock"_s));
        {
            StagingFolder staging;
            QVERIFY(!staging.create(m_target).isError());
            QVERIFY(staging.cleanupLog().isEmpty());
            QCOMPARE(readAll(live + u"/a.txt"_s), QByteArray("half written"));
            QVERIFY(QFileInfo::exists(live + u".lock"_s));
        }
        QVERIFY(holder.kill());  // now it is a killed run's folder
        StagingFolder next;
        QVERIFY(!next.create(m_target).isError());
        QVERIFY(!QFileInfo::exists(live));
        QCOMPARE(next.cleanupLog().size(), 1);
    }

    // Two extractions in one process (two tasks of the app): each keeps its own, and both publish.
    void sameProcessesLiveFolderIsKept()
    {
        StagingFolder first;
        QVERIFY(!first.create(m_target).isError());
        QVERIFY(writeFile(first.path() + u"/one.txt"_s, "1"));
        StagingFolder second;
        QVERIFY(!second.create(m_target).isError());
        QVERIFY(second.cleanupLog().isEmpty());
        QCOMPARE(readAll(first.path() + u"/one.txt"_s), QByteArray("1"));
        QString published;
        QVERIFY(!first.publish(u"first"_s, &published).isError());
        QCOMPARE(readAll(published + u"/one.txt"_s), QByteArray("1"));
        QVERIFY(!second.publish(u"second"_s, &published).isError());
        QVERIFY(stagingNames().isEmpty());  // publishing drops the lock files too
    }

    // A staging-like folder without a lock file is not Ferry's (or predates the locks): left alone.
    void folderWithoutLockIsKept()
    {
        const QString foreign = m_target + u"/.ferry-extract-mine"_s;
        QVERIFY(makeLeftover(foreign));
        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QCOMPARE(readAll(foreign + u"/a.txt"_s), QByteArray("half written"));
    }

    // Killed between taking the lock and making the folder: only the lock file is left.
    void orphanLockIsRemoved()
    {
        QVERIFY(writeFile(m_target + u"/.ferry-extract-123456.lock"_s, {}));
        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QVERIFY(!QFileInfo::exists(m_target + u"/.ferry-extract-123456.lock"_s));
        QCOMPARE(staging.cleanupLog().size(), 1);
    }

    // A leftover holding a symlink to a folder outside: the link goes, the folder it points at stays.
    void symlinkInsideLeftoverIsNotFollowed()
    {
        const QString leftover = m_target + u"/.ferry-extract-c0ffee"_s;
        QVERIFY(makeLeftover(leftover));
        QVERIFY(QFile::link(m_outside, leftover + u"/sub/escape"_s));
        QVERIFY(QFile::link(m_outside + u"/precious.txt"_s, leftover + u"/file-link"_s));
        QVERIFY(writeFile(leftover + u".lock"_s, {}));
        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QVERIFY(!QFileInfo::exists(leftover));
        QCOMPARE(readAll(m_outside + u"/precious.txt"_s), QByteArray("keep me"));
    }

    // Planted: ".ferry-extract-evil" is a symlink to a folder outside, with a free lock beside it.
    // The link itself is removed, never what it points at; a link without a lock is left alone.
    void symlinkNamedLikeStagingIsNotFollowed()
    {
        QVERIFY(QFile::link(m_outside, m_target + u"/.ferry-extract-evil"_s));
        QVERIFY(writeFile(m_target + u"/.ferry-extract-evil.lock"_s, {}));
        QVERIFY(QFile::link(m_outside, m_target + u"/.ferry-extract-evil2"_s));
        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QVERIFY(!QFileInfo(m_target + u"/.ferry-extract-evil"_s).isSymLink());
        QVERIFY(QFileInfo(m_target + u"/.ferry-extract-evil2"_s).isSymLink());
        QCOMPARE(readAll(m_outside + u"/precious.txt"_s), QByteArray("keep me"));
        QCOMPARE(QDir(m_outside).entryList(QDir::Files), QStringList{ u"precious.txt"_s });
    }

    // The lock file itself a symlink (to a file outside): not opened, nothing removed.
    void symlinkedLockIsIgnored()
    {
        const QString leftover = m_target + u"/.ferry-extract-dddddd"_s;
        QVERIFY(makeLeftover(leftover));
        QVERIFY(QFile::link(m_outside + u"/precious.txt"_s, leftover + u".lock"_s));
        StagingFolder staging;
        QVERIFY(!staging.create(m_target).isError());
        QVERIFY(QFileInfo::exists(leftover + u"/a.txt"_s));
        QVERIFY(QFileInfo(leftover + u".lock"_s).isSymLink());
        QCOMPARE(readAll(m_outside + u"/precious.txt"_s), QByteArray("keep me"));
    }

    // Through the step: the cleanup lands on the result's log and the extraction succeeds.
    void extractionLogsTheCleanup()
    {
        const QString leftover = m_target + u"/.ferry-extract-ab12ef"_s;
        QVERIFY(makeLeftover(leftover));
        QVERIFY(writeFile(leftover + u".lock"_s, {}));
        const QString archive = m_dir->filePath(u"hello.tar"_s);
        QVERIFY(writeTar(archive));
        ExtractParams params;
        params.archivePath = archive;
        params.targetFolder = m_target;
        const ExtractResult result = extract(params);
        QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
        QCOMPARE(readAll(result.folderPath + u"/hello.txt"_s), QByteArray("hello"));
        QCOMPARE(result.log,
                 QStringList{ u"Removed an abandoned extraction folder .ferry-extract-ab12ef (left by a killed run)"_s });
        QVERIFY(stagingNames().isEmpty());
    }

private:
    QStringList stagingNames() const
    {
        return QDir(m_target).entryList({ u".ferry-extract-*"_s }, QDir::AllEntries | QDir::Hidden | QDir::System,
                                        QDir::Name);
    }

    std::optional<QTemporaryDir> m_dir;
    QString m_target;
    QString m_outside;
};

QTEST_GUILESS_MAIN(TestStagingCleanup)
#include "tst_stagingcleanup.moc"
