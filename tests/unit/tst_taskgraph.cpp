#include "task/taskgraph.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

using Edges = QList<std::pair<TaskId, TaskId>>;  // (task, dependsOn)
using States = QHash<TaskId, TaskState>;

namespace {

TaskGraph graphWith(std::initializer_list<TaskId> ids, const Edges &edges = {})
{
    TaskGraph graph;
    for (TaskId id : ids)
        graph.addTask(id);
    for (const auto &[task, dependsOn] : edges) {
        const TaskError error = graph.addDependency(task, dependsOn);
        if (error.isError())
            qFatal("setting up the graph failed: %s", qPrintable(error.toString()));
    }
    return graph;
}

TaskGraph::StateOf lookup(const States &states)
{
    return [states](TaskId id) { return states.value(id, TaskState::Queued); };
}

const QString Arrow = u" \u2192 "_s;

QString chainText(const QList<TaskId> &ids)
{
    QStringList parts;
    for (TaskId id : ids)
        parts.append(QString::number(id));
    return u"would create a cycle: "_s + parts.join(Arrow);
}

} // namespace

class TestTaskGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tasksAreExplicit();
    void dependenciesInInsertionOrder();
    void duplicateEdgeIsNotDoubled();
    void unknownTaskIsRefused();
    void cycleIsRefused_data();
    void cycleIsRefused();
    void longCycleMessageKeepsBothEnds();
    void readiness();
    void groupDependency();
    void groupDependencyIsAtomic_data();
    void groupDependencyIsAtomic();
    void blockedByIsTransitiveAndOnce();
    void blockedByRespectsStates();
    void recordAndRequeue();
    void newerRootTakesOver();
    void clearBlockedForgets();
    void blockedError();
    void removeTaskRemovesEdges();
    void removeDependency();
    void agreesWithBruteForce_data();
    void agreesWithBruteForce();
    void longChainNeedsNoRecursion_data();
    void longChainNeedsNoRecursion();
    void tenThousandTasksTwentyThousandEdges();
};

void TestTaskGraph::tasksAreExplicit()
{
    TaskGraph graph;
    QVERIFY(!graph.addTask(0));
    QVERIFY(graph.addTask(1));
    QVERIFY(!graph.addTask(1));
    QVERIFY(graph.contains(1));
    QVERIFY(!graph.contains(2));
    QCOMPARE(graph.taskCount(), 1);
    QCOMPARE(graph.edgeCount(), 0);
}

void TestTaskGraph::dependenciesInInsertionOrder()
{
    const TaskGraph graph = graphWith({ 1, 2, 3, 4 }, { { 4, 3 }, { 4, 1 }, { 4, 2 }, { 2, 1 } });
    QCOMPARE(graph.dependencies(4), (QList<TaskId>{ 3, 1, 2 }));
    QCOMPARE(graph.dependencies(2), (QList<TaskId>{ 1 }));
    QCOMPARE(graph.dependents(1), (QList<TaskId>{ 4, 2 }));
    QCOMPARE(graph.dependents(4), QList<TaskId>());
    QCOMPARE(graph.dependencies(99), QList<TaskId>());
    QCOMPARE(graph.edgeCount(), 4);
}

void TestTaskGraph::duplicateEdgeIsNotDoubled()
{
    TaskGraph graph = graphWith({ 1, 2 }, { { 2, 1 } });
    QVERIFY(!graph.addDependency(2, 1).isError());
    QCOMPARE(graph.dependencies(2), (QList<TaskId>{ 1 }));
    QCOMPARE(graph.dependents(1), (QList<TaskId>{ 2 }));
    QCOMPARE(graph.edgeCount(), 1);
}

void TestTaskGraph::unknownTaskIsRefused()
{
    TaskGraph graph = graphWith({ 1 });
    TaskError error = graph.addDependency(1, 7);
    QCOMPARE(error.code(), TaskError::Code::InvalidInput);
    QCOMPARE(error.message(), u"unknown task 7"_s);
    error = graph.addDependency(7, 1);
    QCOMPARE(error.message(), u"unknown task 7"_s);
    QCOMPARE(graph.edgeCount(), 0);
    QVERIFY(!graph.contains(7));
}

