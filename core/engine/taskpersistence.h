#pragma once

#include "engine/taskrecord.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace Ferry {

class TaskStore;

// The engine's side of the store: what is written when. Additions, removals and dependency changes
// are written at once (one transaction each); progress and state changes are marked dirty and
// written together in one checkpoint a second, or within FinishCommitDelayMs once a task finishes,
// so a kill -9 loses at most a second of progress and rarely runs a finished task again.
//
// Reads the tasks it writes through the lookup it is given (the engine's live tasks). Lives on the
// engine's thread, like the TaskStore connection it owns and its timer; call it only there.
class TaskPersistence final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskPersistence)

public:
    static constexpr int CheckpointIntervalMs = 1000;  // how much progress a kill -9 may lose
    static constexpr int FinishCommitDelayMs = 50;     // how long a finish may wait for its commit

    // The task with this id, or null when there is none any more.
    using Lookup = std::function<const TaskRecord *(TaskId)>;

    explicit TaskPersistence(Lookup lookup, QObject *parent = nullptr);
    ~TaskPersistence() override;

    // Opens (or creates) the store; on error nothing changes and nothing is written.
    TaskError open(const QString &path);
    bool isOpen() const { return m_store != nullptr; }
    // What open() found damaged and set aside (TaskStore::recovery()).
    TaskError recovery() const;
    // Every stored task by id; nothing, with storeError, when the store cannot be read.
    std::optional<QList<StoredTask>> loadAll();

    // Written at once. insert() before anything marks the new tasks dirty: a checkpoint only
    // rewrites rows that exist.
    void insert(const QList<TaskId> &ids);
    void update(TaskId id);  // every field, dependencies too (a checkpoint leaves them alone)
    void remove(const QList<TaskId> &ids);  // also forgets their pending checkpoint

    // For the next checkpoint, due within CheckpointIntervalMs.
    void markDirty(TaskId id);
    // A task finished: bring the pending checkpoint forward to FinishCommitDelayMs, so finishes
    // close together share one transaction.
    void commitSoon();
    // Writes every dirty task now, in one transaction.
    void checkpoint();
    // Milliseconds until the pending checkpoint; -1 when none is pending.
    int checkpointDueInMs() const { return m_checkpointTimer.remainingTime(); }

Q_SIGNALS:
    // A write or read failed; the queue keeps running in memory.
    void storeError(const Ferry::TaskError &error);

private:
    void report(const TaskError &error);

    Lookup m_lookup;
    std::unique_ptr<TaskStore> m_store;
    QSet<TaskId> m_dirty;
    QTimer m_checkpointTimer;
};

} // namespace Ferry
