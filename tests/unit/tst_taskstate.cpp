#include "task/taskstate.h"

#include <QSet>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

const QList<TaskState> AllStates = { TaskState::Queued,    TaskState::Waiting, TaskState::Running,
                                     TaskState::Paused,    TaskState::Succeeded, TaskState::Failed,
                                     TaskState::Cancelled };

// The documented table in taskstate.h, written out again by hand so the test does not just
// repeat the code's switch.
const QList<std::pair<TaskState, TaskState>> LegalTransitions = {
    { TaskState::Queued, TaskState::Waiting },     { TaskState::Queued, TaskState::Running },
    { TaskState::Queued, TaskState::Paused },      { TaskState::Queued, TaskState::Cancelled },
    { TaskState::Queued, TaskState::Failed },
    { TaskState::Waiting, TaskState::Waiting },    { TaskState::Waiting, TaskState::Running },
    { TaskState::Waiting, TaskState::Paused },     { TaskState::Waiting, TaskState::Cancelled },
    { TaskState::Waiting, TaskState::Failed },
    { TaskState::Running, TaskState::Succeeded },  { TaskState::Running, TaskState::Failed },
    { TaskState::Running, TaskState::Cancelled },  { TaskState::Running, TaskState::Paused },
    { TaskState::Running, TaskState::Waiting },
    { TaskState::Paused, TaskState::Queued },      { TaskState::Paused, TaskState::Cancelled },
    { TaskState::Failed, TaskState::Queued },
    { TaskState::Cancelled, TaskState::Queued },
};

} // namespace

class TestTaskState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transition_data();
    void transition();
    void succeededIsFinal();
    void everyStateHasDistinctNames();
    void waitReasonNames();
    void statusValidity_data();
    void statusValidity();
    void statusFactories();
    void displayText();
};

void TestTaskState::transition_data()
{
    QTest::addColumn<TaskState>("from");
    QTest::addColumn<TaskState>("to");
    QTest::addColumn<bool>("legal");

    for (TaskState from : AllStates) {
        for (TaskState to : AllStates) {
            const bool legal = LegalTransitions.contains(std::pair(from, to));
            QTest::addRow("%s->%s", qPrintable(stateName(from)), qPrintable(stateName(to)))
                << from << to << legal;
        }
    }
}

void TestTaskState::transition()
{
    QFETCH(TaskState, from);
    QFETCH(TaskState, to);
    QFETCH(bool, legal);
    QCOMPARE(isValidTransition(from, to), legal);
}

void TestTaskState::succeededIsFinal()
{
    for (TaskState to : AllStates)
        QVERIFY2(!isValidTransition(TaskState::Succeeded, to), qPrintable(stateName(to)));
    // Every finished state is exactly the set with nothing running; only Failed/Cancelled retry.
    QVERIFY(isFinished(TaskState::Succeeded));
    QVERIFY(isFinished(TaskState::Failed));
    QVERIFY(isFinished(TaskState::Cancelled));
    QVERIFY(!isFinished(TaskState::Queued));
    QVERIFY(!isFinished(TaskState::Waiting));
    QVERIFY(!isFinished(TaskState::Running));
    QVERIFY(!isFinished(TaskState::Paused));
}

void TestTaskState::everyStateHasDistinctNames()
{
    QSet<QString> names;
    QSet<QString> displayNames;
    for (TaskState state : AllStates) {
        const QString name = stateName(state);
        QVERIFY(!name.isEmpty());
        QCOMPARE(name, name.toLower());
        QVERIFY(!name.contains(u' '));
        names.insert(name);
        displayNames.insert(stateDisplayName(state));
    }
    QCOMPARE(names.size(), AllStates.size());
    QCOMPARE(displayNames.size(), AllStates.size());
    QCOMPARE(stateName(TaskState::Cancelled), u"cancelled"_s);
}

