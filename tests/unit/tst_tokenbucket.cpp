#include "net/tokenbucket.h"

#include <QRandomGenerator>
#include <QTest>
#include <climits>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 second = 1'000'000'000;
constexpr qint64 millisecond = 1'000'000;
constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;
constexpr qint64 GiB = 1024 * MiB;

// A consumer that always wants more than the rate allows, asking for random chunks at random times;
// half the time it sleeps until the bucket says its chunk is there, as the download engine does.
// Returns the bytes granted in the simulated interval [startNs, endNs].
qint64 simulate(TokenBucket &bucket, qint64 startNs, qint64 endNs, quint32 seed)
{
    QRandomGenerator random(seed);
    const qint64 maxChunk = std::max<qint64>(bucket.rate() / 8, 4 * KiB);
    qint64 granted = 0;
    qint64 now = startNs;
    while (now <= endNs) {
        const qint64 wanted = random.bounded(qint64(1), maxChunk + 1);
        const qint64 got = bucket.take(wanted, now);
        if (got < 0 || got > wanted)
            return -1; // the caller's comparison then fails loudly
        granted += got;
        if (got < wanted && random.bounded(2) == 0)
            now += std::max<qint64>(bucket.nanosUntil(wanted - got, now), 1);
        else
            now += random.bounded(qint64(1), 50 * millisecond);
    }
    return granted;
}

} // namespace

class TestTokenBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void averageRateOverTenSeconds_data();
    void averageRateOverTenSeconds();
    void unlimited();
    void defaultBurst_data();
    void defaultBurst();
    void startsFullAndCapsAtBurst();
    void refillsAtRate();
    void neverNegative();
    void clockGoingBackwardsCreditsNothing();
    void giveBack();
    void nanosUntil();
    void nanosUntilIsExact_data();
    void nanosUntilIsExact();
    void rateChangeMidway();
    void loweringRateClampsSavedTokens();
    void veryHighRates();
};

void TestTokenBucket::averageRateOverTenSeconds_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<qint64>("burst");
    QTest::addColumn<quint32>("seed");

    QTest::newRow("64 KiB/s") << 64 * KiB << 0LL << 1u;
    QTest::newRow("1 MiB/s") << MiB << 0LL << 2u;
    QTest::newRow("1 MiB/s other seed") << MiB << 0LL << 99u;
    QTest::newRow("3 MB/s explicit burst") << 3'000'000LL << 200'000LL << 3u;
    QTest::newRow("100 MiB/s") << 100 * MiB << 0LL << 4u;
    QTest::newRow("10 GiB/s") << 10 * GiB << 0LL << 5u;
}

void TestTokenBucket::averageRateOverTenSeconds()
{
    QFETCH(qint64, rate);
    QFETCH(qint64, burst);
    QFETCH(quint32, seed);

    TokenBucket bucket(rate, burst);
    const qint64 start = 123 * second; // any monotonic origin
    const qint64 granted = simulate(bucket, start, start + 10 * second, seed);
    const double average = double(granted) / 10.0;
    QVERIFY2(std::abs(average - double(rate)) <= 0.10 * double(rate),
        qPrintable(u"average %1 B/s for a rate of %2 B/s"_s.arg(average, 0, 'f', 0).arg(rate)));
}

void TestTokenBucket::unlimited()
{
    TokenBucket bucket;
    QVERIFY(bucket.isUnlimited());
    QCOMPARE(bucket.rate(), 0);
    QCOMPARE(bucket.take(10 * GiB, 0), 10 * GiB);
    QCOMPARE(bucket.take(10 * GiB, 0), 10 * GiB);
    QCOMPARE(bucket.take(0, 0), 0);
    QCOMPARE(bucket.take(-5, 0), 0);
    QCOMPARE(bucket.available(0), LLONG_MAX);
    QCOMPARE(bucket.nanosUntil(LLONG_MAX, 0), 0);

    TokenBucket negative(-100);
    QVERIFY(negative.isUnlimited());
    QCOMPARE(negative.take(MiB, 0), MiB);
}

void TestTokenBucket::defaultBurst_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<qint64>("burst");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("quarter second") << 4 * MiB << 0LL << MiB;
    QTest::newRow("at least 16 KiB") << KiB << 0LL << 16 * KiB;
    QTest::newRow("boundary") << 64 * KiB << 0LL << 16 * KiB;
    QTest::newRow("explicit") << 4 * MiB << 1000LL << 1000LL;
    QTest::newRow("explicit above default") << KiB << MiB << MiB;
}

void TestTokenBucket::defaultBurst()
{
    QFETCH(qint64, rate);
    QFETCH(qint64, burst);
    QFETCH(qint64, expected);

    TokenBucket bucket(rate, burst);
    // A new bucket is full, so what it holds is its burst.
    QCOMPARE(bucket.available(0), expected);
    QCOMPARE(bucket.take(10 * expected, 0), expected);
    QCOMPARE(bucket.available(0), 0);
}

