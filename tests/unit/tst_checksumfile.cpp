#include "util/checksumfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

// Digests of the empty input, handy because they are well known.
const QByteArray md5Hex = "d41d8cd98f00b204e9800998ecf8427e"_ba;
const QByteArray sha1Hex = "da39a3ee5e6b4b0d3255bfef95601890afd80709"_ba;
const QByteArray sha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_ba;
const QByteArray sha512Hex = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                             "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"_ba;
const QByteArray otherSha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"_ba;

} // namespace

class TestChecksumFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validLine_data();
    void validLine();
    void invalidLine_data();
    void invalidLine();
    void expectedAlgorithm_data();
    void expectedAlgorithm();
    void wholeFile();
    void errorsNameTheLine();
    void find_data();
    void find();
    void load();
    void loadFailures();
};

void TestChecksumFile::validLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<HashAlgorithm>("algorithm");
    QTest::addColumn<QByteArray>("hex");

    const auto sha256 = HashAlgorithm::Sha256;
    QTest::newRow("text mode") << sha256Hex + "  file.iso" << u"file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("binary mode") << sha256Hex + " *file.iso" << u"file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("single space") << sha256Hex + " file.iso" << u"file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("tab") << sha256Hex + "\tfile.iso" << u"file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("upper-case hex") << sha256Hex.toUpper() + "  file.iso" << u"file.iso"_s << sha256
                                    << sha256Hex;
    QTest::newRow("leading blanks") << "  \t" + sha256Hex + "  file.iso" << u"file.iso"_s << sha256
                                    << sha256Hex;
    QTest::newRow("spaces in name") << sha256Hex + "  my file (1).iso" << u"my file (1).iso"_s << sha256
                                    << sha256Hex;
    QTest::newRow("name starting with a space") << sha256Hex + "   x" << u" x"_s << sha256 << sha256Hex;
    QTest::newRow("trailing space kept") << sha256Hex + "  x " << u"x "_s << sha256 << sha256Hex;
    QTest::newRow("name starting with star") << sha256Hex + " **x" << u"*x"_s << sha256 << sha256Hex;
    QTest::newRow("path") << sha256Hex + "  ./dist/file.iso" << u"./dist/file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("utf-8 name") << sha256Hex + "  caf\xc3\xa9.txt" << u"caf\u00e9.txt"_s << sha256
                                << sha256Hex;
    QTest::newRow("stdin") << sha256Hex + "  -" << u"-"_s << sha256 << sha256Hex;

    QTest::newRow("md5 by length") << md5Hex + "  a" << u"a"_s << HashAlgorithm::Md5 << md5Hex;
    QTest::newRow("sha1 by length") << sha1Hex + "  a" << u"a"_s << HashAlgorithm::Sha1 << sha1Hex;
    QTest::newRow("sha512 by length") << sha512Hex + "  a" << u"a"_s << HashAlgorithm::Sha512 << sha512Hex;

    QTest::newRow("escaped backslash") << "\\" + sha256Hex + "  a\\\\b" << u"a\\b"_s << sha256 << sha256Hex;
    QTest::newRow("escaped newline") << "\\" + sha256Hex + " *a\\nb\\rc" << u"a\nb\rc"_s << sha256
                                     << sha256Hex;
    QTest::newRow("escaped without escapes")
        << "\\" + sha256Hex + "  plain" << u"plain"_s << sha256 << sha256Hex;
    QTest::newRow("unescaped backslash kept") << sha256Hex + "  a\\nb" << u"a\\nb"_s << sha256 << sha256Hex;

    QTest::newRow("bsd") << "SHA256 (file.iso) = " + sha256Hex << u"file.iso"_s << sha256 << sha256Hex;
    QTest::newRow("bsd md5") << "MD5 (file.iso) = " + md5Hex << u"file.iso"_s << HashAlgorithm::Md5 << md5Hex;
    QTest::newRow("bsd sha1") << "SHA1 (a) = " + sha1Hex << u"a"_s << HashAlgorithm::Sha1 << sha1Hex;
    QTest::newRow("bsd sha512") << "SHA512 (a) = " + sha512Hex << u"a"_s << HashAlgorithm::Sha512
                                << sha512Hex;
    QTest::newRow("bsd lower-case tag") << "sha256 (a) = " + sha256Hex << u"a"_s << sha256 << sha256Hex;
    QTest::newRow("openssl style") << "SHA256(a b)= " + sha256Hex << u"a b"_s << sha256 << sha256Hex;
    QTest::newRow("bsd tricky name") << "SHA256 (a) = (b) = c) = " + sha256Hex << u"a) = (b) = c"_s << sha256
                                     << sha256Hex;
    QTest::newRow("bsd escaped") << "\\SHA256 (a\\nb) = " + sha256Hex << u"a\nb"_s << sha256 << sha256Hex;
}

