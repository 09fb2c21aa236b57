// Measures whether Ferry's window stays responsive: the real MainWindow (offscreen), wired through
// EngineHost as app/desktop/application.cpp wires it, with a store of N finished tasks (10,000), first
// idle, then under load: D downloads (100) from a local server (nginx, else the test server on its own
// thread), 2 hashing jobs and 1 extraction of large files, all through the engine. A 1 ms precise timer
// on the GUI thread (LatencyMonitor) measures how late the event loop runs it.
//
//   bench_responsiveness --work DIR --download-file F --hash F --hash F --archive F
//                        [--tasks N] [--downloads D] [--idle-seconds S] [--app PATH --startup-runs R]
//                        [--server nginx|internal]
//
// DIR must be empty or missing: it gets the store, the private settings and runtime folders, the served
// folder and the downloads. The files given are read, never written (the archive is extracted from a
// link to it inside DIR). With --app, the real `ferry --measure-startup` is started R times on the
// same store first (startup to the first paint with the tasks, and memory).
//
// Prints "name value..." lines; every task of the load must end Succeeded and the store's tasks must
// all reach the model ("verified yes"), else it exits 1. The debug switches FERRY_NO_COALESCING=1 and
// FERRY_NO_WORKER_PRIORITY=1 are honoured as in the app (scripts/bench-responsiveness.sh runs both).

#include "config/preferences.h"
#include "engine/taskengine.h"
#include "engine/taskspec.h"
#include "enginehost.h"
#include "latencymonitor.h"
#include "mainwindow.h"
#include "store/taskstore.h"
#include "support/nginxserver.h"
#include "support/testserver.h"
#include "tasktablemodel.h"
#include "util/residentmemory.h"
#include "util/threadpriority.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTableView>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <map>
#include <cstdio>
#include <memory>
#include <time.h>

using namespace Ferry;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "bench_responsiveness: %s\n", qPrintable(why));
    std::exit(1);
}

struct Options
{
    QString work;
    QString downloadFile;
    QStringList hashFiles;
    QString archive;
    QString app;
    QString server = u"nginx"_s;
    int tasks = 10000;
    int downloads = 100;
    int idleSeconds = 5;
    int startupRuns = 5;
    int timeoutSeconds = 600;
};

Options parseOptions(const QStringList &args)
{
    Options o;
    const auto number = [](const QString &value) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < 1)
            fail(u"not a positive number: "_s + value);
        return n;
    };
    for (qsizetype i = 1; i < args.size(); i += 2) {
        if (i + 1 >= args.size())
            fail(args[i] + u" needs a value"_s);
        const QString &name = args[i], &value = args[i + 1];
        if (name == u"--work") o.work = value;
        else if (name == u"--download-file") o.downloadFile = value;
        else if (name == u"--hash") o.hashFiles.append(value);
        else if (name == u"--archive") o.archive = value;
        else if (name == u"--app") o.app = value;
        else if (name == u"--server") o.server = value;
        else if (name == u"--tasks") o.tasks = number(value);
        else if (name == u"--downloads") o.downloads = number(value);
        else if (name == u"--idle-seconds") o.idleSeconds = number(value);
        else if (name == u"--startup-runs") o.startupRuns = number(value);
        else if (name == u"--timeout") o.timeoutSeconds = number(value);
        else fail(u"unknown option "_s + name);
    }
    if (o.work.isEmpty() || o.downloadFile.isEmpty() || o.hashFiles.isEmpty() || o.archive.isEmpty())
        fail(u"--work, --download-file, --hash and --archive are required"_s);
    if (o.server != u"nginx" && o.server != u"internal")
        fail(u"--server is nginx or internal"_s);
    for (const QString &f : o.hashFiles + QStringList{ o.downloadFile, o.archive }) {
        if (!QFileInfo(f).isFile())
            fail(u"no such file: "_s + f);
    }
    return o;
}

