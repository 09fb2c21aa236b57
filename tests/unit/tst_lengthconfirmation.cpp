#include "net/lengthconfirmation.h"

#include <QTest>

using namespace Ferry;
using Action = LengthConfirmation::Decision::Action;
using Kind = CompletenessProbe::Verdict::Kind;

namespace {
CompletenessProbe::Verdict verdict(Kind kind, qint64 total = -1)
{
    return { kind, total, QStringLiteral("evidence") };
}
} // namespace

// What a download does with a body of unknown length: whether it asks the server at all, and what
// the server's answer means. No server needed: the probe itself is tested in tst_completenessprobe
// and the whole path in tst_unknownlength.
class TestLengthConfirmation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asksOnlyWhenNothingElseJudgesTheEnd()
    {
        LengthConfirmation length;
        QVERIFY(!length.isNeeded(false, false));  // nothing seen yet: nothing to confirm
        length.noteResponse(1000, false);
        QVERIFY(!length.isNeeded(false, false));  // a Content-Length promised the end
        length.noteResponse(-1, true);
        QVERIFY(length.isNeeded(false, false));
        QVERIFY(!length.isNeeded(true, false));   // a decoder saw its stream end
        QVERIFY(!length.isNeeded(false, true));   // the expected checksum judges the bytes
        length.noteResponse(500, false);          // a start over that got a length
        QVERIFY(!length.isNeeded(false, false));
    }

    void confirmedSizeIsAccepted()
    {
        for (bool chunked : { false, true }) {
            const auto d = LengthConfirmation::decide(verdict(Kind::Complete, 1000), 1000, true, chunked);
            QCOMPARE(d.action, Action::Accept);
            QVERIFY(d.logLine.contains(QStringLiteral("confirmed the size")));
            QVERIFY(d.logLine.contains(QStringLiteral("evidence")));
        }
    }

    void aCutBodyWithAValidatorFetchesTheRest()
    {
        const auto d = LengthConfirmation::decide(verdict(Kind::Incomplete, 5000), 1000, true, true);
        QCOMPARE(d.action, Action::FetchRest);
        QCOMPARE(d.total, 5000);
        QVERIFY(d.logLine.contains(QStringLiteral("fetching the rest")));
    }

    void aCutBodyWithoutAValidatorFails()
    {
        const auto d = LengthConfirmation::decide(verdict(Kind::Incomplete, 5000), 1000, false, false);
        QCOMPARE(d.action, Action::Fail);
        QCOMPARE(d.error.code(), TaskError::Code::Protocol);
        QVERIFY(d.error.message().startsWith(QStringLiteral("The file arrived incomplete")));
        QVERIFY(d.error.detail().contains(QStringLiteral("evidence")));
    }

    void anotherSizeThanALargerOneFails()
    {
        // The server names a smaller size than what arrived: nothing to fetch, and not the file we have.
        const auto d = LengthConfirmation::decide(verdict(Kind::Incomplete, 500), 1000, true, false);
        QCOMPARE(d.action, Action::Fail);
        QCOMPARE(d.error.code(), TaskError::Code::Protocol);
    }

    void noAnswerTrustsACloseButNotChunks()
    {
        const auto closed = LengthConfirmation::decide(verdict(Kind::Unknown), 1000, true, false);
        QCOMPARE(closed.action, Action::Accept);
        QVERIFY(closed.logLine.contains(QStringLiteral("close ended the body")));

        const auto chunked = LengthConfirmation::decide(verdict(Kind::Unknown), 1000, true, true);
        QCOMPARE(chunked.action, Action::Fail);
        QCOMPARE(chunked.error.code(), TaskError::Code::Protocol);
        QVERIFY(chunked.error.message().contains(QStringLiteral("chunks")));
        QVERIFY(chunked.error.detail().contains(QStringLiteral("expected checksum")));
    }

    void stopWithoutAskingIsHarmless()
    {
        LengthConfirmation length;
        length.stop();
        length.stop();
    }
};

QTEST_GUILESS_MAIN(TestLengthConfirmation)
#include "tst_lengthconfirmation.moc"
