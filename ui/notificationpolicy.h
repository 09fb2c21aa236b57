#pragma once

#include "engine/tasksnapshot.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>

namespace Ferry {

class Notifier;
class TaskTableModel;

// Decides what is worth a desktop notification and what its buttons do:
// - a batch (the tasks added together: one add dialog, one `ferry URL...`, the last session's queue)
//   notifies once, when all its tasks have finished and at least one item succeeded;
// - a task that fails notifies once per failure (the engine's own retries are not failures; tasks
//   failed only because a dependency failed are not notified again);
// - nothing while the window is active (the user sees it) or while notifications are turned off.
// "Open" asks for the result to be opened, "Show" for the task to be shown in the window.
class NotificationPolicy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationPolicy)

public:
    using WindowActive = std::function<bool()>;

    // model: where a batch's tasks are looked up when one finishes; the engine's snapshot batches
    // reach it before taskFinished does. windowActive: true while the user looks at the window.
    NotificationPolicy(Notifier *notifier, const TaskTableModel *model, WindowActive windowActive,
                       QObject *parent = nullptr);
    ~NotificationPolicy() override;

    // Preferences::notifications. Batches are still followed while off, so turning it on is exact.
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }

    // What one finished batch amounts to, one item per pipeline (a download and its steps).
    struct BatchSummary
    {
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        bool allDownloads = true;  // every item starts with a download
        QStringList names;         // of the items that succeeded, in order
        QString result;            // the one item's file or folder, or the folder all results share
        bool resultIsFolder = false;  // result is a folder holding several results
        TaskId showId = 0;         // the first failed task, else the first item
    };
    static BatchSummary summarize(QList<TaskSnapshot> tasks);

public Q_SLOTS:
    // Tasks added together (EngineHost::batchAdded) or left unfinished by the last session.
    void watchBatch(const QList<Ferry::TaskId> &ids);
    // The engine's taskFinished.
    void taskFinished(const Ferry::TaskSnapshot &task);
    // The engine's tasksRemoved: a batch finishes without them.
    void tasksRemoved(const QList<Ferry::TaskId> &ids);

Q_SIGNALS:
    void showTaskRequested(Ferry::TaskId id);
    void openRequested(const QUrl &url);

private:
    struct Target
    {
        TaskId task = 0;
        QString path;  // what "Open" opens; empty: no such button
        bool folder = false;
    };

    void checkBatch(int batch);
    void notifyFailure(const TaskSnapshot &task);
    void notifyBatch(const QList<TaskSnapshot> &tasks);
    bool wanted() const;
    void send(const QString &title, const QString &body, const Target &target);
    void onAction(quint32 id, const QString &key);

    Notifier *m_notifier;
    const TaskTableModel *m_model;
    WindowActive m_windowActive;
    bool m_enabled = true;
    struct Batch
    {
        QList<TaskId> ids;
        QSet<TaskId> pending;  // not seen finishing yet: the model is only read once this is empty
    };

    QHash<TaskId, int> m_batchOf;
    QHash<int, Batch> m_batches;
    int m_nextBatch = 1;
    QHash<quint32, Target> m_targets;  // what the buttons of a shown notification act on
};

} // namespace Ferry
