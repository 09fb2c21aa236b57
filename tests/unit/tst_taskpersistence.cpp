#include "engine/taskpersistence.h"
#include "store/taskstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Ferry;
using namespace Qt::StringLiterals;

// When the engine's tasks reach the store: at once for additions, removals and dependency changes;
// together in one checkpoint for progress; sooner after a finish. A second TaskStore on the same
// file reads what a restart would see.
class TestTaskPersistence : public QObject
{
    Q_OBJECT

private:
    std::map<TaskId, TaskRecord> m_tasks;
    QTemporaryDir m_dir;
    QString m_path;

    TaskPersistence::Lookup lookup()
    {
        return [this](TaskId id) -> const TaskRecord * {
            const auto it = m_tasks.find(id);
            return it == m_tasks.end() ? nullptr : &it->second;
        };
    }

    void addTask(TaskId id, const QString &title)
    {
        TaskRecord t;
        t.id = id;
        t.m_spec.kind = TaskKind::Noop;
        t.title = title;
        m_tasks[id] = t;
    }

    // What a restart would load: id -> row.
    std::map<TaskId, StoredTask> stored()
    {
        TaskStore reader;
        if (reader.open(m_path).isError())
            return {};
        std::map<TaskId, StoredTask> rows;
        for (const StoredTask &row : reader.loadAll())
            rows[row.id] = row;
        return rows;
    }

private Q_SLOTS:
    void init()
    {
        m_tasks.clear();
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s);
    }

    void insertWritesAtOnce()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        QVERIFY(persistence.isOpen());
        addTask(1, u"one"_s);
        addTask(2, u"two"_s);
        persistence.insert({ 1, 2 });
        const auto rows = stored();
        QCOMPARE(rows.size(), 2u);
        QCOMPARE(rows.at(2).title, u"two"_s);
        QCOMPARE(persistence.checkpointDueInMs(), -1);  // nothing waits for a checkpoint
    }

    void progressWaitsForOneCheckpoint()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        addTask(1, u"one"_s);
        addTask(2, u"two"_s);
        persistence.insert({ 1, 2 });

        m_tasks[1].done = 10;
        persistence.markDirty(1);
        m_tasks[2].done = 20;
        persistence.markDirty(2);
        QVERIFY(persistence.checkpointDueInMs() >= 0);
        QCOMPARE(stored().at(1).bytesDone, 0);  // not yet: only the timer writes it

        // The timer writes both in one checkpoint.
        QTRY_COMPARE_WITH_TIMEOUT(stored().at(2).bytesDone, 20, 10'000);
        QCOMPARE(stored().at(1).bytesDone, 10);
        QCOMPARE(persistence.checkpointDueInMs(), -1);
    }

    void finishBringsTheCheckpointForward()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        addTask(1, u"one"_s);
        persistence.insert({ 1 });
        persistence.commitSoon();
        QCOMPARE(persistence.checkpointDueInMs(), -1);  // nothing dirty: nothing to bring forward

        m_tasks[1].status = TaskStatus::of(TaskState::Succeeded);
        persistence.markDirty(1);
        persistence.commitSoon();
        // Pending, and brought forward (a coarse timer may round the delay up by a few per cent).
        QVERIFY(persistence.checkpointDueInMs() >= 0);
        QVERIFY2(persistence.checkpointDueInMs() < TaskPersistence::CheckpointIntervalMs / 2,
                 qPrintable(QString::number(persistence.checkpointDueInMs())));
        QTRY_COMPARE(stored().at(1).state, int(TaskState::Succeeded));
    }

    void removeForgetsThePendingCheckpoint()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        QSignalSpy errors(&persistence, &TaskPersistence::storeError);
        addTask(1, u"one"_s);
        addTask(2, u"two"_s);
        persistence.insert({ 1, 2 });
        m_tasks[1].done = 5;
        m_tasks[2].done = 6;
        persistence.markDirty(1);
        persistence.markDirty(2);
        persistence.remove({ 1 });
        m_tasks.erase(1);
        // A checkpoint naming a removed row would roll back the whole batch.
        persistence.checkpoint();
        QCOMPARE(errors.size(), 0);
        const auto rows = stored();
        QCOMPARE(rows.size(), 1u);
        QCOMPARE(rows.at(2).bytesDone, 6);
    }

    void goneTasksAreSkipped()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        QSignalSpy errors(&persistence, &TaskPersistence::storeError);
        addTask(1, u"one"_s);
        persistence.insert({ 1 });
        persistence.markDirty(1);
        persistence.markDirty(9);  // no such task any more
        persistence.checkpoint();
        QCOMPARE(errors.size(), 0);
    }

    void updateWritesDependencies()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        addTask(1, u"one"_s);
        addTask(2, u"two"_s);
        persistence.insert({ 1, 2 });
        m_tasks[2].m_spec.dependsOn.append(TaskSpec::Ref::task(1));
        persistence.markDirty(2);
        persistence.checkpoint();
        QVERIFY(stored().at(2).dependsOn.isEmpty());  // a checkpoint leaves dependencies alone
        persistence.update(2);
        QCOMPARE(stored().at(2).dependsOn, QList<quint64>{ 1 });
    }

    void writeFailureIsReported()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.open(m_path).isError());
        QSignalSpy errors(&persistence, &TaskPersistence::storeError);
        addTask(1, u"one"_s);
        persistence.insert({ 1 });
        persistence.insert({ 1 });  // the id is taken
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.at(0).at(0).value<TaskError>().isError());
    }

    void withoutAStoreNothingIsScheduled()
    {
        TaskPersistence persistence(lookup());
        QVERIFY(!persistence.isOpen());
        QSignalSpy errors(&persistence, &TaskPersistence::storeError);
        addTask(1, u"one"_s);
        persistence.insert({ 1 });
        persistence.markDirty(1);
        persistence.commitSoon();
        QCOMPARE(persistence.checkpointDueInMs(), -1);
        persistence.checkpoint();
        persistence.remove({ 1 });
        const std::optional<QList<StoredTask>> rows = persistence.loadAll();
        QVERIFY(rows && rows->isEmpty());
        QCOMPARE(errors.size(), 0);
    }

    void loadAllReadsWhatWasWritten()
    {
        {
            TaskPersistence persistence(lookup());
            QVERIFY(!persistence.open(m_path).isError());
            addTask(3, u"three"_s);
            persistence.insert({ 3 });
        }
        TaskPersistence again(lookup());
        QVERIFY(!again.open(m_path).isError());
        QVERIFY(!again.recovery().isError());
        const std::optional<QList<StoredTask>> rows = again.loadAll();
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->first().title, u"three"_s);
    }
};

QTEST_GUILESS_MAIN(TestTaskPersistence)
#include "tst_taskpersistence.moc"
