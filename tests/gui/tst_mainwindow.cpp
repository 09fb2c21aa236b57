#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

DownloadSnapshot snapshot(DownloadId id, DownloadState state, double speed = 0)
{
    DownloadSnapshot s;
    s.id = id;
    s.url = QUrl(u"https://example.org/file%1.bin"_s.arg(id));
    s.state = state;
    s.bytesDone = 100;
    s.bytesTotal = 1000;
    s.speed = speed;
    return s;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void rowsAppearFromSnapshots();
    void pauseSendsSelectedPausableIds();
    void actionsFollowSelectedStates();
    void deleteKeyCancelsSelection();
    void statusBarShowsTotals();
    void addDialogAddsValidLinesAndReportsInvalid();
    void addDialogClosesWhenAllLinesAreValid();
    void addDialogNeedsAnAbsoluteFolder();
    void parseUrlLines_data();
    void parseUrlLines();

private:
    QAction *action(const char *name) const;
    QDialog *openAddDialog() const;
    void clickRow(int row, Qt::KeyboardModifiers modifiers = {});

    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_view = nullptr;
};

void TestMainWindow::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestMainWindow::init()
{
    m_model = std::make_unique<TaskTableModel>();
    m_window = std::make_unique<MainWindow>(m_model.get(), QDir::tempPath());
    m_view = m_window->findChild<QTableView *>(u"taskView"_s);
    QVERIFY(m_view);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_model.reset();
}

QAction *TestMainWindow::action(const char *name) const
{
    auto *found = m_window->findChild<QAction *>(QLatin1StringView(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

QDialog *TestMainWindow::openAddDialog() const
{
    action("addAction")->trigger();
    auto *dialog = m_window->findChild<QDialog *>(u"addUrlsDialog"_s);
    if (dialog && !QTest::qWaitForWindowExposed(dialog))
        return nullptr;
    return dialog;
}

void TestMainWindow::clickRow(int row, Qt::KeyboardModifiers modifiers)
{
    const QRect cell = m_view->visualRect(m_view->model()->index(row, TaskTableModel::Size));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, modifiers, cell.center());
}

void TestMainWindow::rowsAppearFromSnapshots()
{
    QCOMPARE(m_view->model()->rowCount(), 0);
    m_model->applySnapshots({snapshot(1, DownloadState::Downloading), snapshot(2, DownloadState::Queued)});
    QCOMPARE(m_view->model()->rowCount(), 2);
    QCOMPARE(m_view->model()->index(0, TaskTableModel::Name).data().toString(), u"file1.bin"_s);

    m_model->applySnapshots({snapshot(2, DownloadState::Paused), snapshot(3, DownloadState::Queued)});
    QCOMPARE(m_view->model()->rowCount(), 3);
    QCOMPARE(m_view->model()->index(1, TaskTableModel::Status).data().toString(), u"Paused"_s);
}

void TestMainWindow::pauseSendsSelectedPausableIds()
{
    m_model->applySnapshots({snapshot(1, DownloadState::Downloading), snapshot(2, DownloadState::Paused),
                             snapshot(3, DownloadState::Queued), snapshot(4, DownloadState::Downloading)});
    QSignalSpy paused(m_window.get(), &MainWindow::pauseRequested);

    clickRow(0);
    clickRow(1, Qt::ControlModifier);
    clickRow(2, Qt::ControlModifier);
    QCOMPARE(m_view->selectionModel()->selectedRows().size(), 3);

    auto *toolBar = m_window->findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolBar);
    QWidget *button = toolBar->widgetForAction(action("pauseAction"));
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);

    QCOMPARE(paused.count(), 1);
    // The paused row is selected but not sent again; the unselected row 4 is not touched.
    QCOMPARE(paused.at(0).at(0).value<QList<DownloadId>>(), (QList<DownloadId>{1, 3}));
}

void TestMainWindow::actionsFollowSelectedStates()
{
    m_model->applySnapshots({snapshot(1, DownloadState::Paused), snapshot(2, DownloadState::Succeeded)});
    QVERIFY(!action("pauseAction")->isEnabled());  // nothing selected
    QVERIFY(!action("resumeAction")->isEnabled());
    QVERIFY(!action("cancelAction")->isEnabled());

    clickRow(0);
    QVERIFY(!action("pauseAction")->isEnabled());
    QVERIFY(action("resumeAction")->isEnabled());
    QVERIFY(action("cancelAction")->isEnabled());

    clickRow(1);
    QVERIFY(!action("resumeAction")->isEnabled());
    QVERIFY(!action("cancelAction")->isEnabled());  // finished downloads cannot be cancelled

    // A batch changes the selected row's state: the actions follow without a new selection.
    m_model->applySnapshots({snapshot(2, DownloadState::Downloading)});
    QVERIFY(action("pauseAction")->isEnabled());
    QVERIFY(action("cancelAction")->isEnabled());

    QSignalSpy resumed(m_window.get(), &MainWindow::resumeRequested);
    clickRow(0);
    action("resumeAction")->trigger();
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.at(0).at(0).value<QList<DownloadId>>(), QList<DownloadId>{1});
}

