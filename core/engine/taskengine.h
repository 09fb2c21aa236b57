#pragma once

#include "engine/taskdetails.h"
#include "engine/tasksnapshot.h"
#include "engine/taskspec.h"
#include "engine/tracefeed.h"
#include "net/downloadtypes.h"
#include "task/taskgraph.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <map>
#include <memory>
#include <set>

namespace Ferry {

class DownloadManager;
class StepJob;
struct StepInput;
struct StepJobResult;
class TaskPersistence;
class Trace;

// The scheduler: every download and processing step is a task with one lifecycle (TaskState),
// dependencies (TaskGraph), a priority, a log and an error value. Downloads run through the
// DownloadManager it owns; processing steps run as StepJobs on a CPU pool of its own. With a store
// (openStore) the queue survives a crash: additions and removals are written at once, progress and
// state changes once a second.
//
// Lives on one thread (the engine thread in the app, the main thread in tests and tools); call it
// there, directly or through queued calls. It publishes changed snapshots in one batch at most
// every flush interval (34 ms), never one signal per chunk.
//
// Limits: `network` downloads at once, at most `perHost` of them to one host; `cpu` processing
// steps at once. A ready task that finds no slot waits with the reason (Slot, HostCap).
class TaskEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskEngine)

public:
    struct Limits
    {
        int network = 3;
        int perHost = 4;  // 0: no cap
        int cpu = 0;      // 0: the number of cores
    };

    struct AddResult
    {
        QList<TaskId> ids;  // one per spec, in the batch's order
        TaskError error;    // set: nothing was added
    };

    explicit TaskEngine(QObject *parent = nullptr);
    ~TaskEngine() override;

    // Opens (or creates) the store and loads its tasks. Tasks that were queued, waiting or running
    // when the last session ended are queued again (resumeOnStart) or paused; finished ones stay
    // as history. A damaged store is set aside: storeRecovery() says so. Call before add().
    // The loaded tasks are read with snapshots(); tasksChanged carries only those whose state the
    // load changed (not 10,000 finished ones a second time).
    TaskError openStore(const QString &path, bool resumeOnStart = true);
    TaskError storeRecovery() const;

    DownloadManager &downloads() { return *m_downloads; }
    Trace &trace();
    const Limits &limits() const { return m_limits; }

    TaskSnapshot snapshot(TaskId id) const;
    QList<TaskSnapshot> snapshots() const;  // every task, in id order
    QStringList log(TaskId id) const;
    QList<TaskId> ids() const;
    bool contains(TaskId id) const { return m_tasks.count(id) != 0; }
    int runningCount() const { return m_runningNetwork + m_runningCpu; }
    // Nothing queued, waiting or running: idle() will not come until something is added or resumed.
    bool isIdle() const { return m_unfinished == 0 && runningCount() == 0; }

public Q_SLOTS:
    // Adds a batch (a pipeline, a group) all or nothing: an invalid URL, an unknown dependency or a
    // cycle refuses the whole batch with an error (also emitted as batchRefused).
    Ferry::TaskEngine::AddResult add(const QList<Ferry::TaskSpec> &batch);
    Ferry::TaskEngine::AddResult addPipeline(const Ferry::DownloadRequest &request, const Ferry::Recipe &recipe);

    // "Run task after dependsOn", for tasks that exist. Refused with InvalidInput when it would close
    // a cycle (the message names the tasks around it), when task already runs or has finished, or
    // for unknown ids. Also emitted as batchRefused.
    Ferry::TaskError addDependency(Ferry::TaskId task, Ferry::TaskId dependsOn);

    void pause(const QList<Ferry::TaskId> &ids);
    void resume(const QList<Ferry::TaskId> &ids);
    void cancel(const QList<Ferry::TaskId> &ids);
    // Failed or Cancelled tasks start again; the tasks they blocked are queued again with them.
    void retry(const QList<Ferry::TaskId> &ids);
    // Removes tasks and every unfinished task that depends on them; running ones are cancelled
    // first. withFiles: also the downloaded file or partial file, the extracted folder, the
    // decompressed file.
    void remove(const QList<Ferry::TaskId> &ids, bool withFiles = false);
    void setPriority(const QList<Ferry::TaskId> &ids, int priority);
    void pauseAll();
    void resumeAll();

    void setLimits(const Ferry::TaskEngine::Limits &limits);
    void setDownloadOptions(const Ferry::DownloadOptions &options);
    void setGlobalRateLimit(qint64 bytesPerSecond);
    // 34 by default (29.4 Hz: under 30 a second even when the loop runs late); 0 flushes every change (also set by FERRY_NO_COALESCING=1, a debug switch)
    void setFlushInterval(int milliseconds);
    // Answered by detailsReady, for a details panel that asks while it shows the task.
    void requestDetails(Ferry::TaskId id);