// The store the app would find: N finished downloads shaped like a real history (URLs, paths,
// digests, a short log), written straight through TaskStore in one transaction.
void makeStore(const QString &path, int count)
{
    TaskStore store;
    if (const TaskError e = store.open(path); e.isError())
        fail(e.toString());
    QList<StoredTask> rows;
    rows.reserve(count);
    const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-30);
    for (int i = 0; i < count; ++i) {
        TaskSpec spec;
        spec.kind = TaskKind::Download;
        spec.download.url = QUrl(u"https://mirror-%1.example.org/pub/releases/%2/package-%3.tar.xz"_s
                                     .arg(i % 17).arg(i % 40).arg(i));
        spec.download.directory = u"/home/user/Downloads/batch-%1"_s.arg(i % 25);
        const QString fileName = u"package-%1.tar.xz"_s.arg(i);
        const QString output = spec.download.directory + u'/' + fileName;
        const qint64 size = 100'000 + qint64(i) * 7919 % 400'000'000;
        const QDateTime added = base.addSecs(i * 60);
        const QJsonObject runtime{
            { u"output"_s, output },
            { u"digests"_s, QJsonObject{ { u"sha256"_s, QString::number(quint64(i) * 0x9e3779b97f4a7c15ULL, 16).repeated(4) } } },
            { u"log"_s, QJsonArray{ u"10:00:00.000 Connecting to mirror"_s, u"10:00:00.120 200 OK, %1 bytes"_s.arg(size),
                                     u"10:00:03.400 Saved as %1"_s.arg(output) } },
        };
        StoredTask row;
        row.kind = u"download"_s;
        row.url = spec.download.url;
        row.directory = spec.download.directory;
        row.fileName = fileName;
        row.state = int(TaskState::Succeeded);
        row.bytesDone = size;
        row.bytesTotal = size;
        row.pipelineJson = spec.toJson();
        row.resumeJson = QJsonDocument(runtime).toJson(QJsonDocument::Compact);
        row.added = added;
        row.started = added.addSecs(5);
        row.finished = added.addSecs(9);
        rows.append(row);
    }
    if (const TaskError e = store.insert(rows); e.isError())
        fail(e.toString());
}

QProcessEnvironment childEnvironment()
{
    // The private folders this process set up (see main) are inherited; offscreen like the bench.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    return env;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? -1 : n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

void printStats(const char *name, const QList<double> &values)
{
    const auto [min, max] = std::minmax_element(values.cbegin(), values.cend());
    std::printf("%s %.1f %.1f %.1f\n", name, median(values), *min, *max);
}

// Starts `ferry --measure-startup` runs times on the store (one warm-up first) and prints medians.
// Part of the setup, before any window of ours exists, so waiting here blocks nothing measured.
void measureStartup(const QString &app, int runs, int expectedTasks)
{
    QList<double> launchToTasks, sinceMain, storeLoaded, firstPaint, rssPainted, rssSettled;
    for (int run = 0; run <= runs; ++run) {
        QProcess process;
        process.setProcessEnvironment(childEnvironment());
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer clock;
        clock.start();
        process.start(app, { u"--measure-startup"_s });
        QByteArray output;
        double launchMs = -1;
        while (!output.contains("rss_settled_mb") && process.waitForReadyRead(30000)) {
            output += process.readAllStandardOutput();
            if (launchMs < 0 && output.contains("rss_painted_mb"))
                launchMs = double(clock.nsecsElapsed()) / 1e6;
        }
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            fail(u"%1 --measure-startup failed: %2"_s.arg(app, QString::fromLocal8Bit(output)));
        QHash<QByteArray, double> values;
        for (const QByteArray &line : output.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 2)
                values.insert(parts[0], parts[1].toDouble());
        }
        if (int(values.value("tasks")) != expectedTasks)
            fail(u"the app showed %1 tasks, not %2"_s.arg(values.value("tasks")).arg(expectedTasks));
        if (run == 0)
            continue;  // warm-up: the page cache, the font cache
        launchToTasks.append(launchMs);
        sinceMain.append(values.value("tasks_painted_ms"));
        storeLoaded.append(values.value("store_loaded_ms"));
        firstPaint.append(values.value("first_paint_ms"));
        rssPainted.append(values.value("rss_painted_mb"));
        rssSettled.append(values.value("rss_settled_mb"));
    }
    std::printf("startup_runs %d\n", runs);
    printStats("startup_launch_to_tasks_painted_ms", launchToTasks);
    printStats("startup_main_to_tasks_painted_ms", sinceMain);
    printStats("startup_main_to_first_paint_ms", firstPaint);
    printStats("startup_main_to_store_loaded_ms", storeLoaded);  // the rows are in the model
    printStats("startup_rss_painted_mb", rssPainted);
    printStats("startup_rss_settled_mb", rssSettled);
    std::fflush(stdout);
}

