#include "tokenbucket.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Ferry {

namespace {

constexpr double nanosPerSecond = 1e9;
constexpr qint64 minimumBurst = 16 * 1024;
// Floating-point refills can land a hair below a whole byte that the arithmetic says is there; this
// slack keeps nanosUntil() and take() in agreement without granting anything measurable.
constexpr double slack = 1e-6;

} // namespace

TokenBucket::TokenBucket(qint64 bytesPerSecond, qint64 burst)
{
    setRate(bytesPerSecond, burst);
}

void TokenBucket::setRate(qint64 bytesPerSecond, qint64 burst)
{
    const bool wasUnlimited = isUnlimited();
    m_rate = std::max<qint64>(bytesPerSecond, 0);
    m_burst = burst > 0 ? burst : std::max(m_rate / 4, minimumBurst);
    // A new (or newly limited) bucket starts full, as one that has been idle would be; a rate change
    // keeps what was saved, up to the new burst.
    m_tokens = wasUnlimited ? double(m_burst) : std::min(m_tokens, double(m_burst));
}

void TokenBucket::refill(qint64 nowNs)
{
    if (m_lastNs < 0 || nowNs < m_lastNs) {
        // First use, or a clock that went backwards: start counting from here, credit nothing.
        m_lastNs = std::max(nowNs, m_lastNs);
        return;
    }
    const qint64 elapsed = nowNs - m_lastNs;
    m_lastNs = nowNs;
    // In double: elapsed * rate overflows qint64 after a few seconds at GB/s.
    m_tokens = std::min(double(m_burst), m_tokens + double(elapsed) * double(m_rate) / nanosPerSecond);
}

qint64 TokenBucket::take(qint64 wanted, qint64 nowNs)
{
    if (wanted <= 0)
        return 0;
    if (isUnlimited())
        return wanted;
    const qint64 granted = std::min(wanted, available(nowNs));
    m_tokens = std::max(0.0, m_tokens - double(granted));
    return granted;
}

qint64 TokenBucket::available(qint64 nowNs)
{
    if (isUnlimited())
        return std::numeric_limits<qint64>::max();
    refill(nowNs);
    const double whole = std::floor(m_tokens + slack);
    if (whole <= 0)
        return 0;
    // A burst near qint64 max rounds up to 2^63 as a double, which does not convert back.
    constexpr auto max = std::numeric_limits<qint64>::max();
    return whole >= double(max) ? max : qint64(whole);
}

void TokenBucket::giveBack(qint64 tokens)
{
    if (tokens > 0 && !isUnlimited())
        m_tokens = std::min(double(m_burst), m_tokens + double(tokens));
}

qint64 TokenBucket::nanosUntil(qint64 bytes, qint64 nowNs)
{
    if (isUnlimited() || bytes <= 0)
        return 0;
    refill(nowNs);
    // Half the slack: waiting exactly this long must satisfy available() despite rounding.
    const double missing = double(std::min(bytes, m_burst)) - m_tokens - slack / 2;
    if (missing <= 0)
        return 0;
    const double nanos = std::ceil(missing * nanosPerSecond / double(m_rate));
    if (nanos >= double(std::numeric_limits<qint64>::max()))
        return std::numeric_limits<qint64>::max();
    return std::max<qint64>(1, qint64(nanos));
}

} // namespace Ferry
