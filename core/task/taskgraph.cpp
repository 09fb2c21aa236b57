#include "taskgraph.h"

#include <QSet>

#include <algorithm>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Labels are spaced out so a few tasks can move between two neighbours without renumbering.
constexpr qint64 Spacing = qint64(1) << 24;

} // namespace

bool TaskGraph::addTask(TaskId id)
{
    if (id == 0 || m_nodes.contains(id))
        return false;
    Node node;
    // Newest last: depending on older tasks, the usual case, never reorders.
    node.order = (m_nextOrder += Spacing);
    m_nodes.insert(id, node);
    return true;
}

QList<TaskId> TaskGraph::removeTask(TaskId id)
{
    const auto it = m_nodes.constFind(id);
    if (it == m_nodes.constEnd())
        return {};
    const Node node = *it;
    m_nodes.erase(it);
    for (TaskId dependency : node.dependencies)
        m_nodes[dependency].dependents.removeOne(id);
    for (TaskId dependent : node.dependents)
        m_nodes[dependent].dependencies.removeOne(id);
    m_edgeCount -= node.dependencies.size() + node.dependents.size();

    clearBlocked(id);
    const QList<TaskId> freed = m_blockedByRoot.take(id);
    for (TaskId blocked : freed)
        m_blockingRoot.remove(blocked);
    return freed;
}

bool TaskGraph::hasEdge(TaskId task, TaskId dependsOn) const
{
    const QList<TaskId> &forward = m_nodes.constFind(task)->dependencies;
    const QList<TaskId> &backward = m_nodes.constFind(dependsOn)->dependents;
    // Search the shorter list: a group task can have thousands of dependencies.
    return forward.size() <= backward.size() ? forward.contains(dependsOn)
                                             : backward.contains(task);
}

// One side of the search for a new edge task -> dependsOn when dependsOn sits later in the order.
// Forward: from task along dependents, inside the region (order < dependsOn's). Backward: from
// dependsOn along dependencies, inside the region (order > task's). Advanced one node per step()
// so both sides run in lockstep and the smaller one decides. Also notes the nearest label just
// outside the region, which bounds where the side's tasks may move.
class TaskGraph::RegionWalk
{
public:
    enum class Step { Going, Found, Exhausted };

    RegionWalk(const TaskGraph &graph, bool forward, TaskId start, TaskId target, qint64 bound)
        : m_graph(graph), m_forward(forward), m_target(target), m_bound(bound),
          m_outside(forward ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min())
    {
        m_stack.push_back(start);
        m_parent.insert(start, 0);
        m_visited.push_back(start);
    }

    Step step()
    {
        if (m_stack.empty())
            return Step::Exhausted;
        const TaskId node = m_stack.back();
        m_stack.pop_back();
        const Node &n = *m_graph.m_nodes.constFind(node);
        for (TaskId next : m_forward ? n.dependents : n.dependencies) {
            if (next == m_target) {
                m_parent.insert(next, node);
                return Step::Found;
            }
            if (m_parent.contains(next))
                continue;
            const qint64 order = m_graph.m_nodes.constFind(next)->order;
            if (m_forward ? order < m_bound : order > m_bound) {
                m_parent.insert(next, node);
                m_visited.push_back(next);
                m_stack.push_back(next);
            } else {
                m_outside = m_forward ? qMin(m_outside, order) : qMax(m_outside, order);
            }
        }
        return m_stack.empty() ? Step::Exhausted : Step::Going;
    }

    // After Found: target, the node it was reached from, ..., start.
    QList<TaskId> pathBack() const
    {
        QList<TaskId> path;
        for (TaskId at = m_target; at != 0; at = m_parent.value(at))
            path.append(at);
        return path;
    }
    bool isForward() const { return m_forward; }
    const std::vector<TaskId> &visited() const { return m_visited; }
    qint64 outside() const { return m_outside; }

private:
    const TaskGraph &m_graph;
    bool m_forward;
    TaskId m_target;
    qint64 m_bound;
    qint64 m_outside;
    std::vector<TaskId> m_stack;
    QHash<TaskId, TaskId> m_parent;
    std::vector<TaskId> m_visited;  // the side's region, start included
};

