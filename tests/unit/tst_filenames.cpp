#include "net/contentdisposition.h"
#include "net/filenames.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
namespace FileNames = Ferry::FileNames;

namespace {

// Readable dump for failure messages: printable ASCII as is, everything else as U+XXXX.
QString describe(const QString &s)
{
    QString out;
    for (QChar c : s) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7f)
            out += c;
        else
            out += u"<U+"_s + QString::number(c.unicode(), 16).toUpper() + u'>';
    }
    return out.size() > 120 ? out.first(120) + u"..."_s : out;
}

// The safety contract every name handed to the file system must meet, checked independently of the
// code under test. Returns what is wrong, or an empty string.
QString safetyProblem(const QString &name, int maxBytes)
{
    if (name.isEmpty())
        return u"empty"_s;
    if (name == "."_L1 || name == ".."_L1)
        return u"a dot name"_s;
    if (name.startsWith(u'.'))
        return u"starts with a dot"_s;
    if (name.contains(u'/') || name.contains(u'\\'))
        return u"contains a separator"_s;
    if (name.endsWith(u'.') || name.endsWith(u' '))
        return u"ends with a dot or space"_s;
    if (name.endsWith(".desktop"_L1, Qt::CaseInsensitive))
        return u"is a launcher"_s;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        char32_t cp = c.unicode();
        if (c.isHighSurrogate() && i + 1 < name.size() && name[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(c, name[i + 1]);
            ++i;
        } else if (c.isSurrogate()) {
            return u"lone surrogate at %1"_s.arg(i);
        }
        const auto category = QChar::category(cp);
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || category == QChar::Other_Control
            || category == QChar::Other_Format || category == QChar::Separator_Line
            || category == QChar::Separator_Paragraph) {
            return u"control or format character U+%1"_s.arg(quint32(cp), 4, 16, QChar(u'0'));
        }
    }
    if (name.toUtf8().size() > maxBytes)
        return u"%1 UTF-8 bytes > %2"_s.arg(name.toUtf8().size()).arg(maxBytes);
    return {};
}

#define VERIFY_SAFE(name, maxBytes)                                                                     \
    do {                                                                                                \
        const QString problem_ = safetyProblem((name), (maxBytes));                                     \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_ + u": "_s + describe(name)));                  \
    } while (false)

QString repeated(QStringView s, int times)
{
    QString out;
    for (int i = 0; i < times; ++i)
        out += s;
    return out;
}

QString withChar(QStringView before, char16_t c, QStringView after)
{
    return before.toString() + QChar(c) + after;
}

const QString grin = u"\U0001F600"_s;                // 4 UTF-8 bytes, a surrogate pair in UTF-16
const QString thumbsMedium = u"\U0001F44D\U0001F3FD"_s;  // emoji + skin tone modifier: one grapheme

} // namespace

class TestFileNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void safetyCheckerCanFail();
    void sanitize_data();
    void sanitize();
    void customFallback();
    void fromUrl_data();
    void fromUrl();
    void numbered_data();
    void numbered();
    void numberedStaysDistinct();
    void headerToName_data();
    void headerToName();
    void randomInputStaysSafe();
};

// The checker guards every other test, so it must itself reject what it claims to reject.
void TestFileNames::safetyCheckerCanFail()
{
    const QString bad[] = {
        QString(), u"."_s, u".."_s, u".bashrc"_s, u"a/b"_s, u"a\\b"_s, u"a\u202eb"_s, u"a\tb"_s,
        withChar(u"a", 0xD800, u"b"), u"a\u0085b"_s, u"x.desktop"_s, u"trailing."_s, u"trailing "_s,
        QString(201, u'a'),
    };
    for (const QString &name : bad)
        QVERIFY2(!safetyProblem(name, 200).isEmpty(), qPrintable(describe(name)));
    QVERIFY(safetyProblem(u"fine name.txt"_s, 200).isEmpty());
    QVERIFY(safetyProblem(QString(200, u'a'), 200).isEmpty());
}

