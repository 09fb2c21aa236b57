// TaskSpec: what the store keeps of a task survives the round trip; pipelines have the right shape.
#include "engine/taskspec.h"

#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestTaskSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void downloadRoundTripsWithoutCredentials()
    {
        TaskSpec spec;
        spec.kind = TaskKind::Download;
        spec.download.url = QUrl(u"https://user:secret@example.com/a%20b.iso?x=1"_s);
        spec.download.directory = u"/data/in"_s;
        spec.download.fileName = u"chosen.iso"_s;
        spec.download.connections = 8;
        spec.download.rateLimit = 123456;
        spec.download.expected = { HashAlgorithm::Sha512, QByteArray(64, '\x5a') };
        spec.download.hashes = { HashAlgorithm::Md5 };
        spec.download.headers = { { "Referer", "https://example.com/" } };
        spec.download.password = u"secret"_s;
        spec.download.allowInsecureRedirect = true;
        const QByteArray json = spec.toJson();
        QVERIFY2(!json.contains("secret"), json.constData());
        const auto back = TaskSpec::fromJson(json);
        QVERIFY(back);
        QCOMPARE(back->kind, TaskKind::Download);
        QCOMPARE(back->download.url, QUrl(u"https://user@example.com/a%20b.iso?x=1"_s));
        QCOMPARE(back->download.directory, spec.download.directory);
        QCOMPARE(back->download.fileName, spec.download.fileName);
        QCOMPARE(back->download.connections, 8);
        QCOMPARE(back->download.rateLimit, 123456);
        QCOMPARE(back->download.expected.algorithm, HashAlgorithm::Sha512);
        QCOMPARE(back->download.expected.digest, spec.download.expected.digest);
        QCOMPARE(back->download.hashes, spec.download.hashes);
        QCOMPARE(back->download.headers, spec.download.headers);
        QVERIFY(back->download.password.isEmpty());
        QVERIFY(back->download.allowInsecureRedirect);
    }

    void stepRoundTrips()
    {
        TaskSpec spec;
        spec.kind = TaskKind::Command;
        spec.inputFrom = TaskSpec::Ref::task(7);
        spec.checksumFrom = TaskSpec::Ref::task(9);
        spec.outputFolder = u"/out"_s;
        spec.expected = u"sha256:ab"_s;
        spec.hashes = { HashAlgorithm::Sha1, HashAlgorithm::Blake2b512 };
        spec.program = u"/usr/bin/convert"_s;
        spec.arguments = { u"{file}"_s, u"a; rm -rf ~"_s };
        spec.imageFormat = "webp";
        const auto back = TaskSpec::fromJson(spec.toJson());
        QVERIFY(back);
        QCOMPARE(back->kind, TaskKind::Command);
        QCOMPARE(back->inputFrom.id, TaskId(7));
        QCOMPARE(back->checksumFrom.id, TaskId(9));
        QCOMPARE(back->outputFolder, spec.outputFolder);
        QCOMPARE(back->expected, spec.expected);
        QCOMPARE(back->hashes, spec.hashes);
        QCOMPARE(back->program, spec.program);
        QCOMPARE(back->arguments, spec.arguments);
        QCOMPARE(back->imageFormat, QByteArray("webp"));
    }

    void foreignJsonIsRefused()
    {
        QVERIFY(!TaskSpec::fromJson("not json"));
        QVERIFY(!TaskSpec::fromJson("{\"kind\":\"teleport\"}"));
        QVERIFY(!TaskSpec::fromJson("[]"));
    }

    void kindNamesAreStable()
    {
        for (TaskKind k : { TaskKind::Download, TaskKind::Verify, TaskKind::Extract, TaskKind::Decompress,
                            TaskKind::Thumbnail, TaskKind::Hash, TaskKind::ChecksumList, TaskKind::Command,
                            TaskKind::DeleteFile, TaskKind::Noop }) {
            QCOMPARE(taskKindFromName(taskKindName(k)), std::optional<TaskKind>(k));
        }
        QCOMPARE(taskKindName(TaskKind::ChecksumList), u"checksum-list"_s);
    }

    void fullPipelineShape()
    {
        DownloadRequest request;
        request.url = QUrl(u"https://example.com/x.tar.gz"_s);
        request.directory = u"/d"_s;
        Recipe recipe;
        recipe.verify = true;
        recipe.checksumUrl = QUrl(u"https://example.com/SHA256SUMS"_s);
        recipe.decompress = true;
        recipe.extract = true;
        recipe.deleteArchive = true;
        recipe.thumbnailSize = 128;
        recipe.hashes = { HashAlgorithm::Sha256 };
        recipe.program = u"notify"_s;
        const QList<TaskSpec> batch = buildPipeline(request, recipe);
        QList<TaskKind> kinds;
        for (const TaskSpec &s : batch)
            kinds.append(s.kind);
        QCOMPARE(kinds, (QList<TaskKind>{ TaskKind::Download, TaskKind::Download, TaskKind::Verify, TaskKind::Decompress,
                                           TaskKind::Extract, TaskKind::DeleteFile, TaskKind::Thumbnail, TaskKind::Hash,
                                           TaskKind::Command }));
        QCOMPARE(batch[1].download.url, recipe.checksumUrl);
        QCOMPARE(batch[2].inputFrom.batchIndex, 0);
        QCOMPARE(batch[2].checksumFrom.batchIndex, 1);
        QCOMPARE(batch[2].dependsOn.size(), 2);
        QCOMPARE(batch[3].inputFrom.batchIndex, 2);
        QVERIFY(batch[3].arguments.contains(u"leave-tarballs"_s));  // the extraction opens tarballs
        QCOMPARE(batch[4].inputFrom.batchIndex, 3);
        // The archive is deleted after the extraction, and it is the file the extraction read.
        QCOMPARE(batch[5].dependsOn.constFirst().batchIndex, 4);
        QCOMPARE(batch[5].inputFrom.batchIndex, 3);
        for (int i : { 6, 7, 8 })
            QCOMPARE(batch[i].inputFrom.batchIndex, 4);  // of what was extracted
        QCOMPARE(batch[6].thumbnailSize, 128);
    }

    void expectedDigestVerifiesWhileDownloading()
    {
        DownloadRequest request;
        request.url = QUrl(u"https://example.com/x.iso"_s);
        request.directory = u"/d"_s;
        request.expected = { HashAlgorithm::Sha256, QByteArray(32, '\x01') };
        Recipe recipe;
        recipe.verify = true;
        recipe.checksumUrl = QUrl(u"https://example.com/SHA256SUMS"_s);  // not needed: a digest was given
        const QList<TaskSpec> batch = buildPipeline(request, recipe);
        QCOMPARE(batch.size(), 2);
        QCOMPARE(batch[1].kind, TaskKind::Verify);
        QCOMPARE(batch[1].expected, u"sha256:"_s + QString(u"01"_s).repeated(32));
    }

    void splitArchiveWaitsForEveryPart()
    {
        QList<DownloadRequest> parts;
        for (int i = 1; i <= 3; ++i) {
            DownloadRequest part;
            part.url = QUrl(u"https://example.com/x.7z.00%1"_s.arg(i));
            part.directory = u"/d"_s;
            parts.append(part);
        }
        Recipe recipe;
        recipe.verify = true;  // per part, while downloading: no verify task
        recipe.extract = true;
        recipe.deleteArchive = true;
        const QList<TaskSpec> batch = buildSplitArchivePipeline(parts, recipe);
        QCOMPARE(batch.size(), 5);
        const TaskSpec &extract = batch[3];
        QCOMPARE(extract.kind, TaskKind::Extract);
        QCOMPARE(extract.inputFrom.batchIndex, 0);
        QCOMPARE(extract.moreParts.size(), 2);
        QCOMPARE(extract.moreParts[1].batchIndex, 2);
        QCOMPARE(extract.dependsOn.size(), 3);
        QCOMPARE(batch[4].kind, TaskKind::DeleteFile);
        QCOMPARE(batch[4].moreParts.size(), 2);

        TaskSpec stored = extract;
        stored.moreParts = { TaskSpec::Ref::task(11), TaskSpec::Ref::task(12) };
        const auto back = TaskSpec::fromJson(stored.toJson());
        QVERIFY(back);
        QCOMPARE(back->moreParts.size(), 2);
        QCOMPARE(back->moreParts[1].id, TaskId(12));
    }

    void localPipelineStartsFromThePath()
    {
        Recipe recipe;
        recipe.extract = true;
        recipe.hashes = { HashAlgorithm::Md5 };
        const QList<TaskSpec> batch = buildLocalPipeline(u"/in/a.zip"_s, recipe);
        QCOMPARE(batch.size(), 2);
        QCOMPARE(batch[0].inputPath, u"/in/a.zip"_s);
        QVERIFY(!batch[0].inputFrom.isSet());
        QCOMPARE(batch[1].inputFrom.batchIndex, 0);
        QVERIFY(batch[1].inputPath.isEmpty());
        QVERIFY(Recipe().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTaskSpec)
#include "tst_taskspec.moc"
