#include "engine/taskengine.h"

#include "engine/stepjob.h"
#include "engine/taskpersistence.h"
#include "engine/trace.h"
#include "net/downloadfiles.h"
#include "net/downloadmanager.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int MaxLogLines = 500;  // kept in memory per task (the store keeps TaskRecord::StoredLogLines)

bool isActive(TaskState s)
{
    return s == TaskState::Queued || s == TaskState::Waiting || s == TaskState::Running;
}

QString hostKeyOf(const QUrl &url)
{
    return url.scheme() + u"://"_s + url.host().toLower() + u':' + QString::number(url.port(url.scheme() == u"https"_s ? 443 : 80));
}

TaskError cancelledByUser()
{
    return TaskError(TaskError::Code::Cancelled, u"Cancelled"_s);
}

} // namespace

// A task as the engine runs it: what the store keeps, and the run's bookkeeping.
struct TaskEngine::Task : TaskRecord
{
    Task() = default;
    explicit Task(TaskRecord record) : TaskRecord(std::move(record)) {}

    qint64 inputBytes = -1;
    QString fileName;  // downloads: the final name, once known
    double speed = 0;
    qint64 eta = -1;
    int connections = 0;
    QString progressText;

    bool ready = false;
    bool running = false;
    Stop stopping = Stop::None;
    bool removeWithFiles = false;
    DownloadId download = 0;
    DownloadDetails lastDownload;  // what the last run's download left, for the details panel
    QString hostKey;
    std::unique_ptr<StepJob> job;
    int lane = 0;
    qint64 traceStart = 0;

    std::pair<int, TaskId> readyKey() const { return { -m_spec.priority, id }; }
};

TaskEngine::TaskEngine(QObject *parent)
    : QObject(parent), m_cpu(this), m_downloads(std::make_unique<DownloadManager>(this)),
      m_persistence(std::make_unique<TaskPersistence>([this](TaskId id) -> const TaskRecord * { return find(id); }, this))
{
    qRegisterMetaType<Ferry::TaskSnapshot>();
    qRegisterMetaType<QList<Ferry::TaskSnapshot>>();
    qRegisterMetaType<Ferry::TaskLogLine>();
    qRegisterMetaType<QList<Ferry::TaskLogLine>>();
    qRegisterMetaType<Ferry::TaskId>("Ferry::TaskId");
    qRegisterMetaType<QList<Ferry::TaskId>>("QList<Ferry::TaskId>");
    qRegisterMetaType<Ferry::TaskSpec>();
    qRegisterMetaType<QList<Ferry::TaskSpec>>();
    qRegisterMetaType<Ferry::Recipe>();
    qRegisterMetaType<Ferry::TaskEngine::Limits>();
    qRegisterMetaType<Ferry::TaskError>();
    qRegisterMetaType<Ferry::StepJobResult>();
    qRegisterMetaType<Ferry::TraceUpdate>();
    qRegisterMetaType<Ferry::TaskDetails>();

    // Our own pool, sized to the cores, at a lower priority than the GUI thread: a step never
    // queues behind someone else's work and never competes with painting.
    m_cpu.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    m_cpu.setThreadPriority(QThread::LowPriority);
    // The scheduler decides how many downloads run; the manager just runs them.
    m_downloads->setMaxConcurrentDownloads(1 << 20);
    connect(m_downloads.get(), &DownloadManager::snapshotsChanged, this, &TaskEngine::onDownloadSnapshots);
    connect(m_downloads.get(), &DownloadManager::downloadFinished, this, &TaskEngine::onDownloadFinished);
    connect(m_downloads.get(), &DownloadManager::logLine, this, [this](DownloadId d, const QString &line) {
        if (Task *t = find(m_byDownload.value(d)))
            appendLog(*t, line.mid(13));  // the manager's lines carry their own time stamp
    });

    m_flushTimer.setParent(this);
    m_flushTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early, which would break the promise of at most 30 batches a second.
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &TaskEngine::flush);
    connect(m_persistence.get(), &TaskPersistence::storeError, this, &TaskEngine::storeError);
    // Debug switch: publish on every turn of the event loop instead of at 30 Hz, to measure what the
    // coalescing protects the GUI from (scripts/bench-responsiveness.sh runs both).
    if (qEnvironmentVariableIntValue("FERRY_NO_COALESCING") != 0)
        setFlushInterval(0);
}

TaskEngine::~TaskEngine()
{
    m_persistence->checkpoint();
    for (auto &[id, task] : m_tasks) {
        if (task->job)
            task->job->cancel();
    }
    m_cpu.clear();
    m_cpu.waitForDone();
    m_tasks.clear();
    m_downloads.reset();
}

Trace &TaskEngine::trace()
{
    return m_downloads->trace();
}

TaskEngine::Task *TaskEngine::find(TaskId id) const
{
    const auto it = m_tasks.find(id);
    return it == m_tasks.end() ? nullptr : it->second.get();
}

// ---- the store --------------------------------------------------------------------------------

TaskError TaskEngine::openStore(const QString &path, bool resumeOnStart)
{
    if (TaskError error = m_persistence->open(path); error.isError())
        return error;
    loadFromStore(resumeOnStart);
    return {};
}

TaskError TaskEngine::storeRecovery() const
{
    return m_persistence->recovery();
}

