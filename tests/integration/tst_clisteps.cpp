// ferry-cli's processing flags end to end (--extract, --decompress, --hash, --thumbnail, --verify): the
// real binary against the TestServer in this process, and on local files and folders made here.
#include "support/archivemaker.h"
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "util/hasher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry::Test;
using Ferry::HashAlgorithm;
using Ferry::Hasher;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray hexOf(const QByteArray &data, HashAlgorithm algorithm) { return Hasher::hash(data, algorithm).toHex(); }

const QList<QPair<QByteArray, QByteArray>> &sampleEntries()
{
    static const QList<QPair<QByteArray, QByteArray>> entries{
        { "a.txt"_ba, "alpha\n"_ba }, { "sub/b.bin"_ba, randomBytes(50000, 7) } };
    return entries;
}

// The extracted folder holds exactly the sample entries.
bool hasSampleFiles(const QString &folder, QString *why)
{
    const QStringList expected{ u"a.txt"_s, u"sub/b.bin"_s };
    if (listFilesRecursively(folder) != expected) {
        *why = u"files in %1: %2"_s.arg(folder, listFilesRecursively(folder).join(u", "_s));
        return false;
    }
    for (const auto &[name, data] : sampleEntries()) {
        if (fileContents(QDir(folder).filePath(QString::fromUtf8(name))) != data) {
            *why = u"wrong content of "_s + QString::fromUtf8(name);
            return false;
        }
    }
    return true;
}

} // namespace

#define RUN_CLI(run)                                                                              \
    do {                                                                                          \
        QVERIFY2((run).waitForFinished(), qPrintable(u"did not finish: "_s + (run).describe())); \
    } while (false)

class TestCliSteps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void extractDownload();
    void extractLocalArchive();
    void hashLocalFolder();
    void hashJsonDownload();
    void decompressDownload();
    void thumbnailLocalFolder();
    void convertLocalFolder();
    void verifyLocalFile_data();
    void verifyLocalFile();
    void usageErrors_data();
    void usageErrors();
    void missingPathFails();
    void hostileArchiveIsRefused();

private:
    QString path(const QString &name) const { return m_tmp->filePath(name); }
    QString outDir() const { return path(u"out"_s); }

    TestServer m_server;
    std::unique_ptr<QTemporaryDir> m_tmp;
};

void TestCliSteps::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(u"FERRY_CLI is not set to ferry-cli: "_s + cliPath()));
    QVERIFY(m_server.listen());
}

void TestCliSteps::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    QVERIFY(QDir().mkpath(outDir()));
    QVERIFY(QDir().mkpath(path(u"src"_s)));
}

void TestCliSteps::cleanup()
{
    m_tmp.reset();
}

void TestCliSteps::extractDownload()
{
    const QString archivePath = path(u"src/photos.tar.gz"_s);
    const QString problem = writeArchive(archivePath, "paxr", "gzip", sampleEntries());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QByteArray body = fileContents(archivePath);
    m_server.setResource(u"/x/photos.tar.gz"_s, Resource(body));

    CliRun run({ u"--json"_s, u"-d"_s, outDir(), u"--extract"_s, m_server.url(u"/x/photos.tar.gz"_s).toString() });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(fileContents(QDir(outDir()).filePath(u"photos.tar.gz"_s)), body); // the archive is kept
    QString why;
    QVERIFY2(hasSampleFiles(QDir(outDir()).filePath(u"photos"_s), &why), qPrintable(why));
    QList<QJsonObject> lines;
    QByteArray jsonProblem;
    QVERIFY2(run.jsonLines(&lines, &jsonProblem), jsonProblem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(QFileInfo(lines.first().value("extracted"_L1).toString()).canonicalFilePath(),
             QFileInfo(QDir(outDir()).filePath(u"photos"_s)).canonicalFilePath());
}

void TestCliSteps::extractLocalArchive()
{
    const QString archivePath = path(u"src/pack.tar.xz"_s);
    const QString problem = writeArchive(archivePath, "paxr", "xz", sampleEntries());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // No -d: the folder appears beside the archive.
    CliRun run({ u"--extract"_s, archivePath });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QString why;
    QVERIFY2(hasSampleFiles(path(u"src/pack"_s), &why), qPrintable(why));
    QVERIFY(QFileInfo::exists(archivePath));
    QCOMPARE(listFilesRecursively(outDir()), QStringList());
}

void TestCliSteps::hashLocalFolder()
{
    const QString folder = path(u"src/tree"_s);
    QVERIFY(QDir().mkpath(folder + u"/deep"_s));
    const QMap<QString, QByteArray> files{ { u"one.txt"_s, "one"_ba },
                                           { u"deep/two.bin"_s, randomBytes(3 * 1024 * 1024 + 5, 3) },
                                           { u"empty"_s, QByteArray() } };
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        QVERIFY(writeFile(QDir(folder).filePath(it.key()), it.value()));

    CliRun run({ u"--hash"_s, u"sha256"_s, folder });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QMap<QString, QByteArray> printed; // absolute path -> hex
    for (const QByteArray &line : run.out().split('\n')) {
        if (line.isEmpty())
            continue;
        const qsizetype gap = line.indexOf("  ");
        QVERIFY2(gap == 64, line.constData());
        printed.insert(QString::fromLocal8Bit(line.mid(gap + 2)), line.left(gap));
    }
    QCOMPARE(printed.size(), files.size());
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString file = QFileInfo(QDir(folder).filePath(it.key())).absoluteFilePath();
        QVERIFY2(printed.contains(file), qPrintable(file));
        QCOMPARE(printed.value(file), hexOf(it.value(), HashAlgorithm::Sha256));
    }
}

