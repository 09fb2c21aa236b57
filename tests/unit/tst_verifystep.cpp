#include "steps/verifystep.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Content = "the bytes the user expects\n"_ba;
const QByteArray Other = "some other bytes\n"_ba;

QByteArray sha256Hex(const QByteArray &data)
{
    return Hasher::hash(data, HashAlgorithm::Sha256).toHex();
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

class tst_VerifyStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void givenDigest_data();
    void givenDigest();
    void badGivenDigest_data();
    void badGivenDigest();
    void mismatchMovesAside();
    void mismatchNeverOverwrites();
    void mismatchKeptWhenAsked();
    void checksumFiles_data();
    void checksumFiles();
    void checksumFileMissingName();
    void noChecksumFile();
    void explicitChecksumFile();
    void notAFile_data();
    void notAFile();
    void cancel();

private:
    VerifyResult run(const VerifyParams &params)
    {
        QFuture<VerifyResult> future = QtConcurrent::run(&m_pool, verifyStep, params);
        future.waitForFinished();
        m_lastProgress = future.progressValue();
        return future.resultCount() == 1 ? future.result() : VerifyResult {};
    }

    QThreadPool m_pool;
    QTemporaryDir m_root;
    QString m_dir; // a fresh folder per test function / row
    QString m_file; // m_dir/file.iso holding Content
    int m_lastProgress = -1;
    int m_counter = 0;
};

void tst_VerifyStep::initTestCase()
{
    QVERIFY(m_root.isValid());
    m_pool.setMaxThreadCount(2);
}

void tst_VerifyStep::init()
{
    m_dir = m_root.filePath(QString::number(++m_counter));
    m_file = m_dir + u"/file.iso"_s;
    QVERIFY(writeFile(m_file, Content));
}

void tst_VerifyStep::givenDigest_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("algorithm");
    QTest::newRow("sha256 lower") << QString::fromLatin1(sha256Hex(Content)) << int(HashAlgorithm::Sha256);
    QTest::newRow("sha256 upper, blanks") << u"  "_s + QString::fromLatin1(sha256Hex(Content)).toUpper()
            + u"\n"_s << int(HashAlgorithm::Sha256);
    QTest::newRow("sha256: prefix") << u"SHA-256:"_s + QString::fromLatin1(sha256Hex(Content))
                                    << int(HashAlgorithm::Sha256);
    QTest::newRow("md5 by length") << QString::fromLatin1(Hasher::hash(Content, HashAlgorithm::Md5).toHex())
                                   << int(HashAlgorithm::Md5);
    QTest::newRow("sha1 by length") << QString::fromLatin1(Hasher::hash(Content, HashAlgorithm::Sha1).toHex())
                                    << int(HashAlgorithm::Sha1);
    QTest::newRow("sha512 by length")
        << QString::fromLatin1(Hasher::hash(Content, HashAlgorithm::Sha512).toHex())
        << int(HashAlgorithm::Sha512);
}

void tst_VerifyStep::givenDigest()
{
    QFETCH(QString, expected);
    QFETCH(int, algorithm);
    VerifyParams params;
    params.path = m_file;
    params.expected = expected;
    const VerifyResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QVERIFY(result.matches());
    QCOMPARE(int(result.algorithm), algorithm);
    QCOMPARE(result.actual, Hasher::hash(Content, HashAlgorithm(algorithm)));
    QCOMPARE(result.path, m_file);
    QVERIFY(result.checksumFile.isEmpty());
    QCOMPARE(m_lastProgress, 1000);
    QCOMPARE(entries(m_dir), QStringList { u"file.iso"_s });
}

void tst_VerifyStep::badGivenDigest_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("algorithm"); // -1: none given
    QTest::addColumn<QString>("messagePart");
    const QString sha256 = QString::fromLatin1(sha256Hex(Content));
    QTest::newRow("not hex") << u"xyz"_s << -1 << u"not hexadecimal"_s;
    QTest::newRow("odd length") << sha256.first(63) << -1 << u"matches no known algorithm"_s;
    QTest::newRow("length and algorithm disagree")
        << sha256 << int(HashAlgorithm::Md5) << u"has 32 hex digits, not 64"_s;
    QTest::newRow("unknown prefix") << u"crc32:"_s + sha256 << -1 << u"Unknown hash algorithm"_s;
    QTest::newRow("prefix and algorithm disagree")
        << u"sha1:"_s + sha256 << int(HashAlgorithm::Sha256) << u"but sha256 was asked for"_s;
}