void TaskEngine::loadFromStore(bool resumeOnStart)
{
    const std::optional<QList<StoredTask>> rows = m_persistence->loadAll();
    if (!rows)
        return;
    for (const StoredTask &row : *rows) {
        auto task = std::make_unique<Task>(TaskRecord::fromStored(row));
        if (task->m_spec.kind == TaskKind::Download)
            task->hostKey = hostKeyOf(task->m_spec.download.url);
        // Unfinished when Ferry stopped (one it cannot read comes back Failed): queued again or paused.
        if (isActive(task->status.state)) {
            task->log.append(QDateTime::currentDateTime().toString(u"HH:mm:ss.zzz "_s)
                             + u"Ferry stopped while this task was %1; %2"_s.arg(
                                 stateName(TaskRecord::storedState(row)), resumeOnStart ? u"queued again"_s : u"paused"_s));
            task->status = TaskStatus::of(resumeOnStart ? TaskState::Queued : TaskState::Paused, row.stateDetail);
            m_persistence->markDirty(task->id);
            m_changed.insert(task->id);
        }
        if (isActive(task->status.state))
            ++m_unfinished;
        m_graph.addTask(task->id);
        m_nextId = std::max(m_nextId, task->id + 1);
        m_tasks.emplace(task->id, std::move(task));
    }
    for (const auto &[id, task] : m_tasks) {
        for (const TaskSpec::Ref &d : std::as_const(task->specFromColumns().dependsOn))
            m_graph.addDependency(id, d.id);
    }
    // "Blocked by" records are not stored: rebuild them from the roots, so retrying a root
    // brings back what it blocked. A task that failed as blocked counts as still blockable here.
    const auto blockable = [this](TaskId id) {
        const Task *t = find(id);
        if (!t)
            return TaskState::Succeeded;
        if (t->status.state == TaskState::Failed && t->error.code() == TaskError::Code::Blocked)
            return TaskState::Waiting;
        return t->status.state;
    };
    for (const auto &[id, task] : m_tasks) {
        const TaskState s = task->status.state;
        if ((s == TaskState::Failed || s == TaskState::Cancelled) && task->error.code() != TaskError::Code::Blocked) {
            for (TaskId blocked : m_graph.recordFailure(id, blockable)) {
                // Only those already failed as blocked: a queued dependent is judged by enqueue().
                if (find(blocked)->status.state != TaskState::Failed)
                    m_graph.clearBlocked(blocked);
            }
        }
    }
    for (const auto &[id, task] : m_tasks) {
        if (task->status.state == TaskState::Queued)
            enqueue(*task);
    }
    requestSchedule();
    if (!m_changed.isEmpty())
        m_flushTimer.start(0);
}

// ---- adding -----------------------------------------------------------------------------------

TaskError TaskEngine::validate(const QList<TaskSpec> &batch, QList<TaskSpec> &resolved)
{
    auto bad = [](qsizetype index, const QString &why) {
        return TaskError(TaskError::Code::InvalidInput, u"Task %1 of the batch: %2"_s.arg(index + 1).arg(why));
    };
    resolved = batch;
    for (qsizetype i = 0; i < resolved.size(); ++i) {
        TaskSpec &spec = resolved[i];
        auto resolve = [&](TaskSpec::Ref &ref) -> bool {
            if (ref.batchIndex >= 0) {
                if (ref.batchIndex >= i)
                    return false;
                ref = TaskSpec::Ref::task(m_nextId + TaskId(ref.batchIndex));
                return true;
            }
            return ref.id == 0 || contains(ref.id);
        };
        for (TaskSpec::Ref &d : spec.dependsOn) {
            if (!d.isSet() || !resolve(d))
                return bad(i, u"it depends on a task that does not exist (or comes later in the batch)."_s);
        }
        if (!resolve(spec.inputFrom) || !resolve(spec.checksumFrom))
            return bad(i, u"it takes its input from a task that does not exist."_s);
        for (TaskSpec::Ref &part : spec.moreParts) {
            if (!part.isSet() || !resolve(part))
                return bad(i, u"a part of its archive comes from a task that does not exist."_s);
        }
        for (const TaskSpec::Ref &from : QList<TaskSpec::Ref>{ spec.inputFrom, spec.checksumFrom } + spec.moreParts) {
            const bool listed = std::any_of(spec.dependsOn.cbegin(), spec.dependsOn.cend(),
                                            [&](const TaskSpec::Ref &d) { return d.id == from.id; });
            if (from.id && !listed)
                spec.dependsOn.append(from);
        }
        if (spec.kind == TaskKind::Download) {
            if (!isDownloadableUrl(spec.download.url))
                return bad(i, u"\"%1\" is not an http or https address."_s.arg(spec.download.url.toString()));
            if (spec.download.directory.isEmpty() || !QDir::isAbsolutePath(spec.download.directory))
                return bad(i, u"a download needs an absolute target folder."_s);
        } else if (spec.kind != TaskKind::Noop && spec.inputPath.isEmpty() && !spec.inputFrom.id) {
            return bad(i, u"a %1 step needs a file or a task to take its input from."_s.arg(taskKindName(spec.kind)));
        } else if (spec.kind == TaskKind::Command && spec.program.isEmpty()) {
            return bad(i, u"a command step needs a program."_s);
        }
    }
    return {};
}

TaskEngine::AddResult TaskEngine::addPipeline(const DownloadRequest &request, const Recipe &recipe)
{
    return add(buildPipeline(request, recipe));
}