TaskGraph::Search TaskGraph::search(TaskId task, TaskId dependsOn) const
{
    Search result;
    if (task == dependsOn) {
        result.cycle = { task, task };
        return result;
    }
    const qint64 low = m_nodes.constFind(task)->order;
    const qint64 high = m_nodes.constFind(dependsOn)->order;
    // Dependencies come first in the order: dependsOn can depend on task only if it is later.
    if (high < low)
        return result;

    RegionWalk forward(*this, true, task, dependsOn, high);
    RegionWalk backward(*this, false, dependsOn, task, low);
    for (RegionWalk *walk = &forward;; walk = walk == &forward ? &backward : &forward) {
        const RegionWalk::Step step = walk->step();
        if (step == RegionWalk::Step::Going)
            continue;
        if (step == RegionWalk::Step::Found) {
            QList<TaskId> back = walk->pathBack();
            if (!walk->isForward())  // task, ..., dependsOn along dependencies: turn it round
                std::reverse(back.begin(), back.end());
            result.cycle = QList<TaskId>{ task } + back;  // task, dependsOn, ..., task
            return result;
        }
        // Exhausted: no cycle, and this side (the one that ended first) is the one to move: past
        // the other end (after dependsOn, or before task), which restores the order.
        result.move = walk->visited();
        const auto orderOf = [this](TaskId id) { return m_nodes.constFind(id)->order; };
        std::sort(result.move.begin(), result.move.end(),
                  [&](TaskId a, TaskId b) { return orderOf(a) < orderOf(b); });
        const qint64 room = qint64(result.move.size() + 1) * Spacing;
        if (walk->isForward()) {
            result.from = high;
            result.to = walk->outside() == std::numeric_limits<qint64>::max() ? high + room : walk->outside();
        } else {
            result.from = walk->outside() == std::numeric_limits<qint64>::min() ? low - room : walk->outside();
            result.to = low;
        }
        return result;
    }
}

QList<TaskId> TaskGraph::cyclePath(TaskId task, TaskId dependsOn) const
{
    if (task == dependsOn)
        return { task, task };
    if (!contains(task) || !contains(dependsOn))
        return {};
    return search(task, dependsOn).cycle;
}

void TaskGraph::insertEdge(TaskId task, TaskId dependsOn)
{
    Search found = search(task, dependsOn);
    Q_ASSERT(found.cycle.isEmpty());
    const auto spacing = [&found] { return (found.to - found.from) / qint64(found.move.size() + 1); };
    // No free labels left between the neighbours: space everything out again, wide enough for
    // this move (rare). Renumbering breaks ties between equal labels, which can change what the
    // search moves, so check again.
    while (!found.move.empty() && spacing() < 1) {
        renumber(qMax(Spacing, qint64(found.move.size()) + 1));
        found = search(task, dependsOn);
    }
    if (!found.move.empty()) {
        const qint64 step = spacing();
        qint64 label = found.from;
        for (TaskId id : found.move)
            m_nodes[id].order = (label += step);
        m_nextOrder = qMax(m_nextOrder, label);  // keep new tasks last
    }
    m_nodes[task].dependencies.append(dependsOn);
    m_nodes[dependsOn].dependents.append(task);
    ++m_edgeCount;
}

void TaskGraph::renumber(qint64 spacing)
{
    std::vector<std::pair<qint64, TaskId>> byOrder;
    byOrder.reserve(size_t(m_nodes.size()));
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        byOrder.emplace_back(it->order, it.key());
    std::sort(byOrder.begin(), byOrder.end());
    qint64 label = 0;
    for (const auto &[order, id] : byOrder)
        m_nodes[id].order = (label += spacing);
    m_nextOrder = label;
}

TaskError TaskGraph::cycleError(const QList<TaskId> &path) const
{
    // A cycle through a 10,000-task chain would make an unreadable message: keep both ends.
    constexpr qsizetype Head = 6;
    constexpr qsizetype Tail = 5;
    QStringList names;
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (path.size() > Head + Tail + 1 && i == Head) {
            names.append(QStringLiteral("\u2026"));
            i = path.size() - Tail - 1;
            continue;
        }
        names.append(QString::number(path.at(i)));
    }
    return TaskError(TaskError::Code::InvalidInput,
                     u"would create a cycle: "_s + names.join(QStringLiteral(" \u2192 ")),
                     QStringLiteral("%1 tasks in the cycle").arg(path.size() - 1));
}

TaskError TaskGraph::addDependency(TaskId task, TaskId dependsOn)
{
    return addGroupDependency(task, { dependsOn });
}

