#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QPixmap>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <limits>
#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskStatus statusOf(TaskState state)
{
    return state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Slot) : TaskStatus::of(state);
}

TaskSnapshot snapshot(TaskId id, TaskState state = TaskState::Queued, qint64 done = 0, qint64 total = -1,
                      double speed = 0)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.url = QUrl(u"https://example.org/files/file%1.iso"_s.arg(id));
    s.title = u"file%1.iso"_s.arg(id);
    s.status = statusOf(state);
    s.done = done;
    s.total = total;
    s.speed = speed;
    return s;
}

TaskSnapshot step(TaskId id, TaskKind kind, TaskState state, qint64 perMille)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = kind;
    s.title = TaskTableModel::kindText(kind);
    s.status = statusOf(state);
    s.unit = TaskSnapshot::Unit::PerMille;
    s.done = perMille;
    s.total = 1000;
    return s;
}

QList<TaskSnapshot> queued(TaskId first, TaskId last)
{
    QList<TaskSnapshot> batch;
    for (TaskId id = first; id <= last; ++id)
        batch.append(snapshot(id));
    return batch;
}

QList<TaskId> idsInOrder(const TaskTableModel &model)
{
    QList<TaskId> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(TaskTableModel::TaskIdRole).value<TaskId>());
    return ids;
}

} // namespace

class TestTaskTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void insertsUnknownIdsInOneBlock();
    void repeatedIdInOneBatchInsertsOnce();
    void firstLargeBatchInsertsAtOnce();
    void emptyBatchSignalsNothing();
    void updateEmitsOneDataChangedPerChangedRow();
    void contiguousRowsChangeInOneSignal();
    void mixedBatchUpdatesThenAppends();
    void removalInContiguousRuns();
    void removalOfUnknownIdsSignalsNothing();
    void batchesAfterRemovalFindTheirRows();
    void roles();
    void displayText_data();
    void displayText();
    void stepRowsCountPerMille();
    void rawValueSortsNumerically();
    void toolTipCarriesErrorDetail();
    void decorationFallsBackToGivenIcon();
    void countsFollowBatchesAndRemovals();
    void formatSize_data();
    void formatSize();
    void formatEta_data();
    void formatEta();
    void formatPercent_data();
    void formatPercent();

private:
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QSortFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void TestTaskTableModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());  // formatting checks must not depend on the machine's locale
}

void TestTaskTableModel::init()
{
    m_model = std::make_unique<TaskTableModel>();
    m_proxy = std::make_unique<QSortFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setSortRole(TaskTableModel::RawValueRole);
    m_proxy->sort(TaskTableModel::Progress, Qt::DescendingOrder);  // keep the proxy re-sorting on changes
    m_modelTester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestTaskTableModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
}

void TestTaskTableModel::insertsUnknownIdsInOneBlock()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    m_model->applySnapshots(queued(1, 3));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(changed.count(), 0);

    m_model->applySnapshots(queued(4, 5));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 3);
    QCOMPARE(inserted.at(1).at(2).toInt(), 4);
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(m_model->rowOf(TaskId(row + 1)), row);
        QCOMPARE(m_model->index(row, 0).data(TaskTableModel::TaskIdRole).value<TaskId>(), TaskId(row + 1));
    }
    QCOMPARE(m_model->rowOf(42), -1);
}

void TestTaskTableModel::repeatedIdInOneBatchInsertsOnce()
{
    m_model->applySnapshots({snapshot(7), snapshot(7, TaskState::Running, 10, 100)});
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->snapshotAt(0).status.state, TaskState::Running);  // the later copy wins
}

// The store's tasks at startup: far more than a slice, into an empty model, in one insertion before
// applySnapshots returns (the first paint must show them), with the counts right.
void TestTaskTableModel::firstLargeBatchInsertsAtOnce()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);
    QList<TaskSnapshot> batch = queued(1, 2000);
    batch[5].status = statusOf(TaskState::Succeeded);
    m_model->applySnapshots(batch);
    QCOMPARE(m_model->rowCount(), 2000);
    QVERIFY(!m_model->hasPendingSnapshots());
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 1999);
    QCOMPARE(totals.count(), 1);
    QCOMPARE(m_model->count(TaskCategory::Finished), 1);
    QCOMPARE(m_model->count(TaskCategory::Queued), 1999);
    QCOMPARE(m_model->rowOf(2000), 1999);
    QCOMPARE(m_model->latest(6)->status.state, TaskState::Succeeded);
}

