#include "net/partialfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

using namespace Ferry;

class TestPartialFile : public QObject
{
    Q_OBJECT

private:
    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void folderIsCreated()
    {
        QTemporaryDir tmp;
        TargetFolder folder(tmp.filePath(QStringLiteral("a/b/c")));
        QVERIFY(!folder.open().isError());
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("a/b/c"))).isDir());
        QVERIFY(folder.freeBytes() > 0);
    }

    void folderThatIsAFileFails()
    {
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("file")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        TargetFolder folder(tmp.filePath(QStringLiteral("file")));
        const TaskError e = folder.open();
        QVERIFY(e.isError());
        QVERIFY2(e.message().contains(tmp.filePath(QStringLiteral("file"))), qPrintable(e.toString()));
    }

    void largeWriteLandsWholeAtItsOffset()
    {
        // A write is split into several system calls (so the kernel can hand the core to the GUI
        // thread between them): every byte must still land in order at its offset.
        QTemporaryDir tmp;
        TargetFolder folder(tmp.path());
        QVERIFY(!folder.open().isError());
        PartialFile p;
        TaskError e;
        QCOMPARE(p.open(folder, QStringLiteral("big.part"), PartialFile::OpenMode::CreateNew, &e),
                 PartialFile::OpenResult::Opened);
        QByteArray data(3 * 1024 * 1024 + 17, Qt::Uninitialized);
        for (qsizetype i = 0; i < data.size(); ++i)
            data[i] = char((i * 7 + i / 4093) & 0xff);
        qint64 written = 0;
        QVERIFY(!p.write(100, data.constData(), data.size(), &written).isError());
        QCOMPARE(written, data.size());
        QCOMPARE(p.size(), 100 + data.size());
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("big.part"))), QByteArray(100, '\0') + data);
    }

    void createWriteAndReopen()
    {
        QTemporaryDir tmp;
        TargetFolder folder(tmp.path());
        QVERIFY(!folder.open().isError());
        PartialFile p;
        TaskError e;
        QCOMPARE(p.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::CreateNew, &e),
                 PartialFile::OpenResult::Opened);
        QVERIFY(!p.write(5, "world", 5).isError());
        QVERIFY(!p.write(0, "hello", 5).isError());
        QCOMPARE(p.size(), 10);
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("x.part"))), QByteArray("helloworld"));

        // Another PartialFile cannot take it while it is locked, nor create it anew.
        PartialFile other;
        QCOMPARE(other.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::OpenExisting, &e),
                 PartialFile::OpenResult::Busy);
        QCOMPARE(other.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::CreateNew, &e),
                 PartialFile::OpenResult::Exists);
        p.close();
        QCOMPARE(other.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::OpenExisting, &e),
                 PartialFile::OpenResult::Opened);
        QVERIFY(!other.truncate(3).isError());
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("x.part"))), QByteArray("hel"));
        QCOMPARE(other.open(folder, QStringLiteral("missing"), PartialFile::OpenMode::OpenExisting, &e),
                 PartialFile::OpenResult::Missing);
    }

    void plantedSymlinkIsNeverFollowed()
    {
        QTemporaryDir tmp;
        QTemporaryDir outside;
        const QString victim = outside.filePath(QStringLiteral("victim"));
        QFile v(victim);
        QVERIFY(v.open(QIODevice::WriteOnly));
        v.write("precious");
        v.close();
        QVERIFY(QFile::link(victim, tmp.filePath(QStringLiteral("x.part"))));

        TargetFolder folder(tmp.path());
        QVERIFY(!folder.open().isError());
        PartialFile p;
        TaskError e;
        QCOMPARE(p.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::CreateNew, &e),
                 PartialFile::OpenResult::Exists);
        QCOMPARE(p.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::OpenExisting, &e),
                 PartialFile::OpenResult::Busy);
        QCOMPARE(readAll(victim), QByteArray("precious"));
    }

    void fifoIsNotOurs()
    {
        QTemporaryDir tmp;
        QCOMPARE(::mkfifo(QFile::encodeName(tmp.filePath(QStringLiteral("x.part"))).constData(), 0600), 0);
        TargetFolder folder(tmp.path());
        QVERIFY(!folder.open().isError());
        PartialFile p;
        TaskError e;
        QCOMPARE(p.open(folder, QStringLiteral("x.part"), PartialFile::OpenMode::OpenExisting, &e),
                 PartialFile::OpenResult::Busy);
    }

    void publishNeverReplaces()
    {
        QTemporaryDir tmp;
        QTemporaryDir outside;
        TargetFolder folder(tmp.path());
        QVERIFY(!folder.open().isError());
        auto make = [&](const QString &name, const QByteArray &content) {
            QFile f(tmp.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        };
        make(QStringLiteral("a.tar.gz"), "old");
        make(QStringLiteral("p1"), "new1");
        make(QStringLiteral("p2"), "new2");
        // A symlink planted at the next candidate must be skipped, not replaced or followed.
        const QString victim = outside.filePath(QStringLiteral("victim"));
        QFile victimFile(victim);
        QVERIFY(victimFile.open(QIODevice::WriteOnly));
        victimFile.write("x");
        victimFile.close();
        QVERIFY(QFile::link(victim, tmp.filePath(QStringLiteral("a (1).tar.gz"))));

        QString published;
        QVERIFY(!folder.publish(QStringLiteral("p1"), QStringLiteral("a.tar.gz"), &published).isError());
        QCOMPARE(published, QStringLiteral("a (2).tar.gz"));
        QVERIFY(!folder.publish(QStringLiteral("p2"), QStringLiteral("a.tar.gz"), &published).isError());
        QCOMPARE(published, QStringLiteral("a (3).tar.gz"));
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("a.tar.gz"))), QByteArray("old"));
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("a (2).tar.gz"))), QByteArray("new1"));
        QCOMPARE(readAll(tmp.filePath(QStringLiteral("a (3).tar.gz"))), QByteArray("new2"));
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("a (1).tar.gz"))).isSymLink());
        QCOMPARE(readAll(victim), QByteArray("x"));
        QVERIFY(!folder.exists(QStringLiteral("p1")));

        const TaskError missing = folder.publish(QStringLiteral("nope"), QStringLiteral("b"), &published);
        QCOMPARE(missing.code(), TaskError::Code::FileSystem);
    }

    void errnoMapping_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<TaskError::Code>("code");
        QTest::newRow("ENOSPC") << ENOSPC << TaskError::Code::DiskFull;
        QTest::newRow("EDQUOT") << EDQUOT << TaskError::Code::DiskFull;
        QTest::newRow("EFBIG") << EFBIG << TaskError::Code::DiskFull;
        QTest::newRow("EACCES") << EACCES << TaskError::Code::Permission;
        QTest::newRow("EROFS") << EROFS << TaskError::Code::Permission;
        QTest::newRow("EIO") << EIO << TaskError::Code::FileSystem;
    }
    void errnoMapping()
    {
        QFETCH(int, err);
        QFETCH(TaskError::Code, code);
        const TaskError e = PartialFile::errorFromErrno(err, QStringLiteral("/some/file"));
        QCOMPARE(e.code(), code);
        QVERIFY(e.message().contains(QStringLiteral("/some/file")));
        QVERIFY(!e.detail().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPartialFile)
#include "tst_partialfile.moc"