void TestFileNames::sanitize_data()
{
    QTest::addColumn<QString>("proposed");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QString>("expected");

    const int d = 200;

    // Ordinary names pass untouched.
    QTest::newRow("plain") << u"report.pdf"_s << d << u"report.pdf"_s;
    QTest::newRow("inner spaces") << u"a b  c.txt"_s << d << u"a b  c.txt"_s;
    QTest::newRow("accents") << u"\u00dcber r\u00e9sum\u00e9.txt"_s << d << u"\u00dcber r\u00e9sum\u00e9.txt"_s;
    QTest::newRow("cjk") << u"\u5831\u544a.pdf"_s << d << u"\u5831\u544a.pdf"_s;
    QTest::newRow("emoji") << grin + u".png"_s << d << grin + u".png"_s;
    QTest::newRow("tilde") << u"~"_s << d << u"~"_s;
    // A leading dash is fine: names go to open()/renameat() as data, never through a shell or argv.
    QTest::newRow("leading dash") << u"-rf"_s << d << u"-rf"_s;
    QTest::newRow("shell characters") << u"$(rm -rf ~);`x`|*?.txt"_s << d << u"$(rm -rf ~);`x`|*?.txt"_s;
    QTest::newRow("underscores") << u"___"_s << d << u"___"_s;
    QTest::newRow("single underscore") << u"_"_s << d << u"_"_s;
    QTest::newRow("replacement char kept") << u"a\ufffdb"_s << d << u"a\ufffdb"_s;
    QTest::newRow("invalid utf-8 decoded") << QString::fromUtf8("\xff\xfe" "abc") << d
                                           << u"\ufffd\ufffdabc"_s;
    QTest::newRow("desktop in the middle") << u"x.desktop.txt"_s << d << u"x.desktop.txt"_s;
    QTest::newRow("desktop without dot") << u"desktop"_s << d << u"desktop"_s;

    // Traversal and separators.
    QTest::newRow("dot-dot traversal") << u"../../etc/passwd"_s << d << u"passwd"_s;
    QTest::newRow("backslash traversal") << u"..\\..\\x"_s << d << u"x"_s;
    QTest::newRow("absolute") << u"/etc/passwd"_s << d << u"passwd"_s;
    QTest::newRow("drive") << u"C:\\x"_s << d << u"x"_s;
    QTest::newRow("drive path") << u"C:\\Users\\me\\file.txt"_s << d << u"file.txt"_s;
    QTest::newRow("mixed separators") << u"a/b\\c.txt"_s << d << u"c.txt"_s;
    QTest::newRow("trailing slash") << u"dir/"_s << d << u"dir"_s;
    QTest::newRow("trailing dot-dot") << u"dir/.."_s << d << u"dir"_s;
    QTest::newRow("unc path") << u"\\\\server\\share\\f.bin"_s << d << u"f.bin"_s;
    QTest::newRow("traversal to dotfile") << u"../../.ssh/authorized_keys"_s << d << u"authorized_keys"_s;
    QTest::newRow("only separators") << u"/\\/"_s << d << u"download"_s;

    // Dots and spaces at the edges.
    QTest::newRow("dot") << u"."_s << d << u"download"_s;
    QTest::newRow("dot-dot") << u".."_s << d << u"download"_s;
    QTest::newRow("only dots") << u"....."_s << d << u"download"_s;
    QTest::newRow("only spaces") << u"    "_s << d << u"download"_s;
    QTest::newRow("dots and spaces") << u". . ."_s << d << u"download"_s;
    QTest::newRow("empty") << QString() << d << u"download"_s;
    QTest::newRow("dotfile") << u".bashrc"_s << d << u"bashrc"_s;
    QTest::newRow("double-dot prefix") << u"..hidden"_s << d << u"hidden"_s;
    QTest::newRow("leading space") << u" leading space.txt"_s << d << u"leading space.txt"_s;
    QTest::newRow("trailing dots and spaces") << u"trailing.txt. . "_s << d << u"trailing.txt"_s;
    QTest::newRow("trailing dot") << u"name."_s << d << u"name"_s;
    QTest::newRow("unicode spaces at edges") << u"\u3000\u00a0name\u2003"_s << d << u"name"_s;

    // Invisible and control characters: '_' inside, dropped at the edges.
    QTest::newRow("bidi override") << u"evil\u202etxt.exe"_s << d << u"evil_txt.exe"_s;
    QTest::newRow("leading bidi override") << u"\u202eexe.txt"_s << d << u"exe.txt"_s;
    QTest::newRow("zero-width space") << u"a\u200bb"_s << d << u"a_b"_s;
    QTest::newRow("zero-width joiners") << u"a\u200c\u200db"_s << d << u"a__b"_s;
    // Emoji ZWJ sequences lose their joiner: a visible '_' beats an invisible character that can hide things.
    QTest::newRow("emoji zwj sequence") << u"\U0001F468\u200d\U0001F469.png"_s << d
                                        << u"\U0001F468_\U0001F469.png"_s;
    QTest::newRow("lrm rlm") << u"a\u200e\u200fb"_s << d << u"a__b"_s;
    QTest::newRow("bidi isolates") << u"a\u2066b\u2069c"_s << d << u"a_b_c"_s;
    QTest::newRow("leading BOM") << u"\ufefffile.txt"_s << d << u"file.txt"_s;
    QTest::newRow("inner BOM") << u"a\ufeffb"_s << d << u"a_b"_s;
    QTest::newRow("tab") << u"a\tb"_s << d << u"a_b"_s;
    QTest::newRow("newline") << u"a\nb.txt"_s << d << u"a_b.txt"_s;
    QTest::newRow("trailing CRLF") << u"name.txt\r\n"_s << d << u"name.txt"_s;
    QTest::newRow("NUL") << u"a\0b"_s << d << u"a_b"_s;
    QTest::newRow("NUL before extension") << u"evil.exe\0.txt"_s << d << u"evil.exe_.txt"_s;
    QTest::newRow("DEL") << u"a\u007fb"_s << d << u"a_b"_s;
    QTest::newRow("C1 NEL") << u"a\u0085b"_s << d << u"a_b"_s;
    QTest::newRow("C1 CSI") << u"a\u009b31mb"_s << d << u"a_31mb"_s;
    QTest::newRow("escape sequence") << u"a\u001b[31mb"_s << d << u"a_[31mb"_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << d << u"a_b"_s;
    QTest::newRow("lone high surrogate") << withChar(u"a", 0xD800, u"b") << d << u"a_b"_s;
    QTest::newRow("lone low surrogate") << withChar(u"a", 0xDC00, u"b") << d << u"a_b"_s;
    QTest::newRow("reversed pair") << withChar(u"a", 0xDC00, withChar(u"", 0xD800, u"b")) << d << u"a__b"_s;
    QTest::newRow("trailing lone surrogate") << withChar(u"name", 0xD83D, u"") << d << u"name"_s;
    QTest::newRow("only controls") << u"\u0001\u0002\u0003"_s << d << u"download"_s;
    QTest::newRow("only format chars") << u"\u202e\u200b\ufeff"_s << d << u"download"_s;
    QTest::newRow("controls around dot") << u"\u0001.\u0002"_s << d << u"download"_s;
    QTest::newRow("invisible last component") << u"dir/\u202e\u200b"_s << d << u"dir"_s;

    // Launchers.
    QTest::newRow("desktop") << u"x.desktop"_s << d << u"x.desktop.download"_s;
    QTest::newRow("DESKTOP") << u"X.DESKTOP"_s << d << u"X.DESKTOP.download"_s;
    QTest::newRow("desktop with trailing dot") << u"x.desktop."_s << d << u"x.desktop.download"_s;
    QTest::newRow("desktop behind override") << u"x.desktop\u202e"_s << d << u"x.desktop.download"_s;
    QTest::newRow("desktop after traversal") << u"../.local/share/applications/evil.desktop"_s << d
                                             << u"evil.desktop.download"_s;
    QTest::newRow("long desktop") << QString(10000, u'a') + u".desktop"_s << d
                                  << QString(191, u'a') + u".download"_s;

    // Length caps.
    QTest::newRow("exactly 200") << QString(200, u'a') << d << QString(200, u'a');
    QTest::newRow("10,000 chars") << QString(10000, u'a') << d << QString(200, u'a');
    QTest::newRow("10,000 chars + ext") << QString(10000, u'a') + u".txt"_s << d
                                        << QString(196, u'a') + u".txt"_s;
    QTest::newRow("10,000 chars + tar.gz") << QString(10000, u'a') + u".tar.gz"_s << d
                                           << QString(193, u'a') + u".tar.gz"_s;
    QTest::newRow("10,000 euro signs") << QString(10000, u'\u20ac') << d << QString(66, u'\u20ac');
    QTest::newRow("long extension not kept") << u"a."_s + QString(300, u'x') << d
                                             << u"a."_s + QString(198, u'x');
    QTest::newRow("extension with space not kept") << QString(300, u'a') + u". final"_s << d
                                                   << QString(200, u'a');
    QTest::newRow("emoji fits at 200") << QString(196, u'a') + grin << d << QString(196, u'a') + grin;
    QTest::newRow("emoji cut at 200") << QString(197, u'a') + grin << d << QString(197, u'a');
    QTest::newRow("emoji run") << repeated(grin, 60) << d << repeated(grin, 50);
    QTest::newRow("emoji before extension") << repeated(grin, 60) + u".png"_s << d
                                            << repeated(grin, 49) + u".png"_s;
    QTest::newRow("skin tone not torn off") << QString(196, u'a') + thumbsMedium << d << QString(196, u'a');
    QTest::newRow("combining accent not torn off") << QString(199, u'a') + u"e\u0301"_s << d
                                                   << QString(199, u'a');
    QTest::newRow("one huge grapheme cut at a code point") << u"a"_s + repeated(u"\u0301", 300) << d
                                                           << u"a"_s + repeated(u"\u0301", 99);
    QTest::newRow("two-byte char at cut") << QString(199, u'a') + u"\u00e9"_s << d << QString(199, u'a');
    QTest::newRow("three-byte char at cut") << QString(198, u'a') + u"\u20ac"_s << d << QString(198, u'a');
    QTest::newRow("cut leaves trailing dots") << u"abc...defghij.txt"_s << 10 << u"abc.txt"_s;
    QTest::newRow("cut leaves trailing space") << u"hello world.txt"_s << 10 << u"hello.txt"_s;
    QTest::newRow("tiny limit") << u"\u20ac"_s << 1 << u"d"_s;
    QTest::newRow("tiny limit, ascii") << u"abcdef"_s << 3 << u"abc"_s;
}