void tst_VerifyStep::badGivenDigest()
{
    QFETCH(QString, expected);
    QFETCH(int, algorithm);
    QFETCH(QString, messagePart);
    VerifyParams params;
    params.path = m_file;
    params.expected = expected;
    if (algorithm >= 0)
        params.algorithm = HashAlgorithm(algorithm);
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.message()));
    QVERIFY(!result.matches());
    QCOMPARE(entries(m_dir), QStringList { u"file.iso"_s }); // a bad question moves nothing
}

void tst_VerifyStep::mismatchMovesAside()
{
    VerifyParams params;
    params.path = m_file;
    params.expected = QString::fromLatin1(sha256Hex(Other));
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::ChecksumMismatch);
    const QString message = result.error.message();
    QVERIFY2(message.contains(QString::fromLatin1(sha256Hex(Other))), qPrintable(message));
    QVERIFY2(message.contains(QString::fromLatin1(sha256Hex(Content))), qPrintable(message));
    QVERIFY(!result.matches());
    QCOMPARE(result.expected, Hasher::hash(Other, HashAlgorithm::Sha256));
    QCOMPARE(result.actual, Hasher::hash(Content, HashAlgorithm::Sha256));
    // Gone from its final name, kept intact under the mismatch name.
    QVERIFY(!QFile::exists(m_file));
    QCOMPARE(result.path, m_file + u".ferry-mismatch"_s);
    QCOMPARE(readFile(result.path), Content);
    QCOMPARE(entries(m_dir), QStringList { u"file.iso.ferry-mismatch"_s });
}

void tst_VerifyStep::mismatchNeverOverwrites()
{
    // Something already holds the mismatch name: it must stay as it is.
    QVERIFY(writeFile(m_file + u".ferry-mismatch"_s, "earlier"_ba));
    VerifyParams params;
    params.path = m_file;
    params.expected = QString::fromLatin1(sha256Hex(Other));
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::ChecksumMismatch);
    QVERIFY(!QFile::exists(m_file));
    QCOMPARE(readFile(m_file + u".ferry-mismatch"_s), "earlier"_ba);
    QVERIFY2(result.path != m_file + u".ferry-mismatch"_s, qPrintable(result.path));
    QCOMPARE(QFileInfo(result.path).absolutePath(), m_dir);
    QVERIFY2(result.path.endsWith(u".ferry-mismatch"_s), qPrintable(result.path));
    QCOMPARE(readFile(result.path), Content);
    QVERIFY2(result.error.message().contains(QFileInfo(result.path).fileName()),
        qPrintable(result.error.message()));
    QCOMPARE(entries(m_dir).size(), 2);
}

void tst_VerifyStep::mismatchKeptWhenAsked()
{
    VerifyParams params;
    params.path = m_file;
    params.expected = QString::fromLatin1(sha256Hex(Other));
    params.moveAsideOnMismatch = false;
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::ChecksumMismatch);
    QCOMPARE(result.path, m_file);
    QCOMPARE(entries(m_dir), QStringList { u"file.iso"_s });
}

void tst_VerifyStep::checksumFiles_data()
{
    QTest::addColumn<QString>("listName");
    QTest::addColumn<QByteArray>("listContent");
    QTest::addColumn<bool>("good");
    const QByteArray good = sha256Hex(Content);
    const QByteArray bad = sha256Hex(Other);
    QTest::newRow("name.sha256, GNU line") << u"file.iso.sha256"_s << good + "  file.iso\n" << true;
    QTest::newRow("name.sha256, bare digest") << u"file.iso.sha256"_s << good + "\n" << true;
    QTest::newRow("name.sha256, upper case bare digest") << u"file.iso.sha256"_s << good.toUpper() << true;
    QTest::newRow("name.sha256, other name (renamed file)")
        << u"file.iso.sha256"_s << good + " *old-name.iso\n"
        << true;
    QTest::newRow("name.sha256sum, BSD tag")
        << u"file.iso.sha256sum"_s << "SHA256 (file.iso) = " + good + "\n"
        << true;
    QTest::newRow("SHA256SUMS among others")
        << u"SHA256SUMS"_s << bad + "  other.iso\n" + good + "  file.iso\n" + bad + "  third\n"
        << true;
    QTest::newRow("SHA256SUMS, path in the list") << u"SHA256SUMS"_s << good + "  ./images/file.iso\n"
                                                  << true;
    QTest::newRow("sha256sums.txt") << u"sha256sums.txt"_s << good + "  file.iso\n" << true;
    QTest::newRow("name.sha256, mismatch") << u"file.iso.sha256"_s << bad + "  file.iso\n" << false;
    QTest::newRow("SHA256SUMS, mismatch") << u"SHA256SUMS"_s << good + "  other.iso\n" + bad + "  file.iso\n"
                                          << false;
}

