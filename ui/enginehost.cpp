#include "enginehost.h"

#include "engine/taskengine.h"
#include "mainwindow.h"
#include "notificationpolicy.h"
#include "taskdetailspanel.h"
#include "tasktablemodel.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "util/threadpriority.h"
#include "throughputpanel.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <atomic>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Every task's log on stderr, for debugging without the window's log panel. Off by default: printing
// is synchronous I/O on the GUI thread (hundreds of lines a second under load, into a pipe that may
// be full); QT_LOGGING_RULES="ferry.tasks.info=true" turns it on.
Q_LOGGING_CATEGORY(lcTaskLog, "ferry.tasks", QtWarningMsg)

} // namespace

void EngineHost::registerMetaTypes()
{
    // Qt 6 records the argument types of moc'ed signals itself; registering also makes the names (and
    // the TaskId typedef) known to string-based lookups such as QMetaType::fromName.
    qRegisterMetaType<Ferry::TaskId>("Ferry::TaskId");
    qRegisterMetaType<QList<Ferry::TaskId>>("QList<Ferry::TaskId>");
    qRegisterMetaType<Ferry::TaskSnapshot>();
    qRegisterMetaType<QList<Ferry::TaskSnapshot>>();
    qRegisterMetaType<Ferry::TaskLogLine>();
    qRegisterMetaType<QList<Ferry::TaskLogLine>>();
    qRegisterMetaType<Ferry::DownloadRequest>();
    qRegisterMetaType<QList<Ferry::DownloadRequest>>();
    qRegisterMetaType<Ferry::Recipe>();
    qRegisterMetaType<Ferry::TaskError>();
    qRegisterMetaType<Ferry::TraceUpdate>();
    qRegisterMetaType<Ferry::TaskDetails>();
}

EngineHost::EngineHost(QObject *parent) : QObject(parent)
{
    registerMetaTypes();
    m_thread.setObjectName(u"ferry-engine"_s);
    m_thread.start();

    // Construct the engine on its thread rather than moveToThread() it afterwards: then everything
    // its constructor creates (timers, pools, network objects), parented or not, belongs to the
    // engine thread. The GUI thread waits the few milliseconds this takes, before any window exists.
    // The pointer comes back through an atomic: the blocking call orders it too, but inside Qt, where
    // ThreadSanitizer cannot see it.
    std::atomic<TaskEngine *> built{ nullptr };
    auto *builder = new QObject;
    builder->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        builder,
        [&built, builder] {
            // Before the engine exists: the network and disk threads it starts inherit the lower class.
            lowerCurrentThread(ThreadRole::Engine);
            built.store(new TaskEngine, std::memory_order_release);
            builder->deleteLater();
        },
        Qt::BlockingQueuedConnection);
    m_engine = built.load(std::memory_order_acquire);
    Q_ASSERT(m_engine);
    // Emitted on the engine thread as its loop ends; the deferred delete runs before the thread exits.
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);

    connect(m_engine, &TaskEngine::batchRefused, this,
            [this](const TaskError &error) { Q_EMIT notice(tr("Not added: %1").arg(error.toString())); });
    connect(m_engine, &TaskEngine::storeError, this, [this](const TaskError &error) {
        Q_EMIT notice(tr("The queue could not be saved; it keeps running in memory: %1").arg(error.toString()));
    });
    if (lcTaskLog().isInfoEnabled()) {  // else the engine does not even send the lines over
        connect(m_engine, &TaskEngine::logAppended, this, [](const QList<TaskLogLine> &lines) {
            for (const TaskLogLine &line : lines)
                qCInfo(lcTaskLog).noquote() << line.id << line.line;
        });
    }
}

EngineHost::~EngineHost()
{
    m_thread.quit();
    m_thread.wait();
}

void EngineHost::applyPreferences(const Preferences &preferences)
{
    TaskEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [engine, preferences] {
            engine->setLimits(preferences.limits());
            engine->setDownloadOptions(preferences.downloadOptions());
            engine->setGlobalRateLimit(preferences.clamped().speedLimit);
        },
        Qt::QueuedConnection);
}