TaskError TaskGraph::addGroupDependency(TaskId task, const QList<TaskId> &members)
{
    const auto unknown = [](TaskId id) {
        return TaskError(TaskError::Code::InvalidInput, u"unknown task "_s + QString::number(id));
    };
    if (!contains(task))
        return unknown(task);

    // Check every edge before adding any. A cycle through two new edges would have to pass task
    // twice, so checking each new edge against the old graph is enough.
    QList<TaskId> toAdd;
    QSet<TaskId> seen;
    for (TaskId member : members) {
        if (seen.contains(member))
            continue;
        seen.insert(member);
        if (!contains(member))
            return unknown(member);
        if (member != task && hasEdge(task, member))
            continue;
        const QList<TaskId> cycle = cyclePath(task, member);
        if (!cycle.isEmpty())
            return cycleError(cycle);
        toAdd.append(member);
    }

    for (TaskId member : std::as_const(toAdd))
        insertEdge(task, member);
    return {};
}

bool TaskGraph::removeDependency(TaskId task, TaskId dependsOn)
{
    if (!contains(task) || !contains(dependsOn) || !m_nodes[task].dependencies.removeOne(dependsOn))
        return false;
    m_nodes[dependsOn].dependents.removeOne(task);
    --m_edgeCount;
    return true;
}

QList<TaskId> TaskGraph::dependencies(TaskId id) const
{
    return m_nodes.value(id).dependencies;
}

QList<TaskId> TaskGraph::dependents(TaskId id) const
{
    return m_nodes.value(id).dependents;
}

bool TaskGraph::isReady(TaskId id, const StateOf &stateOf) const
{
    const auto it = m_nodes.constFind(id);
    if (it == m_nodes.constEnd())
        return false;
    return std::all_of(it->dependencies.cbegin(), it->dependencies.cend(),
                       [&](TaskId dep) { return stateOf(dep) == TaskState::Succeeded; });
}

QList<TaskId> TaskGraph::readyDependents(TaskId succeeded, const StateOf &stateOf) const
{
    QList<TaskId> ready;
    for (TaskId dependent : m_nodes.value(succeeded).dependents) {
        if (isReady(dependent, stateOf))
            ready.append(dependent);
    }
    return ready;
}

TaskId TaskGraph::failedDependency(TaskId id, const StateOf &stateOf) const
{
    for (TaskId dep : m_nodes.value(id).dependencies) {
        const TaskState state = stateOf(dep);
        if (state == TaskState::Failed || state == TaskState::Cancelled)
            return dep;
    }
    return 0;
}

QList<TaskId> TaskGraph::blockedBy(TaskId failed, const StateOf &stateOf) const
{
    QList<TaskId> blocked;
    if (!contains(failed))
        return blocked;
    // Breadth-first over dependents: nearest first, and no recursion however long the chain.
    QList<TaskId> queue{ failed };
    QSet<TaskId> seen{ failed };
    for (qsizetype i = 0; i < queue.size(); ++i) {
        for (TaskId dependent : m_nodes.constFind(queue.at(i))->dependents) {
            if (seen.contains(dependent))
                continue;
            seen.insert(dependent);
            if (!stateOf) {
                blocked.append(dependent);
                queue.append(dependent);
                continue;
            }
            const TaskState state = stateOf(dependent);
            if (state == TaskState::Succeeded)
                continue;
            if (isValidTransition(state, TaskState::Failed))
                blocked.append(dependent);
            queue.append(dependent);
        }
    }
    return blocked;
}

QList<TaskId> TaskGraph::recordFailure(TaskId root, const StateOf &stateOf)
{
    const QList<TaskId> blocked = blockedBy(root, stateOf);
    for (TaskId id : blocked) {
        clearBlocked(id);
        m_blockingRoot.insert(id, root);
    }
    if (!blocked.isEmpty())
        m_blockedByRoot[root].append(blocked);
    return blocked;
}

QList<TaskId> TaskGraph::toRequeueAfterRetry(TaskId root)
{
    const QList<TaskId> blocked = m_blockedByRoot.take(root);
    for (TaskId id : blocked)
        m_blockingRoot.remove(id);
    return blocked;
}

void TaskGraph::clearBlocked(TaskId id)
{
    const TaskId root = m_blockingRoot.take(id);
    if (root == 0)
        return;
    const auto it = m_blockedByRoot.find(root);
    if (it == m_blockedByRoot.end())
        return;
    it->removeOne(id);
    if (it->isEmpty())
        m_blockedByRoot.erase(it);
}

TaskError TaskGraph::blockedError(const QString &rootTitle, const TaskError &rootError)
{
    // Blocked, not the root's code: a retry policy must not retry a blocked task on its own.
    return TaskError(TaskError::Code::Blocked, u"blocked by "_s + rootTitle + u": "_s + rootError.message(),
                     rootError.detail());
}

} // namespace Ferry
