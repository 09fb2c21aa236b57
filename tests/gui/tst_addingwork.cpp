// Adding work besides the add dialog: drops of links and of local files onto the window, URL lists
// imported from and exported to real files, and the duplicate question with both answers.
#include "addurlsdialog.h"
#include "categoryeditor.h"
#include "localfilesdialog.h"
#include "mainwindow.h"
#include "tasktablemodel.h"
#include "urllistfiles.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QListWidget>
#include <QTableView>
#include <QTableWidget>
#include <QDialogButtonBox>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot download(TaskId id, const QString &url)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.url = QUrl(url);
    s.status = TaskStatus::of(TaskState::Queued);
    return s;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

} // namespace

class TestAddingWork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void droppedLinksOpenTheAddDialogPrefilled();
    void droppedPlainTextFromABrowser();
    void droppedFilesAndFoldersOfferTheSteps();
    void dataWithoutALinkIsRefused();
    void importedListOpensTheDialogWithBadLinesMarked();
    void importOfAFileThatIsNotTextSaysWhy();
    void exportWritesOneUrlPerLine();
    void exportThatCannotWriteSaysSo();
    void nothingDuplicatedAsksNothing();
    void queuedDuplicateSkipped();
    void commandLineDuplicateAsksToo();
    void downloadedFileDownloadAgain();
    void categoriesEditedFromTheMenuSortAndFilter();
    void typeFilterIsRemembered();

private:
    // Sends what a drag over the window and a drop would: returns whether the window took it.
    bool drop(QMimeData *mime);
    QFileDialog *fileDialog(const char *name) const;
    QLabel *notice() const { return m_window->findChild<QLabel *>(u"noticeLabel"_s); }
    void submitAddDialog();

    QTemporaryDir m_dir;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
};

void TestAddingWork::init()
{
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_model = std::make_unique<TaskTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.path(), nullptr, true);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAddingWork::cleanup()
{
    m_window.reset();
    m_tester.reset();
    m_model.reset();
}

bool TestAddingWork::drop(QMimeData *mime)
{
    const QPoint at = m_window->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction | Qt::LinkAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_window.get(), &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropped(QPointF(at), Qt::CopyAction | Qt::LinkAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_window.get(), &dropped);
    return dropped.isAccepted();
}

QFileDialog *TestAddingWork::fileDialog(const char *name) const
{
    return m_window->findChild<QFileDialog *>(QLatin1StringView(name));
}

void TestAddingWork::submitAddDialog()
{
    auto *dialog = m_window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

void TestAddingWork::droppedLinksOpenTheAddDialogPrefilled()
{
    QMimeData mime;
    mime.setUrls({ QUrl(u"https://example.org/a.iso"_s), QUrl(u"ftp://example.org/b.iso"_s) });
    QVERIFY(drop(&mime));
    auto *dialog = m_window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->toPlainText(),
             u"https://example.org/a.iso\nftp://example.org/b.iso"_s);
    // The link Ferry cannot fetch is kept and marked, not dropped.
    QLabel *problem = dialog->findChild<QLabel *>(u"urlProblemLabel"_s);
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(u"2"_s));
    QVERIFY(!m_window->findChild<LocalFilesDialog *>());
}

void TestAddingWork::droppedPlainTextFromABrowser()
{
    QMimeData mime;
    mime.setText(u"https://example.org/b.zip"_s);
    QVERIFY(drop(&mime));
    auto *dialog = m_window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->toPlainText(), u"https://example.org/b.zip"_s);
    QVERIFY(!dialog->findChild<QLabel *>(u"urlProblemLabel"_s)->isVisible());
}

