// Which finishes become desktop notifications, with the app's own wiring: a real engine on its
// thread (EngineHost), the model, the window, the loopback test server, and a fake Notifier in place
// of D-Bus. A failure notifies once however often the engine retried; a batch notifies once; nothing
// while the window is active or while notifications are off; "Show" selects the task.
//
// Absence is proven with a fence: after the finishes under test, one more download is added, and
// its notification must be the next one (the engine's signals reach this thread in order).
#include "enginehost.h"
#include "fakenotifier.h"
#include "mainwindow.h"
#include "notificationpolicy.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

class TestNotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void failureNotifiesOncePerFailure();
    void finishedBatchNotifiesOnce();
    void retriedTaskKeepsItsBatchOpen();
    void nothingWhileTheWindowIsActive();
    void nothingWhenTurnedOff();
    void showActionSelectsTheTask();
    void summaryCountsPipelinesNotSteps();

private:
    QList<TaskId> addBatch(const QStringList &paths, const Recipe &recipe = {});
    bool allFinished(const QList<TaskId> &ids) const;
    TaskState stateOf(TaskId id) const;
    int requestsFor(const QString &path) const;
    // Adds one more download and waits for its notification, which must be the next one.
    void fence();

    TestServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<FakeNotifier> m_notifier;
    std::unique_ptr<NotificationPolicy> m_policy;
    QByteArray m_body;
};

void TestNotificationPolicy::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_server.listen());
    m_body = randomBytes(64 * 1024, 5);
    for (const QString &path : {u"/a.bin"_s, u"/b.bin"_s, u"/c.bin"_s, u"/ok.bin"_s, u"/fence.bin"_s})
        m_server.setResource(path, Resource(m_body));
    Resource failing(m_body);
    failing.failTimes = 1'000'000;
    failing.failStatus = 503;
    failing.retryAfter = "0";  // retry at once: the test waits for no backoff
    m_server.setResource(u"/fail.bin"_s, failing);
    QVERIFY(QDir().mkpath(m_dir.filePath(u"downloads"_s)));

    m_host = std::make_unique<EngineHost>();
    m_model = std::make_unique<TaskTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_host->connectModel(m_model.get());
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.filePath(u"downloads"_s), nullptr, true);
    m_host->connectWindow(m_window.get());
    Preferences preferences;
    preferences.retries = 2;
    m_host->applyPreferences(preferences);

    // The predicate the app uses.
    m_notifier = std::make_unique<FakeNotifier>();
    MainWindow *window = m_window.get();
    m_policy = std::make_unique<NotificationPolicy>(m_notifier.get(), m_model.get(),
                                                    [window] { return window->isActiveWindow(); });
    m_host->connectPolicy(m_policy.get());
    connect(m_policy.get(), &NotificationPolicy::showTaskRequested, window, &MainWindow::showTask);
}

void TestNotificationPolicy::init()
{
    m_window->hide();
    QTRY_VERIFY(!m_window->isActiveWindow());
    m_policy->setEnabled(true);
    m_notifier->shown.clear();
}

void TestNotificationPolicy::cleanupTestCase()
{
    m_policy.reset();
    m_window.reset();
    m_host.reset();
    m_tester.reset();
    m_model.reset();
}

QList<TaskId> TestNotificationPolicy::addBatch(const QStringList &paths, const Recipe &recipe)
{
    QList<DownloadRequest> requests;
    for (const QString &path : paths) {
        DownloadRequest request;
        request.url = m_server.url(path);
        request.directory = m_dir.filePath(u"downloads"_s);
        request.expected.digest = QByteArray::fromHex(sha256Hex(m_body));
        requests.append(request);
    }
    QSignalSpy added(m_host.get(), &EngineHost::batchAdded);
    m_host->addPipelines(requests, recipe);
    // Emitted on the engine thread, maybe before a wait() could start: poll the count instead.
    [&] { QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 30000); }();
    return added.isEmpty() ? QList<TaskId>{} : added.first().first().value<QList<TaskId>>();
}

TaskState TestNotificationPolicy::stateOf(TaskId id) const
{
    const int row = m_model->rowOf(id);
    return row < 0 ? TaskState::Queued : m_model->snapshotAt(row).status.state;
}

bool TestNotificationPolicy::allFinished(const QList<TaskId> &ids) const
{
    return std::all_of(ids.cbegin(), ids.cend(), [this](TaskId id) { return isFinished(stateOf(id)); });
}

int TestNotificationPolicy::requestsFor(const QString &path) const
{
    const QList<RequestRecord> records = m_server.requests();
    return int(std::count_if(records.cbegin(), records.cend(), [&path](const RequestRecord &r) { return r.path == path; }));
}

