// The real `ferry` binary twice: the second `ferry --dir D URL` hands its URL to the first through
// the local socket and exits 0; the first downloads it into D. Then the same with no first
// instance: a crashed one's leftovers do not stop a new one from starting.
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

QString appPath()
{
    return qEnvironmentVariable("FERRY_APP");
}

QString socketPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation)).filePath(u"ferry.socket"_s);
}

} // namespace

class TestAppHandOver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(appPath()).isExecutable(), "FERRY_APP must name the ferry binary");
    }

    void secondInstanceHandsItsUrlToTheFirst()
    {
        TestServer server;
        QVERIFY(server.listen());
        const QByteArray body = randomBytes(200'000, 9);
        server.setResource(u"/handed.bin"_s, Resource(body));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        QProcess first;
        first.setProcessChannelMode(QProcess::ForwardedChannels);
        first.start(appPath(), { u"--dir"_s, dir.path() });
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(socketPath()), 20000);

        QProcess second;
        second.setProcessChannelMode(QProcess::ForwardedChannels);
        QSignalSpy secondFinished(&second, &QProcess::finished);
        second.start(appPath(), { u"--dir"_s, dir.path(), server.url(u"/handed.bin"_s).toString() });
        QVERIFY(secondFinished.wait(20000));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);

        // The first instance downloads it (the server runs on this test's event loop).
        const QString target = QDir(dir.path()).filePath(u"handed.bin"_s);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(target), 20000);
        QCOMPARE(fileSha256Hex(target), sha256Hex(body));
        QCOMPARE(first.state(), QProcess::Running);  // the first stays; only the second quit
        first.kill();  // as a crash would: leaves its lock and socket behind
        QVERIFY(first.waitForFinished());

        // A new instance takes over the crashed one's lock and socket and becomes the first.
        QProcess third;
        third.setProcessChannelMode(QProcess::ForwardedChannels);
        QSignalSpy thirdFinished(&third, &QProcess::finished);
        third.start(appPath(), { u"--dir"_s, dir.path() });
        QVERIFY(third.waitForStarted());
        QVERIFY(!thirdFinished.wait(1500));  // still running: it did not hand over to a dead one
        third.kill();
        QVERIFY(third.waitForFinished());
    }
};

QTEST_GUILESS_MAIN(TestAppHandOver)
#include "tst_apphandover.moc"
