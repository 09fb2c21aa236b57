#pragma once

#include "net/speedmeter.h"
#include "task/taskerror.h"

#include <chrono>

namespace Ferry {

// When a download's connections count as stalled, a transient error that a retry answers (Qt's own
// transfer timeout misses a drip and reports a stall like a user's cancel). One connection stalls
// when no byte came for the stall timeout; all of them do when the download as a whole stayed
// below the minimum speed for that long, unless its own speed limit is what keeps it there.
//
// The download asks once a second (CheckIntervalMs). Time comes in as monotonic nanoseconds, so
// tests drive it. Not thread-safe: one download, one thread.
class StallWatchdog
{
public:
    static constexpr int CheckIntervalMs = 1000;

    // minimumSpeed in bytes/s; 0: only silence counts.
    StallWatchdog(std::chrono::milliseconds timeout, qint64 minimumSpeed);

    // A running connection whose last byte came at lastByteNs.
    bool isSilent(qint64 lastByteNs, qint64 nowNs) const;
    TaskError silenceError() const;

    // One sample of the download's byte count. True once the average over the last timeout is below
    // the minimum speed; the window then starts afresh, as it does whenever the check does not apply
    // (no minimum, not transferring, or an own limit below the minimum: ownLimit 0 is none).
    bool isTooSlow(qint64 bytes, qint64 nowNs, bool transferring, qint64 ownLimit);
    TaskError slownessError() const;

private:
    qint64 timeoutNs() const;

    std::chrono::milliseconds m_timeout;
    qint64 m_minimumSpeed;
    SpeedMeter m_window;  // only its minimum-speed window
};

} // namespace Ferry
