// The queue under repeated kill -9: a process running three download + verify + extract pipelines
// from the task store is killed with SIGKILL at 20 moments (seeded, so a failure can be replayed),
// restarted each time, then left to finish. Every file must end with the right bytes, the store must
// open cleanly every time, and no file may be fetched from byte 0 again once its resume state on disk
// records bytes from byte 0 (checked in the test server's request log).
#include "engine/taskengine.h"
#include "net/resumestate.h"
#include "store/taskstore.h"
#include "support/archivemaker.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "util/hasher.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <cstdio>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int Kills = 20;

struct Item
{
    QString path;     // on the server
    QString name;     // the file it becomes
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> entries;  // empty: not an archive
};

QList<Item> makeItems(const QString &scratch)
{
    QList<Item> items;
    for (int i = 0; i < 2; ++i) {
        Item archive;
        archive.path = u"/set%1.tar.gz"_s.arg(i);
        archive.name = u"set%1.tar.gz"_s.arg(i);
        archive.entries = { { "notes.txt", QByteArray("set ") + QByteArray::number(i) },
                            { "data/blob.bin", randomBytes((3 - i) << 20, quint32(100 + i)) } };
        const QString file = QDir(scratch).filePath(archive.name);
        if (!writeArchive(file, "ustar", "gzip", archive.entries).isEmpty())
            return {};
        archive.body = fileContents(file);
        items.append(archive);
    }
    Item plain;
    plain.path = u"/disk.img"_s;
    plain.name = u"disk.img"_s;
    plain.body = randomBytes(2 << 20, 77);
    items.append(plain);
    return items;
}

// The child: opens the store, adds the pipelines on its first run, runs until idle.
int runChild(const QString &store, const QString &dir, const QString &base, const QStringList &digests)
{
    TaskEngine engine;
    if (TaskError error = engine.openStore(store); error.isError() || engine.storeRecovery().isError()) {
        std::fprintf(stderr, "child: %s %s\n", qPrintable(error.toString()), qPrintable(engine.storeRecovery().toString()));
        return 2;
    }
    std::printf("open ok\n");
    std::fflush(stdout);
    if (engine.ids().isEmpty()) {
        const QStringList paths{ u"/set0.tar.gz"_s, u"/set1.tar.gz"_s, u"/disk.img"_s };
        for (qsizetype i = 0; i < paths.size(); ++i) {
            DownloadRequest request;
            request.url = QUrl(base + paths[i]);
            request.directory = dir;
            request.rateLimit = 256 << 10;  // 256 KiB/s each: the run lasts about 12 s, over ~20 lives
            request.expected = { HashAlgorithm::Sha256, QByteArray::fromHex(digests[i].toLatin1()) };
            Recipe recipe;
            recipe.verify = true;
            recipe.extract = paths[i].endsWith(u".tar.gz"_s);
            if (engine.addPipeline(request, recipe).error.isError())
                return 3;
        }
    }
    QObject::connect(&engine, &TaskEngine::idle, qApp, &QCoreApplication::quit);
    if (engine.isIdle())
        return 0;  // an earlier life finished everything
    return QCoreApplication::exec();
}

} // namespace

class TestEngineCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedTwentyTimes()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString scratch = tmp.filePath(u"scratch"_s);
        const QString dir = tmp.filePath(u"downloads"_s);
        QVERIFY(QDir().mkpath(scratch) && QDir().mkpath(dir));
        const QList<Item> items = makeItems(scratch);
        QCOMPARE(items.size(), 3);
        TestServer server;
        QVERIFY(server.listen());
        QStringList digests;
        for (const Item &item : items) {
            server.setResource(item.path, Resource(item.body));
            digests.append(QString::fromLatin1(sha256Hex(item.body)));
        }
        const QString store = tmp.filePath(u"queue.db"_s);
        const QStringList args = QStringList{ u"--child"_s, store, dir, server.url(u""_s).toString() } + digests;

        QRandomGenerator random(20261127);
        int killsDone = 0;
        int violations = 0;
        QStringList report;
        for (int round = 0; round <= Kills; ++round) {
            const bool last = round == Kills;
            // What could resume: a file whose resume state on disk records bytes from byte 0 must never
            // be asked from 0. A state checkpointed before its first bytes (at most a second into a
            // download) has nothing to continue from, and asking from 0 then is right (as in tst_clicrash).
            QSet<QString> resumable;
            for (const Item &item : items) {
                const auto state = ResumeState::load(QDir(dir).filePath(item.name + u".ferry-resume"_s));
                if (state && state->contiguousPrefix() > 0)
                    resumable.insert(item.path);
            }
            const qsizetype requestsBefore = server.requests().size();

            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            QSignalSpy finished(&child, &QProcess::finished);
            child.start(QCoreApplication::applicationFilePath(), args);
            QVERIFY(child.waitForStarted());
            if (last) {
                QVERIFY(finished.wait(120000));
                QCOMPARE(child.exitStatus(), QProcess::NormalExit);
                QCOMPARE(child.exitCode(), 0);
            } else {
                // A moment between 50 ms and 1.2 s into the child's life: opening the store,
                // downloading, checkpointing, verifying, extracting, committing.
                const int delay = 50 + int(random.bounded(1150));
                QTimer::singleShot(delay, &child, [&child] { ::kill(pid_t(child.processId()), SIGKILL); });
                QVERIFY(finished.wait(60000));
                if (child.exitStatus() == QProcess::CrashExit)
                    ++killsDone;
                else
                    QCOMPARE(child.exitCode(), 0);  // it finished before the kill: fine, if clean
                report.append(QString::number(delay));
            }
            const QByteArray output = child.readAllStandardOutput();
            QVERIFY2(output.isEmpty() || output.startsWith("open ok"), output.constData());

            const QList<RequestRecord> requests = server.requests().mid(requestsBefore);
            for (const RequestRecord &r : requests) {
                if (resumable.contains(r.path) && r.range.startsWith("bytes=0-")) {
                    ++violations;
                    qWarning("round %d: %s fetched from byte 0 although its resume state recorded bytes from 0", round,
                             qPrintable(r.path));
                }
            }
        }
        qInfo("crash-resume: %d kills (at %s ms), %d restarts, %d resumable files fetched from 0", killsDone,
              qPrintable(report.join(u',')), Kills, violations);
        QCOMPARE(violations, 0);

        // Everything finished, with the right bytes, and the store is intact.
        TaskStore reopened;
        QCOMPARE(reopened.open(store), TaskError());
        QVERIFY(!reopened.recovery().isError());
        const QList<StoredTask> rows = reopened.loadAll();
        QCOMPARE(rows.size(), 8);  // 2 × (download, verify, extract) + download, verify
        for (const StoredTask &row : rows)
            QVERIFY2(row.state == int(TaskState::Succeeded), qPrintable(row.title + u" " + QString::fromUtf8(row.errorJson)));
        for (const Item &item : items) {
            if (item.entries.isEmpty()) {
                QCOMPARE(fileContents(QDir(dir).filePath(item.name)), item.body);
                continue;
            }
            const QString folder = QDir(dir).filePath(item.name.chopped(7));  // without .tar.gz
            for (const auto &[name, data] : item.entries)
                QCOMPARE(fileContents(QDir(folder).filePath(QString::fromUtf8(name))), data);
        }
        const QStringList left = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &name : left)  // no partial file, sidecar, staging folder or its lock left
            QVERIFY2(!name.contains(u".ferry-"_s), qPrintable(name));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 8 && qstrcmp(argv[1], "--child") == 0) {
        QStringList digests;
        for (int i = 5; i < 8; ++i)
            digests.append(QString::fromLatin1(argv[i]));
        return runChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                        QString::fromLocal8Bit(argv[4]), digests);
    }
    TestEngineCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_enginecrash.moc"
