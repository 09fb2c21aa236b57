#include "net/contentdecoder.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>
#include <QtEndian>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

// Builds the encodings from qCompress (a 4-byte length + a zlib stream) so the test needs no zlib
// of its own: zlib = 2-byte header + raw deflate + 4-byte Adler-32.
QByteArray zlibWrapped(const QByteArray &data)
{
    return qCompress(data).mid(4);
}

QByteArray rawDeflate(const QByteArray &data)
{
    if (data.isEmpty())
        return QByteArray::fromHex("0300");  // one empty final block; qCompress("") is not a stream
    return zlibWrapped(data).mid(2).chopped(4);
}

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char c : data) {
        crc ^= quint8(c);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray gzipped(const QByteArray &data)
{
    // RFC 1952: magic, CM=8, no flags, no mtime, XFL=0, OS=3 (Unix); deflate data; CRC-32; ISIZE.
    QByteArray out = QByteArray::fromHex("1f8b0800000000000003");
    out += rawDeflate(data);
    char trailer[8];
    qToLittleEndian<quint32>(crc32(data), trailer);
    qToLittleEndian<quint32>(quint32(data.size()), trailer + 4);
    out += QByteArrayView(trailer, 8);
    return out;
}

QByteArray sample()
{
    // Text that compresses well plus random bytes that do not, well over one 64 KiB output chunk.
    QByteArray data;
    for (int i = 0; i < 4000; ++i)
        data += "line " + QByteArray::number(i) + " of a very compressible text body\n";
    QRandomGenerator random(7);
    for (int i = 0; i < 70000; ++i)
        data += char(random.bounded(256));
    return data;
}

// Feeds `input` in pieces of `split` bytes (0: all at once).
bool decodeAll(ContentDecoder &decoder, const QByteArray &input, qsizetype split, QByteArray &output)
{
    if (split <= 0)
        return decoder.decode(input, output);
    for (qsizetype i = 0; i < input.size(); i += split) {
        if (!decoder.decode(QByteArrayView(input).sliced(i, qMin(split, input.size() - i)), output))
            return false;
    }
    return true;
}

} // namespace

class tst_ContentDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void unsupported_data();
    void unsupported();
    void roundTrip_data();
    void roundTrip();
    void realGzip();
    void multiMember_data();
    void multiMember();
    void trailingGarbageIgnored();
    void truncated_data();
    void truncated();
    void corrupt_data();
    void corrupt();
    void errorIsSticky();
};

void tst_ContentDecoder::names_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<bool>("supported");
    QTest::addColumn<bool>("identity");

    QTest::newRow("gzip") << "gzip"_ba << true << false;
    QTest::newRow("GZIP") << "GZIP"_ba << true << false;
    QTest::newRow("x-gzip") << "x-gzip"_ba << true << false;
    QTest::newRow("deflate") << "deflate"_ba << true << false;
    QTest::newRow("Deflate") << "Deflate"_ba << true << false;
    QTest::newRow("padded") << " gzip "_ba << true << false;
    QTest::newRow("empty") << QByteArray() << false << true;
    QTest::newRow("identity") << "identity"_ba << false << true;
    QTest::newRow("IDENTITY") << "IDENTITY"_ba << false << true;
    QTest::newRow("br") << "br"_ba << false << false;
    QTest::newRow("zstd") << "zstd"_ba << false << false;
    QTest::newRow("compress") << "compress"_ba << false << false;
    QTest::newRow("chain") << "gzip, br"_ba << false << false;
}

void tst_ContentDecoder::names()
{
    QFETCH(QByteArray, encoding);
    QFETCH(bool, supported);
    QFETCH(bool, identity);

    QCOMPARE(ContentDecoder::isSupported(encoding), supported);
    QCOMPARE(ContentDecoder::isIdentity(encoding), identity);
    QCOMPARE(ContentDecoder(encoding).isValid(), supported);
}

void tst_ContentDecoder::unsupported_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("br") << "br"_ba;
    QTest::newRow("zstd") << "zstd"_ba;
}

void tst_ContentDecoder::unsupported()
{
    QFETCH(QByteArray, encoding);
    ContentDecoder decoder(encoding);
    QVERIFY(!decoder.isValid());
    QByteArray output;
    QVERIFY(!decoder.decode("data", output));
    QVERIFY(output.isEmpty());
    QVERIFY(!decoder.isFinished());
    QVERIFY(!decoder.errorString().isEmpty());
}

