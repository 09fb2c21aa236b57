// disk: a read-only folder, the target folder deleted mid-download, the partial file deleted
// mid-download, and a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored, in a ferry-cli child) standing in
// for a full disk; each with one connection and four. Every run must end in a clear error (or, where
// the engine can carry on, a correct file), never a crash or a wrong file; after the cause is fixed the
// same download must finish correctly, and the count says whether it resumed or started over.
// Prints one count line.
#include "suitekit.h"
#include "support/clirun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = 1 << 20;

struct Tally
{
    int cases = 0, clearErrors = 0, carriedOn = 0, unclear = 0, recovered = 0, resumed = 0, notRecovered = 0;
    QStringList problems;
    QStringList notes;
};

// Whether the first request for path after `from` continued a partial file: a 206 from past byte 0.
// (Later requests of a fresh four-connection run ask for ranges past 0 too.)
bool resumedSince(const TestServer &server, const QString &path, quint64 from)
{
    for (const RequestRecord &r : server.requests())
        if (r.id > from && r.path == path && r.method == "GET")
            return r.status == 206 && !r.range.isEmpty() && !r.range.startsWith("bytes=0-");
    return false;
}

quint64 lastRecordId(const TestServer &server)
{
    const QList<RequestRecord> records = server.requests();
    return records.isEmpty() ? 0 : records.constLast().id;
}

} // namespace

class TestDisk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matrix();

private:
    enum class Cause { ReadOnlyFolder, FolderDeleted, PartialDeleted };
    void engineCase(Cause cause, int connections);
    void fileSizeLimitCase(int connections);
    // Runs the download again once the cause is gone and records whether it finished, and how.
    void rerun(const QString &label, const QString &path, const QString &dir, int connections, const QByteArray &body);

    TestServer m_server;
    QTemporaryDir m_root;
    Tally m_tally;
    bool m_asRoot = false;
};

void TestDisk::initTestCase()
{
    QVERIFY(m_server.listen());
    QVERIFY(m_root.isValid());
    m_asRoot = ::geteuid() == 0;
}

void TestDisk::rerun(const QString &label, const QString &path, const QString &dir, int connections,
                     const QByteArray &body)
{
    const quint64 from = lastRecordId(m_server);
    DownloadManager manager;
    manager.setOptions(quickOptions());
    DownloadRequest request;
    request.url = m_server.url(path);
    request.directory = dir;
    request.connections = connections;
    const DownloadSnapshot s = runToEnd(manager, request);
    if (s.state == DownloadState::Succeeded && fileSha256Hex(s.path) == sha256Hex(body)
        && listFilesRecursively(dir) == QStringList{ QFileInfo(s.path).fileName() }) {
        ++m_tally.recovered;
        if (resumedSince(m_server, path, from))
            ++m_tally.resumed;
        else
            m_tally.notes << label + u": recovered by starting over"_s;
    } else {
        ++m_tally.notRecovered;
        m_tally.problems << label + u": not recovered after the fix: "_s + downloadStateName(s.state) + u' '
                                    + s.error.toString() + u" files: "_s + listFilesRecursively(dir).join(u", "_s);
    }
}