void TestAddingWork::droppedFilesAndFoldersOfferTheSteps()
{
    const QString file = m_dir.filePath(u"photo.png"_s);
    const QString folder = m_dir.filePath(u"isos"_s);
    QVERIFY(writeFile(file, "not a png"));
    QVERIFY(QDir().mkpath(folder));
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(file), QUrl::fromLocalFile(folder) });
    QVERIFY(drop(&mime));
    auto *dialog = m_window->findChild<LocalFilesDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->paths(), (QStringList{ file, folder }));
    QVERIFY(!m_window->findChild<AddUrlsDialog *>());

    // A second drop while the dialog is open adds to it.
    const QString other = m_dir.filePath(u"other.zip"_s);
    QVERIFY(writeFile(other, "zip"));
    QMimeData more;
    more.setUrls({ QUrl::fromLocalFile(other) });
    QVERIFY(drop(&more));
    QCOMPARE(m_window->findChildren<LocalFilesDialog *>().size(), 1);
    QCOMPARE(dialog->paths(), (QStringList{ file, folder, other }));
}

void TestAddingWork::dataWithoutALinkIsRefused()
{
    QMimeData prose;
    prose.setText(u"just some words, no link"_s);
    QVERIFY(!drop(&prose));
    QMimeData image;
    image.setData(u"image/png"_s, QByteArray("\x89PNG"));
    QVERIFY(!drop(&image));
    QVERIFY(!m_window->findChild<AddUrlsDialog *>());
    QVERIFY(!m_window->findChild<LocalFilesDialog *>());
}

void TestAddingWork::importedListOpensTheDialogWithBadLinesMarked()
{
    const QString path = m_dir.filePath(u"urls.txt"_s);
    QVERIFY(writeFile(path, "# my list\r\nhttps://example.org/one.iso\r\nnot a url\r\nhttps://example.org/two.iso\r\n"));
    m_window->findChild<QAction *>(u"importUrlsAction"_s)->trigger();
    QFileDialog *chooser = fileDialog("importUrlListDialog");
    QVERIFY(chooser);
    chooser->selectFile(path);
    static_cast<QDialog *>(chooser)->accept();  // public in QDialog: what the Open or Save button does

    AddUrlsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<AddUrlsDialog *>()));
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->toPlainText(),
             u"# my list\nhttps://example.org/one.iso\nnot a url\nhttps://example.org/two.iso"_s);
    QLabel *problem = dialog->findChild<QLabel *>(u"urlProblemLabel"_s);
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"3"_s), qPrintable(problem->text()));  // the line, 1-based
    QVERIFY(m_window->statusBar()->currentMessage().contains(u"2"_s));
}

void TestAddingWork::importOfAFileThatIsNotTextSaysWhy()
{
    const QString path = m_dir.filePath(u"binary.dat"_s);
    QVERIFY(writeFile(path, QByteArray("https://example.org/\0\1\2", 23)));
    auto *lists = m_window->findChild<UrlListFiles *>();
    QVERIFY(lists);
    lists->importFrom(path);
    QTRY_VERIFY(notice()->isVisible());
    QVERIFY2(notice()->text().contains(u"not a text file"_s), qPrintable(notice()->text()));
    lists->importFrom(m_dir.filePath(u"missing.txt"_s));
    QTRY_VERIFY(notice()->text().contains(u"missing.txt"_s));
    QVERIFY(!m_window->findChild<AddUrlsDialog *>());
}

void TestAddingWork::exportWritesOneUrlPerLine()
{
    TaskSnapshot step;
    step.id = 4;
    step.kind = TaskKind::Verify;
    step.title = u"Verify"_s;
    m_model->applySnapshots({ download(1, u"https://example.org/a.iso"_s), download(2, u"https://example.org/b%20c.zip"_s),
                              download(3, u"https://example.org/a.iso"_s), step });
    const QString path = m_dir.filePath(u"exported.txt"_s);
    m_window->findChild<QAction *>(u"exportUrlsAction"_s)->trigger();
    QFileDialog *chooser = fileDialog("exportUrlListDialog");
    QVERIFY(chooser);
    chooser->selectFile(path);
    static_cast<QDialog *>(chooser)->accept();  // public in QDialog: what the Open or Save button does
    QTRY_COMPARE(readFile(path), QByteArray("https://example.org/a.iso\nhttps://example.org/b%20c.zip\n"));
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(u"2"_s));
}