void tst_ContentDecoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<qsizetype>("split");

    const QByteArray data = sample();
    const QByteArray tiny = "hello"_ba;
    const struct {
        const char *name;
        QByteArray encoding;
        QByteArray (*encode)(const QByteArray &);
    } kinds[] = {
        {"gzip", "gzip"_ba, gzipped},
        {"x-gzip", "x-gzip"_ba, gzipped},
        {"deflate-zlib", "deflate"_ba, zlibWrapped},
        {"deflate-raw", "deflate"_ba, rawDeflate},
    };
    for (const auto &kind : kinds) {
        for (const qsizetype split : {qsizetype(0), qsizetype(1), qsizetype(7), qsizetype(4096)}) {
            QTest::addRow("%s/split%lld", kind.name, qlonglong(split))
                    << kind.encoding << kind.encode(data) << data << split;
        }
        QTest::addRow("%s/tiny/split1", kind.name) << kind.encoding << kind.encode(tiny) << tiny << qsizetype(1);
    }
    QTest::newRow("gzip/empty") << "gzip"_ba << gzipped({}) << QByteArray() << qsizetype(0);
    QTest::newRow("gzip/empty/split1") << "gzip"_ba << gzipped({}) << QByteArray() << qsizetype(1);
    QTest::newRow("deflate-raw/empty") << "deflate"_ba << rawDeflate({}) << QByteArray() << qsizetype(1);
    // gzip decoding detects a zlib header too; some servers label zlib data as gzip.
    QTest::newRow("gzip-labelled-zlib") << "gzip"_ba << zlibWrapped(data) << data << qsizetype(0);
}

void tst_ContentDecoder::roundTrip()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, expected);
    QFETCH(qsizetype, split);

    ContentDecoder decoder(encoding);
    QVERIFY(decoder.isValid());
    QVERIFY(!decoder.isFinished());
    QByteArray output = "prefix:"_ba;  // decode appends
    QVERIFY2(decodeAll(decoder, encoded, split, output), qPrintable(decoder.errorString()));
    QCOMPARE(output.size(), expected.size() + 7);
    QVERIFY(output == QByteArray("prefix:"_ba + expected));
    QVERIFY(decoder.isFinished());
    QVERIFY(decoder.errorString().isEmpty());
}

void tst_ContentDecoder::realGzip()
{
    const QString gzip = QStandardPaths::findExecutable(u"gzip"_s);
    if (gzip.isEmpty())
        QSKIP("gzip not installed");
    const QByteArray data = sample();
    QProcess process;
    process.start(gzip, {u"-c"_s, u"-n"_s, u"-9"_s});
    QVERIFY(process.waitForStarted());
    process.write(data);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitCode(), 0);
    const QByteArray encoded = process.readAllStandardOutput();
    QVERIFY(encoded.startsWith("\x1f\x8b"));

    for (const qsizetype split : {qsizetype(0), qsizetype(1), qsizetype(1000)}) {
        ContentDecoder decoder("gzip");
        QByteArray output;
        QVERIFY2(decodeAll(decoder, encoded, split, output), qPrintable(decoder.errorString()));
        QVERIFY(output == data);
        QVERIFY(decoder.isFinished());
    }
}

void tst_ContentDecoder::multiMember_data()
{
    QTest::addColumn<qsizetype>("split");
    QTest::newRow("whole") << qsizetype(0);
    QTest::newRow("split1") << qsizetype(1);
    QTest::newRow("split3") << qsizetype(3);
    QTest::newRow("split4096") << qsizetype(4096);
}

void tst_ContentDecoder::multiMember()
{
    QFETCH(qsizetype, split);
    // What `cat a.gz b.gz` produces; gunzip outputs both.
    const QByteArray a = sample();
    const QByteArray b = "second member\n"_ba;
    const QByteArray encoded = QByteArray(gzipped(a) + gzipped(b) + gzipped({}) + gzipped(a));

    ContentDecoder decoder("gzip");
    QByteArray output;
    QVERIFY2(decodeAll(decoder, encoded, split, output), qPrintable(decoder.errorString()));
    QCOMPARE(output.size(), 2 * a.size() + b.size());
    QVERIFY(output == QByteArray(a + b + a));
    QVERIFY(decoder.isFinished());
}

void tst_ContentDecoder::trailingGarbageIgnored()
{
    // Like gunzip: bytes after a complete member that do not start another one are ignored.
    for (const qsizetype split : {qsizetype(0), qsizetype(1)}) {
        ContentDecoder decoder("gzip");
        QByteArray output;
        QVERIFY(decodeAll(decoder, QByteArray(gzipped("abc") + QByteArray(5, '\0')), split, output));
        QCOMPARE(output, "abc"_ba);
        QVERIFY(decoder.isFinished());
    }
    ContentDecoder deflate("deflate");
    QByteArray output;
    QVERIFY(deflate.decode(QByteArray(zlibWrapped("abc") + "junk"), output));
    QCOMPARE(output, "abc"_ba);
    QVERIFY(deflate.isFinished());
}

