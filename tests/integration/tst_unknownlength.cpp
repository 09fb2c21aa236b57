// Bodies whose length nobody promised (chunked, no Content-Length): Ferry asks the server for the
// size once the body ends (CompletenessProbe), continues a body that was cut, and fails a chunked
// body that nobody can vouch for unless the expected checksum decides.
#include "net/downloadmanager.h"
#include "support/downloadrun.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

class TestUnknownLength : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DownloadManager> m_manager;

    DownloadRequest request(const QString &path) const
    {
        DownloadRequest r;
        r.url = m_server->url(path);
        r.directory = m_dir->path();
        return r;
    }

    DownloadSnapshot run(const DownloadRequest &r) { return runToEnd(*m_manager, r); }

    QList<QByteArray> rangesAsked(const QString &path) const
    {
        QList<QByteArray> out;
        for (const RequestRecord &r : requestsFor(*m_server, path))
            out.append(r.range);
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->listen());
        m_dir = std::make_unique<QTemporaryDir>();
        m_manager = std::make_unique<DownloadManager>();
        DownloadOptions o;
        o.retry.baseDelay = std::chrono::milliseconds(20);
        o.retry.maxDelay = std::chrono::milliseconds(200);
        o.stallTimeout = std::chrono::milliseconds(2000);
        o.checkpointInterval = std::chrono::milliseconds(50);
        m_manager->setOptions(o);
    }

    void cleanup()
    {
        m_manager.reset();
        m_server.reset();
        m_dir.reset();
    }

    // A server that answers "bytes=0-" with a chunked 200 but knows its size: a 416 confirms it.
    void confirmedByTheServer()
    {
        Resource r(randomBytes(300000, 1));
        r.chunked = true;
        r.rangeFromZeroIgnored = true;
        m_server->setResource(u"/confirmed.bin"_s, r);
        const auto s = run(request(u"/confirmed.bin"_s));
        QCOMPARE(s.state, DownloadState::Succeeded);
        QCOMPARE(fileSha256Hex(m_dir->filePath(u"confirmed.bin"_s)), sha256Hex(r.body));
        QCOMPARE(rangesAsked(u"/confirmed.bin"_s), (QList<QByteArray>{ "bytes=0-", "bytes=300000-" }));
        QVERIFY(m_manager->log(s.id).join(u'\n').contains(u"confirmed the size"_s));
    }

    // Broken chunk framing that Qt reads as the end (no error): the size check finds the rest missing
    // and the download continues from where the body stopped, never from zero.
    void brokenChunkIsContinued()
    {
        Resource r(randomBytes(400000, 2));
        r.chunked = true;
        r.rangeFromZeroIgnored = true;
        r.cutAfter = 150000;
        r.cutTimes = 1;
        r.brokenChunkAtCut = true;
        m_server->setResource(u"/broken.bin"_s, r);
        const auto s = run(request(u"/broken.bin"_s));
        QCOMPARE(s.state, DownloadState::Succeeded);
        QCOMPARE(fileSha256Hex(m_dir->filePath(u"broken.bin"_s)), sha256Hex(r.body));
        const QList<QByteArray> ranges = rangesAsked(u"/broken.bin"_s);
        QCOMPARE(ranges.size(), 3);
        QCOMPARE(ranges[0], QByteArray("bytes=0-"));
        QCOMPARE(ranges[1], QByteArray("bytes=150000-"));  // the size check where the body stopped
        QCOMPARE(ranges[2], QByteArray("bytes=150000-399999"));  // the rest, never from zero
        QCOMPARE(listFilesRecursively(m_dir->path()), QStringList{ u"broken.bin"_s });
    }

    // A chunked server that ignores every range cannot confirm anything: a clear failure with no file
    // under the final name, unless the expected checksum vouches for the bytes.
    void unconfirmableChunkedBody()
    {
        Resource r(randomBytes(200000, 3));
        r.chunked = true;
        r.acceptRanges = false;
        m_server->setResource(u"/stream"_s, r);
        auto s = run(request(u"/stream"_s));
        QCOMPARE(s.state, DownloadState::Failed);
        QCOMPARE(s.error.code(), TaskError::Code::Protocol);
        QVERIFY2(s.error.message().contains(u"cannot be confirmed"_s), qPrintable(s.error.toString()));
        QVERIFY2(s.error.detail().contains(u"checksum"_s), qPrintable(s.error.toString()));
        QVERIFY(!QFileInfo::exists(m_dir->filePath(u"stream"_s)));

        DownloadRequest withDigest = request(u"/stream"_s);
        withDigest.expected = { HashAlgorithm::Sha256, QByteArray::fromHex(sha256Hex(r.body)) };
        s = run(withDigest);
        QCOMPARE(s.state, DownloadState::Succeeded);
        QCOMPARE(fileSha256Hex(s.path), sha256Hex(r.body));
    }

    // A body ended by a close (no length, not chunked) is what every client accepts: saved, after the
    // server was asked. A known Content-Length is never probed.
    void knownLengthIsNeverProbed()
    {
        Resource r(randomBytes(100000, 4));
        m_server->setResource(u"/plain.bin"_s, r);
        const auto s = run(request(u"/plain.bin"_s));
        QCOMPARE(s.state, DownloadState::Succeeded);
        QCOMPARE(rangesAsked(u"/plain.bin"_s), QList<QByteArray>{ "bytes=0-" });
    }
};

QTEST_GUILESS_MAIN(TestUnknownLength)
#include "tst_unknownlength.moc"