void TestFileNames::sanitize()
{
    QFETCH(QString, proposed);
    QFETCH(int, maxBytes);
    QFETCH(QString, expected);

    const QString name = FileNames::sanitize(proposed, u"download"_s, maxBytes);
    VERIFY_SAFE(name, maxBytes);
    QCOMPARE(describe(name), describe(expected));
    QCOMPARE(name, expected);
    // Sanitising is idempotent: a safe name is left as it is.
    QCOMPARE(FileNames::sanitize(name, u"download"_s, maxBytes), name);
}

void TestFileNames::customFallback()
{
    QCOMPARE(FileNames::sanitize(u"../"_s, u"file.bin"_s), u"file.bin"_s);
    QCOMPARE(FileNames::sanitize(u"\u202e"_s, u"download-42"_s), u"download-42"_s);
    // The fallback is trusted but still held to the length cap.
    QCOMPARE(FileNames::sanitize(QString(), u"download"_s, 4), u"down"_s);
    QCOMPARE(FileNames::sanitize(u"real.txt"_s, u"file.bin"_s), u"real.txt"_s);
}

void TestFileNames::fromUrl_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("sanitized");

    auto url = [](const char *s) { return QUrl(QString::fromUtf8(s)); };

    QTest::newRow("plain") << url("https://example.com/files/report.pdf") << u"report.pdf"_s << u"report.pdf"_s;
    QTest::newRow("query ignored") << url("https://example.com/a.zip?token=1/2&name=x.exe") << u"a.zip"_s
                                   << u"a.zip"_s;
    QTest::newRow("fragment ignored") << url("https://example.com/a.zip#x/y.exe") << u"a.zip"_s << u"a.zip"_s;
    QTest::newRow("trailing slash") << url("https://example.com/dir/") << QString() << u"download"_s;
    QTest::newRow("root") << url("https://example.com/") << QString() << u"download"_s;
    QTest::newRow("no path") << url("https://example.com") << QString() << u"download"_s;
    QTest::newRow("percent space") << url("https://example.com/a%20b.txt") << u"a b.txt"_s << u"a b.txt"_s;
    QTest::newRow("encoded slash") << url("https://example.com/dl/..%2F..%2Fetc%2Fpasswd")
                                   << u"../../etc/passwd"_s << u"passwd"_s;
    QTest::newRow("encoded slash lower case") << url("https://example.com/dl/a%2fb.txt") << u"a/b.txt"_s
                                              << u"b.txt"_s;
    QTest::newRow("encoded backslash") << url("https://example.com/dl/a%5Cb.txt") << u"a\\b.txt"_s
                                       << u"b.txt"_s;
    QTest::newRow("encoded dotfile") << url("https://example.com/%2Ebashrc") << u".bashrc"_s << u"bashrc"_s;
    QTest::newRow("utf-8") << url("https://example.com/%E2%82%AC.txt") << u"\u20ac.txt"_s << u"\u20ac.txt"_s;
    QTest::newRow("raw unicode") << QUrl(u"https://example.com/\u5831\u544a.pdf"_s) << u"\u5831\u544a.pdf"_s
                                 << u"\u5831\u544a.pdf"_s;
    QTest::newRow("invalid utf-8") << url("https://example.com/%FF.txt") << u"\ufffd.txt"_s << u"\ufffd.txt"_s;
    QTest::newRow("decoded once") << url("https://example.com/a%252Fb") << u"a%2Fb"_s << u"a%2Fb"_s;
    QTest::newRow("encoded NUL") << url("https://example.com/a%00b.txt") << u"a\0b.txt"_s << u"a_b.txt"_s;
    QTest::newRow("encoded bidi override") << url("https://example.com/evil%E2%80%AEtxt.exe")
                                           << u"evil\u202etxt.exe"_s << u"evil_txt.exe"_s;
    QTest::newRow("dot-dot segment") << url("https://example.com/a/..") << u".."_s << u"download"_s;
    QTest::newRow("launcher") << url("https://example.com/run.desktop") << u"run.desktop"_s
                              << u"run.desktop.download"_s;
    QTest::newRow("file url") << url("file:///home/u/x.txt") << u"x.txt"_s << u"x.txt"_s;
    QTest::newRow("empty url") << QUrl() << QString() << u"download"_s;
}