TaskEngine::AddResult TaskEngine::add(const QList<TaskSpec> &batch)
{
    AddResult result;
    QList<TaskSpec> specs;
    result.error = validate(batch, specs);
    if (result.error.isError()) {
        Q_EMIT batchRefused(result.error);
        return result;
    }
    const QDateTime now = QDateTime::currentDateTime();
    for (qsizetype i = 0; i < specs.size(); ++i) {
        const TaskId id = m_nextId + TaskId(i);
        m_graph.addTask(id);
        for (const TaskSpec::Ref &d : std::as_const(specs[i].dependsOn)) {
            // Edges only point at existing or earlier tasks, so no cycle can form here; a refusal
            // would be a bug in validate().
            if (TaskError e = m_graph.addDependency(id, d.id); e.isError())
                qWarning("TaskEngine: %s", qPrintable(e.toString()));
        }
        auto task = std::make_unique<Task>();
        task->id = id;
        task->spec() = specs[i];
        task->title = task->spec().title.isEmpty() ? task->spec().defaultTitle() : task->spec().title;
        task->added = now;
        task->input = task->spec().inputPath;
        if (task->spec().kind == TaskKind::Download)
            task->hostKey = hostKeyOf(task->spec().download.url);
        task->log.append(now.toString(u"HH:mm:ss.zzz "_s) + u"added"_s);
        m_pendingLog.append({ id, task->log.constLast() });
        m_changed.insert(id);  // written by the insert below, so not dirty
        result.ids.append(id);
        ++m_unfinished;  // born Queued
        m_tasks.emplace(id, std::move(task));
    }
    m_nextId += TaskId(specs.size());

    m_persistence->insert(result.ids);
    for (TaskId id : std::as_const(result.ids))
        enqueue(*find(id));
    scheduleFlush();
    requestSchedule();
    return result;
}

TaskError TaskEngine::addDependency(TaskId taskId, TaskId dependsOn)
{
    Task *task = find(taskId);
    const Task *dependency = find(dependsOn);
    TaskError error;
    if (!task || !dependency) {
        error = TaskError(TaskError::Code::InvalidInput, u"There is no task #%1."_s.arg(task ? dependsOn : taskId));
    } else if (task->running || isFinished(task->status.state)) {
        error = TaskError(TaskError::Code::InvalidInput,
                          u"%1 has already started; it can no longer wait for %2."_s.arg(task->title, dependency->title));
    } else if (const QList<TaskId> cycle = m_graph.cyclePath(taskId, dependsOn); !cycle.isEmpty()) {
        QStringList titles;
        for (TaskId id : cycle)
            titles.append(find(id)->title);
        error = TaskError(TaskError::Code::InvalidInput,
                          u"%1 cannot wait for %2: that would make a circle (%3)."_s.arg(
                              task->title, dependency->title, titles.join(u" → "_s)));
    } else {
        error = m_graph.addDependency(taskId, dependsOn);
    }
    if (error.isError()) {
        Q_EMIT batchRefused(error);
        return error;
    }
    task->spec().dependsOn.append(TaskSpec::Ref::task(dependsOn));
    appendLog(*task, u"waits for %1"_s.arg(dependency->title));
    // It may have been ready (or waiting for a slot): judge it again.
    if (task->status.state == TaskState::Queued || task->status.state == TaskState::Waiting) {
        unready(*task);
        enqueue(*task);
    }
    // Dependencies are written only by update(), never by the once-a-second checkpoint.
    m_persistence->update(taskId);
    requestSchedule();
    return {};
}

// ---- states -----------------------------------------------------------------------------------

void TaskEngine::setStatus(Task &task, const TaskStatus &status)
{
    const TaskState from = task.status.state;
    if (task.status == status)
        return;
    if (from != status.state && !isValidTransition(from, status.state)) {
        qWarning("TaskEngine: task %llu: refused transition %s -> %s", task.id, qPrintable(stateName(from)),
                 qPrintable(stateName(status.state)));
        return;
    }
    if (isActive(from) != isActive(status.state))
        m_unfinished += isActive(status.state) ? 1 : -1;
    task.status = status;
    if (from != status.state || status.reason != WaitReason::Slot)  // slot waits are too common to log
        appendLog(task, displayText(status) + (status.detail.isEmpty() || status.state == TaskState::Waiting
                                                   ? QString() : u": "_s + status.detail));
    // Between Queued and Waiting nothing worth a write changes: a restart queues both again.
    const auto pending = [](TaskState s) { return s == TaskState::Queued || s == TaskState::Waiting; };
    markChanged(task, !(pending(from) && pending(status.state) && status.reason == WaitReason::Slot));
}

void TaskEngine::appendLog(Task &task, const QString &line)
{
    const QString stamped = QDateTime::currentDateTime().toString(u"HH:mm:ss.zzz "_s) + line;
    task.log.append(stamped);
    if (task.log.size() > MaxLogLines)
        task.log.removeFirst();
    m_pendingLog.append({ task.id, stamped });
    markChanged(task);
}

void TaskEngine::markChanged(Task &task, bool persist)
{
    m_changed.insert(task.id);
    if (persist)
        m_persistence->markDirty(task.id);
    scheduleFlush();
}

void TaskEngine::scheduleFlush()
{
    if (m_flushTimer.isActive())
        return;
    // At most once per interval, but no later than needed: a change after a quiet spell goes out
    // on the next turn of the event loop.
    const qint64 sinceLast = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_flushInterval;
    m_flushTimer.start(int(std::max<qint64>(0, m_flushInterval - sinceLast)));
}