void TestAddingWork::exportThatCannotWriteSaysSo()
{
    m_model->applySnapshots({ download(1, u"https://example.org/a.iso"_s) });
    const QString blocker = m_dir.filePath(u"a-file"_s);
    QVERIFY(writeFile(blocker, "x"));
    auto *lists = m_window->findChild<UrlListFiles *>();
    QVERIFY(lists);
    lists->exportTo(blocker + u"/urls.txt"_s);  // a folder that is a file: fails even for root
    QTRY_VERIFY(notice()->isVisible());
    QVERIFY2(notice()->text().contains(u"Could not export"_s), qPrintable(notice()->text()));
}

void TestAddingWork::nothingDuplicatedAsksNothing()
{
    m_model->applySnapshots({ download(1, u"https://example.org/a.iso"_s) });
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    m_window->openAddDialog(u"https://example.org/new.iso"_s);
    submitAddDialog();
    QTRY_COMPARE(added.count(), 1);
    QVERIFY(!m_window->findChild<QMessageBox *>(u"duplicateQuestion"_s));
}

void TestAddingWork::queuedDuplicateSkipped()
{
    m_model->applySnapshots({ download(1, u"https://example.org/a.iso"_s) });
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    m_window->openAddDialog(u"https://example.org/a.iso\nhttps://example.org/b.iso\nhttps://example.org/b.iso"_s);
    submitAddDialog();
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = m_window->findChild<QMessageBox *>(u"duplicateQuestion"_s)));
    QVERIFY(question->informativeText().contains(u"a.iso"_s));
    QCOMPARE(added.count(), 0);  // nothing goes before the answer
    QTest::mouseClick(question->findChild<QPushButton *>(u"skipDuplicatesButton"_s), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    const auto requests = added.at(0).at(0).value<QList<DownloadRequest>>();
    QCOMPARE(requests.size(), 1);  // the queued one and the second b.iso of the batch were skipped
    QCOMPARE(requests.at(0).url, QUrl(u"https://example.org/b.iso"_s));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"skipped 2"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
}

// `ferry URL` and a second instance's URLs take the add dialog's checks, not a way around them.
void TestAddingWork::commandLineDuplicateAsksToo()
{
    m_model->applySnapshots({ download(1, u"https://example.org/a.iso"_s) });
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    DownloadRequest queued;
    queued.url = QUrl(u"https://example.org/a.iso"_s);
    queued.directory = m_dir.path();
    m_window->addDownloads({ queued });
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = m_window->findChild<QMessageBox *>(u"duplicateQuestion"_s)));
    QCOMPARE(added.count(), 0);
    QTest::mouseClick(question->findChild<QPushButton *>(u"downloadAgainButton"_s), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).value<QList<DownloadRequest>>().size(), 1);
}

void TestAddingWork::downloadedFileDownloadAgain()
{
    QVERIFY(writeFile(m_dir.filePath(u"file.iso"_s), "already here"));
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    m_window->openAddDialog(u"https://example.org/file.iso\nhttps://example.org/fresh.iso"_s);
    submitAddDialog();
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = m_window->findChild<QMessageBox *>(u"duplicateQuestion"_s)));
    QVERIFY(question->informativeText().contains(u"file.iso already exists"_s));
    QTest::mouseClick(question->findChild<QPushButton *>(u"downloadAgainButton"_s), Qt::LeftButton);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).value<QList<DownloadRequest>>().size(), 2);
    // The engine gives the new file the next free name; tst_desktopflow checks that end to end.
    QCOMPARE(readFile(m_dir.filePath(u"file.iso"_s)), QByteArray("already here"));
}