Q_SIGNALS:
    // Only the tasks that changed since the last flush, in id order.
    void tasksChanged(const QList<Ferry::TaskSnapshot> &changed);
    void tasksRemoved(const QList<Ferry::TaskId> &ids);
    void logAppended(const QList<Ferry::TaskLogLine> &lines);
    // Once per finish (Succeeded, Failed, Cancelled), after the batch that carries it.
    void taskFinished(const Ferry::TaskSnapshot &task);
    // The trace's news, with the flush that follows them: spans that ended and the spans still running.
    void traceUpdated(const Ferry::TraceUpdate &update);
    void detailsReady(const Ferry::TaskDetails &details);
    // Nothing is queued, waiting or running any more.
    void idle();
    void batchRefused(const Ferry::TaskError &error);
    // A store problem after opening (a write failed): the queue keeps running in memory.
    void storeError(const Ferry::TaskError &error);

private:
    struct Task;
    enum class Stop { None, Pause, Cancel, Remove };

    Task *find(TaskId id) const;
    TaskError validate(const QList<TaskSpec> &batch, QList<TaskSpec> &resolved);
    void setStatus(Task &task, const TaskStatus &status);
    void appendLog(Task &task, const QString &line);
    void enqueue(Task &task);
    void makeReady(Task &task);
    void unready(Task &task);
    void requestSchedule();
    void schedule();
    bool startNetwork(Task &task);
    void startStep(Task &task);
    StepInput inputFor(const Task &task) const;
    void onDownloadSnapshots(const QList<DownloadSnapshot> &batch);
    void onDownloadFinished(const DownloadSnapshot &result);
    void keepCategoryFolder(Task &task, const QString &partialPath);
    void onStepFinished(TaskId id, const StepJobResult &result);
    void releaseSlot(Task &task);
    void finishRun(Task &task, TaskState state, const TaskError &error);
    bool finishStopped(Task &task);
    TaskGraph::StateOf stateLookup() const;
    void settle(Task &task);
    void blockDependents(Task &root);
    void requeueBlocked(TaskId root);
    void stop(Task &task, Stop how);
    void removeNow(const QList<TaskId> &ids, bool withFiles);
    void deleteFilesOf(const Task &task);
    void markChanged(Task &task, bool persist = true);
    void scheduleFlush();
    void flush();
    void checkIdle();
    TaskSnapshot snapshotOf(const Task &task) const;
    TaskDetails detailsOf(const Task &task) const;
    void loadFromStore(bool resumeOnStart);

    Limits m_limits;
    QThreadPool m_cpu;  // our processing steps; never the global pool
    std::unique_ptr<DownloadManager> m_downloads;
    std::unique_ptr<TaskPersistence> m_persistence;  // the store, and when to write it
    std::map<TaskId, std::unique_ptr<Task>> m_tasks;
    TaskGraph m_graph;
    // Ready to start, best first: (-priority, id).
    std::set<std::pair<int, TaskId>> m_readyNetwork;
    std::set<std::pair<int, TaskId>> m_readyCpu;
    QHash<DownloadId, TaskId> m_byDownload;
    QHash<QString, int> m_runningPerHost;
    int m_runningNetwork = 0;
    int m_runningCpu = 0;
    QSet<TaskId> m_runningSteps;
    QList<TaskId> m_newlyReady;  // made ready since the last schedule()
    QList<int> m_freeLanes;  // processing lanes for the trace: "worker 1", "worker 2"...
    TraceFeed m_traceFeed;
    int m_unfinished = 0;
    TaskId m_nextId = 1;
    bool m_scheduleQueued = false;

    QSet<TaskId> m_changed;   // for the next flush
    QList<TaskId> m_justFinished;
    QList<TaskLogLine> m_pendingLog;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceFlush;
    int m_flushInterval = 34;
    bool m_wasIdle = true;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskEngine::AddResult)
Q_DECLARE_METATYPE(Ferry::TaskEngine::Limits)
