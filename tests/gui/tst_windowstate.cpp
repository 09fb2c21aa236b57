// What the user arranged survives a restart: a fresh MainWindow over the same settings comes back
// with the size, the splitter, the column order, widths and hidden columns, the sort column and
// order (and the rows sorted by it), the sidebar's category and the text filter.
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot snapshot(TaskId id, TaskState state, qint64 total)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.title = u"file%1.bin"_s.arg(id);
    s.url = QUrl(u"https://example.org/file%1.bin"_s.arg(id));
    s.status = TaskStatus::of(state);
    s.total = total;
    return s;
}

} // namespace

class TestWindowState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void arrangementComesBack();
    void freshStartShowsEverythingInQueueOrder();

private:
    void openWindow();
    QTableView *view() const { return m_window->findChild<QTableView *>(u"taskView"_s); }
    QStringList names() const;

    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
};

void TestWindowState::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);  // QSettings' file goes to a test folder, not the user's
}

void TestWindowState::init()
{
    QSettings().clear();
    m_model = std::make_unique<TaskTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Finished ones only: closing with unfinished tasks asks first (tst_quitflow).
    m_model->applySnapshots({snapshot(1, TaskState::Failed, 200), snapshot(2, TaskState::Succeeded, 100),
                             snapshot(3, TaskState::Cancelled, 300), snapshot(4, TaskState::Succeeded, 400)});
    openWindow();
}

void TestWindowState::cleanup()
{
    m_window.reset();
    m_tester.reset();
    m_model.reset();
}

void TestWindowState::openWindow()
{
    m_window = std::make_unique<MainWindow>(m_model.get(), QDir::tempPath());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

QStringList TestWindowState::names() const
{
    QStringList result;
    const QAbstractItemModel *model = view()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        result.append(model->index(row, TaskTableModel::Name).data().toString());
    return result;
}

void TestWindowState::arrangementComesBack()
{
    m_window->resize(931, 517);
    QHeaderView *header = view()->horizontalHeader();
    header->setSectionHidden(TaskTableModel::Speed, true);
    header->setSectionHidden(TaskTableModel::Added, false);
    header->moveSection(header->visualIndex(TaskTableModel::Size), 0);
    header->resizeSection(TaskTableModel::Status, 173);
    view()->sortByColumn(TaskTableModel::Size, Qt::DescendingOrder);
    auto *splitter = m_window->findChild<QSplitter *>(u"mainSplitter"_s);
    splitter->setSizes({211, 700});
    const QList<int> splitterSizes = splitter->sizes();
    m_window->findChild<QListWidget *>(u"categoryList"_s)->setCurrentRow(4);  // Failed
    m_window->findChild<QLineEdit *>(u"filterEdit"_s)->setText(u"file"_s);
    QCOMPARE(names(), (QStringList{u"file3.bin"_s, u"file1.bin"_s}));

    QVERIFY(m_window->close());  // saves
    openWindow();

    QCOMPARE(m_window->size(), QSize(931, 517));
    QCOMPARE(m_window->findChild<QSplitter *>(u"mainSplitter"_s)->sizes(), splitterSizes);
    QHeaderView *restored = view()->horizontalHeader();
    QVERIFY(restored->isSectionHidden(TaskTableModel::Speed));
    QVERIFY(!restored->isSectionHidden(TaskTableModel::Added));
    QCOMPARE(restored->visualIndex(TaskTableModel::Size), 0);
    QCOMPARE(restored->sectionSize(TaskTableModel::Status), 173);
    QCOMPARE(restored->sortIndicatorSection(), int(TaskTableModel::Size));
    QCOMPARE(restored->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(m_window->findChild<QListWidget *>(u"categoryList"_s)->currentRow(), 4);
    QCOMPARE(m_window->findChild<QLineEdit *>(u"filterEdit"_s)->text(), u"file"_s);
    // The rows really are filtered and sorted again, not just the header drawn so.
    QCOMPARE(names(), (QStringList{u"file3.bin"_s, u"file1.bin"_s}));
    m_model->applySnapshots({snapshot(5, TaskState::Failed, 250)});
    QCOMPARE(names(), (QStringList{u"file3.bin"_s, u"file5.bin"_s, u"file1.bin"_s}));
}

void TestWindowState::freshStartShowsEverythingInQueueOrder()
{
    QCOMPARE(names(), (QStringList{u"file1.bin"_s, u"file2.bin"_s, u"file3.bin"_s, u"file4.bin"_s}));
    QCOMPARE(view()->horizontalHeader()->sortIndicatorSection(), -1);
    QVERIFY(view()->horizontalHeader()->isSectionHidden(TaskTableModel::Added));
}

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"
