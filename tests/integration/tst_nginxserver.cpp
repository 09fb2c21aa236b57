// The nginx helper tests itself, so an engine test failing against nginx is never the helper's fault.
#include "support/nginxserver.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Ferry::Test::NginxServer;

class TestNginxServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void servesWholeFile();
    void servesRanges_data();
    void servesRanges();
    void ifRangeDecidesBetweenPartAndWhole_data();
    void ifRangeDecidesBetweenPartAndWhole();
    void urlEncodesPath();
    void missingFileIs404();
    void secondServerGetsItsOwnPort();
    void stopEndsTheProcess();
    void startRejectsMissingRoot();

private:
    using ReplyPtr = std::unique_ptr<QNetworkReply>;
    ReplyPtr get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {});

    QTemporaryDir m_root;
    QByteArray m_data;
    NginxServer m_server;
    QNetworkAccessManager m_nam;
};

namespace {

int statusOf(const QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool writeFile(const QString &fileName, const QByteArray &data)
{
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

} // namespace

TestNginxServer::ReplyPtr TestNginxServer::get(const QUrl &url,
                                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept-Encoding"_ba, "identity"_ba);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    ReplyPtr reply(m_nam.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    return reply;
}

void TestNginxServer::initTestCase()
{
    if (!NginxServer::isAvailable())
        QSKIP("nginx is not installed at /usr/sbin/nginx");
    QVERIFY(m_root.isValid());

    // Big enough that nginx answers with sendfile over several TCP segments.
    m_data.resize(300 * 1024 + 7);
    QRandomGenerator generator(42);
    for (char &byte : m_data)
        byte = char(generator.bounded(256));
    QVERIFY(writeFile(m_root.filePath(u"data.bin"_s), m_data));
    QVERIFY(QDir(m_root.path()).mkdir(u"sub dir"_s));
    QVERIFY(writeFile(m_root.filePath(u"sub dir/hello world.txt"_s), "hello\n"_ba));

    QString error;
    QVERIFY2(m_server.start(m_root.path(), &error), qPrintable(error));
    QVERIFY(m_server.isRunning());
    QVERIFY(m_server.port() != 0);
}

void TestNginxServer::servesWholeFile()
{
    const ReplyPtr reply = get(m_server.url(u"/data.bin"_s));
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), m_data.size());
    QCOMPARE(reply->rawHeader("Accept-Ranges"_ba), "bytes"_ba);
    QVERIFY(!reply->hasRawHeader("Content-Encoding"_ba));

    // Resume relies on a strong validator: quoted and without the W/ prefix.
    const QByteArray etag = reply->rawHeader("ETag"_ba);
    QVERIFY2(etag.size() > 2 && etag.startsWith('"') && etag.endsWith('"'), etag.constData());
    QVERIFY(reply->hasRawHeader("Last-Modified"_ba));

    QCOMPARE(reply->readAll(), m_data);
}

void TestNginxServer::servesRanges_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");

    const qint64 size = 300 * 1024 + 7;
    QTest::newRow("middle") << "bytes=10-19"_ba << 206 << qint64(10) << qint64(19);
    QTest::newRow("open end") << "bytes=1000-"_ba << 206 << qint64(1000) << size - 1;
    QTest::newRow("suffix") << "bytes=-100"_ba << 206 << size - 100 << size - 1;
    QTest::newRow("last byte") << "bytes=307206-307206"_ba << 206 << size - 1 << size - 1;
    QTest::newRow("past the end") << "bytes=307207-"_ba << 416 << qint64(-1) << qint64(-1);
}

void TestNginxServer::servesRanges()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QCOMPARE(m_data.size(), 300 * 1024 + 7);

    const ReplyPtr reply = get(m_server.url(u"/data.bin"_s), {{"Range"_ba, range}});
    QVERIFY(reply->isFinished());
    QCOMPARE(statusOf(reply.get()), status);
    if (status == 416) {
        QCOMPARE(reply->rawHeader("Content-Range"_ba), "bytes */" + QByteArray::number(m_data.size()));
        return;
    }
    QCOMPARE(reply->rawHeader("Content-Range"_ba),
             "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/'
                     + QByteArray::number(m_data.size()));
    QCOMPARE(reply->readAll(), m_data.mid(first, last - first + 1));
}

void TestNginxServer::ifRangeDecidesBetweenPartAndWhole_data()
{
    QTest::addColumn<bool>("matching");
    QTest::newRow("same ETag: the part") << true;
    QTest::newRow("other ETag: the whole file") << false;
}

void TestNginxServer::ifRangeDecidesBetweenPartAndWhole()
{
    QFETCH(bool, matching);
    const ReplyPtr head = get(m_server.url(u"/data.bin"_s), {{"Range"_ba, "bytes=0-0"_ba}});
    const QByteArray etag = head->rawHeader("ETag"_ba);
    QVERIFY(!etag.isEmpty());

    const QByteArray validator = matching ? etag : "\"0-0\""_ba;
    const ReplyPtr reply = get(m_server.url(u"/data.bin"_s),
                               {{"Range"_ba, "bytes=100-"_ba}, {"If-Range"_ba, validator}});
    QVERIFY(reply->isFinished());
    QCOMPARE(statusOf(reply.get()), matching ? 206 : 200);
    QCOMPARE(reply->readAll(), matching ? m_data.mid(100) : m_data);
}

void TestNginxServer::urlEncodesPath()
{
    const QUrl url = m_server.url(u"sub dir/hello world.txt"_s);
    QCOMPARE(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority),
             "/sub%20dir/hello%20world.txt"_ba);
    const ReplyPtr reply = get(url);
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->readAll(), "hello\n"_ba);
}

void TestNginxServer::missingFileIs404()
{
    const ReplyPtr reply = get(m_server.url(u"/no-such-file"_s));
    QVERIFY(reply->isFinished());
    QCOMPARE(statusOf(reply.get()), 404);
    QCOMPARE(reply->error(), QNetworkReply::ContentNotFoundError);
}

void TestNginxServer::secondServerGetsItsOwnPort()
{
    NginxServer second;
    QString error;
    QVERIFY2(second.start(m_root.path(), &error), qPrintable(error));
    QVERIFY(second.port() != m_server.port());

    const ReplyPtr reply = get(second.url(u"/data.bin"_s));
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->readAll(), m_data);
}

void TestNginxServer::stopEndsTheProcess()
{
    NginxServer server;
    QString error;
    QVERIFY2(server.start(m_root.path(), &error), qPrintable(error));
    QVERIFY(server.isRunning());
    const QUrl url = server.url(u"/data.bin"_s);

    server.stop();
    QVERIFY(!server.isRunning());
    QCOMPARE(server.port(), quint16(0));
    // Fails fast on a refused connection, which proves nothing was left listening.
    const ReplyPtr reply = get(url);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
}

void TestNginxServer::startRejectsMissingRoot()
{
    NginxServer server;
    QString error;
    QVERIFY(!server.start(m_root.filePath(u"missing"_s), &error));
    QVERIFY(error.contains(u"missing"_s));
    QVERIFY(!server.isRunning());
}

QTEST_GUILESS_MAIN(TestNginxServer)
#include "tst_nginxserver.moc"