void TestAddingWork::categoriesEditedFromTheMenuSortAndFilter()
{
    m_model->applySnapshots({ download(1, u"https://example.org/a.mkv"_s), download(2, u"https://example.org/b.zip"_s),
                              download(3, u"https://example.net/c.bin"_s) });
    auto *types = m_window->findChild<QListWidget *>(u"fileCategoryList"_s);
    QVERIFY(types);
    QCOMPARE(types->item(0)->text(), u"All types"_s);
    QCOMPARE(types->item(1)->text(), u"Videos (1)"_s);
    auto *view = m_window->findChild<QTableView *>(u"taskView"_s);
    types->setCurrentRow(1);
    QCOMPARE(view->model()->rowCount(), 1);
    types->setCurrentRow(0);
    QCOMPARE(view->model()->rowCount(), 3);

    // Without sorting turned on, requests carry no rules: files land where the user said.
    QSignalSpy added(m_window.get(), &MainWindow::addRequested);
    m_window->openAddDialog(u"https://example.net/new.bin"_s);
    submitAddDialog();
    QTRY_COMPARE(added.count(), 1);
    QVERIFY(added.at(0).at(0).value<QList<DownloadRequest>>().at(0).categories.isEmpty());

    m_window->findChild<QAction *>(u"categoriesAction"_s)->trigger();
    auto *dialog = m_window->findChild<CategoryDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QCheckBox *>(u"sortIntoFoldersCheck"_s)->setChecked(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"addRuleButton"_s), Qt::LeftButton);
    auto *rules = dialog->findChild<QTableWidget *>(u"rulesTable"_s);
    QCOMPARE(rules->rowCount(), 1);
    auto *match = static_cast<QComboBox *>(rules->cellWidget(0, 0));
    match->setCurrentIndex(match->findData(int(CategoryRule::Match::Host)));
    rules->item(0, 1)->setText(u"example.net"_s);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    rules->item(0, 2)->setText(u"../Net"_s);  // not a folder name: refused, and said so
    QVERIFY(!ok->isEnabled());
    QVERIFY(dialog->findChild<QLabel *>(u"ruleProblemLabel"_s)->isVisible());
    rules->item(0, 2)->setText(u"Net"_s);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<CategoryDialog *>());

    // Kept for the next session, shown in the sidebar, and sent with the next downloads.
    QSettings settings;
    const CategorySettings saved = CategorySettingsStore(settings).load();
    QVERIFY(saved.sortIntoFolders);
    QCOMPARE(saved.rules.userRules().size(), 1);
    QCOMPARE(types->item(types->count() - 1)->text(), u"Net (1)"_s);
    m_window->openAddDialog(u"https://example.net/other.bin"_s);
    submitAddDialog();
    QTRY_COMPARE(added.count(), 2);
    const DownloadRequest request = added.at(1).at(0).value<QList<DownloadRequest>>().at(0);
    QCOMPARE(request.categories.categoryFor(u"other.bin"_s, request.url), u"Net"_s);
}

void TestAddingWork::typeFilterIsRemembered()
{
    TaskSnapshot done = download(1, u"https://example.org/a.png"_s);
    done.status = TaskStatus::of(TaskState::Succeeded);  // nothing unfinished: closing asks nothing
    m_model->applySnapshots({ done });
    auto *types = m_window->findChild<QListWidget *>(u"fileCategoryList"_s);
    const int images = int(CategoryRules::builtInCategories().indexOf(CategoryRules::images())) + 1;
    types->setCurrentRow(images);
    QVERIFY(m_window->close());
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.path(), nullptr, true);
    types = m_window->findChild<QListWidget *>(u"fileCategoryList"_s);
    QCOMPARE(types->currentRow(), images);
    QCOMPARE(m_window->findChild<QTableView *>(u"taskView"_s)->model()->rowCount(), 1);
}

QTEST_MAIN(TestAddingWork)
#include "tst_addingwork.moc"