// A task in Queued: blocked, waiting for its dependencies, or ready.
void TaskEngine::enqueue(Task &task)
{
    const TaskGraph::StateOf stateOf = stateLookup();
    if (const TaskId failed = m_graph.failedDependency(task.id, stateOf)) {
        const TaskId root = m_graph.blockingRoot(failed) ? m_graph.blockingRoot(failed) : failed;
        if (Task *r = find(root))
            blockDependents(*r);
        if (task.status.state != TaskState::Failed) {  // the root's record did not reach it
            const Task *f = find(failed);
            task.error = TaskGraph::blockedError(f->title, f->error);
            setStatus(task, TaskStatus::of(TaskState::Failed));
            task.finished = QDateTime::currentDateTime();
            m_justFinished.append(task.id);
        }
        return;
    }
    if (!m_graph.isReady(task.id, stateOf)) {
        QStringList waitingFor;
        for (TaskId d : m_graph.dependencies(task.id)) {
            const Task *t = find(d);
            if (t && t->status.state != TaskState::Succeeded)
                waitingFor.append(t->title);
        }
        setStatus(task, TaskStatus::waiting(WaitReason::Dependencies, u"after "_s + waitingFor.join(u", "_s)));
        return;
    }
    makeReady(task);
}

void TaskEngine::makeReady(Task &task)
{
    if (task.ready)
        return;
    task.ready = true;
    (isNetworkKind(task.spec().kind) ? m_readyNetwork : m_readyCpu).insert(task.readyKey());
    m_newlyReady.append(task.id);
    requestSchedule();
}

void TaskEngine::unready(Task &task)
{
    if (!task.ready)
        return;
    task.ready = false;
    (isNetworkKind(task.spec().kind) ? m_readyNetwork : m_readyCpu).erase(task.readyKey());
}

void TaskEngine::requestSchedule()
{
    if (m_scheduleQueued)
        return;
    m_scheduleQueued = true;
    QMetaObject::invokeMethod(this, &TaskEngine::schedule, Qt::QueuedConnection);
}

// Starts ready tasks, best first, while slots are free. Only ready tasks are looked at, so
// thousands of finished or waiting ones cost nothing here; a ready task that cannot start says why.
void TaskEngine::schedule()
{
    m_scheduleQueued = false;
    for (auto it = m_readyNetwork.begin(); it != m_readyNetwork.end() && m_runningNetwork < m_limits.network;) {
        Task &t = *find(it->second);
        const int fromHost = m_runningPerHost.value(t.hostKey);
        if (m_limits.perHost > 0 && fromHost >= m_limits.perHost) {
            if (t.status.reason != WaitReason::HostCap) {
                setStatus(t, TaskStatus::waiting(WaitReason::HostCap,
                                                 u"%1 downloads from %2 are running"_s.arg(fromHost).arg(t.spec().download.url.host())));
            }
            ++it;
            continue;
        }
        it = m_readyNetwork.erase(it);
        t.ready = false;
        startNetwork(t);
    }
    const int cpuLimit = m_limits.cpu > 0 ? m_limits.cpu : std::max(1, QThread::idealThreadCount());
    for (auto it = m_readyCpu.begin(); it != m_readyCpu.end() && m_runningCpu < cpuLimit;) {
        Task &t = *find(it->second);
        it = m_readyCpu.erase(it);
        t.ready = false;
        startStep(t);
    }
    // What became ready since the last pass and did not start waits for a slot. Only those are
    // looked at: with thousands queued, each is marked once, not on every pass.
    for (TaskId id : std::exchange(m_newlyReady, {})) {
        Task *t = find(id);
        if (!t || !t->ready)
            continue;
        const bool network = isNetworkKind(t->spec().kind);
        const int fromHost = network ? m_runningPerHost.value(t->hostKey) : 0;
        if (network && m_limits.perHost > 0 && fromHost >= m_limits.perHost) {
            if (t->status.reason != WaitReason::HostCap) {
                setStatus(*t, TaskStatus::waiting(WaitReason::HostCap, u"%1 downloads from %2 are running"_s
                                                                           .arg(fromHost).arg(t->spec().download.url.host())));
            }
            continue;
        }
        setStatus(*t, TaskStatus::waiting(WaitReason::Slot, network ? u"%1 downloads are running"_s.arg(m_runningNetwork)
                                                                    : u"%1 processing steps are running"_s.arg(m_runningCpu)));
    }
    checkIdle();
}

bool TaskEngine::startNetwork(Task &task)
{
    task.running = true;
    ++m_runningNetwork;
    ++m_runningPerHost[task.hostKey];
    task.stopping = Stop::None;
    if (!task.started.isValid())
        task.started = QDateTime::currentDateTime();
    task.error = {};
    setStatus(task, TaskStatus::of(TaskState::Running));
    task.download = m_downloads->add(task.spec().download);
    m_byDownload.insert(task.download, task.id);
    m_traceFeed.noteDownload(task.download, task.id);
    return true;
}

StepInput TaskEngine::inputFor(const Task &task) const
{
    StepInput input;
    input.path = task.spec().inputPath;
    if (const Task *from = find(task.spec().inputFrom.id)) {
        input.path = from->output;
        input.knownDigests = from->digests;
    }
    if (const Task *list = find(task.spec().checksumFrom.id))
        input.checksumFile = list->output;
    for (const TaskSpec::Ref &part : task.spec().moreParts) {
        const Task *from = find(part.id);
        input.moreParts.append(from ? from->output : QString());
    }
    if (task.spec().kind == TaskKind::DeleteFile) {
        for (TaskId d : m_graph.dependencies(task.id)) {
            const Task *t = find(d);
            if (t && t->spec().kind == TaskKind::Extract && t->skipped)
                input.skipReason = u"nothing was extracted, so %1 stays"_s.arg(QFileInfo(input.path).fileName());
        }
    }
    return input;
}