void TestTaskTableModel::emptyBatchSignalsNothing()
{
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->applySnapshots({});
    m_model->removeTasks({});
    QCOMPARE(totals.count(), 0);
    QCOMPARE(changed.count(), 0);
}

void TestTaskTableModel::updateEmitsOneDataChangedPerChangedRow()
{
    m_model->applySnapshots(queued(1, 10));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    // Rows 2, 5 and 8 change (no two adjacent); id 6 twice in the batch must still be one signal.
    m_model->applySnapshots({snapshot(3, TaskState::Running, 50, 100, 1000), snapshot(6, TaskState::Paused),
                             snapshot(9, TaskState::Waiting), snapshot(6, TaskState::Running, 1, 2, 5)});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 3);
    const QList<int> expectedRows{2, 5, 8};
    for (int i = 0; i < changed.count(); ++i) {
        const auto topLeft = changed.at(i).at(0).value<QModelIndex>();
        const auto bottomRight = changed.at(i).at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), expectedRows.at(i));
        QCOMPARE(bottomRight.row(), expectedRows.at(i));
        // A new state changes the row-wide roles (StateRole, CategoryRole): the whole row.
        QCOMPARE(topLeft.column(), 0);
        QCOMPARE(bottomRight.column(), TaskTableModel::ColumnCount - 1);
    }
    QCOMPARE(m_model->snapshotAt(5).status.state, TaskState::Running);
    QCOMPARE(m_model->index(2, TaskTableModel::Done).data().toString(), u"50 bytes"_s);
}

void TestTaskTableModel::contiguousRowsChangeInOneSignal()
{
    m_model->applySnapshots(queued(1, 10));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    // Rows 0-4 change the same way: one signal.
    QList<TaskSnapshot> first;
    for (TaskId id = 1; id <= 5; ++id)
        first.append(snapshot(id, TaskState::Running, 1, 10, 1));
    m_model->applySnapshots(first);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), m_model->index(0, 0));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), m_model->index(4, TaskTableModel::ColumnCount - 1));

    // Rows 1-4 only progress (progress, size and done), rows 5-6 start: two runs.
    changed.clear();
    QList<TaskSnapshot> next;
    for (TaskId id = 2; id <= 7; ++id)
        next.append(snapshot(id, TaskState::Running, 2, 10, 1));
    m_model->applySnapshots(next);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), m_model->index(1, TaskTableModel::Progress));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), m_model->index(4, TaskTableModel::Done));
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), m_model->index(5, 0));
    QCOMPARE(changed.at(1).at(1).value<QModelIndex>(), m_model->index(6, TaskTableModel::ColumnCount - 1));

    // The same states again change no cell.
    changed.clear();
    m_model->applySnapshots(next);
    QCOMPARE(changed.count(), 0);
}

void TestTaskTableModel::mixedBatchUpdatesThenAppends()
{
    m_model->applySnapshots(queued(1, 4));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);

    m_model->applySnapshots({snapshot(9), snapshot(2, TaskState::Paused), snapshot(8)});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(totals.count(), 1);
    QCOMPARE(m_model->rowCount(), 6);
    QCOMPARE(m_model->rowOf(9), 4);  // new ids keep the batch's order
    QCOMPARE(m_model->rowOf(8), 5);
    QCOMPARE(m_model->snapshotAt(1).status.state, TaskState::Paused);
}

void TestTaskTableModel::removalInContiguousRuns()
{
    m_model->applySnapshots(queued(1, 10));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);

    // Rows 1-2, 4 and 7-9 (ids in any order, one repeated): three removals, the last run first.
    m_model->removeTasks({8, 2, 5, 3, 9, 10, 3});
    QCOMPARE(removed.count(), 3);
    QCOMPARE(totals.count(), 1);
    const QList<QPair<int, int>> runs{{7, 9}, {4, 4}, {1, 2}};
    for (int i = 0; i < runs.size(); ++i) {
        QCOMPARE(removed.at(i).at(1).toInt(), runs.at(i).first);
        QCOMPARE(removed.at(i).at(2).toInt(), runs.at(i).second);
    }
    QCOMPARE(idsInOrder(*m_model), (QList<TaskId>{1, 4, 6, 7}));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->rowOf(m_model->snapshotAt(row).id), row);
    QCOMPARE(m_model->rowOf(8), -1);
}

