// TimelineModel and TimelineLayout: lanes in a stable order, the running set replaced by each update,
// hit-testing through the time <-> x mapping, and zoom that keeps the time under the pointer.
#include "timelinelayout.h"
#include "timelinemodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskTraceSpan span(TaskId task, const QString &lane, qint64 start, qint64 end, const QString &outcome = u"ok"_s)
{
    return { task, TaskKind::Hash, u"task %1"_s.arg(task), u"step"_s, lane, start, end, 0, end < 0 ? QString() : outcome };
}

QStringList laneNames(const TimelineModel &model)
{
    QStringList names;
    for (const TimelineModel::Lane &lane : model.lanes())
        names << lane.name;
    return names;
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workersComeFirstInNumberOrder()
    {
        TimelineModel model;
        TraceUpdate update;
        update.finished = { span(1, u"task 1 · connection 1"_s, 0, 10), span(2, u"worker 2"_s, 0, 10),
                            span(3, u"task 1 · connection 2"_s, 5, 10), span(4, u"worker 1"_s, 20, 30) };
        update.nowUs = 40;
        model.apply(update);
        QCOMPARE(laneNames(model), (QStringList{ u"worker 1"_s, u"worker 2"_s, u"task 1 · connection 1"_s,
                                                 u"task 1 · connection 2"_s }));
        // A later lane of task 1 joins its other lanes, above task 3's.
        TraceUpdate later;
        later.finished = { span(1, u"task 1"_s, 10, 12) };
        model.apply(later);
        QCOMPARE(laneNames(model), (QStringList{ u"worker 1"_s, u"worker 2"_s, u"task 1 · connection 1"_s, u"task 1"_s,
                                                 u"task 1 · connection 2"_s }));
        // Every span's lane survived the reordering.
        for (int i = 0; i < model.spans().size(); ++i)
            QCOMPARE(model.lanes().at(model.laneOf(i)).name, model.span(i).lane);
    }

    void keepsTheMostRecentFinishedSpans()
    {
        TimelineModel model;
        QCOMPARE(model.maxFinished(), 200'000);
        constexpr int cap = 80;  // dropped once cap / 8 more have come
        model.setMaxFinished(cap);
        // Each task on its own lane, so lanes empty out as their spans go; one running span stays.
        qint64 start = 0;
        TaskId next = 1;
        for (int update = 0; update < 30; ++update) {
            TraceUpdate u;
            for (int i = 0; i < 7; ++i, ++next, start += 10)
                u.finished.append(span(next, u"task %1"_s.arg(next), start, start + 5));
            u.running = { span(999, u"worker 1"_s, 0, -1) };
            u.nowUs = start;
            model.apply(u);
            QVERIFY(model.finishedCount() <= cap + cap / 8);
            QCOMPARE(model.spans().size(), model.finishedCount() + 1);
            QCOMPARE(model.droppedSpans(), qint64(next - 1 - model.finishedCount()));
        }
        QVERIFY(model.droppedSpans() > 0);

        // More than the slack at once: back to the cap exactly, the newest kept in arrival order.
        TraceUpdate big;
        for (int i = 0; i < 2 * cap; ++i, ++next, start += 10)
            big.finished.append(span(next, u"task %1"_s.arg(next), start, start + 5));
        big.running = { span(999, u"worker 1"_s, 0, -1) };
        big.nowUs = start;
        model.apply(big);
        QCOMPARE(model.finishedCount(), cap);
        QCOMPARE(model.droppedSpans(), qint64(next - 1 - cap));
        QCOMPARE(model.span(0).task, next - cap);
        QCOMPARE(model.span(cap - 1).task, next - 1);
        QVERIFY(model.hasRunning());
        QCOMPARE(model.span(cap).task, TaskId(999));

        // Lanes hold only what is kept, every index points at its own lane, and lookups still work.
        QCOMPARE(model.lanes().size(), cap + 1);  // the worker lane and one per kept task
        QCOMPARE(model.lanes().first().name, u"worker 1"_s);
        for (int i = 0; i < model.spans().size(); ++i)
            QCOMPARE(model.lanes().at(model.laneOf(i)).name, model.span(i).lane);
        for (const TimelineModel::Lane &lane : model.lanes()) {
            for (int i : lane.spans)
                QCOMPARE(model.span(i).lane, lane.name);
        }
        const int last = model.laneOf(cap - 1);
        QCOMPARE(model.spanAt(last, model.span(cap - 1).startUs + 2), cap - 1);
        QCOMPARE(model.spansByLane().size(), cap + 1);

        // The export says how many went, and stays valid JSON.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(
                taskTraceToChromeJson(model.spansByLane(), model.nowUs(), model.droppedSpans()), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(qint64(doc.object().value(u"otherData"_s).toObject().value(u"droppedSpans"_s).toDouble()),
                 model.droppedSpans());
        int complete = 0;
        for (const QJsonValue &v : doc.object().value(u"traceEvents"_s).toArray())
            complete += v.toObject().value(u"ph"_s).toString() == u"X"_s ? 1 : 0;
        QCOMPARE(complete, cap + 1);

        model.clear();
        QCOMPARE(model.droppedSpans(), 0);
    }

    void runningSetIsReplaced()
    {
        TimelineModel model;
        QSignalSpy changed(&model, &TimelineModel::changed);
        TraceUpdate first;
        first.running = { span(1, u"worker 1"_s, 100, -1) };
        first.nowUs = 150;
        model.apply(first);
        QVERIFY(model.hasRunning());
        QVERIFY(model.endOf(model.span(0)) >= 150);  // grows with the clock

        TraceUpdate second;
        second.finished = { span(1, u"worker 1"_s, 100, 200) };
        second.nowUs = 210;
        model.apply(second);
        QVERIFY(!model.hasRunning());
        QCOMPARE(model.spans().size(), 1);
        QCOMPARE(model.endOf(model.span(0)), 200);
        QCOMPARE(model.lanes().at(0).running.size(), 0);
        QCOMPARE(changed.count(), 2);
    }

    void hitTestingFindsTheBarUnderAPoint()
    {
        TimelineModel model;
        TraceUpdate update;
        update.finished = { span(1, u"worker 1"_s, 1'000'000, 2'000'000), span(2, u"worker 1"_s, 3'000'000, 3'500'000),
                            span(3, u"worker 2"_s, 0, 4'000'000) };
        update.nowUs = 5'000'000;
        model.apply(update);

        TimelineLayout layout;
        layout.setMetrics(100, 20, 10);
        layout.setViewportSize(600, 200);
        layout.setUsPerPixel(10'000);  // 100 px per second
        QCOMPARE(layout.xForTime(1'000'000), 200.0);
        QCOMPARE(layout.timeForX(200), 1'000'000);
        QCOMPARE(layout.laneAt(19), -1);
        QCOMPARE(layout.laneAt(25), 0);
        QCOMPARE(layout.laneAt(35), 1);

        const auto taskAt = [&](QPoint p) {
            const int i = layout.spanAt(model, p);
            return i < 0 ? TaskId(0) : model.span(i).task;
        };
        QCOMPARE(taskAt({250, 25}), TaskId(1));
        QCOMPARE(taskAt({420, 25}), TaskId(2));
        QCOMPARE(taskAt({350, 25}), TaskId(0));  // between the two bars
        QCOMPARE(taskAt({350, 35}), TaskId(3));
        QCOMPARE(taskAt({50, 25}), TaskId(0));   // the gutter
        QCOMPARE(taskAt({250, 10}), TaskId(0));  // the axis
        QCOMPARE(taskAt({250, 55}), TaskId(0));  // below the last lane

        // The bar's rectangle is where hit-testing finds it.
        const QRectF bar = layout.barRect(model, 1);
        QCOMPARE(bar.left(), 400.0);
        QCOMPARE(bar.right(), 450.0);
        QCOMPARE(taskAt(bar.center().toPoint()), TaskId(2));

        // Scrolled half a second to the right, the same point is half a second later.
        layout.setOriginUs(500'000);
        QCOMPARE(taskAt({200, 25}), TaskId(1));
        QCOMPARE(layout.xForTime(1'000'000), 150.0);
    }

    void zoomKeepsTheTimeUnderThePointer()
    {
        TimelineLayout layout;
        layout.setMetrics(100, 20, 10);
        layout.setViewportSize(600, 200);
        layout.setUsPerPixel(10'000);
        layout.setOriginUs(2'000'000);
        const qint64 before = layout.timeForX(300);
        layout.zoomAt(2.0, 300);
        QCOMPARE(layout.usPerPixel(), 5'000.0);
        QCOMPARE(layout.timeForX(300), before);
        layout.zoomAt(1e12, 300);  // clamped
        QCOMPARE(layout.usPerPixel(), TimelineLayout::MinUsPerPixel);
    }

    void ticksAreRound()
    {
        TimelineLayout layout;
        layout.setUsPerPixel(10'000);
        QCOMPARE(layout.tickStepUs(80), 1'000'000);  // 800 ms wanted: 1 s
        layout.setUsPerPixel(1'000);
        QCOMPARE(layout.tickStepUs(80), 100'000);
        layout.setUsPerPixel(3'000);
        QCOMPARE(layout.tickStepUs(80), 500'000);  // 240 ms wanted: 500 ms
    }

    void exportOrderFollowsTheLanes()
    {
        TimelineModel model;
        TraceUpdate update;
        update.finished = { span(1, u"task 1 · connection 1"_s, 0, 10), span(2, u"worker 1"_s, 5, 10) };
        update.running = { span(3, u"worker 1"_s, 20, -1) };
        model.apply(update);
        const QList<TaskTraceSpan> spans = model.spansByLane();
        QCOMPARE(spans.size(), 3);
        QCOMPARE(spans.at(0).task, TaskId(2));
        QCOMPARE(spans.at(1).task, TaskId(3));
        QCOMPARE(spans.at(2).task, TaskId(1));
    }
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
