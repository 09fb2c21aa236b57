// The window turns user actions on a selection into command signals (it never talks to the engine).
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialog>
#include <QDir>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot snapshot(TaskId id, TaskState state, double speed = 0)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.title = u"file%1.bin"_s.arg(id);
    s.url = QUrl(u"https://example.org/file%1.bin"_s.arg(id));
    s.status = state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Slot) : TaskStatus::of(state);
    s.done = 100;
    s.total = 1000;
    s.speed = speed;
    if (state == TaskState::Succeeded)
        s.outputPath = u"/srv/downloads/file%1.bin"_s.arg(id);
    return s;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    // QDesktopServices hands file URLs here instead of to xdg-open (see init).
    void openUrl(const QUrl &url) { m_opened.append(url); }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void rowsFollowBatchesAndRemovals();
    void pauseSendsSelectedPausableIds();
    void actionsFollowSelectedStates();
    void commandsCarryTheApplicableIds();
    void deleteAsksBeforeRemoving();
    void removeWithFilesAsksToo();
    void movingChangesPriorityPastTheSelection();
    void enterOpensAFinishedFile();
    void openContainingFolder();
    void copiesUrlsAndChecksums();
    void pasteOpensTheAddDialogPrefilled();
    void findFocusesTheFilter();
    void sidebarFiltersWithLiveCounts();
    void statusBarShowsTotals();
    void columnsHideAndTheHeaderIsRemembered();
    void noticeStaysUntilDismissed();

private:
    QAction *action(const char *name) const;
    void selectRows(const QList<int> &rows);
    void makeActive();

    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_view = nullptr;
    QList<QUrl> m_opened;
};

void TestMainWindow::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QDesktopServices::setUrlHandler(u"file"_s, this, "openUrl");
}

void TestMainWindow::cleanupTestCase()
{
    QDesktopServices::unsetUrlHandler(u"file"_s);
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_opened.clear();
    m_model = std::make_unique<TaskTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_window = std::make_unique<MainWindow>(m_model.get(), QDir::tempPath());
    m_view = m_window->findChild<QTableView *>(u"taskView"_s);
    QVERIFY(m_view);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_tester.reset();
    m_model.reset();
}

QAction *TestMainWindow::action(const char *name) const
{
    auto *found = m_window->findChild<QAction *>(QLatin1StringView(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

void TestMainWindow::selectRows(const QList<int> &rows)
{
    m_view->clearSelection();
    for (int row : rows) {
        const QRect cell = m_view->visualRect(m_view->model()->index(row, TaskTableModel::Size));
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, Qt::ControlModifier, cell.center());
    }
}

void TestMainWindow::makeActive()
{
    m_window->activateWindow();  // shortcuts need the active window (no window manager does this here)
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::rowsFollowBatchesAndRemovals()
{
    QCOMPARE(m_view->model()->rowCount(), 0);
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Queued), snapshot(3, TaskState::Queued)});
    QCOMPARE(m_view->model()->rowCount(), 3);
    QCOMPARE(m_view->model()->index(0, TaskTableModel::Name).data().toString(), u"file1.bin"_s);
    m_model->applySnapshots({snapshot(2, TaskState::Paused)});
    QCOMPARE(m_view->model()->index(1, TaskTableModel::Status).data().toString(), u"Paused"_s);
    m_model->removeTasks({1, 2});
    QCOMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(m_view->model()->index(0, TaskTableModel::Name).data().toString(), u"file3.bin"_s);
}

void TestMainWindow::pauseSendsSelectedPausableIds()
{
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Paused),
                             snapshot(3, TaskState::Waiting), snapshot(4, TaskState::Running)});
    QSignalSpy paused(m_window.get(), &MainWindow::pauseRequested);
    selectRows({0, 1, 2});
    QCOMPARE(m_view->selectionModel()->selectedRows().size(), 3);

    auto *toolBar = m_window->findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolBar);
    QWidget *button = toolBar->widgetForAction(action("pauseAction"));
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);

    QCOMPARE(paused.count(), 1);
    // The paused row is selected but not sent again; the unselected row 4 is not touched.
    QCOMPARE(paused.at(0).at(0).value<QList<TaskId>>(), (QList<TaskId>{1, 3}));
}

