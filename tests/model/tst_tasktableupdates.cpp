// How TaskTableModel applies live batches: every changed cell is announced (and only within the
// runs and columns that changed), the running totals equal a full recount after any batches, and
// a batch applied in slices ends in the same table, in order, with newer states winning.
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr TaskState allStates[] = {TaskState::Queued,    TaskState::Waiting, TaskState::Running, TaskState::Paused,
                                   TaskState::Succeeded, TaskState::Failed,  TaskState::Cancelled};

TaskSnapshot download(TaskId id, TaskState state = TaskState::Queued)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.url = QUrl(u"https://example.org/files/file%1.iso"_s.arg(id));
    s.status = state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Slot) : TaskStatus::of(state);
    return s;
}

// A random change of one or a few fields, as the engine's batches bring them.
TaskSnapshot mutated(TaskSnapshot s, QRandomGenerator &random)
{
    const auto pick = [&random](int n) { return int(random.bounded(n)); };
    const int changes = 1 + pick(3);
    for (int i = 0; i < changes; ++i) {
        switch (pick(14)) {
        case 0: {
            const TaskState state = allStates[pick(int(std::size(allStates)))];
            s.status = state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Slot, u"slot"_s) : TaskStatus::of(state);
            break;
        }
        case 1: s.done = s.total > 0 && pick(3) == 0 ? s.total + 1 + pick(100) : s.done + pick(5000); break;
        case 2: s.total = pick(3) == 0 ? -1 : 1000 + pick(100000); break;
        case 3: s.speed = pick(4) == 0 ? 0.0 : double(pick(1 << 20)); break;
        case 4: s.etaSeconds = pick(5) - 1; break;
        case 5: s.progressText = pick(2) ? QString() : u"%1 entries"_s.arg(pick(100)); break;
        case 6: s.fileName = pick(2) ? QString() : u"name%1.%2"_s.arg(pick(10)).arg(pick(2) ? u"mkv"_s : u"zip"_s); break;
        case 7: s.outputPath = pick(2) ? QString() : u"/tmp/out/file%1.jpg"_s.arg(pick(10)); break;
        case 8: s.error = pick(2) ? TaskError() : TaskError(TaskError::Code::Network, u"lost"_s, u"reset %1"_s.arg(pick(9))); break;
        case 9: s.finished = pick(2) ? QDateTime() : QDateTime(QDate(2026, 3, 1 + pick(20)), QTime(10, 0)); break;
        case 10: s.title = pick(2) ? QString() : u"Title %1"_s.arg(pick(10)); break;
        case 11:
            s.kind = pick(3) == 0 ? TaskKind::Extract : TaskKind::Download;
            s.unit = s.kind == TaskKind::Download ? TaskSnapshot::Unit::Bytes : TaskSnapshot::Unit::PerMille;
            break;
        case 12: s.url = QUrl(u"https://host%1.example.net/f%2.pdf"_s.arg(pick(3)).arg(pick(5))); break;
        case 13: s.added = QDateTime(QDate(2026, 2, 1 + pick(20)), QTime(9, pick(60))); break;
        }
    }
    return s;
}

// Every value a view, delegate or proxy reads from a cell.
QVariantList cellValues(const QModelIndex &index)
{
    QVariantList values;
    for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::TextAlignmentRole),
                     int(TaskTableModel::RawValueRole), int(TaskTableModel::StateRole),
                     int(TaskTableModel::CategoryRole), int(TaskTableModel::SearchTextRole),
                     int(TaskTableModel::FileCategoryRole)})
        values.append(index.data(role));
    return values;  // the icon follows the name's suffix, part of the display role
}

} // namespace

class TestTaskTableUpdates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyChangedCellIsAnnounced();
    void totalsEqualARecount();
    void largeBatchAppliesInSlicesInOrder();
    void removalDropsWaitingSnapshots();
    void firstBatchOfAnEmptyModelAppliesWhole();

private:
    struct Totals
    {
        int counts[4] = {0, 0, 0, 0};
        qint64 speed = 0;
        int downloads = 0;
        qint64 done = 0;
        qint64 total = 0;
        QHash<QString, int> fileCategories;
    };
    static Totals recount(const TaskTableModel &model);
    static Totals kept(const TaskTableModel &model);

    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QSortFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void TestTaskTableUpdates::init()
{
    m_model = std::make_unique<TaskTableModel>();
    m_proxy = std::make_unique<QSortFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setSortRole(TaskTableModel::RawValueRole);
    m_proxy->setDynamicSortFilter(true);
    m_proxy->sort(TaskTableModel::Done, Qt::DescendingOrder);  // rows move as they progress
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestTaskTableUpdates::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
}

