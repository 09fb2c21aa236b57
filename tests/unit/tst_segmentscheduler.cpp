#include "net/segmentscheduler.h"

#include <QTest>

using namespace Ferry;

namespace {
constexpr qint64 kMiB = 1 << 20;
using Range = ResumeState::Range;
using Busy = SegmentScheduler::Busy;
} // namespace

class TestSegmentScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionsFor_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<int>("wanted");
        QTest::addColumn<int>("expected");
        QTest::newRow("one wanted") << 100 * kMiB << 1 << 1;
        QTest::newRow("none wanted") << 100 * kMiB << 0 << 1;
        QTest::newRow("big file, all granted") << 100 * kMiB << 8 << 8;
        QTest::newRow("under two segments") << 2 * kMiB - 1 << 8 << 1;
        QTest::newRow("exactly two segments") << 2 * kMiB << 8 << 2;
        QTest::newRow("five and a half segments") << 5 * kMiB + kMiB / 2 << 8 << 5;
        QTest::newRow("unknown length") << qint64(-1) << 8 << 1;
    }
    void connectionsFor()
    {
        QFETCH(qint64, total);
        QFETCH(int, wanted);
        QFETCH(int, expected);
        QCOMPARE(SegmentScheduler(kMiB).connectionsFor(total, wanted), expected);
    }

    void evenSplitCoversTheFileWithoutGapsOrOverlaps_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<int>("count");
        QTest::newRow("divisible") << qint64(8 << 20) << 8;
        QTest::newRow("remainder to the last") << qint64(10'000'003) << 4;
        QTest::newRow("one range") << qint64(12345) << 1;
    }
    void evenSplitCoversTheFileWithoutGapsOrOverlaps()
    {
        QFETCH(qint64, total);
        QFETCH(int, count);
        const QList<Range> ranges = SegmentScheduler::evenSplit(total, count);
        QCOMPARE(ranges.size(), count);
        qint64 next = 0;
        for (const Range &r : ranges) {
            QCOMPARE(r.start, next);
            QCOMPARE(r.done, 0);
            QVERIFY(r.end > r.start);
            QVERIFY(r.end - r.start >= total / count);
            next = r.end;
        }
        QCOMPARE(next, total);
        QCOMPARE(ranges.last().end - ranges.last().start, total / count + total % count);
    }

    void idleTakesHalfOfTheLargestRemaining()
    {
        const SegmentScheduler scheduler(kMiB);
        // Remaining: 4 MiB, 10 MiB, 6 MiB: the second is cut in the middle of what it has left.
        const std::vector<Busy> busy{ { 0, 4 * kMiB }, { 20 * kMiB, 30 * kMiB }, { 34 * kMiB, 40 * kMiB } };
        const auto cut = scheduler.cutForIdle(busy);
        QVERIFY(cut.has_value());
        QCOMPARE(cut->victim, 1);
        QCOMPARE(cut->at, 25 * kMiB);
    }

    void nothingWorthCuttingBelowTwoSegments()
    {
        const SegmentScheduler scheduler(kMiB);
        QVERIFY(!scheduler.cutForIdle({}).has_value());
        QVERIFY(!scheduler.cutForIdle({ { 0, 2 * kMiB - 1 }, { 5 * kMiB, 6 * kMiB } }).has_value());
        const auto cut = scheduler.cutForIdle({ { 0, 2 * kMiB } });
        QVERIFY(cut.has_value());
        QCOMPARE(cut->at, kMiB);
    }

    void openEndedConnectionsAreNeverCut()
    {
        const SegmentScheduler scheduler(kMiB);
        QVERIFY(!scheduler.cutForIdle({ { 0, -1 } }).has_value());
        const auto cut = scheduler.cutForIdle({ { 0, -1 }, { 0, 3 * kMiB } });
        QVERIFY(cut.has_value());
        QCOMPARE(cut->victim, 1);
    }

    void unclaimedRangeComesFirst()
    {
        // A resume with four ranges and two connections: range 0 is complete, 1 is worked on.
        const QList<Range> ranges{ { 0, 10, 10 }, { 10, 20, 3 }, { 20, 30, 0 }, { 30, 40, 5 } };
        QCOMPARE(SegmentScheduler::unclaimedRange(ranges, { 1 }), 2);
        QCOMPARE(SegmentScheduler::unclaimedRange(ranges, { 1, 2 }), 3);
        QCOMPARE(SegmentScheduler::unclaimedRange(ranges, { 1, 2, 3 }), -1);
        QCOMPARE(SegmentScheduler::unclaimedRange({}, {}), -1);
    }
};

QTEST_APPLESS_MAIN(TestSegmentScheduler)
#include "tst_segmentscheduler.moc"