void TestTaskTableModel::removalOfUnknownIdsSignalsNothing()
{
    m_model->applySnapshots(queued(1, 3));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);
    m_model->removeTasks({40, 41});
    QCOMPARE(removed.count(), 0);
    QCOMPARE(totals.count(), 0);
    QCOMPARE(m_model->rowCount(), 3);
}

void TestTaskTableModel::batchesAfterRemovalFindTheirRows()
{
    m_model->applySnapshots(queued(1, 5));
    m_model->removeTasks({1, 2});
    // An update of a moved row changes that row; an id removed earlier comes back as a new row.
    m_model->applySnapshots({snapshot(5, TaskState::Running, 1, 4, 1), snapshot(1)});
    QCOMPARE(idsInOrder(*m_model), (QList<TaskId>{3, 4, 5, 1}));
    QCOMPARE(m_model->snapshotAt(2).status.state, TaskState::Running);
    m_model->removeTasks({3, 4, 5, 1});
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->count(TaskCategory::Queued), 0);
    QCOMPARE(m_model->count(TaskCategory::Active), 0);
}

void TestTaskTableModel::roles()
{
    TaskSnapshot s = snapshot(5, TaskState::Running, 512, 2048, 256);
    s.etaSeconds = 6;
    s.added = QDateTime(QDate(2026, 1, 2), QTime(3, 4));
    m_model->applySnapshots({s});
    const auto cell = [this](int column, int role) { return m_model->index(0, column).data(role); };

    for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
        QCOMPARE(cell(column, TaskTableModel::TaskIdRole).value<TaskId>(), TaskId(5));
        QCOMPARE(cell(column, TaskTableModel::StateRole).toInt(), int(TaskState::Running));
        QCOMPARE(cell(column, TaskTableModel::CategoryRole).toInt(), int(TaskCategory::Active));
    }
    QCOMPARE(cell(TaskTableModel::Name, TaskTableModel::RawValueRole).toString(), u"file5.iso"_s);
    QCOMPARE(cell(TaskTableModel::Status, TaskTableModel::RawValueRole).toInt(), int(TaskState::Running));
    QCOMPARE(cell(TaskTableModel::Progress, TaskTableModel::RawValueRole).toDouble(), 0.25);
    QCOMPARE(cell(TaskTableModel::Size, TaskTableModel::RawValueRole).toLongLong(), 2048);
    QCOMPARE(cell(TaskTableModel::Done, TaskTableModel::RawValueRole).toLongLong(), 512);
    QCOMPARE(cell(TaskTableModel::Speed, TaskTableModel::RawValueRole).toDouble(), 256.0);
    QCOMPARE(cell(TaskTableModel::Eta, TaskTableModel::RawValueRole).toLongLong(), 6);
    QCOMPARE(cell(TaskTableModel::Step, TaskTableModel::RawValueRole).toString(), u"Download"_s);
    QCOMPARE(cell(TaskTableModel::Added, TaskTableModel::RawValueRole).toDateTime(), s.added);
    QVERIFY(!cell(TaskTableModel::Finished, TaskTableModel::RawValueRole).toDateTime().isValid());
    QVERIFY(cell(TaskTableModel::Name, TaskTableModel::SearchTextRole).toString().contains(u"example.org"_s));
    QCOMPARE(cell(TaskTableModel::Size, Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!cell(TaskTableModel::Name, Qt::TextAlignmentRole).isValid());

    QCOMPARE(m_model->headerData(TaskTableModel::Eta, Qt::Horizontal).toString(), u"ETA"_s);
    QCOMPARE(m_model->headerData(TaskTableModel::Step, Qt::Horizontal).toString(), u"Step"_s);
    QCOMPARE(m_model->columnCount(), int(TaskTableModel::ColumnCount));
}

