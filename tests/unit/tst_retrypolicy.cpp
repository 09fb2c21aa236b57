#include "net/retrypolicy.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <climits>

using namespace Ferry;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using OptionalMs = std::optional<std::chrono::milliseconds>;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transientStatus_data();
    void transientStatus();
    void transientNetworkError_data();
    void transientNetworkError();
    void retryAfter_data();
    void retryAfter();
    void retryAfterTwoDigitYear_data();
    void retryAfterTwoDigitYear();
    void retryAfterAgreesWithQt();
    void retryAfterHugeDelta();
    void backoffStaysInEqualJitterBounds_data();
    void backoffStaysInEqualJitterBounds();
    void backoffJitterSpreads();
    void backoffIsDeterministicForASeed();
    void backoffSurvivesExtremeRetryNumbers();
    void serverDelayReplacesBackoff_data();
    void serverDelayReplacesBackoff();
    void mayRetry();
};

void TestRetryPolicy::transientStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("transient");

    for (int status : { 408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 599 })
        QTest::addRow("%d", status) << status << true;
    for (int status :
        { 200, 206, 301, 304, 400, 401, 403, 404, 410, 416, 451, 501, 505, 506, 508, 510, 511, 600, 0, -1 })
        QTest::addRow("%d", status) << status << false;
}

void TestRetryPolicy::transientStatus()
{
    QFETCH(int, status);
    QFETCH(bool, transient);
    QCOMPARE(RetryPolicy::isTransientStatus(status), transient);
}

void TestRetryPolicy::transientNetworkError_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<bool>("transient");

    const auto row = [](const char *name, QNetworkReply::NetworkError error, bool transient) {
        QTest::newRow(name) << error << transient;
    };
    row("connection refused", QNetworkReply::ConnectionRefusedError, true);
    row("remote host closed", QNetworkReply::RemoteHostClosedError, true);
    row("timeout", QNetworkReply::TimeoutError, true);
    row("temporary failure", QNetworkReply::TemporaryNetworkFailureError, true);
    row("session failed", QNetworkReply::NetworkSessionFailedError, true);
    row("proxy refused", QNetworkReply::ProxyConnectionRefusedError, true);
    row("proxy closed", QNetworkReply::ProxyConnectionClosedError, true);
    row("proxy timeout", QNetworkReply::ProxyTimeoutError, true);
    row("unknown network", QNetworkReply::UnknownNetworkError, true);
    row("internal server error", QNetworkReply::InternalServerError, true);
    row("service unavailable", QNetworkReply::ServiceUnavailableError, true);
    row("unknown server", QNetworkReply::UnknownServerError, true);

    row("no error", QNetworkReply::NoError, false);
    row("host not found", QNetworkReply::HostNotFoundError, false);
    row("operation canceled", QNetworkReply::OperationCanceledError, false);
    row("tls handshake", QNetworkReply::SslHandshakeFailedError, false);
    row("too many redirects", QNetworkReply::TooManyRedirectsError, false);
    row("insecure redirect", QNetworkReply::InsecureRedirectError, false);
    row("proxy not found", QNetworkReply::ProxyNotFoundError, false);
    row("proxy auth", QNetworkReply::ProxyAuthenticationRequiredError, false);
    row("content not found", QNetworkReply::ContentNotFoundError, false);
    row("auth required", QNetworkReply::AuthenticationRequiredError, false);
    row("access denied", QNetworkReply::ContentAccessDenied, false);
    row("protocol unknown", QNetworkReply::ProtocolUnknownError, false);
    row("protocol failure", QNetworkReply::ProtocolFailure, false);
    row("not implemented", QNetworkReply::OperationNotImplementedError, false);
}

void TestRetryPolicy::transientNetworkError()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(bool, transient);
    QCOMPARE(RetryPolicy::isTransientNetworkError(error), transient);
}

// 08:49:00 UTC on the day of the RFC examples, so "08:49:37" is 37 s ahead.
static QDateTime exampleNow()
{
    return QDateTime(QDate(1994, 11, 6), QTime(8, 49, 0), QTimeZone::utc());
}