void TestFileNames::fromUrl()
{
    QFETCH(QUrl, url);
    QFETCH(QString, raw);
    QFETCH(QString, sanitized);

    QCOMPARE(FileNames::fromUrl(url), raw);
    const QString name = FileNames::sanitize(FileNames::fromUrl(url));
    VERIFY_SAFE(name, 200);
    QCOMPARE(name, sanitized);
}

void TestFileNames::numbered_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("maxBytes");
    QTest::addColumn<QString>("expected");

    const int d = 200;
    QTest::newRow("zero is the name") << u"report.pdf"_s << 0 << d << u"report.pdf"_s;
    QTest::newRow("one") << u"report.pdf"_s << 1 << d << u"report (1).pdf"_s;
    QTest::newRow("twelve") << u"report.pdf"_s << 12 << d << u"report (12).pdf"_s;
    QTest::newRow("tar.gz") << u"archive.tar.gz"_s << 2 << d << u"archive (2).tar.gz"_s;
    QTest::newRow("tar.bz2") << u"archive.tar.bz2"_s << 1 << d << u"archive (1).tar.bz2"_s;
    QTest::newRow("tar.xz") << u"archive.tar.xz"_s << 1 << d << u"archive (1).tar.xz"_s;
    QTest::newRow("tar.zst") << u"archive.tar.zst"_s << 1 << d << u"archive (1).tar.zst"_s;
    QTest::newRow("TAR.GZ") << u"ARCHIVE.TAR.GZ"_s << 1 << d << u"ARCHIVE (1).TAR.GZ"_s;
    QTest::newRow("plain tar") << u"a.tar"_s << 1 << d << u"a (1).tar"_s;
    QTest::newRow("plain gz") << u"a.gz"_s << 1 << d << u"a (1).gz"_s;
    QTest::newRow("tar not last") << u"notes.tar.txt"_s << 1 << d << u"notes.tar (1).txt"_s;
    QTest::newRow("name is tar.gz") << u"tar.gz"_s << 1 << d << u"tar (1).gz"_s;
    QTest::newRow("no extension") << u"README"_s << 1 << d << u"README (1)"_s;
    QTest::newRow("version dots") << u"v1.2.3"_s << 1 << d << u"v1.2 (1).3"_s;
    QTest::newRow("dot with spaces after") << u"Report v2.0 final"_s << 1 << d << u"Report v2.0 final (1)"_s;
    QTest::newRow("defused launcher") << u"x.desktop.download"_s << 1 << d << u"x.desktop (1).download"_s;
    QTest::newRow("big n") << u"a.txt"_s << 9999 << d << u"a (9999).txt"_s;
    QTest::newRow("full length") << QString(196, u'a') + u".txt"_s << 1 << d
                                 << QString(192, u'a') + u" (1).txt"_s;
    QTest::newRow("full length tar.gz") << QString(193, u'a') + u".tar.gz"_s << 10 << d
                                        << QString(188, u'a') + u" (10).tar.gz"_s;
    QTest::newRow("full length emoji") << repeated(grin, 49) + u".png"_s << 1 << d
                                       << repeated(grin, 48) + u" (1).png"_s;
    QTest::newRow("cut leaves a space") << u"ab cdef.txt"_s << 1 << 11 << u"ab (1).txt"_s;
    QTest::newRow("too long at zero") << QString(300, u'a') + u".txt"_s << 0 << d
                                      << QString(196, u'a') + u".txt"_s;
    QTest::newRow("no room for stem") << u"abc.txt"_s << 1 << 8 << u"(1).txt"_s;
}