void TestTaskGraph::cycleIsRefused_data()
{
    QTest::addColumn<Edges>("edges");
    QTest::addColumn<TaskId>("task");
    QTest::addColumn<TaskId>("dependsOn");
    QTest::addColumn<QList<TaskId>>("cycle");

    QTest::newRow("self") << Edges{} << TaskId(3) << TaskId(3) << QList<TaskId>{ 3, 3 };
    QTest::newRow("two") << Edges{ { 5, 3 } } << TaskId(3) << TaskId(5) << QList<TaskId>{ 3, 5, 3 };
    QTest::newRow("three") << Edges{ { 5, 7 }, { 7, 3 } } << TaskId(3) << TaskId(5)
                           << QList<TaskId>{ 3, 5, 7, 3 };
    // The only way back is through a side branch; other branches are dead ends.
    QTest::newRow("branching") << Edges{ { 5, 6 }, { 5, 7 }, { 6, 9 }, { 7, 8 }, { 8, 3 }, { 4, 3 } }
                               << TaskId(3) << TaskId(5) << QList<TaskId>{ 3, 5, 7, 8, 3 };
    // Many dependents on the task's side, few dependencies on the other: the backward walk is
    // the long one, the forward one finds it.
    // Dead ends on the dependency's side: the backward walk from the task finds it first.
    QTest::newRow("dead ends ahead") << Edges{ { 5, 4 }, { 5, 6 }, { 5, 7 }, { 5, 8 }, { 5, 9 }, { 4, 3 } }
                                     << TaskId(3) << TaskId(5) << QList<TaskId>{ 3, 5, 4, 3 };
    QTest::newRow("wide fan") << Edges{ { 4, 3 }, { 6, 3 }, { 7, 3 }, { 8, 3 }, { 9, 3 }, { 5, 4 } }
                              << TaskId(3) << TaskId(5) << QList<TaskId>{ 3, 5, 4, 3 };
}

void TestTaskGraph::cycleIsRefused()
{
    QFETCH(Edges, edges);
    QFETCH(TaskId, task);
    QFETCH(TaskId, dependsOn);
    QFETCH(QList<TaskId>, cycle);

    TaskGraph graph = graphWith({ 1, 2, 3, 4, 5, 6, 7, 8, 9 }, edges);
    const qsizetype edgesBefore = graph.edgeCount();
    QCOMPARE(graph.cyclePath(task, dependsOn), cycle);
    const TaskError error = graph.addDependency(task, dependsOn);
    QCOMPARE(error.code(), TaskError::Code::InvalidInput);
    QCOMPARE(error.message(), chainText(cycle));
    QCOMPARE(graph.edgeCount(), edgesBefore);
    QVERIFY(!graph.dependencies(task).contains(dependsOn));
    // The reverse edge already exists or is harmless; the graph still works.
    QVERIFY(graph.cyclePath(1, 2).isEmpty());
}

void TestTaskGraph::longCycleMessageKeepsBothEnds()
{
    TaskGraph graph;
    for (TaskId id = 1; id <= 20; ++id)
        graph.addTask(id);
    for (TaskId id = 1; id < 20; ++id)
        QVERIFY(!graph.addDependency(id + 1, id).isError());
    const TaskError error = graph.addDependency(1, 20);
    QCOMPARE(graph.cyclePath(1, 20).size(), 21);
    // 1, 20, 19, ..., 2, 1 is 21 ids: the first six and the last five, with an ellipsis between.
    const QStringList shown = { u"1"_s, u"20"_s, u"19"_s, u"18"_s, u"17"_s, u"16"_s, u"\u2026"_s,
                                u"5"_s, u"4"_s, u"3"_s, u"2"_s, u"1"_s };
    QCOMPARE(error.message(), u"would create a cycle: "_s + shown.join(Arrow));
    QCOMPARE(error.detail(), u"20 tasks in the cycle"_s);
}

