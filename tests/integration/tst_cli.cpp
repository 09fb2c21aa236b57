// ferry-cli end to end: the real binary, run as a child process, against the fault-injecting
// TestServer in this process. The child runs asynchronously so this process's event loop keeps
// serving it; kill -9 and a file-size limit stand in for a crash and a full disk.
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace Ferry::Test;

namespace {

constexpr qint64 MiB = 1024 * 1024;

// "bytes=N-" or "bytes=N-M" -> N; -1 for anything else (no Range, a suffix range, several ranges).
qint64 rangeStart(const QByteArray &range)
{
    const qsizetype dash = range.indexOf('-');
    if (!range.startsWith("bytes=") || dash < 0 || range.contains(','))
        return -1;
    bool ok = false;
    const qint64 n = range.mid(6, dash - 6).toLongLong(&ok);
    return ok ? n : -1;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject findByUrl(const QList<QJsonObject> &objects, const QUrl &url)
{
    for (const QJsonObject &o : objects) {
        if (o.value("url"_L1).toString() == url.toString(QUrl::FullyEncoded))
            return o;
    }
    return {};
}

} // namespace

#define RUN_CLI(run)                                                                     \
    do {                                                                                 \
        QVERIFY2((run).waitForFinished(), qPrintable(u"did not finish: "_s + (run).describe())); \
    } while (false)

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void success();
    void traceIsChromeTraceJson();
    void killAndRerunResumes();
    void repeatedKillsThenFinish();
    void oneMissingUrlFailsTheRun();
    void usageErrors_data();
    void usageErrors();
    void nonHttpUrlFails();
    void inputFileSkipsBlankAndComments();
    void inputFromStdin();
    void sha256Matches();
    void sha256MismatchKeepsBytesAside();
    void checksumsFile();
    void fileSizeLimitIsDiskFullAndResumable();
    void existingFileIsNeverOverwritten();
    void symlinkAtPartialIsNotFollowed();
    void hostileContentDisposition_data();
    void hostileContentDisposition();

private:
    QString outDir() const { return m_tmp->filePath(u"out"_s); }
    QString outFile(const QString &name) const { return QDir(outDir()).filePath(name); }
    // --verbose: the engine's log on stderr, shown when a run fails.
    QStringList baseArgs() const { return { u"--json"_s, u"--verbose"_s, u"-d"_s, outDir() }; }
    QList<RequestRecord> requestsFor(const QString &path) const;

    TestServer m_server;
    std::unique_ptr<QTemporaryDir> m_tmp;
};

QList<RequestRecord> TestCli::requestsFor(const QString &path) const
{
    QList<RequestRecord> result;
    for (const RequestRecord &r : m_server.requests()) {
        if (r.path == path && r.method == "GET")
            result.append(r);
    }
    return result;
}

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(u"FERRY_CLI is not set to ferry-cli: "_s + cliPath()));
    QVERIFY(m_server.listen());
}

void TestCli::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    QVERIFY(QDir().mkpath(outDir()));
    m_server.clearRequests();
}

void TestCli::cleanup()
{
    m_tmp.reset();
}

void TestCli::success()
{
    const QByteArray body = randomBytes(300 * 1024 + 17, 1);
    m_server.setResource(u"/success/file.bin"_s, Resource(body));
    const QUrl url = m_server.url(u"/success/file.bin"_s);

    CliRun run(baseArgs() << url.toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));

    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"file.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"file.bin"_s)), sha256Hex(body));

    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = lines.first();
    QCOMPARE(o.value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(o.value("url"_L1).toString(), url.toString(QUrl::FullyEncoded));
    QCOMPARE(QFileInfo(o.value("path"_L1).toString()).canonicalFilePath(),
             QFileInfo(outFile(u"file.bin"_s)).canonicalFilePath());
    QCOMPARE(qint64(o.value("bytes"_L1).toDouble()), qint64(body.size()));
    QCOMPARE(o.value("sha256"_L1).toString().toLatin1(), sha256Hex(body));
    QVERIFY(o.value("error"_L1).isNull());
}

