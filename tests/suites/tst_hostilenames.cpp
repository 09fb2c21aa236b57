// hostile-names: names a server proposes through Content-Disposition (filename= and filename*=) and
// through the URL's last segment: traversal, absolute paths, backslashes, NUL, control and bidi
// characters, leading dots, launcher extensions, 10,000-character names, encoded slashes, invalid
// UTF-8, names already taken by a file, a folder or a planted symlink. Every download must land as one
// safe, visible, regular file inside the target folder, and nothing else in the sandbox may change.
// Prints one count line; fails on any escape.
#include "suitekit.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

// Names as raw bytes: what a hostile server would put on the wire before any decoding.
QList<QByteArray> hostileNames()
{
    QList<QByteArray> names = {
        "../../evil.sh", "../../../../../../../../etc/passwd", "/etc/passwd", "/tmp/abs.txt",
        "..\\..\\evil.bat", "C:\\Windows\\system32\\evil.dll", "\\\\server\\share\\unc.txt",
        "a/../../b.txt", "dir/..", "dir/", "..", ".", "...", "", "   ", "/",
        QByteArray("nul\0byte.txt", 12), "line\nbreak.txt", "carriage\rreturn.txt", "tab\tname.txt",
        "\x1b[31mred.txt", "bell\x07.txt", "del\x7f.txt", "c1\xc2\x85next.txt",
        "evil\xe2\x80\xaetxt.exe", "\xe2\x80\xaeleading-rlo.txt", "zero\xe2\x80\x8bwidth.txt",
        "\xef\xbb\xbf" "bom.txt", "line\xe2\x80\xa8separator.txt", "trailing-rlo.txt\xe2\x80\xae",
        ".bashrc", ".ssh/authorized_keys", "..hidden", " .hidden", "\xe2\x80\x8b.hidden",
        "run.desktop", "RUN.DESKTOP", "run.desktop.", "run.desktop   ", "run.desktop\xe2\x80\x8b",
        QByteArray(10000, 'a'), QByteArray(10000, 'a') + ".desktop", QByteArray("\xc3\xa9").repeated(5000),
        QByteArray(300, 'n') + ".tar.gz", QByteArray("\xf0\x9f\x98\x80").repeated(2500),
        "\xff\xfe.bin", "bad\xc3(.bin", "overlong\xc0\xaf.txt", "surrogate\xed\xa0\x80.txt",
        "truncated\xe2\x82", "trailing.dots...", "trailing spaces   ", "-rf", "~", "~root",
        "con", "NUL.txt", "CON:", "x:y.txt", "*?<>|.txt", "name with spaces.txt", "%2e%2e%2fliteral",
        "existing.txt", "folder.txt", "link.txt", "victim.txt", "passwd",
    };
    return names;
}

QByteArray encodeAll(const QByteArray &raw)
{
    // Everything but unreserved characters, so slashes and dots arrive encoded.
    return raw.toPercentEncoding();
}

struct Source
{
    const char *name;
    bool canCarry(const QByteArray &raw) const
    {
        // A header value cannot hold CR, LF or NUL on the wire, and a quoted one no '"' or '\'.
        if (qstrcmp(name, "filename=") == 0)
            return !raw.contains('\0') && !raw.contains('\r') && !raw.contains('\n') && !raw.contains('"')
                   && !raw.contains('\\');
        return true;
    }
};

// What makes a landed name safe, in words; empty when it is.
QString unsafeBecause(const QString &name)
{
    if (name.isEmpty())
        return u"empty name"_s;
    if (name.contains(u'/') || name.contains(u'\\'))
        return u"a separator in the name"_s;
    if (name.startsWith(u'.'))
        return u"hidden (leading dot)"_s;
    if (name.endsWith(u'.') || name.endsWith(u' '))
        return u"trailing dot or space"_s;
    if (name.endsWith(u".desktop"_s, Qt::CaseInsensitive))
        return u"a launcher extension"_s;
    if (name.toUtf8().size() > 255)
        return u"longer than 255 bytes"_s;
    for (const char32_t c : name.toUcs4()) {  // a lone surrogate comes out as itself
        const auto category = QChar::category(c);
        if (c < 0x20 || (c >= 0x7f && c < 0xa0) || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph
            || category == QChar::Other_Surrogate)
            return u"an invisible or control character U+%1"_s.arg(uint(c), 4, 16, QChar(u'0'));
    }
    if (QString::fromUtf8(QFile::encodeName(name)) != name)
        return u"not valid UTF-8 on disk"_s;
    return {};
}

} // namespace

class TestHostileNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyNameLandsSafely();
};