void TestTaskGraph::readiness()
{
    const TaskGraph graph = graphWith({ 1, 2, 3, 4 }, { { 3, 1 }, { 3, 2 }, { 4, 1 } });
    States states{ { 1, TaskState::Succeeded }, { 2, TaskState::Running } };
    QVERIFY(graph.isReady(1, lookup(states)));  // no dependencies
    QVERIFY(!graph.isReady(3, lookup(states)));
    QVERIFY(graph.isReady(4, lookup(states)));
    QVERIFY(!graph.isReady(99, lookup(states)));
    QCOMPARE(graph.readyDependents(1, lookup(states)), (QList<TaskId>{ 4 }));
    QCOMPARE(graph.failedDependency(3, lookup(states)), TaskId(0));

    states[2] = TaskState::Succeeded;
    QVERIFY(graph.isReady(3, lookup(states)));
    QCOMPARE(graph.readyDependents(2, lookup(states)), (QList<TaskId>{ 3 }));
    QCOMPARE(graph.readyDependents(1, lookup(states)), (QList<TaskId>{ 3, 4 }));

    for (TaskState dead : { TaskState::Failed, TaskState::Cancelled }) {
        states[2] = dead;
        QCOMPARE(graph.failedDependency(3, lookup(states)), TaskId(2));
        QVERIFY(!graph.isReady(3, lookup(states)));
    }
}

void TestTaskGraph::groupDependency()
{
    TaskGraph graph = graphWith({ 1, 2, 3, 10 }, { { 10, 2 } });
    QVERIFY(!graph.addGroupDependency(10, { 1, 2, 3, 1 }).isError());
    QCOMPARE(graph.dependencies(10), (QList<TaskId>{ 2, 1, 3 }));
    QCOMPARE(graph.edgeCount(), 3);

    States states{ { 1, TaskState::Succeeded }, { 2, TaskState::Succeeded } };
    QVERIFY(!graph.isReady(10, lookup(states)));
    states[3] = TaskState::Succeeded;
    QVERIFY(graph.isReady(10, lookup(states)));
    QVERIFY(!graph.addGroupDependency(10, {}).isError());
}

void TestTaskGraph::groupDependencyIsAtomic_data()
{
    QTest::addColumn<QList<TaskId>>("members");
    QTest::addColumn<QString>("message");

    QTest::newRow("cycle at the end") << QList<TaskId>{ 1, 2, 4 }
                                      << chainText({ 10, 4, 10 });
    QTest::newRow("cycle through a chain") << QList<TaskId>{ 1, 5, 2 }
                                           << chainText({ 10, 5, 4, 10 });
    QTest::newRow("self") << QList<TaskId>{ 1, 10 } << chainText({ 10, 10 });
    QTest::newRow("unknown") << QList<TaskId>{ 1, 2, 77 } << u"unknown task 77"_s;
}

void TestTaskGraph::groupDependencyIsAtomic()
{
    QFETCH(QList<TaskId>, members);
    QFETCH(QString, message);

    // 4 depends on 10, 5 on 4: making 10 wait for 4 or 5 closes a cycle.
    TaskGraph graph = graphWith({ 1, 2, 4, 5, 10 }, { { 4, 10 }, { 5, 4 } });
    const TaskError error = graph.addGroupDependency(10, members);
    QCOMPARE(error.code(), TaskError::Code::InvalidInput);
    QCOMPARE(error.message(), message);
    QCOMPARE(graph.dependencies(10), QList<TaskId>());
    QCOMPARE(graph.dependents(1), QList<TaskId>());
    QCOMPARE(graph.dependents(2), QList<TaskId>());
    QCOMPARE(graph.edgeCount(), 2);
}

void TestTaskGraph::blockedByIsTransitiveAndOnce()
{
    // A diamond under 1 and a tail: 2,3 -> 1; 4 -> 2,3; 5 -> 4; 6 is unrelated.
    const TaskGraph graph =
        graphWith({ 1, 2, 3, 4, 5, 6 }, { { 2, 1 }, { 3, 1 }, { 4, 2 }, { 4, 3 }, { 5, 4 }, { 6, 5 } });
    QCOMPARE(graph.blockedBy(1), (QList<TaskId>{ 2, 3, 4, 5, 6 }));
    QCOMPARE(graph.blockedBy(3), (QList<TaskId>{ 4, 5, 6 }));
    QCOMPARE(graph.blockedBy(6), QList<TaskId>());
    QCOMPARE(graph.blockedBy(42), QList<TaskId>());
}

