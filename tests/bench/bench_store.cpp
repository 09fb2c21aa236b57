// Times Ferry's task store: open + loadAll of a queue of N tasks (goal: 10,000 in under 200 ms) and
// one saveProgress of C changed tasks (one transaction), on data shaped like a real queue.
//
//   bench_store [--tasks N] [--runs R] [--changed C] [--dir DIR] [--keep]
//
// --keep leaves the database behind (its path is printed as "db <path>") for a closer look.
//
// Each load run reopens the database (new connection, empty SQLite cache); the cold runs also
// drop its pages from the kernel's page cache first (fdatasync + POSIX_FADV_DONTNEED).
// Every run is verified (count, a checksum over the fields, the saved values after a reopen):
// a broken store can never look fast. Prints "name value..." lines; exits 1 when a check fails.

#include "store/taskstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

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

void print(const char *name, const Stats &s)
{
    std::printf("%s %.2f %.2f %.2f\n", name, s.median, s.min, s.max);
}

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "bench_store: FAILED: %s\n", qPrintable(what));
    std::exit(1);
}

// Pushes the file's pages out of the page cache (clean pages only, hence the sync first).
void evict(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return; // no -wal after a clean close
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

QByteArray pipeline(QRandomGenerator &random, int index)
{
    QJsonArray steps;
    steps.append(QJsonObject{ { u"step"_s, u"download"_s }, { u"connections"_s, 4 } });
    const int extra = random.bounded(1, 4);
    for (int i = 0; i < extra; ++i) {
        steps.append(QJsonObject{
            { u"step"_s, i == 0 ? u"verify"_s : (i == 1 ? u"extract"_s : u"thumbnail"_s) },
            { u"sha256"_s, QString::number(random.generate64(), 16).repeated(4) },
            { u"target"_s, u"/home/user/Downloads/Projects/archive-%1/"_s.arg(index) },
            { u"options"_s, QJsonObject{ { u"overwrite"_s, false }, { u"keepArchive"_s, true } } },
        });
    }
    return QJsonDocument(steps).toJson(QJsonDocument::Compact);
}

QByteArray resume(QRandomGenerator &random, qint64 total, qint64 done)
{
    QJsonArray ranges;
    const int count = random.bounded(1, 9);
    for (int i = 0; i < count; ++i) {
        const qint64 start = total / count * i;
        ranges.append(QJsonArray{ start, start + total / count, done / count });
    }
    return QJsonDocument(QJsonObject{
               { u"url"_s, u"https://mirror.example.org/pub/releases/some/long/path/file.iso"_s },
               { u"etag"_s, u"\"5f3e-%1\""_s.arg(random.generate(), 0, 16) },
               { u"lastModified"_s, u"Tue, 14 Mar 2023 12:00:01 GMT"_s },
               { u"total"_s, total },
               { u"ranges"_s, ranges },
           })
        .toJson(QJsonDocument::Compact);
}

QList<StoredTask> makeTasks(int count)
{
    QRandomGenerator random(20240301);
    QList<StoredTask> tasks;
    tasks.reserve(count);
    const QDateTime base = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    for (int i = 0; i < count; ++i) {
        StoredTask t;
        t.kind = i % 7 ? u"download"_s : u"extract"_s;
        t.title = u"Ubuntu 24.04 LTS Desktop — amd64 Überspiel №%1 (mirror %2)"_s.arg(i).arg(random.bounded(50));
        t.url = QUrl(u"https://mirror-%1.example.org/pub/linux/releases/24.04/images/"
                     "ubuntu-24.04-desktop-amd64-%2.iso?token=%3"_s
                         .arg(random.bounded(20)).arg(i).arg(random.generate64(), 0, 16));
        t.directory = u"/home/user/Downloads/ISOs/%1"_s.arg(i % 30);
        t.fileName = u"ubuntu-24.04-desktop-amd64-%1.iso"_s.arg(i);
        t.state = int(random.bounded(6));
        t.stateDetail = t.state == 2 ? u"4 connections"_s : QString();
        t.bytesTotal = 1'000'000 + qint64(random.bounded(4'000'000'000u));
        t.bytesDone = t.state == 5 ? t.bytesTotal : qint64(random.bounded(1'000'000u));
        t.pipelineJson = pipeline(random, i);
        if (i % 3 == 0)
            t.resumeJson = resume(random, t.bytesTotal, t.bytesDone);
        if (i % 20 == 0)
            t.errorJson = QByteArray("{\"code\":\"network\",\"message\":\"Connection reset by peer\","
                                     "\"detail\":\"while reading bytes 1048576-2097151 of the response\"}");
        t.added = base.addSecs(i);
        if (t.state >= 2)
            t.started = base.addSecs(i + 60);
        if (t.state == 5)
            t.finished = base.addSecs(i + 600);
        t.priority = int(random.bounded(3)) - 1;
        tasks.append(t);
    }
    return tasks;
}

// Fields folded into one number, so a load that drops or garbles data does not match.
quint64 checksum(const QList<StoredTask> &tasks)
{
    quint64 sum = 0;
    for (const StoredTask &t : tasks) {
        sum = sum * 31 + t.id + quint64(t.bytesDone) + quint64(t.bytesTotal) + quint64(t.state)
            + quint64(t.title.size()) + quint64(t.url.toEncoded().size()) + quint64(t.pipelineJson.size())
            + quint64(t.resumeJson.size()) + quint64(t.errorJson.size()) + quint64(t.dependsOn.size())
            + quint64(t.added.toMSecsSinceEpoch()) + quint64(t.finished.isValid());
    }
    return sum;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int taskCount = 10'000;
    int runs = 5;
    int changedCount = 100;
    QString dir;
    bool keep = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (arg == u"--tasks" && hasValue)
            taskCount = args.at(++i).toInt();
        else if (arg == u"--runs" && hasValue)
            runs = args.at(++i).toInt();
        else if (arg == u"--changed" && hasValue)
            changedCount = args.at(++i).toInt();
        else if (arg == u"--dir" && hasValue)
            dir = args.at(++i);
        else if (arg == u"--keep")
            keep = true;
        else
            fail(u"usage: bench_store [--tasks N] [--runs R] [--changed C] [--dir DIR] [--keep]"_s);
    }
    if (taskCount < 1 || runs < 1 || changedCount < 1 || changedCount > taskCount)
        fail(u"bad --tasks, --runs or --changed"_s);

    QTemporaryDir temporary(dir.isEmpty() ? QString() : dir + u"/bench_store-XXXXXX");
    if (!temporary.isValid())
        fail(u"cannot make a temporary folder"_s);
    const QString path = temporary.filePath(u"ferry.db"_s);
    temporary.setAutoRemove(!keep);
    if (keep)
        std::printf("db %s\n", qPrintable(path));

    QList<StoredTask> tasks = makeTasks(taskCount);
    {
        TaskStore store;
        if (const TaskError error = store.open(path); error.isError())
            fail(error.toString());
        QElapsedTimer timer;
        timer.start();
        if (const TaskError error = store.insert(tasks); error.isError())
            fail(error.toString());
        // Dependencies need the ids: every 10th task waits for the one before it.
        QList<StoredTask> dependent;
        for (qsizetype i = 10; i < tasks.size(); i += 10) {
            tasks[i].dependsOn = { tasks.at(i - 1).id };
            dependent.append(tasks.at(i));
        }
        if (const TaskError error = store.update(dependent); error.isError())
            fail(error.toString());
        std::printf("insert_ms %.2f\n", double(timer.nsecsElapsed()) / 1e6);
    }
    const quint64 expected = checksum(tasks);
    std::printf("tasks %d\ndb_bytes %lld\n", taskCount, static_cast<long long>(QFile(path).size()));

    // Each run reopens the store (a new connection with an empty SQLite cache). "reopen" runs keep
    // the kernel's page cache warm, the way a restart of Ferry finds it; "cold" runs drop the
    // database's pages first.
    struct Loads
    {
        QList<double> open, load, total;
    };
    const auto timeLoads = [&](bool cold) {
        Loads loads;
        for (int run = 0; run < runs; ++run) {
            if (cold)
                evict(path);
            QElapsedTimer timer;
            timer.start();
            TaskStore store;
            if (const TaskError error = store.open(path); error.isError())
                fail(error.toString());
            const qint64 opened = timer.nsecsElapsed();
            TaskError error;
            const QList<StoredTask> loaded = store.loadAll(&error);
            const qint64 done = timer.nsecsElapsed();
            if (error.isError() || store.recovery().isError())
                fail(error.toString() + store.recovery().toString());
            if (loaded.size() != taskCount || checksum(loaded) != expected || loaded.at(5) != tasks.at(5))
                fail(u"loadAll returned other data than was stored (run %1)"_s.arg(run));
            loads.open.append(double(opened) / 1e6);
            loads.load.append(double(done - opened) / 1e6);
            loads.total.append(double(done) / 1e6);
        }
        return loads;
    };
    timeLoads(false); // warm-up: page cache filled, plugin loaded
    const Loads warm = timeLoads(false);
    const Loads cold = timeLoads(true);

    QList<double> saveMs;
    {
        TaskStore store;
        if (const TaskError error = store.open(path); error.isError())
            fail(error.toString());
        QRandomGenerator random(7);
        for (int run = 0; run < runs; ++run) {
            // A changed set as the engine would flush it: progress, state, fresh resume data.
            QList<StoredTask> changed;
            for (int i = 0; i < changedCount; ++i) {
                StoredTask &t = tasks[(run * changedCount + i) % taskCount];
                t.bytesDone += 1 + qint64(random.bounded(1'000'000u));
                t.state = 2;
                t.stateDetail = u"4 connections"_s;
                t.resumeJson = resume(random, t.bytesTotal, t.bytesDone);
                changed.append(t);
            }
            QElapsedTimer timer;
            timer.start();
            if (const TaskError error = store.saveProgress(changed); error.isError())
                fail(error.toString());
            saveMs.append(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    {
        TaskStore store;
        if (const TaskError error = store.open(path); error.isError())
            fail(error.toString());
        const QList<StoredTask> loaded = store.loadAll();
        if (loaded.size() != taskCount || checksum(loaded) != checksum(tasks))
            fail(u"saveProgress did not store what it was given"_s);
        for (qsizetype i = 0; i < qsizetype(runs) * changedCount && i < taskCount; ++i) {
            if (loaded.at(i) != tasks.at(i))
                fail(u"task %1 differs after saveProgress"_s.arg(i));
        }
    }

    print("open_load_ms", stats(warm.total));
    print("open_ms", stats(warm.open));
    print("load_ms", stats(warm.load));
    print("cold_open_load_ms", stats(cold.total));
    print("save_progress_ms", stats(saveMs));
    std::printf("changed %d\nruns %d\nverified yes\n", changedCount, runs);
    return 0;
}