void tst_ContentDecoder::truncated_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("encoded");

    const QByteArray data = sample();
    const QByteArray gz = gzipped(data);
    QTest::newRow("gzip-no-trailer") << "gzip"_ba << gz.chopped(8);
    QTest::newRow("gzip-half-trailer") << "gzip"_ba << gz.chopped(3);
    QTest::newRow("gzip-half") << "gzip"_ba << gz.first(gz.size() / 2);
    QTest::newRow("gzip-header-only") << "gzip"_ba << gz.first(10);
    QTest::newRow("gzip-one-byte") << "gzip"_ba << gz.first(1);
    QTest::newRow("gzip-nothing") << "gzip"_ba << QByteArray();
    QTest::newRow("zlib-no-adler") << "deflate"_ba << zlibWrapped(data).chopped(4);
    QTest::newRow("raw-half") << "deflate"_ba << rawDeflate(data).first(rawDeflate(data).size() / 2);
    QTest::newRow("deflate-one-byte") << "deflate"_ba << zlibWrapped(data).first(1);
    // A second member that stops after its first byte is truncated too.
    QTest::newRow("gzip-second-member-cut") << "gzip"_ba << QByteArray(gz + gz.first(1));
    QTest::newRow("gzip-second-member-half") << "gzip"_ba << QByteArray(gz + gz.first(gz.size() / 2));
}

void tst_ContentDecoder::truncated()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, encoded);

    for (const qsizetype split : {qsizetype(0), qsizetype(1)}) {
        ContentDecoder decoder(encoding);
        QByteArray output;
        QVERIFY2(decodeAll(decoder, encoded, split, output), qPrintable(decoder.errorString()));
        QVERIFY(!decoder.isFinished());
    }
}

void tst_ContentDecoder::corrupt_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<QByteArray>("encoded");

    const QByteArray data = sample();
    QByteArray badMethod = gzipped(data);
    badMethod[2] = 7;
    QByteArray badCrc = gzipped(data);
    badCrc[badCrc.size() - 6] ^= 0x5a;
    QByteArray badLength = gzipped(data);
    badLength[badLength.size() - 2] ^= 0x01;
    QByteArray badAdler = zlibWrapped(data);
    badAdler[badAdler.size() - 1] ^= 0x01;
    const QByteArray badBlockType = QByteArray(QByteArray::fromHex("07") + "rest of it");  // BTYPE=11 is reserved

    QTest::newRow("gzip-bad-method") << "gzip"_ba << badMethod;
    QTest::newRow("gzip-bad-crc") << "gzip"_ba << badCrc;
    QTest::newRow("gzip-bad-length") << "gzip"_ba << badLength;
    QTest::newRow("gzip-not-compressed") << "gzip"_ba << "plain text, not gzip at all"_ba;
    QTest::newRow("zlib-bad-adler") << "deflate"_ba << badAdler;
    QTest::newRow("raw-reserved-block") << "deflate"_ba << badBlockType;
    QTest::newRow("second-member-bad-crc") << "gzip"_ba << QByteArray(gzipped("ok"_ba) + badCrc);
}

void tst_ContentDecoder::corrupt()
{
    QFETCH(QByteArray, encoding);
    QFETCH(QByteArray, encoded);

    for (const qsizetype split : {qsizetype(0), qsizetype(1)}) {
        ContentDecoder decoder(encoding);
        QByteArray output;
        QVERIFY(!decodeAll(decoder, encoded, split, output));
        QVERIFY(!decoder.errorString().isEmpty());
        QVERIFY(!decoder.isFinished());
    }
}

void tst_ContentDecoder::errorIsSticky()
{
    ContentDecoder decoder("gzip");
    QByteArray output;
    QVERIFY(!decoder.decode("not gzip", output));
    const QString error = decoder.errorString();
    QVERIFY(!error.isEmpty());
    // Valid data afterwards does not revive a failed stream.
    QVERIFY(!decoder.decode(gzipped("abc"), output));
    QCOMPARE(decoder.errorString(), error);
    QVERIFY(!output.contains("abc"));
}

QTEST_GUILESS_MAIN(tst_ContentDecoder)
#include "tst_contentdecoder.moc"