void TestNotificationPolicy::fence()
{
    m_policy->setEnabled(true);
    QVERIFY(!m_window->isActiveWindow());
    const qsizetype before = m_notifier->shown.size();
    const QList<TaskId> ids = addBatch({u"/fence.bin"_s});
    QCOMPARE(ids.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->shown.size(), before + 1, 30000);
    QVERIFY2(m_notifier->shown.last().title.startsWith(u"Finished: fence"_s),
             qPrintable(m_notifier->shown.last().title));
}

void TestNotificationPolicy::failureNotifiesOncePerFailure()
{
    // A download and its verify step: the download fails after two retries, the verify is blocked.
    Recipe verify;
    verify.verify = true;
    const QList<TaskId> ids = addBatch({u"/fail.bin"_s}, verify);
    QCOMPARE(ids.size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    QCOMPARE(stateOf(ids[0]), TaskState::Failed);
    QCOMPARE(stateOf(ids[1]), TaskState::Failed);
    QCOMPARE(requestsFor(u"/fail.bin"_s), 3);  // the first try and two retries

    QTRY_COMPARE(m_notifier->shown.size(), 1);
    const FakeNotifier::Shown failure = m_notifier->shown.first();
    QCOMPARE(failure.title, u"Failed: fail.bin"_s);
    QVERIFY(!failure.body.isEmpty());
    QCOMPARE(failure.keys(), QStringList{u"show"_s});
    fence();
    QCOMPARE(m_notifier->shown.size(), 2);  // neither the retries nor the blocked step added one

    // The user retries, it fails again: a new failure, a new notification.
    Q_EMIT m_window->retryRequested({ids[0]});
    QTRY_COMPARE_WITH_TIMEOUT(requestsFor(u"/fail.bin"_s), 6, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->shown.size(), 3, 30000);
    QCOMPARE(m_notifier->shown.last().title, u"Failed: fail.bin"_s);
    fence();
    QCOMPARE(m_notifier->shown.size(), 4);
}

void TestNotificationPolicy::finishedBatchNotifiesOnce()
{
    const QList<TaskId> ids = addBatch({u"/a.bin"_s, u"/b.bin"_s, u"/c.bin"_s});
    QCOMPARE(ids.size(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    for (TaskId id : ids)
        QCOMPARE(stateOf(id), TaskState::Succeeded);
    QTRY_COMPARE(m_notifier->shown.size(), 1);
    const FakeNotifier::Shown batch = m_notifier->shown.first();
    QCOMPARE(batch.title, u"3 download(s) finished"_s);  // no English plural forms are loaded
    QCOMPARE(batch.body, u"a.bin, b.bin, c.bin"_s);
    QCOMPARE(batch.keys(), (QStringList{u"open"_s, u"show"_s}));
    QCOMPARE(batch.label(u"open"_s), u"Open Folder"_s);

    // "Open" on three files in one folder opens the folder.
    QSignalSpy open(m_policy.get(), &NotificationPolicy::openRequested);
    m_notifier->invoke(batch.id, u"open"_s);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.first().first().toUrl(), QUrl::fromLocalFile(m_dir.filePath(u"downloads"_s)));

    fence();
    QCOMPARE(m_notifier->shown.size(), 2);
    // A batch of one opens its file.
    QSignalSpy openOne(m_policy.get(), &NotificationPolicy::openRequested);
    m_notifier->invoke(m_notifier->shown.last().id, u"open"_s);
    QCOMPARE(openOne.count(), 1);
    QVERIFY(openOne.first().first().toUrl().toLocalFile().startsWith(m_dir.filePath(u"downloads/fence"_s)));
}

void TestNotificationPolicy::retriedTaskKeepsItsBatchOpen()
{
    // Stalling resources hold a download in Running until the test lets it go (pause, serve the
    // file normally, resume): the order of finishes is the test's, not the scheduler's.
    const auto stalling = [this] {
        Resource r(m_body);
        r.stallAfter = 1024;
        return r;
    };
    const auto release = [this](TaskId id, const QString &path) {
        Q_EMIT m_window->pauseRequested({id});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), TaskState::Paused, 30000);
        m_server.setResource(path, Resource(m_body));
        Q_EMIT m_window->resumeRequested({id});
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(id), TaskState::Succeeded, 30000);
    };
    Resource failing(m_body);
    failing.failTimes = 1'000'000;
    failing.retryAfter = "0";
    m_server.setResource(u"/held.bin"_s, stalling());
    m_server.setResource(u"/flaky.bin"_s, failing);

    const QList<TaskId> ids = addBatch({u"/held.bin"_s, u"/flaky.bin"_s});
    QCOMPARE(ids.size(), 2);
    const TaskId held = ids[0];
    const TaskId flaky = ids[1];
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(flaky), TaskState::Failed, 30000);
    QTRY_COMPARE(m_notifier->shown.size(), 1);
    QCOMPARE(m_notifier->shown.first().title, u"Failed: flaky.bin"_s);

    // The user retries it; the other one finishes while it runs again: the batch is not done.
    m_server.setResource(u"/flaky.bin"_s, stalling());
    Q_EMIT m_window->retryRequested({flaky});
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(flaky), TaskState::Running, 30000);
    QCOMPARE(stateOf(held), TaskState::Running);
    release(held, u"/held.bin"_s);
    fence();
    QCOMPARE(m_notifier->shown.size(), 2);

    // Now it succeeds, and the batch notifies with both.
    release(flaky, u"/flaky.bin"_s);
    QTRY_COMPARE(m_notifier->shown.size(), 3);
    QCOMPARE(m_notifier->shown.last().title, u"2 download(s) finished"_s);
    QCOMPARE(m_notifier->shown.last().body, u"held.bin, flaky.bin"_s);
}

