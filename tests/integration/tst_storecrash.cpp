// kill -9 while the store commits: the database must come back intact, with every task at the
// same, last (or next-to-last) committed value.
//
// The test binary is also the writer: "tst_storecrash --child DB" opens the store and commits in a
// loop, each transaction setting bytesDone of all tasks to the same counter, and prints
// "committed N" after each commit returns.

#include "store/taskstore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr int TaskCount = 1000;

int runChild(const QString &path)
{
    TaskStore store;
    if (const TaskError error = store.open(path); error.isError() || store.recovery().isError()) {
        std::fprintf(stderr, "child: open: %s\n", qPrintable(error.toString() + store.recovery().toString()));
        return 2;
    }
    TaskError error;
    QList<StoredTask> tasks = store.loadAll(&error);
    if (error.isError() || tasks.size() != TaskCount) {
        std::fprintf(stderr, "child: load: %s (%lld tasks)\n", qPrintable(error.toString()),
                     static_cast<long long>(tasks.size()));
        return 2;
    }
    qint64 counter = tasks.constFirst().bytesDone;
    std::printf("ready %lld\n", static_cast<long long>(counter));
    std::fflush(stdout);
    for (;;) { // until the parent kills us
        ++counter;
        for (StoredTask &task : tasks) {
            task.bytesDone = counter;
            task.stateDetail = u"commit %1"_s.arg(counter);
        }
        if (const TaskError saveError = store.saveProgress(tasks); saveError.isError()) {
            std::fprintf(stderr, "child: save: %s\n", qPrintable(saveError.toString()));
            return 3;
        }
        std::printf("committed %lld\n", static_cast<long long>(counter));
        std::fflush(stdout);
    }
}

// What the file holds, read without TaskStore (which would set a damaged file aside).
QString quickCheck(const QString &path)
{
    const QString name = u"crash-check"_s;
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            result = query.exec(u"PRAGMA quick_check"_s) && query.next() ? query.value(0).toString()
                                                                          : u"query failed"_s;
        } else {
            result = u"open failed"_s;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestStoreCrash : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString dbPath() const { return m_dir.filePath(u"ferry.db"_s); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TaskStore store;
        QCOMPARE(store.open(dbPath()), TaskError());
        QList<StoredTask> tasks;
        for (int i = 0; i < TaskCount; ++i) {
            StoredTask task;
            task.kind = u"download"_s;
            task.title = u"task %1"_s.arg(i);
            task.url = QUrl(u"http://127.0.0.1/%1.bin"_s.arg(i));
            task.bytesTotal = 1'000'000'000;
            task.pipelineJson = QByteArray("[{\"step\":\"download\"}]");
            tasks.append(task);
        }
        QCOMPARE(store.insert(tasks), TaskError());
    }

    void killDuringCommits()
    {
        qint64 previous = 0;
        for (int round = 0; round < 10; ++round) {
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            qint64 start = -1;
            qint64 lastReported = -1;
            // Commits to see before the kill: 40 to 274, a different moment each round (and a
            // different place relative to the WAL checkpoints, every few dozen commits here).
            const qint64 wanted = 40 + 26 * round;
            QByteArray pending;
            connect(&child, &QProcess::readyReadStandardOutput, &child, [&] {
                pending += child.readAllStandardOutput();
                qsizetype newline;
                while ((newline = pending.indexOf('\n')) >= 0) {
                    const QList<QByteArray> words = pending.left(newline).split(' ');
                    pending.remove(0, newline + 1);
                    if (words.size() != 2)
                        continue;
                    if (words[0] == "ready")
                        start = words[1].toLongLong();
                    else if (words[0] == "committed")
                        lastReported = words[1].toLongLong();
                }
                // Kill from here, the moment the line arrives, while the child is mid-transaction.
                if (start >= 0 && lastReported - start >= wanted && child.state() == QProcess::Running)
                    child.kill();
            });
            QSignalSpy finished(&child, &QProcess::finished);
            child.start(QCoreApplication::applicationFilePath(), { u"--child"_s, dbPath() });
            QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
            QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
            QCOMPARE(child.exitStatus(), QProcess::CrashExit); // killed by us, not an error exit
            QCOMPARE(start, previous);
            QVERIFY(lastReported - start >= wanted);

            QCOMPARE(quickCheck(dbPath()), u"ok"_s);
            TaskStore store;
            QCOMPARE(store.open(dbPath()), TaskError());
            QVERIFY2(!store.recovery().isError(), qPrintable(store.recovery().toString()));
            TaskError error;
            const QList<StoredTask> tasks = store.loadAll(&error);
            QCOMPARE(error, TaskError());
            QCOMPARE(tasks.size(), TaskCount);
            // One transaction, one value: never a mix of two commits.
            const qint64 value = tasks.constFirst().bytesDone;
            for (const StoredTask &task : tasks) {
                QCOMPARE(task.bytesDone, value);
                QCOMPARE(task.stateDetail, u"commit %1"_s.arg(value));
                QCOMPARE(task.bytesTotal, 1'000'000'000);
            }
            // Everything reported as committed survived; at most the one in flight got further.
            QVERIFY2(value == lastReported || value == lastReported + 1,
                     qPrintable(u"stored %1, last reported %2"_s.arg(value).arg(lastReported)));
            QVERIFY(value > previous);
            previous = value;
        }
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child") == 0)
        return runChild(QString::fromLocal8Bit(argv[2]));
    TestStoreCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storecrash.moc"