// The HTTP server for the downloads: a real nginx in its own process when installed, else the
// project's test server on a thread of its own. Serves D names, all the same file.
class Server
{
public:
    Server(const Options &options, const QString &root)
    {
        QDir().mkpath(root);
        for (int i = 0; i < options.downloads; ++i) {
            const QString name = fileName(i);
            if (!QFile::link(QFileInfo(options.downloadFile).absoluteFilePath(), root + u'/' + name))
                fail(u"cannot link "_s + name);
        }
        if (options.server == u"nginx" && Test::NginxServer::isAvailable()) {
            m_nginx = std::make_unique<Test::NginxServer>();
            QString error;
            if (!m_nginx->start(root, &error))
                fail(u"nginx: "_s + error);
            m_kind = u"nginx"_s;
            return;
        }
        m_thread.setObjectName(u"bench-server"_s);
        m_thread.start();
        // Built on its thread (as EngineHost builds the engine), so its sockets belong there.
        auto *builder = new QObject;
        builder->moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            builder,
            [this, builder, root, downloads = options.downloads] {
                m_internal = new Test::TestServer;
                for (int i = 0; i < downloads; ++i) {
                    Test::Resource resource;
                    resource.bodyFile = root + u'/' + fileName(i);
                    m_internal->setResource(u'/' + fileName(i), resource);
                }
                if (!m_internal->listen())
                    fail(u"the test server cannot listen"_s);
                m_port = m_internal->port();
                builder->deleteLater();
            },
            Qt::BlockingQueuedConnection);
        QObject::connect(&m_thread, &QThread::finished, m_internal, &QObject::deleteLater);
        m_kind = u"internal"_s;
    }
    ~Server()
    {
        m_thread.quit();
        m_thread.wait();
    }
    Q_DISABLE_COPY_MOVE(Server)

    static QString fileName(int i) { return u"file-%1.bin"_s.arg(i, 3, 10, QChar(u'0')); }
    QString kind() const { return m_kind; }
    QUrl url(int i) const
    {
        if (m_nginx)
            return m_nginx->url(u'/' + fileName(i));
        return QUrl(u"http://127.0.0.1:%1/%2"_s.arg(m_port).arg(fileName(i)));
    }

private:
    QThread m_thread;
    std::unique_ptr<Test::NginxServer> m_nginx;
    Test::TestServer *m_internal = nullptr;  // lives on m_thread and is deleted there
    quint16 m_port = 0;
    QString m_kind;
};