void TestTaskTableModel::displayText_data()
{
    QTest::addColumn<TaskSnapshot>("snapshot");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");

    TaskSnapshot s = snapshot(1);
    QTest::newRow("name from title") << s << int(TaskTableModel::Name) << u"file1.iso"_s;
    s.title.clear();
    QTest::newRow("name from url") << s << int(TaskTableModel::Name) << u"file1.iso"_s;
    s.url = QUrl(u"https://example.org/"_s);
    QTest::newRow("name is url") << s << int(TaskTableModel::Name) << u"https://example.org/"_s;
    s = snapshot(1, TaskState::Succeeded, 10, 10);
    s.outputPath = u"/tmp/dl/file1 (1).iso"_s;
    QTest::newRow("name on disk once finished") << s << int(TaskTableModel::Name) << u"file1 (1).iso"_s;
    s = step(2, TaskKind::Extract, TaskState::Queued, 0);
    QTest::newRow("step before its input") << s << int(TaskTableModel::Name) << u"Extract"_s;
    s.input = u"/tmp/dl/photos.tar.gz"_s;
    QTest::newRow("step names its input") << s << int(TaskTableModel::Name) << u"Extract photos.tar.gz"_s;

    s = snapshot(1);
    QTest::newRow("queued") << s << int(TaskTableModel::Status) << u"Queued"_s;
    s.status = TaskStatus::waiting(WaitReason::Slot);
    QTest::newRow("wait reason") << s << int(TaskTableModel::Status) << u"Waiting for a free slot"_s;
    s.status = TaskStatus::waiting(WaitReason::Dependencies);
    QTest::newRow("waits for others") << s << int(TaskTableModel::Status) << u"Waiting for other tasks"_s;
    s.status = TaskStatus::of(TaskState::Failed);
    s.error = TaskError(TaskError::Code::DiskFull, u"The disk is full"_s, u"ENOSPC"_s);
    QTest::newRow("failed says why") << s << int(TaskTableModel::Status) << u"Failed: The disk is full"_s;
    s.error = TaskError(TaskError::Code::Network, {});
    QTest::newRow("failed without message") << s << int(TaskTableModel::Status) << u"Failed: network"_s;
    s = snapshot(1, TaskState::Succeeded, 10, 10);
    QTest::newRow("succeeded") << s << int(TaskTableModel::Status) << u"Done"_s;
    s = step(3, TaskKind::Thumbnail, TaskState::Running, 100);
    s.progressText = u"12/200 photo.jpg"_s;
    QTest::newRow("running step says what it does") << s << int(TaskTableModel::Status)
                                                    << u"Running: 12/200 photo.jpg"_s;

    s = snapshot(1, TaskState::Running, 1024, 4096, 2048);
    QTest::newRow("progress") << s << int(TaskTableModel::Progress) << u"25.0%"_s;
    QTest::newRow("size") << s << int(TaskTableModel::Size) << u"4.0 KiB"_s;
    QTest::newRow("done") << s << int(TaskTableModel::Done) << u"1.0 KiB"_s;
    QTest::newRow("speed") << s << int(TaskTableModel::Speed) << u"2.0 KiB/s"_s;
    QTest::newRow("eta unknown") << s << int(TaskTableModel::Eta) << u"\u221E"_s;
    QTest::newRow("step") << s << int(TaskTableModel::Step) << u"Download"_s;
    s.etaSeconds = 75;
    QTest::newRow("eta") << s << int(TaskTableModel::Eta) << u"1m 15s"_s;
    s.status = TaskStatus::of(TaskState::Paused);
    QTest::newRow("no speed when paused") << s << int(TaskTableModel::Speed) << QString();
    QTest::newRow("no eta when paused") << s << int(TaskTableModel::Eta) << QString();

    s = snapshot(1, TaskState::Running, 300, -1);
    QTest::newRow("progress of unknown size") << s << int(TaskTableModel::Progress) << QString();
    QTest::newRow("unknown size") << s << int(TaskTableModel::Size) << u"\u2014"_s;
    s.status = TaskStatus::of(TaskState::Succeeded);
    QTest::newRow("finished unknown size is what arrived") << s << int(TaskTableModel::Size) << u"300 bytes"_s;
    QTest::newRow("finished unknown size is complete") << s << int(TaskTableModel::Progress) << u"100.0%"_s;
    QTest::newRow("not finished yet") << s << int(TaskTableModel::Finished) << QString();
    s.finished = QDateTime(QDate(2024, 3, 5), QTime(14, 7));
    QTest::newRow("finished another day: the date") << s << int(TaskTableModel::Finished)
                                                    << QLocale::c().toString(QDate(2024, 3, 5), QLocale::ShortFormat);
    s.finished = QDateTime(QDate::currentDate(), QTime(14, 7));
    QTest::newRow("finished today: the time") << s << int(TaskTableModel::Finished)
                                              << QLocale::c().toString(QTime(14, 7), QLocale::ShortFormat);
}