void TestTokenBucket::startsFullAndCapsAtBurst()
{
    TokenBucket bucket(MiB); // burst 256 KiB
    QCOMPARE(bucket.available(5 * second), 256 * KiB);
    QCOMPARE(bucket.available(3600 * second), 256 * KiB); // idle for an hour: still one burst
    QCOMPARE(bucket.take(MiB, 3600 * second), 256 * KiB);
}

void TestTokenBucket::refillsAtRate()
{
    TokenBucket bucket(1'000'000);
    const qint64 t0 = 42 * second;
    bucket.take(LLONG_MAX, t0);
    QCOMPARE(bucket.available(t0), 0);
    QCOMPARE(bucket.available(t0 + 1 * millisecond), 1000);
    QCOMPARE(bucket.available(t0 + 100 * millisecond), 100'000);
    QCOMPARE(bucket.take(30'000, t0 + 100 * millisecond), 30'000);
    QCOMPARE(bucket.available(t0 + 150 * millisecond), 120'000);
    // Fractions of a byte add up rather than being lost on each call.
    TokenBucket slow(3);
    slow.take(LLONG_MAX, 0);
    qint64 got = 0;
    for (qint64 t = 0; t <= 10 * second; t += 10 * millisecond)
        got += slow.take(1, t);
    QCOMPARE(got, 30);
}

void TestTokenBucket::neverNegative()
{
    TokenBucket bucket(100 * KiB);
    QRandomGenerator random(11);
    qint64 now = 0;
    for (int i = 0; i < 10000; ++i) {
        now += random.bounded(qint64(0), 2 * millisecond);
        const qint64 wanted = random.bounded(qint64(-10), 64 * KiB);
        const qint64 got = bucket.take(wanted, now);
        QVERIFY(got >= 0);
        QVERIFY(got <= std::max<qint64>(wanted, 0));
        QVERIFY(bucket.available(now) >= 0);
        QVERIFY(bucket.nanosUntil(wanted, now) >= 0);
    }
}

void TestTokenBucket::clockGoingBackwardsCreditsNothing()
{
    TokenBucket bucket(MiB);
    bucket.take(LLONG_MAX, 10 * second);
    QCOMPARE(bucket.available(5 * second), 0);
    QCOMPARE(bucket.take(100, 9 * second), 0);
    // Time is measured from the latest instant seen, not from the bogus earlier one.
    QCOMPARE(bucket.available(10 * second + 1 * millisecond), MiB / 1000);
}

void TestTokenBucket::giveBack()
{
    TokenBucket bucket(MiB); // burst 256 KiB
    bucket.take(LLONG_MAX, 0);
    bucket.giveBack(400);
    QCOMPARE(bucket.available(0), 400);
    QCOMPARE(bucket.take(1000, 0), 400);
    bucket.giveBack(-50);
    bucket.giveBack(0);
    QCOMPARE(bucket.available(0), 0);
    bucket.giveBack(10 * MiB); // never beyond the burst
    QCOMPARE(bucket.available(0), 256 * KiB);

    TokenBucket unlimited;
    unlimited.giveBack(100);
    QCOMPARE(unlimited.take(5, 0), 5);
}

void TestTokenBucket::nanosUntil()
{
    TokenBucket bucket(1'000'000, 50'000);
    QCOMPARE(bucket.nanosUntil(1000, 0), 0); // full
    QCOMPARE(bucket.nanosUntil(0, 0), 0);
    bucket.take(LLONG_MAX, 0);
    QCOMPARE(bucket.nanosUntil(1000, 0), 1 * millisecond);
    QCOMPARE(bucket.nanosUntil(1, 0), 1000);
    QCOMPARE(bucket.nanosUntil(50'000, 0), 50 * millisecond);
    // More than the burst can never be there at once: wait for a full bucket instead.
    QCOMPARE(bucket.nanosUntil(10 * MiB, 0), 50 * millisecond);
    QCOMPARE(bucket.nanosUntil(1000, 400 * 1000), 600 * 1000);
    QCOMPARE(bucket.nanosUntil(1000, 1 * millisecond), 0);
}

void TestTokenBucket::nanosUntilIsExact_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<quint32>("seed");

    QTest::newRow("7 B/s") << 7LL << 1u;
    QTest::newRow("1000 B/s") << 1000LL << 2u;
    QTest::newRow("333333 B/s") << 333'333LL << 3u;
    QTest::newRow("123 MB/s") << 123'456'789LL << 4u;
}

void TestTokenBucket::nanosUntilIsExact()
{
    QFETCH(qint64, rate);
    QFETCH(quint32, seed);

    // Waiting exactly nanosUntil() is enough, and a moment less is not. The moment is the rounding
    // of the answer up to whole nanoseconds plus the time a millionth of a byte (the bucket's
    // floating-point slack) takes: 2 ns at most rates, longer at a few bytes per second.
    const qint64 moment = 1 + (1000 + rate - 1) / rate;
    QRandomGenerator random(seed);
    TokenBucket bucket(rate);
    qint64 now = 0;
    for (int i = 0; i < 2000; ++i) {
        now += random.bounded(qint64(0), 10 * millisecond);
        bucket.take(random.bounded(qint64(0), 64 * KiB), now);
        const qint64 bytes = random.bounded(qint64(1), 32 * KiB);
        const qint64 wait = bucket.nanosUntil(bytes, now);
        const qint64 target = std::min<qint64>(bytes, std::max<qint64>(rate / 4, 16 * KiB));
        TokenBucket after = bucket;
        QVERIFY2(after.available(now + wait) >= target, qPrintable(u"iteration %1"_s.arg(i)));
        if (wait > moment) {
            TokenBucket before = bucket;
            QVERIFY2(before.available(now + wait - moment) < target, qPrintable(u"iteration %1"_s.arg(i)));
        }
    }
}

void TestTokenBucket::rateChangeMidway()
{
    TokenBucket bucket(MiB);
    qint64 granted = simulate(bucket, 0, 5 * second, 21);
    bucket.setRate(4 * MiB);
    QCOMPARE(bucket.rate(), 4 * MiB);
    granted += simulate(bucket, 5 * second + 1, 10 * second, 22);
    const double expected = 5.0 * MiB + 5.0 * 4 * MiB;
    QVERIFY2(std::abs(double(granted) - expected) <= 0.10 * expected,
        qPrintable(u"granted %1 bytes, expected about %2"_s.arg(granted).arg(expected, 0, 'f', 0)));

    // Limited -> unlimited -> limited again.
    bucket.setRate(0);
    QVERIFY(bucket.isUnlimited());
    QCOMPARE(bucket.take(GiB, 11 * second), GiB);
    bucket.setRate(MiB);
    QCOMPARE(bucket.take(GiB, 12 * second), 256 * KiB); // a fresh bucket: full, one burst
}

void TestTokenBucket::loweringRateClampsSavedTokens()
{
    TokenBucket bucket(100 * MiB);
    QCOMPARE(bucket.available(0), 25 * MiB);
    bucket.setRate(MiB);
    QCOMPARE(bucket.available(0), 256 * KiB);
    bucket.setRate(MiB, 1000);
    QCOMPARE(bucket.available(0), 1000);
}

void TestTokenBucket::veryHighRates()
{
    // Rates where rate * elapsed nanoseconds overflows 64 bits. Beyond 2^53 bytes the bucket counts
    // in doubles, so the largest are compared to a relative precision; 100 GiB/s is exact.
    const auto near = [](qint64 value, qint64 expected) {
        return value > 0 && std::abs(double(value) - double(expected)) <= double(expected) * 1e-12;
    };
    for (const qint64 rate : { 100 * GiB, 1024 * 1024 * GiB, LLONG_MAX / 8, LLONG_MAX }) {
        TokenBucket bucket(rate);
        const qint64 burst = rate / 4;
        if (rate == 100 * GiB)
            QCOMPARE(bucket.available(0), burst);
        QVERIFY(near(bucket.available(0), burst));
        QVERIFY(near(bucket.take(LLONG_MAX, 0), burst));
        QCOMPARE(bucket.available(0), 0);
        QVERIFY(bucket.available(1000 * second) > 0);
        QVERIFY(near(bucket.available(LLONG_MAX / 2), burst));
        QVERIFY(near(bucket.take(LLONG_MAX, LLONG_MAX / 2), burst));
        const qint64 wait = bucket.nanosUntil(burst, LLONG_MAX / 2);
        QVERIFY(wait > 0 && wait <= 300 * millisecond);
    }

    TokenBucket hugeBurst(LLONG_MAX, LLONG_MAX);
    QCOMPARE(hugeBurst.available(0), LLONG_MAX);
    QCOMPARE(hugeBurst.take(LLONG_MAX, 0), LLONG_MAX);
    QCOMPARE(hugeBurst.available(0), 0);

    // And the slowest: 1 B/s needs 16 Ki seconds for a full burst, without overflow either.
    TokenBucket slow(1);
    slow.take(LLONG_MAX, 0);
    const qint64 wait = slow.nanosUntil(LLONG_MAX, 0);
    QVERIFY(std::abs(wait - 16 * KiB * second) <= 1000); // within the slack: a µs at 1 B/s
    QVERIFY(slow.available(wait) == 16 * KiB);
}

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