void TestMainWindow::actionsFollowSelectedStates()
{
    TaskSnapshot hashed = snapshot(2, TaskState::Succeeded);
    hashed.digests = {{HashAlgorithm::Sha256, QByteArray(32, 'x')}};
    m_model->applySnapshots({snapshot(1, TaskState::Paused), hashed, snapshot(3, TaskState::Failed)});
    const char *all[] = {"pauseAction", "resumeAction", "cancelAction", "retryAction", "removeAction",
                         "removeFilesAction", "openAction", "openFolderAction", "copyUrlAction",
                         "copyChecksumAction", "moveUpAction", "moveDownAction"};
    for (const char *name : all)
        QVERIFY2(!action(name)->isEnabled(), name);  // nothing selected

    const auto enabled = [this, &all] {
        QStringList names;
        for (const char *name : all) {
            if (action(name)->isEnabled())
                names.append(QString::fromLatin1(name));
        }
        return names;
    };
    selectRows({0});
    QCOMPARE(enabled(), (QStringList{u"resumeAction"_s, u"cancelAction"_s, u"removeAction"_s, u"removeFilesAction"_s,
                                     u"copyUrlAction"_s, u"moveUpAction"_s, u"moveDownAction"_s}));
    selectRows({1});
    QCOMPARE(enabled(), (QStringList{u"removeAction"_s, u"removeFilesAction"_s, u"openAction"_s, u"openFolderAction"_s,
                                     u"copyUrlAction"_s, u"copyChecksumAction"_s}));
    selectRows({2});
    QCOMPARE(enabled(), (QStringList{u"retryAction"_s, u"removeAction"_s, u"removeFilesAction"_s, u"copyUrlAction"_s}));

    // A batch changes the selected row's state: the actions follow without a new selection.
    m_model->applySnapshots({snapshot(3, TaskState::Running)});
    QVERIFY(action("pauseAction")->isEnabled());
    QVERIFY(!action("retryAction")->isEnabled());
}

void TestMainWindow::commandsCarryTheApplicableIds()
{
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Paused),
                             snapshot(3, TaskState::Failed), snapshot(4, TaskState::Cancelled),
                             snapshot(5, TaskState::Succeeded)});
    QSignalSpy resumed(m_window.get(), &MainWindow::resumeRequested);
    QSignalSpy cancelled(m_window.get(), &MainWindow::cancelRequested);
    QSignalSpy retried(m_window.get(), &MainWindow::retryRequested);
    m_view->selectAll();
    action("resumeAction")->trigger();
    action("cancelAction")->trigger();
    action("retryAction")->trigger();
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.at(0).at(0).value<QList<TaskId>>(), QList<TaskId>{2});
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.at(0).at(0).value<QList<TaskId>>(), (QList<TaskId>{1, 2}));
    QCOMPARE(retried.count(), 1);
    QCOMPARE(retried.at(0).at(0).value<QList<TaskId>>(), (QList<TaskId>{3, 4}));

    // Sorted by name descending, the ids go out in view order.
    m_view->sortByColumn(TaskTableModel::Name, Qt::DescendingOrder);
    action("retryAction")->trigger();
    QCOMPARE(retried.at(1).at(0).value<QList<TaskId>>(), (QList<TaskId>{4, 3}));
}

void TestMainWindow::deleteAsksBeforeRemoving()
{
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Queued), snapshot(3, TaskState::Succeeded)});
    QSignalSpy removed(m_window.get(), &MainWindow::removeRequested);
    makeActive();
    selectRows({0, 2});
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_Delete);

    auto *box = m_window->findChild<QMessageBox *>(u"confirmRemoveBox"_s);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(removed.count(), 0);  // nothing before the answer
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QCOMPARE(removed.count(), 0);
    QTRY_VERIFY(!m_window->findChild<QMessageBox *>(u"confirmRemoveBox"_s));

    makeActive();  // the box had taken the focus
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_Delete);
    box = m_window->findChild<QMessageBox *>(u"confirmRemoveBox"_s);
    QVERIFY(box);
    auto *confirm = box->findChild<QPushButton *>(u"confirmRemoveButton"_s);
    QVERIFY(confirm);
    QTest::mouseClick(confirm, Qt::LeftButton);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).value<QList<TaskId>>(), (QList<TaskId>{1, 3}));
    QCOMPARE(removed.at(0).at(1).toBool(), false);
}