void tst_VerifyStep::checksumFiles()
{
    QFETCH(QString, listName);
    QFETCH(QByteArray, listContent);
    QFETCH(bool, good);
    const QString list = m_dir + u'/' + listName;
    QVERIFY(writeFile(list, listContent));
    VerifyParams params;
    params.path = m_file;
    const VerifyResult result = run(params);
    QCOMPARE(result.checksumFile, list);
    QCOMPARE(result.algorithm, HashAlgorithm::Sha256);
    if (good) {
        QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
        QVERIFY(result.matches());
        QVERIFY(QFile::exists(m_file));
    } else {
        QCOMPARE(result.error.code(), TaskError::Code::ChecksumMismatch);
        QVERIFY(!QFile::exists(m_file));
        QCOMPARE(result.path, m_file + u".ferry-mismatch"_s);
    }
}

void tst_VerifyStep::checksumFileMissingName()
{
    QVERIFY(writeFile(m_dir + u"/SHA256SUMS"_s, sha256Hex(Content) + "  something-else.iso\n"));
    VerifyParams params;
    params.path = m_file;
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(u"No checksum file beside file.iso lists it"_s),
        qPrintable(result.error.message()));
    QVERIFY2(result.error.detail().contains(u"SHA256SUMS does not list file.iso"_s),
        qPrintable(result.error.detail()));
    QVERIFY(result.actual.isEmpty());
    QVERIFY(QFile::exists(m_file)); // unknown is not bad: nothing moves
}

void tst_VerifyStep::noChecksumFile()
{
    QVERIFY(writeFile(m_dir + u"/unrelated.iso.sha256"_s, sha256Hex(Content) + "  unrelated.iso\n"));
    VerifyParams params;
    params.path = m_file;
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(
        result.error.message().contains(u"no checksum file was found"_s), qPrintable(result.error.message()));
    QVERIFY2(result.error.detail().contains(u"file.iso.sha256"_s), qPrintable(result.error.detail()));
    QVERIFY(QFile::exists(m_file));
}

void tst_VerifyStep::explicitChecksumFile()
{
    const QString list = m_dir + u"/lists/SHA512SUMS"_s;
    QVERIFY(writeFile(list, Hasher::hash(Content, HashAlgorithm::Sha512).toHex() + "  file.iso\n"));
    VerifyParams params;
    params.path = m_file;
    params.checksumFile = list;
    VerifyResult result = run(params);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toString()));
    QCOMPARE(result.algorithm, HashAlgorithm::Sha512);
    QCOMPARE(result.checksumFile, list);

    params.checksumFile = m_dir + u"/lists/missing"_s;
    result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(
        result.error.message().contains(u"No checksum for file.iso"_s), qPrintable(result.error.message()));
}

void tst_VerifyStep::notAFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("missing") << u"missing.iso"_s << u"does not exist"_s;
    QTest::newRow("folder") << u"folder"_s << u"is a folder, not a file"_s;
    QTest::newRow("empty") << QString() << u"No file"_s;
}

void tst_VerifyStep::notAFile()
{
    QFETCH(QString, name);
    QFETCH(QString, messagePart);
    QVERIFY(QDir().mkpath(m_dir + u"/folder"_s));
    VerifyParams params;
    params.path = name.isEmpty() ? QString() : m_dir + u'/' + name;
    params.expected = QString::fromLatin1(sha256Hex(Content));
    const VerifyResult result = run(params);
    QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.message()));
    QVERIFY(QFileInfo(m_dir + u"/folder"_s).isDir());
}

void tst_VerifyStep::cancel()
{
    // 256 GiB of holes: reading it all would take minutes, so only a cancelled step ends in time.
    const QString big = m_dir + u"/big.img"_s;
    QFile file(big);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(qint64(256) * 1024 * 1024 * 1024));
    file.close();

    VerifyParams params;
    params.path = big;
    params.expected = QString::fromLatin1(sha256Hex(Content)); // would mismatch and move if read to the end
    QFutureWatcher<VerifyResult> watcher;
    connect(&watcher, &QFutureWatcherBase::progressValueChanged, &watcher, [&](int value) {
        if (value > 0)
            watcher.cancel();
    });
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(QtConcurrent::run(&m_pool, verifyStep, params));
    QVERIFY(finished.wait(60000));
    watcher.waitForFinished();
    QVERIFY(watcher.isCanceled());
    QCOMPARE(watcher.future().resultCount(), 0);
    QVERIFY(QFile::exists(big)); // a cancel is not a verdict: nothing moved
    QVERIFY(QFile::remove(big));
}

QTEST_GUILESS_MAIN(tst_VerifyStep)
#include "tst_verifystep.moc"
