// The timeline dock: it paints (empty, live, finished) without warnings, zooms, and shows real runs
// driven through EngineHost (local hash steps and a download from the loopback server); a click on a
// bar selects the task's row in the window's table; the export is Chrome Trace JSON with exactly one
// complete event per step run.
#include "enginehost.h"
#include "mainwindow.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "tasktablemodel.h"
#include "timelinelayout.h"
#include "timelinelegend.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "timelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <memory>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

TaskTraceSpan span(TaskId task, TaskKind kind, const QString &lane, qint64 start, qint64 end, const QString &outcome)
{
    return { task, kind, u"task %1"_s.arg(task), u"step"_s, lane, start, end, 1000, outcome };
}

QImage render(QWidget *widget)
{
    QImage image(widget->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(0);
    widget->render(&image);
    return image;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void paintsEmptyLiveAndFinishedWithoutWarnings();
    void zoomChangesTheTimeScale();
    void realRunsShowAndExportOneEventPerRun();
    void clickOnABarSelectsItsTask();
    void keyboardSelectsABar();
    void exportErrorIsShown();
    void cleanupTestCase();

private:
    TaskId taskOfRow(int row) const;
    int spanOf(TaskId task) const;

    TestServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
    TimelinePanel *m_panel = nullptr;
};

void TestTimeline::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_server.setResource(u"/data.bin"_s, Resource(randomBytes(2 * 1024 * 1024, 5)));
}

void TestTimeline::cleanupTestCase()
{
    m_window.reset();
    m_host.reset();
    m_tester.reset();
    m_model.reset();
}

