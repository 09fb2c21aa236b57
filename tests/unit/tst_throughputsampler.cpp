// The throughput graph's numbers: one-second buckets of download speed (held between batches and
// averaged over each second) and processing throughput (a step's progress times its input size).
#include "throughputsampler.h"

#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskSnapshot download(TaskId id, double speed, TaskState state = TaskState::Running)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Download;
    s.status = TaskStatus::of(state);
    s.speed = speed;
    return s;
}

TaskSnapshot step(TaskId id, qint64 done, qint64 inputBytes, TaskState state = TaskState::Running)
{
    TaskSnapshot s;
    s.id = id;
    s.kind = TaskKind::Verify;
    s.unit = TaskSnapshot::Unit::PerMille;
    s.status = TaskStatus::of(state);
    s.done = done;
    s.total = 1000;
    s.inputBytes = inputBytes;
    return s;
}

QList<double> downloads(const QList<ThroughputSampler::Sample> &samples)
{
    QList<double> values;
    for (const auto &s : samples)
        values.append(s.download);
    return values;
}

QList<double> processing(const QList<ThroughputSampler::Sample> &samples)
{
    QList<double> values;
    for (const auto &s : samples)
        values.append(s.processing);
    return values;
}

} // namespace

class TestThroughputSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyWindowIsZeros();
    void downloadSpeedIsAveragedOverEachSecond();
    void speedsOfDownloadsAddUp();
    void processingCountsProgressTimesInputSize();
    void firstSightingIsTheBaseline();
    void ringKeepsTheLastSeconds();
    void longGapShowsOnlyTheRing();
    void removedTaskStopsCounting();
};

void TestThroughputSampler::emptyWindowIsZeros()
{
    ThroughputSampler sampler;
    QCOMPARE(sampler.capacity(), 1800);
    QCOMPARE(sampler.window(60).size(), 60);
    QCOMPARE(downloads(sampler.window(3)), (QList<double>{0, 0, 0}));
    QCOMPARE(sampler.maximum(1800).download, 0.0);
    QCOMPARE(sampler.current().processing, 0.0);
}

void TestThroughputSampler::downloadSpeedIsAveragedOverEachSecond()
{
    ThroughputSampler sampler;
    sampler.apply({ download(1, 1000) }, 0);
    sampler.apply({ download(1, 3000) }, 1500);
    sampler.advance(3000);
    // [0,1) at 1000; [1,2) half at 1000, half at 3000; [2,3) at 3000, held without a batch.
    QCOMPARE(downloads(sampler.window(3)), (QList<double>{1000, 2000, 3000}));
    QCOMPARE(downloads(sampler.window(5)), (QList<double>{0, 0, 1000, 2000, 3000}));
    QCOMPARE(sampler.maximum(3).download, 3000.0);
    QCOMPARE(sampler.maximum(2).download, 3000.0);
    QCOMPARE(sampler.current().download, 3000.0);

    sampler.apply({ download(1, 0, TaskState::Succeeded) }, 3000);
    sampler.advance(4000);
    QCOMPARE(downloads(sampler.window(2)), (QList<double>{3000, 0}));
    QCOMPARE(sampler.current().download, 0.0);
    QCOMPARE(sampler.maximum(1).download, 0.0);
    QCOMPARE(sampler.maximum(60).download, 3000.0);
}

void TestThroughputSampler::speedsOfDownloadsAddUp()
{
    ThroughputSampler sampler;
    sampler.apply({ download(1, 500), download(2, 700) }, 0);
    sampler.apply({ download(2, 300) }, 1000);
    // A paused download keeps no speed, whatever its last snapshot said.
    sampler.apply({ download(1, 500, TaskState::Paused) }, 2000);
    sampler.advance(3000);
    QCOMPARE(downloads(sampler.window(3)), (QList<double>{1200, 800, 300}));
}

void TestThroughputSampler::processingCountsProgressTimesInputSize()
{
    ThroughputSampler sampler;
    sampler.apply({ step(5, 0, 10000) }, 0);
    sampler.apply({ step(5, 250, 10000) }, 500);
    sampler.apply({ step(5, 1000, 10000, TaskState::Succeeded) }, 1200);
    sampler.advance(2000);
    QCOMPARE(processing(sampler.window(2)), (QList<double>{2500, 7500}));
    QCOMPARE(sampler.maximum(2).processing, 7500.0);
    QCOMPARE(sampler.current().processing, 7500.0);
    QCOMPARE(sampler.processedBytes(), 10000);
    QCOMPARE(downloads(sampler.window(2)), (QList<double>{0, 0}));

    // A retry starts from 0 again and counts again; a folder (size unknown) counts nothing.
    sampler.apply({ step(5, 0, 10000, TaskState::Queued), step(6, 0, -1) }, 2000);
    sampler.apply({ step(5, 500, 10000), step(6, 900, -1) }, 2500);
    sampler.advance(3000);
    QCOMPARE(processing(sampler.window(1)), (QList<double>{5000}));
    QCOMPARE(sampler.processedBytes(), 15000);
}

void TestThroughputSampler::firstSightingIsTheBaseline()
{
    // Tasks that come back from the store finished were not processed in this session.
    ThroughputSampler sampler;
    sampler.apply({ step(1, 1000, 1 << 20, TaskState::Succeeded), download(2, 0, TaskState::Succeeded) }, 0);
    sampler.advance(1000);
    QCOMPARE(sampler.processedBytes(), 0);
    QCOMPARE(sampler.maximum(1).processing, 0.0);
}

void TestThroughputSampler::ringKeepsTheLastSeconds()
{
    ThroughputSampler sampler(10);
    for (int second = 0; second < 25; ++second)
        sampler.apply({ download(1, 100.0 * second) }, 1000 * second);
    sampler.advance(25000);
    QCOMPARE(downloads(sampler.window(3)), (QList<double>{2200, 2300, 2400}));
    QCOMPARE(sampler.window(60).size(), 10);  // no more than the ring holds
    QCOMPARE(downloads(sampler.window(10)).first(), 1500.0);
    QCOMPARE(sampler.maximum(10).download, 2400.0);
}

void TestThroughputSampler::longGapShowsOnlyTheRing()
{
    ThroughputSampler sampler(10);
    sampler.apply({ download(1, 9000) }, 0);
    sampler.advance(2000);
    sampler.apply({ download(1, 500) }, 2000);
    sampler.advance(3600 * 1000);  // an hour at 500 B/s: the 9000 is long gone
    QCOMPARE(downloads(sampler.window(10)), QList<double>(10, 500));
    QCOMPARE(sampler.maximum(10).download, 500.0);
}

void TestThroughputSampler::removedTaskStopsCounting()
{
    ThroughputSampler sampler;
    sampler.apply({ download(1, 800), download(2, 200) }, 0);
    sampler.remove({ 1 }, 1000);
    sampler.advance(2000);
    QCOMPARE(downloads(sampler.window(2)), (QList<double>{1000, 200}));
}

QTEST_GUILESS_MAIN(TestThroughputSampler)
#include "tst_throughputsampler.moc"
