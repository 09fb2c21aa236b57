// hostile-servers: servers that break HTTP on purpose: endless or huge headers, endless redirects,
// bodies longer than Content-Length, negative and overflowing Content-Length and Content-Range values,
// invalid chunked framing, garbage status lines, bad TLS certificates. Every download must end within
// a watchdog's time, with the served bytes where they are unambiguous or a clear error, and never with a
// file under the final name after an error. Prints one count line; fails on any hang, crash or bad file.
#include "suitekit.h"
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int WatchdogMs = 20000;

struct Case
{
    enum class Special { None, EndlessHeaders, EndlessRedirects, RedirectWithoutLocation };
    Case(const char *n, const QByteArray &r, const QByteArray &a = {}, bool res = false, Special sp = Special::None)
        : name(n), raw(r), acceptable(a), resume(res), special(sp)
    {
    }
    const char *name;
    QByteArray raw;            // the verbatim response (Special::None)
    QByteArray acceptable;     // a body that may be saved; empty: the download must fail
    bool resume = false;       // the raw answer goes to the resume of a partial file
    Special special = Special::None;
};

// Broken chunked framing: Qt 6.4's HTTP/1 reader (QHttpNetworkReplyPrivate::getChunkSize) takes a
// chunk size it cannot parse as 0, the last chunk, does not check the CRLF after a chunk (so a chunk
// longer than announced loses its tail), and a close before the last chunk sometimes ends without an
// error: the reply says NoError over an empty or truncated body. Ferry cannot see the framing, so it
// asks the server for the size (CompletenessProbe) and fails a chunked body nobody can vouch for.
QByteArray head(const QByteArray &statusAndHeaders) { return "HTTP/1.1 " + statusAndHeaders + "\r\n\r\n"; }

