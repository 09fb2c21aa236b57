#pragma once

#include <QtGlobal>

namespace Ferry {

// A token bucket for byte rates. Time is passed in (nanoseconds on a monotonic clock) so the class is
// pure and tests drive it without sleeping. A rate of 0 means unlimited.
//
// The bucket holds at most `burst` tokens (default: a quarter second of rate, at least 16 KiB) so a
// paused transfer cannot save up and then exceed the rate; over 10 s the average stays within a few
// percent of the rate. A new bucket starts full, like one that has been idle. A clock that goes
// backwards credits nothing.
class TokenBucket
{
public:
    explicit TokenBucket(qint64 bytesPerSecond = 0, qint64 burst = 0);

    // burst 0 picks the default. Saved tokens are kept up to the new burst; time since the last call
    // is credited at the new rate.
    void setRate(qint64 bytesPerSecond, qint64 burst = 0);
    qint64 rate() const { return m_rate; }
    bool isUnlimited() const { return m_rate <= 0; }

    // How many of `wanted` bytes may go now; they are taken from the bucket.
    qint64 take(qint64 wanted, qint64 nowNs);
    // Tokens available now without taking them (qint64 max when unlimited).
    qint64 available(qint64 nowNs);
    // Give back tokens taken but not used (e.g. the other bucket granted fewer).
    void giveBack(qint64 tokens);
    // Nanoseconds until at least `bytes` (capped at burst) are available; 0 if available now.
    qint64 nanosUntil(qint64 bytes, qint64 nowNs);

private:
    void refill(qint64 nowNs);

    qint64 m_rate = 0;
    qint64 m_burst = 0;
    double m_tokens = 0;
    qint64 m_lastNs = -1;
};

} // namespace Ferry