void TestNotificationPolicy::nothingWhileTheWindowIsActive()
{
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    const QList<TaskId> ids = addBatch({u"/ok.bin"_s, u"/fail.bin"_s});
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    QCOMPARE(stateOf(ids[0]), TaskState::Succeeded);
    QCOMPARE(stateOf(ids[1]), TaskState::Failed);

    m_window->hide();
    QTRY_VERIFY(!m_window->isActiveWindow());
    fence();
    QCOMPARE(m_notifier->shown.size(), 1);  // only the fence's
}

void TestNotificationPolicy::nothingWhenTurnedOff()
{
    m_policy->setEnabled(false);
    const QList<TaskId> ids = addBatch({u"/ok.bin"_s, u"/fail.bin"_s});
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    QCOMPARE(stateOf(ids[1]), TaskState::Failed);
    fence();  // turns them on again
    QCOMPARE(m_notifier->shown.size(), 1);
}

void TestNotificationPolicy::showActionSelectsTheTask()
{
    // A filter that hides the task must not stop "Show".
    m_window->findChild<QLineEdit *>(u"filterEdit"_s)->setText(u"no task has this name"_s);
    const QList<TaskId> ids = addBatch({u"/fail.bin"_s});
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(ids), 30000);
    QTRY_COMPARE(m_notifier->shown.size(), 1);
    QVERIFY(!m_window->isVisible());

    m_notifier->invoke(m_notifier->shown.first().id, u"show"_s);
    QVERIFY(m_window->isVisible());
    auto *view = m_window->findChild<QTableView *>(u"taskView"_s);
    const QModelIndexList selected = view->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(TaskTableModel::TaskIdRole).value<TaskId>(), ids.first());
    QVERIFY(m_window->findChild<QLineEdit *>(u"filterEdit"_s)->text().isEmpty());
}

void TestNotificationPolicy::summaryCountsPipelinesNotSteps()
{
    const auto task = [](TaskId id, TaskKind kind, TaskState state, const QString &output, QList<TaskId> dependsOn = {}) {
        TaskSnapshot s;
        s.id = id;
        s.kind = kind;
        s.status.state = state;
        s.outputPath = output;
        s.url = QUrl(u"http://example.org/"_s + QString::number(id));
        s.dependsOn = std::move(dependsOn);
        if (state == TaskState::Failed)
            s.error = TaskError(TaskError::Code::Network, u"refused"_s);
        return s;
    };
    // Two pipelines of a download and a step; the second failed. Given out of order.
    const QList<TaskSnapshot> two{
        task(4, TaskKind::Verify, TaskState::Failed, {}, {3}),
        task(1, TaskKind::Download, TaskState::Succeeded, u"/d/a.zip"_s),
        task(2, TaskKind::Extract, TaskState::Succeeded, u"/d/a"_s, {1}),
        task(3, TaskKind::Download, TaskState::Failed, {}),
    };
    NotificationPolicy::BatchSummary summary = NotificationPolicy::summarize(two);
    QCOMPARE(summary.succeeded, 1);
    QCOMPARE(summary.failed, 1);
    QCOMPARE(summary.cancelled, 0);
    QVERIFY(summary.allDownloads);
    QCOMPARE(summary.showId, TaskId(3));
    QCOMPARE(summary.result, u"/d/a"_s);  // the extracted folder, not the archive
    QVERIFY(!summary.resultIsFolder);

    // Results in one folder open as that folder; thumbnails are not the result.
    const QList<TaskSnapshot> three{
        task(1, TaskKind::Download, TaskState::Succeeded, u"/d/x.jpg"_s),
        task(2, TaskKind::Thumbnail, TaskState::Succeeded, u"/d/thumbnails"_s, {1}),
        task(3, TaskKind::Extract, TaskState::Succeeded, u"/d/y"_s),
        task(4, TaskKind::Download, TaskState::Cancelled, {}),
    };
    summary = NotificationPolicy::summarize(three);
    QCOMPARE(summary.succeeded, 2);
    QCOMPARE(summary.cancelled, 1);
    QVERIFY(!summary.allDownloads);
    QCOMPARE(summary.showId, TaskId(1));
    QCOMPARE(summary.result, u"/d"_s);
    QVERIFY(summary.resultIsFolder);
}

QTEST_MAIN(TestNotificationPolicy)
#include "tst_notificationpolicy.moc"
