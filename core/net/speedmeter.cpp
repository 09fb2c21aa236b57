#include "speedmeter.h"

#include <cmath>

namespace Ferry {

namespace {
constexpr qint64 kMinSampleNs = 200'000'000;
constexpr double kTimeConstantNs = 2e9;
}

void SpeedMeter::update(qint64 bytes, qint64 nowNs, bool running)
{
    if (!running) {
        m_speed = 0;
        restart(bytes, nowNs);
        return;
    }
    const qint64 dt = nowNs - m_lastNs;
    if (dt < kMinSampleNs)
        return;
    const double instant = double(bytes - m_lastBytes) * 1e9 / double(dt);
    const double alpha = 1.0 - std::exp(-double(dt) / kTimeConstantNs);
    m_speed = m_speed <= 0 ? instant : m_speed + alpha * (instant - m_speed);
    restart(bytes, nowNs);
}

void SpeedMeter::restart(qint64 bytes, qint64 nowNs)
{
    m_lastBytes = bytes;
    m_lastNs = nowNs;
}

bool SpeedMeter::isBelow(qint64 minimum, qint64 bytes, qint64 nowNs, qint64 windowNs)
{
    m_window.append({ nowNs, bytes });
    while (m_window.size() > 1 && nowNs - m_window.first().first > windowNs)
        m_window.removeFirst();
    const auto &[firstNs, firstBytes] = m_window.first();
    if (nowNs - firstNs < windowNs * 9 / 10)
        return false;  // not a whole window yet
    const double rate = double(bytes - firstBytes) * 1e9 / double(nowNs - firstNs);
    return rate < double(minimum);
}

} // namespace Ferry
