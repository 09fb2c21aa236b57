#include "net/speedmeter.h"

#include <QTest>

using namespace Ferry;

class TestSpeedMeter : public QObject
{
    Q_OBJECT

    static constexpr qint64 Second = 1'000'000'000;

private Q_SLOTS:
    void steadyRateConverges()
    {
        SpeedMeter meter;
        meter.restart(0, 0);
        for (int i = 1; i <= 40; ++i)  // 10 s of 1 MB/s, sampled every 250 ms
            meter.update(qint64(i) * 250'000, qint64(i) * Second / 4, true);
        QVERIFY(qAbs(meter.speed() - 1e6) < 1e3);
    }

    void smoothsASpikeWithoutIgnoringIt()
    {
        SpeedMeter meter;
        meter.restart(0, 0);
        qint64 bytes = 0;
        for (int i = 1; i <= 20; ++i)
            meter.update(bytes += 250'000, qint64(i) * Second / 4, true);
        meter.update(bytes += 2'500'000, 21 * Second / 4, true);  // one quarter second at 10 MB/s
        QVERIFY(meter.speed() > 1.5e6);
        QVERIFY(meter.speed() < 5e6);
    }

    void tooEarlySamplesAreIgnoredAndStopIsZero()
    {
        SpeedMeter meter;
        meter.restart(0, 0);
        meter.update(1'000'000, Second / 100, true);  // 10 ms: too short to measure
        QCOMPARE(meter.speed(), 0.0);
        meter.update(1'000'000, Second, true);
        QVERIFY(meter.speed() > 0);
        meter.update(1'000'000, 2 * Second, false);
        QCOMPARE(meter.speed(), 0.0);
    }

    void minimumSpeedNeedsAWholeWindow()
    {
        SpeedMeter meter;
        const qint64 window = 10 * Second;
        // 100 B/s against a minimum of 1000 B/s: below, but only once ~a window has been seen.
        QVERIFY(!meter.isBelow(1000, 0, 0, window));
        QVERIFY(!meter.isBelow(1000, 500, 5 * Second, window));
        QVERIFY(meter.isBelow(1000, 1000, 10 * Second, window));
        meter.clearWindow();
        QVERIFY(!meter.isBelow(1000, 1000, 11 * Second, window));
        // Fast enough: never below.
        SpeedMeter fast;
        for (int i = 0; i <= 20; ++i)
            QVERIFY(!fast.isBelow(1000, qint64(i) * 5000, qint64(i) * Second, window));
    }
};

QTEST_GUILESS_MAIN(TestSpeedMeter)
#include "tst_speedmeter.moc"
