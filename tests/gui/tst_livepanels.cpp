// The live docks: the throughput graph and the details panel paint without a warning when empty,
// live and finished; the details panel, fed by a real engine on its own thread (EngineHost, as the
// app runs it) and the loopback test server, shows why a download failed, retries it, and draws
// the segment map of a download split over several connections.
#include "desktopharness.h"
#include "enginehost.h"
#include "mainwindow.h"
#include "segmentmap.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "taskdetailspanel.h"
#include "tasktablemodel.h"
#include "throughputgraph.h"
#include "throughputpanel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QRegularExpression>
#include <QDir>
#include <QDockWidget>
#include <QFormLayout>
#include <QImage>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

// Every warning while these tests run is a failure: painting must not complain (a bad QPainter
// state, a null pixmap, a refused transition on the engine thread).
QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void failOnWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform says this whenever a dock is shown; it is about the platform, not us.
    const bool platformNoise = message == u"This plugin does not support propagateSizeHints()"_s;
    if ((type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) && !platformNoise)
        g_warnings.append(message);
    g_previous(type, context, message);
}

QImage paint(QWidget *widget)
{
    QImage image(widget->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    widget->render(&image);
    return image;
}

TaskSnapshot runningDownload(TaskId id, double speed)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.status = TaskStatus::of(TaskState::Running);
    s.speed = speed;
    s.done = 1000;
    s.total = 4000;
    return s;
}

} // namespace

class TestLivePanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void graphPaintsEmptyLiveAndFinished();
    void graphWindowIsChosenInThePanel();
    void detailsPaintEmptyLiveAndFinished();
    void failureShowsItsCauseAndRetryRunsItAgain();
    void segmentedDownloadShowsItsSegmentMap();
    void processingCountsInTheGraph();

private:
    TaskId addDownload(const QString &path, int connections, const Recipe &recipe = {});
    void select(TaskId id);
    TaskDetailsPanel *details() const { return m_app.window->detailsPanel(); }
    bool rowVisible(const char *name) const;

    TestServer m_server;
    QTemporaryDir m_dir;
    QByteArray m_body;
    DesktopHarness m_app;
};

void TestLivePanels::initTestCase()
{
    g_previous = qInstallMessageHandler(failOnWarnings);
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_body = randomBytes(4 * 1024 * 1024 + 5, 7);
    Resource big(m_body);
    big.extraHeaders.append(qMakePair(QByteArray("Server"), QByteArray("FerryTest/1.0")));
    m_server.setResource(u"/big.bin"_s, big);
    QVERIFY(QDir().mkpath(m_dir.filePath(u"downloads"_s)));
}

void TestLivePanels::init()
{
    g_warnings.clear();
    m_app.start(m_dir.filePath(u"downloads"_s));
    QVERIFY(QTest::qWaitForWindowExposed(m_app.window.get()));
}

void TestLivePanels::cleanup()
{
    m_app.stop();
    QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
}

void TestLivePanels::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
}

TaskId TestLivePanels::addDownload(const QString &path, int connections, const Recipe &recipe)
{
    const int rows = m_app.model->rowCount();
    DownloadRequest request;
    request.url = m_server.url(path);
    request.directory = m_dir.filePath(u"downloads"_s);
    request.connections = connections;
    m_app.host->addPipelines({ request }, recipe);
    if (!QTest::qWaitFor([&] { return m_app.model->rowCount() > rows; }, 30000))
        return 0;
    return m_app.model->snapshotAt(rows).id;
}

void TestLivePanels::select(TaskId id)
{
    auto *view = m_app.window->findChild<QTableView *>(u"taskView"_s);
    view->selectRow(m_app.model->rowOf(id));  // no sorting or filter: model rows are view rows
}

bool TestLivePanels::rowVisible(const char *name) const
{
    auto *label = details()->findChild<QLabel *>(QString::fromLatin1(name));
    return label && label->isVisibleTo(details());
}

void TestLivePanels::graphPaintsEmptyLiveAndFinished()
{
    ThroughputPanel *panel = m_app.window->throughputPanel();
    ThroughputGraph *graph = panel->graph();
    QVERIFY(graph->isVisible());
    graph->resize(400, 160);
    const QImage empty = paint(graph);
    QVERIFY(!empty.isNull());

    // Live: two downloads at 3 MiB/s together. The lines show the seconds that have ended, the
    // labels the speed now.
    panel->applySnapshots({ runningDownload(1001, 1 << 20), runningDownload(1002, 2 << 20) });
    QCOMPARE(panel->sampler().current().download, double(3 << 20));
    const QImage live = paint(graph);
    QVERIFY(live != empty);

    auto finished = runningDownload(1001, 0);
    finished.status = TaskStatus::of(TaskState::Succeeded);
    panel->applySnapshots({ finished });
    panel->removeTasks({ 1002 });
    QCOMPARE(panel->sampler().current().download, 0.0);
    const QImage done = paint(graph);
    QVERIFY(!done.isNull());
    // A tiny graph still paints (the plot is skipped, the labels stay).
    graph->resize(20, 10);
    QVERIFY(!paint(graph).isNull());
}