void TestDisk::engineCase(Cause cause, int connections)
{
    static int counter = 0;
    const QString name = u"d%1.bin"_s.arg(++counter);
    const QString path = u"/"_s + name;
    const QString dir = m_root.filePath(name + u".d"_s);
    QVERIFY(QDir().mkpath(dir));
    const QByteArray body = randomBytes(2 * MiB, quint32(counter));
    Resource slow(body);
    slow.dripBytes = 16 << 10;
    slow.dripIntervalMs = 10;  // ~1.6 MB/s: time to pull the floor away mid-download
    m_server.setResource(path, slow);
    const QString label = u"%1, %2 connection(s)"_s
                                  .arg(cause == Cause::ReadOnlyFolder  ? u"read-only folder"_s
                                       : cause == Cause::FolderDeleted ? u"target folder deleted"_s
                                                                       : u"partial file deleted"_s)
                                  .arg(connections);
    ++m_tally.cases;

    bool mounted = false;
    if (cause == Cause::ReadOnlyFolder) {
        // Root writes through a 0555 folder; a read-only mount stops everyone.
        if (m_asRoot) {
            mounted = QProcess::execute(u"mount"_s, { u"-t"_s, u"tmpfs"_s, u"-o"_s, u"ro,size=8m"_s, u"tmpfs"_s, dir }) == 0;
            if (!mounted) {
                m_tally.notes << label + u": skipped (root, and no read-only mount possible)"_s;
                --m_tally.cases;
                return;
            }
        } else {
            QVERIFY(QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner));
        }
    }

    auto engine = std::make_unique<DownloadManager>();
    DownloadManager &manager = *engine;
    manager.setOptions(quickOptions());
    DownloadRequest request;
    request.url = m_server.url(path);
    request.directory = dir;
    request.connections = connections;
    QSignalSpy finished(&manager, &DownloadManager::downloadFinished);
    const DownloadId id = manager.add(request);
    if (cause != Cause::ReadOnlyFolder) {
        if (!waitUntil([&] { return manager.snapshot(id).bytesDone > 300000 || !finished.isEmpty(); }, 20000)) {
            m_tally.problems << label + u": no progress"_s;
            return;
        }
        if (cause == Cause::FolderDeleted) {
            // Again until it is gone: a checkpoint landing during the removal keeps the folder alive.
            waitUntil([&] { QDir(dir).removeRecursively(); return !QFileInfo::exists(dir); }, 5000);
        }
        else
            QFile::remove(QDir(dir).filePath(name + u".ferry-part"_s));
    }
    if (finished.isEmpty() && !finished.wait(20000)) {
        ++m_tally.unclear;
        m_tally.problems << label + u": did not end: "_s + downloadStateName(manager.snapshot(id).state);
        return;
    }
    const DownloadSnapshot s = finished.constLast().at(0).value<DownloadSnapshot>();
    if (s.state == DownloadState::Failed) {
        const bool sensible = s.error.code() == TaskError::Code::Permission || s.error.code() == TaskError::Code::FileSystem
                              || s.error.code() == TaskError::Code::DiskFull;
        if (!sensible || s.error.message().isEmpty() || QFileInfo::exists(QDir(dir).filePath(name))) {
            ++m_tally.unclear;
            m_tally.problems << label + u": unclear error: "_s + s.error.toString();
        } else {
            ++m_tally.clearErrors;
            m_tally.notes << label + u": "_s + s.error.toString();
        }
    } else if (s.state == DownloadState::Succeeded) {
        // Writing on through the open descriptor is fine only if the file really is where it says.
        if (QFileInfo::exists(s.path) && fileSha256Hex(s.path) == sha256Hex(body)) {
            ++m_tally.carriedOn;
            m_tally.notes << label + u": finished anyway at "_s + QDir(m_root.path()).relativeFilePath(s.path);
        } else {
            ++m_tally.unclear;
            m_tally.problems << label + u": reported success, but the file at %1 is missing or wrong"_s.arg(s.path);
        }
    } else {
        ++m_tally.unclear;
        m_tally.problems << label + u": ended as "_s + downloadStateName(s.state);
    }
    engine.reset();  // as when the user quits: files closed, last checkpoint written
    if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
        m_tally.notes << label + u": left "_s + listFilesRecursively(dir).join(u", "_s);

    // Fix the cause, serve at full speed with the same validators, and run again.
    if (mounted)
        QProcess::execute(u"umount"_s, { dir });
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QDir().mkpath(dir);
    m_server.updateResource(path, Resource(body));
    if (s.state != DownloadState::Succeeded)
        rerun(label, path, dir, connections, body);
}