void TestMainWindow::removeWithFilesAsksToo()
{
    m_model->applySnapshots({snapshot(1, TaskState::Succeeded), snapshot(2, TaskState::Failed)});
    QSignalSpy removed(m_window.get(), &MainWindow::removeRequested);
    selectRows({1});
    action("removeFilesAction")->trigger();
    auto *box = m_window->findChild<QMessageBox *>(u"confirmRemoveBox"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"delete their files"_s), qPrintable(box->text()));
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmRemoveButton"_s), Qt::LeftButton);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).value<QList<TaskId>>(), QList<TaskId>{2});
    QCOMPARE(removed.at(0).at(1).toBool(), true);
}

void TestMainWindow::movingChangesPriorityPastTheSelection()
{
    TaskSnapshot high = snapshot(2, TaskState::Waiting);
    high.priority = 3;
    m_model->applySnapshots({snapshot(1, TaskState::Queued), high, snapshot(3, TaskState::Succeeded)});
    QSignalSpy priority(m_window.get(), &MainWindow::priorityRequested);
    m_view->selectAll();
    action("moveUpAction")->trigger();
    action("moveDownAction")->trigger();
    QCOMPARE(priority.count(), 2);
    // The finished task has no place in the queue and is left out.
    QCOMPARE(priority.at(0).at(0).value<QList<TaskId>>(), (QList<TaskId>{1, 2}));
    QCOMPARE(priority.at(0).at(1).toInt(), 4);
    QCOMPARE(priority.at(1).at(1).toInt(), -1);
}

void TestMainWindow::enterOpensAFinishedFile()
{
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Succeeded)});
    makeActive();
    m_view->setFocus();
    m_view->setCurrentIndex(m_view->model()->index(0, 0));
    QTest::keyClick(m_view, Qt::Key_Return);
    QCOMPARE(m_opened.size(), 0);  // a running download has nothing to open yet

    m_view->setCurrentIndex(m_view->model()->index(1, 0));
    QTest::keyClick(m_view, Qt::Key_Return);
    QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(u"/srv/downloads/file2.bin"_s)});

    const QRect cell = m_view->visualRect(m_view->model()->index(1, TaskTableModel::Name));
    // A double click is a press on the row, then the double-click event on the same row.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_opened.size(), 2);
}

void TestMainWindow::openContainingFolder()
{
    m_model->applySnapshots({snapshot(1, TaskState::Succeeded), snapshot(2, TaskState::Succeeded)});
    m_view->selectAll();
    action("openFolderAction")->trigger();
    QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(u"/srv/downloads"_s)});  // once per folder
}

void TestMainWindow::copiesUrlsAndChecksums()
{
    TaskSnapshot hashed = snapshot(2, TaskState::Succeeded);
    hashed.digests = {{HashAlgorithm::Sha256, QByteArray::fromHex("00ff")}, {HashAlgorithm::Md5, QByteArray::fromHex("ab")}};
    m_model->applySnapshots({snapshot(1, TaskState::Running), hashed});
    m_view->selectAll();
    action("copyUrlAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://example.org/file1.bin\nhttps://example.org/file2.bin"_s);
    action("copyChecksumAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"sha256:00ff  file2.bin\nmd5:ab  file2.bin"_s);
}

void TestMainWindow::pasteOpensTheAddDialogPrefilled()
{
    QGuiApplication::clipboard()->setText(u"https://example.org/a.iso\nhttps://example.org/b.iso"_s);
    makeActive();
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_V, Qt::ControlModifier);
    auto *dialog = m_window->findChild<QDialog *>(u"addUrlsDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->toPlainText(),
             u"https://example.org/a.iso\nhttps://example.org/b.iso"_s);
    dialog->reject();
}

void TestMainWindow::findFocusesTheFilter()
{
    makeActive();
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_F, Qt::ControlModifier);
    auto *filter = m_window->findChild<QLineEdit *>(u"filterEdit"_s);
    QVERIFY(filter);
    QTRY_VERIFY(filter->hasFocus());

    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Queued), snapshot(12, TaskState::Queued)});
    QTest::keyClicks(filter, u"file1"_s);
    QCOMPARE(m_view->model()->rowCount(), 2);  // file1.bin and file12.bin
}

