// Categories through the real engine and the loopback server: the folder is chosen from the final
// name (Content-Disposition, not the URL) before the partial file exists, and a restart resumes the
// partial file in that folder instead of deciding again or starting over.
#include "engine/taskengine.h"
#include "support/testenv.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

TaskState stateOf(const TaskEngine &engine, TaskId id)
{
    return engine.snapshot(id).status.state;
}

} // namespace

class TestCategoryRouting : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QTemporaryDir m_tmp;
    int m_dirCounter = 0;

    QString freshDir()
    {
        const QString dir = m_tmp.filePath(u"case-%1"_s.arg(++m_dirCounter));
        QDir().mkpath(dir);
        return dir;
    }

    TaskSpec downloadOf(const QString &path, const QString &dir, const CategoryRules &rules)
    {
        TaskSpec spec;
        spec.kind = TaskKind::Download;
        spec.download.url = m_server.url(path);
        spec.download.directory = dir;
        spec.download.categories = rules;
        return spec;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_server.listen());
    }

    void contentDispositionNameDecidesTheFolder()
    {
        const QByteArray body = randomBytes(200'000, 3);
        Resource video(body);
        video.contentDisposition = "attachment; filename=\"x.mkv\"";
        m_server.setResource(u"/file"_s, video);
        const QString dir = freshDir();

        TaskEngine engine;
        const TaskId id = engine.add({ downloadOf(u"/file"_s, dir, CategoryRules::defaults()) }).ids.value(0);
        QVERIFY(id);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, id), TaskState::Succeeded, 20000);
        QCOMPARE(engine.snapshot(id).outputPath, QDir(dir).filePath(u"Videos/x.mkv"_s));
        QCOMPARE(fileContents(QDir(dir).filePath(u"Videos/x.mkv"_s)), body);
        QCOMPARE(listFilesRecursively(dir), QStringList{ u"Videos/x.mkv"_s });
        QVERIFY(engine.log(id).join(u'\n').contains(u"category Videos"_s));
    }

    void withoutRulesOrWithoutAMatchTheFileStays()
    {
        const QByteArray body = randomBytes(10'000, 4);
        Resource video(body);
        video.contentDisposition = "attachment; filename=\"x.mkv\"";
        m_server.setResource(u"/plain"_s, video);
        m_server.setResource(u"/blob.bin"_s, Resource(body));
        const QString dir = freshDir();

        TaskEngine engine;
        const QList<TaskId> ids = engine.add({ downloadOf(u"/plain"_s, dir, CategoryRules::none()),
                                               downloadOf(u"/blob.bin"_s, dir, CategoryRules::defaults()) }).ids;
        QCOMPARE(ids.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, ids[0]), TaskState::Succeeded, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, ids[1]), TaskState::Succeeded, 20000);
        QCOMPARE(listFilesRecursively(dir), (QStringList{ u"blob.bin"_s, u"x.mkv"_s }));
    }

    void aUserRuleByHostWins()
    {
        m_server.setResource(u"/photo.png"_s, Resource(QByteArray("not really a png")));
        const QString dir = freshDir();
        CategoryRules rules;
        rules.setUserRules({ { CategoryRule::Match::Host, u"127.0.0.1"_s, u"Local"_s } });

        TaskEngine engine;
        const TaskId id = engine.add({ downloadOf(u"/photo.png"_s, dir, rules) }).ids.value(0);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, id), TaskState::Succeeded, 20000);
        QCOMPARE(listFilesRecursively(dir), QStringList{ u"Local/photo.png"_s });
    }

    // The engine stops in the middle (as when the app quits); the next one resumes the partial file in
    // Videos, asking for the rest, not for byte 0, and the file is whole.
    void aRestartResumesInTheCategoryFolder()
    {
        const QByteArray body = randomBytes(3 << 20, 5);
        Resource slow(body);
        slow.contentDisposition = "attachment; filename=\"x.mkv\"";
        slow.dripBytes = 16 * 1024;
        slow.dripIntervalMs = 20;
        m_server.setResource(u"/slow/file"_s, slow);
        const QString dir = freshDir();
        const QString store = m_tmp.filePath(u"queue-%1.db"_s.arg(m_dirCounter));
        const QString videos = QDir(dir).filePath(u"Videos"_s);
        TaskId id = 0;
        {
            TaskEngine engine;
            QCOMPARE(engine.openStore(store), TaskError());
            id = engine.add({ downloadOf(u"/slow/file"_s, dir, CategoryRules::defaults()) }).ids.value(0);
            QVERIFY(id);
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(videos).filePath(u"file.ferry-resume"_s)), 20000);
            QTRY_VERIFY(engine.snapshot(id).outputPath.startsWith(videos + u'/'));
        }
        QVERIFY(QFile::exists(QDir(videos).filePath(u"file.ferry-part"_s)));
        m_server.clearRequests();
        Resource fast(body);  // the same version (ETag), at full speed
        fast.contentDisposition = "attachment; filename=\"x.mkv\"";
        m_server.updateResource(u"/slow/file"_s, fast);

        TaskEngine engine;
        QCOMPARE(engine.openStore(store), TaskError());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(engine, id), TaskState::Succeeded, 20000);
        QCOMPARE(fileContents(QDir(videos).filePath(u"x.mkv"_s)), body);
        QCOMPARE(listFilesRecursively(dir), QStringList{ u"Videos/x.mkv"_s });
        QVERIFY(!m_server.requests().isEmpty());
        const QByteArray range = m_server.requests().constFirst().header("range");
        QVERIFY2(range.startsWith("bytes=") && !range.startsWith("bytes=0-"), range.constData());
    }
};

QTEST_GUILESS_MAIN(TestCategoryRouting)
#include "tst_categoryrouting.moc"
