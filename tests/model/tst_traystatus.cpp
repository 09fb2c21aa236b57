// What the tray's tooltip and ring say, computed from the queue model without any tray.
#include "tasktablemodel.h"
#include "traystatus.h"

#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestTrayStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyQueueHasNothingToDo();
    void countsSpeedAndDownloadProgress();
    void percentRoundsDown_data();
    void percentRoundsDown();
    void allFinished();
};

namespace {

TaskSnapshot task(TaskId id, TaskKind kind, TaskState state, qint64 done, qint64 total, double speed = 0)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = kind;
    s.status = state == TaskState::Waiting ? TaskStatus::waiting(WaitReason::Slot) : TaskStatus::of(state);
    s.url = QUrl(u"http://example.org/file"_s + QString::number(id));
    s.unit = kind == TaskKind::Download ? TaskSnapshot::Unit::Bytes : TaskSnapshot::Unit::PerMille;
    s.done = done;
    s.total = total;
    s.speed = speed;
    return s;
}

} // namespace

void TestTrayStatus::emptyQueueHasNothingToDo()
{
    TaskTableModel model;
    const TrayStatus status = TrayStatus::of(model);
    QCOMPARE(status.percent(), -1);
    QCOMPARE(status.toolTip(), u"Ferry\nNothing to do"_s);
}

void TestTrayStatus::countsSpeedAndDownloadProgress()
{
    TaskTableModel model;
    model.applySnapshots({
        task(1, TaskKind::Download, TaskState::Running, 25 * 1024, 100 * 1024, 2048),
        task(2, TaskKind::Download, TaskState::Queued, 0, -1),            // size unknown yet
        task(3, TaskKind::Download, TaskState::Waiting, 0, 300 * 1024),
        task(4, TaskKind::Download, TaskState::Succeeded, 50, 50),       // finished: not in the ring
        task(5, TaskKind::Verify, TaskState::Running, 500, 1000),        // per-mille: not bytes
        task(6, TaskKind::Download, TaskState::Failed, 10, 1000),
    });
    const TrayStatus status = TrayStatus::of(model);
    QCOMPARE(status.active, 2);
    QCOMPARE(status.queued, 2);
    QCOMPARE(status.finished, 1);
    QCOMPARE(status.failed, 1);
    QCOMPARE(status.speed, qint64(2048));
    QCOMPARE(status.downloads, 3);
    QCOMPARE(status.done, qint64(25 * 1024));
    QCOMPARE(status.total, qint64(400 * 1024));
    QCOMPARE(status.percent(), 6);
    const QLocale c = QLocale::c();
    QCOMPARE(status.toolTip(c), u"Ferry\n2 active \u00b7 2 queued \u00b7 1 failed\n\u2193 %1\n6% of 3 download(s): %2 of %3"_s
                                    .arg(TaskTableModel::formatSpeed(2048, c), TaskTableModel::formatSize(25 * 1024, c),
                                         TaskTableModel::formatSize(400 * 1024, c)));
    QCOMPARE(TrayStatus::of(model), status);

    // Progress moves the status; the same batch again does not.
    model.applySnapshots({task(1, TaskKind::Download, TaskState::Running, 75 * 1024, 100 * 1024, 2048)});
    QVERIFY(TrayStatus::of(model) != status);
    QCOMPARE(TrayStatus::of(model).percent(), 18);
}

void TestTrayStatus::percentRoundsDown_data()
{
    QTest::addColumn<qint64>("done");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("percent");
    QTest::newRow("nothing yet") << qint64(0) << qint64(1000) << 0;
    QTest::newRow("almost done is not done") << qint64(999) << qint64(1000) << 99;
    QTest::newRow("no floating-point rounding") << qint64(29) << qint64(100) << 29;
    QTest::newRow("done") << qint64(1000) << qint64(1000) << 100;
    QTest::newRow("huge files do not overflow") << (qint64(1) << 60) << (qint64(1) << 61) << 50;
    QTest::newRow("unknown size") << qint64(5) << qint64(0) << -1;
}

void TestTrayStatus::percentRoundsDown()
{
    QFETCH(qint64, done);
    QFETCH(qint64, total);
    QFETCH(int, percent);
    TrayStatus status;
    status.done = done;
    status.total = total;
    QCOMPARE(status.percent(), percent);
}

void TestTrayStatus::allFinished()
{
    TaskTableModel model;
    model.applySnapshots({task(1, TaskKind::Download, TaskState::Succeeded, 5, 5),
                          task(2, TaskKind::Verify, TaskState::Succeeded, 1000, 1000)});
    QCOMPARE(TrayStatus::of(model).toolTip(), u"Ferry\nAll 2 task(s) finished"_s);
}

QTEST_MAIN(TestTrayStatus)
#include "tst_traystatus.moc"