void TestRetryPolicy::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<OptionalMs>("expected");

    QTest::newRow("seconds") << "120"_ba << OptionalMs(120s);
    QTest::newRow("zero") << "0"_ba << OptionalMs(0ms);
    QTest::newRow("whitespace") << " \t5 "_ba << OptionalMs(5s);
    QTest::newRow("leading zeros") << "007"_ba << OptionalMs(7s);
    QTest::newRow("IMF-fixdate") << "Sun, 06 Nov 1994 08:49:37 GMT"_ba << OptionalMs(37s);
    QTest::newRow("IMF-fixdate next day") << "Mon, 07 Nov 1994 08:49:00 GMT"_ba << OptionalMs(24h);
    QTest::newRow("RFC 850") << "Sunday, 06-Nov-94 08:49:37 GMT"_ba << OptionalMs(37s);
    QTest::newRow("asctime") << "Sun Nov  6 08:49:37 1994"_ba << OptionalMs(37s);
    QTest::newRow("asctime two-digit day") << "Mon Nov 07 08:49:00 1994"_ba << OptionalMs(24h);
    QTest::newRow("date now") << "Sun, 06 Nov 1994 08:49:00 GMT"_ba << OptionalMs(0ms);
    QTest::newRow("date in the past") << "Sun, 06 Nov 1994 08:00:00 GMT"_ba << OptionalMs(0ms);
    QTest::newRow("date years ago") << "Thu, 01 Jan 1970 00:00:00 GMT"_ba << OptionalMs(0ms);
    QTest::newRow("leap second") << "Sun, 06 Nov 1994 08:49:60 GMT"_ba << OptionalMs(59s);

    QTest::newRow("empty") << QByteArray() << OptionalMs();
    QTest::newRow("blank") << "  "_ba << OptionalMs();
    QTest::newRow("negative") << "-5"_ba << OptionalMs();
    QTest::newRow("plus sign") << "+5"_ba << OptionalMs();
    QTest::newRow("fraction") << "1.5"_ba << OptionalMs();
    QTest::newRow("unit") << "5s"_ba << OptionalMs();
    QTest::newRow("two numbers") << "5 6"_ba << OptionalMs();
    QTest::newRow("garbage") << "soon"_ba << OptionalMs();
    QTest::newRow("other zone") << "Sun, 06 Nov 1994 08:49:37 PST"_ba << OptionalMs();
    QTest::newRow("numeric zone") << "Sun, 06 Nov 1994 08:49:37 +0000"_ba << OptionalMs();
    QTest::newRow("bad month") << "Sun, 06 Nox 1994 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("bad day name") << "Sux, 06 Nov 1994 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("no such day") << "Sun, 31 Feb 1994 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("bad hour") << "Sun, 06 Nov 1994 25:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("bad time") << "Sun, 06 Nov 1994 08-49-37 GMT"_ba << OptionalMs();
    QTest::newRow("two-digit year IMF") << "Sun, 06 Nov 94 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("RFC 850 short day name") << "Sun, 06-Nov-94 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("RFC 850 bad date") << "Sunday, 06/Nov/94 08:49:37 GMT"_ba << OptionalMs();
    QTest::newRow("asctime trailing junk") << "Sun Nov  6 08:49:37 1994 GMT"_ba << OptionalMs();
    QTest::newRow("asctime bad year") << "Sun Nov  6 08:49:37 94"_ba << OptionalMs();
}

void TestRetryPolicy::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(OptionalMs, expected);
    QCOMPARE(RetryPolicy::parseRetryAfter(value, exampleNow()), expected);
}

void TestRetryPolicy::retryAfterTwoDigitYear_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("meant");

    // From 2024, "30" is six years ahead but "80" would be 56 years ahead, so it means 1980.
    QTest::newRow("near future") << "Tuesday, 01-Jan-30 00:00:00 GMT"_ba
                                 << QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
    QTest::newRow("pivot 2074") << "Monday, 01-Jan-74 00:00:00 GMT"_ba
                                << QDateTime(QDate(2074, 1, 1), QTime(0, 0), QTimeZone::utc());
    QTest::newRow("past century") << "Tuesday, 01-Jan-80 00:00:00 GMT"_ba << QDateTime();
}

void TestRetryPolicy::retryAfterTwoDigitYear()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, meant);
    const QDateTime now(QDate(2024, 1, 1), QTime(0, 0), QTimeZone::utc());
    const auto delay = RetryPolicy::parseRetryAfter(value, now);
    QVERIFY(delay.has_value());
    // An invalid `meant` stands for "in the past", which gives 0.
    QCOMPARE(delay->count(), meant.isValid() ? now.msecsTo(meant) : 0);
}

void TestRetryPolicy::retryAfterAgreesWithQt()
{
    // An independent reading of the same instants: Qt's RFC 2822 parser. Qt 6.4 rejects the "GMT"
    // zone name (which is why RetryPolicy parses dates itself), so Qt gets "+0000" instead.
    const QDateTime now(QDate(2023, 3, 14), QTime(12, 0), QTimeZone::utc());
    for (const char *value : { "Tue, 14 Mar 2023 12:00:01 GMT", "Wed, 15 Mar 2023 00:30:00 GMT",
             "Thu, 29 Feb 2024 23:59:59 GMT", "Sun, 01 Jan 2040 00:00:00 GMT" }) {
        QString numericZone = QString::fromLatin1(value);
        numericZone.replace(u"GMT"_s, u"+0000"_s);
        const QDateTime qt = QDateTime::fromString(numericZone, Qt::RFC2822Date);
        QVERIFY2(qt.isValid(), value);
        const auto delay = RetryPolicy::parseRetryAfter(value, now);
        QVERIFY2(delay.has_value(), value);
        QCOMPARE(delay->count(), now.msecsTo(qt));
    }
}

