#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QNetworkReply>

#include <chrono>
#include <optional>

class QRandomGenerator;

namespace Ferry {

// When and how often to try again. Exponential backoff with "equal jitter" (half fixed, half random)
// so a crowd of clients does not retry in lockstep; a server's Retry-After wins, clamped.
class RetryPolicy
{
public:
    struct Config
    {
        int maxRetries = 5;                              // attempts after the first
        std::chrono::milliseconds baseDelay{1000};       // delay before the first retry (before jitter)
        std::chrono::milliseconds maxDelay{30000};       // cap on the backoff
        std::chrono::milliseconds maxRetryAfter{300000}; // cap on a server's Retry-After
    };

    RetryPolicy() = default;
    explicit RetryPolicy(Config config) : m_config(config) {}
    const Config &config() const { return m_config; }

    // 408, 425, 429 and 5xx are worth another try; other 4xx are not. Excluded 5xx: 501, 505, 506,
    // 508, 510 and 511 describe the server's setup (or a captive portal), so a retry gets the same.
    static bool isTransientStatus(int httpStatus);
    // Connection refused/reset/closed, timeouts, temporary network failures, proxy hiccups.
    // TLS failures, unknown hosts, protocol errors and OperationCanceledError (our own abort or
    // Qt's transfer timeout; the stall watchdog reports stalls itself) are not.
    static bool isTransientNetworkError(QNetworkReply::NetworkError error);

    // Retry-After is either delta-seconds or an HTTP-date (RFC 9110 10.2.3): IMF-fixdate, RFC 850
    // (two-digit year) or asctime. nullopt when unparsable. A date in the past gives 0; absurdly
    // large delta-seconds saturate (delayFor clamps them).
    static std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value,
                                                                   const QDateTime &now);

    // The delay before retry number `retry` (1-based). A serverDelay (Retry-After) replaces the backoff
    // and is clamped to maxRetryAfter.
    std::chrono::milliseconds delayFor(int retry, std::optional<std::chrono::milliseconds> serverDelay,
                                       QRandomGenerator &random) const;

    bool mayRetry(int retriesSoFar) const { return retriesSoFar < m_config.maxRetries; }

private:
    Config m_config;
};

} // namespace Ferry