void TestChecksumFile::validLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, name);
    QFETCH(HashAlgorithm, algorithm);
    QFETCH(QByteArray, hex);

    // Every line form must work with and without a final newline, and with CRLF.
    for (const QByteArray &content : QList<QByteArray> { line, line + '\n', line + "\r\n" }) {
        const auto file = ChecksumFile::parse(content);
        QCOMPARE(file.errors(), QStringList());
        QCOMPARE(file.entries().size(), 1);
        const ChecksumEntry entry = file.entries().constFirst();
        QCOMPARE(entry.fileName, name);
        QCOMPARE(entry.algorithm, algorithm);
        QCOMPARE(entry.digest, QByteArray::fromHex(hex));
        QCOMPARE(entry.digest.size(), hex.size() / 2);
    }
}

void TestChecksumFile::invalidLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error"); // a part of the message

    QTest::newRow("short digest") << sha256Hex.chopped(1) + "  a" << u"63 hex digits"_s;
    QTest::newRow("long digest") << sha256Hex + "0  a" << u"65 hex digits"_s;
    QTest::newRow("odd length") << "abc  a"_ba << u"matches no known algorithm"_s;
    QTest::newRow("not hex") << "zz" + sha256Hex.sliced(2) + "  a" << u"not a checksum line"_s;
    QTest::newRow("no name") << sha256Hex + "  " << u"no file name"_s;
    QTest::newRow("binary marker and no name") << sha256Hex + " *" << u"no file name"_s;
    // Found by fuzz_checksumfile: QString::fromUtf8 drops a leading BOM, leaving no name at all.
    QTest::newRow("name of only a BOM") << "\\" + sha256Hex + "  \xEF\xBB\xBF" << u"no file name"_s;
    QTest::newRow("no separator") << sha256Hex << u"not a checksum line"_s;
    QTest::newRow("garbage") << "hello world"_ba << u"not a checksum line"_s;
    QTest::newRow("bad escape") << "\\" + sha256Hex + "  a\\tb" << u"unknown escape"_s;
    QTest::newRow("lone backslash") << "\\" + sha256Hex + "  a\\" << u"lone backslash"_s;
    QTest::newRow("bsd unknown algorithm") << "WHIRLPOOL (a) = " + sha256Hex << u"unknown algorithm"_s;
    QTest::newRow("bsd length mismatch") << "SHA512 (a) = " + sha256Hex << u"sha512 digest has 128"_s;
    QTest::newRow("bsd md5 length mismatch") << "MD5 (a) = " + sha1Hex << u"md5 digest has 32"_s;
    QTest::newRow("bsd no name") << "SHA256 () = " + sha256Hex << u"no file name"_s;
    QTest::newRow("bsd no digest") << "SHA256 (a) = "_ba << u"not hexadecimal"_s;
    QTest::newRow("bsd bad digest") << "SHA256 (a) = xyz"_ba << u"not hexadecimal"_s;
    QTest::newRow("bsd no parenthesis") << "SHA256 a = " + sha256Hex << u"not a checksum line"_s;
    QTest::newRow("bsd unclosed") << "SHA256 (a = " + sha256Hex << u"not a checksum line"_s;
    QTest::newRow("bsd no tag") << "(a) = " + sha256Hex << u"not a checksum line"_s;
}