// A kill -9 mid-transfer, then the same command again: it must continue where the sidecar says,
// with If-Range, and end with the exact bytes.
// --trace writes every request as a complete event on a lane per connection, as Perfetto reads it.
void TestCli::traceIsChromeTraceJson()
{
    m_server.setResource(u"/traced.bin"_s, Resource(randomBytes(3 * MiB, 5)));
    const QString tracePath = m_tmp->filePath(u"session.trace.json"_s);
    CliRun run(baseArgs() << u"-x"_s << u"3"_s << u"--trace"_s << tracePath << m_server.url(u"/traced.bin"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QFile file(tracePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(file.readAll()).object().value("traceEvents"_L1).toArray();
    int requests = 0;
    QSet<QString> lanes;
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        if (e.value("ph"_L1).toString() == u"M")
            lanes.insert(e.value("args"_L1).toObject().value("name"_L1).toString());
        else if (e.value("name"_L1).toString().startsWith(u"bytes "_s))
            ++requests;
    }
    // A span per request ferry-cli made (the server may count one more: Qt resends by itself when a
    // kept-alive connection closes before answering).
    QVERIFY2(requests >= 3 && requests <= m_server.requestCount(u"/traced.bin"_s), qPrintable(QString::number(requests)));
    QVERIFY2(lanes.size() >= 3, qPrintable(QStringList(lanes.begin(), lanes.end()).join(u", ")));
}

void TestCli::killAndRerunResumes()
{
    const QString path = u"/kill/big.bin"_s;
    const QByteArray body = randomBytes(64 * MiB, 2);
    Resource resource(body);
    // The first response stalls after 3.5 MiB, so the run is still going when we kill it; the
    // resource is never replaced, so its ETag stays the same and the next response is normal.
    resource.stallAfter = 3 * MiB + MiB / 2;
    resource.cutTimes = 1;
    m_server.setResource(path, resource);
    const QUrl url = m_server.url(path);
    const QString sidecar = outFile(u"big.bin.ferry-resume"_s);
    const QString partial = outFile(u"big.bin.ferry-part"_s);

    {
        CliRun first(baseArgs() << url.toString());
        QVERIFY2(waitUntil([&] { return sidecarBytesDone(sidecar) > 0 || !first.isRunning(); }, CliRunTimeoutMs),
                 "the sidecar never recorded any bytes");
        QVERIFY2(first.isRunning(), qPrintable(first.describe()));
        QVERIFY(QFileInfo(partial).size() > 0);
        QVERIFY(first.killHard());
        QVERIFY(first.crashed());
    }
    const qint64 recorded = sidecarBytesDone(sidecar);
    QVERIFY(recorded > 0);
    QVERIFY(recorded < body.size());

    CliRun second(baseArgs() << url.toString());
    RUN_CLI(second);
    QVERIFY2(second.exitCode() == 0, qPrintable(second.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"big.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"big.bin"_s)), sha256Hex(body));

    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(second.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("sha256"_L1).toString().toLatin1(), sha256Hex(body));
    QCOMPARE(qint64(lines.first().value("bytes"_L1).toDouble()), qint64(body.size()));

    const QList<RequestRecord> requests = requestsFor(path);
    QCOMPARE(requests.size(), 2);
    QCOMPARE(rangeStart(requests.last().range), recorded);
    QCOMPARE(requests.last().ifRange, m_server.etag(path));
    QCOMPARE(requests.last().status, 206);
}

// Five kills, each after more progress than the last, then a run to the end. Every rerun must ask
// for exactly the offset the sidecar recorded, and the result must be the exact bytes.
void TestCli::repeatedKillsThenFinish()
{
    const QString path = u"/rounds/data.bin"_s;
    const QByteArray body = randomBytes(16 * MiB, 3);
    constexpr int Rounds = 5;
    Resource resource(body);
    resource.stallAfter = MiB + MiB / 2; // every response of a killed run stalls after 1.5 MiB more
    resource.cutTimes = Rounds;
    m_server.setResource(path, resource);
    const QUrl url = m_server.url(path);
    const QString sidecar = outFile(u"data.bin.ferry-resume"_s);

    QList<qint64> offsets{ 0 };
    for (int round = 0; round < Rounds; ++round) {
        const qint64 before = offsets.last();
        CliRun run(baseArgs() << url.toString());
        QVERIFY2(waitUntil([&] { return sidecarBytesDone(sidecar) > before || !run.isRunning(); }, CliRunTimeoutMs),
                 qPrintable(u"round %1: no progress past %2"_s.arg(round).arg(before)));
        QVERIFY2(run.isRunning(), qPrintable(run.describe()));
        QVERIFY(run.killHard());
        offsets.append(sidecarBytesDone(sidecar));
        QVERIFY(offsets.last() > before);
        QVERIFY(offsets.last() < body.size());
    }

    CliRun last(baseArgs() << url.toString());
    RUN_CLI(last);
    QVERIFY2(last.exitCode() == 0, qPrintable(last.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"data.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"data.bin"_s)), sha256Hex(body));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(last.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("sha256"_L1).toString().toLatin1(), sha256Hex(body));

    // One request per run: the first from 0 without If-Range, each later one at the recorded offset.
    const QList<RequestRecord> requests = requestsFor(path);
    QCOMPARE(requests.size(), Rounds + 1);
    QVERIFY(requests.first().ifRange.isEmpty());
    QVERIFY(rangeStart(requests.first().range) <= 0);
    for (int i = 1; i <= Rounds; ++i) {
        QCOMPARE(rangeStart(requests[i].range), offsets[i]);
        QCOMPARE(requests[i].ifRange, m_server.etag(path));
    }
}

void TestCli::oneMissingUrlFailsTheRun()
{
    const QByteArray body = randomBytes(50000, 4);
    m_server.setResource(u"/mixed/good.bin"_s, Resource(body));
    const QUrl good = m_server.url(u"/mixed/good.bin"_s);
    const QUrl missing = m_server.url(u"/mixed/missing.bin"_s);

    CliRun run(baseArgs() << good.toString() << missing.toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"good.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"good.bin"_s)), sha256Hex(body));

    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 2);
    const QJsonObject ok = findByUrl(lines, good);
    const QJsonObject failed = findByUrl(lines, missing);
    QCOMPARE(ok.value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(ok.value("sha256"_L1).toString().toLatin1(), sha256Hex(body));
    QCOMPARE(failed.value("status"_L1).toString(), u"failed"_s);
    QVERIFY(failed.value("path"_L1).isNull());
    QVERIFY2(failed.value("error"_L1).toString().contains(u"404"_s), qPrintable(run.describe()));
    QVERIFY2(run.err().contains(u"404"_s), qPrintable(run.describe()));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString url = u"URL"_s; // replaced by a server URL: proves nothing is fetched
    QTest::newRow("jobs 0") << QStringList{ u"--jobs"_s, u"0"_s, url };
    QTest::newRow("sha256 not hex") << QStringList{ u"--sha256"_s, u"xyz"_s, url };
    QTest::newRow("no url") << QStringList{};
    QTest::newRow("limit-rate abc") << QStringList{ u"--limit-rate"_s, u"abc"_s, url };
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    m_server.setResource(u"/usage/x.bin"_s, Resource("x"_ba));
    arguments.replaceInStrings(QRegularExpression(u"^URL$"_s), m_server.url(u"/usage/x.bin"_s).toString());

    CliRun run(baseArgs() + arguments);
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 2, qPrintable(run.describe()));
    QVERIFY2(run.err().startsWith(u"ferry-cli: "_s), qPrintable(run.describe()));
    QVERIFY(run.out().isEmpty());
    QCOMPARE(m_server.requests().size(), 0);
    QCOMPARE(listFilesRecursively(outDir()), QStringList());
}

void TestCli::nonHttpUrlFails()
{
    CliRun run(baseArgs() << u"ftp://x/y"_s);
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QVERIFY2(run.err().contains(u"ftp://x/y"_s) && run.err().contains(u"not an http or https URL"_s),
             qPrintable(run.describe()));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("url"_L1).toString(), u"ftp://x/y"_s);
    QCOMPARE(lines.first().value("status"_L1).toString(), u"failed"_s);
    QVERIFY(lines.first().value("error"_L1).toString().contains(u"http"_s));
    QVERIFY(lines.first().value("path"_L1).isNull());
    QCOMPARE(listFilesRecursively(outDir()), QStringList());
}

void TestCli::inputFileSkipsBlankAndComments()
{
    const QByteArray a = randomBytes(10000, 5);
    const QByteArray b = randomBytes(20000, 6);
    m_server.setResource(u"/list/a.bin"_s, Resource(a));
    m_server.setResource(u"/list/b.bin"_s, Resource(b));
    const QString list = m_tmp->filePath(u"urls.txt"_s);
    QVERIFY(writeFile(list, "# downloads for the test\n\n"
                            + m_server.url(u"/list/a.bin"_s).toEncoded() + "\n   \n"
                            "  # " + m_server.url(u"/list/commented.bin"_s).toEncoded() + "\n\t\n"
                            + m_server.url(u"/list/b.bin"_s).toEncoded() + "\n\n"));

    CliRun run(baseArgs() << u"-i"_s << list);
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"a.bin"_s, u"b.bin"_s }));
    QCOMPARE(fileSha256Hex(outFile(u"a.bin"_s)), sha256Hex(a));
    QCOMPARE(fileSha256Hex(outFile(u"b.bin"_s)), sha256Hex(b));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 2);
    QCOMPARE(m_server.requests().size(), 2); // the commented URL was never fetched
}

void TestCli::inputFromStdin()
{
    const QByteArray a = randomBytes(12345, 7);
    const QByteArray b = randomBytes(23456, 8);
    m_server.setResource(u"/stdin/a.bin"_s, Resource(a));
    m_server.setResource(u"/stdin/b.bin"_s, Resource(b));
    const QByteArray input = m_server.url(u"/stdin/a.bin"_s).toEncoded() + "\n# skip me\n\n"
                             + m_server.url(u"/stdin/b.bin"_s).toEncoded() + '\n';

    CliRun run(baseArgs() << u"-i"_s << u"-"_s, input);
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"a.bin"_s, u"b.bin"_s }));
    QCOMPARE(fileSha256Hex(outFile(u"a.bin"_s)), sha256Hex(a));
    QCOMPARE(fileSha256Hex(outFile(u"b.bin"_s)), sha256Hex(b));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 2);
}