void TaskEngine::startStep(Task &task)
{
    task.running = true;
    ++m_runningCpu;
    m_runningSteps.insert(task.id);
    task.stopping = Stop::None;
    std::sort(m_freeLanes.begin(), m_freeLanes.end());
    task.lane = m_freeLanes.isEmpty() ? m_runningCpu : m_freeLanes.takeFirst();
    task.traceStart = trace().nowUs();
    trace().begin({ task.id, task.title, u"worker %1"_s.arg(task.lane), task.traceStart, -1, 0, QString() });
    if (!task.started.isValid())
        task.started = QDateTime::currentDateTime();
    task.error = {};
    const StepInput input = inputFor(task);
    task.input = input.path;
    // For the throughput graph: progress times size is bytes processed. Folders count as unknown.
    const QFileInfo inputInfo(input.path);
    task.inputBytes = inputInfo.isFile() ? inputInfo.size() : -1;
    task.done = 0;
    task.total = 1000;
    setStatus(task, TaskStatus::of(TaskState::Running));
    task.job = std::make_unique<StepJob>(task.spec(), input, &m_cpu);
    const TaskId id = task.id;
    connect(task.job.get(), &StepJob::finished, this, [this, id](const StepJobResult &r) { onStepFinished(id, r); });
    task.job->start();
}

void TaskEngine::releaseSlot(Task &task)
{
    if (!task.running)
        return;
    task.running = false;
    if (isNetworkKind(task.spec().kind)) {
        --m_runningNetwork;
        if (--m_runningPerHost[task.hostKey] <= 0)
            m_runningPerHost.remove(task.hostKey);
    } else {
        --m_runningCpu;
        m_runningSteps.remove(task.id);
        m_freeLanes.append(task.lane);
    }
    task.speed = 0;
    task.eta = -1;
    task.connections = 0;
    requestSchedule();
}

void TaskEngine::onDownloadSnapshots(const QList<DownloadSnapshot> &batch)
{
    for (const DownloadSnapshot &s : batch) {
        Task *t = find(m_byDownload.value(s.id));
        if (!t || !t->running)
            continue;
        t->done = s.bytesDone;
        t->total = s.bytesTotal;
        t->speed = s.speed;
        t->eta = s.etaSeconds;
        t->connections = s.connections;
        t->finalUrl = s.finalUrl;
        if (!s.fileName.isEmpty())
            t->fileName = s.fileName;
        if (!s.path.isEmpty())
            t->output = s.path;
        if (!s.path.isEmpty() && !t->spec().download.categories.isEmpty())
            keepCategoryFolder(*t, s.path);
        if (t->stopping == Stop::None) {
            if (s.state == DownloadState::Retrying) {
                setStatus(*t, TaskStatus::retryingAt(s.retryAt.isValid() ? s.retryAt : QDateTime::currentDateTime(),
                                                     s.statusText));
            } else if (s.state == DownloadState::Connecting || s.state == DownloadState::Downloading
                       || s.state == DownloadState::Verifying) {
                setStatus(*t, TaskStatus::of(TaskState::Running, s.statusText));
            }
        }
        markChanged(*t);
    }
}

// The download chose its folder (a category's, or the request's) when it created its partial file:
// remember the folder instead of the rules, so a retry or a restart resumes the file where it is.
void TaskEngine::keepCategoryFolder(Task &task, const QString &partialPath)
{
    task.spec().download.directory = QFileInfo(partialPath).absolutePath();
    task.spec().download.categories = CategoryRules::none();
}

void TaskEngine::onDownloadFinished(const DownloadSnapshot &s)
{
    const TaskId id = m_byDownload.take(s.id);
    m_traceFeed.retireDownload(s.id);
    // The manager forgets it once its own signal has returned.
    QMetaObject::invokeMethod(m_downloads.get(), [m = m_downloads.get(), d = s.id] { m->remove(d); },
                              Qt::QueuedConnection);
    Task *t = find(id);
    if (!t)
        return;
    t->lastDownload = m_downloads->details(s.id);
    t->download = 0;
    t->done = s.bytesDone;
    t->total = s.bytesTotal;
    t->finalUrl = s.finalUrl;
    t->digests = s.digests;
    if (!s.path.isEmpty())
        t->output = s.path;
    if (!s.path.isEmpty() && !t->spec().download.categories.isEmpty())
        keepCategoryFolder(*t, s.path);
    releaseSlot(*t);
    if (finishStopped(*t))
        return;
    switch (s.state) {
    case DownloadState::Succeeded:
        return finishRun(*t, TaskState::Succeeded, {});
    case DownloadState::Cancelled:
        return finishRun(*t, TaskState::Cancelled, s.error.isError() ? s.error : cancelledByUser());
    default:
        return finishRun(*t, TaskState::Failed, s.error);
    }
}

void TaskEngine::onStepFinished(TaskId id, const StepJobResult &result)
{
    Task *t = find(id);
    if (!t)
        return;
    // We are inside the job's signal: it goes when control returns to the event loop.
    t->job.release()->deleteLater();
    TraceSpan span;
    span.taskId = id;
    span.name = t->title;
    span.lane = u"worker %1"_s.arg(t->lane);
    span.startUs = t->traceStart;
    span.endUs = trace().nowUs();
    span.outcome = result.error.isError() ? TaskError::codeName(result.error.code()) + u": "_s + result.error.message()
                                          : u"ok"_s;
    trace().record(span);
    releaseSlot(*t);
    for (const QString &line : result.log)
        appendLog(*t, line);
    if (finishStopped(*t))
        return;
    if (result.error.isError()) {
        if (!result.output.isEmpty())
            t->output = result.output;  // where a mismatching file was moved aside
        return finishRun(*t, result.error.code() == TaskError::Code::Cancelled ? TaskState::Cancelled : TaskState::Failed,
                         result.error);
    }
    t->output = result.output;
    t->skipped = result.skipped;
    if (!result.digests.isEmpty())
        t->digests = result.digests;
    t->done = t->total = 1000;
    finishRun(*t, TaskState::Succeeded, {});
}

