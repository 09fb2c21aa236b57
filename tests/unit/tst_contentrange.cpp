#include "net/contentrange.h"

#include <QTest>

using namespace Qt::StringLiterals;

using namespace Ferry;

class TestContentRange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void length();
    void strongEtag_data();
    void strongEtag();
    void ifRangeValue_data();
    void ifRangeValue();
};

void TestContentRange::parseValid_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("total");

    QTest::newRow("complete") << "bytes 0-499/1234"_ba << 0LL << 499LL << 1234LL;
    QTest::newRow("last byte") << "bytes 1233-1233/1234"_ba << 1233LL << 1233LL << 1234LL;
    QTest::newRow("whole file") << "bytes 0-0/1"_ba << 0LL << 0LL << 1LL;
    QTest::newRow("unknown total") << "bytes 500-999/*"_ba << 500LL << 999LL << -1LL;
    QTest::newRow("unsatisfied") << "bytes */1234"_ba << -1LL << -1LL << 1234LL;
    QTest::newRow("unsatisfied empty file") << "bytes */0"_ba << -1LL << -1LL << 0LL;
    QTest::newRow("unit upper case") << "BYTES 0-1/2"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("unit mixed case") << "Bytes 0-1/2"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("outer whitespace") << " \tbytes 0-1/2 \t"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("several spaces after unit") << "bytes   0-1/2"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("tab after unit") << "bytes\t0-1/2"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("spaces around delimiters") << "bytes 0 - 1 / 2"_ba << 0LL << 1LL << 2LL;
    QTest::newRow("leading zeros") << "bytes 007-010/0100"_ba << 7LL << 10LL << 100LL;
    QTest::newRow("beyond 4 GiB") << "bytes 4294967296-8589934591/8589934592"_ba << 4294967296LL
                                  << 8589934591LL << 8589934592LL;
    QTest::newRow("qint64 max total") << "bytes 0-9223372036854775806/9223372036854775807"_ba << 0LL
                                      << 9223372036854775806LL << 9223372036854775807LL;
}

void TestContentRange::parseValid()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, total);

    const auto range = ContentRange::parse(value);
    QVERIFY(range.has_value());
    QCOMPARE(range->first, first);
    QCOMPARE(range->last, last);
    QCOMPARE(range->total, total);
    QCOMPARE(range->isUnsatisfied(), first < 0);
}

void TestContentRange::parseInvalid_data()
{
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("whitespace only") << "   "_ba;
    QTest::newRow("unit only") << "bytes"_ba;
    QTest::newRow("unit and space") << "bytes "_ba;
    QTest::newRow("no space after unit") << "bytes0-1/2"_ba;
    QTest::newRow("equals instead of space") << "bytes=0-1/2"_ba;
    QTest::newRow("other unit") << "items 0-1/2"_ba;
    QTest::newRow("unit prefix") << "byte 0-1/2"_ba;
    QTest::newRow("no unit") << "0-1/2"_ba;
    QTest::newRow("missing total") << "bytes 0-1"_ba;
    QTest::newRow("missing total after slash") << "bytes 0-1/"_ba;
    QTest::newRow("missing last") << "bytes 0-/2"_ba;
    QTest::newRow("missing first") << "bytes -1/2"_ba;
    QTest::newRow("negative first") << "bytes -5-1/2"_ba;
    QTest::newRow("negative total") << "bytes 0-1/-2"_ba;
    QTest::newRow("plus sign first") << "bytes +0-1/2"_ba;
    QTest::newRow("plus sign last") << "bytes 0-+1/2"_ba;
    QTest::newRow("plus sign total") << "bytes 0-1/+2"_ba;
    QTest::newRow("last before first") << "bytes 5-4/10"_ba;
    QTest::newRow("last equals total") << "bytes 0-10/10"_ba;
    QTest::newRow("last beyond total") << "bytes 0-11/10"_ba;
    QTest::newRow("unsatisfied unknown total") << "bytes */*"_ba;
    QTest::newRow("unsatisfied no total") << "bytes */"_ba;
    QTest::newRow("star as first") << "bytes *-1/2"_ba;
    QTest::newRow("overflow first") << "bytes 99999999999999999999-99999999999999999999/*"_ba;
    QTest::newRow("overflow total") << "bytes 0-1/9223372036854775808"_ba;
    QTest::newRow("overflow many digits") << "bytes 0-1/123456789012345678901234567890"_ba;
    QTest::newRow("trailing junk") << "bytes 0-1/2x"_ba;
    QTest::newRow("trailing second range") << "bytes 0-1/2, 3-4/5"_ba;
    QTest::newRow("trailing junk after star") << "bytes 0-1/*x"_ba;
    QTest::newRow("hex digits") << "bytes 0x0-0x1/2"_ba;
    QTest::newRow("decimal point") << "bytes 0.5-1/2"_ba;
    QTest::newRow("garbage") << "hello world"_ba;
    QTest::newRow("embedded nul") << QByteArray("bytes 0-1/2\0", 12);
}

