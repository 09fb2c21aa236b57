#include "net/resumestate.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

class TestResumeState : public QObject
{
    Q_OBJECT

private:
    static ResumeState sample()
    {
        ResumeState s;
        s.url = QUrl(QStringLiteral("http://example.org/a%20b.iso?x=1"));
        s.finalUrl = QUrl(QStringLiteral("https://cdn.example.org/a%20b.iso"));
        s.validators = { "\"abc\"", "Tue, 14 Mar 2023 12:00:01 GMT" };
        s.total = 5'000'000'000;
        s.fileName = QStringLiteral("a b.iso");
        s.ranges = { { 0, 2'500'000'000, 100 }, { 2'500'000'000, 5'000'000'000, 2'500'000'000 } };
        return s;
    }

private Q_SLOTS:
    void roundTrip()
    {
        const ResumeState s = sample();
        const auto back = ResumeState::fromJson(s.toJson());
        QVERIFY(back);
        QCOMPARE(back->url, s.url);
        QCOMPARE(back->finalUrl, s.finalUrl);
        QCOMPARE(back->validators, s.validators);
        QCOMPARE(back->total, s.total);
        QCOMPARE(back->fileName, s.fileName);
        QCOMPARE(back->ranges, s.ranges);
        QCOMPARE(back->bytesDone(), 2'500'000'100);
        QVERIFY(back->isResumable());
        QVERIFY(back->ranges[1].isComplete());
        QVERIFY(!back->ranges[0].isComplete());
    }

    void contiguousPrefix_data()
    {
        QTest::addColumn<QList<ResumeState::Range>>("ranges");
        QTest::addColumn<qint64>("prefix");
        using R = ResumeState::Range;
        QTest::newRow("nothing") << QList<R>{} << qint64(0);
        QTest::newRow("one partly done") << QList<R>{ { 0, 100, 40 } } << qint64(40);
        QTest::newRow("first done, second partly") << QList<R>{ { 0, 50, 50 }, { 50, 100, 10 } } << qint64(60);
        QTest::newRow("hole after the first") << QList<R>{ { 0, 50, 20 }, { 50, 100, 50 } } << qint64(20);
        QTest::newRow("out of order") << QList<R>{ { 50, 100, 50 }, { 0, 50, 50 } } << qint64(100);
        QTest::newRow("first not started") << QList<R>{ { 0, 50, 0 }, { 50, 100, 50 } } << qint64(0);
        QTest::newRow("stolen split") << QList<R>{ { 0, 30, 30 }, { 60, 100, 5 }, { 30, 60, 30 } } << qint64(65);
    }
    void contiguousPrefix()
    {
        QFETCH(QList<ResumeState::Range>, ranges);
        QFETCH(qint64, prefix);
        ResumeState s;
        s.total = 100;
        s.ranges = ranges;
        QCOMPARE(s.contiguousPrefix(), prefix);
    }

    void unknownLengthIsNotResumable()
    {
        ResumeState s = sample();
        s.total = -1;
        s.ranges = { { 0, -1, 500 } };
        const auto back = ResumeState::fromJson(s.toJson());
        QVERIFY(back);
        QVERIFY(!back->isResumable());
        s.total = 10;
        s.validators = {};
        s.ranges = { { 0, 10, 5 } };
        QVERIFY(!ResumeState::fromJson(s.toJson())->isResumable());
    }

    void untrustworthyStatesAreRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QByteArray head = "{\"version\":1,\"url\":\"http://h/a\",\"finalUrl\":\"http://h/a\",\"etag\":\"\\\"e\\\"\",\"lastModified\":\"\",\"fileName\":\"a\",";
        QTest::newRow("garbage") << QByteArray("not json");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("other version") << QByteArray("{\"version\":2,\"url\":\"http://h/a\",\"finalUrl\":\"http://h/a\",\"total\":10,\"ranges\":[]}");
        QTest::newRow("done beyond end") << head + "\"total\":10,\"ranges\":[[0,10,11]]}";
        QTest::newRow("end beyond total") << head + "\"total\":10,\"ranges\":[[0,11,1]]}";
        QTest::newRow("negative start") << head + "\"total\":10,\"ranges\":[[-1,10,1]]}";
        QTest::newRow("negative done") << head + "\"total\":10,\"ranges\":[[0,10,-5]]}";
        QTest::newRow("short range") << head + "\"total\":10,\"ranges\":[[0,10]]}";
        QTest::newRow("string numbers") << head + "\"total\":10,\"ranges\":[[\"0\",\"10\",\"1\"]]}";
        QTest::newRow("open end with total") << head + "\"total\":10,\"ranges\":[[0,-1,1]]}";
        QTest::newRow("bad url") << QByteArray("{\"version\":1,\"url\":\"http://h/a b\",\"finalUrl\":\"http://h/a\",\"total\":10,\"ranges\":[]}");
    }
    void untrustworthyStatesAreRejected()
    {
        QFETCH(QByteArray, json);
        QVERIFY(!ResumeState::fromJson(json));
    }

    void saveAndLoad()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("x.ferry-resume"));
        QVERIFY(!sample().save(path).isError());
        const auto back = ResumeState::load(path);
        QVERIFY(back);
        QCOMPARE(back->ranges, sample().ranges);
        // Saving again replaces atomically; no temporary file is left behind.
        ResumeState s = sample();
        s.ranges[0].done = 200;
        QVERIFY(!s.save(path).isError());
        QCOMPARE(ResumeState::load(path)->ranges[0].done, 200);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList{ QStringLiteral("x.ferry-resume") });
    }

    void loadRefusesSymlinksAndMissingFiles()
    {
        QTemporaryDir tmp;
        const QString real = tmp.filePath(QStringLiteral("real"));
        QVERIFY(!sample().save(real).isError());
        const QString link = tmp.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(real, link));
        QVERIFY(!ResumeState::load(link));
        QVERIFY(!ResumeState::load(tmp.filePath(QStringLiteral("missing"))));
    }

    void saveIntoMissingFolderFails()
    {
        QTemporaryDir tmp;
        const TaskError e = sample().save(tmp.filePath(QStringLiteral("no/such/folder/x")));
        QVERIFY(e.isError());
        QVERIFY(e.message().contains(QStringLiteral("no/such/folder")));
    }
};

QTEST_GUILESS_MAIN(TestResumeState)
#include "tst_resumestate.moc"