void TestHostileNames::everyNameLandsSafely()
{
    TestServer server;
    QVERIFY(server.listen());
    QTemporaryDir sandbox;
    QVERIFY(sandbox.isValid());
    const QString target = sandbox.filePath(u"home/user/Downloads"_s);
    const QString outside = sandbox.filePath(u"home/user/outside"_s);
    QVERIFY(QDir().mkpath(target));
    QVERIFY(QDir().mkpath(outside));
    QVERIFY(QDir().mkpath(sandbox.filePath(u"etc"_s)));
    const auto write = [](const QString &path, const QByteArray &data) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    };
    QVERIFY(write(outside + u"/victim.txt"_s, "precious"));
    QVERIFY(write(sandbox.filePath(u"etc/passwd"_s), "root:x:0:0"));
    QVERIFY(write(sandbox.filePath(u"home/user/.bashrc"_s), "alias ls=ls"));
    QVERIFY(write(target + u"/existing.txt"_s, "already here"));
    QVERIFY(QDir().mkpath(target + u"/folder.txt"_s));
    // Planted symlinks at names a download will want: final, partial and sidecar.
    for (const QString &name : { u"link.txt"_s, u"link.txt.ferry-part"_s, u"link.txt.ferry-resume"_s,
                                 u"victim.txt"_s, u"passwd"_s, u"passwd.ferry-part"_s })
        QVERIFY(QFile::link(outside + u"/victim.txt"_s, target + u'/' + name));

    DownloadManager manager;
    manager.setOptions(quickOptions());

    const QList<Source> sources = { { "filename=" }, { "filename*=" }, { "URL" } };
    int tried = 0, safe = 0, escaped = 0, notCarried = 0;
    QStringList problems;
    QStringList before = treeSnapshot(sandbox.path());
    const QList<QByteArray> names = hostileNames();
    for (int n = 0; n < names.size(); ++n) {
        const QByteArray &raw = names.at(n);
        for (const Source &source : sources) {
            if (!source.canCarry(raw)) {
                ++notCarried;
                continue;
            }
            ++tried;
            const QByteArray body = "payload " + QByteArray::number(tried);
            QUrl url;
            Resource resource(body);
            if (qstrcmp(source.name, "URL") == 0) {
                url = QUrl::fromEncoded("http://127.0.0.1:" + QByteArray::number(server.port()) + "/u"
                                        + QByteArray::number(n) + '/' + encodeAll(raw));
                server.setResource(url.path(QUrl::FullyEncoded), resource);
                // "%2E%2E" is ".." (dots are unreserved): the client goes where the dot segments lead.
                server.setResource(url.adjusted(QUrl::NormalizePathSegments).path(QUrl::FullyEncoded), resource);
                server.setResource(u"/u%1/"_s.arg(n) + QString::fromLatin1(encodeAll(raw)), resource);
            } else {
                resource.contentDisposition = qstrcmp(source.name, "filename=") == 0
                                                      ? QByteArray("attachment; filename=\"" + raw + '"')
                                                      : QByteArray("attachment; filename*=UTF-8''" + encodeAll(raw));
                const QString path = u"/cd%1-%2"_s.arg(n).arg(tried);
                server.setResource(path, resource);
                url = server.url(path);
            }
            DownloadRequest request;
            request.url = url;
            request.directory = target;
            const DownloadSnapshot s = runToEnd(manager, request);
            const QString label = u"%1 %2"_s.arg(QString::fromLatin1(source.name),
                                                 QString::fromLatin1(raw.left(60).toPercentEncoding()));

            QString problem;
            const QStringList after = treeSnapshot(sandbox.path());
            QStringList added, removed;
            for (const QString &line : after)
                if (!before.contains(line))
                    added << line;
            for (const QString &line : before)
                if (!after.contains(line))
                    removed << line;
            const QString relativeTarget = QDir(sandbox.path()).relativeFilePath(target) + u'/';
            if (s.state != DownloadState::Succeeded) {
                problem = u"did not land: "_s + downloadStateName(s.state) + u' ' + s.error.toString()
                          + u" (the server saw "_s + server.requests().value(server.requests().size() - 1).target + u')';
            } else if (!removed.isEmpty() || added.size() != 1) {
                problem = u"the sandbox changed:\n"_s + treeDifference(before, after);
            } else if (QFileInfo(s.path).absolutePath() != QFileInfo(target).absoluteFilePath()) {
                problem = u"landed outside the folder: "_s + s.path;
            } else {
                const QString name = QFileInfo(s.path).fileName();
                struct stat st;
                if (!added.first().startsWith(relativeTarget + name + u" mode="_s))
                    problem = u"the new entry is not the reported file: "_s + added.first();
                else if (::lstat(QFile::encodeName(s.path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
                    problem = u"not a regular file"_s;
                else if (fileSha256Hex(s.path) != sha256Hex(body))
                    problem = u"wrong content"_s;
                else
                    problem = unsafeBecause(name);
                if (!problem.isEmpty())
                    problem += u" (landed as '"_s + name + u"')"_s;
            }
            if (problem.isEmpty()) {
                ++safe;
            } else {
                ++escaped;
                problems << label + u": "_s + problem;
            }
            before = after;
        }
    }
    // The planted targets are as they were.
    QCOMPARE(fileSha256Hex(outside + u"/victim.txt"_s), sha256Hex("precious"));
    QCOMPARE(fileSha256Hex(target + u"/existing.txt"_s), sha256Hex("already here"));
    qInfo("hostile-names: %d tried, %d safe, %d escaped (%d name/source pairs a header cannot carry)", tried,
          safe, escaped, notCarried);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestHostileNames)
#include "tst_hostilenames.moc"