void TestLivePanels::graphWindowIsChosenInThePanel()
{
    ThroughputPanel *panel = m_app.window->throughputPanel();
    auto *box = panel->findChild<QComboBox *>(u"throughputWindow"_s);
    QVERIFY(box);
    QCOMPARE(panel->graph()->windowSeconds(), 60);
    box->setCurrentIndex(2);
    QCOMPARE(panel->graph()->windowSeconds(), 30 * 60);
    box->setCurrentIndex(1);
    QCOMPARE(panel->graph()->windowSeconds(), 5 * 60);
    QVERIFY(!paint(panel).isNull());

    QCOMPARE(ThroughputGraph::niceCeiling(0), 1024.0);
    QCOMPARE(ThroughputGraph::niceCeiling(3000), 5 * 1024.0);
    QCOMPARE(ThroughputGraph::niceCeiling(1.5 * (1 << 20)), 2.0 * (1 << 20));
    QCOMPARE(ThroughputGraph::niceCeiling(900.0 * (1 << 20)), 1024.0 * (1 << 20));
}

void TestLivePanels::detailsPaintEmptyLiveAndFinished()
{
    TaskDetailsPanel *panel = details();
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->taskId(), TaskId(0));
    QVERIFY(panel->findChild<QLabel *>(u"detailsEmpty"_s)->isVisible());
    QVERIFY(!paint(panel).isNull());

    // Live: a download that drips, so it is still running while the panel shows it.
    Resource slow(m_body.left(64 * 1024));
    slow.dripBytes = 1024;
    slow.dripIntervalMs = 20;
    m_server.setResource(u"/slow.bin"_s, slow);
    const TaskId id = addDownload(u"/slow.bin"_s, 1);
    QVERIFY(id);
    select(id);
    QCOMPARE(panel->taskId(), id);
    QTRY_VERIFY_WITH_TIMEOUT(panel->details().exists && panel->details().task.status.state == TaskState::Running, 30000);
    QVERIFY(panel->isRefreshing());
    QVERIFY(!paint(panel).isNull());
    QTRY_COMPARE_WITH_TIMEOUT(panel->details().task.status.state, TaskState::Succeeded, 30000);
    // Finished: asked no more.
    QTRY_VERIFY(!panel->isRefreshing());
    QCOMPARE(panel->findChild<QLabel *>(u"detailsUrl"_s)->text(), m_server.url(u"/slow.bin"_s).toDisplayString());
    QCOMPARE(panel->findChild<QLabel *>(u"detailsPath"_s)->text(), m_dir.filePath(u"downloads/slow.bin"_s));
    QVERIFY(rowVisible("detailsEtag"));
    QVERIFY(!panel->findChild<QWidget *>(u"detailsError"_s)->isVisibleTo(panel));
    const QString log = panel->findChild<QPlainTextEdit *>(u"detailsLog"_s)->toPlainText();
    QVERIFY2(log.contains(u"added"_s) && log.contains(u"Done"_s), qPrintable(log));
    QVERIFY(QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d added"_s).match(log).hasMatch());
    QVERIFY(!paint(panel).isNull());

    // Hidden with its dock: asks nothing.
    m_app.window->findChild<QDockWidget *>(u"detailsDock"_s)->hide();
    QVERIFY(!panel->isVisible());
    QVERIFY(!panel->isRefreshing());
}