void TestMainWindow::sidebarFiltersWithLiveCounts()
{
    auto *sidebar = m_window->findChild<QListWidget *>(u"categoryList"_s);
    QVERIFY(sidebar);
    QCOMPARE(sidebar->count(), 5);
    m_model->applySnapshots({snapshot(1, TaskState::Running), snapshot(2, TaskState::Waiting),
                             snapshot(3, TaskState::Failed), snapshot(4, TaskState::Succeeded), snapshot(5, TaskState::Paused)});
    QCOMPARE(sidebar->item(0)->text(), u"All (5)"_s);
    QCOMPARE(sidebar->item(1)->text(), u"Active (1)"_s);
    QCOMPARE(sidebar->item(2)->text(), u"Queued (2)"_s);
    QCOMPARE(sidebar->item(3)->text(), u"Finished (1)"_s);
    QCOMPARE(sidebar->item(4)->text(), u"Failed (1)"_s);

    sidebar->setCurrentRow(2);
    QCOMPARE(m_view->model()->rowCount(), 2);
    m_model->applySnapshots({snapshot(2, TaskState::Running)});
    QCOMPARE(m_view->model()->rowCount(), 1);
    QCOMPARE(sidebar->item(1)->text(), u"Active (2)"_s);
    sidebar->setCurrentRow(0);
    QCOMPARE(m_view->model()->rowCount(), 5);
}

void TestMainWindow::statusBarShowsTotals()
{
    m_model->applySnapshots({snapshot(1, TaskState::Running, 2048), snapshot(2, TaskState::Queued),
                             snapshot(3, TaskState::Running, 1024), snapshot(4, TaskState::Cancelled)});
    auto *speed = m_window->statusBar()->findChild<QLabel *>(u"speedLabel"_s);
    auto *counts = m_window->statusBar()->findChild<QLabel *>(u"countsLabel"_s);
    QVERIFY(speed && counts);
    QVERIFY2(speed->text().contains(u"3.0 KiB/s"_s), qPrintable(speed->text()));
    QCOMPARE(counts->text(), u"Active 2 \u00b7 Queued 1 \u00b7 Finished 0 \u00b7 Failed 1"_s);
    m_model->removeTasks({1, 4});
    QVERIFY2(speed->text().contains(u"1.0 KiB/s"_s), qPrintable(speed->text()));
    QCOMPARE(counts->text(), u"Active 1 \u00b7 Queued 1 \u00b7 Finished 0 \u00b7 Failed 0"_s);
}

void TestMainWindow::columnsHideAndTheHeaderIsRemembered()
{
    QHeaderView *header = m_view->horizontalHeader();
    QVERIFY(header->sectionsMovable());
    QVERIFY(!header->isSectionHidden(TaskTableModel::Speed));
    Q_EMIT header->customContextMenuRequested(QPoint(5, 5));
    auto *menu = m_window->findChild<QMenu *>(u"headerMenu"_s);
    QVERIFY(menu);
    QAction *speed = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text() == u"Speed"_s)
            speed = a;
        if (a->text() == u"Name"_s)
            QVERIFY(!a->isEnabled());  // the name column stays
    }
    QVERIFY(speed && speed->isChecked());
    speed->trigger();
    QVERIFY(header->isSectionHidden(TaskTableModel::Speed));
    menu->close();
    header->moveSection(header->visualIndex(TaskTableModel::Eta), 0);

    m_window->close();  // saves the header
    m_window = std::make_unique<MainWindow>(m_model.get(), QDir::tempPath());
    QHeaderView *restored = m_window->findChild<QTableView *>(u"taskView"_s)->horizontalHeader();
    QVERIFY(restored->isSectionHidden(TaskTableModel::Speed));
    QCOMPARE(restored->visualIndex(TaskTableModel::Eta), 0);
}

void TestMainWindow::noticeStaysUntilDismissed()
{
    auto *notice = m_window->findChild<QWidget *>(u"noticeBar"_s);
    QVERIFY(notice);
    QVERIFY(!notice->isVisible());
    m_window->showNotice(u"The saved queue was damaged and has been set aside"_s);
    QVERIFY(notice->isVisible());
    QCOMPARE(notice->findChild<QLabel *>(u"noticeLabel"_s)->text(), u"The saved queue was damaged and has been set aside"_s);
    QTest::mouseClick(notice->findChild<QWidget *>(u"noticeClose"_s), Qt::LeftButton);
    QVERIFY(!notice->isVisible());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
