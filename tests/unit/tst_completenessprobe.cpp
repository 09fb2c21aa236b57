// CompletenessProbe::judge: what an answer to "Range: bytes=N-" says about a body of N bytes whose
// length nobody promised.
#include "net/completenessprobe.h"

#include <QTest>

using namespace Ferry;
using Kind = CompletenessProbe::Verdict::Kind;

class TestCompletenessProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judge_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentRange");
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<qint64>("received");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("total");

        QTest::newRow("416 at the end") << 416 << QByteArray("bytes */1000") << 0LL << 1000LL << int(Kind::Complete) << 1000LL;
        QTest::newRow("416, file larger") << 416 << QByteArray("bytes */2000") << 0LL << 1000LL << int(Kind::Incomplete) << 2000LL;
        QTest::newRow("416, file smaller") << 416 << QByteArray("bytes */10") << 0LL << 1000LL << int(Kind::Incomplete) << 10LL;
        QTest::newRow("416 without Content-Range") << 416 << QByteArray() << 0LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("416 with a bogus total") << 416 << QByteArray("bytes */-1") << 0LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("416 of unknown total") << 416 << QByteArray("bytes */*") << 0LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("206, the rest exists") << 206 << QByteArray("bytes 1000-1999/2000") << 1000LL << 1000LL << int(Kind::Incomplete) << 2000LL;
        QTest::newRow("206 of another piece, same size") << 206 << QByteArray("bytes 0-999/1000") << 1000LL << 1000LL << int(Kind::Complete) << 1000LL;
        QTest::newRow("206 of unknown total") << 206 << QByteArray("bytes 1000-1999/*") << 1000LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("206 malformed") << 206 << QByteArray("lines 1-2/3") << 2LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("200 with the same length") << 200 << QByteArray() << 1000LL << 1000LL << int(Kind::Complete) << 1000LL;
        QTest::newRow("200 with another length") << 200 << QByteArray() << 1500LL << 1000LL << int(Kind::Incomplete) << 1500LL;
        QTest::newRow("200 without a length") << 200 << QByteArray() << -1LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("empty body, 416") << 416 << QByteArray("bytes */0") << 0LL << 0LL << int(Kind::Complete) << 0LL;
        QTest::newRow("503") << 503 << QByteArray() << 10LL << 1000LL << int(Kind::Unknown) << -1LL;
        QTest::newRow("302") << 302 << QByteArray() << 0LL << 1000LL << int(Kind::Unknown) << -1LL;
    }

    void judge()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentRange);
        QFETCH(qint64, contentLength);
        QFETCH(qint64, received);
        QFETCH(int, kind);
        QFETCH(qint64, total);
        const auto verdict = CompletenessProbe::judge(status, contentRange, contentLength, received);
        QCOMPARE(int(verdict.kind), kind);
        QCOMPARE(verdict.total, total);
        QVERIFY(verdict.evidence.contains(QString::number(status)));
    }
};

QTEST_GUILESS_MAIN(TestCompletenessProbe)
#include "tst_completenessprobe.moc"