// A run the user stopped ends the way they asked, whatever the download or step reported.
bool TaskEngine::finishStopped(Task &task)
{
    switch (task.stopping) {
    case Stop::Pause:
        finishRun(task, TaskState::Paused, {});
        return true;
    case Stop::Cancel:
        finishRun(task, TaskState::Cancelled, cancelledByUser());
        return true;
    case Stop::Remove:
        removeNow({ task.id }, task.removeWithFiles);
        return true;
    case Stop::None:
        break;
    }
    return false;
}

TaskGraph::StateOf TaskEngine::stateLookup() const
{
    return [this](TaskId id) {
        const Task *t = find(id);
        return t ? t->status.state : TaskState::Succeeded;  // a removed dependency holds nothing back
    };
}

void TaskEngine::finishRun(Task &task, TaskState state, const TaskError &error)
{
    task.stopping = Stop::None;
    task.error = error;
    task.progressText.clear();
    if (isFinished(state))
        task.finished = QDateTime::currentDateTime();
    if (error.isError())
        appendLog(task, error.toString());
    // A download can finish from a retry wait only by failing; anything else passed through Running.
    if (state == TaskState::Succeeded && task.status.state == TaskState::Waiting)
        setStatus(task, TaskStatus::of(TaskState::Running));
    setStatus(task, TaskStatus::of(state));
    if (isFinished(state)) {
        m_justFinished.append(task.id);
        // A finished task has published its output: record that soon, not within the second, so
        // a kill right after is unlikely to run it again (a second copy under a numbered name).
        // Finishes within the delay share one transaction.
        m_persistence->commitSoon();
    }
    settle(task);
}

// What a finish means for the tasks that wait on this one.
void TaskEngine::settle(Task &task)
{
    const TaskGraph::StateOf stateOf = stateLookup();
    if (task.status.state == TaskState::Succeeded) {
        for (TaskId d : m_graph.readyDependents(task.id, stateOf)) {
            Task &dependent = *find(d);
            if (dependent.status.state == TaskState::Queued
                || (dependent.status.state == TaskState::Waiting && dependent.status.reason == WaitReason::Dependencies)) {
                makeReady(dependent);
            }
        }
    } else if (task.status.state == TaskState::Failed || task.status.state == TaskState::Cancelled) {
        blockDependents(task);
    }
    requestSchedule();
}

// Everything downstream of a failed or cancelled task fails at once, naming the cause, instead of
// waiting for an input that will never come.
void TaskEngine::blockDependents(Task &root)
{
    const TaskGraph::StateOf stateOf = stateLookup();
    const TaskError blocked = TaskGraph::blockedError(root.title, root.error);
    for (TaskId id : m_graph.recordFailure(root.id, stateOf)) {
        Task &t = *find(id);
        if (t.running)
            continue;  // cannot happen: it started only after every dependency succeeded
        unready(t);
        t.error = blocked;
        t.finished = QDateTime::currentDateTime();
        appendLog(t, blocked.toString());
        setStatus(t, TaskStatus::of(TaskState::Failed));
        m_justFinished.append(id);
    }
}

// ---- commands ---------------------------------------------------------------------------------

void TaskEngine::stop(Task &task, Stop how)
{
    task.stopping = how;
    if (task.download) {
        // Pausing keeps the partial file and its resume state; cancel and remove discard them.
        m_downloads->cancel(task.download, how == Stop::Pause);
    } else if (task.job) {
        task.job->cancel();
    }
}

void TaskEngine::pause(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t)
            continue;
        if (t->running) {
            if (t->stopping == Stop::None)
                stop(*t, Stop::Pause);
        } else if (t->status.state == TaskState::Queued || t->status.state == TaskState::Waiting) {
            unready(*t);
            setStatus(*t, TaskStatus::of(TaskState::Paused));
        }
    }
    requestSchedule();
}

void TaskEngine::resume(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t || t->status.state != TaskState::Paused || t->running)
            continue;
        setStatus(*t, TaskStatus::of(TaskState::Queued));
        enqueue(*t);
    }
    requestSchedule();
}

void TaskEngine::cancel(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t || isFinished(t->status.state))
            continue;
        if (t->running) {
            if (t->stopping != Stop::Remove)
                stop(*t, Stop::Cancel);
            continue;
        }
        unready(*t);
        // A paused download's partial file would otherwise stay behind.
        if (t->spec().kind == TaskKind::Download && t->output.endsWith(DownloadFiles::partialSuffix()))
            deleteFilesOf(*t);
        finishRun(*t, TaskState::Cancelled, cancelledByUser());
    }
}

void TaskEngine::retry(const QList<TaskId> &ids)
{
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t || t->running || (t->status.state != TaskState::Failed && t->status.state != TaskState::Cancelled))
            continue;
        m_graph.clearBlocked(id);
        t->error = {};
        t->finished = {};
        appendLog(*t, u"retry"_s);
        setStatus(*t, TaskStatus::of(TaskState::Queued));
        requeueBlocked(id);
        enqueue(*t);
    }
    requestSchedule();
}