TestTaskTableUpdates::Totals TestTaskTableUpdates::recount(const TaskTableModel &model)
{
    Totals t;
    for (int row = 0; row < model.rowCount(); ++row) {
        const TaskSnapshot &s = model.snapshotAt(row);
        ++t.counts[int(categoryOf(s.status.state))];
        if (s.kind == TaskKind::Download && s.status.state == TaskState::Running)
            t.speed += std::llround(std::max(0.0, s.speed));
        if (s.kind == TaskKind::Download && !s.isFinished()) {
            ++t.downloads;
            if (s.total > 0) {
                t.done += std::min(s.done, s.total);
                t.total += s.total;
            }
        }
        if (const QString category = model.index(row, 0).data(TaskTableModel::FileCategoryRole).toString(); !category.isEmpty())
            ++t.fileCategories[category];
    }
    return t;
}

TestTaskTableUpdates::Totals TestTaskTableUpdates::kept(const TaskTableModel &model)
{
    Totals t;
    for (TaskCategory c : {TaskCategory::Active, TaskCategory::Queued, TaskCategory::Finished, TaskCategory::Failed})
        t.counts[int(c)] = model.count(c);
    t.speed = model.totalSpeed();
    t.downloads = model.unfinishedDownloads();
    t.done = model.unfinishedBytesDone();
    t.total = model.unfinishedBytesTotal();
    for (const QString &category : model.categoryRules().categories()) {
        if (const int n = model.fileCategoryCount(category); n > 0)
            t.fileCategories.insert(category, n);
    }
    return t;
}

void TestTaskTableUpdates::everyChangedCellIsAnnounced()
{
    QRandomGenerator random(20261128);
    QList<TaskSnapshot> tasks;
    for (TaskId id = 1; id <= 40; ++id)
        tasks.append(download(id));
    m_model->applySnapshots(tasks);

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    for (int round = 0; round < 60; ++round) {
        QList<QVariantList> before;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
                before.append(cellValues(m_model->index(row, column)));
        }
        // Often a run of neighbours (downloads side by side), sometimes scattered rows.
        QList<TaskSnapshot> batch;
        const int first = int(random.bounded(40));
        const int count = 1 + int(random.bounded(8));
        for (int i = 0; i < count; ++i) {
            const int row = random.bounded(3) == 0 ? int(random.bounded(40)) : std::min(39, first + i);
            tasks[row] = mutated(tasks.at(row), random);
            batch.append(tasks.at(row));
        }
        changed.clear();
        m_model->applySnapshots(batch);

        const auto announced = [&changed](int row, int column) {
            return std::any_of(changed.cbegin(), changed.cend(), [row, column](const QList<QVariant> &signal) {
                const auto topLeft = signal.at(0).value<QModelIndex>();
                const auto bottomRight = signal.at(1).value<QModelIndex>();
                return row >= topLeft.row() && row <= bottomRight.row() && column >= topLeft.column()
                    && column <= bottomRight.column();
            });
        };
        for (int row = 0; row < m_model->rowCount(); ++row) {
            QCOMPARE(m_model->snapshotAt(row).id, tasks.at(row).id);
            for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
                const QVariantList after = cellValues(m_model->index(row, column));
                if (after != before.at(row * TaskTableModel::ColumnCount + column) && !announced(row, column))
                    QFAIL(qPrintable(u"round %1: row %2, column %3 changed unannounced"_s.arg(round).arg(row).arg(column)));
            }
        }
        // Announcements stay within the rows of the batch.
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            for (int row = signal.at(0).value<QModelIndex>().row(); row <= signal.at(1).value<QModelIndex>().row(); ++row)
                QVERIFY(std::any_of(batch.cbegin(), batch.cend(), [&](const TaskSnapshot &s) { return s.id == tasks.at(row).id; }));
        }
    }
}

