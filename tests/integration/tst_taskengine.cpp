// The scheduler end to end: pipelines on a real loopback server and real files, dependency
// failures and retries, pause/resume/cancel, slots and priorities, the store across restarts and
// across a kill -9 of the process that held it.
#include "engine/taskengine.h"
#include "engine/trace.h"
#include "store/taskstore.h"
#include "support/archivemaker.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "util/hasher.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

ExpectedChecksum sha256Of(const QByteArray &data)
{
    return { HashAlgorithm::Sha256, Hasher::hash(data, HashAlgorithm::Sha256) };
}

const QList<QPair<QByteArray, QByteArray>> &entries()
{
    static const QList<QPair<QByteArray, QByteArray>> e{
        { "photos/a.txt", "alpha\n" },
        { "photos/b.bin", randomBytes(300'000, 7) },
        { "readme.md", "# hello\n" },
    };
    return e;
}

// An archive the server can serve, made with libarchive.
QByteArray makeTarGz(const QString &dir)
{
    const QString path = QDir(dir).filePath(u"source.tar.gz"_s);
    if (!writeArchive(path, "ustar", "gzip", entries()).isEmpty())
        return {};
    return fileContents(path);
}

TaskState stateOf(const TaskEngine &engine, TaskId id)
{
    return engine.snapshot(id).status.state;
}

bool allFinished(const TaskEngine &engine, const QList<TaskId> &ids)
{
    return std::all_of(ids.cbegin(), ids.cend(), [&](TaskId id) { return engine.snapshot(id).isFinished(); });
}

DownloadOptions quickRetries()
{
    DownloadOptions options;
    options.retry.maxRetries = 2;
    options.retry.baseDelay = std::chrono::milliseconds(20);
    options.retry.maxDelay = std::chrono::milliseconds(50);
    return options;
}

// The child of restartAfterKill: one engine on the store, the pipeline added on the first run,
// running until everything has finished. Prints "progress" lines so the parent can pick its moment.
int runChild(const QString &store, const QString &dir, const QString &url, const QString &sha256)
{
    TaskEngine engine;
    if (TaskError error = engine.openStore(store); error.isError() || engine.storeRecovery().isError()) {
        std::fprintf(stderr, "child: %s %s\n", qPrintable(error.toString()), qPrintable(engine.storeRecovery().toString()));
        return 2;
    }
    if (engine.ids().isEmpty()) {
        DownloadRequest request;
        request.url = QUrl(url);
        request.directory = dir;
        request.expected = { HashAlgorithm::Sha256, QByteArray::fromHex(sha256.toLatin1()) };
        Recipe recipe;
        recipe.verify = true;
        recipe.extract = true;
        recipe.deleteArchive = true;
        if (engine.addPipeline(request, recipe).error.isError())
            return 3;
    }
    QObject::connect(&engine, &TaskEngine::tasksChanged, &engine, [](const QList<TaskSnapshot> &changed) {
        for (const TaskSnapshot &s : changed)
            std::printf("progress %llu %s %lld\n", s.id, qPrintable(stateName(s.status.state)), s.done);
        std::fflush(stdout);
    });
    QObject::connect(&engine, &TaskEngine::idle, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

} // namespace

class TestTaskEngine : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QTemporaryDir m_tmp;
    QByteArray m_archive;
    int m_dirCounter = 0;

    QString freshDir()
    {
        const QString dir = m_tmp.filePath(u"case-%1"_s.arg(++m_dirCounter));
        QDir().mkpath(dir);
        return dir;
    }

    DownloadRequest requestFor(const QString &path, const QString &dir)
    {
        DownloadRequest request;
        request.url = m_server.url(path);
        request.directory = dir;
        return request;
    }

    void checkExtracted(const QString &folder)
    {
        for (const auto &[name, data] : entries())
            QCOMPARE(fileContents(QDir(folder).filePath(QString::fromUtf8(name))), data);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_server.listen());
        m_archive = makeTarGz(m_tmp.path());
        QVERIFY(!m_archive.isEmpty());
        m_server.setResource(u"/photos.tar.gz"_s, Resource(m_archive));
    }

    void pipelineDownloadVerifyExtractDelete()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        DownloadRequest request = requestFor(u"/photos.tar.gz"_s, dir);
        request.expected = sha256Of(m_archive);
        Recipe recipe;
        recipe.verify = true;
        recipe.extract = true;
        recipe.deleteArchive = true;
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.addPipeline(request, recipe);
        QCOMPARE(added.error, TaskError());
        QCOMPARE(added.ids.size(), 4);  // download, verify, extract, delete
        QVERIFY(idle.wait(20000));
        for (TaskId id : added.ids)
            QCOMPARE(stateOf(engine, id), TaskState::Succeeded);

        const TaskSnapshot extract = engine.snapshot(added.ids[2]);
        QCOMPARE(extract.kind, TaskKind::Extract);
        QCOMPARE(QFileInfo(extract.outputPath).fileName(), u"photos"_s);
        checkExtracted(extract.outputPath);
        QVERIFY(!QFile::exists(QDir(dir).filePath(u"photos.tar.gz"_s)));  // deleted after extraction
        const QString verifyLog = engine.log(added.ids[1]).join(u'\n');
        QVERIFY2(verifyLog.contains(u"checked while downloading"_s), qPrintable(verifyLog));
        QCOMPARE(engine.snapshot(added.ids[2]).dependsOn, QList<TaskId>{ added.ids[1] });

        // The trace names the processing steps on worker lanes beside the download's connections.
        const QList<TraceSpan> spans = engine.trace().spans();
        QVERIFY(std::any_of(spans.cbegin(), spans.cend(), [&](const TraceSpan &s) {
            return s.taskId == added.ids[2] && s.lane.startsWith(u"worker "_s) && s.outcome == u"ok"_s;
        }));
    }

    void batchesComeAtMostOncePerFlushInterval()
    {
        // A download that changes every 10 ms still reaches listeners as one batch per 34 ms at
        // most (under 30 a second); FERRY_NO_COALESCING would send one per change.
        Resource slow(QByteArray(1 << 20, 'x'));
        slow.dripBytes = 16 << 10;
        slow.dripIntervalMs = 10;
        m_server.setResource(u"/drip.bin"_s, slow);
        TaskEngine engine;
        QElapsedTimer clock;
        clock.start();
        QList<qint64> emittedNs;
        connect(&engine, &TaskEngine::tasksChanged, this, [&] { emittedNs << clock.nsecsElapsed(); });
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.addPipeline(requestFor(u"/drip.bin"_s, freshDir()), Recipe{});
        QCOMPARE(added.error, TaskError());
        QVERIFY(idle.wait(20000));
        QCOMPARE(stateOf(engine, added.ids.first()), TaskState::Succeeded);
        QVERIFY2(emittedNs.size() >= 5, qPrintable(QString::number(emittedNs.size())));
        for (qsizetype i = 1; i < emittedNs.size(); ++i) {
            const qint64 gapMs = (emittedNs[i] - emittedNs[i - 1]) / 1'000'000;
            QVERIFY2(gapMs >= 33, qPrintable(u"batch %1 came %2 ms after the one before"_s.arg(i).arg(gapMs)));
        }
    }

    void verifyAgainstDownloadedChecksumList()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        m_server.setResource(u"/SHA256SUMS"_s,
                             Resource(sha256Hex(m_archive) + "  photos.tar.gz\n" + QByteArray(64, 'f') + "  other.iso\n"));
        Recipe recipe;
        recipe.verify = true;
        recipe.checksumUrl = m_server.url(u"/SHA256SUMS"_s);
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.addPipeline(requestFor(u"/photos.tar.gz"_s, dir), recipe);
        QCOMPARE(added.ids.size(), 3);  // download, the list, verify
        QVERIFY(idle.wait(20000));
        QCOMPARE(stateOf(engine, added.ids[2]), TaskState::Succeeded);
        QVERIFY(engine.log(added.ids[2]).join(u'\n').contains(u"SHA256SUMS"_s));
        QCOMPARE(engine.snapshot(added.ids[2]).digests.value(0).second, sha256Hex(m_archive));
    }

    // A failing download fails what waits on it at once, naming the cause; a retry once the
    // server is fixed runs the whole pipeline.
    void failureBlocksDependentsAndRetryRequeuesThem()
    {
        TaskEngine engine;
        engine.setDownloadOptions(quickRetries());
        const QString dir = freshDir();
        DownloadRequest request = requestFor(u"/later.tar.gz"_s, dir);
        request.expected = sha256Of(m_archive);
        Recipe recipe;
        recipe.verify = true;
        recipe.extract = true;
        const TaskEngine::AddResult added = engine.addPipeline(request, recipe);
        QCOMPARE(added.ids.size(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(engine, added.ids), 20000);
        const TaskSnapshot download = engine.snapshot(added.ids[0]);
        QCOMPARE(download.status.state, TaskState::Failed);
        QCOMPARE(download.error.code(), TaskError::Code::HttpStatus);
        for (TaskId id : { added.ids[1], added.ids[2] }) {
            const TaskSnapshot s = engine.snapshot(id);
            QCOMPARE(s.status.state, TaskState::Failed);
            QCOMPARE(s.error.code(), TaskError::Code::Blocked);
            QVERIFY2(s.error.message().startsWith(u"blocked by later.tar.gz: "_s), qPrintable(s.error.message()));
        }

        m_server.setResource(u"/later.tar.gz"_s, Resource(m_archive));
        QSignalSpy idle(&engine, &TaskEngine::idle);
        engine.retry({ added.ids[0] });
        QVERIFY(idle.wait(20000));
        for (TaskId id : added.ids)
            QVERIFY2(stateOf(engine, id) == TaskState::Succeeded, qPrintable(engine.log(id).join(u'\n')));
        checkExtracted(engine.snapshot(added.ids[2]).outputPath);
    }

    // A local file that does not match: the step fails with both digests and the file is moved aside.
    void localVerifyMismatchMovesTheFileAside()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        const QString path = QDir(dir).filePath(u"image.iso"_s);
        QVERIFY(writeFile(path, "not what you expected"));
        Recipe recipe;
        recipe.verify = true;
        recipe.hashes = { HashAlgorithm::Sha256 };
        QList<TaskSpec> batch = buildLocalPipeline(path, recipe);
        batch[0].expected = QString(64, u'a');
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.add(batch);
        QVERIFY(idle.wait(20000));
        const TaskSnapshot verify = engine.snapshot(added.ids[0]);
        QCOMPARE(verify.status.state, TaskState::Failed);
        QCOMPARE(verify.error.code(), TaskError::Code::ChecksumMismatch);
        QVERIFY(!QFile::exists(path));
        QVERIFY(QFile::exists(path + u".ferry-mismatch"_s));
        QCOMPARE(engine.snapshot(added.ids[1]).error.code(), TaskError::Code::Blocked);
    }

    void localFolderGetsAChecksumList()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        QVERIFY(writeFile(QDir(dir).filePath(u"a.iso"_s), "first"));
        QVERIFY(writeFile(QDir(dir).filePath(u"b.iso"_s), "second"));
        TaskSpec list;
        list.kind = TaskKind::ChecksumList;
        list.inputPath = dir;
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.add({ list });
        QVERIFY(idle.wait(20000));
        QCOMPARE(stateOf(engine, added.ids[0]), TaskState::Succeeded);
        QCOMPARE(fileContents(QDir(dir).filePath(u"SHA256SUMS"_s)),
                 sha256Hex("first") + "  a.iso\n" + sha256Hex("second") + "  b.iso\n");
    }

    // Cancel reaches a running step; what depends on it fails as blocked; nothing half-written stays.
    void cancelRunningStepBlocksDependents()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        TaskSpec command;
        command.kind = TaskKind::Command;
        command.inputPath = dir;
        command.program = u"sleep"_s;
        command.arguments = { u"60"_s };
        TaskSpec after;
        after.kind = TaskKind::Noop;
        after.dependsOn = { TaskSpec::Ref::inBatch(0) };
        const TaskEngine::AddResult added = engine.add({ command, after });
        QCOMPARE(added.error, TaskError());
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Running);
        QCOMPARE(engine.snapshot(added.ids[1]).status.reason, WaitReason::Dependencies);
        engine.cancel({ added.ids[0] });
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Cancelled);
        QCOMPARE(stateOf(engine, added.ids[1]), TaskState::Failed);
        QCOMPARE(engine.snapshot(added.ids[1]).error.code(), TaskError::Code::Blocked);
    }

    void cancelRunningHashOfALargeFile()
    {
        TaskEngine engine;
        const QString path = QDir(freshDir()).filePath(u"big.img"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(qint64(64) << 30));  // sparse: 64 GiB of zeros that take no disk
        }
        TaskSpec hash;
        hash.kind = TaskKind::Hash;
        hash.inputPath = path;
        const TaskEngine::AddResult added = engine.add({ hash });
        QTRY_VERIFY(engine.snapshot(added.ids[0]).done > 0);  // reading
        engine.cancel(added.ids);
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Cancelled);
        QCOMPARE(engine.snapshot(added.ids[0]).error.code(), TaskError::Code::Cancelled);
    }

    void pauseAndResumeADownloadContinuesWhereItStopped()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        const QByteArray body = randomBytes(4 << 20, 11);
        Resource slow(body);
        slow.dripBytes = 64 * 1024;
        slow.dripIntervalMs = 20;
        m_server.setResource(u"/slow.bin"_s, slow);
        m_server.clearRequests();
        const TaskEngine::AddResult added = engine.add({ [&] {
            TaskSpec spec;
            spec.kind = TaskKind::Download;
            spec.download = requestFor(u"/slow.bin"_s, dir);
            return spec;
        }() });
        // Past the first checkpoint, so the resume state is on disk.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(dir).filePath(u"slow.bin.ferry-resume"_s)), 20000);
        engine.pause(added.ids);
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Paused);
        const qint64 pausedAt = engine.snapshot(added.ids[0]).done;
        QVERIFY(pausedAt > 0);
        QCOMPARE(engine.snapshot(added.ids[0]).fileName, u"slow.bin"_s);  // known before it finishes

        engine.resume(added.ids);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, added.ids[0]), TaskState::Succeeded, 20000);
        QCOMPARE(fileContents(QDir(dir).filePath(u"slow.bin"_s)), body);
        const QList<RequestRecord> requests = m_server.requests();
        QVERIFY(std::any_of(requests.cbegin(), requests.cend(), [](const RequestRecord &r) {
            return r.header("range").startsWith("bytes=") && !r.header("range").startsWith("bytes=0-")
                && !r.header("if-range").isEmpty();
        }));
    }

    // One processing slot: tasks start by priority, then in the order added; the others wait with
    // the reason.
    void slotsAndPriorities()
    {
        TaskEngine engine;
        engine.setLimits({ 3, 4, 1 });
        QList<TaskSpec> batch;
        for (int priority : { 0, 5, 1, 5 }) {
            TaskSpec spec;
            spec.kind = TaskKind::Noop;
            spec.priority = priority;
            batch.append(spec);
        }
        QList<TaskId> finishedOrder;
        connect(&engine, &TaskEngine::taskFinished, this, [&](const TaskSnapshot &s) { finishedOrder.append(s.id); });
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.add(batch);
        QVERIFY(idle.wait(10000));
        QCOMPARE(finishedOrder, (QList<TaskId>{ added.ids[1], added.ids[3], added.ids[2], added.ids[0] }));
    }

    void waitReasonsSayWhy()
    {
        TaskEngine engine;
        engine.setLimits({ 2, 1, 2 });
        const QString dir = freshDir();
        Resource stalled(randomBytes(100'000, 3));
        stalled.stallAfter = 1000;
        m_server.setResource(u"/stall-a.bin"_s, stalled);
        m_server.setResource(u"/stall-b.bin"_s, stalled);
        QList<TaskSpec> batch;
        for (const QString &path : { u"/stall-a.bin"_s, u"/stall-b.bin"_s }) {
            TaskSpec spec;
            spec.kind = TaskKind::Download;
            spec.download = requestFor(path, dir);
            batch.append(spec);
        }
        TaskSpec after;
        after.kind = TaskKind::Noop;
        after.dependsOn = { TaskSpec::Ref::inBatch(0) };
        batch.append(after);
        const TaskEngine::AddResult added = engine.add(batch);
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Running);
        // Same host, one download per host: the second waits for the host, not for a slot.
        QTRY_COMPARE(engine.snapshot(added.ids[1]).status.reason, WaitReason::HostCap);
        QCOMPARE(engine.snapshot(added.ids[2]).status.reason, WaitReason::Dependencies);
        QVERIFY(engine.snapshot(added.ids[2]).status.detail.contains(u"stall-a.bin"_s));

        engine.setLimits({ 1, 0, 2 });  // no host cap, one download slot
        QTRY_COMPARE(engine.snapshot(added.ids[1]).status.reason, WaitReason::Slot);
        engine.remove(added.ids);
        QTRY_VERIFY(engine.ids().isEmpty());
        m_server.closeAllConnections();
    }

    void batchWithABadEntryAddsNothing()
    {
        TaskEngine engine;
        QSignalSpy refused(&engine, &TaskEngine::batchRefused);
        TaskSpec good;
        good.kind = TaskKind::Noop;
        TaskSpec bad;
        bad.kind = TaskKind::Download;
        bad.download.url = QUrl(u"ftp://example.com/x"_s);
        bad.download.directory = freshDir();
        TaskEngine::AddResult result = engine.add({ good, bad });
        QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
        QVERIFY(result.error.message().contains(u"ftp://example.com/x"_s));
        QVERIFY(result.ids.isEmpty());
        QVERIFY(engine.ids().isEmpty());
        QCOMPARE(refused.size(), 1);

        TaskSpec forward;
        forward.kind = TaskKind::Noop;
        forward.dependsOn = { TaskSpec::Ref::inBatch(1) };  // a later entry: would allow cycles
        result = engine.add({ forward, good });
        QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
        result = engine.add({ [] {
            TaskSpec spec;
            spec.kind = TaskKind::Noop;
            spec.dependsOn = { TaskSpec::Ref::task(424242) };
            return spec;
        }() });
        QCOMPARE(result.error.code(), TaskError::Code::InvalidInput);
        QVERIFY(engine.ids().isEmpty());
    }

    void dependencyAddedLaterRefusesCycles()
    {
        TaskEngine engine;
        QList<TaskSpec> batch;
        for (const QString &title : { u"first"_s, u"second"_s, u"third"_s }) {
            TaskSpec spec;
            spec.kind = TaskKind::Noop;
            spec.title = title;
            if (!batch.isEmpty())
                spec.dependsOn = { TaskSpec::Ref::inBatch(int(batch.size() - 1)) };
            batch.append(spec);
        }
        const TaskEngine::AddResult added = engine.add(batch);
        engine.pause(added.ids);  // hold them so the edges can be judged before anything runs
        QCOMPARE(stateOf(engine, added.ids[0]), TaskState::Paused);
        const TaskError cycle = engine.addDependency(added.ids[0], added.ids[2]);
        QCOMPARE(cycle.code(), TaskError::Code::InvalidInput);
        QVERIFY2(cycle.message().contains(u"first → third → second → first"_s), qPrintable(cycle.message()));
        QCOMPARE(engine.addDependency(added.ids[0], added.ids[0]).code(), TaskError::Code::InvalidInput);
        QCOMPARE(engine.addDependency(added.ids[0], 999).code(), TaskError::Code::InvalidInput);

        TaskSpec later;
        later.kind = TaskKind::Noop;
        later.title = u"later"_s;
        const TaskId laterId = engine.add({ later }).ids.value(0);
        engine.pause({ laterId });
        QCOMPARE(engine.addDependency(added.ids[0], laterId), TaskError());
        QCOMPARE(engine.snapshot(added.ids[0]).dependsOn, QList<TaskId>{ laterId });
        QSignalSpy idle(&engine, &TaskEngine::idle);
        engine.resume(added.ids);
        QTRY_COMPARE(engine.snapshot(added.ids[0]).status.reason, WaitReason::Dependencies);
        engine.resume({ laterId });
        QVERIFY(idle.wait());
        for (TaskId id : added.ids)
            QCOMPARE(stateOf(engine, id), TaskState::Succeeded);
    }

    // "When every part is here, run X": a task that depends on a whole group.
    void groupRunsWhenEveryMemberSucceeded()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        QList<TaskSpec> batch;
        for (int i = 0; i < 3; ++i) {
            m_server.setResource(u"/part%1"_s.arg(i), Resource(randomBytes(10'000, quint32(i))));
            TaskSpec part;
            part.kind = TaskKind::Download;
            part.download = requestFor(u"/part%1"_s.arg(i), dir);
            batch.append(part);
        }
        TaskSpec sums;
        sums.kind = TaskKind::ChecksumList;
        sums.inputPath = dir;
        sums.dependsOn = { TaskSpec::Ref::inBatch(0), TaskSpec::Ref::inBatch(1), TaskSpec::Ref::inBatch(2) };
        batch.append(sums);
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.add(batch);
        QVERIFY(idle.wait(20000));
        QCOMPARE(stateOf(engine, added.ids[3]), TaskState::Succeeded);
        const QByteArray list = fileContents(QDir(dir).filePath(u"SHA256SUMS"_s));
        for (int i = 0; i < 3; ++i)
            QVERIFY(list.contains(QByteArray(sha256Hex(randomBytes(10'000, quint32(i))) + "  part" + QByteArray::number(i))));
    }

    // A split archive: three volumes downloaded, extracted as one once all are here, then deleted.
    void splitArchiveExtractsOnceEveryPartIsHere()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        QList<DownloadRequest> parts;
        const qsizetype third = m_archive.size() / 3 + 1;
        for (int i = 0; i < 3; ++i) {
            const QString path = u"/album.tar.gz.%1"_s.arg(i + 1, 3, 10, QChar(u'0'));
            Resource part(m_archive.mid(i * third, third));
            part.dripBytes = i == 2 ? 4096 : 0;  // the last part arrives last
            m_server.setResource(path, part);
            parts.append(requestFor(path, dir));
        }
        Recipe recipe;
        recipe.extract = true;
        recipe.deleteArchive = true;
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.add(buildSplitArchivePipeline(parts, recipe));
        QCOMPARE(added.error, TaskError());
        QCOMPARE(added.ids.size(), 5);  // three parts, extract, delete
        QTRY_COMPARE(stateOf(engine, added.ids[0]), TaskState::Succeeded);
        QCOMPARE(engine.snapshot(added.ids[3]).status.reason, WaitReason::Dependencies);  // part 3 still coming
        QVERIFY(idle.wait(20000));
        for (TaskId id : added.ids)
            QVERIFY2(stateOf(engine, id) == TaskState::Succeeded, qPrintable(engine.log(id).join(u'\n')));
        const QString folder = engine.snapshot(added.ids[3]).outputPath;
        QCOMPARE(QFileInfo(folder).fileName(), u"album"_s);
        checkExtracted(folder);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(!QFile::exists(QDir(dir).filePath(u"album.tar.gz.00%1"_s.arg(i))));
    }

    void removeTakesItsDependentsAndFilesWithIt()
    {
        TaskEngine engine;
        const QString dir = freshDir();
        Recipe recipe;
        recipe.extract = true;
        QSignalSpy idle(&engine, &TaskEngine::idle);
        const TaskEngine::AddResult added = engine.addPipeline(requestFor(u"/photos.tar.gz"_s, dir), recipe);
        QVERIFY(idle.wait(20000));
        const QString folder = engine.snapshot(added.ids[1]).outputPath;
        QVERIFY(QFileInfo(folder).isDir());
        QSignalSpy removed(&engine, &TaskEngine::tasksRemoved);
        engine.remove({ added.ids[1] }, true);
        QCOMPARE(removed.size(), 1);
        QVERIFY(!QFileInfo::exists(folder));
        QVERIFY(QFile::exists(QDir(dir).filePath(u"photos.tar.gz"_s)));  // not asked for
        QCOMPARE(engine.ids(), QList<TaskId>{ added.ids[0] });
    }

    // The queue outlives the engine: finished tasks come back as history, an unfinished download
    // comes back queued and resumes from its partial file.
    void storeKeepsTheQueueAcrossRestarts()
    {
        const QString dir = freshDir();
        const QString store = QDir(dir).filePath(u"queue.db"_s);
        const QByteArray body = randomBytes(3 << 20, 21);
        Resource slow(body);
        slow.dripBytes = 16 * 1024;
        slow.dripIntervalMs = 20;
        m_server.setResource(u"/restart.bin"_s, slow);
        QList<TaskId> ids;
        {
            TaskEngine engine;
            QCOMPARE(engine.openStore(store), TaskError());
            TaskSpec done;
            done.kind = TaskKind::Noop;
            done.title = u"finished before"_s;
            QSignalSpy finished(&engine, &TaskEngine::taskFinished);
            ids = engine.add({ done }).ids;
            QVERIFY(finished.wait());
            TaskSpec download;
            download.kind = TaskKind::Download;
            download.download = requestFor(u"/restart.bin"_s, dir);
            ids += engine.add({ download }).ids;
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(dir).filePath(u"restart.bin.ferry-resume"_s)), 20000);
            QTRY_VERIFY(engine.snapshot(ids[1]).done > 0);
        }  // the engine goes away mid-download, as when the app quits
        m_server.clearRequests();
        TaskEngine engine;
        QCOMPARE(engine.openStore(store), TaskError());
        QCOMPARE(engine.ids(), ids);
        QCOMPARE(engine.snapshot(ids[0]).title, u"finished before"_s);
        QCOMPARE(stateOf(engine, ids[0]), TaskState::Succeeded);
        QVERIFY(engine.log(ids[1]).join(u'\n').contains(u"Ferry stopped while this task was"_s));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, ids[1]), TaskState::Succeeded, 20000);
        QCOMPARE(fileContents(QDir(dir).filePath(u"restart.bin"_s)), body);
        QVERIFY(!m_server.requests().isEmpty());
        QVERIFY(!m_server.requests().constFirst().header("range").startsWith("bytes=0-"));
    }

    // A process holding the store is killed with SIGKILL in the middle of its pipeline; a new one
    // finishes the job from where it was, and the store opens cleanly.
    void restartAfterKillMidPipeline()
    {
        const QString dir = freshDir();
        const QString store = QDir(dir).filePath(u"queue.db"_s);
        const QString tarPath = QDir(dir).filePath(u"big-source.tar.gz"_s);
        QList<QPair<QByteArray, QByteArray>> bigEntries = entries();
        bigEntries.append({ "noise.bin", randomBytes(6 << 20, 5) });
        QVERIFY(writeArchive(tarPath, "ustar", "gzip", bigEntries).isEmpty());
        const QByteArray archive = fileContents(tarPath);
        QFile::remove(tarPath);
        Resource slow(archive);
        slow.dripBytes = 32 * 1024;
        slow.dripIntervalMs = 20;
        m_server.setResource(u"/big.tar.gz"_s, slow);
        m_server.clearRequests();

        const QStringList args{ u"--child"_s, store, dir, m_server.url(u"/big.tar.gz"_s).toString(),
                                QString::fromLatin1(sha256Hex(archive)) };
        {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(QCoreApplication::applicationFilePath(), args);
            QVERIFY(child.waitForStarted());
            // Killed once the resume state of the download is on disk and bytes are flowing.
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(dir).filePath(u"big.tar.gz.ferry-resume"_s)), 20000);
            QByteArray output;
            QTRY_VERIFY_WITH_TIMEOUT((output += child.readAllStandardOutput()).contains(" running "), 20000);
            ::kill(pid_t(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished());
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        }
        {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            // Waited on with a signal: the server lives on this thread's event loop.
            QSignalSpy finished(&child, &QProcess::finished);
            child.start(QCoreApplication::applicationFilePath(), args);
            QVERIFY(finished.wait(60000));
            QCOMPARE(child.exitStatus(), QProcess::NormalExit);
            QCOMPARE(child.exitCode(), 0);
        }
        TaskStore reopened;
        QCOMPARE(reopened.open(store), TaskError());
        QVERIFY(!reopened.recovery().isError());
        const QList<StoredTask> rows = reopened.loadAll();
        QCOMPARE(rows.size(), 4);
        for (const StoredTask &row : rows)
            QCOMPARE(row.state, int(TaskState::Succeeded));
        checkExtracted(QDir(dir).filePath(u"big"_s));
        QCOMPARE(fileContents(QDir(dir).filePath(u"big/noise.bin"_s)), randomBytes(6 << 20, 5));
        QVERIFY(!QFile::exists(QDir(dir).filePath(u"big.tar.gz"_s)));
        // The second process resumed (the same ETag, so setResource() is not called again): it
        // never asked for the file from byte 0 again.
        const QList<RequestRecord> requests = m_server.requests();
        int fromZero = 0;
        for (const RequestRecord &r : requests)
            fromZero += r.header("range").startsWith("bytes=0-") ? 1 : 0;
        QCOMPARE(fromZero, 1);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 6 && qstrcmp(argv[1], "--child") == 0) {
        return runChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                        QString::fromLocal8Bit(argv[4]), QString::fromLocal8Bit(argv[5]));
    }
    TestTaskEngine test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_taskengine.moc"
