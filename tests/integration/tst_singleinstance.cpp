// One Ferry per user: a second instance hands its URLs to the first over a local socket that only
// the same user can open; a stale socket is replaced; malformed or oversized messages are refused
// without harm.
#include "ipc/singleinstance.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalSocket>
#include <QLockFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

QByteArray header(quint32 length)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(length, out.data());
    return out;
}

// Writes raw bytes to the socket and returns whether the server hung up without answering "ok".
bool refusedRaw(const QString &path, const QByteArray &bytes)
{
    QLocalSocket socket;
    QSignalSpy disconnected(&socket, &QLocalSocket::disconnected);
    socket.connectToServer(path);
    if (!socket.waitForConnected(5000))
        return false;
    socket.write(bytes);
    if (disconnected.isEmpty() && !disconnected.wait(10000))
        return false;
    return !socket.readAll().startsWith("ok");
}

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(u"s%1/ferry.socket"_s.arg(++m_counter)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void secondInstanceHandsOverItsArguments()
    {
        const QString path = freshPath();
        SingleInstance first(path);
        QSignalSpy firstDecided(&first, &SingleInstance::decided);
        first.start();
        QVERIFY(firstDecided.wait());
        QCOMPARE(first.role(), SingleInstance::Role::Primary);
        QVERIFY(QFileInfo::exists(path));

        SingleInstance second(path);
        QSignalSpy secondDecided(&second, &SingleInstance::decided);
        QSignalSpy secondFailed(&second, &SingleInstance::failed);
        second.start();
        QVERIFY2(secondDecided.wait(), secondFailed.isEmpty() ? "" : qPrintable(secondFailed.at(0).at(0).value<TaskError>().toString()));
        QCOMPARE(second.role(), SingleInstance::Role::Secondary);

        QSignalSpy received(&first, &SingleInstance::messageReceived);
        QSignalSpy sent(&second, &SingleInstance::sent);
        const QStringList urls{ u"https://example.com/a b.iso"_s, u"http://example.org/ünïcode"_s, QString() };
        second.send(urls);
        QVERIFY(sent.wait());
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(received.at(0).at(0).toStringList(), urls);
    }

    void staleSocketIsReplaced()
    {
        const QString path = freshPath();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        // A socket file nobody listens on, as a crashed instance leaves it.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = QFile::encodeName(path);
        QVERIFY(size_t(encoded.size()) < sizeof(address.sun_path));
        std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        ::close(fd);
        QVERIFY(QFileInfo::exists(path));
        // And its lock, held by a process that is gone.
        const pid_t child = ::fork();
        if (child == 0) {
            QLockFile lock(path + u".lock"_s);
            ::_exit(lock.tryLock(0) ? 0 : 1);  // exits without unlocking, as a crash would
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QCOMPARE(WEXITSTATUS(status), 0);
        QVERIFY(QFileInfo::exists(path + u".lock"_s));

        SingleInstance instance(path);
        QSignalSpy decided(&instance, &SingleInstance::decided);
        instance.start();
        QVERIFY(decided.wait());
        QCOMPARE(instance.role(), SingleInstance::Role::Primary);
    }

    void malformedMessagesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("oversized") << header(SingleInstance::MaxMessageBytes + 1) + QByteArray(1000, 'x');
        QTest::newRow("huge length") << header(0xFFFFFFFFu);
        QTest::newRow("not json") << header(5) + "hello";
        QTest::newRow("object") << header(7) + "{\"a\":1}";
        QTest::newRow("numbers") << header(5) + "[1,2]";
        QTest::newRow("two frames") << header(2) + "[]" + header(2) + "[]";
    }

    void malformedMessagesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        const QString path = freshPath();
        SingleInstance primary(path);
        QSignalSpy decided(&primary, &SingleInstance::decided);
        primary.start();
        QVERIFY(decided.wait());
        QSignalSpy received(&primary, &SingleInstance::messageReceived);
        QVERIFY(refusedRaw(path, bytes));
        QCOMPARE(received.size(), 0);

        // It still serves a proper client afterwards.
        SingleInstance second(path);
        QSignalSpy secondDecided(&second, &SingleInstance::decided);
        second.start();
        QVERIFY(secondDecided.wait());
        QSignalSpy sent(&second, &SingleInstance::sent);
        second.send({ u"https://example.com/x"_s });
        QVERIFY(sent.wait());
        QTRY_COMPARE(received.size(), 1);
    }

    void onlyTheSameUserCanConnect()
    {
        const QString path = freshPath();
        SingleInstance primary(path);
        QSignalSpy decided(&primary, &SingleInstance::decided);
        primary.start();
        QVERIFY(decided.wait());
        const QFile::Permissions permissions = QFileInfo(path).permissions();
        QVERIFY2(!(permissions & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)),
                 qPrintable(QString::number(int(permissions), 16)));

        if (::geteuid() != 0)
            QSKIP("Trying as another user needs root to switch users; the socket's mode was checked.");
        // Let everyone through the folders, so only the socket's own mode stands in the way.
        QFile::setPermissions(m_dir.path(), QFile::Permissions(0x7555));
        QFile::setPermissions(QFileInfo(path).absolutePath(), QFile::Permissions(0x7555));
        const QByteArray encoded = QFile::encodeName(path);
        const pid_t child = ::fork();
        if (child == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(3);
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
            const int rc = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address));
            ::_exit(rc == 0 ? 1 : (errno == EACCES ? 0 : 2));
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);  // EACCES: nobody else gets in
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