// The calling thread's CPU time: a slice that took long on the clock but little CPU was the OS running
// something else, not our work.
qint64 threadCpuNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Times every top-level event the GUI thread handles (wall clock and CPU), so a late tick can be told
// apart: a long slice of our own work, named by event type and receiver class, or a thread the OS did
// not run.
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;

    struct Slice
    {
        double ms = 0;
        QString what;
    };

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Named before delivery: the receiver may delete itself while handling the event.
        const char *className = receiver ? receiver->metaObject()->className() : "nothing";
        const int type = int(event->type());
        ++m_depth;
        QElapsedTimer clock;
        clock.start();
        const qint64 cpuStart = threadCpuNs();
        const bool result = QApplication::notify(receiver, event);
        const double cpuMs = double(threadCpuNs() - cpuStart) / 1e6;
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        --m_depth;
        const auto name = [&] { return u"event_%1_to_%2"_s.arg(type).arg(QLatin1StringView(className)); };
        if (ms > m_longest.ms)
            m_longest = { ms, name() };
        if (cpuMs > m_longestCpu.ms)
            m_longestCpu = { cpuMs, name() };
        if (cpuMs >= 2.0)
            ++m_over2msCpu;
        if (ms >= 2.0 || cpuMs >= 2.0)
            m_long.append({ ms, cpuMs, name() });
        Total &total = m_totals[{ type, className }];
        total.cpuMs += cpuMs;
        total.maxCpuMs = std::max(total.maxCpuMs, cpuMs);
        ++total.count;
        return result;
    }

    void resetSlices() { m_longest = {}; m_longestCpu = {}; m_over2msCpu = 0; m_totals.clear(); m_long.clear(); }
    // "wall_ms cpu_ms event_T_to_Class" of the n slices that took longest on the clock (2 ms or more):
    // wall well above CPU is the thread waiting (for a core, or for Qt's paint helper threads).
    QStringList longestSlices(int n) const
    {
        QList<LongSlice> sorted = m_long;
        std::sort(sorted.begin(), sorted.end(), [](const LongSlice &a, const LongSlice &b) { return a.wallMs > b.wallMs; });
        QStringList lines;
        for (qsizetype i = 0; i < sorted.size() && i < n; ++i)
            lines.append(u"%1 %2 %3"_s.arg(sorted.at(i).wallMs, 0, 'f', 3).arg(sorted.at(i).cpuMs, 0, 'f', 3).arg(sorted.at(i).what));
        return lines;
    }
    int slicesOver2msWall() const
    {
        return int(std::count_if(m_long.cbegin(), m_long.cend(), [](const LongSlice &s) { return s.wallMs >= 2.0; }));
    }
    // "event_T_to_Class cpu_ms count max_cpu_ms", the n that took the most CPU in total.
    QStringList topCpu(int n) const
    {
        QList<std::pair<double, QString>> rows;
        for (auto it = m_totals.cbegin(); it != m_totals.cend(); ++it) {
            rows.append({ it->second.cpuMs, u"event_%1_to_%2 %3 %4 %5"_s.arg(it->first.first)
                                                .arg(QLatin1StringView(it->first.second))
                                                .arg(it->second.cpuMs, 0, 'f', 1)
                                                .arg(it->second.count)
                                                .arg(it->second.maxCpuMs, 0, 'f', 3) });
        }
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        QStringList top;
        for (qsizetype i = 0; i < rows.size() && i < n; ++i)
            top.append(rows.at(i).second);
        return top;
    }
    Slice longest() const { return m_longest; }
    Slice longestCpu() const { return m_longestCpu; }
    int slicesOver2msCpu() const { return m_over2msCpu; }

private:
    int m_depth = 0;
    Slice m_longest;
    Slice m_longestCpu;
    int m_over2msCpu = 0;
    struct LongSlice
    {
        double wallMs = 0;
        double cpuMs = 0;
        QString what;
    };
    QList<LongSlice> m_long;  // slices of 2 ms or more, wall or CPU
    struct Total
    {
        double cpuMs = 0;
        double maxCpuMs = 0;
        int count = 0;
    };
    std::map<std::pair<int, const char *>, Total> m_totals;  // class names are static strings
};

// What reached the view during one phase.
struct Counts
{
    int batches = 0;      // applySnapshots/removeTasks calls: one engine flush each
    int dataChanged = 0;  // dataChanged signals (one per changed row, or one for the table)
    int rowsInserted = 0;
    int paints = 0;       // paint events of the task view
};

// The measured run on the GUI thread: window, idle phase, load phase, report.
class Bench final : public QObject
{
public:
    Bench(const Options &options, const QString &storePath, Server &server)
        : m_options(options), m_storePath(storePath), m_server(server)
    {
    }

    void start()
    {
        // As Application::startPrimary does it.
        const Preferences preferences = m_preferences.load();
        m_host = std::make_unique<EngineHost>();
        m_host->connectModel(&m_model);
        m_host->applyPreferences(preferences);
        m_window = std::make_unique<MainWindow>(&m_model, downloadsDir(), nullptr, true);
        m_window->setPreferencesStore(&m_preferences);
        m_host->connectWindow(m_window.get());

        m_view = m_window->findChild<QTableView *>(u"taskView"_s);
        m_view->viewport()->installEventFilter(this);
        connect(&m_model, &TaskTableModel::totalsChanged, this, [this] { ++m_counts.batches; });
        connect(&m_model, &QAbstractItemModel::dataChanged, this, [this] { ++m_counts.dataChanged; });
        connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
            m_counts.rowsInserted += last - first + 1;
            if (m_loading)
                m_view->scrollToBottom();  // the new, changing rows are the ones a user watches
        });
        connect(m_host.get(), &EngineHost::storeOpened, this, [this](const QList<TaskSnapshot> &tasks, const QString &problem) {
            if (!problem.isEmpty() || tasks.size() != m_options.tasks)
                fail(u"the store gave %1 tasks (%2 expected) %3"_s.arg(tasks.size()).arg(m_options.tasks).arg(problem));
            QTimer::singleShot(1s, this, &Bench::startIdle);  // let the first paints settle
        });
        connect(m_host->engine(), &TaskEngine::idle, this, &Bench::finishLoad);
        connect(m_host->engine(), &TaskEngine::taskFinished, this, [this](const TaskSnapshot &s) {
            if (s.status.state != TaskState::Succeeded)
                fail(u"task %1 ended %2: %3"_s.arg(s.id).arg(stateName(s.status.state), s.error.toString()));
        });

        m_monitor.setInterval(1ms);
        m_monitor.setWindow(0ms);  // keep every sample of a phase
        m_host->openStore(m_storePath, true);
        m_window->show();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched == m_view->viewport())
            ++m_counts.paints;
        return QObject::eventFilter(watched, event);
    }

