#include "retrypolicy.h"

#include <QList>
#include <QRandomGenerator>
#include <QTimeZone>
#include <algorithm>
#include <limits>

using namespace std::chrono_literals;

namespace Ferry {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool allDigits(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isDigit);
}

int toInt(QByteArrayView digits)
{
    int value = 0;
    for (char c : digits)
        value = value * 10 + (c - '0');
    return value;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

QList<QByteArrayView> splitOnSpaces(QByteArrayView s)
{
    QList<QByteArrayView> parts;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= s.size(); ++i) {
        const bool space = i == s.size() || s.at(i) == ' ';
        if (space && start >= 0) {
            parts.append(s.sliced(start, i - start));
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
    }
    return parts;
}

// 1..12 for "Jan".."Dec" (case-sensitive, as the grammar says), 0 otherwise.
int monthFromName(QByteArrayView name)
{
    static constexpr const char *months[]
        = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    for (int i = 0; i < 12; ++i) {
        if (name == QByteArrayView(months[i]))
            return i + 1;
    }
    return 0;
}

bool isDayName(QByteArrayView name, bool longForm)
{
    static constexpr const char *shortNames[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static constexpr const char *longNames[]
        = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
    const auto &names = longForm ? longNames : shortNames;
    return std::any_of(
        std::begin(names), std::end(names), [name](const char *n) { return name == QByteArrayView(n); });
}

// "HH:MM:SS"; a leap second (60) is folded into 59 rather than rejected.
std::optional<QTime> parseTime(QByteArrayView s)
{
    if (s.size() != 8 || s.at(2) != ':' || s.at(5) != ':')
        return std::nullopt;
    const auto h = s.sliced(0, 2), m = s.sliced(3, 2), sec = s.sliced(6, 2);
    if (!allDigits(h) || !allDigits(m) || !allDigits(sec))
        return std::nullopt;
    const QTime time(toInt(h), toInt(m), std::min(toInt(sec), 59));
    if (!time.isValid() || toInt(sec) > 60)
        return std::nullopt;
    return time;
}

QDateTime makeUtc(int year, int month, int day, QTime time)
{
    const QDate date(year, month, day);
    if (!date.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

// HTTP-date (RFC 9110 5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms that
// recipients must still accept. Written out rather than via Qt::RFC2822Date so all three forms are
// handled the same way and nothing locale-dependent is involved.
QDateTime parseHttpDate(QByteArrayView value, const QDateTime &now)
{
    const auto parts = splitOnSpaces(value);
    if (parts.size() == 6 && parts[0].endsWith(',')) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        const auto day = parts[1], year = parts[3];
        const int month = monthFromName(parts[2]);
        const auto time = parseTime(parts[4]);
        if (!isDayName(parts[0].chopped(1), false) || day.size() != 2 || !allDigits(day) || year.size() != 4
            || !allDigits(year) || month == 0 || !time || parts[5] != "GMT")
            return {};
        return makeUtc(toInt(year), month, toInt(day), *time);
    }
    if (parts.size() == 4 && parts[0].endsWith(',')) {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        const auto date = parts[1];
        if (!isDayName(parts[0].chopped(1), true) || date.size() != 9 || date.at(2) != '-'
            || date.at(6) != '-' || parts[3] != "GMT")
            return {};
        const auto day = date.sliced(0, 2), yy = date.sliced(7, 2);
        const int month = monthFromName(date.sliced(3, 3));
        const auto time = parseTime(parts[2]);
        if (!allDigits(day) || !allDigits(yy) || month == 0 || !time)
            return {};
        // A two-digit year more than 50 years ahead means the most recent past year with those
        // digits (RFC 9110 5.6.7).
        const int nowYear = now.toUTC().date().year();
        int year = nowYear - nowYear % 100 + toInt(yy);
        if (year > nowYear + 50)
            year -= 100;
        return makeUtc(year, month, toInt(day), *time);
    }
    if (parts.size() == 5) {
        // asctime: "Sun Nov  6 08:49:37 1994" (the day is space-padded, so it may be one digit)
        const auto day = parts[2], year = parts[4];
        const int month = monthFromName(parts[1]);
        const auto time = parseTime(parts[3]);
        if (!isDayName(parts[0], false) || month == 0 || day.size() > 2 || !allDigits(day) || year.size() != 4
            || !allDigits(year) || !time)
            return {};
        return makeUtc(toInt(year), month, toInt(day), *time);
    }
    return {};
}

} // namespace

bool RetryPolicy::isTransientStatus(int httpStatus)
{
    switch (httpStatus) {
    case 408: // Request Timeout
    case 425: // Too Early
    case 429: // Too Many Requests
        return true;
    // 5xx that describe the server's configuration or capabilities, not its current state: asking
    // again gets the same answer. 511 wants a captive-portal login, which no retry provides.
    case 501: // Not Implemented
    case 505: // HTTP Version Not Supported
    case 506: // Variant Also Negotiates
    case 508: // Loop Detected
    case 510: // Not Extended
    case 511: // Network Authentication Required
        return false;
    default:
        return httpStatus >= 500 && httpStatus <= 599;
    }
}

bool RetryPolicy::isTransientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError: // also what a connection reset looks like
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return true;
    // Not transient, deliberately:
    // - OperationCanceledError is our own abort() or Qt's transfer timeout; the stall watchdog
    //   reports stalls itself and decides about retrying, a user cancel must never retry.
    // - HostNotFoundError: a resolver that answered "no such host" will answer the same; fail fast.
    // - TLS, redirect, protocol, authentication and content errors need a person, not a retry.
    default:
        return false;
    }
}

std::optional<std::chrono::milliseconds> RetryPolicy::parseRetryAfter(
    QByteArrayView value, const QDateTime &now)
{
    value = trimmed(value);
    if (value.isEmpty())
        return std::nullopt;

    if (allDigits(value)) {
        // delta-seconds. An absurd number saturates rather than overflows; delayFor clamps it.
        constexpr qint64 maxSeconds = std::numeric_limits<qint64>::max() / 1000;
        qint64 seconds = 0;
        for (char c : value) {
            seconds = seconds * 10 + (c - '0');
            if (seconds >= maxSeconds) {
                seconds = maxSeconds;
                break;
            }
        }
        return std::chrono::milliseconds(seconds * 1000);
    }

    if (!now.isValid())
        return std::nullopt;
    const QDateTime when = parseHttpDate(value, now);
    if (!when.isValid())
        return std::nullopt;
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(when)));
}

std::chrono::milliseconds RetryPolicy::delayFor(
    int retry, std::optional<std::chrono::milliseconds> serverDelay, QRandomGenerator &random) const
{
    if (serverDelay)
        return std::clamp(*serverDelay, 0ms, std::max(m_config.maxRetryAfter, 0ms));

    const qint64 cap = std::max<qint64>(m_config.maxDelay.count(), 0);
    qint64 backoff = std::min(std::max<qint64>(m_config.baseDelay.count(), 0), cap);
    // base * 2^(retry-1), doubling step by step so a large retry count cannot overflow.
    for (int i = 1; i < retry && backoff > 0 && backoff < cap; ++i)
        backoff = backoff > cap / 2 ? cap : backoff * 2;

    // Equal jitter: half is fixed so retries never collapse to zero, half is random so a crowd of
    // clients spreads out.
    const qint64 fixed = backoff / 2;
    const qint64 spread = backoff - fixed;
    const auto jitter = qint64(random.bounded(quint64(0), quint64(spread) + 1));
    return std::chrono::milliseconds(fixed + jitter);
}

} // namespace Ferry
