#include "engine/trace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

using namespace Ferry;

class TestTrace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromeJsonHasOneEventPerSpanAndNamedLanes()
    {
        Trace trace;
        trace.record({ 1, QStringLiteral("bytes 0-99"), QStringLiteral("download 1 · connection 1"), 10, 30, 100,
                       QStringLiteral("ok") });
        trace.record({ 1, QStringLiteral("bytes 100-199"), QStringLiteral("download 1 · connection 2"), 12, 40, 100,
                       QStringLiteral("ok") });
        trace.record({ 2, QStringLiteral("sha256"), QStringLiteral("download 1 · connection 1"), 50, 45, 0,
                       QStringLiteral("failed: disk") });

        const QJsonDocument doc = QJsonDocument::fromJson(trace.toChromeJson());
        QVERIFY(doc.isObject());
        const QJsonArray events = doc.object().value(QStringLiteral("traceEvents")).toArray();
        int complete = 0;
        QStringList laneNames;
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("ph")).toString() == u"X") {
                ++complete;
                QVERIFY(e.value(QStringLiteral("dur")).toDouble() >= 0);  // an end before the start is clamped
                QVERIFY(e.contains(QStringLiteral("ts")) && e.contains(QStringLiteral("tid")));
            } else {
                QCOMPARE(e.value(QStringLiteral("ph")).toString(), QStringLiteral("M"));
                laneNames << e.value(QStringLiteral("args")).toObject().value(QStringLiteral("name")).toString();
            }
        }
        QCOMPARE(complete, 3);
        QCOMPARE(doc.object().value(QStringLiteral("otherData")).toObject().value(QStringLiteral("droppedSpans")).toInt(-1), 0);
        QCOMPARE(laneNames, (QStringList{ QStringLiteral("download 1 · connection 1"),
                                          QStringLiteral("download 1 · connection 2") }));
    }

    void keepsTheMostRecentSpansWithinItsCap()
    {
        QCOMPARE(Trace::defaultMaxFinished, qsizetype(200'000));
        constexpr int cap = 100;
        Trace trace(cap);
        trace.begin({ 9, QStringLiteral("sha256"), QStringLiteral("worker 1"), 0, 0, 0, {} });
        const Trace::Slice before = trace.since(0);
        for (int i = 0; i < 250; ++i) {
            trace.record({ quint64(i), QStringLiteral("bytes"), QStringLiteral("download %1").arg(i % 3), i * 10,
                           i * 10 + 5, i, QStringLiteral("ok") });
            QVERIFY(trace.spans().size() <= cap);
        }
        const QList<TraceSpan> kept = trace.spans();
        QCOMPARE(kept.size(), cap);
        QCOMPARE(kept.first().taskId, 150u);  // the newest remain, oldest first
        QCOMPARE(kept.last().taskId, 249u);
        QCOMPARE(trace.droppedCount(), 150);

        // Places count every span ever recorded: a reader that kept up gets exactly the news, one that
        // fell behind the oldest kept span gets what is left; the open span is never dropped.
        const Trace::Slice late = trace.since(before.next);
        QCOMPARE(late.next, 250);
        QCOMPARE(late.finished.size(), cap);
        QCOMPARE(late.open.size(), 1);
        const Trace::Slice news = trace.since(240);
        QCOMPARE(news.finished.size(), 10);
        QCOMPARE(news.finished.first().taskId, 240u);
        QCOMPARE(trace.since(late.next).finished.size(), 0);

        // The export is still valid JSON and says how many were dropped.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(trace.toChromeJson(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(doc.object().value(QStringLiteral("otherData")).toObject().value(QStringLiteral("droppedSpans")).toInt(), 150);
        int complete = 0;
        QStringList instants;
        for (const QJsonValue &v : doc.object().value(QStringLiteral("traceEvents")).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("ph")).toString() == u"X")
                ++complete;
            else if (e.value(QStringLiteral("ph")).toString() == u"i")
                instants << e.value(QStringLiteral("name")).toString();
        }
        QCOMPARE(complete, cap);
        QCOMPARE(instants, QStringList{ QStringLiteral("150 older spans dropped") });
    }

    void recordsFromManyThreads()
    {
        Trace trace;
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([&trace, t] {
                for (int i = 0; i < 500; ++i)
                    trace.record({ quint64(t), QStringLiteral("work"), QStringLiteral("worker %1").arg(t),
                                   trace.nowUs(), trace.nowUs(), i, QStringLiteral("ok") });
            });
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(20000));
            delete thread;
        }
        QCOMPARE(trace.spans().size(), 2000);
        QVERIFY(trace.nowUs() >= 0);
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