void TestRetryPolicy::retryAfterHugeDelta()
{
    // Overflowing delta-seconds saturate: still "a long time", never negative or wrapped.
    for (const char *value : { "9223372036854775807", "99999999999999999999999999999" }) {
        const auto delay = RetryPolicy::parseRetryAfter(value, exampleNow());
        QVERIFY2(delay.has_value(), value);
        QVERIFY2(*delay > std::chrono::hours(24 * 365 * 1000), value);
        QRandomGenerator random(1);
        QCOMPARE(RetryPolicy().delayFor(1, delay, random), RetryPolicy().config().maxRetryAfter);
    }
}

void TestRetryPolicy::backoffStaysInEqualJitterBounds_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("backoff"); // ms, before jitter

    // Defaults: base 1 s, cap 30 s.
    QTest::newRow("1") << 1 << 1000LL;
    QTest::newRow("2") << 2 << 2000LL;
    QTest::newRow("3") << 3 << 4000LL;
    QTest::newRow("4") << 4 << 8000LL;
    QTest::newRow("5") << 5 << 16000LL;
    QTest::newRow("6 capped") << 6 << 30000LL;
    QTest::newRow("20 capped") << 20 << 30000LL;
    QTest::newRow("0 as first") << 0 << 1000LL;
    QTest::newRow("negative as first") << -3 << 1000LL;
}

void TestRetryPolicy::backoffStaysInEqualJitterBounds()
{
    QFETCH(int, retry);
    QFETCH(qint64, backoff);

    const RetryPolicy policy;
    QRandomGenerator random(42);
    for (int i = 0; i < 500; ++i) {
        const qint64 delay = policy.delayFor(retry, std::nullopt, random).count();
        QVERIFY2(delay >= backoff / 2 && delay <= backoff,
            qPrintable(u"retry %1 gave %2 ms"_s.arg(retry).arg(delay)));
    }
}

void TestRetryPolicy::backoffJitterSpreads()
{
    // The random half must really vary, over its whole range.
    const RetryPolicy policy;
    QRandomGenerator random(7);
    QSet<qint64> seen;
    qint64 lowest = LLONG_MAX, highest = 0;
    for (int i = 0; i < 1000; ++i) {
        const qint64 delay = policy.delayFor(3, std::nullopt, random).count(); // 2000..4000
        seen.insert(delay);
        lowest = std::min(lowest, delay);
        highest = std::max(highest, delay);
    }
    QVERIFY(seen.size() > 100);
    QVERIFY(lowest < 2200);
    QVERIFY(highest > 3800);
}

void TestRetryPolicy::backoffIsDeterministicForASeed()
{
    const RetryPolicy policy;
    QRandomGenerator a(1234), b(1234);
    for (int retry = 1; retry <= 10; ++retry)
        QCOMPARE(policy.delayFor(retry, std::nullopt, a), policy.delayFor(retry, std::nullopt, b));
}

void TestRetryPolicy::backoffSurvivesExtremeRetryNumbers()
{
    QRandomGenerator random(5);
    RetryPolicy::Config config;
    config.baseDelay = 1500ms;
    config.maxDelay = std::chrono::milliseconds(LLONG_MAX / 2 + 1); // doubling past this overflows
    const RetryPolicy huge(config);
    for (int retry : { 62, 63, 64, 100, INT_MAX }) {
        const auto delay = huge.delayFor(retry, std::nullopt, random);
        QVERIFY(delay >= config.maxDelay / 2 - 1ms);
        QVERIFY(delay <= config.maxDelay);
    }

    config.baseDelay = 0ms;
    QCOMPARE(RetryPolicy(config).delayFor(INT_MAX, std::nullopt, random), 0ms);

    config.baseDelay = 5000ms; // larger than the cap: the cap wins from the start
    config.maxDelay = 2000ms;
    const auto delay = RetryPolicy(config).delayFor(1, std::nullopt, random);
    QVERIFY(delay >= 1000ms && delay <= 2000ms);
}

void TestRetryPolicy::serverDelayReplacesBackoff_data()
{
    QTest::addColumn<qint64>("serverMs");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("shorter than backoff") << 10LL << 10LL;
    QTest::newRow("longer than backoff") << 120000LL << 120000LL;
    QTest::newRow("zero") << 0LL << 0LL;
    QTest::newRow("at the cap") << 300000LL << 300000LL;
    QTest::newRow("over the cap") << 3600000LL << 300000LL;
    QTest::newRow("negative") << -5LL << 0LL;
}

void TestRetryPolicy::serverDelayReplacesBackoff()
{
    QFETCH(qint64, serverMs);
    QFETCH(qint64, expectedMs);

    const RetryPolicy policy;
    QRandomGenerator random(3);
    // No jitter on a server's word, whatever the retry number.
    for (int retry : { 1, 4, 10 })
        QCOMPARE(policy.delayFor(retry, std::chrono::milliseconds(serverMs), random).count(), expectedMs);
}

void TestRetryPolicy::mayRetry()
{
    RetryPolicy::Config config;
    config.maxRetries = 3;
    const RetryPolicy policy(config);
    QVERIFY(policy.mayRetry(0));
    QVERIFY(policy.mayRetry(2));
    QVERIFY(!policy.mayRetry(3));
    QVERIFY(!policy.mayRetry(4));

    config.maxRetries = 0;
    QVERIFY(!RetryPolicy(config).mayRetry(0));
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
