#include "steps/hashstep.h"
#include "util/checksumfile.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>
#include <sys/stat.h>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

const QList<HashAlgorithm> AllAlgorithms
    = { HashAlgorithm::Sha256, HashAlgorithm::Sha512, HashAlgorithm::Sha1, HashAlgorithm::Md5 };
// Holes read as zeros and cost no disk. So big that reading it all would take many minutes: a step that
// ignored the cancel would outlast the wait below, and a cancelled future alone cannot show that
// (it drops the late result and progress by itself).
constexpr qint64 SparseSize = qint64(256) * 1024 * 1024 * 1024;

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(generator.generate() & 0xff);
    return data;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class tst_HashStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void multiAlgorithm_data();
    void multiAlgorithm();
    void emptyFile();
    void folder();
    void errors_data();
    void errors();
    void cancelBigFile();
    void sha256Sums();
    void sha256SumsEscapes();
    void sha256SumsCancelWritesNothing();
    void sha256SumsErrors();

private:
    template<typename Result, typename Params>
    QFuture<Result> start(void (*step)(QPromise<Result> &, const Params &), const Params &params)
    {
        return QtConcurrent::run(&m_pool, step, params);
    }
    template<typename Result> static Result wait(QFuture<Result> future)
    {
        future.waitForFinished();
        return future.resultCount() == 1 ? future.result() : Result {};
    }
    // Starts a step and cancels it once it has reported progress; true when it ended cancelled,
    // without a result and short of 1000 per mille.
    template<typename Result> static bool cancelMidway(QFuture<Result> future);

    QThreadPool m_pool;
    QTemporaryDir m_dir;
};

void tst_HashStep::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pool.setMaxThreadCount(2);
}

void tst_HashStep::multiAlgorithm_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<qint64>("chunk");
    // Around the chunk size, where a reader's off-by-one shows; 64 KiB is the smallest chunk allowed.
    QTest::newRow("one byte") << qsizetype(1) << qint64(64 * 1024);
    QTest::newRow("chunk - 1") << qsizetype(64 * 1024 - 1) << qint64(64 * 1024);
    QTest::newRow("chunk") << qsizetype(64 * 1024) << qint64(64 * 1024);
    QTest::newRow("chunk + 1") << qsizetype(64 * 1024 + 1) << qint64(64 * 1024);
    QTest::newRow("5 MiB, default chunk") << qsizetype(5 * 1024 * 1024 + 7) << FileDigester::DefaultChunkSize;
}

void tst_HashStep::multiAlgorithm()
{
    QFETCH(qsizetype, size);
    QFETCH(qint64, chunk);
    const QByteArray data = randomBytes(size, quint32(size));
    const QString path = m_dir.filePath(u"multi-%1.bin"_s.arg(size));
    QVERIFY(writeFile(path, data));

    HashParams params;
    params.path = path;
    params.algorithms
        = AllAlgorithms + QList<HashAlgorithm> { HashAlgorithm::Sha256 }; // a duplicate is harmless
    params.chunkSize = chunk;
    QFuture<HashResult> future = start(hashStep, params);
    const HashResult result = wait(future);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(future.progressValue(), 1000);
    QCOMPARE(result.files.size(), 1);
    const FileDigests &file = result.files.first();
    QCOMPARE(file.path, QFileInfo(path).absoluteFilePath());
    QCOMPARE(file.relativePath, QFileInfo(path).fileName());
    QCOMPARE(file.size, qint64(size));
    QCOMPARE(result.totalBytes, qint64(size));
    QCOMPARE(file.digests.size(), AllAlgorithms.size());
    for (HashAlgorithm algorithm : AllAlgorithms)
        QCOMPARE(file.digest(algorithm).toHex(), Hasher::hash(data, algorithm).toHex());
}

void tst_HashStep::emptyFile()
{
    const QString path = m_dir.filePath(u"empty"_s);
    QVERIFY(writeFile(path, {}));
    HashParams params;
    params.path = path;
    params.algorithms = AllAlgorithms;
    const HashResult result = wait(start(hashStep, params));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.files.size(), 1);
    QCOMPARE(result.files.first().size, 0);
    QCOMPARE(result.files.first().digest(HashAlgorithm::Sha256).toHex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_ba);
    for (HashAlgorithm algorithm : AllAlgorithms)
        QCOMPARE(result.files.first().digest(algorithm), Hasher::hash({}, algorithm));
}