void TestTaskGraph::blockedByRespectsStates()
{
    // 2 -> 1, 3 -> 2, 4 -> 1, 5 -> 4, 6 -> 1, 7 -> 1, 8 -> 7
    const TaskGraph graph = graphWith({ 1, 2, 3, 4, 5, 6, 7, 8 },
                                      { { 2, 1 }, { 3, 2 }, { 4, 1 }, { 5, 4 }, { 6, 1 }, { 7, 1 }, { 8, 7 } });
    const States states{
        { 1, TaskState::Failed },
        { 2, TaskState::Paused },    // stays paused, but what waits on it is blocked
        { 3, TaskState::Waiting },
        { 4, TaskState::Succeeded }, // done before the edge mattered: its dependents are satisfied
        { 5, TaskState::Queued },
        { 6, TaskState::Cancelled }, // already over
        { 7, TaskState::Waiting },
        { 8, TaskState::Queued },
    };
    QCOMPARE(graph.blockedBy(1, lookup(states)), (QList<TaskId>{ 7, 3, 8 }));
}

void TestTaskGraph::recordAndRequeue()
{
    TaskGraph graph = graphWith({ 1, 2, 3, 4, 9 }, { { 2, 1 }, { 3, 2 }, { 4, 9 } });
    QCOMPARE(graph.recordFailure(1), (QList<TaskId>{ 2, 3 }));
    QCOMPARE(graph.blockingRoot(2), TaskId(1));
    QCOMPARE(graph.blockingRoot(3), TaskId(1));
    QCOMPARE(graph.blockingRoot(4), TaskId(0));
    QCOMPARE(graph.recordFailure(9), (QList<TaskId>{ 4 }));

    QCOMPARE(graph.toRequeueAfterRetry(1), (QList<TaskId>{ 2, 3 }));
    QCOMPARE(graph.blockingRoot(2), TaskId(0));
    QCOMPARE(graph.toRequeueAfterRetry(1), QList<TaskId>());  // consumed
    QCOMPARE(graph.toRequeueAfterRetry(9), (QList<TaskId>{ 4 }));
    QCOMPARE(graph.toRequeueAfterRetry(2), QList<TaskId>());   // never a root
}

void TestTaskGraph::newerRootTakesOver()
{
    // 3 waits for 1 and 2. 1 fails, 3 is blocked by 1. The user retries 3 alone, then 2 fails.
    TaskGraph graph = graphWith({ 1, 2, 3 }, { { 3, 1 }, { 3, 2 } });
    QCOMPARE(graph.recordFailure(1), (QList<TaskId>{ 3 }));
    QCOMPARE(graph.recordFailure(2), (QList<TaskId>{ 3 }));
    QCOMPARE(graph.blockingRoot(3), TaskId(2));
    QCOMPARE(graph.toRequeueAfterRetry(1), QList<TaskId>());
    QCOMPARE(graph.toRequeueAfterRetry(2), (QList<TaskId>{ 3 }));

    // With states, an already failed task is not taken over: its record stays with the first root.
    QCOMPARE(graph.recordFailure(1), (QList<TaskId>{ 3 }));
    const States states{ { 1, TaskState::Failed }, { 2, TaskState::Failed }, { 3, TaskState::Failed } };
    QCOMPARE(graph.recordFailure(2, lookup(states)), QList<TaskId>());
    QCOMPARE(graph.blockingRoot(3), TaskId(1));
}

void TestTaskGraph::clearBlockedForgets()
{
    TaskGraph graph = graphWith({ 1, 2, 3 }, { { 2, 1 }, { 3, 1 } });
    graph.recordFailure(1);
    graph.clearBlocked(2);
    QCOMPARE(graph.blockingRoot(2), TaskId(0));
    QCOMPARE(graph.toRequeueAfterRetry(1), (QList<TaskId>{ 3 }));
    graph.clearBlocked(3);  // nothing recorded any more: harmless
}

void TestTaskGraph::blockedError()
{
    const TaskError root(TaskError::Code::HttpStatus, u"The server answered 404 Not Found"_s,
                         u"HTTP/1.1 404 Not Found"_s);
    const TaskError error = TaskGraph::blockedError(u"linux.iso"_s, root);
    QCOMPARE(error.code(), TaskError::Code::Blocked);
    QCOMPARE(error.message(), u"blocked by linux.iso: The server answered 404 Not Found"_s);
    QCOMPARE(error.detail(), u"HTTP/1.1 404 Not Found"_s);
}

