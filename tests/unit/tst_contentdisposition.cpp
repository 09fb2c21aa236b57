#include "net/contentdisposition.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using Ferry::ContentDisposition;

class TestContentDisposition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void respectsViewBounds();
    void arbitraryBytesNeverBreakIt();
};

void TestContentDisposition::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("fileName");

    // Ordinary shapes.
    QTest::newRow("quoted") << "attachment; filename=\"a b.txt\""_ba << u"attachment"_s << u"a b.txt"_s;
    QTest::newRow("token") << "attachment; filename=report.pdf"_ba << u"attachment"_s << u"report.pdf"_s;
    QTest::newRow("inline") << "inline; filename=\"x.png\""_ba << u"inline"_s << u"x.png"_s;
    QTest::newRow("type only") << "attachment"_ba << u"attachment"_s << QString();
    QTest::newRow("unknown type kept") << "form-data; name=\"f\"; filename=\"x.bin\""_ba << u"form-data"_s
                                       << u"x.bin"_s;
    QTest::newRow("other params ignored")
        << "attachment; size=100; filename=x.txt; creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\""_ba
        << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("no spaces") << "attachment;filename=x.txt"_ba << u"attachment"_s << u"x.txt"_s;

    // Case and whitespace.
    QTest::newRow("upper case") << "ATTACHMENT; FILENAME=\"x.txt\""_ba << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("mixed case") << "AttachMent; FileName=x.txt"_ba << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("spaces everywhere") << "  attachment  ;   filename  =  \"x.txt\"  ;  "_ba << u"attachment"_s
                                       << u"x.txt"_s;
    QTest::newRow("tabs") << "attachment;\tfilename=\tx.txt\t"_ba << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("folded line") << "attachment;\r\n filename=x.txt"_ba << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("spaces kept inside quotes") << "attachment; filename=\" x.txt \""_ba << u"attachment"_s
                                               << u" x.txt "_s;
    QTest::newRow("unquoted with inner space") << "attachment; filename=a b.txt"_ba << u"attachment"_s
                                               << u"a b.txt"_s;

    // Quoted-string details.
    QTest::newRow("escaped quote") << "attachment; filename=\"a\\\"b.txt\""_ba << u"attachment"_s
                                   << u"a\"b.txt"_s;
    QTest::newRow("escaped backslash") << "attachment; filename=\"a\\\\b.txt\""_ba << u"attachment"_s
                                       << u"a\\b.txt"_s;
    QTest::newRow("escaped ordinary chars") << "attachment; filename=\"\\a\\b\\c.txt\""_ba << u"attachment"_s
                                            << u"abc.txt"_s;
    QTest::newRow("windows path escaped") << "attachment; filename=\"C:\\\\Users\\\\x.txt\""_ba
                                          << u"attachment"_s << u"C:\\Users\\x.txt"_s;
    QTest::newRow("unquoted backslashes literal") << "attachment; filename=C:\\dir\\x.txt"_ba
                                                  << u"attachment"_s << u"C:\\dir\\x.txt"_s;
    QTest::newRow("semicolon inside quotes") << "attachment; filename=\"a;b.txt\"; size=3"_ba
                                             << u"attachment"_s << u"a;b.txt"_s;
    QTest::newRow("missing closing quote") << "attachment; filename=\"a b.txt"_ba << u"attachment"_s
                                           << u"a b.txt"_s;
    QTest::newRow("missing closing quote, semicolon") << "attachment; filename=\"a; b"_ba << u"attachment"_s
                                                      << u"a; b"_s;
    QTest::newRow("unterminated trailing backslash") << "attachment; filename=\"abc\\"_ba << u"attachment"_s
                                                     << u"abc\\"_s;
    QTest::newRow("junk after closing quote") << "attachment; filename=\"x.txt\"junk; size=1"_ba
                                              << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("second quote ends value") << "attachment; filename=\"a\"b\""_ba << u"attachment"_s << u"a"_s;

    // RFC 5987/8187 filename*.
    QTest::newRow("ext utf-8") << "attachment; filename*=UTF-8''%e2%82%ac%20rates.txt"_ba << u"attachment"_s
                               << u"\u20ac rates.txt"_s;
    QTest::newRow("ext wins after") << "attachment; filename=\"fallback.txt\"; filename*=UTF-8''%e2%82%ac.txt"_ba
                                    << u"attachment"_s << u"\u20ac.txt"_s;
    QTest::newRow("ext wins before") << "attachment; filename*=UTF-8''%e2%82%ac.txt; filename=\"fallback.txt\""_ba
                                     << u"attachment"_s << u"\u20ac.txt"_s;
    QTest::newRow("ext iso-8859-1") << "attachment; filename*=iso-8859-1'en'%A3%20rates"_ba << u"attachment"_s
                                    << u"\u00a3 rates"_s;
    QTest::newRow("ext language tag") << "attachment; filename*=utf-8'en-US'x.txt"_ba << u"attachment"_s
                                      << u"x.txt"_s;
    QTest::newRow("ext utf8 alias") << "attachment; filename*=utf8''%c3%a9.txt"_ba << u"attachment"_s
                                    << u"\u00e9.txt"_s;
    QTest::newRow("ext upper-case name") << "attachment; FILENAME*=UTF-8''x.txt"_ba << u"attachment"_s
                                         << u"x.txt"_s;
    QTest::newRow("ext unknown charset falls back")
        << "attachment; filename*=koi8-r''%F0%D2; filename=\"plain.txt\""_ba << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext unknown charset alone") << "attachment; filename*=koi8-r''%F0%D2"_ba << u"attachment"_s
                                               << QString();
    QTest::newRow("ext invalid utf-8 falls back") << "attachment; filename*=UTF-8''%FF.txt; filename=plain.txt"_ba
                                                  << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext truncated utf-8 falls back") << "attachment; filename*=UTF-8''%e2%82; filename=plain.txt"_ba
                                                    << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext overlong utf-8 falls back")
        << "attachment; filename*=UTF-8''%C0%AF; filename=plain.txt"_ba << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext without quotes ignored") << "attachment; filename*=UTF-8%e2%82%ac.txt; filename=plain.txt"_ba
                                                << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext with one quote ignored") << "attachment; filename*=UTF-8'x.txt; filename=plain.txt"_ba
                                                << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext empty falls back") << "attachment; filename*=UTF-8''; filename=plain.txt"_ba
                                          << u"attachment"_s << u"plain.txt"_s;
    QTest::newRow("ext quoted (lenient)") << "attachment; filename*=\"UTF-8''a%20b.txt\""_ba << u"attachment"_s
                                          << u"a b.txt"_s;
    QTest::newRow("ext bad percent literal") << "attachment; filename*=UTF-8''100%zz%2.txt"_ba << u"attachment"_s
                                             << u"100%zz%2.txt"_s;
    QTest::newRow("ext percent at end") << "attachment; filename*=UTF-8''a%"_ba << u"attachment"_s << u"a%"_s;
    QTest::newRow("ext us-ascii") << "attachment; filename*=us-ascii''a%20b"_ba << u"attachment"_s << u"a b"_s;
    QTest::newRow("ext us-ascii high byte ignored") << "attachment; filename*=us-ascii''%E9; filename=p"_ba
                                                    << u"attachment"_s << u"p"_s;
    QTest::newRow("ext encoded traversal not sanitised")
        << "attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"_ba << u"attachment"_s << u"../../etc/passwd"_s;
    QTest::newRow("ext bidi override decoded") << "inline;filename*=utf-8''%E2%80%AEtxt.exe"_ba << u"inline"_s
                                               << u"\u202etxt.exe"_s;
    QTest::newRow("ext NUL decoded") << "attachment; filename*=UTF-8''a%00b"_ba << u"attachment"_s
                                     << u"a\0b"_s;

    // Duplicates: the first non-empty value wins.
    QTest::newRow("duplicate filename") << "attachment; filename=\"first.txt\"; filename=\"second.txt\""_ba
                                        << u"attachment"_s << u"first.txt"_s;
    QTest::newRow("duplicate filename*") << "attachment; filename*=UTF-8''one; filename*=UTF-8''two"_ba
                                         << u"attachment"_s << u"one"_s;
    QTest::newRow("empty first duplicate") << "attachment; filename=\"\"; filename=\"second.txt\""_ba
                                           << u"attachment"_s << u"second.txt"_s;

    // No type: lenient like browsers.
    QTest::newRow("no type") << "filename=x.txt"_ba << QString() << u"x.txt"_s;
    QTest::newRow("no type, quoted") << "filename=\"x y.txt\""_ba << QString() << u"x y.txt"_s;
    QTest::newRow("quoted type") << "\"attachment\"; filename=x"_ba << QString() << u"x"_s;

    // Bytes: raw UTF-8, Latin-1, percent, NUL.
    QTest::newRow("raw utf-8") << "attachment; filename=\"\xe2\x82\xac.txt\""_ba << u"attachment"_s
                               << u"\u20ac.txt"_s;
    QTest::newRow("raw latin-1") << "attachment; filename=\"\xa3.txt\""_ba << u"attachment"_s << u"\u00a3.txt"_s;
    QTest::newRow("raw broken utf-8 as latin-1") << "attachment; filename=\"\xe2\x82.txt\""_ba << u"attachment"_s
                                                 << u"\u00e2\u0082.txt"_s;
    QTest::newRow("raw BOM kept") << "attachment; filename=\"\xef\xbb\xbfx.txt\""_ba << u"attachment"_s
                                  << u"\ufeffx.txt"_s;
    QTest::newRow("percent in filename literal") << "attachment; filename=\"a%20b.txt\""_ba << u"attachment"_s
                                                 << u"a%20b.txt"_s;
    QTest::newRow("NUL in filename") << "attachment; filename=\"a\0b.txt\""_ba << u"attachment"_s
                                     << u"a\0b.txt"_s;
    QTest::newRow("NUL in type") << "attach\0ment; filename=x"_ba << QString() << u"x"_s;
    QTest::newRow("only NUL") << "\0"_ba << QString() << QString();

    // Empty and broken.
    QTest::newRow("empty header") << QByteArray() << QString() << QString();
    QTest::newRow("only semicolons") << ";;;"_ba << QString() << QString();
    QTest::newRow("only spaces") << "   "_ba << QString() << QString();
    QTest::newRow("empty value") << "attachment; filename="_ba << u"attachment"_s << QString();
    QTest::newRow("empty quoted value") << "attachment; filename=\"\""_ba << u"attachment"_s << QString();
    QTest::newRow("param without =") << "attachment; foo; filename=x.txt"_ba << u"attachment"_s << u"x.txt"_s;
    QTest::newRow("name without =") << "attachment; filename"_ba << u"attachment"_s << QString();
    QTest::newRow("empty name") << "attachment; =x.txt"_ba << u"attachment"_s << QString();
    QTest::newRow("only =") << "="_ba << QString() << QString();
    QTest::newRow("lone quote") << "\""_ba << QString() << QString();
    QTest::newRow("space-separated type") << "attach ment; filename=x"_ba << QString() << u"x"_s;
}