void TestTaskTableUpdates::totalsEqualARecount()
{
    QRandomGenerator random(7);
    QList<TaskSnapshot> tasks;
    for (TaskId id = 1; id <= 60; ++id)
        tasks.append(download(id, allStates[random.bounded(int(std::size(allStates)))]));
    m_model->applySnapshots(tasks);
    TaskId nextId = 61;
    for (int round = 0; round < 80; ++round) {
        QList<TaskSnapshot> batch;
        for (int i = 0, n = 1 + int(random.bounded(12)); i < n && !tasks.isEmpty(); ++i) {
            const qsizetype row = random.bounded(int(tasks.size()));
            tasks[row] = mutated(tasks.at(row), random);
            batch.append(tasks.at(row));
        }
        if (random.bounded(4) == 0) {
            tasks.append(mutated(download(nextId++), random));
            batch.append(tasks.last());
        }
        m_model->applySnapshots(batch);
        if (random.bounded(6) == 0 && tasks.size() > 1) {
            const qsizetype row = random.bounded(int(tasks.size()));
            m_model->removeTasks({tasks.at(row).id});
            tasks.remove(row);
        }
        const Totals expected = recount(*m_model);
        const Totals actual = kept(*m_model);
        for (int c = 0; c < 4; ++c)
            QCOMPARE(actual.counts[c], expected.counts[c]);
        QCOMPARE(actual.speed, expected.speed);
        QCOMPARE(actual.downloads, expected.downloads);
        QCOMPARE(actual.done, expected.done);
        QCOMPARE(actual.total, expected.total);
        QCOMPARE(actual.fileCategories, expected.fileCategories);
    }
    QCOMPARE(m_model->rowCount(), int(tasks.size()));
}

void TestTaskTableUpdates::largeBatchAppliesInSlicesInOrder()
{
    m_model->applySnapshots({download(1), download(2)});
    m_model->setSliceBudget(std::chrono::nanoseconds(0));  // one slice per turn of the event loop
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);

    QList<TaskSnapshot> batch{download(2, TaskState::Running)};
    for (TaskId id = 100; id < 200; ++id)
        batch.append(download(id));
    m_model->applySnapshots(batch);
    // One slice now, the rest on later turns.
    QCOMPARE(m_model->rowCount(), 2 + TaskTableModel::RowsPerSlice - 1);
    QCOMPARE(m_model->snapshotAt(1).status.state, TaskState::Running);
    QVERIFY(m_model->hasPendingSnapshots());
    QCOMPARE(m_model->rowOf(199), -1);
    QVERIFY(m_model->latest(199));  // waiting, but known
    QVERIFY(!m_model->latest(500));

    // A newer state of a waiting task replaces it in place; of an applied one, queues behind.
    m_model->applySnapshots({download(150, TaskState::Paused), download(100, TaskState::Running), download(300)});
    QCOMPARE(m_model->latest(150)->status.state, TaskState::Paused);
    QCOMPARE(m_model->latest(100)->status.state, TaskState::Running);
    QTRY_VERIFY(!m_model->hasPendingSnapshots());

    QList<TaskId> expected{1, 2};
    for (TaskId id = 100; id < 200; ++id)
        expected.append(id);
    expected.append(300);
    QList<TaskId> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.append(m_model->snapshotAt(row).id);
    QCOMPARE(ids, expected);
    QCOMPARE(m_model->snapshotAt(m_model->rowOf(150)).status.state, TaskState::Paused);
    QCOMPARE(m_model->snapshotAt(m_model->rowOf(100)).status.state, TaskState::Running);
    QVERIFY(inserted.count() > 2);
    QCOMPARE(totals.count(), inserted.count());  // one per slice
    QCOMPARE(m_model->count(TaskCategory::Active), 2);
    QCOMPARE(m_model->count(TaskCategory::Queued), 101);  // 1, 101-199 (150 paused), 300
}

void TestTaskTableUpdates::removalDropsWaitingSnapshots()
{
    m_model->applySnapshots({download(1)});
    m_model->setSliceBudget(std::chrono::nanoseconds(0));
    QList<TaskSnapshot> batch;
    for (TaskId id = 10; id < 60; ++id)
        batch.append(download(id));
    m_model->applySnapshots(batch);
    QVERIFY(m_model->hasPendingSnapshots());
    m_model->removeTasks({1, 12, 55});  // a row, an applied one, a waiting one
    QTRY_VERIFY(!m_model->hasPendingSnapshots());
    QCOMPARE(m_model->rowCount(), 48);
    QCOMPARE(m_model->rowOf(1), -1);
    QCOMPARE(m_model->rowOf(12), -1);
    QCOMPARE(m_model->rowOf(55), -1);
    QCOMPARE(m_model->count(TaskCategory::Queued), 48);
}

void TestTaskTableUpdates::firstBatchOfAnEmptyModelAppliesWhole()
{
    m_model->setSliceBudget(std::chrono::nanoseconds(0));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QList<TaskSnapshot> batch;
    for (TaskId id = 1; id <= 500; ++id)
        batch.append(download(id, TaskState::Succeeded));
    m_model->applySnapshots(batch);
    QCOMPARE(m_model->rowCount(), 500);
    QCOMPARE(inserted.count(), 1);
    QVERIFY(!m_model->hasPendingSnapshots());
}

QTEST_MAIN(TestTaskTableUpdates)
#include "tst_tasktableupdates.moc"