void TestTimeline::paintsEmptyLiveAndFinishedWithoutWarnings()
{
    // Any warning but the offscreen platform's note about size hints.
    QTest::failOnWarning(QRegularExpression(u"^(?!This plugin does not support propagateSizeHints)"_s));
    TimelinePanel panel;
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QImage empty = render(&panel);
    QVERIFY(!empty.isNull());

    // Live: a running hash step and a running connection, next to finished, failed and stopped ones.
    TraceUpdate update;
    update.finished = { span(1, TaskKind::Download, u"task 1 · connection 1"_s, 0, 400'000, u"ok"_s),
                        span(1, TaskKind::Download, u"task 1 · connection 2"_s, 50'000, 300'000, u"Connection reset"_s),
                        span(2, TaskKind::Extract, u"worker 1"_s, 400'000, 900'000, u"stopped"_s) };
    update.running = { span(3, TaskKind::Hash, u"worker 2"_s, 500'000, -1, {}),
                       span(1, TaskKind::Download, u"task 1 · connection 2"_s, 600'000, -1, {}) };
    update.nowUs = 1'000'000;
    panel.model()->apply(update);
    TimelineView *view = panel.view();
    view->zoomToFit();
    const QImage live = render(&panel);
    QVERIFY(live != empty);
    // The finished download bar is drawn in the download colour where the layout puts it.
    const QRectF bar = view->layout().barRect(*panel.model(), 0);
    const QPoint inside = view->viewport()->mapTo(&panel, bar.center().toPoint() + QPoint(0, 0));
    QCOMPARE(live.pixelColor(inside).rgb(), TimelineLegend::kindColor(TaskKind::Download, panel.palette()).rgb());

    // Finished: the running ones end.
    TraceUpdate done;
    done.finished = { span(3, TaskKind::Hash, u"worker 2"_s, 500'000, 1'100'000, u"ok"_s),
                      span(1, TaskKind::Download, u"task 1 · connection 2"_s, 600'000, 1'200'000, u"ok"_s) };
    done.nowUs = 1'300'000;
    panel.model()->apply(done);
    QVERIFY(!panel.model()->hasRunning());
    QCOMPARE(panel.model()->spans().size(), 5);
    QVERIFY(!render(&panel).isNull());
    // The tooltip names the task, the step and how long it took; the view has a name for screen readers.
    const QString tip = view->describe(0);
    QVERIFY2(tip.contains(u"#1 task 1"_s) && tip.contains(TimelineView::formatDuration(400'000)), qPrintable(tip));
    QVERIFY(!view->accessibleName().isEmpty());
    QCOMPARE(view->focusPolicy(), Qt::StrongFocus);
}

void TestTimeline::zoomChangesTheTimeScale()
{
    TimelinePanel panel;
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    TimelineView *view = panel.view();
    QSignalSpy zoomed(view, &TimelineView::zoomChanged);

    const double start = view->layout().usPerPixel();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(view->layout().usPerPixel() < start);
    QTest::keyClick(view, Qt::Key_Minus);
    QTest::keyClick(view, Qt::Key_Minus);
    QVERIFY(view->layout().usPerPixel() > start);

    // Ctrl+wheel zooms in around the pointer, keeping the time under it.
    view->setFollowNow(false);
    const QPointF at(view->layout().gutterWidth() + 200, 40);
    const double before = view->layout().usPerPixel();
    const qint64 timeUnder = view->layout().timeForX(at.x());
    QWheelEvent wheel(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->layout().usPerPixel() < before);
    QVERIFY(std::abs(view->layout().timeForX(at.x()) - timeUnder) <= qint64(view->layout().usPerPixel()) + 1);

    // The toolbar's buttons do the same.
    auto *zoomIn = panel.findChild<QAction *>(u"timelineZoomIn"_s);
    QVERIFY(zoomIn);
    const double beforeButton = view->layout().usPerPixel();
    zoomIn->trigger();
    QVERIFY(view->layout().usPerPixel() < beforeButton);
    QCOMPARE(zoomed.count(), 5);
}

TaskId TestTimeline::taskOfRow(int row) const
{
    return m_model->snapshotAt(row).id;
}

int TestTimeline::spanOf(TaskId task) const
{
    const TimelineModel *model = m_panel->model();
    for (int i = 0; i < model->spans().size(); ++i) {
        if (model->span(i).task == task)
            return i;
    }
    return -1;
}

void TestTimeline::realRunsShowAndExportOneEventPerRun()
{
    m_host = std::make_unique<EngineHost>();
    m_model = std::make_unique<TaskTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_host->connectModel(m_model.get());
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.filePath(u"downloads"_s), nullptr, true);
    m_host->connectWindow(m_window.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_panel = m_window->timeline();
    QVERIFY(m_panel);
    auto *dock = m_window->findChild<QDockWidget *>(u"timelineDock"_s);
    QVERIFY(dock && dock->isVisible());

    // Four local files hashed: one step run each, on the worker lanes.
    QStringList paths;
    for (int i = 0; i < 4; ++i) {
        const QString path = m_dir.filePath(u"file%1.bin"_s.arg(i));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(randomBytes(256 * 1024, quint32(i))) > 0);
        file.close();
        paths << path;
    }
    Recipe recipe;
    recipe.hashes = { HashAlgorithm::Sha256 };
    m_host->processLocal(paths, recipe);
    // And a download, whose requests show on its connection lanes.
    DownloadRequest request;
    request.url = m_server.url(u"/data.bin"_s);
    request.directory = m_dir.filePath(u"downloads"_s);
    m_host->addPipelines({ request }, {});

    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 5, 30000);
    const auto allSucceeded = [this] {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->snapshotAt(row).status.state != TaskState::Succeeded)
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allSucceeded(), 60000);
    // Every run's spans have reached the timeline, and none is running.
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->model()->hasRunning() && spanOf(taskOfRow(4)) >= 0, 30000);
    QStringList lanes;
    for (const TimelineModel::Lane &lane : m_panel->model()->lanes())
        lanes << lane.name;
    QVERIFY2(lanes.first().startsWith(u"worker "_s), qPrintable(lanes.join(u", "_s)));
    QVERIFY2(lanes.filter(u" · connection "_s).size() >= 1, qPrintable(lanes.join(u", "_s)));

    // It paints the real thing without trouble.
    QVERIFY(!render(m_panel).isNull());

    const QString path = m_dir.filePath(u"trace.json"_s);
    QSignalSpy exported(m_panel, &TimelinePanel::exportFinished);
    m_panel->exportTo(path);
    QVERIFY(exported.wait(30000));
    QCOMPARE(exported.at(0).at(1).toString(), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QHash<TaskId, int> runs;
    QHash<TaskId, QString> titles;
    QSet<int> threadIds;
    for (const QJsonValue &v : doc.object().value(u"traceEvents"_s).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"ph"_s).toString() == u"M"_s && e.value(u"name"_s).toString() == u"thread_name"_s)
            threadIds.insert(e.value(u"tid"_s).toInt());
        if (e.value(u"ph"_s).toString() != u"X"_s)
            continue;
        QVERIFY(threadIds.contains(e.value(u"tid"_s).toInt()));  // every lane is named before use
        QVERIFY(e.value(u"dur"_s).toDouble() >= 0);
        const QJsonObject args = e.value(u"args"_s).toObject();
        const auto task = TaskId(args.value(u"task"_s).toDouble());
        QCOMPARE(args.value(u"outcome"_s).toString(), u"ok"_s);
        titles.insert(task, args.value(u"title"_s).toString());
        if (args.value(u"step"_s).toString() != u"download"_s)
            ++runs[task];
    }
    // Exactly one complete event per hash run, with its task's id and title.
    int hashTasks = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const TaskSnapshot &task = m_model->snapshotAt(row);
        QVERIFY2(titles.contains(task.id), qPrintable(task.title));
        QCOMPARE(titles.value(task.id), task.title);
        if (task.kind == TaskKind::Hash) {
            ++hashTasks;
            QCOMPARE(runs.value(task.id), 1);
        }
    }
    QCOMPARE(hashTasks, 4);
    QCOMPARE(runs.size(), 4);
}

void TestTimeline::clickOnABarSelectsItsTask()
{
    QVERIFY(m_panel);
    TimelineView *view = m_panel->view();
    const TaskId target = taskOfRow(2);
    const int index = spanOf(target);
    QVERIFY(index >= 0);
    const TaskTraceSpan &s = m_panel->model()->span(index);
    view->showRange(s.startUs, s.endUs);
    const QRectF bar = view->layout().barRect(*m_panel->model(), index);
    QVERIFY2(view->viewport()->rect().contains(bar.center().toPoint()), "the bar is in view");
    QCOMPARE(view->layout().spanAt(*m_panel->model(), bar.center().toPoint()), index);

    QSignalSpy clicked(view, &TimelineView::taskClicked);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, bar.center().toPoint());
    QCOMPARE(clicked.count(), 1);
    auto *table = m_window->findChild<QTableView *>(u"taskView"_s);
    QVERIFY(table);
    QCOMPARE(table->currentIndex().data(TaskTableModel::TaskIdRole).value<TaskId>(), target);
    QVERIFY(table->selectionModel()->isRowSelected(table->currentIndex().row(), {}));
    QCOMPARE(view->selectedTask(), target);

    // The other way: a row selected in the table outlines its bars.
    table->setCurrentIndex(table->model()->index(0, 0));
    QCOMPARE(view->selectedTask(), taskOfRow(0));
}

void TestTimeline::keyboardSelectsABar()
{
    QVERIFY(m_panel);
    TimelineView *view = m_panel->view();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_0);  // everything in view
    QTest::keyClick(view, Qt::Key_Down);
    QVERIFY(view->currentSpan() >= 0);
    const TaskId task = m_panel->model()->span(view->currentSpan()).task;
    QSignalSpy clicked(view, &TimelineView::taskClicked);
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(clicked.count(), 1);
    auto *table = m_window->findChild<QTableView *>(u"taskView"_s);
    QCOMPARE(table->currentIndex().data(TaskTableModel::TaskIdRole).value<TaskId>(), task);
}

void TestTimeline::exportErrorIsShown()
{
    QVERIFY(m_panel);
    QSignalSpy exported(m_panel, &TimelinePanel::exportFinished);
    m_panel->exportTo(m_dir.filePath(u"no-such-folder/trace.json"_s));
    QVERIFY(exported.wait(30000));
    const QString error = exported.at(0).at(1).toString();
    QVERIFY(error.contains(u"no-such-folder"_s));
    // The window shows it.
    auto *notice = m_window->findChild<QLabel *>(u"noticeLabel"_s);
    QVERIFY(notice);
    QTRY_COMPARE(notice->text(), error);
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