void TestDisk::fileSizeLimitCase(int connections)
{
    const QString label = u"file-size limit (full disk) in ferry-cli, %1 connection(s)"_s.arg(connections);
    const QString name = u"limit%1.bin"_s.arg(connections);
    const QString path = u"/"_s + name;
    const QString dir = m_root.filePath(name + u".d"_s);
    QVERIFY(QDir().mkpath(dir));
    const QByteArray body = randomBytes(6 * MiB, 77 + quint32(connections));
    m_server.setResource(path, Resource(body));
    ++m_tally.cases;

    const QStringList args = { u"--json"_s, u"--verbose"_s, u"-x"_s,
                               QString::number(connections), u"-d"_s, dir, m_server.url(path).toString() };
    CliRun limited(args, {}, [] {
        const struct rlimit limit{ rlim_t(3 * MiB), rlim_t(3 * MiB) };
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    if (!limited.waitForFinished()) {
        ++m_tally.unclear;
        m_tally.problems << label + u": did not finish: "_s + limited.describe();
        return;
    }
    QList<QJsonObject> lines;
    QByteArray problem;
    const bool json = limited.jsonLines(&lines, &problem) && lines.size() == 1;
    const QString error = json ? lines.first().value(u"error"_s).toString() : QString();
    if (limited.crashed() || limited.exitCode() != 1 || !json
        || !(error.contains(u"disk is full"_s, Qt::CaseInsensitive) || error.contains(u"too large"_s, Qt::CaseInsensitive))
        || QFileInfo::exists(QDir(dir).filePath(name))) {
        ++m_tally.unclear;
        m_tally.problems << label + u": unclear end: "_s + limited.describe();
        return;
    }
    ++m_tally.clearErrors;
    m_tally.notes << label + u": "_s + error;

    const quint64 from = lastRecordId(m_server);
    const qint64 recorded = sidecarBytesDone(QDir(dir).filePath(name + u".ferry-resume"_s));
    if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
        m_tally.notes << label + u": the resume state records %1 bytes; left "_s.arg(recorded)
                                 + listFilesRecursively(dir).join(u", "_s);
    CliRun again(args);
    if (again.waitForFinished() && again.exitCode() == 0 && fileSha256Hex(QDir(dir).filePath(name)) == sha256Hex(body)
        && listFilesRecursively(dir) == QStringList{ name }) {
        ++m_tally.recovered;
        if (resumedSince(m_server, path, from))
            ++m_tally.resumed;
        else
            m_tally.notes << label + u": recovered by starting over"_s + again.err().right(600);
    } else {
        ++m_tally.notRecovered;
        m_tally.problems << label + u": not recovered: "_s + again.describe();
    }
}

void TestDisk::matrix()
{
    QVERIFY2(QFileInfo(cliPath()).isExecutable(), "FERRY_CLI is not set to ferry-cli");
    for (int connections : { 1, 4 }) {
        engineCase(Cause::ReadOnlyFolder, connections);
        engineCase(Cause::FolderDeleted, connections);
        engineCase(Cause::PartialDeleted, connections);
        fileSizeLimitCase(connections);
    }
    const Tally &t = m_tally;
    qInfo("disk: %d cases, %d clear errors, %d finished anyway, %d unclear or crashed; after the fix %d recovered "
          "(%d resumed, %d started over), %d did not",
          t.cases, t.clearErrors, t.carriedOn, t.unclear, t.recovered, t.resumed, t.recovered - t.resumed, t.notRecovered);
    if (qEnvironmentVariableIsSet("FERRY_SUITE_VERBOSE"))
        for (const QString &note : t.notes)
            qDebug("%s", qPrintable(note));
    for (const QString &problem : t.problems)
        qWarning("%s", qPrintable(problem));
    QVERIFY2(t.problems.isEmpty(), "see the warnings above");
}

QTEST_GUILESS_MAIN(TestDisk)
#include "tst_disk.moc"