QList<Case> cases()
{
    QList<Case> list;
    list.append(Case{ "endless headers", {}, {}, false, Case::Special::EndlessHeaders });
    list.append(Case{ "one 4 MiB header line", "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(4 << 20, 'a')
                                              + "\r\nContent-Length: 5\r\n\r\nhello", "hello" });
    QByteArray manyHeaders = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 20000; ++i)
        manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
    list.append(Case{ "20,000 header lines", manyHeaders + "Content-Length: 5\r\n\r\nhello", "hello" });
    list.append(Case{ "endless redirects", {}, {}, false, Case::Special::EndlessRedirects });
    list.append(Case{ "redirect without Location", {}, {}, false, Case::Special::RedirectWithoutLocation });
    list.append(Case{ "body 1 MiB longer than Content-Length",
                  head("200 OK\r\nContent-Length: 5") + "hello" + QByteArray(1 << 20, 'g'), "hello" });
    list.append(Case{ "Content-Length -1", head("200 OK\r\nContent-Length: -1") + "hello", "hello" });
    list.append(Case{ "Content-Length -5000000000", head("200 OK\r\nContent-Length: -5000000000") + "hello", "hello" });
    list.append(Case{ "Content-Length 2^64-1", head("200 OK\r\nContent-Length: 18446744073709551615") + "hello", "hello" });
    list.append(Case{ "Content-Length 10^30", head("200 OK\r\nContent-Length: 1000000000000000000000000000000") + "hello", "hello" });
    list.append(Case{ "Content-Length 2^63-1", head("200 OK\r\nContent-Length: 9223372036854775807") + "hello" });
    list.append(Case{ "Content-Length not a number", head("200 OK\r\nContent-Length: 5x") + "hello", "hello" });
    list.append(Case{ "two different Content-Lengths", head("200 OK\r\nContent-Length: 5\r\nContent-Length: 7") + "hello", "hello" });
    list.append(Case{ "Content-Length and chunked", head("200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked")
                                                    + "5\r\nhello\r\n0\r\n\r\n", "hello" });
    list.append(Case{ "chunk size not hex", head("200 OK\r\nTransfer-Encoding: chunked") + "zz\r\nhello\r\n0\r\n\r\n" });
    list.append(Case{ "chunk size overflowing", head("200 OK\r\nTransfer-Encoding: chunked")
                                                + "fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n" });
    list.append(Case{ "chunk size negative", head("200 OK\r\nTransfer-Encoding: chunked") + "-5\r\nhello\r\n0\r\n\r\n" });
    list.append(Case{ "chunk longer than announced", head("200 OK\r\nTransfer-Encoding: chunked")
                                                     + "3\r\nhello\r\n0\r\n\r\n" });
    list.append(Case{ "chunked without the last chunk", head("200 OK\r\nTransfer-Encoding: chunked") + "5\r\nhello\r\n" });
    list.append(Case{ "bad chunk size after a good chunk", head("200 OK\r\nTransfer-Encoding: chunked")
                                                           + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n" });
    list.append(Case{ "close in the middle of a chunk", head("200 OK\r\nTransfer-Encoding: chunked") + "a\r\nhello" });
    list.append(Case{ "chunk size with a chunk extension", head("200 OK\r\nTransfer-Encoding: chunked")
                                                           + "5;x=\"y\"\r\nhello\r\n0\r\n\r\n", "hello" });
    list.append(Case{ "garbage status line", "HTTP/1.1 abc\r\nContent-Length: 5\r\n\r\nhello" });
    list.append(Case{ "not HTTP at all", QByteArray("SSH-2.0-OpenSSH_9.2\r\n").repeated(100) });
    list.append(Case{ "nothing, then close", QByteArray() });
    list.append(Case{ "1,000 interim 100 responses", QByteArray("HTTP/1.1 100 Continue\r\n\r\n").repeated(1000) });
    list.append(Case{ "gzip that is not gzip", head("200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5") + "hello" });
    list.append(Case{ "206 of unknown total", head("206 Partial Content\r\nContent-Range: bytes 0-4/*\r\nContent-Length: 5") + "hello" });
    list.append(Case{ "unsolicited 206", head("206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5") + "hello" });

    // Answers to the Range request of a resume.
    const QByteArray etag = "\r\nETag: \"x\"\r\nContent-Length: 5";
    list.append(Case{ "Content-Range negative start", head("206 Partial Content\r\nContent-Range: bytes -5-9/10" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range end before start", head("206 Partial Content\r\nContent-Range: bytes 100-50/200" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range overflowing", head("206 Partial Content\r\nContent-Range: bytes 0-99999999999999999999/100000000000000000000" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range 2^63-1", head("206 Partial Content\r\nContent-Range: bytes 9223372036854775806-9223372036854775807/9223372036854775807" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range total unknown", head("206 Partial Content\r\nContent-Range: bytes 0-4/*" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range garbage", head("206 Partial Content\r\nContent-Range: lines 1-2/3" + etag) + "hello", {}, true });
    list.append(Case{ "Content-Range beyond the total", head("206 Partial Content\r\nContent-Range: bytes 300000-300004/10" + etag) + "hello", {}, true });
    list.append(Case{ "416 with a bogus total", head("416 Range Not Satisfiable\r\nContent-Range: bytes */-1\r\nContent-Length: 0"), {}, true });
    return list;
}

bool sensibleCode(TaskError::Code code)
{
    switch (code) {
    case TaskError::Code::Network:
    case TaskError::Code::HttpStatus:
    case TaskError::Code::Protocol:
    case TaskError::Code::Redirect:
    case TaskError::Code::Stalled:
    case TaskError::Code::Tls:
    case TaskError::Code::DiskFull:  // a promised 8 EiB does not fit
        return true;
    default:
        return false;
    }
}

// Leaves a partial file and its resume state, as an interrupted run does.
bool interruptedRun(TestServer &server, const QString &path, const QString &dir)
{
    Resource r(randomBytes(1 << 20, 7));
    r.stallAfter = 300000;
    server.setResource(path, r);
    DownloadManager manager;
    manager.setOptions(quickOptions());
    DownloadRequest request;
    request.url = server.url(path);
    request.directory = dir;
    const DownloadId id = manager.add(request);
    const QString sidecar = QDir(dir).filePath(QFileInfo(path).fileName() + u".ferry-resume"_s);
    if (!waitUntil([&] { return sidecarBytesDone(sidecar) >= 100000; }, 10000))
        return false;
    manager.cancel(id, true);
    return true;
}

} // namespace

class TestHostileServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyServerEndsCleanly();

private:
    // Empty when the snapshot is a clean end; else what is wrong.
    static QString judge(const DownloadSnapshot &s, const QString &dir, const QString &finalName,
                         const QByteArray &acceptable);
};

QString TestHostileServers::judge(const DownloadSnapshot &s, const QString &dir, const QString &finalName,
                                  const QByteArray &acceptable)
{
    const QString finalPath = QDir(dir).filePath(finalName);
    if (s.state == DownloadState::Succeeded) {
        if (acceptable.isEmpty())
        {
            QFile saved(s.path);
            const QByteArray head = saved.open(QIODevice::ReadOnly) ? saved.read(40) : QByteArray();
            return u"succeeded where it must fail, saved %1 bytes starting '%2'"_s.arg(QFileInfo(s.path).size())
                    .arg(QString::fromLatin1(head.toPercentEncoding(" /:")));
        }
        if (fileSha256Hex(s.path) != sha256Hex(acceptable))
            return u"saved the wrong bytes (%1 bytes)"_s.arg(QFileInfo(s.path).size());
        return {};
    }
    if (s.state != DownloadState::Failed)
        return u"did not end within the watchdog: "_s + downloadStateName(s.state);
    if (s.error.message().isEmpty() || !sensibleCode(s.error.code()))
        return u"unclear error: code %1, '%2'"_s.arg(int(s.error.code())).arg(s.error.toString());
    // These servers answer every request the same way: blaming a changing file would send the user
    // looking in the wrong place.
    if (s.error.message().contains(u"keeps changing"_s))
        return u"misleading error: "_s + s.error.toString();
    if (QFileInfo::exists(finalPath))
        return u"a file under the final name after the error"_s;
    for (const QString &name : listFilesRecursively(dir))
        if (!name.endsWith(u".ferry-part"_s) && !name.endsWith(u".ferry-resume"_s))
            return u"left "_s + name;
    return {};
}

void TestHostileServers::everyServerEndsCleanly()
{
    TestServer server;
    QVERIFY(server.listen());
    QTemporaryDir root;
    QVERIFY(root.isValid());
    int tried = 0, saved = 0, failedCleanly = 0, bad = 0, chunkedTried = 0, chunkedSaved = 0;
    QStringList problems;
    const auto record = [&](const QString &label, const DownloadSnapshot &s, const QString &problem, qint64 ms,
                            bool brokenChunked = false) {
        ++tried;
        chunkedTried += brokenChunked ? 1 : 0;
        if (!problem.isEmpty()) {
            ++bad;
            problems << label + u": "_s + problem;
        } else if (s.state == DownloadState::Succeeded) {
            ++saved;
            chunkedSaved += brokenChunked ? 1 : 0;
        } else {
            ++failedCleanly;
        }
        if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
            qDebug("%s: %s in %lld ms: %s", qPrintable(label), qPrintable(downloadStateName(s.state)), ms,
                   qPrintable(s.error.toString().left(300)));
    };

    const QList<Case> all = cases();
    for (int i = 0; i < all.size(); ++i) {
        const Case &c = all.at(i);
        for (int connections : { 1, 4 }) {
            if (c.resume && connections == 4)
                continue;  // the resume of one connection is the case; four add nothing here
            const QString name = u"s%1-%2.bin"_s.arg(i).arg(connections);
            const QString path = u"/"_s + name;
            const QString dir = root.filePath(name + u".d"_s);
            QVERIFY(QDir().mkpath(dir));
            if (c.resume)
                QVERIFY2(interruptedRun(server, path, dir), c.name);
            server.closeAllConnections();
            switch (c.special) {
            case Case::Special::EndlessHeaders: server.setEndlessHeaders(path); break;
            case Case::Special::EndlessRedirects: server.setEndlessRedirects(path); break;
            case Case::Special::RedirectWithoutLocation:
                server.setRawResponse(path, head("302 Found\r\nContent-Length: 0"));
                break;
            case Case::Special::None: server.setRawResponse(path, c.raw); break;
            }
            DownloadManager manager;
            manager.setOptions(quickOptions());
            DownloadRequest request;
            request.url = server.url(path);
            request.directory = dir;
            request.connections = connections;
            QElapsedTimer clock;
            clock.start();
            const DownloadSnapshot s = runToEnd(manager, request, WatchdogMs);
            record(u"%1 / %2 connection(s)"_s.arg(QString::fromLatin1(c.name)).arg(connections), s,
                   judge(s, dir, name, c.acceptable), clock.elapsed(),
                   c.raw.contains("chunked") && c.acceptable.isEmpty());
            server.closeAllConnections();
        }
    }

    // Certificates a client must not accept: each ends in a TLS error before a byte is written.
    for (const auto &[kind, label] : { std::pair{ CertificateKind::Valid, "self-signed, not trusted" },
                                       std::pair{ CertificateKind::Expired, "expired" },
                                       std::pair{ CertificateKind::WrongHost, "wrong host" } }) {
        const QString dir = root.filePath(u"tls-%1"_s.arg(int(kind)));
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QDir().mkpath(dir + u"-cert"_s));
        const TestCertificate certificate = makeCertificate(kind, dir + u"-cert"_s);
        QVERIFY2(!certificate.isNull(), label);
        TestServer tls;
        QVERIFY(tls.listenTls(certificate.certificate, certificate.key));
        tls.setResource(u"/secret.bin"_s, Resource(QByteArray("over TLS")));
        DownloadManager manager;
        manager.setOptions(quickOptions());
        DownloadRequest request;
        request.url = tls.url(u"/secret.bin"_s);
        request.directory = dir;
        QElapsedTimer clock;
        clock.start();
        const DownloadSnapshot s = runToEnd(manager, request, WatchdogMs);
        QString problem = judge(s, dir, u"secret.bin"_s, {});
        if (problem.isEmpty() && s.error.code() != TaskError::Code::Tls)
            problem = u"not a TLS error: "_s + s.error.toString();
        if (problem.isEmpty() && !listFilesRecursively(dir).isEmpty())
            problem = u"wrote "_s + listFilesRecursively(dir).join(u", "_s);
        record(u"TLS certificate %1"_s.arg(QString::fromLatin1(label)), s, problem, clock.elapsed());
    }

    // Every broken chunked body must fail: none may be saved, not even with the bytes it carried.
    qInfo("hostile-servers: %d tried, %d saved the unambiguous bytes, %d failed cleanly, %d hung or unsafe "
          "(%d broken-chunked runs, %d saved as complete)",
          tried, saved, failedCleanly, bad, chunkedTried, chunkedSaved);
    for (const QString &problem : std::as_const(problems))
        qWarning("%s", qPrintable(problem));
    QCOMPARE(chunkedSaved, 0);
    QVERIFY2(problems.isEmpty(), "see the warnings above");
}

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"