void TaskEngine::requeueBlocked(TaskId root)
{
    for (TaskId id : m_graph.toRequeueAfterRetry(root)) {
        Task *t = find(id);
        if (!t || t->status.state != TaskState::Failed)
            continue;
        t->error = {};
        t->finished = {};
        setStatus(*t, TaskStatus::of(TaskState::Queued));
        enqueue(*t);
    }
}

void TaskEngine::remove(const QList<TaskId> &ids, bool withFiles)
{
    // The task and whatever still waits on it: a step without its input cannot run.
    QList<TaskId> all;
    QSet<TaskId> seen;
    QList<TaskId> stack = ids;
    while (!stack.isEmpty()) {
        const TaskId id = stack.takeLast();
        const Task *t = find(id);
        if (!t || seen.contains(id))
            continue;
        seen.insert(id);
        all.append(id);
        for (TaskId d : m_graph.dependents(id)) {
            const Task *dependent = find(d);
            if (dependent && dependent->status.state != TaskState::Succeeded)
                stack.append(d);
        }
    }
    QList<TaskId> now;
    for (TaskId id : std::as_const(all)) {
        Task &t = *find(id);
        if (t.running) {
            t.removeWithFiles = withFiles;
            stop(t, Stop::Remove);
        } else {
            now.append(id);
        }
    }
    removeNow(now, withFiles);
}

void TaskEngine::removeNow(const QList<TaskId> &ids, bool withFiles)
{
    if (ids.isEmpty())
        return;
    QList<quint64> stored;
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t)
            continue;
        unready(*t);
        if (withFiles)
            deleteFilesOf(*t);
        if (isActive(t->status.state))
            --m_unfinished;
        m_graph.removeTask(id);
        m_changed.remove(id);
        m_justFinished.removeAll(id);
        m_pendingLog.removeIf([id](const TaskLogLine &l) { return l.id == id; });
        m_tasks.erase(id);
        stored.append(id);
    }
    m_persistence->remove(stored);  // also forgets their pending checkpoint
    Q_EMIT tasksRemoved(stored);
    requestSchedule();
}

// Only what the task itself produced, and never through a symlink.
void TaskEngine::deleteFilesOf(const Task &task)
{
    if (task.output.isEmpty() || task.skipped)
        return;
    const QFileInfo info(task.output);
    switch (task.spec().kind) {
    case TaskKind::Download:
        if (info.isFile() && !info.isSymLink())
            QFile::remove(task.output);
        if (task.output.endsWith(DownloadFiles::partialSuffix())) {
            QString sidecar = task.output;
            sidecar.chop(DownloadFiles::partialSuffix().size());
            QFile::remove(sidecar + DownloadFiles::resumeSuffix());
        }
        break;
    case TaskKind::Extract:
        if (info.isDir() && !info.isSymLink())
            QDir(task.output).removeRecursively();
        break;
    case TaskKind::Decompress:
    case TaskKind::ChecksumList:
        if (info.isFile() && !info.isSymLink())
            QFile::remove(task.output);
        break;
    default:
        break;
    }
}

void TaskEngine::setPriority(const QList<TaskId> &ids, int priority)
{
    for (TaskId id : ids) {
        Task *t = find(id);
        if (!t || t->specFromColumns().priority == priority)
            continue;
        const bool wasReady = t->ready;
        unready(*t);
        t->m_spec.priority = priority;  // a column: history keeps its pipeline unparsed
        if (wasReady)
            makeReady(*t);
        markChanged(*t);
    }
    requestSchedule();
}

void TaskEngine::pauseAll()
{
    pause(ids());
}

void TaskEngine::resumeAll()
{
    resume(ids());
}

void TaskEngine::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_limits.network = std::max(1, m_limits.network);
    m_limits.perHost = std::max(0, m_limits.perHost);
    m_limits.cpu = std::max(0, m_limits.cpu);
    // Every waiting task's reason may have changed.
    for (const auto &ready : { m_readyNetwork, m_readyCpu }) {
        for (const auto &[priority, id] : ready)
            m_newlyReady.append(id);
    }
    requestSchedule();
}

void TaskEngine::setDownloadOptions(const DownloadOptions &options)
{
    m_downloads->setOptions(options);
}

void TaskEngine::setGlobalRateLimit(qint64 bytesPerSecond)
{
    m_downloads->setGlobalRateLimit(bytesPerSecond);
}

void TaskEngine::setFlushInterval(int milliseconds)
{
    m_flushInterval = std::max(0, milliseconds);
    m_downloads->setFlushInterval(m_flushInterval);
}

// ---- publishing -------------------------------------------------------------------------------

QList<TaskId> TaskEngine::ids() const
{
    QList<TaskId> all;
    all.reserve(qsizetype(m_tasks.size()));
    for (const auto &[id, task] : m_tasks)
        all.append(id);
    return all;
}

TaskSnapshot TaskEngine::snapshot(TaskId id) const
{
    const Task *t = find(id);
    return t ? snapshotOf(*t) : TaskSnapshot{};
}

QList<TaskSnapshot> TaskEngine::snapshots() const
{
    QList<TaskSnapshot> all;
    all.reserve(qsizetype(m_tasks.size()));
    for (const auto &[id, task] : m_tasks)
        all.append(snapshotOf(*task));
    return all;
}

QStringList TaskEngine::log(TaskId id) const
{
    const Task *t = find(id);
    return t ? t->log : QStringList{};
}