void TestCliSteps::hashJsonDownload()
{
    const QByteArray body = randomBytes(200000, 9);
    m_server.setResource(u"/h/data.bin"_s, Resource(body));
    CliRun run({ u"--json"_s, u"-d"_s, outDir(), u"--hash"_s, u"sha256,md5"_s, u"--hash"_s, u"sha512"_s,
                 m_server.url(u"/h/data.bin"_s).toString() });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData()); // no sha256sum lines mixed in
    QCOMPARE(lines.size(), 1);
    const QJsonObject hashes = lines.first().value("hashes"_L1).toObject();
    QCOMPARE(hashes.value("sha256"_L1).toString().toLatin1(), hexOf(body, HashAlgorithm::Sha256));
    QCOMPARE(hashes.value("md5"_L1).toString().toLatin1(), hexOf(body, HashAlgorithm::Md5));
    QCOMPARE(hashes.value("sha512"_L1).toString().toLatin1(), hexOf(body, HashAlgorithm::Sha512));
    QCOMPARE(lines.first().value("sha256"_L1).toString().toLatin1(), hexOf(body, HashAlgorithm::Sha256));
}

void TestCliSteps::decompressDownload()
{
    const QByteArray text = QByteArray("line of text\n").repeated(20000);
    const QString gz = path(u"src/notes.txt.gz"_s);
    const QString problem = writeArchive(gz, "raw", "gzip", { { "notes.txt"_ba, text } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    m_server.setResource(u"/d/notes.txt.gz"_s, Resource(fileContents(gz)));

    CliRun run({ u"-d"_s, outDir(), u"--decompress"_s, m_server.url(u"/d/notes.txt.gz"_s).toString() });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"notes.txt"_s, u"notes.txt.gz"_s }));
    QCOMPARE(fileContents(QDir(outDir()).filePath(u"notes.txt"_s)), text);
}

void TestCliSteps::thumbnailLocalFolder()
{
    const QString folder = path(u"src/pics"_s);
    QVERIFY(QDir().mkpath(folder));
    QImage wide(200, 100, QImage::Format_RGB32);
    wide.fill(Qt::red);
    QImage tall(90, 300, QImage::Format_RGB32);
    tall.fill(Qt::blue);
    QVERIFY(wide.save(QDir(folder).filePath(u"wide.png"_s)));
    QVERIFY(tall.save(QDir(folder).filePath(u"tall.png"_s)));
    QVERIFY(writeFile(QDir(folder).filePath(u"readme.txt"_s), "not an image"_ba));

    CliRun run({ u"--thumbnail"_s, u"64"_s, folder });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    const QString thumbs = QDir(folder).filePath(u"thumbnails"_s);
    const QStringList made = QDir(thumbs).entryList(QDir::Files, QDir::Name);
    QCOMPARE(made.size(), 2);
    for (const QString &name : made) {
        QImageReader reader(QDir(thumbs).filePath(name));
        const QSize size = reader.size();
        QVERIFY2(size.isValid(), qPrintable(name + u": "_s + reader.errorString()));
        QCOMPARE(qMax(size.width(), size.height()), 64);
    }
}

