// Opening a saved queue, as a start does: history (finished, failed, cancelled tasks) comes back from
// the store's columns with its pipeline left unparsed until something needs it; paused tasks stay
// paused; a task the last session left running comes back queued and finishes. Behaviour, not speed:
// the details, a retry and a save of a history task must still find everything its pipeline held,
// and EngineHost's storeOpened must reach receivers connected after openStore() (the app opens the
// store before it builds the window).
#include "engine/taskengine.h"
#include "enginehost.h"
#include "store/taskstore.h"
#include "support/testenv.h"
#include "support/testserver.h"
#include "util/hasher.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

QString sha256Text(const QByteArray &data)
{
    return u"sha256:"_s + QString::fromLatin1(Hasher::hash(data, HashAlgorithm::Sha256).toHex());
}

} // namespace

class TestStoreLoad : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QTemporaryDir m_tmp;
    QByteArray m_body = randomBytes(200'000, 3);
    int m_case = 0;

    // The ids of the rows makeStore() writes, in order.
    enum Row { Finished = 1, Failed, Cancelled, Paused, Running, RowCount = Running };

    // A download row as the engine saves one: the pipeline (with a file name and a checksum only
    // the JSON holds), the columns, and for a finished one its output, digests and log.
    StoredTask downloadRow(const QString &path, const QString &directory, TaskState state)
    {
        TaskSpec spec;
        spec.kind = TaskKind::Download;
        spec.download.url = m_server.url(path);
        spec.download.directory = directory;
        spec.download.fileName = u"renamed-"_s + path.mid(1);
        spec.download.expected = { HashAlgorithm::Sha256, Hasher::hash(m_body, HashAlgorithm::Sha256) };
        StoredTask row;
        row.kind = u"download"_s;
        row.url = spec.download.url;
        row.directory = directory;
        row.state = int(state);
        row.bytesTotal = m_body.size();
        row.pipelineJson = spec.toJson();
        row.added = QDateTime::currentDateTimeUtc().addSecs(-60);
        if (state == TaskState::Succeeded) {
            const QString output = QDir(directory).filePath(spec.download.fileName);
            row.fileName = spec.download.fileName;
            row.bytesDone = m_body.size();
            row.finished = row.added.addSecs(5);
            const QJsonObject runtime{
                { u"output"_s, output },
                { u"digests"_s, QJsonObject{ { u"sha256"_s, QString::fromLatin1(Hasher::hash(m_body, HashAlgorithm::Sha256).toHex()) } } },
                { u"log"_s, QJsonArray{ u"10:00:00.000 saved last session"_s } },
            };
            row.resumeJson = QJsonDocument(runtime).toJson(QJsonDocument::Compact);
        } else if (state == TaskState::Failed) {
            row.errorJson = QJsonDocument(QJsonObject{ { u"code"_s, TaskError::codeName(TaskError::Code::Network) },
                                                       { u"message"_s, u"The connection was refused"_s } })
                                .toJson(QJsonDocument::Compact);
        }
        return row;
    }

    // A fresh folder with a store holding one task per Row.
    QString makeStore()
    {
        const QString dir = m_tmp.filePath(u"case-%1"_s.arg(++m_case));
        const QString store = QDir(dir).filePath(u"queue.db"_s);
        TaskStore writer;
        if (writer.open(store).isError())
            return {};
        QList<StoredTask> rows{
            downloadRow(u"/finished.bin"_s, dir, TaskState::Succeeded),
            downloadRow(u"/failed.bin"_s, dir, TaskState::Failed),
            downloadRow(u"/cancelled.bin"_s, dir, TaskState::Cancelled),
            downloadRow(u"/paused.bin"_s, dir, TaskState::Paused),
            downloadRow(u"/running.bin"_s, dir, TaskState::Running),
        };
        if (writer.insert(rows).isError() || rows.constLast().id != Running)
            return {};
        return store;
    }

    TaskDetails detailsOf(TaskEngine &engine, TaskId id)
    {
        QSignalSpy ready(&engine, &TaskEngine::detailsReady);
        engine.requestDetails(id);
        return ready.isEmpty() ? TaskDetails{} : ready.constFirst().constFirst().value<TaskDetails>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_server.listen());
        for (const QString &path : { u"/finished.bin"_s, u"/failed.bin"_s, u"/cancelled.bin"_s, u"/paused.bin"_s,
                                     u"/running.bin"_s })
            m_server.setResource(path, Resource(m_body));
    }

    void statesComeBackAndARunningTaskFinishes()
    {
        const QString store = makeStore();
        QVERIFY(!store.isEmpty());
        const QString dir = QFileInfo(store).absolutePath();
        TaskEngine engine;
        QCOMPARE(engine.openStore(store, true), TaskError());
        QCOMPARE(engine.ids(), (QList<TaskId>{ Finished, Failed, Cancelled, Paused, Running }));

        const TaskSnapshot finished = engine.snapshot(Finished);
        QCOMPARE(finished.status.state, TaskState::Succeeded);
        QCOMPARE(finished.kind, TaskKind::Download);
        QCOMPARE(finished.url, m_server.url(u"/finished.bin"_s));
        QCOMPARE(finished.outputPath, QDir(dir).filePath(u"renamed-finished.bin"_s));
        QCOMPARE(finished.fileName, u"renamed-finished.bin"_s);
        QCOMPARE(finished.digests.size(), 1);
        QCOMPARE(engine.log(Finished), QStringList{ u"10:00:00.000 saved last session"_s });
        const TaskSnapshot failed = engine.snapshot(Failed);
        QCOMPARE(failed.status.state, TaskState::Failed);
        QCOMPARE(failed.error.code(), TaskError::Code::Network);
        QCOMPARE(failed.error.message(), u"The connection was refused"_s);
        QCOMPARE(engine.snapshot(Cancelled).status.state, TaskState::Cancelled);
        QCOMPARE(engine.snapshot(Paused).status.state, TaskState::Paused);
        QVERIFY(!engine.snapshot(Running).isFinished());
        QVERIFY(engine.log(Running).join(u'\n').contains(u"Ferry stopped while this task was running; queued again"_s));

        // The running one resumes, with what only its pipeline knew: the name and the checksum.
        QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot(Running).status.state, TaskState::Succeeded, 20000);
        QCOMPARE(fileContents(QDir(dir).filePath(u"renamed-running.bin"_s)), m_body);
        QCOMPARE(engine.snapshot(Paused).status.state, TaskState::Paused);
    }

    void historyDetailsReadItsPipeline()
    {
        const QString store = makeStore();
        QVERIFY(!store.isEmpty());
        TaskEngine engine;
        QCOMPARE(engine.openStore(store, false), TaskError());
        QCOMPARE(engine.snapshot(Running).status.state, TaskState::Paused);  // not resumed on start
        const TaskDetails details = detailsOf(engine, Finished);
        QVERIFY(details.exists);
        QCOMPARE(details.expected, sha256Text(m_body));  // in the pipeline JSON only
        QCOMPARE(details.task.outputPath, engine.snapshot(Finished).outputPath);
        QCOMPARE(details.log, engine.log(Finished));
    }

    void retriedHistoryDownloadsAsItsPipelineSays()
    {
        const QString store = makeStore();
        QVERIFY(!store.isEmpty());
        const QString dir = QFileInfo(store).absolutePath();
        TaskEngine engine;
        QCOMPARE(engine.openStore(store, false), TaskError());
        engine.retry({ Failed, Cancelled });
        QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot(Failed).status.state, TaskState::Succeeded, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(engine.snapshot(Cancelled).status.state, TaskState::Succeeded, 20000);
        QCOMPARE(fileContents(QDir(dir).filePath(u"renamed-failed.bin"_s)), m_body);
        QCOMPARE(fileContents(QDir(dir).filePath(u"renamed-cancelled.bin"_s)), m_body);
        QVERIFY(!QFile::exists(QDir(dir).filePath(u"failed.bin"_s)));
    }

    // A history task saved again (its priority changed) keeps its pipeline byte for byte.
    void savedHistoryKeepsItsPipeline()
    {
        const QString store = makeStore();
        QVERIFY(!store.isEmpty());
        QByteArray pipeline;
        {
            TaskStore reader;
            QCOMPARE(reader.open(store), TaskError());
            pipeline = reader.loadAll().value(Finished - 1).pipelineJson;
        }
        QVERIFY(!pipeline.isEmpty());
        {
            TaskEngine engine;
            QCOMPARE(engine.openStore(store, false), TaskError());
            engine.setPriority({ Finished }, 7);
        }  // the engine saves what changed as it goes
        TaskStore reader;
        QCOMPARE(reader.open(store), TaskError());
        const StoredTask row = reader.loadAll().value(Finished - 1);
        QCOMPARE(row.priority, 7);
        QCOMPARE(row.pipelineJson, pipeline);
        QCOMPARE(row.state, int(TaskState::Succeeded));
        TaskEngine engine;
        QCOMPARE(engine.openStore(store, false), TaskError());
        QCOMPARE(detailsOf(engine, Finished).expected, sha256Text(m_body));
    }

    // The app calls openStore() before the window that listens exists: storeOpened must wait for the
    // GUI thread's loop rather than go out while nobody is connected.
    void storeOpenedReachesLateReceivers()
    {
        const QString store = makeStore();
        QVERIFY(!store.isEmpty());
        EngineHost host;
        host.openStore(store, false);
        // Until the engine thread has loaded the store and emitted whatever it emits.
        QVERIFY(QMetaObject::invokeMethod(host.engine(), [] {}, Qt::BlockingQueuedConnection));
        QSignalSpy opened(&host, &EngineHost::storeOpened);
        QVERIFY(opened.wait());
        const auto tasks = opened.constFirst().constFirst().value<QList<TaskSnapshot>>();
        QCOMPARE(tasks.size(), qsizetype(RowCount));
        QCOMPARE(tasks.constFirst().status.state, TaskState::Succeeded);
        QCOMPARE(opened.constFirst().at(1).toString(), QString());
    }
};

QTEST_MAIN(TestStoreLoad)
#include "tst_storeload.moc"