void TestChecksumFile::invalidLine()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);

    const auto file = ChecksumFile::parse(line);
    QVERIFY(file.entries().isEmpty());
    QCOMPARE(file.errors().size(), 1);
    QVERIFY2(file.errors().constFirst().startsWith(u"line 1: "_s), qPrintable(file.errors().constFirst()));
    QVERIFY2(file.errors().constFirst().contains(error), qPrintable(file.errors().constFirst()));
}

void TestChecksumFile::expectedAlgorithm_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<HashAlgorithm>("expected");
    QTest::addColumn<bool>("valid");

    QTest::newRow("sha256 as expected") << sha256Hex + "  a" << HashAlgorithm::Sha256 << true;
    QTest::newRow("md5 where sha256 expected") << md5Hex + "  a" << HashAlgorithm::Sha256 << false;
    QTest::newRow("sha512 where sha256 expected") << sha512Hex + "  a" << HashAlgorithm::Sha256 << false;
    QTest::newRow("sha1 as expected") << sha1Hex + "  a" << HashAlgorithm::Sha1 << true;
    QTest::newRow("bsd tag as expected") << "SHA256 (a) = " + sha256Hex << HashAlgorithm::Sha256 << true;
    QTest::newRow("bsd tag differs") << "MD5 (a) = " + md5Hex << HashAlgorithm::Sha256 << false;
}

void TestChecksumFile::expectedAlgorithm()
{
    QFETCH(QByteArray, line);
    QFETCH(HashAlgorithm, expected);
    QFETCH(bool, valid);

    const auto file = ChecksumFile::parse(line, expected);
    QCOMPARE(file.entries().size(), valid ? 1 : 0);
    QCOMPARE(file.errors().size(), valid ? 0 : 1);
    if (valid)
        QCOMPARE(file.entries().constFirst().algorithm, expected);
}

void TestChecksumFile::wholeFile()
{
    const QByteArray content = "\xEF\xBB\xBF# SHA256SUMS for release 1.0\n"
                               "\n"
        + sha256Hex
        + "  one.iso\r\n"
          "   \t  \n"
          "  # an indented comment\n"
        + otherSha256.toUpper()
        + " *two words.tar.gz\n"
          "SHA512 (three) = "
        + sha512Hex + "\n" + md5Hex + "  four\n";
    const auto file = ChecksumFile::parse(content);
    QCOMPARE(file.errors(), QStringList());
    const auto entries = file.entries();
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries[0].fileName, u"one.iso"_s);
    QCOMPARE(entries[0].digest, QByteArray::fromHex(sha256Hex));
    QCOMPARE(entries[1].fileName, u"two words.tar.gz"_s);
    QCOMPARE(entries[1].digest, QByteArray::fromHex(otherSha256));
    QCOMPARE(entries[2].fileName, u"three"_s);
    QCOMPARE(entries[2].algorithm, HashAlgorithm::Sha512);
    QCOMPARE(entries[3].fileName, u"four"_s);
    QCOMPARE(entries[3].algorithm, HashAlgorithm::Md5);

    QVERIFY(ChecksumFile::parse("").entries().isEmpty());
    QVERIFY(ChecksumFile::parse("").errors().isEmpty());
    QVERIFY(ChecksumFile::parse("\n\n# only comments\n").errors().isEmpty());
}

void TestChecksumFile::errorsNameTheLine()
{
    // Bad lines are skipped, the good ones around them kept, and every bad one reported.
    const QByteArray content = "# header\n" + sha256Hex
        + "  good1\n"
          "\n"
        + sha256Hex.chopped(2) + "  bad4\n" + sha256Hex
        + "  good5\n"
          "nonsense\n"
        + sha256Hex + "  good7";
    const auto file = ChecksumFile::parse(content);
    QCOMPARE(file.entries().size(), 3);
    QCOMPARE(file.entries()[2].fileName, u"good7"_s);
    QCOMPARE(file.errors().size(), 2);
    QVERIFY2(file.errors()[0].startsWith(u"line 4: "_s), qPrintable(file.errors()[0]));
    QVERIFY2(file.errors()[1].startsWith(u"line 6: "_s), qPrintable(file.errors()[1]));
}

