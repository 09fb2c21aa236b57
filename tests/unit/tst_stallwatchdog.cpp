#include "net/stallwatchdog.h"

#include <QTest>

using namespace Ferry;
using namespace std::chrono_literals;

namespace {
constexpr qint64 Second = 1'000'000'000;
}

// When connections count as stalled, driven by a fake clock: silence per connection, and the
// download's speed over the stall timeout against the minimum.
class TestStallWatchdog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void silenceLongerThanTheTimeoutStalls()
    {
        const StallWatchdog watchdog(5s, 0);
        QVERIFY(!watchdog.isSilent(10 * Second, 12 * Second));
        QVERIFY(!watchdog.isSilent(10 * Second, 15 * Second));  // exactly the timeout: not yet
        QVERIFY(watchdog.isSilent(10 * Second, 15 * Second + 1));
        const TaskError error = watchdog.silenceError();
        QCOMPARE(error.code(), TaskError::Code::Stalled);
        QCOMPARE(error.message(), QStringLiteral("No data arrived for 5 s"));
    }

    void withoutAMinimumSpeedSlownessNeverCounts()
    {
        StallWatchdog watchdog(2s, 0);
        for (qint64 t = 0; t <= 10; ++t)
            QVERIFY(!watchdog.isTooSlow(0, t * Second, true, 0));
    }

    void slowForAWholeWindowStalls()
    {
        StallWatchdog watchdog(4s, 1000);
        // 100 bytes/s, sampled once a second: too slow once a whole window (nine tenths of it) is seen.
        QVERIFY(!watchdog.isTooSlow(0, 0, true, 0));
        QVERIFY(!watchdog.isTooSlow(100, 1 * Second, true, 0));
        QVERIFY(!watchdog.isTooSlow(200, 2 * Second, true, 0));
        QVERIFY(!watchdog.isTooSlow(300, 3 * Second, true, 0));
        QVERIFY(watchdog.isTooSlow(400, 4 * Second, true, 0));
        // The window starts afresh after a verdict: the retry gets a whole window again.
        QVERIFY(!watchdog.isTooSlow(500, 5 * Second, true, 0));
        QVERIFY(!watchdog.isTooSlow(600, 6 * Second, true, 0));
        const TaskError error = watchdog.slownessError();
        QCOMPARE(error.code(), TaskError::Code::Stalled);
        QCOMPARE(error.message(), QStringLiteral("Slower than 1000 bytes/s for 4 s"));
    }

    void fastEnoughNeverStalls()
    {
        StallWatchdog watchdog(2s, 1000);
        for (qint64 t = 0; t <= 10; ++t)
            QVERIFY(!watchdog.isTooSlow(t * 5000, t * Second, true, 0));
    }

    void notTransferringRestartsTheWindow()
    {
        StallWatchdog watchdog(2s, 1000);
        QVERIFY(!watchdog.isTooSlow(0, 0, true, 0));
        QVERIFY(!watchdog.isTooSlow(0, 1 * Second, true, 0));
        QVERIFY(!watchdog.isTooSlow(0, 2 * Second, false, 0));  // paused, retrying, verifying...
        QVERIFY(!watchdog.isTooSlow(0, 3 * Second, true, 0));   // a new window from here
        QVERIFY(!watchdog.isTooSlow(0, 4 * Second, true, 0));
        QVERIFY(watchdog.isTooSlow(0, 5 * Second, true, 0));
    }

    void anOwnLimitBelowTheMinimumIsNotAStall()
    {
        StallWatchdog watchdog(2s, 1000);
        for (qint64 t = 0; t <= 10; ++t)
            QVERIFY(!watchdog.isTooSlow(t * 500, t * Second, true, 500));
        // A limit above the minimum does not excuse it.
        StallWatchdog limited(2s, 1000);
        bool stalled = false;
        for (qint64 t = 0; t <= 10 && !stalled; ++t)
            stalled = limited.isTooSlow(t * 500, t * Second, true, 5000);
        QVERIFY(stalled);
    }
};

QTEST_GUILESS_MAIN(TestStallWatchdog)
#include "tst_stallwatchdog.moc"