void TestLivePanels::failureShowsItsCauseAndRetryRunsItAgain()
{
    const TaskId id = addDownload(u"/later.bin"_s, 1);  // not there yet: 404
    QVERIFY(id);
    select(id);
    TaskDetailsPanel *panel = details();
    QTRY_COMPARE_WITH_TIMEOUT(panel->details().task.status.state, TaskState::Failed, 30000);
    auto *errorBox = panel->findChild<QWidget *>(u"detailsError"_s);
    auto *text = panel->findChild<QLabel *>(u"detailsErrorText"_s);
    auto *detail = panel->findChild<QLabel *>(u"detailsErrorDetail"_s);
    auto *retry = panel->findChild<QPushButton *>(u"detailsRetry"_s);
    QTRY_VERIFY(errorBox->isVisible());
    // In plain words, then the technical detail.
    QCOMPARE(text->text(), u"The file is not on the server"_s);
    QVERIFY2(detail->text().startsWith(u"http-status"_s) && detail->text().contains(u"404"_s), qPrintable(detail->text()));
    QVERIFY(retry->isVisible());
    QVERIFY(!paint(panel).isNull());

    // The file appears; Retry in the panel runs the task again, to success.
    m_server.setResource(u"/later.bin"_s, Resource(m_body.left(1000)));
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(panel->details().task.status.state, TaskState::Succeeded, 30000);
    QTRY_VERIFY(!errorBox->isVisible());
    QTRY_COMPARE(m_app.model->snapshotAt(m_app.model->rowOf(id)).status.state, TaskState::Succeeded);  // its batch may come after
    QVERIFY(panel->details().log.join(u'\n').contains(u"retry"_s));
    QCOMPARE(m_server.requestCount(u"/later.bin"_s), 2);
}

void TestLivePanels::segmentedDownloadShowsItsSegmentMap()
{
    const TaskId id = addDownload(u"/big.bin"_s, 4);
    QVERIFY(id);
    select(id);
    TaskDetailsPanel *panel = details();
    QTRY_COMPARE_WITH_TIMEOUT(panel->details().task.status.state, TaskState::Succeeded, 60000);
    QTRY_VERIFY(!panel->isRefreshing());
    const DownloadDetails &d = panel->details().download;
    QCOMPARE(d.total, qint64(m_body.size()));
    QCOMPARE(d.ranges.size(), 4);
    qint64 covered = 0;
    for (const DownloadDetails::Range &r : d.ranges) {
        QCOMPARE(r.start, covered);  // by start, no gap, no overlap
        QCOMPARE(r.done, r.end - r.start);
        QVERIFY(!r.active);
        covered = r.end;
    }
    QCOMPARE(covered, qint64(m_body.size()));
    auto *map = panel->findChild<SegmentMap *>(u"segmentMap"_s);
    QVERIFY(map->isVisible());
    QCOMPARE(map->ranges().size(), 4);
    QCOMPARE(panel->findChild<QLabel *>(u"detailsServer"_s)->text(), u"FerryTest/1.0"_s);
    QCOMPARE(panel->findChild<QLabel *>(u"detailsEtag"_s)->text(), QString::fromLatin1(m_server.etag(u"/big.bin"_s)));
    QVERIFY(!paint(map).isNull());
    QVERIFY(!paint(panel).isNull());
}

void TestLivePanels::processingCountsInTheGraph()
{
    // A download and its verify step: the step's progress times the file's size reaches the graph's
    // sampler through the same batches the table gets.
    Recipe recipe;
    recipe.hashes = { HashAlgorithm::Sha256 };
    const TaskId id = addDownload(u"/big.bin"_s, 1, recipe);
    QVERIFY(id);
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->rowCount(), 2, 30000);
    const TaskId hash = m_app.model->snapshotAt(1).id;
    // Shown while it runs, the download's details keep following its step after the download ends.
    select(id);
    TaskDetailsPanel *panel = details();
    QTRY_VERIFY_WITH_TIMEOUT(panel->details().pipeline.size() == 2
                                 && panel->details().pipeline.at(1).status.state == TaskState::Succeeded, 60000);
    QTRY_VERIFY(!panel->isRefreshing());
    QTRY_COMPARE_WITH_TIMEOUT(m_app.model->snapshotAt(1).status.state, TaskState::Succeeded, 60000);
    const qint64 processed = m_app.window->throughputPanel()->sampler().processedBytes();
    QVERIFY2(processed > m_body.size() * 99 / 100 && processed <= m_body.size(), qPrintable(QString::number(processed)));

    // The details of the step list its pipeline: the download, then the step.
    select(hash);
    QTRY_VERIFY_WITH_TIMEOUT(panel->details().id == hash && panel->details().exists, 30000);
    auto *steps = panel->findChild<QTreeWidget *>(u"detailsSteps"_s);
    QCOMPARE(steps->topLevelItemCount(), 2);
    QCOMPARE(panel->details().pipeline.at(0).id, id);
    QCOMPARE(panel->details().pipeline.at(1).id, hash);
    QVERIFY(rowVisible("detailsChecksum"));
    QCOMPARE(panel->findChild<QLabel *>(u"detailsSize"_s)->text(), TaskTableModel::formatSize(m_body.size()));
    QVERIFY(!paint(m_app.window->throughputPanel()).isNull());
}

QTEST_MAIN(TestLivePanels)
#include "tst_livepanels.moc"
