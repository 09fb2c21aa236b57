#pragma once

#include <QList>
#include <QPair>
#include <QtGlobal>

namespace Ferry {

// A download's speed as people read it, and the minimum-speed check. Time comes in as monotonic
// nanoseconds so tests can drive it. Not thread-safe: one download, one thread.
class SpeedMeter
{
public:
    // Feeds the byte count seen at `nowNs`; `running` false means not transferring (speed 0).
    // Smoothed exponentially with a ~2 s time constant: steady digits that do not lag far behind.
    void update(qint64 bytes, qint64 nowNs, bool running);
    double speed() const { return m_speed; }
    // Forget the byte count baseline (a download that started over from zero).
    void restart(qint64 bytes, qint64 nowNs);

    // True once the average over the last `windowNs` is known and below `minimum` bytes/s. Samples are
    // taken at each call; clearWindow() starts a fresh window (after a retry, a pause).
    bool isBelow(qint64 minimum, qint64 bytes, qint64 nowNs, qint64 windowNs);
    void clearWindow() { m_window.clear(); }

private:
    double m_speed = 0;
    qint64 m_lastBytes = 0;
    qint64 m_lastNs = 0;
    QList<QPair<qint64, qint64>> m_window;  // (ns, bytes)
};

} // namespace Ferry
