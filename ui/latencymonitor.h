#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>

namespace Ferry {

// How late the event loop of the thread it lives on (the GUI thread) runs a periodic timer. A loop
// busy with one long slice of work (a big model batch, a sort of 10,000 rows) delivers the next tick
// late by about as long as the slice took, which is how long the window could not react or paint.
// Lateness of a tick = (time since the previous tick) - interval, never below zero.
//
// The timer runs only between start() and stop(). The benchmark uses a 1 ms interval and keeps every
// sample; the status-bar overlay uses 16 ms (one frame at 60 Hz) and the last few seconds.
class LatencyMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyMonitor)

public:
    struct Summary
    {
        int samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
    };

    explicit LatencyMonitor(QObject *parent = nullptr);
    ~LatencyMonitor() override;

    void setInterval(std::chrono::milliseconds interval);  // 16 ms unless set; applies on start()
    // Samples older than this are dropped; zero keeps every sample (the benchmark).
    void setWindow(std::chrono::milliseconds window);
    std::chrono::milliseconds interval() const { return m_interval; }

    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    void clear();

    QList<double> samples() const;  // lateness of each tick in the window, in ms, oldest first
    Summary summary() const;        // over samples()
    // Nearest-rank percentiles over any list of lateness values (ms).
    static Summary summarize(QList<double> latenessMs);

private:
    void tick();

    struct Sample
    {
        qint64 atMs;
        double latenessMs;
    };

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTickNs = -1;
    std::chrono::milliseconds m_interval{16};
    std::chrono::milliseconds m_window{5000};
    std::deque<Sample> m_samples;
};

} // namespace Ferry