void TestTaskGraph::removeTaskRemovesEdges()
{
    TaskGraph graph = graphWith({ 1, 2, 3, 4 }, { { 2, 1 }, { 3, 2 }, { 4, 2 }, { 4, 1 } });
    graph.recordFailure(2);
    QCOMPARE(graph.removeTask(2), (QList<TaskId>{ 3, 4 }));
    QVERIFY(!graph.contains(2));
    QCOMPARE(graph.edgeCount(), 1);
    QCOMPARE(graph.dependents(1), (QList<TaskId>{ 4 }));
    QCOMPARE(graph.dependencies(3), QList<TaskId>());
    QCOMPARE(graph.dependencies(4), (QList<TaskId>{ 1 }));
    QCOMPARE(graph.blockingRoot(3), TaskId(0));
    QCOMPARE(graph.toRequeueAfterRetry(2), QList<TaskId>());
    QCOMPARE(graph.removeTask(2), QList<TaskId>());

    // A removed blocked task leaves no record behind for its root.
    graph.recordFailure(1);
    graph.removeTask(4);
    QCOMPARE(graph.toRequeueAfterRetry(1), QList<TaskId>());
    // The id can come back, with no edges.
    QVERIFY(graph.addTask(2));
    QCOMPARE(graph.dependencies(2), QList<TaskId>());
    QCOMPARE(graph.edgeCount(), 0);
}

void TestTaskGraph::removeDependency()
{
    TaskGraph graph = graphWith({ 1, 2 }, { { 2, 1 } });
    QVERIFY(graph.removeDependency(2, 1));
    QVERIFY(!graph.removeDependency(2, 1));
    QVERIFY(!graph.removeDependency(2, 99));
    QCOMPARE(graph.edgeCount(), 0);
    QCOMPARE(graph.dependents(1), QList<TaskId>());
    QVERIFY(!graph.addDependency(1, 2).isError());  // the old direction no longer blocks this
}

void TestTaskGraph::agreesWithBruteForce_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : { 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u })
        QTest::addRow("seed %u", seed) << seed;
}

void TestTaskGraph::agreesWithBruteForce()
{
    // Random edits on a small graph, each checked against a plain search over a copy of the
    // edges: the graph's shortcuts (its topological order) must never miss or invent a cycle.
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    constexpr TaskId Tasks = 40;
    TaskGraph graph;
    QHash<TaskId, QSet<TaskId>> model;  // task -> what it depends on
    for (TaskId id = 1; id <= Tasks; ++id) {
        graph.addTask(id);
        model.insert(id, {});
    }
    const auto reaches = [&model](TaskId from, TaskId to) {
        QList<TaskId> stack{ from };
        QSet<TaskId> seen{ from };
        while (!stack.isEmpty()) {
            const TaskId node = stack.takeLast();
            if (node == to)
                return true;
            for (TaskId next : model.value(node)) {
                if (!seen.contains(next)) {
                    seen.insert(next);
                    stack.append(next);
                }
            }
        }
        return false;
    };

    for (int round = 0; round < 2000; ++round) {
        const TaskId task = random.bounded(1, int(Tasks) + 1);
        const TaskId dependsOn = random.bounded(1, int(Tasks) + 1);
        const int action = random.bounded(40);
        if (action < 8) {
            QCOMPARE(graph.removeDependency(task, dependsOn), model[task].remove(dependsOn));
            continue;
        }
        if (action == 8) {  // the task goes, and comes back as a new one with the same id
            graph.removeTask(task);
            model.insert(task, {});
            for (QSet<TaskId> &deps : model)
                deps.remove(task);
            QVERIFY(graph.addTask(task));
            continue;
        }
        const bool cycle = reaches(dependsOn, task);
        const QList<TaskId> path = graph.cyclePath(task, dependsOn);
        QCOMPARE(!path.isEmpty(), cycle);
        if (cycle) {
            // The reported path is a real one: task, dependsOn, then dependencies back to task.
            QCOMPARE(path.first(), task);
            QCOMPARE(path.at(1), dependsOn);
            QCOMPARE(path.last(), task);
            for (qsizetype i = 1; i + 1 < path.size(); ++i)
                QVERIFY(model.value(path.at(i)).contains(path.at(i + 1)));
        }
        QCOMPARE(graph.addDependency(task, dependsOn).isError(), cycle);
        if (!cycle)
            model[task].insert(dependsOn);
    }
    qsizetype edges = 0;
    for (TaskId id = 1; id <= Tasks; ++id) {
        edges += model.value(id).size();
        const QList<TaskId> deps = graph.dependencies(id);
        QCOMPARE(QSet<TaskId>(deps.cbegin(), deps.cend()), model.value(id));
    }
    QCOMPARE(graph.edgeCount(), edges);
    QVERIFY(edges > 50);  // the run built something worth checking
}