void TestContentDisposition::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, type);
    QFETCH(QString, fileName);

    const ContentDisposition cd = ContentDisposition::parse(header);
    QCOMPARE(cd.type, type);
    QCOMPARE(cd.fileName, fileName);
}

void TestContentDisposition::respectsViewBounds()
{
    // The view ends inside a quoted value: what lies beyond it in memory must not be read.
    const QByteArray buffer = "attachment; filename=\"abc.txt\"; filename*=UTF-8''evil"_ba;
    const QByteArrayView view = QByteArrayView(buffer).first(24);
    QCOMPARE(ContentDisposition::parse(view).fileName, u"ab"_s);

    const QByteArrayView typeOnly = QByteArrayView(buffer).first(10);
    const ContentDisposition cd = ContentDisposition::parse(typeOnly);
    QCOMPARE(cd.type, u"attachment"_s);
    QVERIFY(cd.fileName.isEmpty());
}

// A deterministic smoke fuzz (libFuzzer comes later): headers built from the characters that steer the
// parser, plus mutations of real headers. Beyond not crashing, the type must be a lower-case token and
// the parse must be a pure function of its input.
void TestContentDisposition::arbitraryBytesNeverBreakIt()
{
    const QByteArray pieces[] = {
        "attachment"_ba, "inline"_ba, "filename"_ba, "filename*"_ba, "="_ba, ";"_ba, "\""_ba, "\\"_ba,
        "'"_ba, "UTF-8''"_ba, "iso-8859-1'en'"_ba, "%"_ba, "%e2%82%ac"_ba, "%FF"_ba, "%2F"_ba, " "_ba, "\t"_ba,
        "\r\n"_ba, "a"_ba, ".."_ba, "/"_ba, "\0"_ba, "\xff"_ba, "\xe2\x82"_ba, "\xc3\xa9"_ba,
    };
    const auto pieceCount = int(std::size(pieces));
    QRandomGenerator rng(0xF3223);

    for (int round = 0; round < 20000; ++round) {
        QByteArray header;
        const int length = rng.bounded(24);
        for (int i = 0; i < length; ++i) {
            if (rng.bounded(4) == 0)
                header.append(char(rng.bounded(256)));
            else
                header.append(pieces[rng.bounded(pieceCount)]);
        }

        const ContentDisposition cd = ContentDisposition::parse(header);
        for (QChar c : cd.type) {
            const bool lowerToken = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')
                || QStringView(u"!#$%&'*+-.^_`|~").contains(c);
            QVERIFY2(lowerToken, header.toHex().constData());
        }
        const ContentDisposition again = ContentDisposition::parse(header);
        QCOMPARE(again.type, cd.type);
        QCOMPARE(again.fileName, cd.fileName);
    }
}

QTEST_GUILESS_MAIN(TestContentDisposition)
#include "tst_contentdisposition.moc"