void TestTaskState::waitReasonNames()
{
    QCOMPARE(waitReasonName(WaitReason::None), u"none"_s);
    QCOMPARE(waitReasonName(WaitReason::Dependencies), u"dependencies"_s);
    QCOMPARE(waitReasonName(WaitReason::Slot), u"slot"_s);
    QCOMPARE(waitReasonName(WaitReason::HostCap), u"host-cap"_s);
    QCOMPARE(waitReasonName(WaitReason::RetryAt), u"retry-at"_s);
}

void TestTaskState::statusValidity_data()
{
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<bool>("valid");

    const QDateTime when = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    for (TaskState state : AllStates) {
        TaskStatus plain;
        plain.state = state;
        QTest::addRow("%s without reason", qPrintable(stateName(state)))
            << plain << (state != TaskState::Waiting);
        TaskStatus withReason = plain;
        withReason.reason = WaitReason::Slot;
        QTest::addRow("%s with reason", qPrintable(stateName(state)))
            << withReason << (state == TaskState::Waiting);
    }
    QTest::newRow("retry-at with time") << TaskStatus::retryingAt(when) << true;
    QTest::newRow("retry-at without time") << TaskStatus::waiting(WaitReason::RetryAt) << false;
    TaskStatus slotWithTime = TaskStatus::waiting(WaitReason::Slot);
    slotWithTime.retryAt = when;
    QTest::newRow("slot with time") << slotWithTime << false;
    TaskStatus failedWithTime = TaskStatus::of(TaskState::Failed);
    failedWithTime.retryAt = when;
    QTest::newRow("failed with time") << failedWithTime << false;
}

void TestTaskState::statusValidity()
{
    QFETCH(TaskStatus, status);
    QFETCH(bool, valid);
    QCOMPARE(status.isValid(), valid);
}

void TestTaskState::statusFactories()
{
    const TaskStatus queued = TaskStatus::of(TaskState::Queued, u"added by the CLI"_s);
    QCOMPARE(queued.state, TaskState::Queued);
    QCOMPARE(queued.reason, WaitReason::None);
    QCOMPARE(queued.detail, u"added by the CLI"_s);

    const TaskStatus slot = TaskStatus::waiting(WaitReason::Slot, u"3 of 3 running"_s);
    QCOMPARE(slot.state, TaskState::Waiting);
    QCOMPARE(slot.reason, WaitReason::Slot);
    QVERIFY(!slot.retryAt.isValid());

    const QDateTime when = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    const TaskStatus retry = TaskStatus::retryingAt(when, u"after 503"_s);
    QCOMPARE(retry.state, TaskState::Waiting);
    QCOMPARE(retry.reason, WaitReason::RetryAt);
    QCOMPARE(retry.retryAt, when);
    QCOMPARE(retry.detail, u"after 503"_s);

    QVERIFY(retry == TaskStatus::retryingAt(when, u"after 503"_s));
    QVERIFY(retry != TaskStatus::retryingAt(when.addSecs(1), u"after 503"_s));
    QVERIFY(slot != TaskStatus::waiting(WaitReason::HostCap, u"3 of 3 running"_s));
}

void TestTaskState::displayText()
{
    QCOMPARE(Ferry::displayText(TaskStatus::of(TaskState::Running)), u"Running"_s);
    QCOMPARE(Ferry::displayText(TaskStatus::of(TaskState::Succeeded)), u"Done"_s);
    QCOMPARE(Ferry::displayText(TaskStatus::waiting(WaitReason::Slot)), u"Waiting for a free slot"_s);
    QCOMPARE(Ferry::displayText(TaskStatus::waiting(WaitReason::Dependencies)),
             u"Waiting for other tasks"_s);
    QCOMPARE(Ferry::displayText(TaskStatus::waiting(WaitReason::HostCap)), u"Waiting for the server"_s);
    const QDateTime when = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    QCOMPARE(Ferry::displayText(TaskStatus::retryingAt(when)),
             u"Retrying at "_s + when.toLocalTime().toString(u"HH:mm:ss"));
}

QTEST_GUILESS_MAIN(TestTaskState)
#include "tst_taskstate.moc"
