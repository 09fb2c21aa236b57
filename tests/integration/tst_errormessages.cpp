// Errors name the real cause: a partial file or a folder deleted under a running download, and a
// server whose ranges are malformed (not "the file keeps changing").
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

class TestErrorMessages : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<DownloadManager> m_manager;

    // Starts a slow download into dir, lets it get going, calls pullTheFloor, returns its end.
    DownloadSnapshot interrupted(const QString &path, const QString &dir, const std::function<void()> &pullTheFloor)
    {
        Resource slow(randomBytes(2 << 20, 5));
        slow.dripBytes = 16 << 10;
        slow.dripIntervalMs = 10;
        m_server->setResource(path, slow);
        DownloadRequest request;
        request.url = m_server->url(path);
        request.directory = dir;
        QSignalSpy finished(m_manager.get(), &DownloadManager::downloadFinished);
        const DownloadId id = m_manager->add(request);
        if (!waitUntil([&] { return m_manager->snapshot(id).bytesDone > 300000 || !finished.isEmpty(); }, 20000))
            return m_manager->snapshot(id);
        pullTheFloor();
        if (finished.isEmpty() && !finished.wait(20000))
            return m_manager->snapshot(id);
        return finished.constLast().at(0).value<DownloadSnapshot>();
    }

    DownloadSnapshot run(const DownloadRequest &r) { return runToEnd(*m_manager, r); }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        QVERIFY(m_server->listen());
        m_root = std::make_unique<QTemporaryDir>();
        m_manager = std::make_unique<DownloadManager>();
        DownloadOptions o;
        o.retry.baseDelay = std::chrono::milliseconds(10);
        o.retry.maxDelay = std::chrono::milliseconds(50);
        o.stallTimeout = std::chrono::milliseconds(2000);
        o.checkpointInterval = std::chrono::milliseconds(50);
        m_manager->setOptions(o);
    }

    void cleanup()
    {
        m_manager.reset();
        m_server.reset();
        m_root.reset();
    }

    void partialFileDeleted()
    {
        const QString dir = m_root->filePath(u"p"_s);
        QVERIFY(QDir().mkpath(dir));
        const QString partial = QDir(dir).filePath(u"gone.bin.ferry-part"_s);
        const auto s = interrupted(u"/gone.bin"_s, dir, [&] { QVERIFY(QFile::remove(partial)); });
        QCOMPARE(s.state, DownloadState::Failed);
        QVERIFY2(s.error.message().contains(u"partial file"_s) && s.error.message().contains(partial)
                     && s.error.message().contains(u"deleted"_s),
                 qPrintable(s.error.toString()));
        QVERIFY(!QFileInfo::exists(QDir(dir).filePath(u"gone.bin"_s)));
    }

    void folderDeleted()
    {
        const QString dir = m_root->filePath(u"f"_s);
        QVERIFY(QDir().mkpath(dir));
        const auto s = interrupted(u"/away.bin"_s, dir, [&] {
            // Again until it is gone: a checkpoint landing during the removal keeps the folder alive.
            waitUntil([&] { QDir(dir).removeRecursively(); return !QFileInfo::exists(dir); }, 5000);
        });
        QCOMPARE(s.state, DownloadState::Failed);
        QVERIFY2(s.error.message().contains(u"folder"_s) && s.error.message().contains(dir)
                     && s.error.message().contains(u"deleted"_s),
                 qPrintable(s.error.toString()));
    }

    // A server that never changes but answers with a Content-Range that fits nothing.
    void malformedRangeIsNotAChangingFile()
    {
        m_server->setRawResponse(u"/range.bin"_s, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\n"
                                                  "Content-Length: 5\r\n\r\nhello");
        DownloadRequest request;
        request.url = m_server->url(u"/range.bin"_s);
        request.directory = m_root->path();
        const auto s = run(request);
        QCOMPARE(s.state, DownloadState::Failed);
        QCOMPARE(s.error.code(), TaskError::Code::Protocol);
        QVERIFY2(s.error.message().contains(u"Content-Range"_s), qPrintable(s.error.toString()));
        QVERIFY2(!s.error.message().contains(u"changing"_s), qPrintable(s.error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestErrorMessages)
#include "tst_errormessages.moc"
