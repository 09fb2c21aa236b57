#pragma once

#include "engine/tasksnapshot.h"
#include "config/preferences.h"
#include "engine/taskspec.h"

#include <QObject>
#include <QThread>

namespace Ferry {

class MainWindow;
class NotificationPolicy;
class TaskEngine;
class TaskTableModel;

// The TaskEngine on a thread of its own, and the only bridge to it: the engine's batches reach the
// model as queued signals, the window's commands reach the engine as queued calls. Nothing on the GUI
// thread waits for the engine, except the few milliseconds of its construction (before any window
// exists) and the end of the engine thread when this is destroyed. Application uses it; so do the
// GUI tests, which then drive the very wiring the app runs.
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)

public:
    explicit EngineHost(QObject *parent = nullptr);
    // Stops the engine thread and waits for it: the engine's destructor saves the queue and the
    // resume state, which must be on disk before the process ends.
    ~EngineHost() override;

    static void registerMetaTypes();

    // Lives on the engine thread: call it only through queued calls, or connect to its signals.
    TaskEngine *engine() const { return m_engine; }

    // Queued: opens the store at path (creating its folder), then emits storeOpened with every task.
    // Call before any add, so the tasks of the last session come first; it may be called before
    // the receivers of storeOpened are connected, as long as that happens before the GUI thread
    // returns to its event loop (the app opens the store while it builds the window).
    // resumeOnStart: tasks the last session left running come back queued (else paused).
    void openStore(const QString &path, bool resumeOnStart = true);
    // Queued: the limits, retries, stall timeout and global speed limit of the user's settings.
    void applyPreferences(const Ferry::Preferences &preferences);
    void connectModel(TaskTableModel *model);
    // Also feeds the window's details and throughput docks.
    void connectWindow(MainWindow *window);
    // Finishes, removals and the batches added (also the last session's unfinished tasks).
    void connectPolicy(NotificationPolicy *policy);

    // Queued: one pipeline per request, each with the recipe.
    void addPipelines(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);
    void processLocal(const QStringList &paths, const Ferry::Recipe &recipe);

Q_SIGNALS:
    // Emitted on the GUI thread once the store is open: every task it holds, and a message when the
    // store was damaged and set aside (else empty).
    void storeOpened(const QList<Ferry::TaskSnapshot> &tasks, const QString &problem);
    // Something the user should read: a refused batch, a store write that failed.
    void notice(const QString &text);
    // Emitted on the engine thread: the tasks one addPipelines or processLocal call added.
    void batchAdded(const QList<Ferry::TaskId> &ids);

private:
    QThread m_thread;
    TaskEngine *m_engine = nullptr;  // lives on m_thread and is deleted there
};

} // namespace Ferry