void tst_HashStep::folder()
{
    const QString root = m_dir.filePath(u"tree"_s);
    const QMap<QString, QByteArray> files = {
        { u"b.txt"_s, "bee"_ba },
        { u"a.txt"_s, "ay"_ba },
        { u"sub/deeper/z.bin"_s, randomBytes(300 * 1024, 7) },
        { u"sub/c.txt"_s, {} },
        { u".hidden/h"_s, "hidden"_ba },
    };
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        QVERIFY(writeFile(root + u'/' + it.key(), it.value()));
    // Not regular files: skipped, and a FIFO must not hang the walk.
    QVERIFY(QFile::link(root + u"/a.txt"_s, root + u"/link-to-a"_s));
    QVERIFY(QFile::link(root + u"/sub"_s, root + u"/link-to-sub"_s));
    QCOMPARE(::mkfifo(QFile::encodeName(root + u"/fifo"_s).constData(), 0600), 0);
    QVERIFY(QDir().mkpath(root + u"/empty-folder"_s));

    HashParams params;
    params.path = root + u"/"_s; // a trailing slash names the same folder
    params.algorithms = { HashAlgorithm::Sha256, HashAlgorithm::Md5 };
    QFuture<HashResult> future = start(hashStep, params);
    const HashResult result = wait(future);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(future.progressValue(), 1000);

    QStringList names;
    qint64 total = 0;
    for (const FileDigests &file : result.files) {
        names.append(file.relativePath);
        QCOMPARE(file.path, root + u'/' + file.relativePath);
        const QByteArray data = files.value(file.relativePath);
        QCOMPARE(file.size, qint64(data.size()));
        QCOMPARE(file.digest(HashAlgorithm::Sha256), Hasher::hash(data, HashAlgorithm::Sha256));
        QCOMPARE(file.digest(HashAlgorithm::Md5), Hasher::hash(data, HashAlgorithm::Md5));
        total += file.size;
    }
    const QStringList expected
        = { u".hidden/h"_s, u"a.txt"_s, u"b.txt"_s, u"sub/c.txt"_s, u"sub/deeper/z.bin"_s };
    QCOMPARE(names, expected);
    QCOMPARE(result.totalBytes, total);
}

void tst_HashStep::errors_data()
{
    QTest::addColumn<QString>("name"); // made by the test below
    QTest::addColumn<bool>("folderAllowed");
    QTest::addColumn<bool>("noAlgorithm");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("messagePart");
    const int invalid = int(TaskError::Code::InvalidInput);
    QTest::newRow("missing file") << u"missing"_s << true << false << invalid << u"does not exist"_s;
    QTest::newRow("missing parent") << u"nowhere/missing"_s << true << false << invalid
                                    << u"does not exist"_s;
    QTest::newRow("folder where a file was expected")
        << u"a-folder"_s << false << false << invalid << u"is a folder, not a file"_s;
    QTest::newRow("fifo") << u"a-fifo"_s << true << false << invalid << u"not a regular file"_s;
    QTest::newRow("no algorithm") << u"a-file"_s << true << true << invalid << u"No hash algorithm"_s;
    QTest::newRow("empty path") << QString() << true << false << invalid << u"No file"_s;
}

