#include "latencymonitor.h"

#include <algorithm>
#include <cmath>

namespace Ferry {

LatencyMonitor::LatencyMonitor(QObject *parent) : QObject(parent)
{
    // Coarse timers may fire up to 5 % late by design, which would read as lateness.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LatencyMonitor::tick);
}

LatencyMonitor::~LatencyMonitor() = default;

void LatencyMonitor::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max(interval, std::chrono::milliseconds(1));
}

void LatencyMonitor::setWindow(std::chrono::milliseconds window)
{
    m_window = std::max(window, std::chrono::milliseconds(0));
}

void LatencyMonitor::start()
{
    m_lastTickNs = -1;  // the first tick after a pause measures nothing
    if (!m_clock.isValid())
        m_clock.start();
    m_timer.start(m_interval);
}

void LatencyMonitor::stop()
{
    m_timer.stop();
}

void LatencyMonitor::clear()
{
    m_samples.clear();
    m_lastTickNs = -1;
}

void LatencyMonitor::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastTickNs >= 0) {
        const double gapMs = double(now - m_lastTickNs) / 1e6;
        m_samples.push_back({now / 1'000'000, std::max(0.0, gapMs - double(m_interval.count()))});
    }
    m_lastTickNs = now;
    if (m_window.count() > 0) {
        const qint64 oldest = now / 1'000'000 - m_window.count();
        while (!m_samples.empty() && m_samples.front().atMs < oldest)
            m_samples.pop_front();
    }
}

QList<double> LatencyMonitor::samples() const
{
    QList<double> values;
    values.reserve(qsizetype(m_samples.size()));
    for (const Sample &s : m_samples)
        values.append(s.latenessMs);
    return values;
}

LatencyMonitor::Summary LatencyMonitor::summary() const
{
    return summarize(samples());
}

LatencyMonitor::Summary LatencyMonitor::summarize(QList<double> latenessMs)
{
    Summary summary;
    if (latenessMs.isEmpty())
        return summary;
    std::sort(latenessMs.begin(), latenessMs.end());
    const qsizetype n = latenessMs.size();
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    const auto rank = [&](double q) {
        const auto index = qsizetype(std::ceil(q * double(n))) - 1;
        return latenessMs.at(std::clamp<qsizetype>(index, 0, n - 1));
    };
    summary.samples = int(n);
    summary.p50Ms = rank(0.50);
    summary.p99Ms = rank(0.99);
    summary.maxMs = latenessMs.constLast();
    return summary;
}

} // namespace Ferry