void TestTaskGraph::longChainNeedsNoRecursion_data()
{
    QTest::addColumn<bool>("fromTheEnd");
    QTest::addColumn<bool>("olderWaitsForNewer");
    QTest::newRow("each task waits for the one before") << false << false;
    QTest::newRow("same, built from the end") << true << false;
    QTest::newRow("each task waits for the one after") << false << true;
    QTest::newRow("same, built from the end ") << true << true;
}

void TestTaskGraph::longChainNeedsNoRecursion()
{
    QFETCH(bool, fromTheEnd);
    QFETCH(bool, olderWaitsForNewer);
    constexpr TaskId N = 10000;
    // Tasks are added in one order and named so that the chain always reads N -> N-1 -> ... -> 1
    // ("->" = depends on): in the "one after" rows task k is the (N+1-k)th added, so each older
    // task waits for a newer one, the case that makes the graph reorder.
    TaskGraph graph;
    for (TaskId i = 1; i <= N; ++i)
        QVERIFY(graph.addTask(olderWaitsForNewer ? N + 1 - i : i));
    for (TaskId i = 1; i < N; ++i) {
        const TaskId id = fromTheEnd ? N - i : i;
        const TaskError error = graph.addDependency(id + 1, id);
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
    }
    QCOMPARE(graph.edgeCount(), qsizetype(N - 1));

    const QList<TaskId> cycle = graph.cyclePath(1, N);
    QCOMPARE(cycle.size(), qsizetype(N + 1));
    QCOMPARE(cycle.first(), TaskId(1));
    QCOMPARE(cycle.at(1), N);
    QCOMPARE(cycle.last(), TaskId(1));
    QVERIFY(graph.addDependency(1, N).isError());
    QVERIFY(graph.addDependency(1, N / 2).isError());
    QVERIFY(!graph.addDependency(N, 1).isError());  // already implied: no cycle

    // Nearest first: 2 and, through the shortcut just added, N; then the rest of the chain.
    const QList<TaskId> blocked = graph.recordFailure(1);
    QCOMPARE(blocked.size(), qsizetype(N - 1));
    QCOMPARE(blocked.at(0), TaskId(2));
    QCOMPARE(blocked.at(1), N);
    QCOMPARE(blocked.at(2), TaskId(3));
    QCOMPARE(blocked.last(), N - 1);
    QCOMPARE(graph.toRequeueAfterRetry(1).size(), qsizetype(N - 1));
}

void TestTaskGraph::tenThousandTasksTwentyThousandEdges()
{
    // Each task waits for the one before and for a scattered earlier one (a DAG by construction);
    // closing a cycle from the first task to the last must be found through all of it.
    constexpr TaskId N = 10000;
    TaskGraph graph;
    for (TaskId id = 1; id <= N; ++id)
        graph.addTask(id);
    for (TaskId id = 2; id <= N; ++id) {
        QVERIFY(!graph.addDependency(id, id - 1).isError());
        if (id >= 3)
            QVERIFY(!graph.addDependency(id, (id * 7919) % (id - 2) + 1).isError());
    }
    QCOMPARE(graph.edgeCount(), qsizetype(2 * N - 3));
    QVERIFY(graph.addDependency(1, N).isError());
    QCOMPARE(graph.blockedBy(1).size(), qsizetype(N - 1));

    States states;
    for (TaskId id = 1; id < N; ++id)
        states.insert(id, TaskState::Succeeded);
    QVERIFY(graph.isReady(N, lookup(states)));
}

QTEST_GUILESS_MAIN(TestTaskGraph)
#include "tst_taskgraph.moc"