void tst_HashStep::errors()
{
    QFETCH(QString, name);
    QFETCH(bool, folderAllowed);
    QFETCH(bool, noAlgorithm);
    QFETCH(int, code);
    QFETCH(QString, messagePart);
    const QString errors = m_dir.filePath(u"errors"_s);
    QVERIFY(QDir().mkpath(errors + u"/a-folder"_s));
    QVERIFY(writeFile(errors + u"/a-file"_s, "x"_ba));
    if (!QFileInfo::exists(errors + u"/a-fifo"_s))
        QCOMPARE(::mkfifo(QFile::encodeName(errors + u"/a-fifo"_s).constData(), 0600), 0);

    HashParams params;
    params.path = name.isEmpty() ? QString() : errors + u'/' + name;
    params.folderAllowed = folderAllowed;
    if (noAlgorithm)
        params.algorithms.clear();
    QFuture<HashResult> future = start(hashStep, params);
    future.waitForFinished();
    QVERIFY(!future.isCanceled());
    QCOMPARE(future.resultCount(), 1);
    const HashResult result = future.result();
    QCOMPARE(int(result.error.code()), code);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.message()));
    if (!name.isEmpty() && !noAlgorithm)
        QVERIFY2(result.error.message().contains(name), qPrintable(result.error.message()));
    QVERIFY(result.files.isEmpty());
}

template<typename Result> bool tst_HashStep::cancelMidway(QFuture<Result> future)
{
    QFutureWatcher<Result> watcher;
    // Cancels on the first progress report, while the step is still reading.
    connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [&](int value) {
        if (value > 0)
            watcher.cancel();
    });
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!finished.wait(60000)) {
        qWarning("the step did not end after the cancel");
        return false;
    }
    future.waitForFinished();
    if (!future.isCanceled() || future.resultCount() != 0) {
        qWarning("not cancelled: canceled=%d results=%d", future.isCanceled(), future.resultCount());
        return false;
    }
    if (future.progressValue() >= 1000) {
        qWarning("the step read to the end before noticing the cancel");
        return false;
    }
    return true;
}

void tst_HashStep::cancelBigFile()
{
    const QString path = m_dir.filePath(u"sparse.bin"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(SparseSize));
    file.close();

    HashParams params;
    params.path = path;
    // SHA-256 alone: the first per-mille (256 MiB) comes soon, and the whole file would take minutes.
    params.algorithms = { HashAlgorithm::Sha256 };
    QVERIFY(cancelMidway(start(hashStep, params)));
    QVERIFY(QFile::remove(path));
}

void tst_HashStep::sha256Sums()
{
    const QString root = m_dir.filePath(u"sums"_s);
    QVERIFY(writeFile(root + u"/one.txt"_s, "one\n"_ba));
    QVERIFY(writeFile(root + u"/dir/two.bin"_s, randomBytes(100000, 2)));
    QVERIFY(writeFile(root + u"/with space.txt"_s, "space"_ba));
    QVERIFY(writeFile(root + u"/SHA256SUMS"_s, "an earlier list that must not list itself\n"_ba));

    Sha256SumsParams params;
    params.folder = root;
    QFuture<Sha256SumsResult> future = start(sha256SumsStep, params);
    const Sha256SumsResult result = wait(future);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.path, root + u"/SHA256SUMS"_s);
    QCOMPARE(result.files.size(), 3);

    QFile list(result.path);
    QVERIFY(list.open(QIODevice::ReadOnly));
    const QByteArray content = list.readAll();
    const QByteArray expected = Hasher::hash("space", HashAlgorithm::Sha256).toHex() + "  with space.txt\n";
    QVERIFY2(content.endsWith(expected), content.constData());
    const QByteArray first
        = Hasher::hash(randomBytes(100000, 2), HashAlgorithm::Sha256).toHex() + "  dir/two.bin\n";
    QVERIFY2(content.startsWith(first), content.constData());
    QVERIFY(!content.contains("SHA256SUMS"));
    QCOMPARE(entries(root), QStringList({ u"SHA256SUMS"_s, u"dir"_s, u"one.txt"_s, u"with space.txt"_s }));

    // The list reads back with Ferry's parser and with coreutils itself.
    const ChecksumFile parsed = ChecksumFile::parse(content);
    QVERIFY(parsed.errors().isEmpty());
    QCOMPARE(parsed.entries().size(), 3);
    const QString sha256sum = QStandardPaths::findExecutable(u"sha256sum"_s);
    if (sha256sum.isEmpty())
        QSKIP("sha256sum is not installed");
    QProcess check;
    check.setWorkingDirectory(root);
    check.start(sha256sum, { u"--check"_s, u"--strict"_s, u"SHA256SUMS"_s });
    QVERIFY(check.waitForFinished(30000));
    QCOMPARE(check.exitCode(), 0);
}

