#include "throughputsampler.h"

#include <algorithm>

namespace Ferry {

ThroughputSampler::ThroughputSampler(int capacitySeconds) : m_ring(size_t(std::max(1, capacitySeconds)))
{
}

void ThroughputSampler::push(const Sample &sample)
{
    m_ring[size_t(m_pushed % qint64(m_ring.size()))] = sample;
    ++m_pushed;
}

void ThroughputSampler::advance(qint64 nowMs)
{
    if (m_bucketStartMs < 0) {
        m_bucketStartMs = m_integratedToMs = nowMs;
        return;
    }
    if (nowMs <= m_integratedToMs)
        return;
    // After a long gap (a suspended machine) only the last ring's worth of seconds can be seen.
    const qint64 skip = (nowMs - m_bucketStartMs) / BucketMs - qint64(m_ring.size()) - 1;
    if (skip > 0) {
        m_bucketStartMs += skip * BucketMs;
        m_pushed += skip;
        m_integratedToMs = std::max(m_integratedToMs, m_bucketStartMs);
        m_downloadBytes = m_processedBytes = 0;
    }
    while (nowMs >= m_bucketStartMs + BucketMs) {
        const qint64 end = m_bucketStartMs + BucketMs;
        m_downloadBytes += m_downloadSpeed * double(end - m_integratedToMs) / 1000.0;
        push({ m_downloadBytes * 1000.0 / BucketMs, m_processedBytes * 1000.0 / BucketMs });
        m_downloadBytes = m_processedBytes = 0;
        m_bucketStartMs = m_integratedToMs = end;
    }
    m_downloadBytes += m_downloadSpeed * double(nowMs - m_integratedToMs) / 1000.0;
    m_integratedToMs = nowMs;
}

void ThroughputSampler::setSpeed(TaskId id, double speed)
{
    if (speed > 0)
        m_speeds.insert(id, speed);
    else
        m_speeds.remove(id);
    // Summed afresh (a few running downloads), so adding and subtracting never drifts.
    m_downloadSpeed = 0;
    for (double s : std::as_const(m_speeds))
        m_downloadSpeed += s;
}

void ThroughputSampler::apply(const QList<TaskSnapshot> &batch, qint64 nowMs)
{
    advance(nowMs);
    for (const TaskSnapshot &s : batch) {
        if (s.kind == TaskKind::Download) {
            setSpeed(s.id, s.status.state == TaskState::Running ? s.speed : 0);
            continue;
        }
        const auto seen = m_stepDone.constFind(s.id);
        // The first sighting is the baseline: a step loaded finished from the store adds nothing.
        if (seen != m_stepDone.cend() && s.done > *seen && s.inputBytes > 0) {
            const qint64 bytes = (s.done - *seen) * s.inputBytes / 1000;
            m_processedBytes += double(bytes);
            m_processedTotal += bytes;
        }
        m_stepDone.insert(s.id, s.done);  // a retry starts again from 0
    }
}

void ThroughputSampler::remove(const QList<TaskId> &ids, qint64 nowMs)
{
    advance(nowMs);
    for (TaskId id : ids) {
        setSpeed(id, 0);
        m_stepDone.remove(id);
    }
}

QList<ThroughputSampler::Sample> ThroughputSampler::window(int seconds) const
{
    seconds = std::clamp(seconds, 0, int(m_ring.size()));
    QList<Sample> samples(seconds);
    const qint64 first = m_pushed - seconds;
    for (int i = 0; i < seconds; ++i) {
        const qint64 index = first + i;
        if (index >= 0)
            samples[i] = m_ring[size_t(index % qint64(m_ring.size()))];
    }
    return samples;
}

ThroughputSampler::Sample ThroughputSampler::maximum(int seconds) const
{
    Sample top;
    for (const Sample &s : window(seconds)) {
        top.download = std::max(top.download, s.download);
        top.processing = std::max(top.processing, s.processing);
    }
    return top;
}

ThroughputSampler::Sample ThroughputSampler::current() const
{
    Sample now;
    now.download = m_downloadSpeed;
    if (m_pushed > 0)
        now.processing = m_ring[size_t((m_pushed - 1) % qint64(m_ring.size()))].processing;
    return now;
}

} // namespace Ferry