void TestFileNames::numbered()
{
    QFETCH(QString, name);
    QFETCH(int, n);
    QFETCH(int, maxBytes);
    QFETCH(QString, expected);

    const QString result = FileNames::numbered(name, n, maxBytes);
    VERIFY_SAFE(result, maxBytes);
    QCOMPARE(result, expected);
}

// TargetFolder::publish walks n = 0, 1, 2, ...: every candidate must be new, even at the length cap.
void TestFileNames::numberedStaysDistinct()
{
    const QString names[] = { u"report.pdf"_s, QString(200, u'a'), QString(196, u'a') + u".tar.gz"_s,
                              repeated(grin, 50), u"README"_s };
    for (const QString &name : names) {
        QSet<QString> seen;
        for (int n = 0; n < 1200; ++n) {
            const QString candidate = FileNames::numbered(name, n);
            VERIFY_SAFE(candidate, 200);
            QVERIFY2(!seen.contains(candidate), qPrintable(describe(candidate)));
            seen.insert(candidate);
        }
    }
}

// The whole path a server's suggestion takes: header first, the URL when the header gives nothing.
void TestFileNames::headerToName_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("expected");

    const QUrl url(u"https://example.com/dl/file.zip?x=1"_s);
    QTest::newRow("header wins") << "attachment; filename=\"report.pdf\""_ba << url << u"report.pdf"_s;
    QTest::newRow("no header") << QByteArray() << url << u"file.zip"_s;
    QTest::newRow("header without name") << "attachment"_ba << url << u"file.zip"_s;
    QTest::newRow("traversal to dotfile") << "attachment; filename=\"../../.bashrc\""_ba << url << u"bashrc"_s;
    QTest::newRow("encoded traversal") << "attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"_ba << url
                                       << u"passwd"_s;
    QTest::newRow("raw bidi override") << "attachment; filename=\"evil\xe2\x80\xaetxt.exe\""_ba << url
                                       << u"evil_txt.exe"_s;
    QTest::newRow("launcher") << "attachment; filename=x.desktop"_ba << url << u"x.desktop.download"_s;
    QTest::newRow("NUL") << "attachment; filename=\"a\0b.txt\""_ba << url << u"a_b.txt"_s;
    QTest::newRow("windows path") << "attachment; filename=\"C:\\\\temp\\\\x.exe\""_ba << url << u"x.exe"_s;
    QTest::newRow("only dots") << "attachment; filename=\"..\""_ba << url << u"download"_s;
}