void tst_HashStep::sha256SumsEscapes()
{
    const QString root = m_dir.filePath(u"escapes"_s);
    const QString backslash = u"back\\slash.txt"_s;
    const QString newline = u"new\nline.txt"_s;
    QVERIFY(writeFile(root + u'/' + backslash, "b"_ba));
    QVERIFY(writeFile(root + u'/' + newline, "n"_ba));
    QVERIFY(writeFile(root + u"/plain.txt"_s, "p"_ba));

    Sha256SumsParams params;
    params.folder = root;
    const Sha256SumsResult result = wait(start(sha256SumsStep, params));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QFile list(result.path);
    QVERIFY(list.open(QIODevice::ReadOnly));
    const QByteArray content = list.readAll();
    const QByteArray expected = '\\' + Hasher::hash("b", HashAlgorithm::Sha256).toHex()
        + "  back\\\\slash.txt\n" + '\\' + Hasher::hash("n", HashAlgorithm::Sha256).toHex()
        + "  new\\nline.txt\n" + Hasher::hash("p", HashAlgorithm::Sha256).toHex() + "  plain.txt\n";
    QCOMPARE(content, expected);

    const ChecksumFile parsed = ChecksumFile::parse(content);
    QVERIFY(parsed.errors().isEmpty());
    QVERIFY(parsed.find(newline).has_value());
    QCOMPARE(parsed.find(backslash)->digest, Hasher::hash("b", HashAlgorithm::Sha256));

    const QString sha256sum = QStandardPaths::findExecutable(u"sha256sum"_s);
    if (sha256sum.isEmpty())
        QSKIP("sha256sum is not installed");
    QProcess check;
    check.setWorkingDirectory(root);
    check.start(sha256sum, { u"--check"_s, u"--strict"_s, u"SHA256SUMS"_s });
    QVERIFY(check.waitForFinished(30000));
    QCOMPARE(check.exitCode(), 0);
}

void tst_HashStep::sha256SumsCancelWritesNothing()
{
    const QString root = m_dir.filePath(u"sums-cancel"_s);
    QVERIFY(writeFile(root + u"/a.txt"_s, "a"_ba));
    QFile big(root + u"/big.bin"_s);
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(SparseSize));
    big.close();

    Sha256SumsParams params;
    params.folder = root;
    QVERIFY(cancelMidway(start(sha256SumsStep, params)));
    // No list, and no temporary file of one.
    QCOMPARE(entries(root), QStringList({ u"a.txt"_s, u"big.bin"_s }));
    QVERIFY(QFile::remove(root + u"/big.bin"_s));
}

void tst_HashStep::sha256SumsErrors()
{
    const QString root = m_dir.filePath(u"sums-errors"_s);
    QVERIFY(writeFile(root + u"/a.txt"_s, "a"_ba));
    Sha256SumsParams params;

    params.folder = root + u"/a.txt"_s;
    Sha256SumsResult result = wait(start(sha256SumsStep, params));
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"is not a folder"_s), qPrintable(result.error.message()));

    params.folder = root;
    params.fileName = u"../SHA256SUMS"_s;
    result = wait(start(sha256SumsStep, params));
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"not a plain file name"_s), qPrintable(result.error.message()));

    // A symlink planted under the list's name is neither followed nor replaced.
    const QString victim = m_dir.filePath(u"victim"_s);
    QVERIFY(writeFile(victim, "keep me"_ba));
    QVERIFY(QFile::link(victim, root + u"/SHA256SUMS"_s));
    params.fileName = u"SHA256SUMS"_s;
    result = wait(start(sha256SumsStep, params));
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"symbolic link"_s), qPrintable(result.error.message()));
    QFile kept(victim);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), "keep me"_ba);
    QVERIFY(QFileInfo(root + u"/SHA256SUMS"_s).isSymLink());
}

QTEST_GUILESS_MAIN(tst_HashStep)
#include "tst_hashstep.moc"
