#pragma once

#include "engine/tasksnapshot.h"

#include <QHash>
#include <QList>

#include <vector>

namespace Ferry {

// The numbers behind the throughput graph, with no widget in sight: fed the engine's snapshot
// batches (the ones the task table gets) and the time, it keeps one-second buckets of total download
// speed and processing throughput in a ring of the last 30 minutes.
//
// Download speed is the sum of the running downloads' speeds, averaged over each second (a speed
// holds until the next batch changes it, so a quiet second keeps its value). Processing throughput
// is the input bytes the steps got through: a step's progress times its input file's size, counted
// when the progress arrives. Steps over a folder (size unknown) are not counted.
//
// Time comes in as milliseconds of any monotonic clock, so tests drive it. Not thread-safe.
class ThroughputSampler
{
public:
    struct Sample
    {
        double download = 0;    // bytes per second
        double processing = 0;  // bytes per second
    };

    static constexpr int BucketMs = 1000;

    explicit ThroughputSampler(int capacitySeconds = 30 * 60);

    void apply(const QList<TaskSnapshot> &batch, qint64 nowMs);
    void remove(const QList<TaskId> &ids, qint64 nowMs);
    // Closes the seconds that ended by nowMs; call it now and then when no batch comes.
    void advance(qint64 nowMs);

    int capacity() const { return int(m_ring.size()); }
    // The last `seconds` finished seconds, oldest first; seconds before sampling began are zero.
    QList<Sample> window(int seconds) const;
    // The largest value of each series in window(seconds).
    Sample maximum(int seconds) const;
    // Download: the running downloads' speed now. Processing: the last finished second.
    Sample current() const;
    qint64 processedBytes() const { return m_processedTotal; }

private:
    void push(const Sample &sample);
    void setSpeed(TaskId id, double speed);

    std::vector<Sample> m_ring;
    qint64 m_pushed = 0;  // buckets closed so far; the newest is at (m_pushed - 1) % capacity

    qint64 m_bucketStartMs = -1;  // -1: nothing fed yet
    qint64 m_integratedToMs = 0;
    double m_downloadBytes = 0;   // speed integrated over the open bucket so far
    double m_processedBytes = 0;  // in the open bucket
    qint64 m_processedTotal = 0;

    QHash<TaskId, double> m_speeds;    // running downloads only
    double m_downloadSpeed = 0;        // their sum
    QHash<TaskId, qint64> m_stepDone;  // processing steps: per-mille progress last seen
};

} // namespace Ferry