void TestMainWindow::deleteKeyCancelsSelection()
{
    m_model->applySnapshots({snapshot(1, DownloadState::Downloading), snapshot(2, DownloadState::Queued),
                             snapshot(3, DownloadState::Succeeded)});
    QSignalSpy cancelled(m_window.get(), &MainWindow::cancelRequested);
    m_window->activateWindow();  // shortcuts need the active window (no window manager does this here)
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_view->setFocus();
    m_view->selectAll();
    QTest::keyClick(m_view, Qt::Key_Delete);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(cancelled.at(0).at(0).value<QList<DownloadId>>(), (QList<DownloadId>{1, 2}));
}

void TestMainWindow::statusBarShowsTotals()
{
    m_model->applySnapshots({snapshot(1, DownloadState::Downloading, 2048), snapshot(2, DownloadState::Queued),
                             snapshot(3, DownloadState::Downloading, 1024)});
    auto *totals = m_window->statusBar()->findChild<QLabel *>(u"totalsLabel"_s);
    QVERIFY(totals);
    QVERIFY2(totals->text().contains(u"Active: 2 of 3"_s), qPrintable(totals->text()));
    QVERIFY2(totals->text().contains(u"3.0 KiB/s"_s), qPrintable(totals->text()));
}

void TestMainWindow::addDialogAddsValidLinesAndReportsInvalid()
{
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    QDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    auto *urls = dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s);
    auto *folder = dialog->findChild<QLineEdit *>(u"directoryEdit"_s);
    auto *problem = dialog->findChild<QLabel *>(u"problemLabel"_s);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(urls && folder && problem && buttons);
    QCOMPARE(folder->text(), QDir::tempPath());  // the window's folder is the default

    const QString target = QDir::tempPath() + u"/ferry-target"_s;
    folder->setText(target);
    urls->setPlainText(u"https://example.org/a.iso\n  \nftp.example.org/b.zip\n  http://example.com/c.tar.gz  \n"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QCOMPARE(added.count(), 1);
    const auto requests = added.at(0).at(0).value<QList<DownloadRequest>>();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).url, QUrl(u"https://example.org/a.iso"_s));
    QCOMPARE(requests.at(1).url, QUrl(u"http://example.com/c.tar.gz"_s));
    QCOMPARE(requests.at(0).directory, target);
    QCOMPARE(requests.at(1).directory, target);

    // The invalid line is reported and kept for correction; the dialog stays open.
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"ftp.example.org/b.zip"_s), qPrintable(problem->text()));
    QCOMPARE(urls->toPlainText(), u"ftp.example.org/b.zip"_s);

    QTest::mouseClick(buttons->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    QTRY_VERIFY(!m_window->findChild<QDialog *>(u"addUrlsDialog"_s));  // deleted on close
    QCOMPARE(m_window->downloadDirectory(), target);  // remembered for the next dialog
}

void TestMainWindow::addDialogClosesWhenAllLinesAreValid()
{
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    QDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &QDialog::finished);
    dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->setPlainText(u"https://example.org/one\n"_s);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).value<QList<DownloadRequest>>().size(), 1);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Accepted));
}

void TestMainWindow::addDialogNeedsAnAbsoluteFolder()
{
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    QDialog *dialog = openAddDialog();
    QVERIFY(dialog);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());  // nothing typed yet
    dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->setPlainText(u"https://example.org/one"_s);
    QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    dialog->findChild<QLineEdit *>(u"directoryEdit"_s)->setText(u"relative/dir"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(added.count(), 0);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(u"problemLabel"_s)->isVisible());
}

void TestMainWindow::parseUrlLines_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<int>("valid");
    QTest::addColumn<QStringList>("rejected");
    QTest::newRow("http and https") << QStringList{u"http://a.example/x"_s, u"HTTPS://b.example/y"_s} << 2
                                    << QStringList{};
    QTest::newRow("blank lines skipped") << QStringList{u""_s, u"   "_s, u"http://a.example/"_s} << 1
                                         << QStringList{};
    QTest::newRow("other schemes") << QStringList{u"ftp://a.example/x"_s, u"file:///etc/passwd"_s} << 0
                                   << QStringList{u"ftp://a.example/x"_s, u"file:///etc/passwd"_s};
    QTest::newRow("no scheme") << QStringList{u"example.org/file"_s} << 0 << QStringList{u"example.org/file"_s};
    QTest::newRow("no host") << QStringList{u"http:///path"_s} << 0 << QStringList{u"http:///path"_s};
    QTest::newRow("two on one line") << QStringList{u"http://a.example/x\thttp://b.example/y"_s} << 2
                                     << QStringList{};
    QTest::newRow("words around a url") << QStringList{u"get http://a.example/x now"_s} << 1
                                        << QStringList{u"get"_s, u"now"_s};
}

void TestMainWindow::parseUrlLines()
{
    QFETCH(QStringList, lines);
    QFETCH(int, valid);
    QFETCH(QStringList, rejected);
    const ParsedUrls parsed = Ferry::parseUrlLines(lines);
    QCOMPARE(parsed.urls.size(), valid);
    QCOMPARE(parsed.rejected, rejected);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