void EngineHost::openStore(const QString &path, bool resumeOnStart)
{
    TaskEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [this, engine, path, resumeOnStart] {
            QString problem;
            if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
                problem = tr("The folder for the queue (%1) cannot be created; this session's tasks will "
                             "not be kept.").arg(QFileInfo(path).absolutePath());
            } else if (const TaskError error = engine->openStore(path, resumeOnStart); error.isError()) {
                problem = tr("The queue could not be opened; this session's tasks will not be kept: %1")
                              .arg(error.toString());
            } else if (const TaskError recovery = engine->storeRecovery(); recovery.isError()) {
                problem = tr("The saved queue was damaged and has been set aside: %1").arg(recovery.toString());
            }
            QList<TaskSnapshot> tasks = engine->snapshots();
            // Emitted from the GUI thread, on a later turn of its loop: openStore() may be called
            // before the window that listens exists, and everything connected by then hears it.
            QMetaObject::invokeMethod(
                this, [this, tasks = std::move(tasks), problem] { Q_EMIT storeOpened(tasks, problem); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void EngineHost::connectModel(TaskTableModel *model)
{
    // Queued because the receiver lives on the GUI thread; only values cross.
    connect(m_engine, &TaskEngine::tasksChanged, model, &TaskTableModel::applySnapshots);
    connect(m_engine, &TaskEngine::tasksRemoved, model, &TaskTableModel::removeTasks);
    connect(this, &EngineHost::storeOpened, model, &TaskTableModel::applySnapshots);
}

void EngineHost::connectWindow(MainWindow *window)
{
    TaskEngine *engine = m_engine;
    // Each command runs on the engine thread because the engine is the receiver or context object.
    connect(window, &MainWindow::addRequested, this, &EngineHost::addPipelines);
    connect(window, &MainWindow::processLocalRequested, this, &EngineHost::processLocal);
    connect(window, &MainWindow::pauseRequested, engine, &TaskEngine::pause, Qt::QueuedConnection);
    connect(window, &MainWindow::resumeRequested, engine, &TaskEngine::resume, Qt::QueuedConnection);
    connect(window, &MainWindow::cancelRequested, engine, &TaskEngine::cancel, Qt::QueuedConnection);
    connect(window, &MainWindow::retryRequested, engine, &TaskEngine::retry, Qt::QueuedConnection);
    connect(window, &MainWindow::removeRequested, engine, &TaskEngine::remove, Qt::QueuedConnection);
    connect(window, &MainWindow::priorityRequested, engine, &TaskEngine::setPriority, Qt::QueuedConnection);
    connect(window, &MainWindow::preferencesChanged, this, &EngineHost::applyPreferences);

    connect(engine, &TaskEngine::taskFinished, window, &MainWindow::showFinished);
    connect(engine, &TaskEngine::traceUpdated, window->timeline()->model(), &TimelineModel::apply);
    connect(this, &EngineHost::notice, window, &MainWindow::showNotice);
    connect(this, &EngineHost::storeOpened, window, [window](const QList<TaskSnapshot> &, const QString &problem) {
        if (!problem.isEmpty())
            window->showNotice(problem);
    });

    // The docks: the graph takes the batches the model takes; the details panel asks and is answered.
    ThroughputPanel *throughput = window->throughputPanel();
    connect(engine, &TaskEngine::tasksChanged, throughput, &ThroughputPanel::applySnapshots);
    connect(engine, &TaskEngine::tasksRemoved, throughput, &ThroughputPanel::removeTasks);
    connect(this, &EngineHost::storeOpened, throughput,
            [throughput](const QList<TaskSnapshot> &tasks, const QString &) { throughput->applySnapshots(tasks); });
    TaskDetailsPanel *details = window->detailsPanel();
    connect(details, &TaskDetailsPanel::detailsRequested, engine, &TaskEngine::requestDetails, Qt::QueuedConnection);
    connect(details, &TaskDetailsPanel::retryRequested, engine, &TaskEngine::retry, Qt::QueuedConnection);
    connect(engine, &TaskEngine::detailsReady, details, &TaskDetailsPanel::showDetails);
}

void EngineHost::connectPolicy(NotificationPolicy *policy)
{
    connect(this, &EngineHost::batchAdded, policy, &NotificationPolicy::watchBatch);
    connect(m_engine, &TaskEngine::taskFinished, policy, &NotificationPolicy::taskFinished);
    connect(m_engine, &TaskEngine::tasksRemoved, policy, &NotificationPolicy::tasksRemoved);
    // What the last session left unfinished is one more batch.
    connect(this, &EngineHost::storeOpened, policy, [policy](const QList<TaskSnapshot> &tasks) {
        QList<TaskId> unfinished;
        for (const TaskSnapshot &task : tasks) {
            if (!task.isFinished())
                unfinished.append(task.id);
        }
        policy->watchBatch(unfinished);
    });
}

void EngineHost::addPipelines(const QList<DownloadRequest> &requests, const Recipe &recipe)
{
    TaskEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [this, engine, requests, recipe] {
            // A refused pipeline is reported through batchRefused; the others still go in.
            QList<TaskId> added;
            for (const DownloadRequest &request : requests)
                added += engine->addPipeline(request, recipe).ids;
            if (!added.isEmpty())
                Q_EMIT batchAdded(added);
        },
        Qt::QueuedConnection);
}

void EngineHost::processLocal(const QStringList &paths, const Recipe &recipe)
{
    TaskEngine *engine = m_engine;
    QMetaObject::invokeMethod(
        engine,
        [this, engine, paths, recipe] {
            QList<TaskId> added;
            for (const QString &path : paths)
                added += engine->add(buildLocalPipeline(path, recipe)).ids;
            if (!added.isEmpty())
                Q_EMIT batchAdded(added);
        },
        Qt::QueuedConnection);
}

} // namespace Ferry
