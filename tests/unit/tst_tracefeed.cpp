// TraceFeed: spans cross to the GUI once each, download spans become their task's, the running set
// is sent whole when it changes, and the export has one complete event per span.
#include "engine/trace.h"
#include "engine/tracefeed.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestTraceFeed : public QObject
{
    Q_OBJECT

private:
    static TraceFeed::Lookup tasks()
    {
        return [](TaskId id) -> std::optional<TraceFeed::TaskInfo> {
            if (id == 7)
                return TraceFeed::TaskInfo{ TaskKind::Download, u"big.iso"_s };
            if (id == 8)
                return TraceFeed::TaskInfo{ TaskKind::Verify, u"Verify big.iso"_s };
            return std::nullopt;
        };
    }

private Q_SLOTS:
    void openSpansCloseWhenRecorded()
    {
        Trace trace;
        trace.begin({ 8, u"Verify"_s, u"worker 1"_s, 5, -1, 0, {} });
        Trace::Slice slice = trace.since(0);
        QCOMPARE(slice.open.size(), 1);
        QCOMPARE(slice.finished.size(), 0);
        const quint64 generation = slice.openGeneration;
        trace.record({ 8, u"Verify"_s, u"worker 1"_s, 5, 9, 0, u"ok"_s });
        slice = trace.since(0);
        QCOMPARE(slice.open.size(), 0);
        QCOMPARE(slice.finished.size(), 1);
        QCOMPARE(slice.next, 1);
        QVERIFY(slice.openGeneration != generation);
        QCOMPARE(trace.since(slice.next).finished.size(), 0);
    }

    void downloadSpansBecomeTheirTasks()
    {
        Trace trace;
        TraceFeed feed;
        feed.noteDownload(3, 7);
        trace.begin({ 3, u"bytes 0-"_s, u"download 3 · connection 1"_s, 10, -1, 0, {} });
        std::optional<TraceUpdate> update = feed.take(trace, tasks());
        QVERIFY(update);
        QCOMPARE(update->running.size(), 1);
        const TaskTraceSpan running = update->running.first();
        QCOMPARE(running.task, TaskId(7));
        QCOMPARE(running.kind, TaskKind::Download);
        QCOMPARE(running.title, u"big.iso"_s);
        QCOMPARE(running.lane, u"task 7 · connection 1"_s);
        QVERIFY(running.isRunning());

        // Nothing new: no update.
        QVERIFY(!feed.take(trace, tasks()));

        trace.record({ 3, u"bytes 0-99"_s, u"download 3 · connection 1"_s, 10, 50, 100, u"ok"_s });
        trace.record({ 3, u"publish"_s, u"download 3"_s, 50, 60, 100, u"ok"_s });
        trace.record({ 8, u"Verify big.iso"_s, u"worker 2"_s, 60, 70, 0, u"ok"_s });
        trace.record({ 9, u"gone"_s, u"worker 1"_s, 60, 70, 0, u"ok"_s });  // a task removed since
        feed.retireDownload(3);
        update = feed.take(trace, tasks());
        QVERIFY(update);
        QCOMPARE(update->running.size(), 0);
        QCOMPARE(update->finished.size(), 3);
        QCOMPARE(update->finished.at(0).lane, u"task 7 · connection 1"_s);
        QCOMPARE(update->finished.at(0).endUs, 50);
        QCOMPARE(update->finished.at(1).lane, u"task 7"_s);
        QCOMPARE(update->finished.at(2).task, TaskId(8));
        QCOMPARE(update->finished.at(2).lane, u"worker 2"_s);

        // The retired download is forgotten: a late span of it has no task, so nothing is sent.
        trace.record({ 3, u"late"_s, u"download 3 · connection 2"_s, 70, 80, 0, u"ok"_s });
        QVERIFY(!feed.take(trace, tasks()));
    }

    void chromeJsonHasOneCompleteEventPerSpan()
    {
        const QList<TaskTraceSpan> spans{
            { 7, TaskKind::Download, u"big.iso"_s, u"bytes 0-99"_s, u"task 7 · connection 1"_s, 10, 50, 100, u"ok"_s },
            { 8, TaskKind::Verify, u"Verify big.iso"_s, u"Verify big.iso"_s, u"worker 1"_s, 60, -1, 0, {} },
        };
        const QJsonDocument doc = QJsonDocument::fromJson(taskTraceToChromeJson(spans, 100));
        QVERIFY(doc.isObject());
        QList<QJsonObject> complete;
        QStringList threadNames;
        for (const QJsonValue &v : doc.object().value(u"traceEvents"_s).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(u"ph"_s).toString() == u"X"_s)
                complete.append(e);
            else if (e.value(u"name"_s).toString() == u"thread_name"_s)
                threadNames.append(e.value(u"args"_s).toObject().value(u"name"_s).toString());
        }
        QCOMPARE(complete.size(), 2);
        QCOMPARE(threadNames, (QStringList{ u"task 7 · connection 1"_s, u"worker 1"_s }));
        QCOMPARE(complete.at(0).value(u"ts"_s).toDouble(), 10.0);
        QCOMPARE(complete.at(0).value(u"dur"_s).toDouble(), 40.0);
        QCOMPARE(complete.at(0).value(u"args"_s).toObject().value(u"title"_s).toString(), u"big.iso"_s);
        QCOMPARE(complete.at(0).value(u"args"_s).toObject().value(u"task"_s).toDouble(), 7.0);
        QVERIFY(complete.at(0).value(u"tid"_s).toInt() != complete.at(1).value(u"tid"_s).toInt());
        // The running span ends now.
        QCOMPARE(complete.at(1).value(u"dur"_s).toDouble(), 40.0);
        QCOMPARE(complete.at(1).value(u"args"_s).toObject().value(u"outcome"_s).toString(), u"running"_s);
    }
};

QTEST_GUILESS_MAIN(TestTraceFeed)
#include "tst_tracefeed.moc"