void TestContentRange::parseInvalid()
{
    QFETCH(QByteArray, value);
    const auto range = ContentRange::parse(value);
    QVERIFY2(!range.has_value(), value.constData());
}

void TestContentRange::length()
{
    QCOMPARE(ContentRange::parse("bytes 0-499/1234")->length(), 500);
    QCOMPARE(ContentRange::parse("bytes 7-7/8")->length(), 1);
    QCOMPARE(ContentRange::parse("bytes */8")->length(), 0);
    QCOMPARE(ContentRange().length(), 0);
    QVERIFY(ContentRange().isUnsatisfied());
}

void TestContentRange::strongEtag_data()
{
    QTest::addColumn<QByteArray>("etag");
    QTest::addColumn<bool>("strong");

    QTest::newRow("strong") << "\"abc123\""_ba << true;
    QTest::newRow("empty quoted") << "\"\""_ba << true;
    QTest::newRow("weak") << "W/\"abc123\""_ba << false;
    QTest::newRow("weak lower w") << "w/\"abc123\""_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("unquoted") << "abc123"_ba << false;
    QTest::newRow("lone quote") << "\""_ba << false;
    QTest::newRow("opening quote only") << "\"abc"_ba << false;
    QTest::newRow("closing quote only") << "abc\""_ba << false;
    QTest::newRow("inner quote") << "\"ab\"c\""_ba << false;
    QTest::newRow("inner space") << "\"ab c\""_ba << false;
}

void TestContentRange::strongEtag()
{
    QFETCH(QByteArray, etag);
    QFETCH(bool, strong);
    Validators validators;
    validators.etag = etag;
    QCOMPARE(validators.isStrongEtag(), strong);
}

void TestContentRange::ifRangeValue_data()
{
    QTest::addColumn<QByteArray>("etag");
    QTest::addColumn<QByteArray>("lastModified");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("canResume");

    const QByteArray date = "Sun, 06 Nov 1994 08:49:37 GMT"_ba;
    QTest::newRow("strong etag wins") << "\"v1\""_ba << date << "\"v1\""_ba << true;
    QTest::newRow("strong etag alone") << "\"v1\""_ba << QByteArray() << "\"v1\""_ba << true;
    QTest::newRow("weak etag falls back to date") << "W/\"v1\""_ba << date << date << true;
    QTest::newRow("date alone") << QByteArray() << date << date << true;
    QTest::newRow("weak etag alone") << "W/\"v1\""_ba << QByteArray() << QByteArray() << false;
    QTest::newRow("nothing") << QByteArray() << QByteArray() << QByteArray() << false;
}

void TestContentRange::ifRangeValue()
{
    QFETCH(QByteArray, etag);
    QFETCH(QByteArray, lastModified);
    QFETCH(QByteArray, expected);
    QFETCH(bool, canResume);

    const Validators validators { etag, lastModified };
    QCOMPARE(validators.ifRangeValue(), expected);
    QCOMPARE(validators.canResume(), canResume);
    QVERIFY(validators == (Validators { etag, lastModified }));
    QVERIFY(validators != (Validators { etag + "x", lastModified }));
}

QTEST_GUILESS_MAIN(TestContentRange)
#include "tst_contentrange.moc"
