#include "net/stallwatchdog.h"

#include "net/downloadtypes.h"

namespace Ferry {

StallWatchdog::StallWatchdog(std::chrono::milliseconds timeout, qint64 minimumSpeed)
    : m_timeout(timeout), m_minimumSpeed(minimumSpeed)
{
}

qint64 StallWatchdog::timeoutNs() const
{
    return qint64(m_timeout.count()) * 1000000;
}

bool StallWatchdog::isSilent(qint64 lastByteNs, qint64 nowNs) const
{
    return nowNs - lastByteNs > timeoutNs();
}

TaskError StallWatchdog::silenceError() const
{
    return { TaskError::Code::Stalled, QStringLiteral("No data arrived for %1 s").arg(m_timeout.count() / 1000.0) };
}

bool StallWatchdog::isTooSlow(qint64 bytes, qint64 nowNs, bool transferring, qint64 ownLimit)
{
    if (m_minimumSpeed <= 0 || !transferring || (ownLimit > 0 && ownLimit < m_minimumSpeed)) {
        m_window.clearWindow();
        return false;
    }
    if (!m_window.isBelow(m_minimumSpeed, bytes, nowNs, timeoutNs()))
        return false;
    m_window.clearWindow();
    return true;
}

TaskError StallWatchdog::slownessError() const
{
    return { TaskError::Code::Stalled,
             QStringLiteral("Slower than %1/s for %2 s")
                 .arg(formatBytes(m_minimumSpeed))
                 .arg(m_timeout.count() / 1000.0) };
}

} // namespace Ferry