TaskSnapshot TaskEngine::snapshotOf(const Task &t) const
{
    const TaskSpec &spec = t.specFromColumns();  // a snapshot never parses a spec
    TaskSnapshot s;
    s.id = t.id;
    s.kind = spec.kind;
    s.title = t.title;
    s.status = t.status;
    s.priority = spec.priority;
    s.url = spec.download.url.adjusted(QUrl::RemovePassword);
    s.finalUrl = t.finalUrl;
    s.input = t.input;
    s.inputBytes = t.inputBytes;
    s.outputPath = t.output;
    s.fileName = t.fileName.isEmpty() && t.status.state == TaskState::Succeeded && spec.kind == TaskKind::Download
        ? QFileInfo(t.output).fileName()
        : t.fileName;
    s.unit = spec.kind == TaskKind::Download ? TaskSnapshot::Unit::Bytes : TaskSnapshot::Unit::PerMille;
    s.done = t.done;
    s.total = t.total;
    s.progressText = t.progressText;
    s.speed = t.speed;
    s.etaSeconds = t.eta;
    s.connections = t.connections;
    s.digests = t.digests;
    s.error = t.error;
    for (const TaskSpec::Ref &d : spec.dependsOn)
        s.dependsOn.append(d.id);
    s.added = t.added;
    s.started = t.started;
    s.finished = t.finished;
    return s;
}

void TaskEngine::requestDetails(TaskId id)
{
    const Task *t = find(id);
    TaskDetails details;
    details.id = id;
    if (t)
        details = detailsOf(*t);
    Q_EMIT detailsReady(details);
}

TaskDetails TaskEngine::detailsOf(const Task &t) const
{
    TaskDetails d;
    d.id = t.id;
    d.exists = true;
    d.task = snapshotOf(t);
    if (t.job && t.running)  // what flush() would publish next
        d.task.done = t.job->progressPerMille();
    d.log = t.log;
    d.download = t.download ? m_downloads->details(t.download) : t.lastDownload;
    if (t.spec().kind == TaskKind::Download && t.spec().download.expected.isSet()) {
        const ExpectedChecksum &e = t.spec().download.expected;
        d.expected = hashAlgorithmName(e.algorithm) + u':' + QString::fromLatin1(e.digest.toHex());
    } else if (t.spec().kind == TaskKind::Verify) {
        d.expected = t.spec().expected;
    }
    // The pipeline: every task reachable through dependencies either way (bounded, for huge groups).
    constexpr int MaxPipeline = 64;
    QList<TaskId> stack{ t.id };
    QSet<TaskId> seen{ t.id };
    while (!stack.isEmpty() && seen.size() < MaxPipeline) {
        const TaskId id = stack.takeLast();
        for (const QList<TaskId> &next : { m_graph.dependencies(id), m_graph.dependents(id) }) {
            for (TaskId n : next) {
                if (!seen.contains(n) && seen.size() < MaxPipeline) {
                    seen.insert(n);
                    stack.append(n);
                }
            }
        }
    }
    QList<TaskId> members(seen.begin(), seen.end());
    std::sort(members.begin(), members.end());
    for (TaskId id : std::as_const(members)) {
        if (const Task *m = find(id))
            d.pipeline.append(m->id == t.id ? d.task : snapshotOf(*m));
    }
    return d;
}

void TaskEngine::flush()
{
    m_sinceFlush.start();
    QList<TaskId> changed(m_changed.begin(), m_changed.end());
    m_changed.clear();
    std::sort(changed.begin(), changed.end());
    QList<TaskSnapshot> batch;
    batch.reserve(changed.size());
    for (TaskId id : std::as_const(changed)) {
        Task *t = find(id);
        if (!t)
            continue;
        // Steps report progress through their futures: read it now instead of a signal per chunk.
        if (t->job && t->running) {
            t->done = t->job->progressPerMille();
            t->progressText = t->job->progressText();
            // The rate so far predicts the rest: steps read and write at a steady pace.
            const qint64 elapsedUs = trace().nowUs() - t->traceStart;
            t->eta = t->done > 0 ? elapsedUs * (1000 - t->done) / t->done / 1'000'000 : -1;
        }
        batch.append(snapshotOf(*t));
    }
    // Running steps change without telling us: look again on the next tick.
    for (TaskId id : std::as_const(m_runningSteps))
        m_changed.insert(id);
    if (!m_runningSteps.isEmpty())
        m_flushTimer.start(m_flushInterval);

    const auto taskInfo = [this](TaskId id) -> std::optional<TraceFeed::TaskInfo> {
        const Task *t = find(id);
        return t ? std::optional(TraceFeed::TaskInfo{ t->specFromColumns().kind, t->title }) : std::nullopt;
    };
    if (const std::optional<TraceUpdate> update = m_traceFeed.take(trace(), taskInfo))
        Q_EMIT traceUpdated(*update);
    if (!batch.isEmpty())
        Q_EMIT tasksChanged(batch);
    if (!m_pendingLog.isEmpty())
        Q_EMIT logAppended(std::exchange(m_pendingLog, {}));
    const QList<TaskId> finished = std::exchange(m_justFinished, {});
    for (TaskId id : finished) {
        if (const Task *t = find(id))
            Q_EMIT taskFinished(snapshotOf(*t));
    }
    checkIdle();
}

void TaskEngine::checkIdle()
{
    const bool idleNow = m_unfinished == 0 && m_runningCpu == 0 && m_runningNetwork == 0;
    if (idleNow && !m_wasIdle && m_justFinished.isEmpty() && !m_flushTimer.isActive()) {
        m_wasIdle = true;
        Q_EMIT idle();
    } else if (!idleNow) {
        m_wasIdle = false;
    }
}

} // namespace Ferry