void TestChecksumFile::find_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<QByteArray>("hex"); // empty: no answer

    QTest::newRow("exact") << u"plain.iso"_s << sha256Hex;
    QTest::newRow("base name of a listed path") << u"nested.iso"_s << otherSha256;
    QTest::newRow("exact path") << u"./dist/nested.iso"_s << otherSha256;
    QTest::newRow("wanted with a path") << u"/home/me/Downloads/plain.iso"_s << sha256Hex;
    QTest::newRow("windows separators") << u"win.zip"_s << md5Hex;
    QTest::newRow("spaces") << u"with space.txt"_s << sha1Hex;
    QTest::newRow("case matters") << u"PLAIN.ISO"_s << QByteArray();
    QTest::newRow("missing") << u"absent.iso"_s << QByteArray();
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("conflicting base names") << u"clash.bin"_s << QByteArray();
    QTest::newRow("agreeing duplicates") << u"twice.bin"_s << sha256Hex;
    QTest::newRow("exact beats base name") << u"a/clash.bin"_s << sha256Hex;
    QTest::newRow("partial name is no match") << u"lain.iso"_s << QByteArray();
}

void TestChecksumFile::find()
{
    QFETCH(QString, wanted);
    QFETCH(QByteArray, hex);

    const QByteArray content = sha256Hex + "  plain.iso\n" + otherSha256 + "  ./dist/nested.iso\n" + md5Hex
        + "  dir\\sub\\win.zip\n" + sha1Hex + "  with space.txt\n" + sha256Hex + "  a/clash.bin\n"
        + otherSha256 + "  b/clash.bin\n" + sha256Hex + "  twice.bin\n" + sha256Hex + "  x/twice.bin\n";
    const auto file = ChecksumFile::parse(content);
    QCOMPARE(file.errors(), QStringList());
    const auto entry = file.find(wanted);
    QCOMPARE(entry.has_value(), !hex.isEmpty());
    if (entry)
        QCOMPARE(entry->digest, QByteArray::fromHex(hex));
}

void TestChecksumFile::load()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"SHA256SUMS"_s);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(sha256Hex + "  file.iso\nbroken line\n");
    out.close();

    QString error;
    const auto file = ChecksumFile::load(path, &error);
    QVERIFY2(file.has_value(), qPrintable(error));
    QCOMPARE(file->entries().size(), 1);
    QCOMPARE(file->errors().size(), 1); // still reported to the caller
    QVERIFY(file->find(u"file.iso"_s).has_value());

    const auto strict = ChecksumFile::load(path, &error, HashAlgorithm::Sha512);
    QVERIFY(!strict.has_value());
    QVERIFY2(error.contains(u"line 1: "_s), qPrintable(error));
}

void TestChecksumFile::loadFailures()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    QString error;
    QVERIFY(!ChecksumFile::load(dir.filePath(u"missing"_s), &error).has_value());
    QVERIFY2(error.contains(u"missing"_s), qPrintable(error));
    QVERIFY(!ChecksumFile::load(dir.filePath(u"missing"_s), nullptr).has_value()); // no crash

    const QString comments = dir.filePath(u"comments"_s);
    QFile out(comments);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("# nothing here\n");
    out.close();
    error.clear();
    QVERIFY(!ChecksumFile::load(comments, &error).has_value());
    QVERIFY2(error.contains(u"no checksums"_s), qPrintable(error));

    // Someone pointed us at the download itself rather than its checksum list.
    const QString big = dir.filePath(u"big.iso"_s);
    QFile bigOut(big);
    QVERIFY(bigOut.open(QIODevice::WriteOnly));
    QVERIFY(bigOut.resize(16 * 1024 * 1024 + 1));
    bigOut.close();
    error.clear();
    QVERIFY(!ChecksumFile::load(big, &error).has_value());
    QVERIFY2(error.contains(u"too large"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestChecksumFile)
#include "tst_checksumfile.moc"