void TestCliSteps::convertLocalFolder()
{
    const QString folder = path(u"src/convert"_s);
    QVERIFY(QDir().mkpath(folder));
    QImage wide(200, 100, QImage::Format_RGB32);
    wide.fill(Qt::green);
    QVERIFY(wide.save(QDir(folder).filePath(u"wide.png"_s)));

    CliRun run({ u"--convert"_s, u"BMP"_s, folder });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QImageReader reader(QDir(folder).filePath(u"converted/wide.bmp"_s));
    QCOMPARE(reader.format(), QByteArray("bmp"));
    QCOMPARE(reader.size(), QSize(200, 100));  // converted, not resized
}

void TestCliSteps::verifyLocalFile_data()
{
    QTest::addColumn<bool>("good");
    QTest::newRow("good sidecar") << true;
    QTest::newRow("bad sidecar") << false;
}

void TestCliSteps::verifyLocalFile()
{
    QFETCH(bool, good);
    const QByteArray data = randomBytes(100000, 4);
    const QString file = path(u"src/image.iso"_s);
    QVERIFY(writeFile(file, data));
    const QByteArray digest = hexOf(good ? data : "something else"_ba, HashAlgorithm::Sha256);
    QVERIFY(writeFile(file + u".sha256"_s, digest + "  image.iso\n"));

    CliRun run({ u"--verify"_s, file });
    RUN_CLI(run);
    if (good) {
        QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
        QCOMPARE(fileContents(file), data);
    } else {
        QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
        QVERIFY2(run.err().contains(file), qPrintable(run.describe()));
        QVERIFY(!QFileInfo::exists(file)); // never left under its name as if it were good
        QCOMPARE(fileContents(file + u".ferry-mismatch"_s), data);
    }
}

void TestCliSteps::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("thumbnail abc") << QStringList{ u"--thumbnail"_s, u"abc"_s };
    QTest::newRow("thumbnail 0") << QStringList{ u"--thumbnail"_s, u"0"_s };
    QTest::newRow("hash nope") << QStringList{ u"--hash"_s, u"nope"_s };
    QTest::newRow("convert nope") << QStringList{ u"--convert"_s, u"nope"_s };
    QTest::newRow("hash list with nope") << QStringList{ u"--hash"_s, u"sha256,nope"_s };
}

void TestCliSteps::usageErrors()
{
    QFETCH(QStringList, arguments);
    const QString file = path(u"src/x.bin"_s);
    QVERIFY(writeFile(file, "x"_ba));
    CliRun run(arguments << file);
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 2, qPrintable(run.describe()));
    QVERIFY2(run.err().startsWith(u"ferry-cli: "_s), qPrintable(run.describe()));
    QVERIFY(run.out().isEmpty());
    QCOMPARE(listFilesRecursively(path(u"src"_s)), QStringList{ u"x.bin"_s });
}

void TestCliSteps::missingPathFails()
{
    const QString file = path(u"src/ok.txt"_s);
    QVERIFY(writeFile(file, "ok"_ba));
    const QString missing = path(u"src/missing.txt"_s);
    CliRun run({ u"--hash"_s, u"sha1"_s, missing, file });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QVERIFY2(run.err().contains(missing), qPrintable(run.describe()));
    // The good input is still processed.
    QCOMPARE(run.out(), hexOf("ok"_ba, HashAlgorithm::Sha1) + "  " + QFile::encodeName(file) + "\n");
}

void TestCliSteps::hostileArchiveIsRefused()
{
    const QString archivePath = path(u"src/evil.tar.gz"_s);
    const QString problem = writeArchive(archivePath, "paxr", "gzip",
                                         { { "fine.txt"_ba, "fine"_ba }, { "../evil"_ba, "gotcha"_ba } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    CliRun run({ u"--json"_s, u"-d"_s, outDir(), u"--extract"_s, archivePath });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QVERIFY2(run.err().contains(u"../evil"_s), qPrintable(run.describe()));
    QList<QJsonObject> lines;
    QByteArray jsonProblem;
    QVERIFY2(run.jsonLines(&lines, &jsonProblem), jsonProblem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("status"_L1).toString(), u"failed"_s);
    QVERIFY(lines.first().value("error"_L1).toString().contains(u"../evil"_s));
    // Nothing outside the target (nor a half-extracted folder inside it).
    QCOMPARE(listFilesRecursively(m_tmp->path(), true), (QStringList{ u"out/"_s, u"src/"_s, u"src/evil.tar.gz"_s }));
}

QTEST_GUILESS_MAIN(TestCliSteps)
#include "tst_clisteps.moc"
