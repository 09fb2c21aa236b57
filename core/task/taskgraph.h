#pragma once

#include "task/taskerror.h"
#include "task/taskstate.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace Ferry {

using TaskId = quint64;  // 0 is "no task"

// Which task waits for which. Knows ids and edges only: states come from the caller through a
// StateOf lookup, so the graph never holds a second, stale copy of them. Not thread-safe; the
// queue that owns it uses it from one thread.
//
// Edges read "task depends on dependsOn": task may start once dependsOn has Succeeded. Searches
// use explicit stacks, so a 10,000-task chain is fine.
//
// Cycle checks keep a topological order of the tasks (spaced labels): an edge that agrees with it,
// such as a task depending on one added before it, closes no cycle and costs O(1). Otherwise the
// tasks between the two are searched from both ends in lockstep, and the side that ends first is
// moved past the other end, so the cost is about the smaller of the two sides: long chains built
// in either direction stay linear.
class TaskGraph
{
public:
    using StateOf = std::function<TaskState(TaskId)>;

    // False when id is 0 or already present.
    bool addTask(TaskId id);
    // Drops the task and every edge that touches it. Returns the tasks recorded as blocked by it
    // (their records are dropped too): with the edge gone nothing holds them back, so the caller
    // may want to requeue them.
    QList<TaskId> removeTask(TaskId id);
    bool contains(TaskId id) const { return m_nodes.contains(id); }
    qsizetype taskCount() const { return m_nodes.size(); }
    qsizetype edgeCount() const { return m_edgeCount; }

    // Refuses unknown ids and cycles (a self-edge included) with InvalidInput:
    // "would create a cycle: 3 → 5 → 3". An edge that already exists is accepted and not doubled.
    TaskError addDependency(TaskId task, TaskId dependsOn);
    // "When every member has succeeded, run task": an edge to each member, all or none.
    TaskError addGroupDependency(TaskId task, const QList<TaskId> &members);
    bool removeDependency(TaskId task, TaskId dependsOn);
    // The cycle the edge would close, as [task, dependsOn, ..., task]; empty when it closes none.
    // For callers that want to name the cycle with titles instead of ids.
    QList<TaskId> cyclePath(TaskId task, TaskId dependsOn) const;

    // In the order they were added.
    QList<TaskId> dependencies(TaskId id) const;
    QList<TaskId> dependents(TaskId id) const;

    // Every dependency has Succeeded (true with none).
    bool isReady(TaskId id, const StateOf &stateOf) const;
    // The direct dependents of `succeeded` that are ready now: what to start after a success.
    QList<TaskId> readyDependents(TaskId succeeded, const StateOf &stateOf) const;
    // A dependency that Failed or was Cancelled, so `id` can never become ready; 0 if none.
    TaskId failedDependency(TaskId id, const StateOf &stateOf) const;

    // The transitive dependents of `failed`, nearest first, each once. With stateOf: only those
    // that may move to Failed now (isValidTransition), and the walk does not pass a Succeeded task
    // (what depends on it is satisfied). Pure query.
    QList<TaskId> blockedBy(TaskId failed, const StateOf &stateOf = {}) const;
    // blockedBy(), and remembers `root` as the reason for each task it returns, so a retry of the
    // root can bring them back. A task already blocked by another root keeps that record only if
    // stateOf filtered it out; otherwise the newest root wins.
    QList<TaskId> recordFailure(TaskId root, const StateOf &stateOf = {});
    // The root recorded for a blocked task; 0 if none.
    TaskId blockingRoot(TaskId id) const { return m_blockingRoot.value(id); }
    // Retrying `root`: the tasks failed because of it, in the order they were recorded (nearest
    // first), to be requeued. Their records are cleared.
    QList<TaskId> toRequeueAfterRetry(TaskId root);
    // The user retried or removed a blocked task by itself: forget why it was blocked.
    void clearBlocked(TaskId id);

    // The error a blocked task fails with: "blocked by <title>: <root's message>". It keeps the
    // root's code and detail, so the log says why; check blockingRoot() before retrying it alone.
    static TaskError blockedError(const QString &rootTitle, const TaskError &rootError);

private:
    struct Node
    {
        QList<TaskId> dependencies;
        QList<TaskId> dependents;
        qint64 order = 0;  // position in the topological order: every dependency comes earlier
    };

    class RegionWalk;
    // What the edge task -> dependsOn needs: the cycle it would close, or the tasks to relabel
    // (in order) strictly between the labels `from` and `to`.
    struct Search
    {
        QList<TaskId> cycle;
        std::vector<TaskId> move;
        qint64 from = 0;
        qint64 to = 0;
    };

    bool hasEdge(TaskId task, TaskId dependsOn) const;
    Search search(TaskId task, TaskId dependsOn) const;
    void insertEdge(TaskId task, TaskId dependsOn);
    void renumber(qint64 spacing);
    TaskError cycleError(const QList<TaskId> &path) const;

    QHash<TaskId, Node> m_nodes;
    qsizetype m_edgeCount = 0;
    qint64 m_nextOrder = 0;
    QHash<TaskId, TaskId> m_blockingRoot;             // blocked task -> root
    QHash<TaskId, QList<TaskId>> m_blockedByRoot;     // root -> blocked tasks, in record order
};

} // namespace Ferry
