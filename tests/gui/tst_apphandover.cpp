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

QString lockPath()
{
    return socketPath() + u".lock"_s;
}

// The process id written in the single-instance lock, or 0.
qint64 lockHolder()
{
    QFile file(lockPath());
    return file.open(QIODevice::ReadOnly) ? file.readLine().trimmed().toLongLong() : 0;
}

} // namespace

class TestAppHandOver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(appPath()).isExecutable(), "FERRY_APP must name the ferry binary");
        // The test's own runtime folder, not Qt's shared fallback in /tmp.
        QVERIFY2(socketPath().startsWith(qEnvironmentVariable("XDG_RUNTIME_DIR")), qPrintable(socketPath()));
    }

    void secondInstanceHandsItsUrlToTheFirst()
    {
        TestServer server;
        QVERIFY(server.listen());
        const QByteArray body = randomBytes(200'000, 9);
        server.setResource(u"/handed.bin"_s, Resource(body));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        // Leftovers of an earlier run must not count as "the first is up".
        QFile::remove(socketPath());
        QFile::remove(lockPath());
        // A queue and settings of their own, so no task of an earlier run competes for a slot.
        QTemporaryDir state;
        QVERIFY(state.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"XDG_DATA_HOME"_s, state.filePath(u"data"_s));
        environment.insert(u"XDG_CONFIG_HOME"_s, state.filePath(u"config"_s));
        QProcess first;
        first.setProcessEnvironment(environment);
        first.setProcessChannelMode(QProcess::ForwardedChannels);
        first.start(appPath(), { u"--dir"_s, dir.path() });
        QVERIFY(first.waitForStarted());
        // Up once it holds the lock and listens.
        QTRY_VERIFY_WITH_TIMEOUT(lockHolder() == first.processId() && QFileInfo::exists(socketPath()), 20000);

        QProcess second;
        second.setProcessEnvironment(environment);
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
        third.setProcessEnvironment(environment);
        third.setProcessChannelMode(QProcess::ForwardedChannels);
        QSignalSpy thirdFinished(&third, &QProcess::finished);
        third.start(appPath(), { u"--dir"_s, dir.path() });
        QVERIFY(third.waitForStarted());
        // It takes over the lock and stays: it did not hand over to a dead instance.
        QTRY_COMPARE_WITH_TIMEOUT(lockHolder(), third.processId(), 20000);
        QCOMPARE(third.state(), QProcess::Running);
        QCOMPARE(thirdFinished.size(), 0);
        third.kill();
        QVERIFY(third.waitForFinished());
    }
};

QTEST_GUILESS_MAIN(TestAppHandOver)
#include "tst_apphandover.moc"
