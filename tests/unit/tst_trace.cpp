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
        QCOMPARE(laneNames, (QStringList{ QStringLiteral("download 1 · connection 1"),
                                          QStringLiteral("download 1 · connection 2") }));
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
