// ferry-cli against a real nginx (sendfile, nginx's own ETags and byte ranges): whole, segmented and
// resumed after a kill -9, each ending in the exact bytes.
#include "support/clirun.h"
#include "support/nginxserver.h"
#include "support/testenv.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;
using namespace Ferry::Test;

namespace {

constexpr qint64 MiB = 1024 * 1024;

// Status codes of the access log lines from line `from` on (combined format: `"GET /x HTTP/1.1" 206`).
QList<int> accessStatuses(const QString &log, int from)
{
    QFile file(log);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    QList<int> statuses;
    for (int i = from; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const qsizetype request = line.indexOf("\"GET ");
        const qsizetype requestEnd = request < 0 ? -1 : line.indexOf("\" ", request + 1);
        if (requestEnd < 0)
            continue;
        statuses.append(line.mid(requestEnd + 2, 3).toInt());
    }
    return statuses;
}

int lineCount(const QString &log)
{
    QFile file(log);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
}

} // namespace

class TestNginxDownload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void plainDownload();
    void segmentedDownload();
    void resumeAfterKill();
    void throughHttpProxy();

private:
    QString outDir() const { return m_out->filePath(u"out"_s); }
    QString outFile() const { return QDir(outDir()).filePath(u"big.bin"_s); }
    // --verbose: the engine's log on stderr, shown when a run fails.
    QStringList baseArgs() const { return { u"--json"_s, u"--verbose"_s, u"-d"_s, outDir() }; }

    QTemporaryDir m_root;
    QByteArray m_sha256;
    NginxServer m_nginx;
    QString m_accessLog;
    std::unique_ptr<QTemporaryDir> m_out;
};

void TestNginxDownload::initTestCase()
{
    if (!NginxServer::isAvailable())
        QSKIP("nginx is not installed");
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), qPrintable(u"FERRY_CLI is not set to ferry-cli: "_s + cliPath()));
    QVERIFY(m_root.isValid());
    const QByteArray data = randomBytes(48 * MiB, 48);
    m_sha256 = sha256Hex(data);
    QFile file(m_root.filePath(u"big.bin"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(data), qint64(data.size()));
    file.close();
    QString error;
    QVERIFY2(m_nginx.start(m_root.path(), &error), qPrintable(error));
    m_accessLog = m_nginx.accessLogPath();
}

void TestNginxDownload::init()
{
    m_out = std::make_unique<QTemporaryDir>();
    QVERIFY(m_out->isValid());
}

void TestNginxDownload::cleanup()
{
    m_out.reset();
}

void TestNginxDownload::plainDownload()
{
    CliRun run(baseArgs() << m_nginx.url(u"/big.bin"_s).toString());
    QVERIFY2(run.waitForFinished(), qPrintable(u"did not finish: "_s + run.describe()));
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"big.bin"_s });
    QCOMPARE(fileSha256Hex(outFile()), m_sha256);
    QCOMPARE(run.jsonSha256(), m_sha256);
}

// http_proxy is honoured: nginx answers absolute-form requests like a forward proxy in front of itself,
// for a host name that does not exist (so only the proxy can have fetched it).
void TestNginxDownload::throughHttpProxy()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"no_proxy"_s);
    environment.remove(u"NO_PROXY"_s);
    environment.insert(u"http_proxy"_s, m_nginx.url(u"/"_s).toString());
    const int logBefore = lineCount(m_accessLog);
    CliRun run(baseArgs() << u"http://ferry-proxy-test.invalid/big.bin"_s, {}, {}, environment);
    QVERIFY2(run.waitForFinished(), qPrintable(u"did not finish: "_s + run.describe()));
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(fileSha256Hex(outFile()), m_sha256);
    {
        QFile log(m_accessLog);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = log.readAll().split('\n').mid(logBefore);
        QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QByteArray &line) {
            return line.contains("GET http://ferry-proxy-test.invalid/big.bin");
        }));
    }
}

void TestNginxDownload::segmentedDownload()
{
    const int logBefore = lineCount(m_accessLog);
    CliRun run(baseArgs() << u"--verbose"_s << u"-x"_s << u"4"_s << m_nginx.url(u"/big.bin"_s).toString());
    QVERIFY2(run.waitForFinished(), qPrintable(u"did not finish: "_s + run.describe()));
    QVERIFY2(run.exitCode() == 0, qPrintable(run.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"big.bin"_s });
    QCOMPARE(fileSha256Hex(outFile()), m_sha256);
    QCOMPARE(run.jsonSha256(), m_sha256);
    // The engine's own log says it split; nginx's log shows the ranges it served.
    QVERIFY2(run.err().contains(u"Split into 4 connections"_s), qPrintable(run.describe()));
    {
        const QList<int> statuses = accessStatuses(m_accessLog, logBefore);
        QVERIFY2(statuses.count(206) >= 4 && !statuses.contains(200),
                 qPrintable(u"%1 responses of 206 in nginx's access log"_s.arg(statuses.count(206))));
    }
}

void TestNginxDownload::resumeAfterKill()
{
    const QString url = m_nginx.url(u"/big.bin"_s).toString();
    const QString sidecar = outFile() + u".ferry-resume"_s;
    const int logBefore = lineCount(m_accessLog);
    {
        // 4 MiB/s: 12 s for the whole file, so the kill lands early, after a checkpoint.
        CliRun slow(baseArgs() << u"--limit-rate"_s << u"4M"_s << url);
        QVERIFY2(waitUntil([&] { return sidecarBytesDone(sidecar) > 0 || !slow.isRunning(); }, CliRunTimeoutMs),
                 "the sidecar never recorded any bytes");
        QVERIFY2(slow.isRunning(), qPrintable(slow.describe()));
        QVERIFY(slow.killHard());
    }
    const qint64 recorded = sidecarBytesDone(sidecar);
    QVERIFY(recorded > 0);
    QVERIFY(recorded < 48 * MiB);

    CliRun rerun(baseArgs() << u"--verbose"_s << url);
    QVERIFY2(rerun.waitForFinished(), qPrintable(u"did not finish: "_s + rerun.describe()));
    QVERIFY2(rerun.exitCode() == 0, qPrintable(rerun.describe()));
    QCOMPARE(listFilesRecursively(outDir()), QStringList{ u"big.bin"_s });
    QCOMPARE(fileSha256Hex(outFile()), m_sha256);
    QCOMPARE(rerun.jsonSha256(), m_sha256);
    QVERIFY2(rerun.err().contains(u"Resuming at"_s), qPrintable(rerun.describe()));
    QVERIFY2(!rerun.err().contains(u"Starting over"_s), qPrintable(rerun.describe()));
    {
        // nginx logs the killed run's request when it notices the client is gone: wait for both.
        waitUntil([&] { return accessStatuses(m_accessLog, logBefore).size() >= 2; }, 10000);
        QCOMPARE(accessStatuses(m_accessLog, logBefore), (QList<int>{ 206, 206 }));
    }
}

QTEST_GUILESS_MAIN(TestNginxDownload)
#include "tst_nginxdownload.moc"