void TestTaskTableModel::displayText()
{
    QFETCH(TaskSnapshot, snapshot);
    QFETCH(int, column);
    QFETCH(QString, expected);
    m_model->applySnapshots({snapshot});
    QCOMPARE(m_model->index(0, column).data().toString(), expected);
}

void TestTaskTableModel::stepRowsCountPerMille()
{
    TaskSnapshot s = step(4, TaskKind::Verify, TaskState::Running, 400);
    s.progressText = u"1.2 GiB of 3.0 GiB"_s;
    m_model->applySnapshots({s});
    const auto text = [this](int column) { return m_model->index(0, column).data().toString(); };
    QCOMPARE(text(TaskTableModel::Progress), u"40.0%"_s);
    QCOMPARE(text(TaskTableModel::Size), QString());  // per-mille is no size
    QCOMPARE(text(TaskTableModel::Done), u"1.2 GiB of 3.0 GiB"_s);
    QCOMPARE(text(TaskTableModel::Speed), QString());  // only downloads have a speed
    QCOMPARE(text(TaskTableModel::Step), u"Verify"_s);
    QCOMPARE(m_model->index(0, TaskTableModel::Progress).data(TaskTableModel::RawValueRole).toDouble(), 0.4);
    QCOMPARE(m_model->totalSpeed(), 0);
}

void TestTaskTableModel::rawValueSortsNumerically()
{
    // As text "1.0 MiB" < "10.0 KiB" < "2.0 KiB"; by raw value the order is by bytes.
    m_model->applySnapshots({snapshot(1, TaskState::Queued, 0, 10 * 1024), snapshot(2, TaskState::Queued, 0, 2 * 1024),
                             snapshot(3, TaskState::Queued, 0, 1024 * 1024)});
    m_proxy->sort(TaskTableModel::Size, Qt::AscendingOrder);
    const auto idAt = [this](int row) { return m_proxy->index(row, 0).data(TaskTableModel::TaskIdRole).value<TaskId>(); };
    QCOMPARE(idAt(0), TaskId(2));
    QCOMPARE(idAt(1), TaskId(1));
    QCOMPARE(idAt(2), TaskId(3));

    // Unknown ETA sorts after every known one; the proxy follows updates.
    TaskSnapshot a = snapshot(1, TaskState::Running, 1, 10, 1);
    a.etaSeconds = 500;
    TaskSnapshot b = snapshot(2, TaskState::Running, 1, 10, 1);
    TaskSnapshot c = snapshot(3, TaskState::Running, 1, 10, 1);
    c.etaSeconds = 20;
    m_model->applySnapshots({a, b, c});
    m_proxy->sort(TaskTableModel::Eta, Qt::AscendingOrder);
    QCOMPARE(idAt(0), TaskId(3));
    QCOMPARE(idAt(1), TaskId(1));
    QCOMPARE(idAt(2), TaskId(2));
    QCOMPARE(m_proxy->index(2, TaskTableModel::Eta).data(TaskTableModel::RawValueRole).toLongLong(),
             std::numeric_limits<qint64>::max());
}

void TestTaskTableModel::toolTipCarriesErrorDetail()
{
    TaskSnapshot s = snapshot(1, TaskState::Failed);
    s.error = TaskError(TaskError::Code::HttpStatus, u"The server refused the download"_s, u"HTTP 403 Forbidden"_s);
    m_model->applySnapshots({s, snapshot(2)});
    for (int column : {int(TaskTableModel::Name), int(TaskTableModel::Status), int(TaskTableModel::Speed)}) {
        const QString tip = m_model->index(0, column).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"The server refused the download"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"HTTP 403 Forbidden"_s), qPrintable(tip));
    }
    // Without an error, the name's tip shows where it comes from.
    QCOMPARE(m_model->index(1, TaskTableModel::Name).data(Qt::ToolTipRole).toString(),
             u"https://example.org/files/file2.iso"_s);
    QVERIFY(!m_model->index(1, TaskTableModel::Size).data(Qt::ToolTipRole).isValid());
}

void TestTaskTableModel::decorationFallsBackToGivenIcon()
{
    QIcon::setThemeName(u"no-such-theme"_s);  // no themed icons: the fallback must show
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::black);
    m_model->applySnapshots({snapshot(1)});
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setFallbackFileIcon(QIcon(pixmap));
    QCOMPARE(changed.count(), 1);  // views repaint the icons
    const auto icon = m_model->index(0, TaskTableModel::Name).data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    QVERIFY(!m_model->index(0, TaskTableModel::Size).data(Qt::DecorationRole).isValid());
}

