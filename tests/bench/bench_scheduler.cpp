// Times Ferry's scheduler (core/engine/TaskEngine): N no-op tasks through the queue until the
// engine is idle (goal: 10,000 in under 1 s), in memory and with the SQLite store, added as one
// batch and one add() at a time; and how fast a running hash of a big file stops when cancelled
// (goal: within 100 ms); and how long opening a store of N finished tasks takes.
//
//   bench_scheduler [--tasks N] [--runs R] [--dir DIR]
//
// Every run checks that each task Succeeded (or, for the cancel, ended Cancelled without a
// result): a broken scheduler can never look fast. Prints "name median min max" lines in ms and
// "verified yes"; exits 1 when a check fails.

#include "engine/taskengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

struct Stats
{
    double median = 0, min = 0, max = 0;
};

Stats stats(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    const double median = n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
    return { median, values.constFirst(), values.constLast() };
}

void print(const char *name, const QList<double> &values)
{
    const Stats s = stats(values);
    std::printf("%s %.1f %.1f %.1f\n", name, s.median, s.min, s.max);
    std::fflush(stdout);
}

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "bench_scheduler: %s\n", qPrintable(why));
    std::exit(1);
}

// Runs the event loop until the engine says idle (or 60 s pass, which fails the benchmark).
void runUntilIdle(TaskEngine &engine)
{
    QEventLoop loop;
    QObject::connect(&engine, &TaskEngine::idle, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, [] { fail(u"the engine never became idle"_s); });
    loop.exec();
}

void checkAllSucceeded(const TaskEngine &engine, int expected)
{
    const QList<TaskSnapshot> all = engine.snapshots();
    const auto ok = std::count_if(all.cbegin(), all.cend(), [](const TaskSnapshot &s) {
        return s.status.state == TaskState::Succeeded;
    });
    if (all.size() != expected || ok != expected)
        fail(u"%1 of %2 tasks succeeded (%3 expected)"_s.arg(ok).arg(all.size()).arg(expected));
}

// Milliseconds from the first add() to idle.
double noopRun(int tasks, const QString &storePath, bool oneBatch)
{
    TaskEngine engine;
    if (!storePath.isEmpty()) {
        QFile::remove(storePath);
        if (TaskError e = engine.openStore(storePath); e.isError())
            fail(e.toString());
    }
    TaskSpec noop;
    noop.kind = TaskKind::Noop;
    noop.title = u"nothing"_s;
    QElapsedTimer clock;
    clock.start();
    if (oneBatch) {
        engine.add(QList<TaskSpec>(tasks, noop));
    } else {
        for (int i = 0; i < tasks; ++i)
            engine.add({ noop });
    }
    runUntilIdle(engine);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    checkAllSucceeded(engine, tasks);
    return ms;
}

// Milliseconds to open a store that holds a finished queue, until every task is in the engine
// (what the app waits for before its first batch of rows).
double openRun(const QString &storePath, int expected)
{
    QElapsedTimer clock;
    clock.start();
    TaskEngine engine;
    if (TaskError e = engine.openStore(storePath); e.isError())
        fail(e.toString());
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    checkAllSucceeded(engine, expected);
    return ms;
}

// Milliseconds from cancel() to the Cancelled state, for a hash of a sparse file (zeros: reading
// it costs no disk, so the hash runs at full CPU speed when the cancel arrives).
double cancelRun(const QString &path)
{
    TaskEngine engine;
    engine.setFlushInterval(0);  // report the end at once: we time the cancel, not the 30 Hz tick
    TaskSpec hash;
    hash.kind = TaskKind::Hash;
    hash.inputPath = path;
    const TaskId id = engine.add({ hash }).ids.value(0);
    QElapsedTimer clock;
    double ms = -1;
    QEventLoop loop;
    QObject::connect(&engine, &TaskEngine::tasksChanged, &loop, [&](const QList<TaskSnapshot> &changed) {
        for (const TaskSnapshot &s : changed) {
            if (!clock.isValid() && s.status.state == TaskState::Running && s.done > 0) {
                clock.start();
                engine.cancel({ id });
            }
        }
    });
    QObject::connect(&engine, &TaskEngine::taskFinished, &loop, [&](const TaskSnapshot &s) {
        if (s.status.state != TaskState::Cancelled)
            fail(u"the hash ended %1, not cancelled"_s.arg(stateName(s.status.state)));
        ms = double(clock.nsecsElapsed()) / 1e6;
        loop.quit();
    });
    QTimer::singleShot(60000, &loop, [] { fail(u"the cancelled hash never ended"_s); });
    loop.exec();
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int tasks = 10000;
    int runs = 5;
    QString dir = QDir::tempPath();
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--tasks")
            tasks = args[i + 1].toInt();
        else if (args[i] == u"--runs")
            runs = args[i + 1].toInt();
        else if (args[i] == u"--dir")
            dir = args[i + 1];
        else
            fail(u"unknown option "_s + args[i]);
    }
    if (tasks < 1 || runs < 1)
        fail(u"--tasks and --runs need positive numbers"_s);
    QTemporaryDir work(QDir(dir).filePath(u"bench-scheduler-XXXXXX"_s));
    if (!work.isValid())
        fail(u"cannot make a folder in "_s + dir);
    const QString store = work.filePath(u"queue.db"_s);

    noopRun(tasks, {}, true);  // warm-up: code, allocator, thread pool
    QList<double> batch, single, stored;
    for (int r = 0; r < runs; ++r) {
        batch.append(noopRun(tasks, {}, true));
        single.append(noopRun(tasks, {}, false));
        stored.append(noopRun(tasks, store, true));
    }
    std::printf("tasks %d\n", tasks);
    print("noop_batch_ms", batch);
    print("noop_single_adds_ms", single);
    print("noop_batch_store_ms", stored);
    QList<double> opens;
    for (int r = 0; r < runs; ++r)
        opens.append(openRun(store, tasks));  // the queue the last stored run left behind
    print("open_store_ms", opens);

    const QString big = work.filePath(u"big.img"_s);
    {
        QFile file(big);
        if (!file.open(QIODevice::WriteOnly) || !file.resize(qint64(10) << 30))
            fail(u"cannot make a sparse 10 GiB file in "_s + dir);
    }
    QList<double> cancels;
    for (int r = 0; r < runs; ++r)
        cancels.append(cancelRun(big));
    print("cancel_hash_ms", cancels);
    std::printf("verified yes\n");
    return 0;
}