void TestFileNames::headerToName()
{
    QFETCH(QByteArray, header);
    QFETCH(QUrl, url);
    QFETCH(QString, expected);

    const QString proposed = Ferry::ContentDisposition::parse(header).fileName;
    const QString name = FileNames::sanitize(proposed.isEmpty() ? FileNames::fromUrl(url) : proposed);
    VERIFY_SAFE(name, 200);
    QCOMPARE(name, expected);
}

// Random strings over the characters that matter, at random limits: always safe, always idempotent.
void TestFileNames::randomInputStaysSafe()
{
    const QString alphabet[] = {
        u"a"_s, u"Z"_s, u"."_s, u".."_s, u" "_s, u"/"_s, u"\\"_s, u"_"_s, u"\t"_s, u"\0"_s, u"\u007f"_s,
        u"\u0085"_s, u"\u202e"_s, u"\u200d"_s, u"\ufeff"_s, u"\u2028"_s, u"\u3000"_s, u"\u00e9"_s,
        u"e\u0301"_s, u"\u20ac"_s, grin, thumbsMedium, u"\ufffd"_s, QString(QChar(0xD800)),
        QString(QChar(0xDC00)), u".desktop"_s, u".tar.gz"_s, u".txt"_s,
    };
    const auto count = int(std::size(alphabet));
    QRandomGenerator rng(0xF3224);

    for (int round = 0; round < 5000; ++round) {
        QString proposed;
        const int length = rng.bounded(40);
        for (int i = 0; i < length; ++i)
            proposed += alphabet[rng.bounded(count)];
        const int maxBytes = rng.bounded(3) == 0 ? 200 : 1 + rng.bounded(40);

        const QString name = FileNames::sanitize(proposed, u"download"_s, maxBytes);
        VERIFY_SAFE(name, maxBytes);
        QCOMPARE(FileNames::sanitize(name, u"download"_s, maxBytes), name);
        const int n = 1 + rng.bounded(20);
        const QString next = FileNames::numbered(name, n, maxBytes);
        const QString afterNext = FileNames::numbered(name, n + 1, maxBytes);
        VERIFY_SAFE(next, maxBytes);
        VERIFY_SAFE(afterNext, maxBytes);
        // Distinct once there is room for "(n)" at all.
        if (maxBytes >= 8)
            QVERIFY2(next != afterNext, qPrintable(describe(next)));
    }
}

QTEST_GUILESS_MAIN(TestFileNames)
#include "tst_filenames.moc"