void TestTaskTableModel::countsFollowBatchesAndRemovals()
{
    QSignalSpy totals(m_model.get(), &TaskTableModel::totalsChanged);
    m_model->applySnapshots({snapshot(1, TaskState::Running, 0, 100, 1000.4), snapshot(2, TaskState::Running, 0, 100, 500),
                             snapshot(3, TaskState::Waiting), snapshot(4, TaskState::Paused),
                             step(5, TaskKind::Extract, TaskState::Running, 10), snapshot(6, TaskState::Cancelled)});
    QCOMPARE(totals.count(), 1);
    QCOMPARE(m_model->count(TaskCategory::Active), 3);
    QCOMPARE(m_model->count(TaskCategory::Queued), 2);
    QCOMPARE(m_model->count(TaskCategory::Finished), 0);
    QCOMPARE(m_model->count(TaskCategory::Failed), 1);
    QCOMPARE(m_model->totalSpeed(), 1500);

    m_model->applySnapshots({snapshot(1, TaskState::Succeeded, 100, 100, 1000), snapshot(2, TaskState::Running, 50, 100, 700)});
    QCOMPARE(totals.count(), 2);
    QCOMPARE(m_model->count(TaskCategory::Active), 2);
    QCOMPARE(m_model->count(TaskCategory::Finished), 1);
    QCOMPARE(m_model->totalSpeed(), 700);

    m_model->removeTasks({2, 6});
    QCOMPARE(totals.count(), 3);
    QCOMPARE(m_model->count(TaskCategory::Active), 1);
    QCOMPARE(m_model->count(TaskCategory::Failed), 0);
    QCOMPARE(m_model->totalSpeed(), 0);
}

void TestTaskTableModel::formatSize_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown") << qint64(-1) << QString();
    QTest::newRow("zero") << qint64(0) << u"0 bytes"_s;
    QTest::newRow("bytes") << qint64(1023) << u"1023 bytes"_s;
    QTest::newRow("KiB") << qint64(1536) << u"1.5 KiB"_s;
    QTest::newRow("MiB") << qint64(5 * 1024 * 1024) << u"5.0 MiB"_s;
    QTest::newRow("GiB") << qint64(3) * 1024 * 1024 * 1024 << u"3.0 GiB"_s;
}

void TestTaskTableModel::formatSize()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, expected);
    QCOMPARE(TaskTableModel::formatSize(bytes, QLocale::c()), expected);
}

void TestTaskTableModel::formatEta_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("expected");
    const qint64 day = 86400;
    QTest::newRow("unknown") << qint64(-1) << u"\u221E"_s;
    QTest::newRow("zero") << qint64(0) << u"0s"_s;
    QTest::newRow("seconds") << qint64(59) << u"59s"_s;
    QTest::newRow("minute") << qint64(60) << u"1m 00s"_s;
    QTest::newRow("minutes") << qint64(3599) << u"59m 59s"_s;
    QTest::newRow("hour") << qint64(3600) << u"1h 00m"_s;
    QTest::newRow("hours") << qint64(day - 1) << u"23h 59m"_s;
    QTest::newRow("days") << qint64(day + 3600) << u"1d 1h"_s;
    QTest::newRow("too long") << 100 * day << u"\u221E"_s;
}

void TestTaskTableModel::formatEta()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, expected);
    QCOMPARE(TaskTableModel::formatEta(seconds, QLocale::c()), expected);
}

void TestTaskTableModel::formatPercent_data()
{
    QTest::addColumn<double>("fraction");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << 0.0 << u"0.0%"_s;
    QTest::newRow("some") << 0.4567 << u"45.6%"_s;
    QTest::newRow("almost is not done") << 0.99999 << u"99.9%"_s;
    QTest::newRow("done") << 1.0 << u"100.0%"_s;
    QTest::newRow("clamped") << 1.5 << u"100.0%"_s;
}

void TestTaskTableModel::formatPercent()
{
    QFETCH(double, fraction);
    QFETCH(QString, expected);
    QCOMPARE(TaskTableModel::formatPercent(fraction, QLocale::c()), expected);
}

QTEST_MAIN(TestTaskTableModel)
#include "tst_tasktablemodel.moc"
