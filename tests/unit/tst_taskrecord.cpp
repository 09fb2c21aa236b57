#include "engine/taskrecord.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

TaskRecord downloadRecord()
{
    TaskRecord t;
    t.id = 7;
    t.m_spec.kind = TaskKind::Download;
    t.m_spec.download.url = QUrl(u"https://user:secret@example.com/file.iso"_s);
    t.m_spec.download.directory = u"/downloads"_s;
    t.m_spec.priority = 3;
    t.m_spec.dependsOn = { TaskSpec::Ref::task(2), TaskSpec::Ref::task(5) };
    t.title = u"file.iso"_s;
    t.status = TaskStatus::of(TaskState::Running, u"2 connections"_s);
    t.added = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000);
    t.started = t.added.addSecs(5);
    t.output = u"/downloads/file.iso.part"_s;
    t.finalUrl = QUrl(u"https://mirror.example.com/file.iso"_s);
    t.digests = { { HashAlgorithm::Sha256, "abc123" } };
    t.done = 1000;
    t.total = 4000;
    t.log = { u"added"_s, u"running"_s };
    return t;
}

} // namespace

// How a task maps to the store's row and back: the part of the engine's persistence that decides
// what a restart sees.
class TestTaskRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripKeepsWhatARestartNeeds()
    {
        const TaskRecord original = downloadRecord();
        const StoredTask row = original.toStored();
        QCOMPARE(row.id, 7u);
        QCOMPARE(row.kind, u"download"_s);
        QCOMPARE(row.url, QUrl(u"https://user@example.com/file.iso"_s));  // never the password
        QCOMPARE(row.directory, u"/downloads"_s);
        QCOMPARE(row.fileName, u"file.iso.part"_s);
        QCOMPARE(row.state, int(TaskState::Running));
        QCOMPARE(row.dependsOn, (QList<quint64>{ 2, 5 }));
        QVERIFY(row.errorJson.isEmpty());

        const TaskRecord back = TaskRecord::fromStored(row);
        QCOMPARE(back.id, original.id);
        QCOMPARE(back.title, original.title);
        QCOMPARE(back.status, original.status);  // the caller decides what an unfinished task becomes
        QCOMPARE(back.output, original.output);
        QCOMPARE(back.finalUrl, original.finalUrl);
        QCOMPARE(back.digests, original.digests);
        QCOMPARE(back.done, 1000);
        QCOMPARE(back.total, 4000);
        QCOMPARE(back.log, original.log);
        QCOMPARE(back.added, original.added);
        QCOMPARE(back.started, original.started);
        QVERIFY(!back.finished.isValid());
        QCOMPARE(back.specFromColumns().priority, 3);
        QCOMPARE(back.specFromColumns().dependsOn.size(), 2);
        QCOMPARE(back.specFromColumns().dependsOn.at(1).id, 5u);
        QVERIFY(back.specJson.isNull());  // unfinished: parsed at once
        QCOMPARE(back.spec().download.directory, u"/downloads"_s);
    }

    void errorRoundTrips()
    {
        TaskRecord t = downloadRecord();
        t.status = TaskStatus::of(TaskState::Failed);
        t.error = TaskError(TaskError::Code::HttpStatus, u"Not found"_s, u"HTTP 404"_s);
        const TaskRecord back = TaskRecord::fromStored(t.toStored());
        QCOMPARE(back.error.code(), TaskError::Code::HttpStatus);
        QCOMPARE(back.error.message(), u"Not found"_s);
        QCOMPARE(back.error.detail(), u"HTTP 404"_s);
    }

    void storesOnlyTheLastLogLines()
    {
        TaskRecord t = downloadRecord();
        t.log.clear();
        for (int i = 0; i < TaskRecord::StoredLogLines + 20; ++i)
            t.log.append(QString::number(i));
        const TaskRecord back = TaskRecord::fromStored(t.toStored());
        QCOMPARE(back.log.size(), TaskRecord::StoredLogLines);
        QCOMPARE(back.log.first(), u"20"_s);
        QCOMPARE(back.log.last(), QString::number(TaskRecord::StoredLogLines + 19));
    }

    void historyKeepsItsPipelineUnparsed()
    {
        TaskRecord t = downloadRecord();
        t.status = TaskStatus::of(TaskState::Succeeded);
        t.output = u"/downloads/file.iso"_s;
        const StoredTask row = t.toStored();
        const TaskRecord back = TaskRecord::fromStored(row);
        QCOMPARE(back.specJson, row.pipelineJson);
        QCOMPARE(back.specFromColumns().kind, TaskKind::Download);
        QCOMPARE(back.specFromColumns().download.directory, u"/downloads"_s);
        QCOMPARE(back.specFromColumns().priority, 3);
        // Saved again unchanged, it writes the pipeline as it was loaded.
        QCOMPARE(back.toStored().pipelineJson, row.pipelineJson);
        // Opened, it parses: the columns still win for priority and dependencies.
        QCOMPARE(back.spec().download.url.host(), u"example.com"_s);
        QVERIFY(back.specJson.isNull());
        QCOMPARE(back.spec().priority, 3);
        QCOMPARE(back.spec().dependsOn.size(), 2);
    }

    void unreadablePipelineFails()
    {
        StoredTask row = downloadRecord().toStored();
        row.state = int(TaskState::Queued);
        row.pipelineJson = "{not json";
        const TaskRecord back = TaskRecord::fromStored(row);
        QCOMPARE(back.status.state, TaskState::Failed);
        QCOMPARE(back.error.code(), TaskError::Code::InvalidInput);
    }

    void waitingComesBackQueued()
    {
        StoredTask row = downloadRecord().toStored();
        row.state = int(TaskState::Waiting);
        QCOMPARE(TaskRecord::fromStored(row).status, TaskStatus::of(TaskState::Queued));
        QCOMPARE(TaskRecord::storedState(row), TaskState::Waiting);
    }

    void unknownStateIsFailed()
    {
        StoredTask row = downloadRecord().toStored();
        row.state = 99;
        QCOMPARE(TaskRecord::storedState(row), TaskState::Failed);
        QCOMPARE(TaskRecord::fromStored(row).status.state, TaskState::Failed);
    }
};

QTEST_GUILESS_MAIN(TestTaskRecord)
#include "tst_taskrecord.moc"
