// The desktop app's wiring end to end: a real TaskEngine on its own thread (EngineHost, as the app
// runs it), the model and the window on this thread, the loopback test server. What the user types
// into the add dialog must reach the engine and come back as rows that reach Succeeded; a removal
// confirmed in the window must remove the rows; the queue must come back from the store.
#include "addurlsdialog.h"
#include "localfilesdialog.h"
#include "desktopharness.h"
#include "enginehost.h"
#include "mainwindow.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

class TestDesktopFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pipelineFromTheDialogSucceeds();
    void confirmedRemovalRemovesRows();
    void localFilesRunTheirSteps();
    void queueComesBackFromTheStore();
    void damagedStoreIsReportedInTheWindow();

private:
    void startApp();
    void stopApp();
    QList<TaskState> states() const;

    TestServer m_server;
    QTemporaryDir m_dir;
    QByteArray m_body;
    DesktopHarness m_app;
};

void TestDesktopFlow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_body = randomBytes(3 * 1024 * 1024 + 17, 11);
    m_server.setResource(u"/data.bin"_s, Resource(m_body));
    QVERIFY(QDir().mkpath(m_dir.filePath(u"downloads"_s)));
    startApp();
}

void TestDesktopFlow::startApp()
{
    m_app.start(m_dir.filePath(u"downloads"_s));
    QCOMPARE(m_app.openStore(m_dir.filePath(u"state/queue.db"_s)), QString());
}

void TestDesktopFlow::stopApp()
{
    m_app.stop();
}

QList<TaskState> TestDesktopFlow::states() const
{
    QList<TaskState> result;
    for (int row = 0; row < m_app.model->rowCount(); ++row)
        result.append(m_app.model->snapshotAt(row).status.state);
    return result;
}

void TestDesktopFlow::pipelineFromTheDialogSucceeds()
{
    QCOMPARE(m_app.model->rowCount(), 0);
    m_app.window->openAddDialog(m_server.url(u"/data.bin"_s).toString());
    auto *dialog = m_app.window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"checksumEdit"_s)->setText(u"sha256:"_s + QString::fromLatin1(sha256Hex(m_body)));
    dialog->findChild<QCheckBox *>(u"verifyCheck"_s)->setChecked(true);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    // The download and its verify step, both to Succeeded, through queued batches only.
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 2, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(states(), (QList<TaskState>{TaskState::Succeeded, TaskState::Succeeded}), 60000);
    const TaskSnapshot download = m_app.model->snapshotAt(0);
    QCOMPARE(download.kind, TaskKind::Download);
    QCOMPARE(m_app.model->snapshotAt(1).kind, TaskKind::Verify);
    QCOMPARE(download.outputPath, m_dir.filePath(u"downloads/data.bin"_s));
    QCOMPARE(fileSha256Hex(download.outputPath), sha256Hex(m_body));
    QCOMPARE(m_app.model->index(0, TaskTableModel::Progress).data().toString(), u"100.0%"_s);
    QCOMPARE(m_app.model->count(TaskCategory::Finished), 2);
}

void TestDesktopFlow::confirmedRemovalRemovesRows()
{
    // A second download of the same URL (the duplicate question answered "download again"), then the
    // user removes it (not its file) from the window.
    m_app.window->openAddDialog(m_server.url(u"/data.bin"_s).toString());
    auto *dialog = m_app.window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QMessageBox *question = nullptr;
    QTRY_VERIFY((question = m_app.window->findChild<QMessageBox *>(u"duplicateQuestion"_s)));
    QTest::mouseClick(question->findChild<QPushButton *>(u"downloadAgainButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 3, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->snapshotAt(2).status.state, TaskState::Succeeded, 60000);
    const QString second = m_app.model->snapshotAt(2).outputPath;
    QCOMPARE(second, m_dir.filePath(u"downloads/data (1).bin"_s));  // never overwrites the first

    auto *view = m_app.window->findChild<QTableView *>(u"taskView"_s);
    view->selectRow(2);
    m_app.window->findChild<QAction *>(u"removeAction"_s)->trigger();
    auto *box = m_app.window->findChild<QMessageBox *>(u"confirmRemoveBox"_s);
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmRemoveButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 2, 30000);
    QVERIFY(QFile::exists(second));  // "remove" keeps the file
}

void TestDesktopFlow::localFilesRunTheirSteps()
{
    // A picture already here, thumbnailed through "Process local files".
    const QString folder = m_dir.filePath(u"pictures"_s);
    QVERIFY(QDir().mkpath(folder));
    QImage image(640, 480, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QVERIFY(image.save(folder + u"/cyan.png"_s));

    m_app.window->openLocalFilesDialog();
    auto *dialog = m_app.window->findChild<LocalFilesDialog *>();
    QVERIFY(dialog);
    dialog->addPaths({folder + u"/cyan.png"_s});
    dialog->findChild<QCheckBox *>(u"thumbnailsCheck"_s)->setChecked(true);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 3, 30000);
    const int row = 2;
    QCOMPARE(m_app.model->snapshotAt(row).kind, TaskKind::Thumbnail);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->snapshotAt(row).status.state, TaskState::Succeeded, 60000);
    QVERIFY(!QDir(folder + u"/thumbnails"_s).entryList(QDir::Files).isEmpty());

    // Out of the way of the store test that follows, through the window like a user would.
    auto *view = m_app.window->findChild<QTableView *>(u"taskView"_s);
    view->selectRow(row);
    m_app.window->findChild<QAction *>(u"removeAction"_s)->trigger();
    auto *box = m_app.window->findChild<QMessageBox *>(u"confirmRemoveBox"_s);
    QVERIFY(box);
    QTest::mouseClick(box->findChild<QPushButton *>(u"confirmRemoveButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 2, 30000);
}

void TestDesktopFlow::queueComesBackFromTheStore()
{
    const QList<TaskId> before{m_app.model->snapshotAt(0).id, m_app.model->snapshotAt(1).id};
    stopApp();
    startApp();
    // The tasks of the last session arrive in one queued batch after the store opens.
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 2, 30000);
    QCOMPARE((QList<TaskId>{m_app.model->snapshotAt(0).id, m_app.model->snapshotAt(1).id}), before);
    QCOMPARE(states(), (QList<TaskState>{TaskState::Succeeded, TaskState::Succeeded}));
}

void TestDesktopFlow::damagedStoreIsReportedInTheWindow()
{
    stopApp();
    const QString store = m_dir.filePath(u"state/queue.db"_s);
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(store + suffix);
    QFile damaged(store);
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write(QByteArray(8192, 'x'));  // not SQLite
    damaged.close();

    m_app.start(m_dir.filePath(u"downloads"_s));
    const QString error = m_app.openStore(store);
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(u"did not open"_s), qPrintable(error));
    auto *notice = m_app.window->findChild<QWidget *>(u"noticeBar"_s);
    QTRY_VERIFY(notice->isVisible());
    QCOMPARE(m_app.model->rowCount(), 0);
}

QTEST_MAIN(TestDesktopFlow)
#include "tst_desktopflow.moc"