private:
    QString downloadsDir() const { return m_options.work + u"/downloads"_s; }

    void beginPhase()
    {
        static_cast<TimedApplication *>(QCoreApplication::instance())->resetSlices();
        m_counts = {};
        m_monitor.clear();
        m_monitor.start();
        m_phase.start();
        m_phaseCpuStart = threadCpuNs();
    }

    void endPhase(const char *name)
    {
        m_monitor.stop();
        const double seconds = double(m_phase.nsecsElapsed()) / 1e9;
        const LatencyMonitor::Summary s = m_monitor.summary();
        std::printf("%s_seconds %.2f\n", name, seconds);
        std::printf("%s_lateness_ms %.3f %.3f %.3f %d\n", name, s.p50Ms, s.p99Ms, s.maxMs, s.samples);
        std::printf("%s_flushes_per_s %.1f\n", name, m_counts.batches / seconds);
        std::printf("%s_datachanged_per_s %.1f\n", name, m_counts.dataChanged / seconds);
        std::printf("%s_rows_inserted %d\n", name, m_counts.rowsInserted);
        std::printf("%s_paints_per_s %.1f\n", name, m_counts.paints / seconds);
        const auto *app = static_cast<TimedApplication *>(QCoreApplication::instance());
        std::printf("%s_longest_slice_wall_ms %.3f %s\n", name, app->longest().ms, qPrintable(app->longest().what));
        std::printf("%s_longest_slice_cpu_ms %.3f %s\n", name, app->longestCpu().ms, qPrintable(app->longestCpu().what));
        std::printf("%s_slices_over_2ms_cpu %d\n", name, app->slicesOver2msCpu());
        std::printf("%s_slices_over_2ms_wall %d\n", name, app->slicesOver2msWall());
        for (const QString &line : app->longestSlices(8))
            std::printf("%s_long_slice %s\n", name, qPrintable(line));
        for (const QString &line : app->topCpu(8))
            std::printf("%s_top_cpu %s\n", name, qPrintable(line));
        std::printf("%s_gui_cpu_percent %.1f\n", name, double(threadCpuNs() - m_phaseCpuStart) / 1e7 / seconds);
        std::fflush(stdout);
    }

    void startIdle()
    {
        beginPhase();
        QTimer::singleShot(std::chrono::seconds(m_options.idleSeconds), this, [this] {
            endPhase("idle");
            startLoad();
        });
    }

    void startLoad()
    {
        m_loading = true;
        QDir().mkpath(downloadsDir());
        QList<DownloadRequest> requests;
        for (int i = 0; i < m_options.downloads; ++i) {
            DownloadRequest request;
            request.url = m_server.url(i);
            request.directory = downloadsDir();
            requests.append(request);
        }
        Recipe hash;
        hash.hashes = { HashAlgorithm::Sha256 };
        Recipe extract;
        extract.extract = true;
        // The extraction writes beside its input: a link inside the work folder keeps it there.
        const QString archiveLink = m_options.work + u"/local/"_s + QFileInfo(m_options.archive).fileName();
        QDir().mkpath(QFileInfo(archiveLink).absolutePath());
        if (!QFile::link(QFileInfo(m_options.archive).absoluteFilePath(), archiveLink))
            fail(u"cannot link the archive into "_s + archiveLink);

        beginPhase();
        m_host->addPipelines(requests, Recipe{});
        m_host->processLocal(m_options.hashFiles, hash);
        m_host->processLocal({ archiveLink }, extract);
        QTimer::singleShot(std::chrono::seconds(m_options.timeoutSeconds), this,
                           [] { fail(u"the load did not finish in time"_s); });
    }

    void finishLoad()
    {
        if (!m_loading)
            return;
        endPhase("load");
        int succeeded = 0;
        for (int row = 0; row < m_model.rowCount(); ++row)
            succeeded += m_model.snapshotAt(row).status.state == TaskState::Succeeded ? 1 : 0;
        const int expectedMin = m_options.tasks + m_options.downloads + int(m_options.hashFiles.size()) + 1;
        if (succeeded != m_model.rowCount() || m_model.rowCount() < expectedMin)
            fail(u"%1 of %2 rows succeeded (at least %3 expected)"_s.arg(succeeded).arg(m_model.rowCount()).arg(expectedMin));
        std::printf("rss_after_load_mb %.1f\n", double(residentMemoryBytes()) / 1e6);
        std::printf("verified yes\n");
        std::fflush(stdout);
        QCoreApplication::quit();
    }

    const Options &m_options;
    QString m_storePath;
    Server &m_server;
    QSettings m_settings;  // the private XDG_CONFIG_HOME's, like the app's
    PreferencesStore m_preferences{ m_settings };
    // Destroyed in reverse: the window before the model, both before the engine stops.
    std::unique_ptr<EngineHost> m_host;
    TaskTableModel m_model;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_view = nullptr;
    LatencyMonitor m_monitor;
    QElapsedTimer m_phase;
    qint64 m_phaseCpuStart = 0;
    Counts m_counts;
    bool m_loading = false;
};

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const Options options = parseOptions(arguments);
    // As app/desktop/main.cpp does for its GUI thread and the threads Qt paints with.
    Ferry::requestShortTimeSlices();
    Ferry::requestShortTimeSlices(QThreadPool::globalInstance());

    // Private settings, data and runtime folders, shared with the app runs: nothing of the user's
    // is read or written, and the app finds the store where it always looks.
    const QString work = QDir(options.work).absolutePath();
    if (QDir(work).exists() && !QDir(work).isEmpty())
        fail(u"the work folder must be empty: "_s + work);
    for (const char *name : { "config", "data", "cache", "runtime" })
        QDir().mkpath(work + u"/xdg/"_s + QLatin1StringView(name));
    QFile::setPermissions(work + u"/xdg/runtime"_s, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(work + u"/xdg/config"_s));
    qputenv("XDG_DATA_HOME", QFile::encodeName(work + u"/xdg/data"_s));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(work + u"/xdg/cache"_s));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(work + u"/xdg/runtime"_s));
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    TimedApplication app(argc, argv);
    QApplication::setApplicationName(u"Ferry"_s);  // the app's own names, so the same store path
    QApplication::setOrganizationName(u"Ferry"_s);
    EngineHost::registerMetaTypes();

    const QString storePath = work + u"/xdg/data/Ferry/Ferry/queue.db"_s;
    QElapsedTimer clock;
    clock.start();
    makeStore(storePath, options.tasks);
    std::printf("tasks %d\nstore_made_ms %.0f\n", options.tasks, double(clock.nsecsElapsed()) / 1e6);
    std::printf("coalescing %s\n", qEnvironmentVariableIntValue("FERRY_NO_COALESCING") ? "off" : "on");
    std::printf("worker_priority %s\n", qEnvironmentVariableIntValue("FERRY_NO_WORKER_PRIORITY") ? "normal" : "lowered");
    std::printf("gui_time_slice_us %lld\n", static_cast<long long>(Ferry::currentThreadTimeSlice().count()));
    std::printf("gui_thread %s\n", qPrintable(currentThreadSchedulingText().replace(u' ', u'_')));
    if (!options.app.isEmpty())
        measureStartup(options.app, options.startupRuns, options.tasks);

    Server server(options, work + u"/served"_s);
    std::printf("server %s\ndownloads %d\n", qPrintable(server.kind()), options.downloads);
    std::fflush(stdout);
    Bench bench(options, storePath, server);
    bench.start();
    return QApplication::exec();
}