void TestCli::sha256Matches()
{
    const QByteArray body = randomBytes(70000, 9);
    m_server.setResource(u"/sum/right.bin"_s, Resource(body));

    CliRun run(baseArgs() << u"--sha256"_s << QString::fromLatin1(sha256Hex(body).toUpper())
                          << m_server.url(u"/sum/right.bin"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"right.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"right.bin"_s)), sha256Hex(body));
}

// download.cpp keeps mismatching bytes as "NAME.ferry-mismatch" (never under the final name, never
// resumable: the sidecar is removed).
void TestCli::sha256MismatchKeepsBytesAside()
{
    const QByteArray body = randomBytes(70000, 10);
    m_server.setResource(u"/sum/wrong.bin"_s, Resource(body));
    const QByteArray wrong = sha256Hex("something else"_ba);

    CliRun run(baseArgs() << u"--sha256"_s << QString::fromLatin1(wrong)
                          << m_server.url(u"/sum/wrong.bin"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"wrong.bin.ferry-mismatch"_s });
    QCOMPARE(readFile(outFile(u"wrong.bin.ferry-mismatch"_s)), body);

    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("status"_L1).toString(), u"failed"_s);
    QVERIFY(lines.first().value("path"_L1).isNull());
    const QString error = lines.first().value("error"_L1).toString();
    const QRegularExpression sha(u"SHA-?256"_s, QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(error.contains(sha), qPrintable(error));
    QVERIFY2(error.contains(QString::fromLatin1(wrong)), qPrintable(error));
    QVERIFY2(error.contains(QString::fromLatin1(sha256Hex(body))), qPrintable(error));
    QVERIFY2(run.err().contains(sha), qPrintable(run.describe()));
}

void TestCli::checksumsFile()
{
    const QByteArray good = randomBytes(40000, 11);
    const QByteArray bad = randomBytes(40000, 12);
    m_server.setResource(u"/sums/good.iso"_s, Resource(good));
    m_server.setResource(u"/sums/bad.iso"_s, Resource(bad));
    const QString sums = m_tmp->filePath(u"SHA256SUMS"_s);
    QVERIFY(writeFile(sums, sha256Hex(good) + "  good.iso\n" + sha256Hex("not bad.iso"_ba) + " *bad.iso\n"));

    CliRun run(baseArgs() << u"--checksums"_s << sums << m_server.url(u"/sums/good.iso"_s).toString()
                          << m_server.url(u"/sums/bad.iso"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 1, qPrintable(run.describe()));
    const QStringList files = listFilesRecursively(outDir());
    QVERIFY2(files.contains(u"good.iso"_s), qPrintable(files.join(u", "_s)));
    QVERIFY2(!files.contains(u"bad.iso"_s), qPrintable(files.join(u", "_s)));
    QCOMPARE(files, (QStringList{ u"bad.iso.ferry-mismatch"_s, u"good.iso"_s }));
    QCOMPARE(fileSha256Hex(outFile(u"good.iso"_s)), sha256Hex(good));

    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 2);
    QCOMPARE(findByUrl(lines, m_server.url(u"/sums/good.iso"_s)).value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(findByUrl(lines, m_server.url(u"/sums/bad.iso"_s)).value("status"_L1).toString(), u"failed"_s);
}

// A file-size limit makes pwrite fail with EFBIG (ferry-cli ignores SIGXFSZ), which is how a full
// disk looks to the engine. The partial file and its sidecar stay, and the next run resumes.
void TestCli::fileSizeLimitIsDiskFullAndResumable()
{
    const QString path = u"/full/disk.bin"_s;
    const QByteArray body = randomBytes(4 * MiB, 13);
    m_server.setResource(path, Resource(body));
    const QUrl url = m_server.url(path);

    // 2 MiB, not 1: the engine writes in pieces of 1 to 2 MiB and only counts a piece that was
    // written whole, so with 2 MiB the first piece always fits and the sidecar records it.
    CliRun limited(baseArgs() << url.toString(), {}, [] {
        const struct rlimit limit{ rlim_t(2 * MiB), rlim_t(2 * MiB) };
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    RUN_CLI(limited);
    QVERIFY2(limited.exitCode() == 1, qPrintable(limited.describe()));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(limited.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().value("status"_L1).toString(), u"failed"_s);
    const QString error = lines.first().value("error"_L1).toString();
    QVERIFY2(error.contains(u"disk is full"_s, Qt::CaseInsensitive) || error.contains(u"too large"_s, Qt::CaseInsensitive),
             qPrintable(error));
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"disk.bin.ferry-part"_s, u"disk.bin.ferry-resume"_s }));
    const qint64 recorded = sidecarBytesDone(outFile(u"disk.bin.ferry-resume"_s));
    QVERIFY2(recorded > 0, "the sidecar records no bytes: the next run cannot resume");

    CliRun rerun(baseArgs() << url.toString());
    RUN_CLI(rerun);
    QVERIFY2(rerun.exitCode() == 0, qPrintable(rerun.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"disk.bin"_s });
    QCOMPARE(fileSha256Hex(outFile(u"disk.bin"_s)), sha256Hex(body));
    const QList<RequestRecord> requests = requestsFor(path);
    QCOMPARE(requests.size(), 2);
    QCOMPARE(rangeStart(requests.last().range), recorded);
    QCOMPARE(requests.last().ifRange, m_server.etag(path));
}

void TestCli::existingFileIsNeverOverwritten()
{
    const QByteArray body = randomBytes(30000, 14);
    m_server.setResource(u"/exists/report.pdf"_s, Resource(body));
    const QByteArray old = "the user's own file\n"_ba;
    QVERIFY(writeFile(outFile(u"report.pdf"_s), old));

    CliRun run(baseArgs() << m_server.url(u"/exists/report.pdf"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"report (1).pdf"_s, u"report.pdf"_s }));
    QCOMPARE(readFile(outFile(u"report.pdf"_s)), old);
    QCOMPARE(fileSha256Hex(outFile(u"report (1).pdf"_s)), sha256Hex(body));
    QList<QJsonObject> lines;
    QByteArray problem;
    QVERIFY2(run.jsonLines(&lines, &problem), problem.constData());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(QFileInfo(lines.first().value("path"_L1).toString()).fileName(), u"report (1).pdf"_s);
}

void TestCli::symlinkAtPartialIsNotFollowed()
{
    const QByteArray body = randomBytes(60000, 15);
    m_server.setResource(u"/link/target.bin"_s, Resource(body));
    const QString victim = m_tmp->filePath(u"victim.txt"_s);
    const QByteArray precious = "outside the download folder\n"_ba;
    QVERIFY(writeFile(victim, precious));
    const QString planted = outFile(u"target.bin.ferry-part"_s);
    QVERIFY(QFile::link(victim, planted));

    CliRun run(baseArgs() << m_server.url(u"/link/target.bin"_s).toString());
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(readFile(victim), precious);
    QCOMPARE(QFileInfo(victim).size(), qint64(precious.size()));
    QCOMPARE(fileSha256Hex(outFile(u"target.bin"_s)), sha256Hex(body));
    // The planted link is left alone, still pointing where it did.
    QCOMPARE(listFilesRecursively(outDir()), (QStringList{ u"target.bin"_s, u"target.bin.ferry-part"_s }));
    QVERIFY(QFileInfo(planted).isSymLink());
    QCOMPARE(QFileInfo(planted).symLinkTarget(), QFileInfo(victim).absoluteFilePath());
}

void TestCli::hostileContentDisposition_data()
{
    QTest::addColumn<QByteArray>("disposition");
    QTest::addColumn<QString>("expected");
    QTest::newRow("filename ../../") << "attachment; filename=\"../../evil.sh\""_ba << u"evil.sh"_s;
    QTest::newRow("filename* encoded slashes") << "attachment; filename*=UTF-8''..%2F..%2Fx"_ba << u"x"_s;
    QTest::newRow("both, filename* wins") << "attachment; filename=\"../ok.txt\"; filename*=UTF-8''..%2F..%2F.bashrc"_ba
                                          << u"bashrc"_s;
}

void TestCli::hostileContentDisposition()
{
    QFETCH(QByteArray, disposition);
    QFETCH(QString, expected);
    const QByteArray body = randomBytes(5000, 16);
    Resource resource(body);
    resource.contentDisposition = disposition;
    m_server.setResource(u"/cd/download"_s, resource);
    // Deep enough that "../../" from the download folder is still inside the temporary folder.
    const QString folder = m_tmp->filePath(u"a/b/out"_s);
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(writeFile(m_tmp->filePath(u"a/keep.txt"_s), "unchanged\n"_ba));
    const QStringList before = listFilesRecursively(m_tmp->path(), true);

    CliRun run({ u"--json"_s, u"-d"_s, folder, m_server.url(u"/cd/download"_s).toString() });
    RUN_CLI(run);
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));

    QStringList after = listFilesRecursively(m_tmp->path(), true);
    const QString added = u"a/b/out/"_s + expected;
    QVERIFY2(after.removeOne(added), qPrintable(after.join(u", "_s)));
    QCOMPARE(after, before);
    QCOMPARE(readFile(m_tmp->filePath(added)), body);
    QCOMPARE(readFile(m_tmp->filePath(u"a/keep.txt"_s)), "unchanged\n"_ba);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
