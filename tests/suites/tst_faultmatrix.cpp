// fault-matrix: every fault the TestServer injects × one connection or four × a fresh start or a resume
// of a partial file an earlier, interrupted engine left behind. Each run must end in a file that is
// byte-identical to what the server serves, or in a clear error with nothing under the final name.
// Prints one count line; fails on any corrupt, hung or unclear run.
#include "suitekit.h"
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 BodySize = 1 << 20;

// One fault: how to serve the resource for the measured run, and what a run may end in.
struct Fault
{
    const char *name;
    std::function<Resource(const QByteArray &body)> resource;
    bool mayFail = false;     // a run that gives up (clearly) is fine: retries run out, a loop, a 404
    bool mustFail = false;    // success would be wrong
    bool changesContent = false;  // the server serves a new version after the first cut
    bool redirect = false;    // served at "<path>.real" behind a chain of redirects
    bool loop = false;        // a redirect loop, nothing is served
};

Resource plain(const QByteArray &body) { return Resource(body); }

QList<Fault> faults()
{
    QList<Fault> list;
    list.append({ "no fault", plain });
    list.append({ "cut at byte 150000 once", [](const QByteArray &b) {
                     Resource r(b); r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "cut at byte 0 twice", [](const QByteArray &b) {
                     Resource r(b); r.cutAfter = 0; r.cutTimes = 2; return r; } });
    list.append({ "cut on every response", [](const QByteArray &b) {
                     Resource r(b); r.cutAfter = 120000; return r; }, true });
    list.append({ "content and ETag change after a cut", [](const QByteArray &b) {
                     Resource r(b); r.cutAfter = 200000; r.cutTimes = 1; return r; }, false, false, true });
    list.append({ "weak ETag only, cut once", [](const QByteArray &b) {
                     Resource r(b); r.etag = Resource::Etag::Weak; r.lastModified = false;
                     r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "no validators, cut once", [](const QByteArray &b) {
                     Resource r(b); r.etag = Resource::Etag::None; r.lastModified = false;
                     r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "Last-Modified only, cut once", [](const QByteArray &b) {
                     Resource r(b); r.etag = Resource::Etag::None; r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "Range ignored, cut once", [](const QByteArray &b) {
                     Resource r(b); r.acceptRanges = false; r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "chunked, cut once", [](const QByteArray &b) {
                     Resource r(b); r.chunked = true; r.cutAfter = 150000; r.cutTimes = 1; return r; } });
    list.append({ "Content-Length short by 1000, twice", [](const QByteArray &b) {
                     Resource r(b); r.shortBy = 1000; r.cutTimes = 2; return r; } });
    list.append({ "Content-Length short on every response", [](const QByteArray &b) {
                     Resource r(b); r.shortBy = 1; return r; }, true });
    list.append({ "Content-Length long by 5000", [](const QByteArray &b) {
                     Resource r(b); r.longBy = 5000; return r; } });
    list.append({ "503 burst, Retry-After 0", [](const QByteArray &b) {
                     Resource r(b); r.failTimes = 3; r.failStatus = 503; r.retryAfter = "0"; return r; } });
    list.append({ "429 burst, Retry-After 1", [](const QByteArray &b) {
                     Resource r(b); r.failTimes = 1; r.failStatus = 429; r.retryAfter = "1"; return r; } });
    list.append({ "500 burst, no Retry-After", [](const QByteArray &b) {
                     Resource r(b); r.failTimes = 2; r.failStatus = 500; return r; } });
    list.append({ "502 forever", [](const QByteArray &b) {
                     Resource r(b); r.failTimes = 1000; r.failStatus = 502; return r; }, true, true });
    list.append({ "stall at byte 100000 once", [](const QByteArray &b) {
                     Resource r(b); r.stallAfter = 100000; r.cutTimes = 1; return r; } });
    list.append({ "stall on every response", [](const QByteArray &b) {
                     Resource r(b); r.stallAfter = 50000; return r; }, true });
    list.append({ "drip 8 KiB per 2 ms", [](const QByteArray &b) {
                     Resource r(b); r.dripBytes = 8192; r.dripIntervalMs = 2; return r; } });
    list.append({ "redirect chain of 5", plain, false, false, false, true });
    list.append({ "redirect loop", plain, true, true, false, false, true });
    return list;
}

// A resource that lets an earlier engine get part of the way and then keeps it waiting.
Resource interruptible(const QByteArray &body)
{
    Resource r(body);
    r.stallAfter = 100000;  // below a quarter of the body: each of four segments stalls too
    return r;
}

bool sensibleCode(TaskError::Code code)
{
    switch (code) {
    case TaskError::Code::Network:
    case TaskError::Code::HttpStatus:
    case TaskError::Code::Protocol:
    case TaskError::Code::Redirect:
    case TaskError::Code::Stalled:
        return true;
    default:
        return false;
    }
}

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matrix();

private:
    // Leaves a partial file and its resume state in dir, as an interrupted run does.
    bool interruptedRun(TestServer &server, const QString &path, const QString &dir, int connections,
                        QString *why);
};

bool TestFaultMatrix::interruptedRun(TestServer &server, const QString &path, const QString &dir,
                                     int connections, QString *why)
{
    DownloadManager manager;
    manager.setOptions(quickOptions());
    DownloadRequest request;
    request.url = server.url(path);
    request.directory = dir;
    request.connections = connections;
    const DownloadId id = manager.add(request);
    const QString name = QFileInfo(path).fileName();
    const QString sidecar = QDir(dir).filePath(name + u".ferry-resume"_s);
    // Every response stalls at 100000 bytes; a checkpoint that records some of them is enough.
    if (!waitUntil([&] { return sidecarBytesDone(sidecar) >= 50000; }, 10000)) {
        *why = u"the earlier run left no resume state: "_s + manager.snapshot(id).error.toString();
        return false;
    }
    manager.cancel(id, true);
    return true;
}

void TestFaultMatrix::matrix()
{
    TestServer server;
    QVERIFY(server.listen());
    QTemporaryDir root;
    QVERIFY(root.isValid());

    int runs = 0, identical = 0, failedCleanly = 0, corrupt = 0, resumedFromPartial = 0;
    QStringList problems;
    const QList<Fault> all = faults();
    for (int f = 0; f < all.size(); ++f) {
        const Fault &fault = all.at(f);
        for (int connections : { 1, 4 }) {
            for (bool resumed : { false, true }) {
                ++runs;
                const QString label = u"%1 / %2 connection(s) / %3"_s.arg(QString::fromLatin1(fault.name))
                                              .arg(connections)
                                              .arg(resumed ? u"resumed"_s : u"fresh"_s);
                const QString name = u"f%1-%2-%3.bin"_s.arg(f).arg(connections).arg(int(resumed));
                const QString path = u"/"_s + name;
                const QString dir = root.filePath(name + u".d"_s);
                QVERIFY(QDir().mkpath(dir));
                const QByteArray body = randomBytes(BodySize, quint32(1000 + runs));
                const QString servedPath = fault.redirect ? path + u".real"_s : path;
                QByteArray expected = body;

                if (resumed) {
                    server.setResource(servedPath, interruptible(body));
                    if (fault.redirect || fault.loop)
                        server.setResource(path, interruptible(body));
                    QString why;
                    if (!interruptedRun(server, path, dir, connections, &why)) {
                        ++corrupt;
                        problems << label + u": "_s + why;
                        continue;
                    }
                    server.closeAllConnections();
                    // Same validators: the partial file still matches what is served.
                    server.updateResource(servedPath, fault.resource(body));
                } else {
                    server.setResource(servedPath, fault.resource(body));
                }
                if (fault.redirect) {
                    server.removeResource(path);
                    for (int hop = 0; hop < 4; ++hop)
                        server.addRedirect(path + (hop ? u"-%1"_s.arg(hop) : QString()),
                                           server.url(path + u"-%1"_s.arg(hop + 1)), hop % 2 ? 301 : 307);
                    server.addRedirect(path + u"-4"_s, server.url(servedPath), 302);
                }
                if (fault.loop) {
                    server.addRedirect(path, server.url(path + u"-b"_s));
                    server.addRedirect(path + u"-b"_s, server.url(path));
                }
                QMetaObject::Connection changer;
                if (fault.changesContent) {
                    expected = randomBytes(BodySize, quint32(5000 + runs));
                    if (resumed) {
                        server.changeResource(servedPath, expected);
                    } else {
                        changer = connect(&server, &TestServer::requestServed, this,
                                          [&, servedPath](const RequestRecord &record) {
                                              if (record.path == servedPath && record.end == ResponseEnd::Cut)
                                                  server.changeResource(servedPath, expected);
                                          });
                    }
                }
                server.clearRequests();

                DownloadManager manager;
                manager.setOptions(quickOptions());
                DownloadRequest request;
                request.url = server.url(path);
                request.directory = dir;
                request.connections = connections;
                QElapsedTimer clock;
                clock.start();
                const DownloadSnapshot s = runToEnd(manager, request, 30000);
                if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
                    qDebug("%s: %s in %lld ms %s", qPrintable(label), qPrintable(downloadStateName(s.state)),
                           clock.elapsed(), qPrintable(s.error.toString()));
                disconnect(changer);

                const QString finalPath = QDir(dir).filePath(QFileInfo(servedPath).fileName());
                QString problem;
                if (s.state == DownloadState::Succeeded) {
                    if (fault.mustFail)
                        problem = u"succeeded where it must fail"_s;
                    else if (s.path != finalPath)
                        problem = u"landed at "_s + s.path;
                    else if (fileSha256Hex(s.path) != sha256Hex(expected))
                        problem = u"the file differs from what the server serves"_s;
                    else if (listFilesRecursively(dir) != QStringList{ QFileInfo(finalPath).fileName() })
                        problem = u"left files behind: "_s + listFilesRecursively(dir).join(u", "_s);
                    if (problem.isEmpty()) {
                        ++identical;
                        if (resumed && !fault.changesContent) {
                            for (const RequestRecord &r : server.requests())
                                if (r.path == servedPath && !r.range.isEmpty() && !r.range.startsWith("bytes=0-")
                                    && r.status == 206) {
                                    ++resumedFromPartial;
                                    break;
                                }
                        }
                    }
                } else if (s.state == DownloadState::Failed) {
                    if (!fault.mayFail)
                        problem = u"failed: "_s + s.error.toString();
                    else if (s.error.message().isEmpty() || !sensibleCode(s.error.code()))
                        problem = u"unclear error: code %1, '%2'"_s.arg(int(s.error.code())).arg(s.error.toString());
                    else if (QFileInfo::exists(finalPath))
                        problem = u"a file under the final name after a failure"_s;
                    if (problem.isEmpty())
                        ++failedCleanly;
                } else {
                    problem = u"did not finish: state "_s + downloadStateName(s.state);
                }
                if (!problem.isEmpty()) {
                    ++corrupt;
                    problems << label + u": "_s + problem;
                }
                server.closeAllConnections();
            }
        }
    }
    qInfo("fault-matrix: %d runs, %d identical, %d failed cleanly, %d corrupt (%d resumed runs continued "
          "from the partial file)",
          runs, identical, failedCleanly, corrupt, resumedFromPartial);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
