// Quitting with work running: Ctrl+Q (and the window's close button) asks without blocking; "Cancel"
// leaves the download running, "Quit and Resume Later" ends the session, and the next start continues
// the download where it stopped (a Range request) to the right bytes. Wired as the app wires it: the
// engine on its thread (EngineHost), the window, the store, the loopback test server.
#include "desktopharness.h"
#include "enginehost.h"
#include "mainwindow.h"
#include "net/resumestate.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 BodySize = 2 * 1024 * 1024 + 5;
constexpr qint64 StallAt = 768 * 1024;

} // namespace

class TestQuitFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void quitWithNothingRunningDoesNotAsk();
    void cancelKeepsRunningAndQuitResumesNextStart();

private:
    void startApp();
    void stopApp();
    QMessageBox *quitBox() const { return m_app.window->findChild<QMessageBox *>(u"quitBox"_s); }
    qint64 savedBytes() const;  // what the resume sidecar says is on disk

    TestServer m_server;
    QTemporaryDir m_dir;
    QByteArray m_body;
    DesktopHarness m_app;
};

void TestQuitFlow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    QVERIFY(QDir().mkpath(m_dir.filePath(u"downloads"_s)));
    m_body = randomBytes(BodySize, 5);
}

void TestQuitFlow::cleanup()
{
    stopApp();
}

void TestQuitFlow::startApp()
{
    m_app.start(m_dir.filePath(u"downloads"_s));
    QCOMPARE(m_app.openStore(m_dir.filePath(u"state/queue.db"_s)), QString());
}

void TestQuitFlow::stopApp()
{
    m_app.stop();
}

qint64 TestQuitFlow::savedBytes() const
{
    QDirIterator it(m_dir.filePath(u"downloads"_s), {u"*.ferry-resume"_s}, QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        if (const auto state = ResumeState::load(it.next()))
            return state->bytesDone();
    }
    return 0;
}

void TestQuitFlow::quitWithNothingRunningDoesNotAsk()
{
    startApp();
    QSignalSpy approved(m_app.window.get(), &MainWindow::quitApproved);
    QVERIFY(m_app.window->quitAction());
    QCOMPARE(m_app.window->quitAction()->shortcut(), QKeySequence(QKeySequence::Quit));
    m_app.window->quitAction()->trigger();
    QCOMPARE(approved.count(), 1);
    QVERIFY(!quitBox());
    QVERIFY(!m_app.window->isVisible());
}

void TestQuitFlow::cancelKeepsRunningAndQuitResumesNextStart()
{
    // The first response stops after StallAt bytes and holds the connection: the download runs on.
    Resource stalling(m_body);
    stalling.stallAfter = StallAt;
    stalling.cutTimes = 1;
    m_server.setResource(u"/big.bin"_s, stalling);

    startApp();
    DownloadRequest request;
    request.url = m_server.url(u"/big.bin"_s);
    request.directory = m_dir.filePath(u"downloads"_s);
    m_app.host->addPipelines({request}, Recipe{});
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->snapshotAt(0).done, StallAt, 30000);
    QCOMPARE(m_app.model->snapshotAt(0).status.state, TaskState::Running);
    // The bytes are on disk and described (the download checkpoints about once a second).
    QTRY_COMPARE_WITH_TIMEOUT(savedBytes(), StallAt, 30000);

    QSignalSpy approved(m_app.window.get(), &MainWindow::quitApproved);
    m_app.window->quitAction()->trigger();
    QMessageBox *box = quitBox();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"1 task"_s));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!quitBox());
    QCOMPARE(approved.count(), 0);
    QVERIFY(m_app.window->isVisible());
    QCOMPARE(m_app.model->snapshotAt(0).status.state, TaskState::Running);

    // The window's close button is a quit too: it asks the same question.
    QVERIFY(!m_app.window->close());
    QTRY_VERIFY(quitBox());
    QTest::mouseClick(quitBox()->findChild<QPushButton *>(u"quitLaterButton"_s), Qt::LeftButton);
    QTRY_COMPARE(approved.count(), 1);
    QTRY_VERIFY(!m_app.window->isVisible());
    stopApp();
    m_server.closeAllConnections();

    // Next start: the download comes back by itself and continues from the saved bytes.
    m_server.clearRequests();
    startApp();
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->snapshotAt(0).status.state, TaskState::Succeeded, 60000);
    const QString output = m_app.model->snapshotAt(0).outputPath;
    QCOMPARE(output, m_dir.filePath(u"downloads/big.bin"_s));
    QCOMPARE(fileSha256Hex(output), sha256Hex(m_body));
    const QList<RequestRecord> requests = m_server.requests();
    QVERIFY(!requests.isEmpty());
    const QByteArray from = "bytes=" + QByteArray::number(StallAt) + "-";
    QVERIFY2(requests.last().range.startsWith(from), requests.last().range.constData());
    QCOMPARE(requests.last().bodyBytesSent, BodySize - StallAt);
}

QTEST_MAIN(TestQuitFlow)
#include "tst_quitflow.moc"
